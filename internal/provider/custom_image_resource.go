package provider

import (
	"context"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var (
	_ resource.ResourceWithImportState      = (*customImageResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*customImageResource)(nil)
	_ resource.ResourceWithConfigValidators = (*customImageResource)(nil)
	_ resource.ResourceWithMoveState        = (*customImageResource)(nil)
)

// defaultCustomImageCreateTimeout bounds CreateImage's CREATING phase, which copies whole disks.
const defaultCustomImageCreateTimeout = 30 * time.Minute

// NewCustomImageResource is the factory of cvmimage_custom_image.
func NewCustomImageResource() resource.Resource { return &customImageResource{} }

type customImageResource struct {
	pd *providerData
}

type customImageResourceModel struct {
	imageModel
	InstanceID    types.String `tfsdk:"instance_id"`
	DataDiskIDs   types.List   `tfsdk:"data_disk_ids"`
	ForcePoweroff types.Bool   `tfsdk:"force_poweroff"`
	Sysprep       types.Bool   `tfsdk:"sysprep"`
	SnapshotIDs   types.List   `tfsdk:"snapshot_ids"`
}

func (r *customImageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_custom_image"
}

func (r *customImageResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := imageSchemaAttributes(ctx)
	attrs["instance_id"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The instance to image (`ins-` and 8 characters); exactly one of `instance_id` and `snapshot_ids` for a new image " +
			"(an imported image may have neither: the API does not report its source). Changing it replaces the image.",
		Validators:    []validator.String{stringvalidator.RegexMatches(instanceIDPattern, "must be an instance ID: ins- and 8 of [a-z0-9]")},
		PlanModifiers: []planmodifier.String{replaceUnlessImported()},
	}
	attrs["data_disk_ids"] = schema.ListAttribute{
		Optional:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "Data disks of `instance_id` to include (`disk-` and 8 characters). Only with `instance_id`. Changing it replaces the image.",
		Validators: []validator.List{
			listvalidator.AlsoRequires(path.MatchRoot("instance_id")),
			listvalidator.UniqueValues(),
			listvalidator.ValueStringsAre(stringvalidator.RegexMatches(diskIDPattern, "must be a disk ID: disk- and 8 of [a-z0-9]")),
		},
		PlanModifiers: []planmodifier.List{replaceUnlessImported()},
	}
	attrs["force_poweroff"] = schema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Power the instance off if it does not shut down in time. Only with `instance_id`. Changing it replaces the image.",
		Validators:          []validator.Bool{boolvalidator.AlsoRequires(path.MatchRoot("instance_id"))},
		PlanModifiers:       []planmodifier.Bool{replaceUnlessImported()},
	}
	attrs["sysprep"] = schema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Run Sysprep on a Windows instance before imaging it. Only with `instance_id`. Changing it replaces the image.",
		Validators:          []validator.Bool{boolvalidator.AlsoRequires(path.MatchRoot("instance_id"))},
		PlanModifiers:       []planmodifier.Bool{replaceUnlessImported()},
	}
	attrs["snapshot_ids"] = schema.ListAttribute{
		Optional:    true,
		ElementType: types.StringType,
		MarkdownDescription: "The snapshots to make the image from (`snap-` and 8 characters): exactly one system-disk snapshot, " +
			"optionally with data-disk snapshots; exactly one of `instance_id` and `snapshot_ids`. Changing it replaces the image.",
		Validators: []validator.List{
			listvalidator.SizeAtLeast(1),
			listvalidator.UniqueValues(),
			listvalidator.ValueStringsAre(stringvalidator.RegexMatches(snapshotIDPattern, "must be a snapshot ID: snap- and 8 of [a-z0-9]")),
		},
		PlanModifiers: []planmodifier.List{replaceUnlessImported()},
	}
	attrs["architecture"] = stableComputedString("The processor architecture: `x86_64`, `i386` or `arm`.")
	attrs["license_type"] = stableComputedString("`TencentCloud` or `BYOL` (bring your own licence).")
	attrs["delete_snapshots"] = schema.BoolAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "Whether destroying the image also deletes its snapshots. Defaults to true for an image made from an " +
			"instance (its snapshots exist only for the image) and false for one made from your own snapshots.",
		PlanModifiers: []planmodifier.Bool{deleteSnapshotsDefault{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom image made from a CVM instance or from disk snapshots (`CreateImage`). " +
			"The plan fails, before anything is made, when the region's custom-image quota cannot hold it or its name is taken. " +
			"Import with `REGION/IMAGE_ID` or a bare `IMAGE_ID` in the provider's region; only the account's own custom images import.",
		Attributes: attrs,
	}
}

func (r *customImageResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *customImageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan customImageResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	in := imageapi.CreateImageRequest{
		InstanceId:       plan.InstanceID.ValueString(),
		ImageDescription: plan.Description.ValueString(),
		ForcePoweroff:    plan.ForcePoweroff.ValueBool(),
		Sysprep:          plan.Sysprep.ValueBool(),
		DataDiskIds:      stringList(ctx, plan.DataDiskIDs, &resp.Diagnostics),
		SnapshotIds:      stringList(ctx, plan.SnapshotIDs, &resp.Diagnostics),
		ImageFamily:      plan.Family.ValueString(),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	createOwnedImage(ctx, r.pd, &plan, defaultCustomImageCreateTimeout, imageMaker{make: func(ctx context.Context, c imageCreation) (string, error) {
		in.ImageName, in.TagSpecification = plan.Name.ValueString(), plan.tagSpecification(ctx, c, &resp.Diagnostics)
		return r.pd.client.CreateImage(ctx, c.region, in)
	}}, "Image", func() { resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...) }, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *customImageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state customImageResourceModel
	resp.Diagnostics.Append(stateGet(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !readImage(ctx, r.pd, &state.imageModel, &resp.Diagnostics) {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(stateSet(ctx, &resp.State, &state)...)
}

func (r *customImageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state customImageResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updateOwnedImage(ctx, r.pd, &plan, &state, "Image", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, sourceUnknownKey, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *customImageResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state customImageResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteOwnedImage(ctx, r.pd, &state, &resp.Diagnostics)
}

func (r *customImageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importImage(ctx, r.pd, req, resp, types.BoolNull())
}

func (r *customImageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state := planAndState[customImageResourceModel](ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan != nil {
		planDefaultRegion(ctx, r.pd, req, resp, "region", &plan.Region)
	}
	planImage(ctx, r.pd, plan.owned(), state.owned(), planReplaces(ctx, req, resp), func() {
		requireSource(&resp.Diagnostics, "instance_id or snapshot_ids", map[string]attr.Value{"instance_id": plan.InstanceID, "snapshot_ids": plan.SnapshotIDs}, false)
		if !plan.Region.IsUnknown() {
			checkImageCreate(ctx, r.pd, &resp.Diagnostics, plan.creation(ctx), !plan.Name.IsUnknown())
		}
		checkImageSource(ctx, r.pd, &resp.Diagnostics, plan.source(ctx, &resp.Diagnostics))
	}, &resp.Diagnostics)
}

func (r *customImageResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		// Not ExactlyOneOf: an imported image's source is unknown, and the configuration Terraform
		// generates for it sets neither. A new image without a source fails its plan (requireSource).
		conflicting("instance_id", "snapshot_ids"),
		atLeastOneOf("name", "name_prefix"),
	}
}

// MoveState takes the resource over from the official tencentcloud provider (move_state.go).
func (r *customImageResource) MoveState(context.Context) []resource.StateMover {
	return customImageMovers()
}

// source is what the planned image is made from.
func (m *customImageResourceModel) source(ctx context.Context, diags *diag.Diagnostics) imageSource {
	s := imageSource{region: m.Region.ValueString(), instanceID: m.InstanceID.ValueString(),
		dataDiskIDs: stringList(ctx, m.DataDiskIDs, diags), snapshotIDs: stringList(ctx, m.SnapshotIDs, diags)}
	s.known = !m.Region.IsUnknown() && !m.InstanceID.IsUnknown() && !m.DataDiskIDs.IsUnknown() && !m.SnapshotIDs.IsUnknown() &&
		!slices.Contains(s.dataDiskIDs, "") && !slices.Contains(s.snapshotIDs, "")
	return s
}

// owned is the model as the shared image steps see it; nil for a create's state or a destroy's plan.
func (m *customImageResourceModel) owned() ownedImage {
	if m == nil {
		return nil
	}
	return m
}

// creation identifies the image the plan makes from this configuration (create_token.go).
func (m *customImageResourceModel) creation(ctx context.Context) imageCreation {
	source := "snapshot_ids " + m.SnapshotIDs.String()
	if !m.InstanceID.IsNull() {
		source = "instance_id " + m.InstanceID.String()
	}
	return newImageCreation(ctx, "custom_image", m.Region, m.Name, m.NamePrefix, source,
		m.InstanceID, m.DataDiskIDs, m.SnapshotIDs)
}
