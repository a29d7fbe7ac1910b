package provider

// An image's name: set, or made at apply from name_prefix. Names are unique within a region, so a
// fixed name keeps an old and a new image from existing side by side; name_prefix is what lets
// create_before_destroy replace an image.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// API limits on image attributes, in characters.
const (
	maxImageNameLength        = 60
	maxImageDescriptionLength = 256
)

// uniqueSuffixLength is the length of what a name_prefix is followed by: a UTC timestamp to the
// second and 4 random hex digits, so names sort by age and two creates in one second differ.
const uniqueSuffixLength = 14 + 4

// maxNamePrefixLength leaves room for the suffix within the name limit.
const maxNamePrefixLength = maxImageNameLength - uniqueSuffixLength

// nameAttribute is the name of an image resource; description says what it defaults to, if
// anything. It is computed too, because name_prefix can make it.
func nameAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: fmt.Sprintf("The image name, at most %d characters and unique among the account's images in the region. "+
			"The plan fails when another image already holds it. %sConflicts with `name_prefix`. Changed in place.", maxImageNameLength, description),
		Validators: []validator.String{
			stringvalidator.UTF8LengthBetween(1, maxImageNameLength),
			stringvalidator.ConflictsWith(path.MatchRoot("name_prefix")),
		},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// namePrefixAttribute makes the name at apply: the prefix and a unique suffix.
func namePrefixAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Makes a unique name at apply: this prefix (at most %d characters) followed by a UTC timestamp "+
			"and 4 random hex digits. Use it instead of `name` when the resource has `lifecycle { create_before_destroy = true }`: "+
			"the new image can then exist beside the one it replaces. Changing it replaces the image.", maxNamePrefixLength),
		Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, maxNamePrefixLength)},
		PlanModifiers: []planmodifier.String{replaceOnChange()},
	}
}

// resolveName gives a planned image its name at apply: the configured one, or a new one made from
// the prefix.
func resolveName(name *types.String, prefix types.String) {
	if name.IsUnknown() && !prefix.IsNull() && !prefix.IsUnknown() {
		*name = types.StringValue(uniqueName(prefix.ValueString()))
	}
}

// uniqueName is prefix followed by a unique suffix.
func uniqueName(prefix string) string {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return prefix + time.Now().UTC().Format("20060102150405") + hex.EncodeToString(b[:])
}
