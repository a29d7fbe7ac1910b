// Command tencentcloud-standin stands in for Tencent Cloud's official provider
// (tencentcloudstack/tencentcloud) in the tests of moving its resources into this provider:
// Terraform plans a move out of a state only with the source provider installed, and the official
// one cannot be downloaded where the tests run.
//
// Its image resources have the official provider's schemas, attribute for attribute (SDKv2
// resources of schema version 0, whose implicit id is optional and computed), and keep state
// only: nothing calls any API. Each gets the ID the official resource would have: a
// tencentcloud_image the ID of an image that already exists, which the environment variable
// TENCENTCLOUD_STANDIN_IMAGE_IDS gives by image name ("web=img-abcd1234,db=img-efgh5678"); the
// others the value of an argument (image_id, or the image_url of tencentcloud_cvm_import_image).
package main

import (
	"context"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return standin{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/tencentcloudstack/tencentcloud"})
	if err != nil {
		log.Fatal(err)
	}
}

type standin struct{}

func (standin) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tencentcloud"
}

func (standin) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{Attributes: map[string]providerschema.Attribute{
		"region": providerschema.StringAttribute{Optional: true},
	}}
}

func (standin) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (standin) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (standin) Resources(context.Context) []func() resource.Resource {
	str := func(required bool) schema.StringAttribute {
		return schema.StringAttribute{Required: required, Optional: !required}
	}
	stringSet := schema.SetAttribute{Optional: true, ElementType: types.StringType}
	optBool := schema.BoolAttribute{Optional: true}
	id := schema.StringAttribute{Optional: true, Computed: true}
	tag := types.ObjectType{AttrTypes: map[string]attr.Type{"key": types.StringType, "value": types.StringType}}
	return []func() resource.Resource{
		stateOnly("tencentcloud_image", "image_name", map[string]schema.Attribute{
			"id":                id,
			"image_name":        str(true),
			"instance_id":       str(false),
			"snapshot_ids":      stringSet,
			"image_description": str(false),
			"force_poweroff":    schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
			"sysprep":           optBool,
			"data_disk_ids":     schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType},
			"image_family":      str(false),
			"tags":              schema.MapAttribute{Optional: true, ElementType: types.StringType},
		}),
		stateOnly("tencentcloud_cvm_image_share_permission", "image_id", map[string]schema.Attribute{
			"id":          id,
			"image_id":    str(true),
			"account_ids": schema.SetAttribute{Required: true, ElementType: types.StringType},
		}),
		stateOnly("tencentcloud_cvm_import_image", "image_url", map[string]schema.Attribute{
			"id":                id,
			"architecture":      str(true),
			"os_type":           str(true),
			"os_version":        str(true),
			"image_url":         str(true),
			"image_name":        str(true),
			"image_description": str(false),
			"dry_run":           optBool,
			"force":             optBool,
			"tag_specification": schema.ListAttribute{Optional: true, ElementType: types.ObjectType{AttrTypes: map[string]attr.Type{
				"resource_type": types.StringType, "tags": types.ListType{ElemType: tag},
			}}},
			"license_type": str(false),
			"boot_mode":    str(false),
		}),
		stateOnly("tencentcloud_cvm_sync_image", "image_id", map[string]schema.Attribute{
			"id":                  id,
			"image_id":            str(true),
			"destination_regions": schema.SetAttribute{Required: true, ElementType: types.StringType},
			"dry_run":             optBool,
			"image_name":          str(false),
			"image_set_required":  optBool,
			"encrypt":             optBool,
			"kms_key_id":          str(false),
			"image_set": schema.ListAttribute{Computed: true, ElementType: types.ObjectType{AttrTypes: map[string]attr.Type{
				"image_id": types.StringType, "region": types.StringType,
			}}},
		}),
	}
}

// stateOnly is a resource that stores its planned values; an unset id comes from the argument idFrom.
func stateOnly(typeName, idFrom string, attrs map[string]schema.Attribute) func() resource.Resource {
	return func() resource.Resource { return &stateOnlyResource{typeName: typeName, idFrom: idFrom, attrs: attrs} }
}

type stateOnlyResource struct {
	typeName, idFrom string
	attrs            map[string]schema.Attribute
}

func (r *stateOnlyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *stateOnlyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Version: 0, Attributes: r.attrs}
}

func (r *stateOnlyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.store(ctx, req.Plan.Raw, &resp.State)...)
}

func (r *stateOnlyResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *stateOnlyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.store(ctx, req.Plan.Raw, &resp.State)...)
}

func (r *stateOnlyResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// store writes the plan as the state, with what is still unknown (computed and unset) null, and
// an unset id taken from idFrom.
func (r *stateOnlyResource) store(ctx context.Context, plan tftypes.Value, state *tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	v, err := tftypes.Transform(plan, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		diags.AddError("Cannot Store State", err.Error())
		return diags
	}
	state.Raw = v
	var id types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...)
	if id.IsNull() {
		diags.Append(state.GetAttribute(ctx, path.Root(r.idFrom), &id)...)
		if r.typeName == "tencentcloud_image" {
			id = types.StringValue(imageIDs()[id.ValueString()])
		}
		diags.Append(state.SetAttribute(ctx, path.Root("id"), id)...)
	}
	if id.ValueString() == "" {
		diags.AddAttributeError(path.Root("id"), "Missing ID", "TENCENTCLOUD_STANDIN_IMAGE_IDS names no image ID for this image.")
	}
	return diags
}

// imageIDs are the IDs of the images tencentcloud_image resources stand for, by image name.
func imageIDs() map[string]string {
	ids := map[string]string{}
	for _, pair := range strings.Split(os.Getenv("TENCENTCLOUD_STANDIN_IMAGE_IDS"), ",") {
		if name, id, ok := strings.Cut(pair, "="); ok {
			ids[name] = id
		}
	}
	return ids
}
