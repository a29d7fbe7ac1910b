package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// The mark of a full share list of the longest account IDs fits the Tag API's limits (values of
// 255 characters, 50 tags a resource, with room left for the user's own), and reads back whole.
func TestShareMark_fitsTagLimits(t *testing.T) {
	m := shareMark{accounts: map[string]bool{}}
	for i := range defaultShareAccountLimit {
		m.accounts[fmt.Sprintf("%020d", 10000000000000000000+uint64(i))] = true
	}
	set, remove := m.tags(nil)
	if len(set) > 5 || len(remove) != 0 {
		t.Fatalf("50 accounts of 20 digits take %d tags (want at most 5), removing %v", len(set), remove)
	}
	for k, v := range set {
		if len(k) > 127 || len(v) > maxTagValueLength {
			t.Errorf("tag %s = %q is over the Tag API's limits", k, v)
		}
	}
	if got := shareMarkOf(set); !maps.Equal(got.accounts, m.accounts) || got.all {
		t.Fatalf("the mark reads back %d accounts (all=%v), want %d", len(got.accounts), got.all, len(m.accounts))
	}

	// Shrinking the mark to one account leaves one tag: the others are removed, not left stale.
	one := shareMark{accounts: map[string]bool{"100000000002": true}}
	set2, remove2 := one.tags(set)
	after := maps.Clone(set)
	maps.Copy(after, set2)
	for _, k := range remove2 {
		delete(after, k)
	}
	if got := shareMarkOf(after); !maps.Equal(got.accounts, one.accounts) {
		t.Fatalf("after shrinking, the mark reads %v, want %v", slices.Sorted(maps.Keys(got.accounts)), slices.Sorted(maps.Keys(one.accounts)))
	}
}

// imageTags reads one of the owner's images' tags through the Tag API, as the console would show them.
func (e *accEnv) imageTags(id string) map[string]string {
	e.t.Helper()
	tags, err := e.ownerClient().ImageTags(context.Background(), cvmsim.DefaultRegion, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return tags
}

// testAccShareMarkConfig declares image "src" (made from source) shared by an authoritative
// cvmimage_image_share, and image "other" shared by two cvmimage_image_share_account resources.
func testAccShareMarkConfig(e *accEnv, source string) string {
	return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "src" {
  name = "marked"
  %s
  tags = { team = "images" }
}

resource "cvmimage_image_share" "src" {
  image_id    = cvmimage_custom_image.src.id
  account_ids = [%[2]q]
}

resource "cvmimage_custom_image" "other" {
  name         = "marked-other"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_share_account" "peer" {
  image_id   = cvmimage_custom_image.other.id
  account_id = %[2]q
}

resource "cvmimage_image_share_account" "third" {
  image_id   = cvmimage_custom_image.other.id
  account_id = %[3]q
}
`, source, cvmsim.PeerAccount, cvmsim.ThirdAccount)
}

// Replacing an image whose shares are managed, then removing images and shares from the
// configuration (not `terraform destroy`), each work in one apply whatever order Terraform plans
// the image and its shares in; the mark never shows in the image's tags.
func TestAccImageShareResource_imageReplacedThenRemovedWithShares(t *testing.T) {
	e := newAccEnv(t)
	var oldID, otherID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: testAccShareMarkConfig(e, `snapshot_ids = ["snap-gz100001"]`),
				Check: resource.ComposeTestCheckFunc(
					captureID("cvmimage_custom_image.src", &oldID),
					captureID("cvmimage_custom_image.other", &otherID),
					e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount),
					e.expectSharedWith("cvmimage_custom_image.other", cvmsim.PeerAccount, cvmsim.ThirdAccount),
					resource.TestCheckResourceAttr("cvmimage_custom_image.src", "tags.%", "1"),
					func(*terraform.State) error {
						if tags := e.imageTags(otherID); tags[shareMarkPrefix+"0"] != cvmsim.PeerAccount+","+cvmsim.ThirdAccount {
							return fmt.Errorf("image %s should be marked with both accounts, its tags are %v", otherID, tags)
						}
						return nil
					},
				),
			},
			{
				Config:           testAccShareMarkConfig(e, `instance_id = "ins-gz100001"`),
				ConfigPlanChecks: expectAction("cvmimage_custom_image.src", plancheck.ResourceActionDestroyBeforeCreate),
				Check: resource.ComposeTestCheckFunc(
					e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount),
					func(s *terraform.State) error {
						if _, ok := e.image(cvmsim.DefaultRegion, oldID); ok {
							return fmt.Errorf("the replaced image %s still exists", oldID)
						}
						return nil
					},
				),
			},
			{Config: e.providerConfig()},
		},
	})
}

// A share made in the console on an image whose other shares are managed still blocks removing
// the image, and the plan names that account only; force_unshare then cancels it.
func TestAccImageShareAccountResource_consoleShareBlocksRemoval(t *testing.T) {
	e := newAccEnv(t)
	var id string
	config := func(force bool) string {
		return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "src" {
  name          = "partly-managed"
  snapshot_ids  = ["snap-gz100001"]
  force_unshare = %t
}

resource "cvmimage_image_share_account" "peer" {
  image_id   = cvmimage_custom_image.src.id
  account_id = %q
}
`, force, cvmsim.PeerAccount)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: config(false), Check: captureID("cvmimage_custom_image.src", &id)},
			{
				PreConfig: func() {
					if err := e.sim.ShareImage(cvmsim.DefaultRegion, id, cvmsim.ThirdAccount); err != nil {
						t.Fatal(err)
					}
					e.sim.ResetCalls()
				},
				Config:      e.providerConfig(),
				ExpectError: wrapped(`Image Is Shared Out.*shared with 1 account\(s\) that no share resource of this plan cancels: 100000000003\.`),
			},
			{
				PreConfig: e.assertNoWrites,
				Config:    config(true),
			},
			{Config: e.providerConfig()},
		},
	})
}

// A share imported into a cvmimage_image_share_account is marked on its image by the next apply,
// so that removing the image with it then works.
func TestAccImageShareAccountResource_importMarks(t *testing.T) {
	e := newAccEnv(t)
	var id string
	image := e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "imported-share"
  snapshot_ids = ["snap-gz100001"]
}
`
	withImport := image + fmt.Sprintf(`
import {
  to = cvmimage_image_share_account.peer
  id = "ap-guangzhou/${cvmimage_custom_image.src.id}/%[1]s"
}

resource "cvmimage_image_share_account" "peer" {
  image_id   = cvmimage_custom_image.src.id
  account_id = %[1]q
}
`, cvmsim.PeerAccount)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: image, Check: captureID("cvmimage_custom_image.src", &id)},
			{
				PreConfig: func() {
					if err := e.sim.ShareImage(cvmsim.DefaultRegion, id, cvmsim.PeerAccount); err != nil {
						t.Fatal(err)
					}
				},
				Config:           withImport,
				ConfigPlanChecks: expectAction("cvmimage_image_share_account.peer", plancheck.ResourceActionUpdate),
				Check: func(*terraform.State) error {
					if tags := e.imageTags(id); !strings.Contains(tags[shareMarkPrefix+"0"], cvmsim.PeerAccount) {
						return fmt.Errorf("the imported share is not marked on image %s: tags %v", id, tags)
					}
					return nil
				},
			},
			{Config: withImport, ConfigPlanChecks: expectEmptyPlan()},
			{Config: e.providerConfig()},
		},
	})
}
