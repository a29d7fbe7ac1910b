package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var _ datasource.DataSourceWithConfigure = (*customImagesDataSource)(nil)

// NewCustomImagesDataSource lists the account's own custom images.
func NewCustomImagesDataSource() datasource.DataSource { return &customImagesDataSource{} }

type customImagesDataSource struct {
	pd *providerData
}

type customImagesDataSourceModel struct {
	imageListModel
	Family types.String `tfsdk:"family"`
	Tags   types.Map    `tfsdk:"tags"`
	State  types.String `tfsdk:"state"`
}

// imageStates are the states an image can be in, as the API spells them.
var imageStates = []string{
	imageapi.StateNormal, imageapi.StateCreating, imageapi.StateCreateFailed,
	imageapi.StateSyncing, imageapi.StateImporting, imageapi.StateImportFailed,
}

func (d *customImagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_custom_images"
}

func (d *customImagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = imageListSchema("Lists this account's own custom images in a region, in every state unless `state` says which: "+
		"images made from instances or snapshots, imported images and copies. Every page of results is read. "+
		"Deprecated images are left out unless `include_deprecated` is `true`.",
		"custom images",
		map[string]schema.Attribute{
			"family": familyFilterAttribute(),
			"tags": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Map{mapvalidator.SizeAtLeast(1)},
				MarkdownDescription: "Tags the images must carry, every one of them with the value given; other tags on an image do not matter.",
			},
			"state": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(imageStates...)},
				MarkdownDescription: "The state the images must be in, such as `NORMAL` (usable), `CREATING` or `CREATEFAILED`. " +
					"When not set, images in every state are listed.",
			},
		})
}

func (d *customImagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *customImagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readImageList(ctx, d.pd, &customImagesDataSourceModel{}, req, resp)
}

func (m *customImagesDataSourceModel) listQuery(ctx context.Context) (imageQuery, diag.Diagnostics) {
	q := m.query(imageapi.ImageTypePrivate)
	q.family = m.Family.ValueString()
	q.state = m.State.ValueString()
	diags := m.Tags.ElementsAs(ctx, &q.tags, false)
	return q, diags
}
