package provider

// How a plan decides that a resource is replaced, for all five resources in one way: the schema
// says which attributes replace the resource when they change (a replaceModifier among their plan
// modifiers), the framework applies it through those modifiers, and ModifyPlan, which is not told
// what the modifiers decided, asks the schema the same question (planReplaces). The one exception
// is an image brought in by import, whose source the API cannot report.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// sourceUnknownKey marks, in a resource's private state, an image brought in by `terraform import`
// (or a move): the API does not report what an image was made from, so its create-only inputs are
// null in the imported state. The first apply after the import records the configured inputs
// without replacing the image, and clears the mark; from then on, changing an input replaces it.
const sourceUnknownKey = "source_unknown"

const replaceUnlessImportedDescription = "Changing it replaces the image (except on the first apply after an import, which records it)."

// replaceWhen says when a change of an attribute replaces its resource.
type replaceWhen int

const (
	// onChange: any change.
	onChange replaceWhen = iota
	// unlessImported: any change, except on the first apply after an import (sourceUnknownKey).
	unlessImported
	// onceDefaulted: any change of the value ModifyPlan plans, which fills an unset region
	// from the provider's; before that the framework plans it unknown, which is no change.
	onceDefaulted
)

// replaceModifier is the plan modifier of every attribute whose change replaces its resource.
type replaceModifier struct{ when replaceWhen }

func replaceOnChange() replaceModifier       { return replaceModifier{onChange} }
func replaceUnlessImported() replaceModifier { return replaceModifier{unlessImported} }
func replaceOnceDefaulted() replaceModifier  { return replaceModifier{onceDefaulted} }

func (m replaceModifier) Description(context.Context) string {
	switch m.when {
	case unlessImported:
		return replaceUnlessImportedDescription
	case onceDefaulted:
		return "Changing it, or the provider's region while it is unset, replaces the resource."
	}
	return "Changing it replaces the resource."
}

func (m replaceModifier) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m replaceModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = m.replaces(ctx, req.State, req.Plan, req.StateValue.Equal(req.PlanValue), req.Private, &resp.Diagnostics)
}

func (m replaceModifier) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = m.replaces(ctx, req.State, req.Plan, req.StateValue.Equal(req.PlanValue), req.Private, &resp.Diagnostics)
}

func (m replaceModifier) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	resp.RequiresReplace = m.replaces(ctx, req.State, req.Plan, req.StateValue.Equal(req.PlanValue), req.Private, &resp.Diagnostics)
}

// replaces is the modifiers' rule, as the framework's RequiresReplace applies it: no replacement
// for a create or a destroy, or when the value does not change.
func (m replaceModifier) replaces(ctx context.Context, state tfsdk.State, plan tfsdk.Plan, unchanged bool, private privateGetter, diags *diag.Diagnostics) bool {
	if state.Raw.IsNull() || plan.Raw.IsNull() || unchanged || m.when == onceDefaulted {
		return false
	}
	return m.when != unlessImported || !sourceIsUnknown(ctx, private, diags)
}

// planReplaces says whether the plan replaces the resource: an attribute with a replaceModifier
// changed. It adds the attributes only ModifyPlan can judge (onceDefaulted) to the plan's
// replacements. Call it after the plan's defaults are set.
func planReplaces(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	// A refreshing plan of an unchanged resource, every resource's most common plan, costs one comparison.
	if req.State.Raw.IsNull() || resp.Plan.Raw.IsNull() || resp.Plan.Raw.Equal(req.State.Raw) {
		return false
	}
	var prior, planned map[string]tftypes.Value
	if req.State.Raw.As(&prior) != nil || resp.Plan.Raw.As(&planned) != nil {
		return false
	}
	replace := false
	for name, a := range resp.Plan.Schema.GetAttributes() {
		m, ok := replaceModifierOf(a)
		if !ok || planned[name].Equal(prior[name]) {
			continue
		}
		switch m.when {
		case onceDefaulted:
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root(name))
			replace = true
		case unlessImported:
			replace = replace || !sourceIsUnknown(ctx, req.Private, &resp.Diagnostics)
		default:
			replace = true
		}
	}
	return replace
}

// replaceModifierOf finds the replaceModifier among an attribute's plan modifiers.
func replaceModifierOf(a any) (replaceModifier, bool) {
	switch a := a.(type) {
	case schema.StringAttribute:
		return findReplaceModifier(a.PlanModifiers)
	case schema.BoolAttribute:
		return findReplaceModifier(a.PlanModifiers)
	case schema.ListAttribute:
		return findReplaceModifier(a.PlanModifiers)
	}
	return replaceModifier{}, false
}

func findReplaceModifier[M any](modifiers []M) (replaceModifier, bool) {
	for _, m := range modifiers {
		if rm, ok := any(m).(replaceModifier); ok {
			return rm, true
		}
	}
	return replaceModifier{}, false
}

// privateGetter is the private state of a plan request.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// sourceIsUnknown says whether the private state carries sourceUnknownKey.
func sourceIsUnknown(ctx context.Context, private privateGetter, diags *diag.Diagnostics) bool {
	if private == nil {
		return false
	}
	v, d := private.GetKey(ctx, sourceUnknownKey)
	diags.Append(d...)
	return len(v) > 0
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
