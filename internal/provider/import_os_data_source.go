package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*importOSDataSource)(nil)

// NewImportOSDataSource lists the operating systems ImportImage accepts.
func NewImportOSDataSource() datasource.DataSource { return &importOSDataSource{} }

type importOSDataSource struct {
	pd *providerData
}

type importOSDataSourceModel struct {
	Region   types.String      `tfsdk:"region"`
	OSTypes  []importOSType    `tfsdk:"os_types"`
	Versions []importOSVersion `tfsdk:"versions"`
}

type importOSType struct {
	OSType   types.String `tfsdk:"os_type"`
	Platform types.String `tfsdk:"platform"`
}

type importOSVersion struct {
	OSName        types.String `tfsdk:"os_name"`
	Versions      []string     `tfsdk:"versions"`
	Architectures []string     `tfsdk:"architectures"`
}

func (d *importOSDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_import_os"
}

func (d *importOSDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the operating system types, versions and architectures that importing a disk image accepts " +
			"in a region, so that an import's `os_type`, `os_version` and `architecture` can be checked before apply.",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"os_types": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The operating system types an import accepts, Linux ones first, in the order the API lists them.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"os_type":  schema.StringAttribute{Computed: true, MarkdownDescription: "The operating system type, such as `CentOS` or `Windows Server 2016`."},
					"platform": schema.StringAttribute{Computed: true, MarkdownDescription: "`linux` or `windows`."},
				}},
			},
			"versions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "For each operating system type, the versions and architectures an import accepts.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"os_name":       schema.StringAttribute{Computed: true, MarkdownDescription: "The operating system type, as in `os_types`."},
					"versions":      schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The accepted versions, such as `7` or `22`."},
					"architectures": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The accepted architectures, such as `x86_64`, `i386` or `arm_64`."},
				}},
			},
		},
	}
}

func (d *importOSDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *importOSDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m importOSDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := regionOrDefault(m.Region, d.pd)
	out, err := d.pd.client.DescribeImportImageOs(ctx, region)
	if err != nil {
		d.pd.addAPIFailure(&resp.Diagnostics, "Cannot List Import Operating Systems", "Listing the operating systems ImportImage accepts", region, err,
			" Check the region and the credentials' permission for cvm:DescribeImportImageOs.")
		return
	}
	m.Region = types.StringValue(region)
	m.OSTypes = []importOSType{}
	for _, group := range []struct {
		platform string
		names    []string
	}{{"linux", out.ImportImageOsListSupported.Linux}, {"windows", out.ImportImageOsListSupported.Windows}} {
		for _, name := range group.names {
			m.OSTypes = append(m.OSTypes, importOSType{OSType: types.StringValue(name), Platform: types.StringValue(group.platform)})
		}
	}
	m.Versions = []importOSVersion{}
	for _, v := range out.ImportImageOsVersionSet {
		m.Versions = append(m.Versions, importOSVersion{
			OSName:        types.StringValue(v.OsName),
			Versions:      append([]string{}, v.OsVersions...),
			Architectures: append([]string{}, v.Architecture...),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
