package provider

// The movers driven as Terraform drives them, over the plugin protocol: a configured provider
// server gets MoveResourceState requests carrying states in the exact shape the official
// tencentcloudstack/tencentcloud provider writes (its SDKv2 schemas, schema version 0), for images
// that exist in the emulator.

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// The three spellings of the official provider's address a state can carry.
var tencentcloudAddresses = []string{
	"registry.terraform.io/tencentcloudstack/tencentcloud",
	"registry.opentofu.org/tencentcloudstack/tencentcloud",
	"tencentcloud",
}

// move moves a source state of sourceType, from the provider at addr, into target, then refreshes
// it as the plan that follows a move does. It returns the target state's attributes, rendered as
// text, after the move and after the refresh, or the error diagnostics of either as text.
func (m *moveServer) move(addr, sourceType, target, state string) (moved, refreshed map[string]string, errs string) {
	m.t.Helper()
	ctx := context.Background()
	resp, err := m.srv.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: addr, SourceTypeName: sourceType, SourceSchemaVersion: 0,
		SourceState: &tfprotov6.RawState{JSON: []byte(state)}, TargetTypeName: target,
	})
	if err != nil {
		m.t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		return nil, nil, diagText(resp.Diagnostics)
	}
	read, err := m.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: target, CurrentState: resp.TargetState, Private: resp.TargetPrivate})
	if err != nil {
		m.t.Fatal(err)
	}
	moved = m.render(target, resp.TargetState)
	if len(read.Diagnostics) > 0 {
		return moved, nil, diagText(read.Diagnostics)
	}
	return moved, m.render(target, read.NewState), ""
}

// render is a state of target as text, attribute by attribute.
func (m *moveServer) render(target string, state *tfprotov6.DynamicValue) map[string]string {
	m.t.Helper()
	v, err := state.Unmarshal(m.schema.ResourceSchemas[target].ValueType())
	if err != nil {
		m.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		m.t.Fatal(err)
	}
	out := map[string]string{}
	for k, a := range attrs {
		out[k] = renderValue(a)
	}
	return out
}

// expectAttrs fails the test for every attribute of got that is not what want says.
func expectAttrs(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s: %s = %s, want %s", what, k, got[k], want[k])
		}
	}
}

// renderValue is a state value as a user reads it: "null", a string, a number, or [a b] for
// lists and sets, {k=v} for maps.
func renderValue(v tftypes.Value) string {
	if v.IsNull() {
		return "null"
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return fmt.Sprint(b)
	case v.Type().Is(tftypes.Number):
		var n big.Float
		_ = v.As(&n)
		return n.String()
	case v.Type().Is(tftypes.List{}), v.Type().Is(tftypes.Set{}):
		var elems []tftypes.Value
		_ = v.As(&elems)
		var parts []string
		for _, e := range elems {
			parts = append(parts, renderValue(e))
		}
		slices.Sort(parts)
		return "[" + strings.Join(parts, " ") + "]"
	case v.Type().Is(tftypes.Map{}):
		var elems map[string]tftypes.Value
		_ = v.As(&elems)
		var parts []string
		for k, e := range elems {
			parts = append(parts, k+"="+renderValue(e))
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, " ") + "}"
	}
	return v.String()
}

// tencentcloudImageStateJSON is a tencentcloud_image state as the official provider writes it.
func tencentcloudImageStateJSON(id, name, instanceID string, snapshots []string, tags string) string {
	snaps := "null"
	if snapshots != nil {
		snaps = `["` + strings.Join(snapshots, `","`) + `"]`
	}
	inst := `""`
	if instanceID != "" {
		inst = `"` + instanceID + `"`
	}
	return fmt.Sprintf(`{"data_disk_ids":%s,"force_poweroff":%t,"id":%q,"image_description":"moved in","image_family":"","image_name":%q,`+
		`"instance_id":%s,"snapshot_ids":%s,"sysprep":false,"tags":%s}`,
		map[bool]string{true: `["disk-gz100002"]`, false: `[]`}[instanceID != ""], instanceID != "", id, name, inst, snaps, tags)
}

func TestMoveState_customImage(t *testing.T) {
	e := newAccEnv(t)
	fromInstance := e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "web", InstanceId: "ins-gz100001",
		DataDiskIds: []string{"disk-gz100002"}, ImageDescription: "moved in", ForcePoweroff: true,
		TagSpecification: []imageapi.TagSpecification{{ResourceType: "image", Tags: []imageapi.Tag{{Key: "team", Value: "web"}}}}}, nil)
	// Made in another region than the provider's: the official provider's block named ap-shanghai.
	fromSnapshots := e.madeImage("ap-shanghai", &imageapi.CreateImageRequest{ImageName: "db", SnapshotIds: []string{"snap-sh100001", "snap-sh100002"},
		ImageDescription: "moved in"}, nil)
	m := newMoveServer(t, e)
	e.sim.ResetCalls()
	defer e.assertOnlyReads("moves")
	for _, addr := range tencentcloudAddresses {
		t.Run(addr, func(t *testing.T) {
			moved, got, errs := m.move(addr, "tencentcloud_image", "cvmimage_custom_image",
				tencentcloudImageStateJSON(fromInstance, "web", "ins-gz100001", nil, `{"team":"web"}`))
			if errs != "" {
				t.Fatalf("the move failed:\n%s", errs)
			}
			// The move itself has no API: the official state has no region, and the refresh finds it.
			expectAttrs(t, "moved", moved, map[string]string{"id": fromInstance, "region": "null", "name": "web", "tags": "{team=web}"})
			expectAttrs(t, "refreshed", got, map[string]string{
				"id": fromInstance, "region": "ap-guangzhou", "name": "web", "description": "moved in", "family": "",
				"instance_id": "ins-gz100001", "tags": "{team=web}", "state": "NORMAL", "size_gb": "50",
				// The defaults a configuration that leaves them out plans, so that the move plans no change to them.
				"deletion_protection": "false", "force_unshare": "false", "delete_snapshots": "true", "timeouts": "null",
				// Create-time inputs that the next apply records from the configuration, without replacing the image.
				"data_disk_ids": "null", "force_poweroff": "null", "sysprep": "null", "snapshot_ids": "null",
			})

			_, got, errs = m.move(addr, "tencentcloud_image", "cvmimage_custom_image",
				tencentcloudImageStateJSON(fromSnapshots, "db", "", []string{"snap-sh100002", "snap-sh100001"}, `{}`))
			if errs != "" {
				t.Fatalf("the move of the image in ap-shanghai failed:\n%s", errs)
			}
			expectAttrs(t, "refreshed", got, map[string]string{
				"id": fromSnapshots, "region": "ap-shanghai", "name": "db", "instance_id": "null", "tags": "null",
				"delete_snapshots": "false", "snapshot_ids": "null", "size_gb": "50",
			})
		})
	}
}

func TestMoveState_imageShare(t *testing.T) {
	e := newAccEnv(t)
	id := e.ownerSharedImage("shared-base")
	m := newMoveServer(t, e)
	for _, addr := range tencentcloudAddresses {
		t.Run(addr, func(t *testing.T) {
			_, got, errs := m.move(addr, "tencentcloud_cvm_image_share_permission", "cvmimage_image_share",
				fmt.Sprintf(`{"account_ids":[%q],"id":%q,"image_id":%q}`, cvmsim.PeerAccount, id, id))
			if errs != "" {
				t.Fatalf("the move failed:\n%s", errs)
			}
			expectAttrs(t, "refreshed", got, map[string]string{
				"id": "ap-guangzhou/" + id, "region": "ap-guangzhou", "image_id": id,
				"account_ids": "[" + cvmsim.PeerAccount + "]", "timeouts": "null",
			})
		})
	}
}

// tencentcloudImportImageStateJSON is a tencentcloud_cvm_import_image state: its ID is the URL.
func tencentcloudImportImageStateJSON(name string, dryRun bool) string {
	const url = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2"
	return fmt.Sprintf(`{"architecture":"x86_64","boot_mode":"","dry_run":%t,"force":false,"id":%q,"image_description":"",`+
		`"image_name":%q,"image_url":%q,"license_type":"","os_type":"Ubuntu","os_version":"22",`+
		`"tag_specification":[{"resource_type":"image","tags":[{"key":"os","value":"ubuntu"}]}]}`, dryRun, url, name, url)
}

func TestMoveState_importedImage(t *testing.T) {
	e := newAccEnv(t)
	id := e.madeImage(cvmsim.DefaultRegion, nil, &imageapi.ImportImageRequest{Architecture: "x86_64", OsType: "Ubuntu", OsVersion: "22",
		ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2", ImageName: "ubuntu-import",
		TagSpecification: []imageapi.TagSpecification{{ResourceType: "image", Tags: []imageapi.Tag{{Key: "os", Value: "ubuntu"}}}}})
	e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "not-imported", SnapshotIds: []string{"snap-gz100001"}}, nil)
	m := newMoveServer(t, e)
	e.sim.ResetCalls()
	defer e.assertOnlyReads("moves")
	for _, addr := range tencentcloudAddresses {
		t.Run(addr, func(t *testing.T) {
			moved, got, errs := m.move(addr, "tencentcloud_cvm_import_image", "cvmimage_imported_image", tencentcloudImportImageStateJSON("ubuntu-import", false))
			if errs != "" {
				t.Fatalf("the move failed:\n%s", errs)
			}
			expectAttrs(t, "moved", moved, map[string]string{"id": "null", "region": "null", "name": "ubuntu-import"})
			expectAttrs(t, "refreshed", got, map[string]string{
				"id": id, "region": "ap-guangzhou", "name": "ubuntu-import", "architecture": "x86_64", "os_type": "Ubuntu", "os_version": "22",
				"image_url": "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2", "tags": "{os=ubuntu}",
				"license_type": "TencentCloud", "boot_mode": "null", "force": "null", "data_disk_urls": "null",
				"deletion_protection": "false", "force_unshare": "false", "delete_snapshots": "true",
			})
		})
	}
	for _, tc := range []struct{ name, state, want string }{
		{"dry run", tencentcloudImportImageStateJSON("ubuntu-import", true), "Nothing Was Imported"},
		{"no image of that name", tencentcloudImportImageStateJSON("renamed-since", false),
			`Moved Imported Image Not Found: No custom image in ap-guangzhou (the provider's region) is named "renamed-since"`},
		{"an image of that name that was not imported", tencentcloudImportImageStateJSON("not-imported", false), "Moved Image Was Not Imported"},
		{"no name", `{"id":"","image_name":"","image_url":""}`, "Source State Names No Image"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, errs := m.move(tencentcloudAddresses[0], "tencentcloud_cvm_import_image", "cvmimage_imported_image", tc.state)
			if !strings.Contains(errs, tc.want) || !strings.Contains(errs, "state rm") {
				t.Fatalf("the move reported %q, want an error with %q that says what to do", errs, tc.want)
			}
		})
	}
}

func TestMoveState_refused(t *testing.T) {
	e := newAccEnv(t)
	id := e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "web", SnapshotIds: []string{"snap-gz100001"}}, nil)
	gone := e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "gone", SnapshotIds: []string{"snap-gz100001"}}, nil)
	if err := e.sim.DeleteImage(cvmsim.DefaultRegion, gone); err != nil {
		t.Fatal(err)
	}
	m := newMoveServer(t, e)
	e.sim.ResetCalls()
	good := tencentcloudImageStateJSON(id, "web", "", []string{"snap-gz100001"}, `{}`)
	for _, tc := range []struct {
		name, addr, source, target, state, want string
	}{
		{"another provider", "registry.terraform.io/hashicorp/aws", "tencentcloud_image", "cvmimage_custom_image", good,
			`Unsupported Move Source: cvmimage_custom_image can be moved here only from tencentcloud_image of the tencentcloudstack/tencentcloud provider, not from tencentcloud_image of "registry.terraform.io/hashicorp/aws"`},
		{"another namespace", "registry.terraform.io/someone/tencentcloud", "tencentcloud_image", "cvmimage_custom_image", good, "Unsupported Move Source"},
		{"another resource type", tencentcloudAddresses[0], "tencentcloud_instance", "cvmimage_custom_image", good,
			"not from tencentcloud_instance"},
		{"a share into an image", tencentcloudAddresses[1], "tencentcloud_cvm_image_share_permission", "cvmimage_custom_image", good,
			"only from tencentcloud_image"},
		{"an image into a share", tencentcloudAddresses[2], "tencentcloud_image", "cvmimage_image_share", good,
			"only from tencentcloud_cvm_image_share_permission"},
		{"copies into an image", tencentcloudAddresses[0], "tencentcloud_cvm_sync_image", "cvmimage_custom_image", `{"id":"` + id + `"}`,
			"Copies Cannot Be Moved: tencentcloud_cvm_sync_image does not record the IDs of the copies it made"},
		{"copies into a copy", tencentcloudAddresses[2], "tencentcloud_cvm_sync_image", "cvmimage_image_copy", `{"id":"` + id + `"}`,
			"DESTINATION_REGION/IMAGE_ID/SOURCE_REGION/SOURCE_IMAGE_ID"},
		{"a share permission into one account's share", tencentcloudAddresses[0], "tencentcloud_cvm_image_share_permission", "cvmimage_image_share_account",
			`{"id":"` + id + `","image_id":"` + id + `","account_ids":["100000000002"]}`, "move it to cvmimage_image_share"},
		{"missing id", tencentcloudAddresses[0], "tencentcloud_image", "cvmimage_custom_image", `{"image_name":"web"}`,
			`Source State Has No Image ID: The tencentcloud_image to move holds the ID "", which is not an image ID`},
		{"share missing id", tencentcloudAddresses[0], "tencentcloud_cvm_image_share_permission", "cvmimage_image_share", `{"account_ids":[]}`,
			"Source State Has No Image ID"},
		{"not JSON", tencentcloudAddresses[0], "tencentcloud_image", "cvmimage_custom_image", `{"id":`,
			"Unreadable Source State: The state of the tencentcloud_image to move is not the shape of tencentcloudstack/tencentcloud's tencentcloud_image"},
		{"wrong shape", tencentcloudAddresses[0], "tencentcloud_image", "cvmimage_custom_image", `{"id":"` + id + `","snapshot_ids":"snap-gz100001"}`,
			"Unreadable Source State"},
		{"deleted image", tencentcloudAddresses[0], "tencentcloud_image", "cvmimage_custom_image", tencentcloudImageStateJSON(gone, "gone", "", nil, `{}`),
			"Moved Image Not Found: Image " + gone + ", moved in from the tencentcloud provider, is not one of this account's custom images in ap-guangzhou or any other region"},
		{"a public image", tencentcloudAddresses[0], "tencentcloud_image", "cvmimage_custom_image", tencentcloudImageStateJSON(e.publicImageID(cvmsim.DefaultRegion), "x", "", nil, `{}`),
			"Moved Image Is Not Yours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, errs := m.move(tc.addr, tc.source, tc.target, tc.state)
			if !strings.Contains(errs, tc.want) {
				t.Fatalf("the move reported:\n%s\nwant an error containing %q", errs, tc.want)
			}
		})
	}

	t.Run("schema version", func(t *testing.T) {
		resp, err := m.srv.MoveResourceState(context.Background(), &tfprotov6.MoveResourceStateRequest{
			SourceProviderAddress: tencentcloudAddresses[0], SourceTypeName: "tencentcloud_image", SourceSchemaVersion: 1,
			SourceState: &tfprotov6.RawState{JSON: []byte(good)}, TargetTypeName: "cvmimage_custom_image",
		})
		if err != nil {
			t.Fatal(err)
		}
		if errs := diagText(resp.Diagnostics); !strings.Contains(errs, "Unknown Source Schema Version") || !strings.Contains(errs, "Import") {
			t.Fatalf("a state of schema version 1 was answered with %q", errs)
		}
	})
	e.assertOnlyReads("moves")
}
