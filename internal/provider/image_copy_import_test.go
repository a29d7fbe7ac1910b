package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// copyMadeElsewhere copies src from ap-guangzhou to dest as the console or another tool would:
// SyncImages, and no tags. It returns the copy's ID once it is NORMAL.
func (e *accEnv) copyMadeElsewhere(src, dest, name string) string {
	e.t.Helper()
	ctx, c := context.Background(), e.ownerClient()
	out, err := c.SyncImages(ctx, cvmsim.DefaultRegion, imageapi.SyncImagesRequest{
		ImageIds: []string{src}, DestinationRegions: []string{dest}, ImageName: name, ImageSetRequired: true})
	if err == nil && len(out.ImageSet) != 1 {
		err = fmt.Errorf("SyncImages answered %+v", out)
	}
	if err == nil {
		_, err = c.WaitForImage(ctx, dest, out.ImageSet[0].ImageId, imageapi.StateNormal)
	}
	if err != nil {
		e.t.Fatalf("copying %s to %s: %v", src, dest, err)
	}
	return out.ImageSet[0].ImageId
}

func testAccImageCopyConfig_importElsewhere(e *accEnv, importID, src string) string {
	return e.providerConfig() + fmt.Sprintf(`
import {
  to = cvmimage_image_copy.test
  id = %q
}

resource "cvmimage_image_copy" "test" {
  source_image_id    = %q
  destination_region = "ap-shanghai"
}
`, importID, src)
}

func TestAccImageCopyResource_importCopyMadeElsewhere(t *testing.T) {
	e := newAccEnv(t)
	src := e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "golden", SnapshotIds: []string{"snap-gz100001"}}, nil)
	cp := e.copyMadeElsewhere(src, "ap-shanghai", "golden-console-copy")
	config := testAccImageCopyConfig_importElsewhere(e, "ap-shanghai/"+cp+"/ap-guangzhou/"+src, src)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := e.image("ap-shanghai", cp); ok {
				return fmt.Errorf("the imported copy %s is still in ap-shanghai after destroy", cp)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// The import is planned with the update that records the source on the copy.
				Config:           config,
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionUpdate),
				Check: func(*terraform.State) error {
					tags, err := e.ownerClient().ImageTags(context.Background(), "ap-shanghai", cp)
					if want := map[string]string{copySourceTag: "ap-guangzhou/" + src}; err != nil || !maps.Equal(tags, want) {
						return fmt.Errorf("the imported copy has tags %v (%w), want %v", tags, err, want)
					}
					if imgs := e.sim.CustomImages(cvmsim.OwnerAccount, "ap-shanghai"); len(imgs) != 1 || imgs[0].ID != cp {
						return fmt.Errorf("ap-shanghai holds %+v; the import must neither copy again nor drop the copy", imgs)
					}
					return nil
				},
			},
			{Config: config, ConfigPlanChecks: expectEmptyPlan()},
			{
				// Tagged now, the copy imports with the two-part ID too, with nothing to change.
				ResourceName:            testAccImageCopyAddress,
				ImportState:             true,
				ImportStateId:           "ap-shanghai/" + cp,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

func TestImageCopyImport_refused(t *testing.T) {
	e := newAccEnv(t)
	src := e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "golden", SnapshotIds: []string{"snap-gz100001"}}, nil)
	other := e.madeImage(cvmsim.DefaultRegion, nil, &imageapi.ImportImageRequest{Architecture: "x86_64", OsType: "Ubuntu", OsVersion: "22",
		ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2", ImageName: "ubuntu"})
	cp := e.copyMadeElsewhere(src, "ap-shanghai", "golden-copy")
	tagged := e.copyMadeElsewhere(src, "ap-beijing", "golden-tagged-copy")
	if err := e.ownerClient().ModifyImageTags(context.Background(), "ap-beijing", tagged, map[string]string{copySourceTag: "ap-guangzhou/" + other}, nil); err != nil {
		t.Fatal(err)
	}
	m := newMoveServer(t, e)
	e.sim.ResetCalls()
	for _, tc := range []struct{ name, id, want string }{
		{"unknown region", "ap-shanghai/" + cp + "/mars-north-1/" + src, `Invalid Import ID: "ap-shanghai/` + cp + `/mars-north-1/` + src + `" names the unknown source region "mars-north-1": expected DESTINATION_REGION/IMAGE_ID/SOURCE_REGION/SOURCE_IMAGE_ID`},
		{"not an image ID", "ap-shanghai/" + cp + "/ap-guangzhou/golden", `holds "golden", which is not an image ID`},
		{"source not in its region", "ap-shanghai/" + cp + "/ap-beijing/" + src, "Cannot Import Copy: The source image " + src + " is not in ap-beijing"},
		{"no such copy", "ap-shanghai/img-zzzzzzzz/ap-guangzhou/" + src, "The copy img-zzzzzzzz is not in ap-shanghai"},
		{"another operating system", "ap-shanghai/" + cp + "/ap-guangzhou/" + other, "Not A Copy Of That Image: Image " + cp + " in ap-shanghai cannot be a copy of " + other},
		{"tagged as a copy of another image", "ap-beijing/" + tagged + "/ap-guangzhou/" + src, "Copy Of Another Image: Image " + tagged + " in ap-beijing is tagged cvmimage:source = ap-guangzhou/" + other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := m.srv.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: "cvmimage_image_copy", ID: tc.id})
			if err != nil {
				t.Fatal(err)
			}
			if got := diagText(resp.Diagnostics); !strings.Contains(got, tc.want) {
				t.Fatalf("importing %s reported:\n%s\nwant an error containing %q", tc.id, got, tc.want)
			}
		})
	}
	e.assertOnlyReads("imports")
}
