package clitest

// A migration from the official tencentcloud provider, as a user runs it with the real CLI: the
// official provider's resources in the state, then a configuration of this provider's resources
// with moved blocks. Terraform plans a move out of a state only with the source provider installed,
// so a stand-in of the official provider (internal/provider/testdata/tencentcloud-standin: its
// schemas, state only) plays it; it stays there because the migration guide builds it from there.

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// examplesDir is the repository's examples/, relative to this package.
const examplesDir = "../../../examples"

// buildStandinBinary builds the stand-in of the official provider.
func buildStandinBinary(t *testing.T) string {
	t.Helper()
	return buildTestBinary(t, "terraform-provider-tencentcloud", "../testdata/tencentcloud-standin", "the stand-in of the tencentcloud provider")
}

// writeMoveCLIConfig writes a CLI configuration whose dev_overrides serve this provider and the
// stand-in, under Terraform's and OpenTofu's registries.
func writeMoveCLIConfig(t *testing.T, path, cvmimageBin, standinBin string) {
	t.Helper()
	var lines []string
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		lines = append(lines,
			fmt.Sprintf("    %q = %q", host+"/cvmimage/cvmimage", filepath.Dir(cvmimageBin)),
			fmt.Sprintf("    %q = %q", host+"/tencentcloudstack/tencentcloud", filepath.Dir(standinBin)))
	}
	writeFile(t, path, "provider_installation {\n  dev_overrides {\n"+strings.Join(lines, "\n")+"\n  }\n  direct {}\n}\n")
}

// migrationGuideExample is the example configuration of the migration guide, before (the
// official provider's) or after (this provider's, with the moved, removed and import blocks).
func migrationGuideExample(t *testing.T, which string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(examplesDir, "guides", "migrating-from-tencentcloud", which, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// officialImages makes, through the API, what the official provider's configuration made: the
// two images, the share, the import and the copies. It returns their IDs, the copies' by region.
func officialImages(t *testing.T, endpoint string) (web, db, imported string, copies map[string]string) {
	t.Helper()
	ctx := context.Background()
	c, err := imageapi.New(imageapi.Config{Endpoint: endpoint, SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey, Region: cvmsim.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	tags := func(kv ...string) []imageapi.TagSpecification {
		spec := imageapi.TagSpecification{ResourceType: "image"}
		for i := 0; i < len(kv); i += 2 {
			spec.Tags = append(spec.Tags, imageapi.Tag{Key: kv[i], Value: kv[i+1]})
		}
		return []imageapi.TagSpecification{spec}
	}
	region := cvmsim.DefaultRegion
	web, err = c.CreateImage(ctx, region, imageapi.CreateImageRequest{ImageName: "web", ImageDescription: "web tier", InstanceId: "ins-gz100001",
		DataDiskIds: []string{"disk-gz100002"}, ForcePoweroff: true, TagSpecification: tags("team", "web")})
	if err == nil {
		db, err = c.CreateImage(ctx, region, imageapi.CreateImageRequest{ImageName: "db", SnapshotIds: []string{"snap-gz100001", "snap-gz100002"},
			TagSpecification: tags("team", "db", "tier", "data")})
	}
	if err == nil {
		imported, err = c.ImportImage(ctx, region, imageapi.ImportImageRequest{ImageName: "ubuntu", Architecture: "x86_64", OsType: "Ubuntu", OsVersion: "22",
			ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2", TagSpecification: tags("os", "ubuntu")})
	}
	for _, id := range []string{web, db, imported} {
		if err == nil {
			_, err = c.WaitForImage(ctx, region, id, imageapi.StateNormal)
		}
	}
	if err == nil {
		err = c.ModifyImageSharePermission(ctx, region, imageapi.ModifyImageSharePermissionRequest{
			ImageId: web, AccountIds: []string{cvmsim.PeerAccount}, Permission: imageapi.PermissionShare})
	}
	copies = map[string]string{}
	for _, dest := range []string{"ap-shanghai", "ap-beijing"} {
		var out *imageapi.SyncImagesResponse
		if err == nil {
			out, err = c.SyncImages(ctx, region, imageapi.SyncImagesRequest{ImageIds: []string{web}, DestinationRegions: []string{dest},
				ImageName: "web", ImageSetRequired: true})
		}
		if err == nil {
			copies[dest] = out.ImageSet[0].ImageId
			_, err = c.WaitForImage(ctx, dest, copies[dest], imageapi.StateNormal)
		}
	}
	if err != nil {
		t.Fatalf("making the official provider's images: %v", err)
	}
	return web, db, imported, copies
}

// The provider's own tags, spelled out as a user sees them (package provider's shareMarkPrefix,
// shareMarkAll and copySourceTag, which this package does not see): the mark of an image whose
// shares it manages, all of them, and a copy's source.
const (
	shareMarkTag  = "cvmimage:shares:0"
	shareMarkAll  = "*"
	copySourceTag = "cvmimage:source"
)

func TestAccCLI_moveFromTencentcloud(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	c := newCLIEnv(t, buildProviderBinary(t), nil)
	writeMoveCLIConfig(t, filepath.Join(c.dir, "cli.tfrc"), c.bin, buildStandinBinary(t))
	web, db, imported, copies := officialImages(t, c.server.URL)
	before := c.sim.CustomImages(cvmsim.OwnerAccount, "")
	c.env = append(c.env, "TENCENTCLOUD_STANDIN_IMAGE_IDS=web="+web+",db="+db,
		"CVMIMAGE_ENDPOINT="+c.server.URL, "TENCENTCLOUD_SECRET_ID="+cvmsim.OwnerSecretID, "TENCENTCLOUD_SECRET_KEY="+cvmsim.OwnerSecretKey)

	main := filepath.Join(c.dir, "main.tf")
	writeFile(t, main, migrationGuideExample(t, "before"))
	c.run(nil, "apply", "-auto-approve", "-input=false")

	c.sim.ResetCalls()
	writeFile(t, main, migrationGuideExample(t, "after"))
	writeFile(t, filepath.Join(c.dir, "terraform.tfvars"),
		fmt.Sprintf("web_copies = {\n  \"ap-shanghai\" = %q\n  \"ap-beijing\"  = %q\n}\n", copies["ap-shanghai"], copies["ap-beijing"]))
	// Only a refresh finds a moved image's region; a plan without one must stop rather than
	// plan from a state without it.
	ctx := context.Background()
	if out, err := c.command(ctx, nil, "plan", "-input=false", "-refresh=false").CombinedOutput(); err == nil ||
		!strings.Contains(string(out), "Moved Resource Not Refreshed") {
		t.Fatalf("a plan of the move with -refresh=false did not stop (%v):\n%s", err, out)
	}
	plan := c.run(nil, "plan", "-input=false", "-out=tfplan")
	// A moved resource the plan also updates shows "(moved from ...)" under its address; one it
	// leaves alone, "... has moved to ...".
	for from, to := range map[string]string{
		"tencentcloud_image.web":                      "cvmimage_custom_image.web",
		"tencentcloud_image.db":                       "cvmimage_custom_image.db",
		"tencentcloud_cvm_image_share_permission.web": "cvmimage_image_share.web",
		"tencentcloud_cvm_import_image.ubuntu":        "cvmimage_imported_image.ubuntu",
	} {
		if !strings.Contains(plan, "# "+to+" will be updated in-place\n  # (moved from "+from+")") && !strings.Contains(plan, from+" has moved to "+to) {
			t.Errorf("the plan does not show %s moving to %s", from, to)
		}
	}
	for region, id := range copies {
		if !strings.Contains(plan, fmt.Sprintf(`# cvmimage_image_copy.web["%s"] will be updated in-place`+"\n  # (imported from \"%s/%s/ap-guangzhou/%s\")", region, region, id, web)) {
			t.Errorf("the plan does not import the copy %s in %s", id, region)
		}
	}
	// The in-place updates write nothing to the images: they record the create-time arguments
	// the official state keeps as sets (snapshot_ids, data_disk_ids), and mark the share on its
	// image and the copies' source on them (cvmimage: tags), as after an import.
	// OpenTofu words the removed resource its own way, and counts it ("1 to forget").
	if !strings.Contains(plan, "Plan: 2 to import, 0 to add, 5 to change, 0 to destroy") || strings.Contains(plan, "replace") ||
		!regexp.MustCompile(`tencentcloud_cvm_sync_image\.web will [^\n]* but will not be destroyed`).MatchString(plan) {
		t.Errorf("the migration plans more than the moves, the imports, recording arguments and the provider's tags")
	}
	if t.Failed() {
		t.Fatalf("the plan:\n%s", plan)
	}
	c.run(nil, "apply", "-input=false", "tfplan")

	// Nothing was made or deleted: the same images, and the only writes were the share mark.
	after := c.sim.CustomImages(cvmsim.OwnerAccount, "")
	if ids := func(imgs []cvmsim.ImageInfo) []string {
		var out []string
		for _, i := range imgs {
			out = append(out, i.ID+" "+i.Name+" "+i.State)
		}
		slices.Sort(out)
		return out
	}; !slices.Equal(ids(before), ids(after)) {
		t.Fatalf("the move changed the account's images:\nbefore %v\nafter  %v", ids(before), ids(after))
	}
	for call, n := range c.sim.Calls() {
		if !strings.Contains(call, ".Describe") && call != "tag.ModifyResourceTags" {
			t.Errorf("the move called %s %d time(s); it may only read, and write tags", call, n)
		}
	}
	owner, err := imageapi.New(imageapi.Config{Endpoint: c.server.URL, SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey, Region: cvmsim.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	for _, img := range []struct {
		region, id string
		want       map[string]string
	}{
		{"ap-guangzhou", web, map[string]string{"team": "web", shareMarkTag: shareMarkAll}},
		{"ap-guangzhou", db, map[string]string{"team": "db", "tier": "data"}},
		{"ap-guangzhou", imported, map[string]string{"os": "ubuntu"}},
		{"ap-shanghai", copies["ap-shanghai"], map[string]string{copySourceTag: "ap-guangzhou/" + web}},
		{"ap-beijing", copies["ap-beijing"], map[string]string{copySourceTag: "ap-guangzhou/" + web}},
	} {
		got, err := owner.ImageTags(ctx, img.region, img.id)
		if err != nil || !maps.Equal(got, img.want) {
			t.Errorf("image %s in %s has tags %v (%v), want %v", img.id, img.region, got, err, img.want)
		}
	}

	// -detailed-exitcode exits 2 when the plan has changes.
	if out, err := c.command(ctx, nil, "plan", "-input=false", "-detailed-exitcode").CombinedOutput(); err != nil {
		t.Fatalf("the plan after the move is not empty (%v):\n%s", err, out)
	}

	peer, err := imageapi.New(imageapi.Config{Endpoint: c.server.URL, SecretID: cvmsim.PeerSecretID, SecretKey: cvmsim.PeerSecretKey, Region: cvmsim.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	shared, err := peer.ImagesNow(ctx, cvmsim.DefaultRegion, []imageapi.Filter{{Name: "image-type", Values: []string{"SHARED_IMAGE"}}})
	if err != nil || !slices.ContainsFunc(shared, func(i imageapi.Image) bool { return i.ImageId == web }) {
		t.Fatalf("the peer no longer sees image %s shared with it: %v %v", web, shared, err)
	}
}
