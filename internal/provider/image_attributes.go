package provider

// The schema pieces, model, flatten and CRUD steps that cvmimage_custom_image and
// cvmimage_imported_image share: both manage one custom image and differ only in how it is made.

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// Default waits shared by both image resources; create waits are per resource.
const (
	defaultImageUpdateTimeout = 10 * time.Minute
	defaultImageDeleteTimeout = 10 * time.Minute
	// managedShareCancelGrace bounds how long a delete waits for shares that share resources are
	// cancelling; managedSharePoll is how often it looks.
	managedShareCancelGrace = 30 * time.Second
	managedSharePoll        = 2 * time.Second
)

// imageModel is the part of the state both image resources share.
type imageModel struct {
	ID                 types.String   `tfsdk:"id"`
	Region             types.String   `tfsdk:"region"`
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
	Platform           types.String   `tfsdk:"platform"`
	Architecture       types.String   `tfsdk:"architecture"`
	LicenseType        types.String   `tfsdk:"license_type"`
	SizeGB             types.Int64    `tfsdk:"size_gb"`
	CreatedTime        types.String   `tfsdk:"created_time"`
	Snapshots          types.List     `tfsdk:"snapshots"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

var snapshotAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"disk_usage": types.StringType,
	"size_gb":    types.Int64Type,
}

// imageResource holds what both image resources keep between calls.
type imageResource struct {
	pd *providerData
}

func (r *imageResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// imageSchemaAttributes are the attributes both image resources have; each adds its source,
// architecture, license_type and delete_snapshots.
func (r *imageResource) imageSchemaAttributes(ctx context.Context) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The image ID, `img-` and 8 characters.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"region": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: "The region the image lives in. Defaults to the provider's region. Changing it replaces the image.",
			Validators:          []validator.String{regionValidator()},
		},
		"name":        nameAttribute("Set `name` or `name_prefix`. "),
		"name_prefix": namePrefixAttribute(),
		"description": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(""),
			MarkdownDescription: fmt.Sprintf("The image description, at most %d characters. Changed in place.", maxImageDescriptionLength),
			Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(maxImageDescriptionLength)},
		},
		"family": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(""),
			MarkdownDescription: familyDescription + " Changed in place.",
		},
		"tags":       tagsAttribute("Set when the image is made"),
		"deprecated": deprecatedAttribute("once it is `NORMAL`"),
		"deletion_protection": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
			MarkdownDescription: "While true, a plan that destroys or replaces the image fails, and so does a destroy. " +
				"Set it to false and apply before destroying. Defaults to false.",
		},
		"force_unshare": forceUnshareAttribute(),
		"state":         schema.StringAttribute{Computed: true, MarkdownDescription: "The image state: `NORMAL` once usable; `CREATING`, `IMPORTING`, `SYNCING`, `CREATEFAILED` or `IMPORTFAILED` otherwise."},
		"os_name":       stableComputedString("The operating system's name as the API reports it."),
		"platform":      stableComputedString("The operating system's platform, e.g. `TencentOS`, `Ubuntu` or `Windows`."),
		"created_time":  stableComputedString("When the image was made (RFC 3339, UTC)."),
		"size_gb": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "The image size in GiB.",
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
		"snapshots": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The disk snapshots the image is made of.",
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The snapshot ID."},
				"disk_usage": schema.StringAttribute{Computed: true, MarkdownDescription: "`SYSTEM_DISK` or `DATA_DISK`."},
				"size_gb":    schema.Int64Attribute{Computed: true, MarkdownDescription: "The disk size in GiB."},
			}},
		},
		"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
	}
}

// familyDescription says what an image family is for, on every resource with a family.
const familyDescription = "The image family, which `DescribeImageFromFamily` (and the `cvmimage_image` data source's `family`) " +
	"resolves to its newest usable image that is not deprecated."

// tagsAttribute is the tags argument of every resource that makes an image: the user's tags only,
// the provider's own kept apart. set says when the tags are first written.
func tagsAttribute(set string) schema.MapAttribute {
	return schema.MapAttribute{
		Optional:    true,
		ElementType: types.StringType,
		MarkdownDescription: fmt.Sprintf("Tags on the image, at most %d: keys of 1 to %d characters that do not start with `qcloud`, "+
			"`tencent` or `project`, values of at most %d. %s and changed in place through the Tag API. ",
			maxUserTags, maxTagKeyLength, maxTagValueLength, set) +
			"Keys starting with `" + providerTagPrefix + "` are the provider's own (among them `" + createTokenTag + "`, " +
			"which lets an apply adopt the image an interrupted apply made): they cannot be set here and are not shown.",
		Validators: tagsValidators(),
	}
}

// deprecatedAttribute is the deprecated argument of every resource that makes an image. The API
// takes it in ModifyImageAttribute only, so a create sets it when the image is ready (when).
func deprecatedAttribute(when string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "Whether the image is deprecated: it still launches instances, but a family look-up " +
			"(`DescribeImageFromFamily`, the `cvmimage_image` data source's `family`) passes it over, and the look-up data " +
			"sources leave it out unless `include_deprecated` is true. Defaults to false. Changed in place " +
			"(`ModifyImageAttribute`); a create sets it " + when + ", as the API takes it in no create call. " +
			"A change made outside Terraform shows as drift.",
	}
}

// stableComputedString is a computed attribute that keeps its value across updates.
func stableComputedString(d string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: d,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// tagSpecification is how a create attaches the planned tags and the creation token of c.
func (m *imageModel) tagSpecification(ctx context.Context, c imageCreation, diags *diag.Diagnostics) []imageapi.TagSpecification {
	tags := m.tagMap(ctx, diags)
	maps.Copy(tags, c.tags())
	if len(tags) == 0 {
		return nil
	}
	spec := imageapi.TagSpecification{ResourceType: "image"}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		spec.Tags = append(spec.Tags, imageapi.Tag{Key: k, Value: tags[k]})
	}
	return []imageapi.TagSpecification{spec}
}

func (m *imageModel) tagMap(ctx context.Context, diags *diag.Diagnostics) map[string]string {
	return userTagMap(ctx, m.Tags, diags)
}

// clearUnknowns makes the state written right after a create, before its wait, complete: Terraform
// stores it (tainted if the wait fails), and a stored state may hold no unknown values.
func (m *imageModel) clearUnknowns() {
	for _, s := range []*types.String{&m.State, &m.OsName, &m.Platform, &m.Architecture, &m.LicenseType, &m.CreatedTime} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	if m.SizeGB.IsUnknown() {
		m.SizeGB = types.Int64Null()
	}
	if m.Snapshots.IsUnknown() {
		m.Snapshots = types.ListNull(types.ObjectType{AttrTypes: snapshotAttrTypes})
	}
}

// flatten copies what the API reports into the model. Every attribute the API returns is read
// back, so changes made outside Terraform show up as drift. The tags come with the image from
// DescribeImages: a Tag API read would cost a second call per refresh for the same answer.
func (m *imageModel) flatten(img *imageapi.Image, diags *diag.Diagnostics) {
	m.ID = types.StringValue(img.ImageId)
	m.Name = types.StringValue(img.ImageName)
	m.Description = types.StringValue(img.ImageDescription)
	m.Family = types.StringValue(img.ImageFamily)
	m.Deprecated = types.BoolValue(img.ImageDeprecated)
	m.State = types.StringValue(img.ImageState)
	m.OsName = types.StringValue(img.OsName)
	m.Platform = types.StringValue(img.Platform)
	m.Architecture = types.StringValue(img.Architecture)
	m.LicenseType = types.StringValue(img.LicenseType)
	m.SizeGB = types.Int64Value(img.ImageSize)
	m.CreatedTime = types.StringValue(img.CreatedTime)

	snaps := make([]attr.Value, 0, len(img.SnapshotSet))
	for _, s := range img.SnapshotSet {
		o, d := types.ObjectValue(snapshotAttrTypes, map[string]attr.Value{
			"id":         types.StringValue(s.SnapshotId),
			"disk_usage": types.StringValue(s.DiskUsage),
			"size_gb":    types.Int64Value(s.DiskSize),
		})
		diags.Append(d...)
		snaps = append(snaps, o)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: snapshotAttrTypes}, snaps)
	diags.Append(d...)
	m.Snapshots = list
	m.Tags = userTagsValue(img, m.Tags, diags)
}

// imageAttributes are what ModifyImageAttribute changes of an image.
type imageAttributes struct {
	name, description, family types.String
	deprecated                types.Bool
}

func (m *imageModel) attributes() imageAttributes {
	return imageAttributes{m.Name, m.Description, m.Family, m.Deprecated}
}

// modifyImageAttributes makes the attributes of image id, which were prior, planned, in one
// ModifyImageAttribute call when any differs. A planned value not known yet is left as it is.
func modifyImageAttributes(ctx context.Context, client *imageapi.Client, region, id string, planned, prior imageAttributes) error {
	req := imageapi.ModifyImageAttributeRequest{ImageId: id}
	changed := false
	for _, f := range []struct {
		planned, prior types.String
		field          **string
	}{
		{planned.name, prior.name, &req.ImageName},
		{planned.description, prior.description, &req.ImageDescription},
		{planned.family, prior.family, &req.ImageFamily},
	} {
		if !f.planned.IsUnknown() && !f.planned.Equal(f.prior) {
			*f.field = f.planned.ValueStringPointer()
			changed = true
		}
	}
	if !planned.deprecated.IsUnknown() && !planned.deprecated.Equal(prior.deprecated) {
		req.ImageDeprecated = planned.deprecated.ValueBoolPointer()
		changed = true
	}
	if !changed {
		return nil
	}
	return client.ModifyImageAttribute(ctx, region, req)
}

// userTagsValue is the value of a tags attribute, whose prior value was prior, for img: its tags
// without the provider's own. An unset tags argument and an empty tag set are the same to the API;
// whichever the configuration used is kept, so that neither shows a diff.
func userTagsValue(img *imageapi.Image, prior types.Map, diags *diag.Diagnostics) types.Map {
	tags := userTagsOf(img.Tags)
	if len(tags) == 0 && (prior.IsNull() || prior.IsUnknown()) {
		return types.MapNull(types.StringType)
	}
	// Built without the framework's reflection, which a refresh of every image would pay for.
	elems := make(map[string]attr.Value, len(tags))
	for k, v := range tags {
		elems[k] = types.StringValue(v)
	}
	tm, d := types.MapValue(types.StringType, elems)
	diags.Append(d...)
	return tm
}

// userTagMap reads a tags attribute, which may be null or unknown (then empty).
func userTagMap(ctx context.Context, tags types.Map, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	if !tags.IsNull() && !tags.IsUnknown() {
		diags.Append(tags.ElementsAs(ctx, &out, false)...)
	}
	return out
}

// changeUserTags makes the user tags of image id, which were had, want, in one Tag API call: the
// keys to set or change and the keys to remove. The provider's own tags are in neither map, so it
// never touches them.
func changeUserTags(ctx context.Context, client *imageapi.Client, region, id string, want, had map[string]string) error {
	set, remove := map[string]string{}, []string{}
	for k, v := range want {
		if old, ok := had[k]; !ok || old != v {
			set[k] = v
		}
	}
	for _, k := range slices.Sorted(maps.Keys(had)) {
		if _, ok := want[k]; !ok {
			remove = append(remove, k)
		}
	}
	return client.ModifyImageTags(ctx, region, id, set, remove)
}

// read refreshes m from the API, through the region's shared listing (ImageFromListing): a plan
// refreshes every image at once, and one listing per region answers them all. It returns false
// when the image is gone.
func (r *imageResource) read(ctx context.Context, m *imageModel, diags *diag.Diagnostics) bool {
	if !resolveMovedImage(ctx, r.pd, m, diags) {
		return true
	}
	img, exists := refreshForRead(ctx, r.pd, m.Region.ValueString(), m.ID.ValueString(), "Image", diags)
	if img != nil {
		m.flatten(img, diags)
	}
	return exists
}

// refreshForRead is the look-up of every image resource's Read: the image, or nil. exists is false
// only when the image is gone (the resource is then removed from the state); a failed look-up
// keeps the resource and reports the error, naming the kind of image (noun) it read.
func refreshForRead(ctx context.Context, pd *providerData, region, id, noun string, diags *diag.Diagnostics) (img *imageapi.Image, exists bool) {
	pd.ledger.seenInState(region, id)
	img, err := pd.client.ImageFromListing(ctx, region, id)
	if errors.Is(err, imageapi.ErrNotFound) {
		return nil, false
	}
	if err != nil {
		diags.AddError("Cannot Read "+noun, fmt.Sprintf("Reading %s %s in %s failed. %s", strings.ToLower(noun), id, region, apiErrorDetail(err)))
		return nil, true
	}
	return img, true
}

// create makes the planned image through makeImage in the shared create flow (createImage), and
// brings an adopted image to the plan.
func (r *imageResource) create(ctx context.Context, m *imageModel, c imageCreation, timeout time.Duration,
	makeImage func(context.Context) (string, error), save func(), diags *diag.Diagnostics) {
	// The create timeout bounds it all: a busy instance waited for, the call, the wait for NORMAL.
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	want := *m
	adopted := createImage(ctx, r.pd, c, createSteps{
		make: func() (string, bool) {
			id, err := makeImage(ctx)
			if err != nil {
				reportCreateError(ctx, r.pd, diags, c, err)
				return "", false
			}
			return id, true
		},
		save: func(id string) {
			m.ID = types.StringValue(id)
			m.clearUnknowns()
			save()
		},
		wait: func(ctx context.Context, _ string) { r.waitCreated(ctx, m, diags) },
	}, diags)
	if diags.HasError() || (!adopted && want.Deprecated.Equal(m.Deprecated)) {
		return
	}
	// An adopted image may differ from the plan in anything update changes; a new one only in
	// deprecated, which no create call takes: it is set now that the image is NORMAL.
	want.ID = m.ID
	r.alignAdopted(ctx, &want, m, diags)
	*m = want
}

// waitCreated waits until a new image is NORMAL and reads it into m. The caller has already
// stored the ID, so a failure here leaves the image tainted in state, not orphaned.
func (r *imageResource) waitCreated(ctx context.Context, m *imageModel, diags *diag.Diagnostics) {
	region, id := m.Region.ValueString(), m.ID.ValueString()
	img, err := r.pd.client.WaitForImage(ctx, region, id, imageapi.StateNormal)
	if err != nil {
		diags.AddError("Image Did Not Become Usable",
			fmt.Sprintf("Image %s (%q) in %s did not become NORMAL: %s. It stays in state as tainted, so the next apply replaces it.",
				id, m.Name.ValueString(), region, err))
		return
	}
	m.flatten(img, diags)
}

// alignAdopted makes an adopted image, read into got, what the plan wants: the configuration may
// have changed its description, family, deprecation or tags since the interrupted apply made it, and
// the state an apply returns must be the plan. A new image it makes deprecated. want receives the
// result.
func (r *imageResource) alignAdopted(ctx context.Context, want, got *imageModel, diags *diag.Diagnostics) {
	r.update(ctx, want, got, diags)
}

// update applies in place what can change in place: name, description, family, deprecation and tags.
func (r *imageResource) update(ctx context.Context, plan, state *imageModel, diags *diag.Diagnostics) {
	region, id := state.Region.ValueString(), state.ID.ValueString()
	timeout, d := plan.Timeouts.Update(ctx, defaultImageUpdateTimeout)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if err := modifyImageAttributes(ctx, r.pd.client, region, id, plan.attributes(), state.attributes()); err != nil {
		diags.AddError("Cannot Update Image", fmt.Sprintf("Changing the name, description, family or deprecation of image %s in %s failed. %s", id, region, apiErrorDetail(err)))
		return
	}

	if err := changeUserTags(ctx, r.pd.client, region, id, plan.tagMap(ctx, diags), state.tagMap(ctx, diags)); err != nil {
		diags.AddError("Cannot Update Image Tags", fmt.Sprintf("Changing the tags of image %s in %s failed. %s", id, region, apiErrorDetail(err)))
		return
	}
	plan.ID, plan.Region = state.ID, state.Region
	if !r.read(ctx, plan, diags) {
		diags.AddError("Image Vanished", fmt.Sprintf("Image %s in %s was deleted while it was being updated.", id, region))
	}
}

// delete deletes the image (and its snapshots when delete_snapshots is true) and waits until it
// is gone. An image that is already gone is deleted.
func (r *imageResource) delete(ctx context.Context, m *imageModel, diags *diag.Diagnostics) {
	region, id := m.Region.ValueString(), m.ID.ValueString()
	if r.pd.ledger.claimed(region, id) {
		diags.AddWarning("Image Kept", fmt.Sprintf("Terraform asked to delete image %s in %s, which a create of this same apply "+
			"has just made or adopted for another resource object. It is not deleted: the state holds it under that resource.", id, region))
		return
	}
	if m.DeletionProtection.ValueBool() {
		diags.AddAttributeError(path.Root("deletion_protection"), "Image Is Protected From Deletion",
			fmt.Sprintf("Image %s in %s has deletion_protection = true. Set it to false and apply, then destroy it.", id, region))
		return
	}
	timeout, d := m.Timeouts.Delete(ctx, defaultImageDeleteTimeout)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if m.ForceUnshare.ValueBool() && !cancelAllShares(ctx, r.pd, region, id, diags) {
		return
	}
	deleteReq := imageapi.DeleteImagesRequest{ImageIds: []string{id}, DeleteBindedSnap: m.DeleteSnapshots.ValueBool()}
	err := r.pd.client.DeleteImages(ctx, region, deleteReq)
	var apiErr *imageapi.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "InvalidImageId.InShared" {
		left, readErr := r.waitManagedSharesCancelled(ctx, region, id)
		if readErr != nil || len(left) > 0 {
			detail := fmt.Sprintf("It is shared with %d account(s): %s.", len(left), strings.Join(left, ", "))
			if readErr != nil {
				detail = "Reading its shares failed too: " + apiErrorDetail(readErr)
			}
			diags.AddError("Image Is Shared Out",
				fmt.Sprintf("Image %s in %s is shared with other accounts, and the API deletes no shared image. %s "+
					"Cancel these shares, or set force_unshare = true and apply that change before destroying (a destroy acts on the "+
					"settings in the state, not in the configuration), then destroy it. %s", id, region, detail, apiErrorDetail(err)))
			return
		}
		err = r.pd.client.DeleteImages(ctx, region, deleteReq)
	}
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		return
	case err != nil:
		diags.AddError("Cannot Delete Image", fmt.Sprintf("Deleting image %s in %s failed. %s", id, region, apiErrorDetail(err)))
		return
	}
	if err := r.pd.client.WaitForImageGone(ctx, region, id); err != nil {
		diags.AddError("Image Not Deleted", fmt.Sprintf("Image %s in %s was still listed after DeleteImages: %s", id, region, err))
	}
}

// waitManagedSharesCancelled is what a delete refused for shares falls back on. The plan let the
// delete go ahead because share resources manage those shares, and Terraform destroys them first;
// should one still be cancelling (a share resource that does not reference the image is not
// ordered before it), it waits a short while for the managed shares to go. It returns the accounts
// the image is still shared with.
func (r *imageResource) waitManagedSharesCancelled(ctx context.Context, region, id string) ([]string, error) {
	deadline := time.Now().Add(managedShareCancelGrace)
	for {
		left, err := sharedAccounts(ctx, r.pd, region, id)
		if err != nil || len(left) == 0 {
			return left, err
		}
		tags, err := r.pd.client.ImageTags(ctx, region, id)
		if err != nil {
			return left, err
		}
		mark := shareMarkOf(tags)
		if !slices.ContainsFunc(left, mark.managed) || time.Now().After(deadline) {
			return left, nil
		}
		select {
		case <-ctx.Done():
			return left, nil
		case <-time.After(managedSharePoll):
		}
	}
}

// importState accepts REGION/IMAGE_ID or a bare IMAGE_ID of one of the account's own custom images;
// Read fills in the rest. deleteSnapshots is the resource's default for delete_snapshots, or null
// where it depends on an input the API does not report. The API does not report an image's source
// either, so the private state marks it unknown (plan_replacement.go).
func (r *imageResource) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, deleteSnapshots types.Bool) {
	region, id, ok := importOwnImage(ctx, r.pd, req.ID, imageImportIDFormat, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_unshare"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_snapshots"), deleteSnapshots)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, sourceUnknownKey, []byte("true"))...)
}

// importOwnImage parses an image import ID and checks that it names one of the account's own custom
// images: public, marketplace and shared images are not the account's to rename or delete, and the
// data sources are the way to use them.
func importOwnImage(ctx context.Context, pd *providerData, importID, format string, diags *diag.Diagnostics) (region, id string, ok bool) {
	region, id, err := parseImageImportID(importID, pd)
	if err != nil {
		diags.AddError("Invalid Import ID", strings.Replace(err.Error(), imageImportIDFormat, format, 1))
		return "", "", false
	}
	if pd == nil {
		return region, id, true
	}
	img, err := pd.client.ImageNow(ctx, region, id)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		diags.AddError("Image Not Found", fmt.Sprintf("Image %s is not in %s, or this account cannot see it. Check the region and the ID.", id, region))
		return "", "", false
	case err != nil:
		diags.AddError("Cannot Import Image", fmt.Sprintf("Reading image %s in %s failed. %s", id, region, apiErrorDetail(err)))
		return "", "", false
	case img.ImageType != imageapi.ImageTypePrivate:
		diags.AddError("Not One Of This Account's Images", fmt.Sprintf("Image %s in %s is a %s, and only the account's own custom images "+
			"can be managed (renamed, tagged, deleted). Read it with the %s data source instead.",
			id, region, imageTypeWords(img.ImageType), lookupDataSourceFor(img.ImageType)))
		return "", "", false
	}
	return region, id, true
}

// lookupDataSourceFor names the data source that reads images of type t.
func lookupDataSourceFor(t string) string {
	switch t {
	case imageapi.ImageTypePublic:
		return "cvmimage_image (or cvmimage_public_images)"
	case imageapi.ImageTypeMarket:
		return "cvmimage_image (or cvmimage_marketplace_images)"
	}
	return "cvmimage_image (or cvmimage_shared_images)"
}

// planRegion fills an unset region with the provider's, so that the plan shows where the image
// will live and a change of the provider's region is planned as a replacement. It is done here,
// not in an attribute plan modifier, because the framework builds schemas on resource instances
// that are never configured.
func (r *imageResource) planRegion(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan *imageModel) {
	if plan != nil {
		planDefaultRegion(ctx, r.pd, req, resp, "region", &plan.Region)
	}
}

// modifyPlan runs the plan-time checks that need the API. plan is nil for a destroy, state nil
// for a create, which c describes; replace says the plan replaces the image. Terraform plans a
// replacement twice: once with the prior state (checked here as a destroy) and once as a create
// with no prior state.
func (r *imageResource) modifyPlan(ctx context.Context, plan, state *imageModel, c imageCreation, replace bool, diags *diag.Diagnostics) {
	if r.pd == nil {
		return
	}
	if state != nil {
		r.pd.ledger.seenInState(state.Region.ValueString(), state.ID.ValueString())
	}
	if plan == nil || replace {
		checkImageDestroy(ctx, r.pd, diags, state.Region.ValueString(), state.ID.ValueString(), state.DeletionProtection.ValueBool(), state.ForceUnshare.ValueBool())
		if replace {
			r.pd.ledger.planReplace(state.Region.ValueString(), state.ID.ValueString())
		}
		return
	}
	if plan.Region.IsUnknown() || r.pd.destroying {
		return
	}
	region := plan.Region.ValueString()
	if state == nil {
		checkImageCreate(ctx, r.pd, diags, c, !plan.Name.IsUnknown())
		return
	}
	if !plan.Name.IsUnknown() && !plan.Name.Equal(state.Name) {
		checkImageRename(ctx, r.pd, diags, region, plan.Name.ValueString(), state.ID.ValueString())
	}
}

// reportCreateError explains a failed CreateImage, ImportImage or SyncImages. The plan-time checks
// make the usual causes rare, but another process can take the last slot or the name in the
// meantime.
func reportCreateError(ctx context.Context, pd *providerData, diags *diag.Diagnostics, c imageCreation, err error) {
	var apiErr *imageapi.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "InvalidImageName.Duplicate" {
		if holder, findErr := pd.client.ImageNamedNow(context.WithoutCancel(ctx), c.region, c.name); findErr == nil {
			reportNameHeldAtApply(pd, diags, c, holder)
			return
		}
	}
	var busy *imageapi.BusyError
	if errors.As(err, &busy) {
		diags.AddError("Source Busy Too Long", fmt.Sprintf("Making %s in %s waited %s for %s, which stayed busy (%s), until the "+
			"create timeout ran out. Nothing was made. Let the other operation finish, or raise timeouts.create, then apply again.",
			plannedImage(c.name, c.name != ""), c.region, busy.Waited.Round(time.Second), busy.Subject, busy.Reason))
		return
	}
	hint := ""
	if errors.Is(err, imageapi.ErrQuotaExceeded) {
		hint = " The region's custom-image quota was full when the image was to be made: delete custom images in " + c.region + " or ask Tencent Cloud to raise the quota."
	}
	diags.AddError("Cannot Create Image", fmt.Sprintf("Making %s in %s failed. %s%s", plannedImage(c.name, c.name != ""), c.region, apiErrorDetail(err), hint))
}

// tagMapOf is an image's tags as DescribeImages reports them, keyed by tag key.
func tagMapOf(tags []imageapi.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[t.Key] = t.Value
	}
	return out
}

// stringList reads a list of strings, which may be null.
func stringList(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	var out []string
	if !l.IsNull() && !l.IsUnknown() {
		diags.Append(l.ElementsAs(ctx, &out, false)...)
	}
	return out
}
