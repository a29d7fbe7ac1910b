package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithImportState      = (*imageCopyResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*imageCopyResource)(nil)
	_ resource.ResourceWithConfigValidators = (*imageCopyResource)(nil)
	_ resource.ResourceWithMoveState        = (*imageCopyResource)(nil)
)

// defaultImageCopyCreateTimeout bounds a copy: the wait for the source, then SYNCING, which moves
// whole disks between regions (other tools report copies of over ten minutes).
const defaultImageCopyCreateTimeout = 60 * time.Minute

// SyncImages cannot tag the copy, and the API reports neither a copy's source nor its encryption,
// so the copy records them in tags written with the Tag API right after it appears. Import reads
// them back; a copy without them cannot be imported.
const (
	// copySourceTag holds "SOURCE_REGION/SOURCE_IMAGE_ID".
	copySourceTag = "cvmimage:source"
	// copyEncryptionTag is on encrypted copies only: the KMS key ID, or copyDefaultKMSKey.
	copyEncryptionTag = "cvmimage:kms_key_id"
	copyDefaultKMSKey = "default"
)

// encryptedCopySuffix names an encrypted copy by default: it lands beside its source, whose name
// it may not share (the emulator's SyncImages does the same without ImageName).
const encryptedCopySuffix = "-encrypted"

// NewImageCopyResource is the factory of cvmimage_image_copy.
func NewImageCopyResource() resource.Resource { return &imageCopyResource{} }

type imageCopyResource struct {
	pd *providerData
}

type imageCopyResourceModel struct {
	imageCommon
	SourceImageID     types.String `tfsdk:"source_image_id"`
	SourceRegion      types.String `tfsdk:"source_region"`
	DestinationRegion types.String `tfsdk:"destination_region"`
	Encrypt           types.Bool   `tfsdk:"encrypt"`
	KMSKeyID          types.String `tfsdk:"kms_key_id"`
}

func (m *imageCopyResourceModel) imageRegion() string { return m.DestinationRegion.ValueString() }

// owned is the model as the shared image steps see it; nil for a create's state or a destroy's plan.
func (m *imageCopyResourceModel) owned() ownedImage {
	if m == nil {
		return nil
	}
	return m
}

func (r *imageCopyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_image_copy"
}

func (r *imageCopyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{replaceOnChange()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A copy of a custom image in one destination region (`SyncImages`), managed as an image of its own: " +
			"refreshed, renamed, and deleted on destroy. Fan an image out to many regions with `for_each` over the regions. " +
			"The plan fails, before anything is copied, when the source is missing, not the account's own custom image " +
			"(public, marketplace) or failed; when a custom image would be copied into its own region, a shared image out " +
			"of its region, or an encrypted copy out of the source region; and when the destination's custom-image quota " +
			"cannot hold the copy together with the other images the plan makes there. The copy records its source in the tag " +
			"`" + copySourceTag + " = REGION/IMAGE_ID` (and an encrypted copy its key in `" + copyEncryptionTag + "`), written " +
			"right after it appears, because the API reports neither; import reads them back. " +
			"Import with `DESTINATION_REGION/IMAGE_ID`; only the account's own custom images import. A copy made elsewhere, " +
			"without that tag, imports with `DESTINATION_REGION/IMAGE_ID/SOURCE_REGION/SOURCE_IMAGE_ID`, checked against the " +
			"source (operating system, architecture, size), and the next apply writes the tag.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The copy's image ID in the destination region.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"source_image_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The image to copy: one of the account's custom images, or an image shared with it. Changing it replaces the copy.",
				Validators:          []validator.String{stringvalidator.RegexMatches(imageIDPattern, "must be an image ID: img- and 8 of [a-z0-9]")},
				PlanModifiers:       replace,
			},
			"source_region": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The source image's region. Defaults to the provider's region. Changing it replaces the copy.",
				Validators:          []validator.String{regionValidator()},
				PlanModifiers:       []planmodifier.String{replaceOnceDefaulted()},
			},
			"destination_region": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The region the copy is made in. A custom image is copied to another region; a shared image, " +
					"or an encrypted copy, only within the source region. Changing it replaces the copy.",
				Validators:    []validator.String{regionValidator()},
				PlanModifiers: replace,
			},
			"encrypt": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Make the copy an encrypted image. Only within the source region; an encrypted image cannot be shared. Defaults to false. Changing it replaces the copy.",
				PlanModifiers:       []planmodifier.Bool{replaceOnChange()},
			},
			"kms_key_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The KMS key of an encrypted copy; only with `encrypt = true`. Defaults to the CBS product key. Changing it replaces the copy.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replace,
			},
			"name": nameAttribute(fmt.Sprintf("Defaults to the source's name (with `%s` appended for an encrypted copy, which lands "+
				"beside its source), unless `name_prefix` is set. ", encryptedCopySuffix)),
			"name_prefix": namePrefixAttribute(),
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: fmt.Sprintf("The copy's description, at most %d characters. Defaults to the source's. Changed in place.", maxImageDescriptionLength),
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(maxImageDescriptionLength)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"family": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: familyDescription + " A copy is in its source's family unless this says otherwise. Changed in place.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"tags":                tagsAttribute("Written with the provider's own tags right after the copy appears (`SyncImages` cannot tag)"),
			"deprecated":          deprecatedAttribute("once the copy is `NORMAL`"),
			"deletion_protection": deletionProtectionAttribute("copy"),
			"delete_snapshots": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Whether destroying the copy also deletes its snapshots, which exist only for it. Defaults to true.",
			},
			"force_unshare": forceUnshareAttribute(),
			"state":         schema.StringAttribute{Computed: true, MarkdownDescription: "The copy's state: `SYNCING` while it is copied, then `NORMAL`."},
			"os_name":       stableComputedString("The operating system's name as the API reports it."),
			"architecture":  stableComputedString("The processor architecture: `x86_64`, `i386` or `arm`."),
			"created_time":  stableComputedString("When the copy was made (RFC 3339, UTC)."),
			"size_gb":       sizeAttribute(),
			"timeouts":      timeoutsAttribute(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *imageCopyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *imageCopyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan imageCopyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	createOwnedImage(ctx, r.pd, &plan, defaultImageCopyCreateTimeout, imageMaker{
		prepare: func(ctx context.Context) bool { return prepareCopy(ctx, r.pd, &plan, &resp.Diagnostics) },
		make:    func(ctx context.Context, c imageCreation) (string, error) { return syncImage(ctx, r.pd, &plan) },
		// SyncImages cannot tag: the copy gets its source, key, token, pending mark and the user's
		// tags in one write right after it appears.
		tag: func(ctx context.Context, c imageCreation, id string) error {
			tags := userTagMap(ctx, plan.Tags, &resp.Diagnostics)
			maps.Copy(tags, copyTags(plan.SourceRegion.ValueString(), plan.SourceImageID.ValueString(), plan.Encrypt, plan.KMSKeyID))
			maps.Copy(tags, c.tags())
			return r.pd.client.ModifyImageTags(ctx, c.region, id, tags, nil)
		},
	}, "Image Copy", func() { resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...) }, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *imageCopyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state imageCopyResourceModel
	resp.Diagnostics.Append(stateGet(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	img, exists := readOwnedImage(ctx, r.pd, &state, "Image Copy", &resp.Diagnostics)
	if !exists {
		resp.State.RemoveResource(ctx)
		return
	}
	if img == nil || !readCopySource(img, &state, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(stateSet(ctx, &resp.State, &state)...)
}

func (r *imageCopyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state imageCopyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if updateOwnedImage(ctx, r.pd, &plan, &state, "Image Copy", &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	if tagImportedSource(ctx, r.pd, req, resp, &state); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *imageCopyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state imageCopyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteOwnedImage(ctx, r.pd, &state, &resp.Diagnostics)
}

func (r *imageCopyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importCopyWithSource(ctx, r.pd, req, resp) {
		return
	}
	region, id, ok := importOwnImage(ctx, r.pd, req.ID,
		strings.Replace(imageImportIDFormat, "REGION/", "DESTINATION_REGION/", 1)+"; a copy made outside Terraform: "+copyImportIDFormat, &resp.Diagnostics)
	if !ok {
		return
	}
	for name, v := range map[string]attr.Value{
		"id": types.StringValue(id), "destination_region": types.StringValue(region),
		"deletion_protection": types.BoolValue(false), "delete_snapshots": types.BoolValue(true), "force_unshare": types.BoolValue(false),
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
}

func (r *imageCopyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state := planAndState[imageCopyResourceModel](ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan != nil {
		planDefaultRegion(ctx, r.pd, req, resp, "source_region", &plan.SourceRegion)
	}
	replace := planReplaces(ctx, req, resp)
	if plan != nil && state != nil && !replace {
		planCopySourceTag(ctx, req, resp)
	}
	planImage(ctx, r.pd, plan.owned(), state.owned(), replace, func() { planCopyCreate(ctx, r.pd, req, resp, plan) }, &resp.Diagnostics)
}

func (r *imageCopyResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{kmsKeyNeedsEncrypt{}}
}

// MoveState takes the resource over from the official tencentcloud provider (move_state.go).
func (r *imageCopyResource) MoveState(context.Context) []resource.StateMover {
	return imageCopyMovers()
}

// creation identifies the copy the plan makes (create_token.go).
func (m *imageCopyResourceModel) creation(ctx context.Context) imageCreation {
	src := m.SourceRegion.ValueString() + "/" + m.SourceImageID.ValueString()
	c := newImageCreation(ctx, "image_copy", m.DestinationRegion, m.Name, m.NamePrefix, "a copy of "+src,
		m.SourceRegion, m.SourceImageID, m.Encrypt, m.KMSKeyID)
	// A copy made elsewhere carries no source tag, so its import names the source.
	c.importHint = "%[1]s/%[2]s/" + src
	return c
}
