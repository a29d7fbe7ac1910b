package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	imageListModel
	Family types.String `tfsdk:"family"`
}

func (d *publicImagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_public_images"
}

func (d *publicImagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = imageListSchema("Lists the public images of a region: the official images the cloud publishes, free of charge "+
		"(Windows images in some overseas regions carry a licence fee). Every page of results is read. "+
		"Deprecated images are left out unless `include_deprecated` is `true`.",
		"public images",
		map[string]schema.Attribute{"family": familyFilterAttribute()})
}

func (d *publicImagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *publicImagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readImageList(ctx, d.pd, &publicImagesDataSourceModel{}, req, resp)
}

func (m *publicImagesDataSourceModel) listQuery(context.Context) (imageQuery, diag.Diagnostics) {
	q := m.query(imageapi.ImageTypePublic)
	q.family = m.Family.ValueString()
	return q, nil
}
