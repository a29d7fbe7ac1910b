package provider

// What keeps images from being lost or mis-owned under a user's ordinary moves: a replacement with
// create_before_destroy, a source input added after the create, an import of what is not the
// account's, a same-named image made by hand, overlapping share resources.

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// imageGone checks that the emulator no longer holds the owner's image id in region.
func (e *accEnv) imageGone(region string, id *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if img, ok := e.image(region, *id); ok {
			return fmt.Errorf("image %s (%q) still exists", *id, img.Name)
		}
		return nil
	}
}

// imageKept checks that the emulator still holds the owner's image id in region.
func (e *accEnv) imageKept(region string, id *string) func() {
	return func() {
		if _, ok := e.image(region, *id); !ok {
			e.t.Fatalf("image %s is gone from %s", *id, region)
		}
	}
}

// replaced checks that address now holds a new image, the only one in region, and that the image
// it held before (first) is gone.
func (e *accEnv) replaced(region, address string, first *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, _ := idOf(s, address)
		if _, ok := e.image(region, *first); ok {
			return fmt.Errorf("the replaced image %s still exists", *first)
		}
		if _, ok := e.image(region, id); !ok || id == *first {
			return fmt.Errorf("the state holds %s (the old image was %s); %s has %v", id, *first, region, e.imageNames(region))
		}
		if names := e.imageNames(region); len(names) != 1 {
			return fmt.Errorf("%s holds %v, want the replacement only", region, names)
		}
		return nil
	}
}

// Adding a data disk to an image made from an instance makes another image: the plan says so.
func TestAccCustomImageResource_dataDiskAddedReplaces(t *testing.T) {
	e := newAccEnv(t)
	config := func(disks string) string {
		return e.providerConfig() + `
resource "cvmimage_custom_image" "test" {
  name        = "app"
  instance_id = "ins-gz100001"
  ` + disks + `
}
`
	}
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: config(""), Check: captureID(testAccCustomImageAddress, &first)},
			{
				Config:           config(`data_disk_ids = ["disk-gz100002"]`),
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionDestroyBeforeCreate),
				Check: resource.ComposeAggregateTestCheckFunc(
					e.imageGone(cvmsim.DefaultRegion, &first),
					func(s *terraform.State) error {
						id, _ := idOf(s, testAccCustomImageAddress)
						if img, _ := e.image(cvmsim.DefaultRegion, id); len(img.Snapshots) != 2 {
							return fmt.Errorf("the new image %s has snapshots %v, want the system and the data disk's", id, img.Snapshots)
						}
						return nil
					},
				),
			},
			{Config: config(`data_disk_ids = ["disk-gz100002"]`), ConfigPlanChecks: expectEmptyPlan()},
		},
	})
}

// An imported image's source is unknown: the first apply records the configured one in place, and
// from then on a change of source replaces the image.
func TestAccCustomImageResource_importRecordsSourceThenReplaces(t *testing.T) {
	e := newAccEnv(t)
	id := e.existingImage("made-by-hand")
	config := func(source string) string {
		return e.providerConfig() + `
resource "cvmimage_custom_image" "test" {
  name = "made-by-hand"
  ` + source + `
}
`
	}
	const snapshot, instance = `snapshot_ids = ["snap-gz100001"]`, `instance_id = "ins-gz100001"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: config(snapshot), ResourceName: testAccCustomImageAddress,
				ImportState: true, ImportStateId: id, ImportStatePersist: true,
			},
			{
				Config:           config(snapshot),
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionUpdate),
				Check:            resource.TestCheckResourceAttr(testAccCustomImageAddress, "id", id),
			},
			{Config: config(snapshot), ConfigPlanChecks: expectEmptyPlan()},
			{
				Config:           config(instance),
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionDestroyBeforeCreate),
				Check:            e.imageGone(cvmsim.DefaultRegion, &id),
			},
		},
	})
}

// Only the account's own custom images are managed: a public image, and an image another account
// shares, are refused at import with the data source to read them with.
func TestAccImageResources_foreignImportRefused(t *testing.T) {
	e := newAccEnv(t)
	shared := e.ownerSharedImage("owners-golden")
	public := e.publicImageID(cvmsim.DefaultRegion)
	peer := e.providerConfigFor(cvmsim.PeerAccount)
	importInto := func(address, body, id, want string) resource.TestStep {
		return resource.TestStep{
			Config: peer + body, ResourceName: address, ImportState: true, ImportStateId: id,
			ExpectError: regexp.MustCompile(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			importInto(testAccCustomImageAddress, `
resource "cvmimage_custom_image" "test" {
  name         = "x"
  snapshot_ids = ["snap-gz200001"]
}`, public, `(?s)Not One Of This Account's Images.*public image.*cvmimage_image`),
			importInto(testAccCustomImageAddress, `
resource "cvmimage_custom_image" "test" {
  name         = "x"
  snapshot_ids = ["snap-gz200001"]
}`, shared, `(?s)Not One Of This Account's Images.*another account shares.*cvmimage_shared_images`),
			importInto(testAccImageCopyAddress, `
resource "cvmimage_image_copy" "test" {
  source_image_id    = "img-aaaaaaaa"
  destination_region = "ap-shanghai"
}`, "ap-guangzhou/"+shared, `(?s)Not One Of This Account's Images`),
		},
	})
}

// A copy made by hand under the name a planned copy takes fails the plan, naming the import that
// would bring it in, and is neither tagged nor deleted.
func TestAccImageCopyResource_handMadeSameNamedCopyFailsPlan(t *testing.T) {
	e := newAccEnv(t)
	src := e.existingImage("golden")
	ctx, c := context.Background(), e.ownerClient()
	out, err := c.SyncImages(ctx, cvmsim.DefaultRegion, imageapi.SyncImagesRequest{
		ImageIds: []string{src}, DestinationRegions: []string{"ap-shanghai"}, ImageName: "golden", ImageSetRequired: true})
	if err != nil || len(out.ImageSet) != 1 {
		t.Fatalf("copying by hand: %v %+v", err, out)
	}
	handMade := out.ImageSet[0].ImageId
	e.sim.ResetCalls()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_image_copy" "test" {
  source_image_id    = %q
  destination_region = "ap-shanghai"
}
`, src),
			ExpectError: wrapped(fmt.Sprintf(`Image Name Already Used.*%s.*terraform import ADDRESS ap-shanghai/%s/ap-guangzhou/%s`, handMade, handMade, src)),
		}},
	})
	e.assertNoWrites()
	tags, err := c.ImageTags(ctx, "ap-shanghai", handMade)
	if err != nil || len(tags) != 0 {
		t.Fatalf("the hand-made copy has tags %v (%v), want none", tags, err)
	}
}

// Changing only what a copy keeps for itself (protection, unsharing, snapshots) is an in-place
// update that applies cleanly.
func TestAccImageCopyResource_localAttributesUpdateInPlace(t *testing.T) {
	e := newAccEnv(t)
	base := `  destination_region = "ap-shanghai"
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: testAccImageCopyConfig(e, base)},
			{
				Config: testAccImageCopyConfig(e, base+`  deletion_protection = true
  force_unshare = true
  delete_snapshots = false
`),
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionUpdate),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageCopyAddress, "deletion_protection", "true"),
					resource.TestCheckResourceAttr(testAccImageCopyAddress, "state", "NORMAL"),
				),
			},
			{Config: testAccImageCopyConfig(e, base), ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionUpdate)},
			{Config: testAccImageCopyConfig(e, base), ConfigPlanChecks: expectEmptyPlan()},
		},
	})
}

// A tainted image with create_before_destroy and a name_prefix is replaced: the new image is made
// beside the old, which is then deleted, and the state holds the new one.
func TestAccCustomImageResource_createBeforeDestroyWithNamePrefix(t *testing.T) {
	e := newAccEnv(t)
	config := e.providerConfig() + `
resource "cvmimage_custom_image" "test" {
  name_prefix  = "golden-"
  snapshot_ids = ["snap-gz100001"]
  lifecycle {
    create_before_destroy = true
  }
}
`
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(testAccCustomImageAddress, &first),
					resource.TestMatchResourceAttr(testAccCustomImageAddress, "name", regexp.MustCompile(`^golden-[0-9]{14}[0-9a-f]{4}$`)),
				),
			},
			{
				Config:           config,
				Taint:            []string{testAccCustomImageAddress},
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionCreateBeforeDestroy),
				Check:            e.replaced(cvmsim.DefaultRegion, testAccCustomImageAddress, &first),
			},
			{Config: config, ConfigPlanChecks: expectEmptyPlan()},
		},
	})
}

// With a fixed name, create_before_destroy cannot make the new image beside the old: the apply
// stops before making anything and says why; the old image is kept and stays the resource's object,
// so the way out the error gives (name_prefix) completes the replacement.
func TestAccCustomImageResource_createBeforeDestroyWithFixedNameKeepsImage(t *testing.T) {
	e := newAccEnv(t)
	config := e.providerConfig() + `
resource "cvmimage_custom_image" "test" {
  name         = "golden"
  snapshot_ids = ["snap-gz100001"]
  lifecycle {
    create_before_destroy = true
  }
}
`
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: config, Check: captureID(testAccCustomImageAddress, &first)},
			{
				Config:      config,
				Taint:       []string{testAccCustomImageAddress},
				ExpectError: wrapped(`Image Name Already Used.*create_before_destroy.*name_prefix`),
			},
			{
				// The way out the error gives: a name_prefix lets the replacement complete, the old
				// image destroyed once the new one exists.
				PreConfig:        e.imageKept(cvmsim.DefaultRegion, &first),
				Config:           strings.Replace(config, `name         = "golden"`, `name_prefix  = "golden-"`, 1),
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionCreateBeforeDestroy),
				Check:            e.replaced(cvmsim.DefaultRegion, testAccCustomImageAddress, &first),
			},
		},
	})
}

// An image copy with create_before_destroy and a name_prefix is replaced cleanly too.
func TestAccImageCopyResource_createBeforeDestroyWithNamePrefix(t *testing.T) {
	e := newAccEnv(t)
	body := `  destination_region = "ap-shanghai"
  name_prefix        = "golden-copy-"
  lifecycle {
    create_before_destroy = true
  }
`
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: testAccImageCopyConfig(e, body), Check: captureID(testAccImageCopyAddress, &first)},
			{
				Config:           testAccImageCopyConfig(e, body),
				Taint:            []string{testAccImageCopyAddress},
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionCreateBeforeDestroy),
				Check:            e.replaced("ap-shanghai", testAccImageCopyAddress, &first),
			},
			{Config: testAccImageCopyConfig(e, body), ConfigPlanChecks: expectEmptyPlan()},
		},
	})
}

// An authoritative and an additive share resource of one image fail the plan: each would undo the
// other.
func TestAccImageShareResources_authoritativeAndAdditiveFailPlan(t *testing.T) {
	e := newAccEnv(t)
	id := e.existingImage("shared")
	e.sim.ResetCalls()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_image_share" "all" {
  image_id    = %[1]q
  account_ids = ["100000000002"]
}

resource "cvmimage_image_share_account" "one" {
  image_id   = %[1]q
  account_id = "100000000002"
}
`, id),
			ExpectError: wrapped(`Authoritative And Additive Shares Of One Image`),
		}},
	})
	e.assertNoWrites()
}

// Names are counted in characters, as the API counts them: 60 Korean characters or emoji apply, a
// 61st fails while validating.
func TestAccCustomImageResource_namesCountCharacters(t *testing.T) {
	e := newAccEnv(t)
	korean, emoji := strings.Repeat("골", 60), strings.Repeat("🚀", 60)
	config := func(a, b string) string {
		return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "korean" {
  name         = %q
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_custom_image" "emoji" {
  name         = %q
  snapshot_ids = ["snap-gz100001"]
}
`, a, b)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: config(korean+"골", emoji), PlanOnly: true, ExpectError: wrapped(`UTF-8 character count must be between 1 and 60, got: 61`)},
			{
				Config: config(korean, emoji),
				Check: func(*terraform.State) error {
					if names := e.imageNames(cvmsim.DefaultRegion); len(names) != 2 {
						return fmt.Errorf("the region holds %v, want the two images", names)
					}
					return nil
				},
			},
			{Config: config(korean, emoji), ConfigPlanChecks: expectEmptyPlan()},
		},
	})
}

// The data sources show the user's tags only, as the resources do: the provider's bookkeeping
// tags (creation token, copy source, share mark) stay out.
func TestAccCustomImagesDataSource_leavesProviderTagsOut(t *testing.T) {
	e := newAccEnv(t)
	config := e.providerConfig() + `
resource "cvmimage_custom_image" "test" {
  name         = "tagged"
  snapshot_ids = ["snap-gz100001"]
  tags         = { team = "platform" }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config + `
data "cvmimage_custom_images" "all" {
  name_regex = "^tagged$"
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.cvmimage_custom_images.all", "images.#", "1"),
					resource.TestCheckResourceAttr("data.cvmimage_custom_images.all", "images.0.tags.%", "1"),
					resource.TestCheckResourceAttr("data.cvmimage_custom_images.all", "images.0.tags.team", "platform"),
				),
			},
		},
	})
}

// A replacement whose new source does not exist fails at plan, so the old image is never destroyed
// for a create that cannot happen.
func TestAccCustomImageResource_replacementToMissingSourceFailsAtPlan(t *testing.T) {
	e := newAccEnv(t)
	config := func(instance string) string {
		return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "test" {
  name        = "golden"
  instance_id = %q
}
`, instance)
	}
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: config("ins-gz100001"), Check: captureID(testAccCustomImageAddress, &first)},
			{Config: config("ins-zzzzzzzz"), ExpectError: wrapped(`Instance Not Found`)},
			{
				PreConfig:        e.imageKept(cvmsim.DefaultRegion, &first),
				Config:           config("ins-gz100001"),
				ConfigPlanChecks: expectEmptyPlan(),
			},
		},
	})
}

// An image this provider made that no state holds any more (terraform state rm, another
// workspace) under the planned name: the apply makes nothing and gives the import command.
func TestAccCustomImageResource_nameHeldByAnUntrackedImageOfThisProvider(t *testing.T) {
	e := newAccEnv(t)
	ctx := context.Background()
	id, err := e.ownerClient().CreateImage(ctx, cvmsim.DefaultRegion, imageapi.CreateImageRequest{
		ImageName: "forgotten", SnapshotIds: []string{"snap-gz100001"},
		TagSpecification: []imageapi.TagSpecification{{ResourceType: "image", Tags: []imageapi.Tag{{Key: createTokenTag, Value: "0123456789abcdef"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      testAccCustomImageConfig_snapshot(e, "forgotten", ""),
			ExpectError: wrapped(`Image Name Already Used.*Nothing was made.*terraform import ADDRESS ap-guangzhou/` + id),
		}},
	})
	if imgs := e.sim.CustomImages(cvmsim.OwnerAccount, cvmsim.DefaultRegion); len(imgs) != 1 || imgs[0].ID != id {
		t.Fatalf("the region holds %+v, want only the untracked image %s", imgs, id)
	}
}
