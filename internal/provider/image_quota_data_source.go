package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var _ datasource.DataSourceWithConfigure = (*imageQuotaDataSource)(nil)

// NewImageQuotaDataSource reports the custom-image quota of a region and how much of it is used.
func NewImageQuotaDataSource() datasource.DataSource { return &imageQuotaDataSource{} }

type imageQuotaDataSource struct {
	pd *providerData
}

type imageQuotaDataSourceModel struct {
	Region    types.String `tfsdk:"region"`
	Quota     types.Int64  `tfsdk:"quota"`
	Used      types.Int64  `tfsdk:"used"`
	Remaining types.Int64  `tfsdk:"remaining"`
}

func (d *imageQuotaDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_image_quota"
}

func (d *imageQuotaDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reports how many custom images this account may hold in a region, how many it holds, and how many more " +
			"it can create, import or copy in. Use it in a precondition to stop a pipeline before it hits the quota.",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"quota": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many custom images the account may hold in the region.",
			},
			"used": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many custom images the account holds in the region, in any state (images still being created count).",
			},
			"remaining": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many more custom images the account can make in the region: `quota` minus `used`, and never below zero.",
			},
		},
	}
}

func (d *imageQuotaDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *imageQuotaDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m imageQuotaDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := regionOrDefault(m.Region, d.pd)
	quota, err := d.pd.client.DescribeImageQuota(ctx, region)
	if err != nil {
		d.pd.addAPIFailure(&resp.Diagnostics, "Cannot Read Image Quota", "Reading the custom-image quota", region, err,
			" Check the region and the credentials' permission for cvm:DescribeImageQuota.")
		return
	}
	// Deprecated images take up quota like any other.
	owned := readImages(ctx, d.pd, region, imageQuery{imageType: imageapi.ImageTypePrivate, includeDeprecated: true}, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	used := int64(len(owned))
	m.Region = types.StringValue(region)
	m.Quota = types.Int64Value(quota)
	m.Used = types.Int64Value(used)
	m.Remaining = types.Int64Value(max(quota-used, 0))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
