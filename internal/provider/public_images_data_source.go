package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var _ datasource.DataSourceWithConfigure = (*publicImagesDataSource)(nil)

// NewPublicImagesDataSource lists the cloud's official images.
func NewPublicImagesDataSource() datasource.DataSource { return &publicImagesDataSource{} }

type publicImagesDataSource struct {
	pd *providerData
}

type publicImagesDataSourceModel struct {
	imageFilterModel
	Family types.String       `tfsdk:"family"`
	Images []lookupImageModel `tfsdk:"images"`
	IDs    []string           `tfsdk:"ids"`
}

func (d *publicImagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_public_images"
}

func (d *publicImagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := imageFilterAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"family": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The image family the images must belong to, such as `ubuntu`.",
		},
		"images": imagesAttribute("public images"),
		"ids":    idsAttribute(),
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the public images of a region: the official images the cloud publishes, free of charge " +
			"(Windows images in some overseas regions carry a licence fee). Every page of results is read. " +
			"Deprecated images are left out unless `include_deprecated` is `true`.",
		Attributes: attrs,
	}
}

func (d *publicImagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *publicImagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m publicImagesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q := m.query(imageapi.ImageTypePublic)
	q.family = m.Family.ValueString()
	m.Region = types.StringValue(regionOrDefault(m.Region, d.pd))
	images := readImages(ctx, d.pd, m.Region.ValueString(), q, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Images, m.IDs = flattenLookupImages(ctx, images, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
