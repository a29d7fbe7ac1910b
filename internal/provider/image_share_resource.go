package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
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
	_ resource.ResourceWithImportState = (*imageShareResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*imageShareResource)(nil)
	_ resource.ResourceWithMoveState   = (*imageShareResource)(nil)
)

// defaultShareTimeout bounds a share change, including the wait for a new image to become NORMAL
// (only a NORMAL image can be shared).
const defaultShareTimeout = 30 * time.Minute

// NewImageShareResource is the factory of cvmimage_image_share.
func NewImageShareResource() resource.Resource { return &imageShareResource{} }

type imageShareResource struct {
	pd *providerData
}

type imageShareResourceModel struct {
	ID         types.String   `tfsdk:"id"`
	Region     types.String   `tfsdk:"region"`
	ImageID    types.String   `tfsdk:"image_id"`
	AccountIDs types.Set      `tfsdk:"account_ids"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (r *imageShareResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_image_share"
}

func (r *imageShareResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The **complete** set of accounts a custom image is shared with (`ModifyImageSharePermission`). " +
			"It is authoritative: a share made outside Terraform (in the console, or by `cvmimage_image_share_account`) shows " +
			"as drift and the next apply cancels it. Do not use it together with `cvmimage_image_share_account` on one image. " +
			"The plan fails, before anything is shared, when the image cannot be shared (not the account's own custom image, " +
			"BYOL, encrypted), when an account is the image's owner, or when the accounts already shared plus those the plan " +
			"adds exceed the provider's `share_account_limit`. Destroying it cancels the shares it holds. It records on the " +
			"image (tags `cvmimage:shares:N`, never shown in `tags`) that the image's shares are managed, so an image and its " +
			"shares can be destroyed in one `terraform destroy`, removed from the configuration together, or the image " +
			"replaced, in one apply. Import with `REGION/IMAGE_ID`; the next apply records the import on the image.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`REGION/IMAGE_ID`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"region":   shareRegionAttribute(),
			"image_id": shareImageIDAttribute(),
			"account_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The root account IDs (numeric strings) the image is shared with, and no others. Changed in place: " +
					"added accounts are shared, removed ones cancelled. A single set larger than the provider's " +
					"`share_account_limit` fails the plan without an API call.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(accountIDValidator())},
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *imageShareResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *imageShareResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan imageShareResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if createShares(ctx, r.pd, plan.subject(), resp.Private, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(plan.Region.ValueString() + "/" + plan.ImageID.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *imageShareResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state imageShareResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !resolveMovedShare(ctx, r.pd, &state, &resp.Diagnostics) {
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
	}
	set, d := types.SetValueFrom(ctx, types.StringType, shared)
	resp.Diagnostics.Append(d...)
	state.AccountIDs = set
	state.ID = types.StringValue(region + "/" + imageID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *imageShareResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state imageShareResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Update, defaultShareTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	want, had := setStrings(plan.AccountIDs), setStrings(state.AccountIDs)
	region, imageID := state.Region.ValueString(), state.ImageID.ValueString()
	add, remove := setDifference(want, had), setDifference(had, want)
	// Cancel first: an update that swaps accounts at the limit would otherwise overshoot it.
	shareAccounts(ctx, r.pd, &resp.Diagnostics, region, imageID, imageapi.PermissionCancel, remove, path.Root("account_ids"))
	if resp.Diagnostics.HasError() {
		return
	}
	shareAccounts(ctx, r.pd, &resp.Diagnostics, region, imageID, imageapi.PermissionShare, add, path.Root("account_ids"))
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.subject().mark(ctx, r.pd, resp.Private, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(region + "/" + imageID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *imageShareResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state imageShareResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteShares(ctx, r.pd, state.subject(), &resp.Diagnostics)
}

func (r *imageShareResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, imageID, err := parseImageImportID(req.ID, r.pd)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), region+"/"+imageID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("image_id"), imageID)...)
}

func (r *imageShareResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state := planAndState[imageShareResourceModel](ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || r.pd == nil {
		return
	}
	if plan != nil {
		planDefaultRegion(ctx, r.pd, req, resp, "region", &plan.Region)
	}
	planShareResource(ctx, r.pd, req, resp, plan.subject(), state.subject())
}

// MoveState takes the resource over from the official tencentcloud provider (move_state.go).
func (r *imageShareResource) MoveState(context.Context) []resource.StateMover {
	return imageShareMovers()
}
