package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var _ datasource.DataSourceWithConfigure = (*marketplaceImagesDataSource)(nil)

// NewMarketplaceImagesDataSource lists third-party vendors' images.
func NewMarketplaceImagesDataSource() datasource.DataSource { return &marketplaceImagesDataSource{} }

type marketplaceImagesDataSource struct {
	pd *providerData
}

type marketplaceImagesDataSourceModel struct {
	imageListModel
	Vendor types.String `tfsdk:"vendor"`
}

func (d *marketplaceImagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_marketplace_images"
}

func (d *marketplaceImagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = imageListSchema("Lists the marketplace images of a region: images that third-party vendors publish (for example "+
		"PHP, Java, Nginx, Docker or WordPress stacks) after the cloud reviews them. Some are paid: an instance launched "+
		"from one costs the instance plus the vendor's image fee. Every page of results is read. Deprecated images are "+
		"left out unless `include_deprecated` is `true`.",
		"marketplace images",
		map[string]schema.Attribute{"vendor": vendorAttribute()})
}

func (d *marketplaceImagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *marketplaceImagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readImageList(ctx, d.pd, &marketplaceImagesDataSourceModel{}, req, resp)
}

func (m *marketplaceImagesDataSourceModel) listQuery(context.Context) (imageQuery, diag.Diagnostics) {
	q := m.query(imageapi.ImageTypeMarket)
	if v := m.Vendor.ValueString(); v != "" {
		q.creators = []string{v}
	}
	return q, nil
}

// vendorAttribute is the marketplace vendor filter, shared with cvmimage_image.
func vendorAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The vendor that published the image, exactly as the API reports it in `creator`. " +
			"Pinning the vendor guards against look-alike images that another vendor names the same way.",
	}
}
