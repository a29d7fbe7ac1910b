package provider

// The examples under examples/ are what the documentation shows; these tests apply every one of
// them against the emulator so that an example the schema no longer accepts fails `make test`.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const examplesDir = "../../examples"

// TestAccExamples_resources applies each examples/resources/<type>/resource.tf as the sandbox
// owner, whose seeded instances and snapshots the examples name, then destroys it and checks in
// the emulator's own inventory that no image is left. The destroy is a step of its own because the
// harness's own final destroy reads the state through a legacy view that rejects for_each keys,
// which the examples show.
func TestAccExamples_resources(t *testing.T) {
	for typ, src := range readExamples(t, "resources", "resource.tf") {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			e := newAccEnv(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: e.providerConfig() + src},
					{Config: e.providerConfig() + src, Destroy: true},
				},
			})
			for _, img := range e.sim.CustomImages(cvmsim.OwnerAccount, "") {
				t.Errorf("image %s (%q) in %s is left after destroy, state %s", img.ID, img.Name, img.Region, img.State)
			}
		})
	}
}

// TestAccExamples_dataSources reads each examples/data-sources/<type>/data-source.tf as the peer
// account, with one image named base-… of the family "base" that the owner made and shared with
// it, so the examples that look up a platform team's shared images, or its family, find one.
func TestAccExamples_dataSources(t *testing.T) {
	for typ, src := range readExamples(t, "data-sources", "data-source.tf") {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			e := newAccEnv(t)
			e.shareOwnerImageWithPeer(t, "base-2024-06")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: e.providerConfigFor(cvmsim.PeerAccount) + src}},
			})
		})
	}
}

// TestExamples_everyTypeHasOne keeps the documentation complete: tfplugindocs shows no example
// for a type without one, and the tests above would not notice the gap.
func TestExamples_everyTypeHasOne(t *testing.T) {
	ctx := context.Background()
	p := &cvmimageProvider{}
	check := func(kind, file, typ string) {
		if _, err := os.Stat(filepath.Join(examplesDir, kind, typ, file)); err != nil {
			t.Errorf("%s has no example: want %s/%s/%s/%s", typ, examplesDir, kind, typ, file)
		}
	}
	for _, f := range p.Resources(ctx) {
		var resp fwresource.MetadataResponse
		f().Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "cvmimage"}, &resp)
		check("resources", "resource.tf", resp.TypeName)
		check("resources", "import.sh", resp.TypeName)
		check("resources", "import-by-string-id.tf", resp.TypeName)
	}
	for _, f := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "cvmimage"}, &resp)
		check("data-sources", "data-source.tf", resp.TypeName)
	}
}

// TestExamples_importBlocksMatchCommands keeps the two import examples of each resource saying
// the same thing: the import block imports the address and ID that `terraform import` does, and
// the address is one that resource.tf declares.
func TestExamples_importBlocksMatchCommands(t *testing.T) {
	blockRe := regexp.MustCompile(`(?s)import \{\s*to = (\S+)\s*id = "([^"]+)"\s*\}`)
	for typ, block := range readExamples(t, "resources", "import-by-string-id.tf") {
		m := blockRe.FindStringSubmatch(block)
		if m == nil {
			t.Errorf("%s: import-by-string-id.tf has no import block with to and id", typ)
			continue
		}
		to, id := m[1], m[2]
		cmd, err := os.ReadFile(filepath.Join(examplesDir, "resources", typ, "import.sh"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(cmd), " "+to+" "+id+"\n") && !strings.Contains(string(cmd), " '"+to+"' "+id+"\n") {
			t.Errorf("%s: import.sh has no `terraform import %s %s`, which the import block imports", typ, to, id)
		}
		src, err := os.ReadFile(filepath.Join(examplesDir, "resources", typ, "resource.tf"))
		if err != nil {
			t.Fatal(err)
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(to, typ+"."), "[")
		if !strings.Contains(string(src), fmt.Sprintf("resource %q %q", typ, name)) {
			t.Errorf("%s: the import block imports %s, which resource.tf does not declare", typ, to)
		}
	}
}

// readExamples returns the example files of one kind, keyed by resource or data source type.
func readExamples(t *testing.T, kind, file string) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(examplesDir, kind, "*", file))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples at %s/%s/*/%s (err %v)", examplesDir, kind, file, err)
	}
	examples := make(map[string]string, len(paths))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		examples[filepath.Base(filepath.Dir(p))] = string(src)
	}
	return examples
}

// shareOwnerImageWithPeer makes a NORMAL custom image of the owner in the family "base" in the
// default region and shares it with the peer, as a platform team would.
func (e *accEnv) shareOwnerImageWithPeer(t *testing.T, name string) {
	t.Helper()
	id := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: name, ImageFamily: "base"})
	if err := e.sim.ShareImage(cvmsim.DefaultRegion, id, cvmsim.PeerAccount); err != nil {
		t.Fatal(err)
	}
}
