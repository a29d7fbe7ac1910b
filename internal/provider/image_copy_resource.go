package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
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
	ID                 types.String   `tfsdk:"id"`
	SourceImageID      types.String   `tfsdk:"source_image_id"`
	SourceRegion       types.String   `tfsdk:"source_region"`
	DestinationRegion  types.String   `tfsdk:"destination_region"`
	Encrypt            types.Bool     `tfsdk:"encrypt"`
	KMSKeyID           types.String   `tfsdk:"kms_key_id"`
	Name               types.String   `tfsdk:"name"`
	NamePrefix         types.String   `tfsdk:"name_prefix"`
	Description        types.String   `tfsdk:"description"`
	Family             types.String   `tfsdk:"family"`
	Tags               types.Map      `tfsdk:"tags"`
	Deprecated         types.Bool     `tfsdk:"deprecated"`
	DeletionProtection types.Bool     `tfsdk:"deletion_protection"`
	DeleteSnapshots    types.Bool     `tfsdk:"delete_snapshots"`
	ForceUnshare       types.Bool     `tfsdk:"force_unshare"`
	State              types.String   `tfsdk:"state"`
	OsName             types.String   `tfsdk:"os_name"`
	Architecture       types.String   `tfsdk:"architecture"`
	SizeGB             types.Int64    `tfsdk:"size_gb"`
	CreatedTime        types.String   `tfsdk:"created_time"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

func (r *imageCopyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_image_copy"
}

func (r *imageCopyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
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
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
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
			"tags":       tagsAttribute("Written with the provider's own tags right after the copy appears (`SyncImages` cannot tag)"),
			"deprecated": deprecatedAttribute("once the copy is `NORMAL`"),
			"deletion_protection": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "While true, a plan that destroys or replaces the copy fails, and so does a destroy. " +
					"Set it to false and apply before destroying. Defaults to false.",
			},
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
			"size_gb": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "The image size in GiB.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *imageCopyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *imageCopyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan imageCopyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	timeout, d := plan.Timeouts.Create(ctx, defaultImageCopyCreateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	srcRegion, srcID, dest := plan.SourceRegion.ValueString(), plan.SourceImageID.ValueString(), plan.DestinationRegion.ValueString()
	encrypt := plan.Encrypt.ValueBool()

	// A source made in the same apply, or still being made, is waited for: only a NORMAL image can
	// be copied. What the plan could not check without its ID is checked here, in the plan's words.
	src, err := r.pd.client.WaitForImage(ctx, srcRegion, srcID, imageapi.StateNormal)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("source_image_id"), "Source Image Not Usable",
			fmt.Sprintf("Source image %s in %s did not become NORMAL, and only a NORMAL image can be copied: %s", srcID, srcRegion, err))
		return
	}
	if rf := copyRefusalFor(src, srcRegion, dest, encrypt); rf != nil {
		resp.Diagnostics.AddAttributeError(rf.attr, rf.summary, rf.detail)
		return
	}
	if plan.NamePrefix.IsNull() && plan.Name.IsUnknown() {
		plan.Name = types.StringValue(defaultCopyName(src, encrypt))
	}
	resolveName(&plan.Name, plan.NamePrefix)
	c := plan.creation(ctx)
	want := plan
	createImage(ctx, r.pd, c, createSteps{
		make: func() (string, bool) { return r.syncImage(ctx, &plan, c, &resp.Diagnostics) },
		// SyncImages cannot tag: the copy gets its source, key, token, pending mark and the user's
		// tags in one write right after it appears.
		tag: func(id string) error {
			tags := userTagMap(ctx, want.Tags, &resp.Diagnostics)
			maps.Copy(tags, copyTags(srcRegion, srcID, plan.Encrypt, plan.KMSKeyID))
			maps.Copy(tags, c.tags())
			return r.pd.client.ModifyImageTags(ctx, dest, id, tags, nil)
		},
		save: func(id string) {
			plan.ID = types.StringValue(id)
			plan.clearUnknowns()
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		},
		wait: func(ctx context.Context, id string) {
			copyImg, err := r.pd.client.WaitForImage(ctx, dest, id, imageapi.StateNormal)
			if err != nil {
				resp.Diagnostics.AddError("Copy Did Not Become Usable",
					fmt.Sprintf("Copy %s (%q) in %s did not become NORMAL: %s. It stays in state as tainted, so the next apply replaces it.",
						id, plan.Name.ValueString(), dest, err))
				return
			}
			plan.flatten(copyImg, &resp.Diagnostics)
		},
	}, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// SyncImages takes no description, family or deprecation (the copy has its source's, and is not
	// deprecated): what the plan sets otherwise is set now that the copy is NORMAL, as is anything an
	// adopted copy differs in.
	want.ID = plan.ID
	r.change(ctx, &want, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &want)...)
}

// syncImage asks SyncImages for the planned copy and returns its ID.
func (r *imageCopyResource) syncImage(ctx context.Context, plan *imageCopyResourceModel, c imageCreation, diags *diag.Diagnostics) (string, bool) {
	srcRegion, srcID, dest := plan.SourceRegion.ValueString(), plan.SourceImageID.ValueString(), plan.DestinationRegion.ValueString()
	out, err := r.pd.client.SyncImages(ctx, srcRegion, imageapi.SyncImagesRequest{
		ImageIds: []string{srcID}, DestinationRegions: []string{dest}, ImageName: plan.Name.ValueString(),
		ImageSetRequired: true, Encrypt: plan.Encrypt.ValueBool(), KmsKeyId: plan.KMSKeyID.ValueString(),
	})
	if err != nil {
		reportCreateError(ctx, r.pd, diags, c, err)
		return "", false
	}
	for _, s := range out.ImageSet {
		if s.Region == dest {
			return s.ImageId, true
		}
	}
	diags.AddError("Copy Not Reported", fmt.Sprintf("SyncImages of %s from %s to %s succeeded but named no copy in %s. "+
		"Look for an image named %q there and import it.", srcID, srcRegion, dest, dest, plan.Name.ValueString()))
	return "", false
}

func (r *imageCopyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state imageCopyResourceModel
	resp.Diagnostics.Append(stateGet(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.read(ctx, &state, &resp.Diagnostics) {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(stateSet(ctx, &resp.State, &state)...)
}

func (r *imageCopyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state imageCopyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	timeout, d := plan.Timeouts.Update(ctx, defaultImageUpdateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	plan.ID = state.ID
	if r.change(ctx, &plan, &state, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	if r.tagImportedSource(ctx, req, resp, &plan, &state); resp.Diagnostics.HasError() {
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
	// A copy is deleted exactly like any custom image, so it goes through the image resources' path.
	images := &imageResource{pd: r.pd}
	images.delete(ctx, &imageModel{
		ID: state.ID, Region: state.DestinationRegion, Name: state.Name,
		DeletionProtection: state.DeletionProtection, DeleteSnapshots: state.DeleteSnapshots, ForceUnshare: state.ForceUnshare,
		Timeouts: state.Timeouts,
	}, &resp.Diagnostics)
}

func (r *imageCopyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.importWithSource(ctx, req, resp) {
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

// MoveState takes the resource over from the official tencentcloud provider (move_state.go).
func (r *imageCopyResource) MoveState(context.Context) []resource.StateMover {
	return imageCopyMovers()
}

func (r *imageCopyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state := planAndState[imageCopyResourceModel](ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || r.pd == nil {
		return
	}
	if state != nil {
		r.pd.ledger.seenInState(state.DestinationRegion.ValueString(), state.ID.ValueString())
	}
	if plan == nil {
		checkImageDestroy(ctx, r.pd, &resp.Diagnostics, state.DestinationRegion.ValueString(), state.ID.ValueString(),
			state.DeletionProtection.ValueBool(), state.ForceUnshare.ValueBool())
		return
	}
	planDefaultRegion(ctx, r.pd, req, resp, "source_region", &plan.SourceRegion)
	if state != nil {
		if !plan.SourceRegion.Equal(state.SourceRegion) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("source_region"))
		}
		replace := len(resp.RequiresReplace) > 0
		for _, in := range []struct{ prior, planned attr.Value }{
			{state.SourceImageID, plan.SourceImageID}, {state.DestinationRegion, plan.DestinationRegion},
			{state.Encrypt, plan.Encrypt}, {state.KMSKeyID, plan.KMSKeyID},
		} {
			replace = replace || !in.prior.Equal(in.planned)
		}
		if !replace {
			planCopySourceTag(ctx, req, resp)
			if !plan.Name.IsUnknown() && !plan.Name.Equal(state.Name) && !r.pd.destroying {
				checkImageRename(ctx, r.pd, &resp.Diagnostics, state.DestinationRegion.ValueString(), plan.Name.ValueString(), state.ID.ValueString())
			}
			return
		}
		checkImageDestroy(ctx, r.pd, &resp.Diagnostics, state.DestinationRegion.ValueString(), state.ID.ValueString(),
			state.DeletionProtection.ValueBool(), state.ForceUnshare.ValueBool())
		// Terraform plans the replacement's create again, with no prior state: it is checked then.
		r.pd.ledger.planReplace(state.DestinationRegion.ValueString(), state.ID.ValueString())
		return
	}
	if !r.pd.destroying {
		r.planCreate(ctx, req, resp, plan)
	}
}

func (r *imageCopyResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{kmsKeyNeedsEncrypt{}}
}

// planCreate runs the checks of a new copy: the static region rule, then the source's rules, the
// default name and description, and the destination's quota and names.
func (r *imageCopyResource) planCreate(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan *imageCopyResourceModel) {
	srcRegion, dest := plan.SourceRegion, plan.DestinationRegion
	if plan.Encrypt.ValueBool() && !srcRegion.IsUnknown() && !dest.IsUnknown() && !srcRegion.Equal(dest) {
		resp.Diagnostics.AddAttributeError(path.Root("destination_region"), "Encrypted Copy Out Of Its Region",
			encryptedOutOfRegionDetail(srcRegion.ValueString(), dest.ValueString()))
		return
	}
	if !r.pd.limitChecksOn() || dest.IsUnknown() {
		return
	}
	var src *imageapi.Image
	if !plan.SourceImageID.IsUnknown() && !srcRegion.IsUnknown() && !plan.Encrypt.IsUnknown() {
		srcID := plan.SourceImageID.ValueString()
		var err error
		src, err = r.pd.ledger.sourceImage(ctx, srcRegion.ValueString(), srcID)
		switch {
		case errors.Is(err, imageapi.ErrNotFound):
			r.pd.reportLimit(&resp.Diagnostics, path.Root("source_image_id"), "Source Image Not Found",
				fmt.Sprintf("Image %s is not in %s (or this account cannot see it), so it cannot be copied. Check source_image_id and source_region.",
					srcID, srcRegion.ValueString()))
			return
		case err != nil:
			r.pd.reportCheckFailure(&resp.Diagnostics, "source image "+srcID, srcRegion.ValueString(), err)
		default:
			if rf := copyRefusalFor(src, srcRegion.ValueString(), dest.ValueString(), plan.Encrypt.ValueBool()); rf != nil {
				r.pd.reportLimit(&resp.Diagnostics, rf.attr, rf.summary, rf.detail)
				return
			}
			r.planDefaults(ctx, req, resp, plan, src)
		}
	}
	checkImageCreate(ctx, r.pd, &resp.Diagnostics, plan.creation(ctx), !plan.Name.IsUnknown())
}

// planDefaults shows the copy's name, description and family in the plan when the configuration
// leaves them to the source.
func (r *imageCopyResource) planDefaults(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan *imageCopyResourceModel, src *imageapi.Image) {
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

// read refreshes m from the API, the source from the copy's tags (which DescribeImages reports
// with the image), through the destination region's shared listing as imageResource.read does.
// It returns false when the copy is gone.
func (r *imageCopyResource) read(ctx context.Context, m *imageCopyResourceModel, diags *diag.Diagnostics) bool {
	region, id := m.DestinationRegion.ValueString(), m.ID.ValueString()
	img, exists := refreshForRead(ctx, r.pd, region, id, "Image Copy", diags)
	if img == nil {
		return exists
	}
	tags := tagMapOf(img.Tags)
	m.flatten(img, diags)
	source, ok := tags[copySourceTag]
	srcRegion, srcID, found := strings.Cut(source, "/")
	switch {
	case ok && found:
		m.SourceRegion, m.SourceImageID = types.StringValue(srcRegion), types.StringValue(srcID)
	case m.SourceImageID.IsNull():
		diags.AddError("Copy Source Unknown",
			fmt.Sprintf("Image %s in %s has no %s tag naming the image it was copied from (it was not made by this provider, "+
				"or the tag was removed), and the API does not report a copy's source. Import it with %s/%s/SOURCE_REGION/SOURCE_IMAGE_ID.",
				id, region, copySourceTag, region, id))
		return true
	}
	key, encrypted := tags[copyEncryptionTag]
	m.Encrypt = types.BoolValue(encrypted)
	m.KMSKeyID = types.StringNull()
	if encrypted && key != copyDefaultKMSKey {
		m.KMSKeyID = types.StringValue(key)
	}
	return true
}

// change makes the copy, as it was (prior), what plan says where plan knows it: its name,
// description, family and deprecation, then its user tags. It reads the result back into plan,
// whose ID is the copy's.
func (r *imageCopyResource) change(ctx context.Context, plan, prior *imageCopyResourceModel, diags *diag.Diagnostics) {
	region, id := plan.DestinationRegion.ValueString(), plan.ID.ValueString()
	if err := modifyImageAttributes(ctx, r.pd.client, region, id, plan.attributes(), prior.attributes()); err != nil {
		diags.AddError("Cannot Update Image Copy", fmt.Sprintf("Changing the name, description, family or deprecation of copy %s in %s failed. %s", id, region, apiErrorDetail(err)))
		return
	}
	want, had := userTagMap(ctx, plan.Tags, diags), userTagMap(ctx, prior.Tags, diags)
	if err := changeUserTags(ctx, r.pd.client, region, id, want, had); err != nil {
		diags.AddError("Cannot Update Image Copy Tags", fmt.Sprintf("Changing the tags of copy %s in %s failed. %s", id, region, apiErrorDetail(err)))
		return
	}
	if !r.read(ctx, plan, diags) {
		diags.AddError("Image Copy Vanished", fmt.Sprintf("Copy %s in %s was deleted while it was being updated.", id, region))
	}
}

func (m *imageCopyResourceModel) attributes() imageAttributes {
	return imageAttributes{m.Name, m.Description, m.Family, m.Deprecated}
}

// flatten copies what the API reports about the copy into m: every attribute the API returns,
// so that changes made outside Terraform show up as drift.
func (m *imageCopyResourceModel) flatten(img *imageapi.Image, diags *diag.Diagnostics) {
	m.ID = types.StringValue(img.ImageId)
	m.Name = types.StringValue(img.ImageName)
	m.Description = types.StringValue(img.ImageDescription)
	m.Family = types.StringValue(img.ImageFamily)
	m.Deprecated = types.BoolValue(img.ImageDeprecated)
	m.Tags = userTagsValue(img, m.Tags, diags)
	m.State = types.StringValue(img.ImageState)
	m.OsName = types.StringValue(img.OsName)
	m.Architecture = types.StringValue(img.Architecture)
	m.SizeGB = types.Int64Value(img.ImageSize)
	m.CreatedTime = types.StringValue(img.CreatedTime)
}

// clearUnknowns makes the state written right after SyncImages, before the wait, complete.
func (m *imageCopyResourceModel) clearUnknowns() {
	for _, s := range []*types.String{&m.Description, &m.Family, &m.State, &m.OsName, &m.Architecture, &m.CreatedTime} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	if m.SizeGB.IsUnknown() {
		m.SizeGB = types.Int64Null()
	}
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

// copyTags are the tags that record a copy's source and encryption.
func copyTags(srcRegion, srcID string, encrypt types.Bool, kmsKeyID types.String) map[string]string {
	tags := map[string]string{copySourceTag: srcRegion + "/" + srcID}
	if encrypt.ValueBool() {
		tags[copyEncryptionTag] = copyDefaultKMSKey
		if !kmsKeyID.IsNull() {
			tags[copyEncryptionTag] = kmsKeyID.ValueString()
		}
	}
	return tags
}

// defaultCopyName is the copy's name when the configuration sets none.
func defaultCopyName(src *imageapi.Image, encrypt bool) string {
	if !encrypt {
		return src.ImageName
	}
	name := []rune(src.ImageName + encryptedCopySuffix)
	return string(name[:min(len(name), maxImageNameLength)])
}

// copyRefusalFor returns why SyncImages would refuse to copy src (in srcRegion) to dest, or nil.
func copyRefusalFor(src *imageapi.Image, srcRegion, dest string, encrypt bool) *ruleRefusal {
	id := src.ImageId
	switch {
	case src.ImageType == imageapi.ImageTypePublic || src.ImageType == imageapi.ImageTypeMarket:
		return &ruleRefusal{path.Root("source_image_id"), "Image Cannot Be Copied",
			fmt.Sprintf("Image %s in %s is a %s; only custom images (the account's own, or shared with it) can be copied "+
				"(UnauthorizedOperation.ImageNotBelongToAccount). Public and marketplace images are already in every region.",
				id, srcRegion, imageTypeWords(src.ImageType))}
	case src.ImageState == imageapi.StateCreateFailed || src.ImageState == imageapi.StateImportFailed:
		return &ruleRefusal{path.Root("source_image_id"), "Source Image Failed",
			fmt.Sprintf("Image %s in %s is %s, and only a NORMAL image can be copied (InvalidParameterValue.InvalidImageState). "+
				"Replace the source image first.", id, srcRegion, src.ImageState)}
	case encrypt && dest != srcRegion:
		return &ruleRefusal{path.Root("destination_region"), "Encrypted Copy Out Of Its Region", encryptedOutOfRegionDetail(srcRegion, dest)}
	case src.ImageType == imageapi.ImageTypeShared && dest != srcRegion:
		return &ruleRefusal{path.Root("destination_region"), "Shared Image Copied Out Of Its Region",
			fmt.Sprintf("Image %s is shared with this account by account %s, and a shared image can only be copied within its "+
				"region %s, not to %s (InvalidParameterValue.InvalidRegion). Copy it into %s first, then copy that copy to %s.",
				id, src.ImageCreator, srcRegion, dest, srcRegion, dest)}
	case src.ImageType == imageapi.ImageTypePrivate && !encrypt && dest == srcRegion:
		return &ruleRefusal{path.Root("destination_region"), "Copy Into The Source Region",
			fmt.Sprintf("Image %s is a custom image in %s, and a custom image can only be copied to other regions "+
				"(InvalidParameterValue.InvalidRegion). Choose another destination_region, or set encrypt = true for an encrypted copy beside it.",
				id, srcRegion)}
	}
	return nil
}

func encryptedOutOfRegionDetail(srcRegion, dest string) string {
	return fmt.Sprintf("An encrypted copy can only be made in the source region %s, not %s (InvalidParameterValue.InvalidRegion). "+
		"Copy the image to %s unencrypted first, then make an encrypted copy there.", srcRegion, dest, dest)
}

// kmsKeyNeedsEncrypt rejects kms_key_id without encrypt = true, which SyncImages refuses with
// InvalidParameter.InvalidKmsKeyId.
type kmsKeyNeedsEncrypt struct{}

func (kmsKeyNeedsEncrypt) Description(context.Context) string {
	return "kms_key_id requires encrypt = true."
}

func (v kmsKeyNeedsEncrypt) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (kmsKeyNeedsEncrypt) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var key types.String
	var encrypt types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("kms_key_id"), &key)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("encrypt"), &encrypt)...)
	if key.IsNull() || key.IsUnknown() || encrypt.IsUnknown() || encrypt.ValueBool() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("kms_key_id"), "KMS Key Without Encryption",
		"kms_key_id only applies to an encrypted copy, and SyncImages refuses it otherwise (InvalidParameter.InvalidKmsKeyId). "+
			"Set encrypt = true, or remove kms_key_id.")
}
