package provider

// The plan of a copy: the copy rules checked against its source, the name, description and family
// it takes from its source shown in the plan, and the update that tags an imported copy's source.

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// planCopyCreate runs the checks of a new copy: the static region rule, then the source's rules, the
// default name and description, and the destination's quota and names.
func planCopyCreate(ctx context.Context, pd *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan *imageCopyResourceModel) {
	srcRegion, dest := plan.SourceRegion, plan.DestinationRegion
	if plan.Encrypt.ValueBool() && !srcRegion.IsUnknown() && !dest.IsUnknown() && !srcRegion.Equal(dest) {
		resp.Diagnostics.AddAttributeError(path.Root("destination_region"), "Encrypted Copy Out Of Its Region",
			encryptedOutOfRegionDetail(srcRegion.ValueString(), dest.ValueString()))
		return
	}
	if !pd.limitChecksOn() || dest.IsUnknown() {
		return
	}
	if plan.SourceImageID.IsUnknown() && !plan.Encrypt.IsUnknown() && !plan.Encrypt.ValueBool() && srcRegion.Equal(dest) {
		pd.reportLimit(&resp.Diagnostics, path.Root("destination_region"), "Copy Into The Source Region",
			fmt.Sprintf("The source image's ID is not known until the apply, so this plan makes it: a custom image of this account "+
				"in %s, and a custom image can only be copied to other regions (InvalidParameterValue.InvalidRegion). Choose another "+
				"destination_region, or set encrypt = true for an encrypted copy beside it.", dest.ValueString()))
		return
	}
	var src *imageapi.Image
	if !plan.SourceImageID.IsUnknown() && !srcRegion.IsUnknown() && !plan.Encrypt.IsUnknown() {
		srcID := plan.SourceImageID.ValueString()
		var err error
		src, err = pd.ledger.sourceImage(ctx, srcRegion.ValueString(), srcID)
		switch {
		case errors.Is(err, imageapi.ErrNotFound):
			pd.reportLimit(&resp.Diagnostics, path.Root("source_image_id"), "Source Image Not Found",
				fmt.Sprintf("Image %s is not in %s (or this account cannot see it), so it cannot be copied. Check source_image_id and source_region.",
					srcID, srcRegion.ValueString()))
			return
		case err != nil:
			pd.reportCheckFailure(&resp.Diagnostics, "source image "+srcID, srcRegion.ValueString(), err)
		default:
			if rf := copyRefusalFor(src, srcRegion.ValueString(), dest.ValueString(), plan.Encrypt.ValueBool()); rf != nil {
				pd.reportLimit(&resp.Diagnostics, rf.attr, rf.summary, rf.detail)
				return
			}
			planCopyDefaults(ctx, req, resp, plan, src)
		}
	}
	checkImageCreate(ctx, pd, &resp.Diagnostics, plan.creation(ctx), !plan.Name.IsUnknown())
}

// planCopyDefaults shows the copy's name, description and family in the plan when the configuration
// leaves them to the source.
func planCopyDefaults(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan *imageCopyResourceModel, src *imageapi.Image) {
	var name, description, family types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("description"), &description)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("family"), &family)...)
	if name.IsNull() && plan.NamePrefix.IsNull() {
		plan.Name = types.StringValue(defaultCopyName(src, plan.Encrypt.ValueBool()))
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("name"), plan.Name)...)
	}
	if description.IsNull() {
		plan.Description = types.StringValue(src.ImageDescription)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("description"), plan.Description)...)
	}
	if family.IsNull() {
		plan.Family = types.StringValue(src.ImageFamily)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("family"), plan.Family)...)
	}
}

// planCopySourceTag plans an update of a copy imported without its source tag, so that the apply
// writes it: its id is planned unknown, which is all the update changes.
func planCopySourceTag(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	untagged, d := req.Private.GetKey(ctx, copySourceUntaggedKey)
	resp.Diagnostics.Append(d...)
	if untagged != nil && !d.HasError() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
	}
}
