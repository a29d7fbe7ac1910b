package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// The codec reads and writes what the framework's Get and Set read and write.
func TestModelCodecMatchesFramework(t *testing.T) {
	ctx := context.Background()
	var sr resource.SchemaResponse
	NewCustomImageResource().Schema(ctx, resource.SchemaRequest{}, &sr)
	if sr.Diagnostics.HasError() {
		t.Fatal(sr.Diagnostics)
	}
	objType := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	nulls := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		nulls[name] = tftypes.NewValue(typ, nil)
	}
	var base customImageResourceModel // every attribute null
	if d := (tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(objType, nulls)}).Get(ctx, &base); d.HasError() {
		t.Fatal(d)
	}
	m := base
	m.Region = types.StringValue("ap-guangzhou")
	m.Name = types.StringValue("web")
	m.SnapshotIDs = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("snap-gz100001")})
	m.Tags = types.MapUnknown(types.StringType)
	var diags = &sr.Diagnostics
	m.flatten(ctx, &imageapi.Image{ImageId: "img-abcdefgh", ImageName: "web", ImageState: "NORMAL", ImageSize: 50,
		Tags:        []imageapi.Tag{{Key: "team", Value: "a"}},
		SnapshotSet: []imageapi.Snapshot{{SnapshotId: "snap-gz100001", DiskUsage: "SYSTEM_DISK", DiskSize: 50}}}, diags)
	if diags.HasError() {
		t.Fatal(diags)
	}

	for name, model := range map[string]customImageResourceModel{"null": base, "flattened": m} {
		want, got := tfsdk.State{Schema: sr.Schema}, tfsdk.State{Schema: sr.Schema}
		if d := want.Set(ctx, &model); d.HasError() {
			t.Fatal(d)
		}
		if d := stateSet(ctx, &got, &model); d.HasError() {
			t.Fatal(d)
		}
		if !got.Raw.Equal(want.Raw) {
			t.Errorf("%s: stateSet wrote\n%s\nthe framework's Set\n%s", name, got.Raw, want.Raw)
		}
		var viaFramework, viaCodec customImageResourceModel
		if d := want.Get(ctx, &viaFramework); d.HasError() {
			t.Fatal(d)
		}
		if d := stateGet(ctx, want, &viaCodec); d.HasError() {
			t.Fatal(d)
		}
		if !reflect.DeepEqual(viaCodec, viaFramework) {
			t.Errorf("%s: stateGet read\n%+v\nthe framework's Get\n%+v", name, viaCodec, viaFramework)
		}
	}
	if codecFor(ctx, reflect.TypeFor[customImageResourceModel](), sr.Schema) == nil {
		t.Error("the custom image model has no codec: every Get and Set falls back to the framework's")
	}
}
