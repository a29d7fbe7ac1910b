package provider

// The plan of both share resources: one ModifyPlan for both, the sharing rules and the plan-wide
// share count checked at plan, and the update that marks an imported share on its image.

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// planShareResource is the ModifyPlan of both share resources, once their model is read (plan nil
// for a destroy, state nil for a create) and an unset region planned.
func planShareResource(ctx context.Context, pd *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan, state *shareSubject) {
	if plan == nil || planReplaces(ctx, req, resp) {
		// Recorded so that destroying the image in the same plan does not count these shares. A
		// replacement's create is planned again with no prior state, and checked then.
		pd.ledger.planUnshare(state.region.ValueString(), state.imageID.ValueString(), state.accounts)
		return
	}
	if state != nil {
		planShareMark(ctx, req, resp)
	}
	if !plan.accountsKnown || plan.region.IsUnknown() || slices.Contains(plan.accounts, "") {
		return // an account is not known yet
	}
	var had []string
	if state != nil {
		had = state.accounts
	}
	checkShareChange(ctx, pd, &resp.Diagnostics, shareChange{
		region: plan.region.ValueString(), imageID: plan.imageID.ValueString(), imageKnown: !plan.imageID.IsUnknown(),
		add: plan.accounts, cancel: setDifference(had, plan.accounts), accountsAttr: plan.accountsAttr, authoritative: plan.authoritative,
	})
}

// shareChange is what one share resource's plan does to an image's shares.
type shareChange struct {
	region, imageID string
	// imageKnown is false while the image is made in the same plan.
	imageKnown bool
	// add holds the accounts the resource shares or keeps; cancel those it stops sharing with.
	add, cancel  []string
	accountsAttr path.Path
	// authoritative is set for cvmimage_image_share, which owns the image's whole share list.
	authoritative bool
}

// checkShareChange runs the plan-time checks of a share resource that creates or updates shares:
// the count limit without any API call, then the image's rules and the plan-wide count.
func checkShareChange(ctx context.Context, pd *providerData, diags *diag.Diagnostics, c shareChange) {
	if pd == nil || pd.destroying {
		return
	}
	if len(c.add) > pd.shareAccountLimit {
		pd.reportLimit(diags, c.accountsAttr, "Share Account Limit Exceeded",
			fmt.Sprintf("This resource shares an image with %d accounts, but one image can be shared with at most %d "+
				"(share_account_limit), so sharing would fail with OverQuota. Share with fewer accounts, or raise "+
				"share_account_limit in the provider block if Tencent Cloud has raised yours.", len(c.add), pd.shareAccountLimit))
		return
	}
	if !pd.limitChecksOn() || !c.imageKnown {
		return
	}
	img, encrypted, err := shareTarget(ctx, pd, c.region, c.imageID)
	switch {
	case err != nil:
		pd.reportCheckFailure(diags, "image "+c.imageID, c.region, err)
		return
	case img == nil:
		pd.reportLimit(diags, path.Root("image_id"), "Image Not Found",
			fmt.Sprintf("Image %s is not in %s (or this account cannot see it), so it cannot be shared. Check image_id and region.", c.imageID, c.region))
		return
	}
	if r := shareRefusalFor(img, encrypted, c.region, c.add, c.accountsAttr); r != nil {
		pd.reportLimit(diags, r.attr, r.summary, r.detail)
		return
	}
	use, err := pd.ledger.planShares(ctx, c.region, c.imageID, c.add, c.cancel, c.authoritative, pd.shareAccountLimit)
	if err != nil {
		pd.reportCheckFailure(diags, "the accounts image "+c.imageID+" is shared with", c.region, err)
		return
	}
	if use.Mixed {
		pd.reportLimit(diags, c.accountsAttr, "Authoritative And Additive Shares Of One Image",
			fmt.Sprintf("Image %s in %s is shared both by a cvmimage_image_share, which owns the image's whole share list and cancels "+
				"every account it does not list, and by cvmimage_image_share_account resources, which add accounts one by one: each "+
				"apply would undo the other, and removing one would cancel access the other still grants. Use one kind per image: "+
				"list every account in the cvmimage_image_share, or use only cvmimage_image_share_account.", c.imageID, c.region))
		return
	}
	if use.total() > use.Limit && use.Mine > 0 {
		pd.reportLimit(diags, c.accountsAttr, "Share Account Limit Exceeded", shareLimitDetail(use))
	}
}

// planShareMark plans an update of a share resource that is not marked on its image yet, so that
// the apply marks it: its id is planned unknown, which is all the update changes.
func planShareMark(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	marked, d := req.Private.GetKey(ctx, shareMarkedKey)
	resp.Diagnostics.Append(d...)
	if marked == nil && !d.HasError() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
	}
}
