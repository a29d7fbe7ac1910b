// Package provider is the Terraform layer: provider configuration, resources, data sources,
// plan-time limit checks and import.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ provider.Provider = (*cvmimageProvider)(nil)

// New returns the provider factory for a release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &cvmimageProvider{version: version} }
}

type cvmimageProvider struct {
	version string
}

func (p *cvmimageProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cvmimage"
	resp.Version = p.version
}

func (p *cvmimageProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Tencent Cloud CVM custom images, image copies and image shares, and looks up public, marketplace and shared images.",
	}
}

func (p *cvmimageProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (p *cvmimageProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *cvmimageProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPublicImagesDataSource,
		NewMarketplaceImagesDataSource,
		NewSharedImagesDataSource,
		NewImageDataSource,
		NewImageQuotaDataSource,
		NewImportOSDataSource,
	}
}
