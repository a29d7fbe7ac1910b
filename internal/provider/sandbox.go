package provider

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// sandboxTimings keep a sandbox demo snappy while still showing the CREATING and IMPORTING states.
var sandboxTimings = cvmsim.Timings{Create: 3 * time.Second, Import: 5 * time.Second, Copy: 4 * time.Second}

// Polling in the sandbox matches its short timings; the cloud's defaults would idle for seconds.
const (
	sandboxPollMin = 250 * time.Millisecond
	sandboxPollMax = time.Second
)

// configureSandbox points the client at an in-process emulator whose world lives in the file at
// statePath, so that plan and apply, separate processes, see one world. The signed wire path is the
// same as against the cloud; only the transport differs. The environment's credentials are not
// used: they belong to a real account the sandbox does not know. Its region is, as outside the
// sandbox; without one, the sandbox's default region.
func configureSandbox(statePath string, explicit imageapi.Credentials, cfg *imageapi.Config, diags *diag.Diagnostics) (imageapi.Credentials, bool) {
	if fi, err := os.Stat(statePath); err == nil && fi.IsDir() {
		diags.AddAttributeError(path.Root("sandbox"), "Sandbox Path Is A Directory",
			fmt.Sprintf("The sandbox setting names %s, which is a directory; it must name the sandbox's state file, for example %s.",
				statePath, filepath.Join(statePath, "sandbox.json")))
		return imageapi.Credentials{}, false
	}
	sim, err := cvmsim.New(cvmsim.Options{StatePath: statePath, Timings: sandboxTimings})
	if err != nil {
		diags.AddAttributeError(path.Root("sandbox"), "Cannot Open Sandbox",
			fmt.Sprintf("Opening the sandbox state file %s failed: %s. Check that its directory exists and is writable.", statePath, err))
		return imageapi.Credentials{}, false
	}
	cfg.Transport = sim.RoundTripper()
	cfg.PollMin, cfg.PollMax = sandboxPollMin, sandboxPollMax
	creds := explicit
	creds.Source = "the provider block (secret_id, secret_key)"
	if creds.SecretID == "" && creds.SecretKey == "" {
		creds.SecretID, creds.SecretKey, creds.SecurityToken = cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey, ""
		creds.Source = "the sandbox owner's defaults"
	}
	if creds.Region == "" {
		creds.Region = cmp.Or(os.Getenv(imageapi.EnvRegion), cvmsim.DefaultRegion)
	}
	return creds, true
}
