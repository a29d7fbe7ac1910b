package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var _ datasource.DataSourceWithConfigure = (*sharedImagesDataSource)(nil)

// NewSharedImagesDataSource lists the images other accounts shared with this one.
func NewSharedImagesDataSource() datasource.DataSource { return &sharedImagesDataSource{} }

type sharedImagesDataSource struct {
	pd *providerData
}

type sharedImagesDataSourceModel struct {
	imageListModel
	OwnerAccountIDs types.Set `tfsdk:"owner_account_ids"`
}

func (d *sharedImagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shared_images"
}

func (d *sharedImagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = imageListSchema("Lists the images that other accounts have shared with this account in a region. Shared images "+
		"can only launch instances, and the cloud does not review them: pin `owner_account_ids` to the accounts you trust. "+
		"Every page of results is read. Deprecated images are left out unless `include_deprecated` is `true`.",
		"shared images; `creator` is the account that shared each one",
		map[string]schema.Attribute{"owner_account_ids": ownerAccountIDsAttribute()})
}

func (d *sharedImagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *sharedImagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readImageList(ctx, d.pd, &sharedImagesDataSourceModel{}, req, resp)
}

func (m *sharedImagesDataSourceModel) listQuery(context.Context) (imageQuery, diag.Diagnostics) {
	q := m.query(imageapi.ImageTypeShared)
	q.creators = setStrings(m.OwnerAccountIDs)
	return q, nil
}

// ownerAccountIDsAttribute is the shared-image owner filter, shared with cvmimage_image.
func ownerAccountIDsAttribute() schema.SetAttribute {
	return schema.SetAttribute{
		Optional:    true,
		ElementType: types.StringType,
		Validators: []validator.Set{
			setvalidator.SizeAtLeast(1),
			setvalidator.ValueStringsAre(stringvalidator.RegexMatches(regexp.MustCompile(`^[0-9]+$`), "must be a numeric account ID")),
		},
		MarkdownDescription: "The accounts (numeric account IDs) whose shared images count as matches. Anyone can share an " +
			"image with any account, so pinning the owners is what keeps a look-alike image out.",
	}
}
