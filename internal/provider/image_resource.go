package provider

// The shared image resource: the model and schema that every resource owning one image has
// (cvmimage_custom_image, cvmimage_imported_image, and in part cvmimage_image_copy), and how a
// model takes what the API reports. Their create, read, update and delete steps are in the apply_
// files and refresh.go, their plan-time checks in the plan_ files.

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// Default waits of every resource that owns an image; create waits are per resource.
const (
	defaultImageUpdateTimeout = 10 * time.Minute
	defaultImageDeleteTimeout = 10 * time.Minute
)

// imageCommon is the state every resource that owns an image has, a copy included.
type imageCommon struct {
	ID                 types.String   `tfsdk:"id"`
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

// imageModel is the state cvmimage_custom_image and cvmimage_imported_image share.
type imageModel struct {
	imageCommon
	Region      types.String `tfsdk:"region"`
	Platform    types.String `tfsdk:"platform"`
	LicenseType types.String `tfsdk:"license_type"`
	Snapshots   types.List   `tfsdk:"snapshots"`
}

// ownedImage is the model of a resource that owns an image, as the shared steps see it.
type ownedImage interface {
	// base is the part every such model has.
	base() *imageCommon
	// imageRegion is the region the image lives in.
	imageRegion() string
	// flatten copies what the API reports of the image into the model.
	flatten(img *imageapi.Image, diags *diag.Diagnostics)
	// clearUnknowns makes the state written right after a create, before its wait, complete:
	// Terraform stores it (tainted if the wait fails), and a stored state may hold no unknown value.
	clearUnknowns()
}

var (
	_ ownedImage = (*imageModel)(nil)
	_ ownedImage = (*imageCopyResourceModel)(nil)
)

func (m *imageCommon) base() *imageCommon { return m }
func (m *imageModel) imageRegion() string { return m.Region.ValueString() }

var snapshotAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"disk_usage": types.StringType,
	"size_gb":    types.Int64Type,
}

// imageSchemaAttributes are the attributes both image resources have; each adds its source,
// architecture, license_type and delete_snapshots.
func imageSchemaAttributes(ctx context.Context) map[string]schema.Attribute {
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
			PlanModifiers:       []planmodifier.String{replaceOnceDefaulted()},
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
		"tags":                tagsAttribute("Set when the image is made"),
		"deprecated":          deprecatedAttribute("once it is `NORMAL`"),
		"deletion_protection": deletionProtectionAttribute("image"),
		"force_unshare":       forceUnshareAttribute(),
		"state":               schema.StringAttribute{Computed: true, MarkdownDescription: "The image state: `NORMAL` once usable; `CREATING`, `IMPORTING`, `SYNCING`, `CREATEFAILED` or `IMPORTFAILED` otherwise."},
		"os_name":             stableComputedString("The operating system's name as the API reports it."),
		"platform":            stableComputedString("The operating system's platform, e.g. `TencentOS`, `Ubuntu` or `Windows`."),
		"created_time":        stableComputedString("When the image was made (RFC 3339, UTC)."),
		"size_gb":             sizeAttribute(),
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

// deletionProtectionAttribute is the deletion_protection argument of every resource that owns an
// image (what: "image" or "copy").
func deletionProtectionAttribute(what string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "While true, a plan that destroys or replaces the " + what + " fails, and so does a destroy. " +
			"Set it to false and apply before destroying. Defaults to false.",
	}
}

// forceUnshareAttribute is the force_unshare argument of every resource that owns an image.
func forceUnshareAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "Whether destroying the image first cancels its shares with other accounts. The API deletes no " +
			"shared image, so while this is false (the default) a plan that destroys or replaces an image shared with accounts " +
			"that no share resource manages (shared in the console or by another tool) fails, listing them.",
	}
}

// sizeAttribute is the size_gb attribute of every resource that owns an image.
func sizeAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Computed:            true,
		MarkdownDescription: "The image size in GiB.",
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

// stableComputedString is a computed attribute that keeps its value across updates.
func stableComputedString(d string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: d,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// tagSpecification is how a create attaches the planned tags and the creation token of c.
func (m *imageCommon) tagSpecification(ctx context.Context, c imageCreation, diags *diag.Diagnostics) []imageapi.TagSpecification {
	tags := userTagMap(ctx, m.Tags, diags)
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

func (m *imageCommon) clearUnknowns() {
	for _, s := range []*types.String{&m.Description, &m.Family, &m.State, &m.OsName, &m.Architecture, &m.CreatedTime} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	if m.SizeGB.IsUnknown() {
		m.SizeGB = types.Int64Null()
	}
}

func (m *imageModel) clearUnknowns() {
	m.imageCommon.clearUnknowns()
	for _, s := range []*types.String{&m.Platform, &m.LicenseType} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	if m.Snapshots.IsUnknown() {
		m.Snapshots = types.ListNull(types.ObjectType{AttrTypes: snapshotAttrTypes})
	}
}

// flatten copies what the API reports into the model. Every attribute the API returns is read
// back, so changes made outside Terraform show up as drift. The tags come with the image from
// DescribeImages: a Tag API read would cost a second call per refresh for the same answer.
func (m *imageCommon) flatten(img *imageapi.Image, diags *diag.Diagnostics) {
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

func (m *imageModel) flatten(img *imageapi.Image, diags *diag.Diagnostics) {
	m.imageCommon.flatten(img, diags)
	m.Platform = types.StringValue(img.Platform)
	m.LicenseType = types.StringValue(img.LicenseType)
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

// stringList reads a list of strings, which may be null.
func stringList(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	var out []string
	if !l.IsNull() && !l.IsUnknown() {
		diags.Append(l.ElementsAs(ctx, &out, false)...)
	}
	return out
}
