package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	m.flatten(&imageapi.Image{ImageId: "img-abcdefgh", ImageName: "web", ImageState: "NORMAL", ImageSize: 50,
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

// The raw pre-check of conflicting and atLeastOneOf passes what the framework's validators pass
// and leaves every failure to them.
func TestRootsConfigValidatorsMatchFramework(t *testing.T) {
	ctx := context.Background()
	var sr resource.SchemaResponse
	NewCustomImageResource().Schema(ctx, resource.SchemaRequest{}, &sr)
	objType := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	for name, set := range map[string]map[string]tftypes.Value{
		"none":           {},
		"instance":       {"instance_id": str("ins-abcdefgh"), "name": str("a")},
		"both":           {"instance_id": str("ins-abcdefgh"), "name": str("a"), "name_prefix": str("b")},
		"unknown prefix": {"instance_id": unknown, "name_prefix": unknown},
		"snapshots": {"snapshot_ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.String},
			[]tftypes.Value{str("snap-abcdefgh")}), "instance_id": str("ins-abcdefgh")},
	} {
		vals := map[string]tftypes.Value{}
		for n, typ := range objType.AttributeTypes {
			vals[n] = tftypes.NewValue(typ, nil)
		}
		for n, v := range set {
			vals[n] = v
		}
		req := resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(objType, vals)}}
		for i, v := range []struct{ ours, framework resource.ConfigValidator }{
			{conflicting("instance_id", "snapshot_ids"), resourcevalidator.Conflicting(path.MatchRoot("instance_id"), path.MatchRoot("snapshot_ids"))},
			{atLeastOneOf("name", "name_prefix"), resourcevalidator.AtLeastOneOf(path.MatchRoot("name"), path.MatchRoot("name_prefix"))},
		} {
			var ours, theirs resource.ValidateConfigResponse
			v.ours.ValidateResource(ctx, req, &ours)
			v.framework.ValidateResource(ctx, req, &theirs)
			if !ours.Diagnostics.Equal(theirs.Diagnostics) {
				t.Errorf("%s, validator %d: %v, the framework's %v", name, i, ours.Diagnostics, theirs.Diagnostics)
			}
		}
	}
}
