package provider

// What every resource's ModifyPlan needs from its request, whatever it manages.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// planAndState reads a ModifyPlan request's plan and prior state into models of type M. plan is
// nil for a destroy, state nil for a create.
func planAndState[M any](ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) (plan, state *M) {
	if !req.Plan.Raw.IsNull() {
		plan = new(M)
		diags.Append(getModel(ctx, req.Plan.Raw, req.Plan.Schema, plan, req.Plan.Get)...)
	}
	if !req.State.Raw.IsNull() {
		state = new(M)
		diags.Append(stateGet(ctx, req.State, state)...)
		refuseUnrefreshedMove(req.State, diags)
	}
	return plan, state
}

// planDefaultRegion fills an unset region attribute (an image's or a share's region, a copy's
// source_region) with the provider's, so that the plan shows where the object will live and a
// change of the provider's region is planned as a replacement (replaceOnceDefaulted). It is done
// here, not in an attribute plan modifier, because the framework builds schemas on resource
// instances that are never configured.
func planDefaultRegion(ctx context.Context, pd *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, attr string, region *types.String) {
	if pd == nil || req.Plan.Raw.IsNull() {
		return
	}
	if configured, ok := rawAttribute(req.Config.Raw, attr); !ok || !configured.IsNull() {
		return
	}
	*region = types.StringValue(pd.region)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), *region)...)
}

// refuseUnrefreshedMove fails the plan of a resource moved in but not refreshed (a plan with
// -refresh=false): its region is still null, and planning from it would replace the image.
func refuseUnrefreshedMove(state tfsdk.State, diags *diag.Diagnostics) {
	if region, ok := rawAttribute(state.Raw, "region"); ok && region.IsNull() {
		diags.AddError("Moved Resource Not Refreshed",
			"This resource was just moved in from the tencentcloud provider, and only a refresh finds its image's region. "+
				"Plan without -refresh=false to complete the move.")
	}
}
