package provider

// The model, schema and Read that the list data sources (cvmimage_public_images,
// cvmimage_marketplace_images and cvmimage_shared_images) share; each adds a filter of its own.

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// imageListModel is the part of a list data source's model that every one of them has.
type imageListModel struct {
	imageFilterModel
	Images []lookupImageModel `tfsdk:"images"`
	IDs    []string           `tfsdk:"ids"`
}

// imageListSchema is a list data source's schema: the common filters, the data source's own
// filters, and the results. what names the images listed, in the words of the `images` description.
func imageListSchema(description, what string, own map[string]schema.Attribute) schema.Schema {
	attrs := imageFilterAttributes()
	maps.Copy(attrs, own)
	attrs["images"] = imagesAttribute(what)
	attrs["ids"] = idsAttribute()
	return schema.Schema{MarkdownDescription: description, Attributes: attrs}
}

// imageListConfig is a list data source's model: the common part, and the query its filters make.
type imageListConfig interface {
	listModel() *imageListModel
	listQuery(ctx context.Context) (imageQuery, diag.Diagnostics)
}

func (m *imageListModel) listModel() *imageListModel { return m }

// readImageList is the Read of every list data source: m (a pointer to its model) is filled from
// the configuration, its query runs, and the model with the results becomes the state.
func readImageList(ctx context.Context, pd *providerData, m imageListConfig, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q, diags := m.listQuery(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.listModel().list(ctx, pd, q, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// list runs q in the configured region (or the provider's) and stores the region and the
// matching images in m.
func (m *imageListModel) list(ctx context.Context, pd *providerData, q imageQuery, diags *diag.Diagnostics) {
	m.Region = types.StringValue(regionOrDefault(m.Region, pd))
	images := readImages(ctx, pd, m.Region.ValueString(), q, diags)
	if diags.HasError() {
		return
	}
	m.Images, m.IDs = flattenLookupImages(ctx, images, diags)
}

// flattenLookupImages returns the images' Terraform form and their IDs, in the same order.
func flattenLookupImages(ctx context.Context, images []imageapi.Image, diags *diag.Diagnostics) ([]lookupImageModel, []string) {
	models := make([]lookupImageModel, 0, len(images))
	ids := make([]string, 0, len(images))
	for i := range images {
		m, d := flattenLookupImage(ctx, &images[i])
		diags.Append(d...)
		models = append(models, m)
		ids = append(ids, images[i].ImageId)
	}
	return models, ids
}

// imagesAttribute is the `images` list of the list data sources.
func imagesAttribute(what string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The matching " + what + ", newest first (by creation time, then by image ID).",
		NestedObject:        schema.NestedAttributeObject{Attributes: lookupImageAttributes()},
	}
}

// idsAttribute is the `ids` list of the list data sources.
func idsAttribute() schema.ListAttribute {
	return schema.ListAttribute{
		Computed:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "The IDs of the matching images, in the order of `images`.",
	}
}
