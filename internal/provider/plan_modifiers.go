package provider

// Attribute plan modifiers of the provider's own, besides replaceModifier (plan_replacement.go).

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// deleteSnapshotsDefault makes delete_snapshots default to whether the image is made from an
// instance: those snapshots exist only for the image, while snapshots the user named are theirs.
type deleteSnapshotsDefault struct{}

func (deleteSnapshotsDefault) Description(context.Context) string {
	return "Defaults to true when instance_id is set, false otherwise."
}

func (m deleteSnapshotsDefault) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (deleteSnapshotsDefault) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if instanceID, ok := rawAttribute(req.Config.Raw, "instance_id"); ok {
		resp.PlanValue = types.BoolValue(!instanceID.IsNull())
		return
	}
	var instanceID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("instance_id"), &instanceID)...)
	resp.PlanValue = types.BoolValue(!instanceID.IsNull())
}
