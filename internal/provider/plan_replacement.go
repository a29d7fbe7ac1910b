package provider

// How a plan decides that an image resource is replaced: create-only inputs (the source an image
// is made from) replace it through their schema plan modifiers, so the plan always says what the
// apply does; the one exception is an imported image, whose source the API cannot report.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// sourceUnknownKey marks, in a resource's private state, an image brought in by `terraform import`:
// the API does not report what an image was made from, so its create-only inputs are null in the
// imported state. The first apply after the import records the configured inputs without replacing
// the image, and clears the mark; from then on, changing an input replaces the image.
const sourceUnknownKey = "source_unknown"

// privateGetter is the private state of a plan-modifier request.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

const replaceUnlessImportedDescription = "Changing it replaces the image (except on the first apply after an import, which records it)."

// sourceIsUnknown says whether the private state carries sourceUnknownKey.
func sourceIsUnknown(ctx context.Context, private privateGetter, diags *diag.Diagnostics) bool {
	if private == nil {
		return false
	}
	v, d := private.GetKey(ctx, sourceUnknownKey)
	diags.Append(d...)
	return len(v) > 0
}

// replaceString, replaceList and replaceBool are the create-only inputs' plan modifiers.
func replaceString() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !sourceIsUnknown(ctx, req.Private, &resp.Diagnostics)
	}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

func replaceList() planmodifier.List {
	return listplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !sourceIsUnknown(ctx, req.Private, &resp.Diagnostics)
	}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

func replaceBool() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !sourceIsUnknown(ctx, req.Private, &resp.Diagnostics)
	}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

// createOnlyInput is an argument that only matters when the image is made, with its prior and
// planned values. Its schema plan modifier (replaceString, replaceList, replaceBool) makes the plan
// replace the image; ModifyPlan, which does not see what the modifiers decided, is told through
// these which changes replace it.
type createOnlyInput struct {
	prior, planned attr.Value
}

// planReplacement adds a changed region to the replacements, and says whether the plan replaces
// the image: the region or a create-only input changed, and the image's source is known.
func planReplacement(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan, state *imageModel, inputs ...createOnlyInput) bool {
	replace := !plan.NamePrefix.Equal(state.NamePrefix)
	if !plan.Region.Equal(state.Region) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("region"))
		replace = true
	}
	for _, in := range inputs {
		if !in.prior.Equal(in.planned) && !sourceIsUnknown(ctx, req.Private, &resp.Diagnostics) {
			replace = true
		}
	}
	return replace
}

// warnFixedNameReplacement tells a plan that replaces an image under the same name what
// create_before_destroy would do with it. Terraform does not tell a provider whether a resource
// has create_before_destroy, so this cannot fail the plan; the apply then stops before it changes
// anything, with the same advice.
func warnFixedNameReplacement(diags *diag.Diagnostics, c imageCreation, holder string) {
	region, name := c.region, c.name
	diags.AddAttributeWarning(path.Root("name"), "Replacement Keeps The Image Name",
		fmt.Sprintf("Image %s in %s, which this provider made, holds the name %q that this plan gives a new image: most likely "+
			"the image this resource replaces. Image names are unique within a region, so this works only when the old image is "+
			"destroyed first (Terraform's default). With lifecycle { create_before_destroy = true } the new image cannot be made "+
			"while the old one holds the name, and the apply stops before making it: use name_prefix instead of name, so that old "+
			"and new images can exist side by side. If %s belongs to another resource, give one of them another name; if no "+
			"state holds it (after terraform state rm, or made in another workspace), import it instead: terraform import ADDRESS %s.",
			holder, region, name, holder, fmt.Sprintf(c.importHint, region, holder)))
}

// requireSource fails the plan of a new image whose source inputs are not set. They are optional in
// the schema only because an imported image's source is unknown (and the configuration Terraform
// generates for it leaves them out); a new image needs them. With all, every input is needed;
// otherwise one of them.
func requireSource(diags *diag.Diagnostics, what string, inputs map[string]attr.Value, all bool) {
	var missing []string
	for name, v := range inputs {
		if v.IsNull() {
			missing = append(missing, name)
		}
	}
	if (all && len(missing) == 0) || (!all && len(missing) < len(inputs)) {
		return
	}
	slices.Sort(missing)
	diags.AddAttributeError(path.Root(missing[0]), "Missing Image Source",
		fmt.Sprintf("A new image needs %s, and this configuration does not set %s. Only an image brought in by "+
			"terraform import may leave its source out, since the API does not report what an image was made from.",
			what, strings.Join(missing, ", ")))
}
