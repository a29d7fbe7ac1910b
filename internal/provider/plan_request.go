package provider

// What every resource's ModifyPlan needs from its request, whatever it manages.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

// planDefaultRegion is planRegion for any region attribute: the shares' region, a copy's source_region.
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
