package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var (
	_ datasource.DataSourceWithConfigure        = (*imageDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*imageDataSource)(nil)
)

// NewImageDataSource finds exactly one image of any type.
func NewImageDataSource() datasource.DataSource { return &imageDataSource{} }

type imageDataSource struct {
	pd *providerData
}

// Values of image_type, and what the API calls them.
var imageTypes = map[string]string{
	"public":      imageapi.ImageTypePublic,
	"marketplace": imageapi.ImageTypeMarket,
	"custom":      imageapi.ImageTypePrivate,
	"shared":      imageapi.ImageTypeShared,
}

// maxListedCandidates is how many images the "more than one match" error names.
const maxListedCandidates = 5

// imageDataSourceModel: name, platform, architecture and family are both filters and outputs (they
// come from the embedded lookupImageModel); when set, the match has exactly the configured value.
type imageDataSourceModel struct {
	ImageType         types.String `tfsdk:"image_type"`
	Region            types.String `tfsdk:"region"`
	ImageID           types.String `tfsdk:"image_id"`
	NameRegex         types.String `tfsdk:"name_regex"`
	OSNameRegex       types.String `tfsdk:"os_name_regex"`
	IncludeDeprecated types.Bool   `tfsdk:"include_deprecated"`
	Vendor            types.String `tfsdk:"vendor"`
	OwnerAccountIDs   types.Set    `tfsdk:"owner_account_ids"`
	MostRecent        types.Bool   `tfsdk:"most_recent"`
	AllowUnsafeFilter types.Bool   `tfsdk:"allow_unsafe_filter"`
	lookupImageModel
}

func (d *imageDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_image"
}

func (d *imageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := lookupImageAttributes()
	filters := imageFilterAttributes()
	for _, both := range []string{"platform", "architecture"} {
		a := filters[both].(schema.StringAttribute)
		a.Computed = true
		filters[both] = a
	}
	maps.Copy(attrs, filters)
	maps.Copy(attrs, map[string]schema.Attribute{
		"image_type": schema.StringAttribute{
			Optional:   true,
			Computed:   true,
			Validators: []validator.String{stringvalidator.OneOf("public", "marketplace", "custom", "shared")},
			MarkdownDescription: "Which images to look among: `public` (the cloud's official images), `marketplace` (third-party vendors' images), `custom` (this account's own images) or `shared` (images other accounts shared with this one). " +
				"Required, except in a family look-up (`family` and no other filter), where it is the type of the image found.",
		},
		"image_id": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The image ID to look up. The image must still match the other filters.",
		},
		"name": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: "The exact image name to match; when not set, the name of the image found.",
		},
		"family": schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: "The image family to match, such as `ubuntu`; when not set, the family of the image found (empty when it has none). " +
				"Set alone (no `image_type` and no other filter), it finds the family's current image: the newest image of the family in the region that is `NORMAL` and not deprecated, as `DescribeImageFromFamily` resolves it. " +
				"When the family's images are made in the same configuration, add `depends_on` so the look-up runs after them.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"vendor":            vendorAttribute(),
		"owner_account_ids": ownerAccountIDsAttribute(),
		"most_recent": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "When more than one image matches, take the newest instead of failing. Defaults to `false`. " +
				"With `image_type` `marketplace` or `shared` it requires `vendor` or `owner_account_ids`, or `allow_unsafe_filter`, " +
				"because anyone can publish or share an image under a name that matches yours.",
		},
		"allow_unsafe_filter": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Accept `most_recent` on marketplace or shared images without pinning the vendor or the owner accounts. " +
				"Defaults to `false`. Only set it when a look-alike image that someone else publishes would be harmless.",
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds exactly one image in a region: a public, marketplace, custom or shared image matching the filters. " +
			"It fails when nothing matches, and when more than one image matches unless `most_recent` is `true`. " +
			"Every page of results is read, and deprecated images are left out unless `include_deprecated` is `true`. " +
			"With `family` alone it finds the family's current image (the newest that is `NORMAL` and not deprecated), " +
			"so that instances always launch from the latest golden image.",
		Attributes: attrs,
	}
}

func (d *imageDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *imageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m imageDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := regionOrDefault(m.Region, d.pd)
	if m.ImageType.IsNull() {
		d.readFamily(ctx, &m, region, resp)
		return
	}
	q := imageFilterModel{
		NameRegex:         m.NameRegex,
		OSNameRegex:       m.OSNameRegex,
		Platform:          m.Platform,
		Architecture:      m.Architecture,
		IncludeDeprecated: m.IncludeDeprecated,
	}.query(imageTypes[m.ImageType.ValueString()])
	q.imageID = m.ImageID.ValueString()
	q.name = m.Name.ValueString()
	q.family = m.Family.ValueString()
	q.creators = setStrings(m.OwnerAccountIDs)
	if v := m.Vendor.ValueString(); v != "" {
		q.creators = []string{v}
	}
	images := readImages(ctx, d.pd, region, q, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	kind := m.ImageType.ValueString()
	switch {
	case len(images) == 0:
		resp.Diagnostics.AddError("No Matching Image",
			fmt.Sprintf("No %s image in %s matches the filters.%s Loosen the filters, or check the region.",
				kind, region, deprecatedHint(q)))
		return
	case len(images) > 1 && !m.MostRecent.ValueBool():
		resp.Diagnostics.AddError("More Than One Matching Image",
			fmt.Sprintf("%d %s images in %s match the filters, newest first: %s. Narrow the filters (for example with image_id or name), "+
				"or set most_recent = true to take the newest.", len(images), kind, region, describeCandidates(images)))
		return
	}
	img, diags := flattenLookupImage(ctx, &images[0])
	resp.Diagnostics.Append(diags...)
	m.lookupImageModel = img
	m.Region = types.StringValue(region)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readFamily is the family look-up: the cloud resolves the family to its current image, so
// the provider neither lists nor ranks the family's images itself.
func (d *imageDataSource) readFamily(ctx context.Context, m *imageDataSourceModel, region string, resp *datasource.ReadResponse) {
	family := m.Family.ValueString()
	img, err := d.pd.client.DescribeImageFromFamily(ctx, region, family)
	if err != nil {
		d.pd.addAPIFailure(&resp.Diagnostics, "Cannot Resolve Image Family", fmt.Sprintf("Resolving image family %q", family), region, err,
			" Check the family name, the region and the credentials' permission for cvm:DescribeImageFromFamily, then retry.")
		return
	}
	if img == nil {
		resp.Diagnostics.AddAttributeError(path.Root("family"), "No Image In Family",
			fmt.Sprintf("Image family %q has no usable image in %s: no image of that family this account can see is NORMAL and not deprecated. "+
				"Check the family name and the region. An image still being created joins its family once it is NORMAL (when this "+
				"configuration makes it, add depends_on on its resource to the look-up); "+
				"to take a deprecated image, set image_type and include_deprecated = true.", family, region))
		return
	}
	found, diags := flattenLookupImage(ctx, img)
	resp.Diagnostics.Append(diags...)
	m.lookupImageModel = found
	m.Region = types.StringValue(region)
	m.ImageType = types.StringValue(imageTypeName(img.ImageType))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// imageTypeName is the image_type value of an API image type.
func imageTypeName(apiType string) string {
	for name, t := range imageTypes {
		if t == apiType {
			return name
		}
	}
	return apiType
}

// familyOnly reports whether the configuration names a family and nothing else that narrows the
// look-up, which is what DescribeImageFromFamily answers. An unknown filter counts as set.
func (m imageDataSourceModel) familyOnly() bool {
	for _, v := range []attr.Value{m.ImageType, m.ImageID, m.Name, m.NameRegex, m.OSNameRegex, m.Platform, m.Architecture, m.Vendor, m.OwnerAccountIDs} {
		if !v.IsNull() {
			return false
		}
	}
	return !m.Family.IsNull() && !m.IncludeDeprecated.IsUnknown() && !m.IncludeDeprecated.ValueBool()
}

func (d *imageDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{imageFilterSafety{}}
}

func deprecatedHint(q imageQuery) string {
	if q.includeDeprecated {
		return ""
	}
	return " Deprecated images were not considered (include_deprecated is false)."
}

// describeCandidates names the first few images of a too-wide match, so the user can see why.
func describeCandidates(images []imageapi.Image) string {
	var parts []string
	for _, img := range images[:min(len(images), maxListedCandidates)] {
		parts = append(parts, fmt.Sprintf("%s (%q, created %s)", img.ImageId, img.ImageName, img.CreatedTime))
	}
	if len(images) > maxListedCandidates {
		parts = append(parts, fmt.Sprintf("and %d more", len(images)-maxListedCandidates))
	}
	return strings.Join(parts, ", ")
}

// imageFilterSafety checks, before any plan, that the publisher filters fit the image type and that
// most_recent cannot land on an image a stranger named like the wanted one (the AWS provider's
// owners/allow_unsafe_filter lesson).
type imageFilterSafety struct{}

func (imageFilterSafety) Description(context.Context) string {
	return "image_type is set unless family is the only filter, vendor and owner_account_ids fit image_type, and most_recent on marketplace or shared images pins the publisher unless allow_unsafe_filter is set"
}

func (v imageFilterSafety) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (imageFilterSafety) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m imageDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ImageType.IsUnknown() {
		return
	}
	if m.ImageType.IsNull() {
		if !m.Family.IsUnknown() && !m.familyOnly() {
			resp.Diagnostics.AddAttributeError(path.Root("image_type"), "Missing Image Type",
				"image_type is required unless family is the only filter. Set image_type to \"public\", \"marketplace\", \"custom\" or \"shared\"; "+
					"or, to take an image family's current image (the newest that is NORMAL and not deprecated), set family and no other filter.")
		}
		return
	}
	kind := m.ImageType.ValueString()
	if !m.Vendor.IsNull() && kind != "marketplace" {
		resp.Diagnostics.AddAttributeError(path.Root("vendor"), "Filter Does Not Apply",
			fmt.Sprintf("vendor filters marketplace images, but image_type is %q. Remove vendor, or set image_type = \"marketplace\".", kind))
	}
	if !m.OwnerAccountIDs.IsNull() && kind != "shared" {
		resp.Diagnostics.AddAttributeError(path.Root("owner_account_ids"), "Filter Does Not Apply",
			fmt.Sprintf("owner_account_ids filters shared images, but image_type is %q. Remove owner_account_ids, or set image_type = \"shared\".", kind))
	}
	publisher := map[string]string{"marketplace": "vendor", "shared": "owner_account_ids"}[kind]
	pinned := !m.Vendor.IsNull() || !m.OwnerAccountIDs.IsNull() || !m.ImageID.IsNull()
	if publisher == "" || pinned || !m.MostRecent.ValueBool() || m.AllowUnsafeFilter.IsUnknown() || m.AllowUnsafeFilter.ValueBool() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("most_recent"), "Unsafe Image Filter",
		fmt.Sprintf("most_recent = true takes the newest %s image that matches, and anyone can publish or share an image under any name, "+
			"so a look-alike could be chosen. Set %s to the publisher you trust, or set allow_unsafe_filter = true to accept the risk.",
			kind, publisher))
}
