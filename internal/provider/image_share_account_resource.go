package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var (
	_ resource.ResourceWithImportState = (*imageShareAccountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*imageShareAccountResource)(nil)
	_ resource.ResourceWithMoveState   = (*imageShareAccountResource)(nil)
)

// shareAccountImportIDFormat is the import ID of cvmimage_image_share_account, quoted in its error.
const shareAccountImportIDFormat = "REGION/IMAGE_ID/ACCOUNT_ID (e.g. ap-guangzhou/img-abcd1234/100000000002)"

// NewImageShareAccountResource is the factory of cvmimage_image_share_account.
func NewImageShareAccountResource() resource.Resource { return &imageShareAccountResource{} }

type imageShareAccountResource struct {
	pd *providerData
}

type imageShareAccountResourceModel struct {
	ID        types.String   `tfsdk:"id"`
	Region    types.String   `tfsdk:"region"`
	ImageID   types.String   `tfsdk:"image_id"`
	AccountID types.String   `tfsdk:"account_id"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (r *imageShareAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_image_share_account"
}

func (r *imageShareAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Shares a custom image with **one** account (`ModifyImageSharePermission`). It is additive: it " +
			"never touches the image's shares with other accounts, so several of these, or other tools, can share one image. " +
			"Do not use it together with the authoritative `cvmimage_image_share` on one image: each would undo the other. " +
			"The same plan-time checks as `cvmimage_image_share` apply, counting every share resource of the plan. " +
			"It records its account on the image (tags `cvmimage:shares:N`, never shown in `tags`), so an image and its " +
			"shares can be removed from the configuration together, or the image replaced, in one apply, while a share " +
			"made in the console still fails that plan. Import with `REGION/IMAGE_ID/ACCOUNT_ID`; the next apply records " +
			"the import on the image.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`REGION/IMAGE_ID/ACCOUNT_ID`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"region":   shareRegionAttribute(),
			"image_id": shareImageIDAttribute(),
			"account_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The root account ID (a numeric string) to share the image with. Changing it replaces the resource.",
				Validators:          []validator.String{accountIDValidator()},
				PlanModifiers:       []planmodifier.String{replaceOnChange()},
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}

func (r *imageShareAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *imageShareAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan imageShareAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if createShares(ctx, r.pd, plan.subject(), resp.Private, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(plan.Region.ValueString() + "/" + plan.ImageID.ValueString() + "/" + plan.AccountID.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *imageShareAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state imageShareAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region, imageID := state.Region.ValueString(), state.ImageID.ValueString()
	shared, err := sharedAccounts(ctx, r.pd, region, imageID)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addShareReadError(&resp.Diagnostics, region, imageID, err)
		return
	case !slices.Contains(shared, state.AccountID.ValueString()):
		resp.State.RemoveResource(ctx)
		return
	}
	state.ID = types.StringValue(region + "/" + imageID + "/" + state.AccountID.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes timeouts, and marks the share on its image if it is not marked yet (after an
// import): every other argument replaces the resource.
func (r *imageShareAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan imageShareAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region, imageID, account := plan.Region.ValueString(), plan.ImageID.ValueString(), plan.AccountID.ValueString()
	if plan.subject().mark(ctx, r.pd, resp.Private, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(region + "/" + imageID + "/" + account)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *imageShareAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state imageShareAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteShares(ctx, r.pd, state.subject(), &resp.Diagnostics)
}

func (r *imageShareAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) != 3 || !isKnownRegion(parts[0]) || !imageIDPattern.MatchString(parts[1]) || !accountIDPattern.MatchString(parts[2]) {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("%q is not a share import ID: expected %s", req.ID, shareAccountImportIDFormat))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("image_id"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), parts[2])...)
}

func (r *imageShareAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state := planAndState[imageShareAccountResourceModel](ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || r.pd == nil {
		return
	}
	if plan != nil {
		planDefaultRegion(ctx, r.pd, req, resp, "region", &plan.Region)
	}
	planShareResource(ctx, r.pd, req, resp, plan.subject(), state.subject())
}

// MoveState refuses moves in, saying which resource to move to instead (move_state.go).
func (r *imageShareAccountResource) MoveState(context.Context) []resource.StateMover {
	return imageShareAccountMovers()
}
