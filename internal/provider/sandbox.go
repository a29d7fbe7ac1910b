package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// configureSandbox points the client at an in-process emulator whose world lives in the file at
// path. It is filled in when the emulator lands.
func configureSandbox(path string, explicit imageapi.Credentials, cfg *imageapi.Config, diags *diag.Diagnostics) (imageapi.Credentials, bool) {
	diags.AddError("Sandbox Not Available", "This build has no emulator.")
	return imageapi.Credentials{}, false
}
