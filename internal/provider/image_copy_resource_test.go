package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// copyIn finds the owner's image named name in region, as the emulator has it.
func (e *accEnv) copyIn(region, name string) (cvmsim.ImageInfo, bool) {
	for _, img := range e.sim.CustomImages(cvmsim.OwnerAccount, region) {
		if img.Name == name {
			return img, true
		}
	}
	return cvmsim.ImageInfo{}, false
}

func TestAccImageCopyResource_basic(t *testing.T) {
	e := newAccEnv(t)
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: testAccImageCopyConfig(e, `destination_region = "ap-shanghai"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^img-[a-z0-9]{8}$`))),
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("state"), knownvalue.StringExact("NORMAL")),
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("name"), knownvalue.StringExact("golden")),
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("description"), knownvalue.StringExact("golden image")),
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("source_region"), knownvalue.StringExact("ap-guangzhou")),
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("delete_snapshots"), knownvalue.Bool(true)),
				},
				Check: func(s *terraform.State) error {
					id, err := idOf(s, testAccImageCopyAddress)
					firstID = id
					if img, ok := e.copyIn("ap-shanghai", "golden"); !ok || img.ID != id || img.State != "NORMAL" {
						return fmt.Errorf("the emulator has no NORMAL copy %s named golden in ap-shanghai: %+v", id, img)
					}
					return err
				},
			},
			{
				Config:           testAccImageCopyConfig(e, `destination_region = "ap-shanghai"`),
				ConfigPlanChecks: expectEmptyPlan(),
			},
			{
				// Name and description change in place, in the destination.
				Config: testAccImageCopyConfig(e, `destination_region = "ap-shanghai"
  name        = "golden-sh"
  description = "shanghai copy"`),
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionUpdate),
				Check: func(*terraform.State) error {
					if img, ok := e.copyIn("ap-shanghai", "golden-sh"); !ok || img.ID != firstID {
						return fmt.Errorf("copy %s was not renamed in place: %+v", firstID, img)
					}
					return nil
				},
			},
			{
				// Import reads the source back from the copy's tag: no diff afterwards.
				ResourceName:      testAccImageCopyAddress,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := idOf(s, testAccImageCopyAddress)
					return "ap-shanghai/" + id, err
				},
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Another destination replaces the copy.
				Config: testAccImageCopyConfig(e, `destination_region = "ap-beijing"
  name        = "golden-sh"
  description = "shanghai copy"`),
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionReplace),
				Check: func(*terraform.State) error {
					if _, ok := e.image("ap-shanghai", firstID); ok {
						return fmt.Errorf("the replaced copy %s is still in ap-shanghai", firstID)
					}
					if _, ok := e.copyIn("ap-beijing", "golden-sh"); !ok {
						return fmt.Errorf("no copy in ap-beijing")
					}
					return nil
				},
			},
		},
	})
}

func TestAccImageCopyResource_driftAndImportWithoutTag(t *testing.T) {
	e := newAccEnv(t)
	var id string
	config := testAccImageCopyConfig(e, `destination_region = "ap-shanghai"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: config, Check: captureID(testAccImageCopyAddress, &id)},
			{
				// Deleted in the console: the copy is planned again.
				PreConfig: func() {
					if err := e.sim.DeleteImage("ap-shanghai", id); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionCreate),
			},
			{
				// A copy whose source is not recorded cannot be imported silently wrong.
				ResourceName:  testAccImageCopyAddress,
				ImportState:   true,
				ImportStateId: "ap-guangzhou/img-zzzzzzzz",
				ExpectError:   regexp.MustCompile(`Image Not Found`),
			},
		},
	})
}

// emulatorCheck runs a check against the emulator as a state check. Steps with for_each
// resources must not use Check or CheckDestroy: the testing framework cannot turn their state
// into the legacy terraform.State those take.
type emulatorCheck func() error

func (c emulatorCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}

func TestAccImageCopyResource_forEachRegions(t *testing.T) {
	e := newAccEnv(t)
	regions := []string{"ap-shanghai", "ap-beijing", "ap-singapore"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "fan-out"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_copy" "regional" {
  for_each           = toset(["ap-shanghai", "ap-beijing", "ap-singapore"])
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = each.key
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(`cvmimage_image_copy.regional["ap-beijing"]`, tfjsonpath.New("destination_region"), knownvalue.StringExact("ap-beijing")),
					emulatorCheck(func() error {
						for _, r := range regions {
							if _, ok := e.copyIn(r, "fan-out"); !ok {
								return fmt.Errorf("no copy in %s", r)
							}
						}
						return nil
					}),
				},
			},
			{
				Config:            e.providerConfig(),
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error { return e.checkNothingLeft(nil) })},
			},
		},
	})
}

func TestAccImageCopyResource_rulesAtPlan(t *testing.T) {
	e := newAccEnv(t)
	if err := e.sim.SetImageQuota(cvmsim.OwnerAccount, "ap-shanghai", 1); err != nil {
		t.Fatal(err)
	}
	src := e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "ruled"
  snapshot_ids = ["snap-gz100001"]
}
`
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{
			PreConfig:   func() { e.assertNoWrites() },
			Config:      src + body,
			ExpectError: wrapped(want),
		}
	}
	steps := []resource.TestStep{{Config: src, Check: func(*terraform.State) error { e.sim.ResetCalls(); return nil }}}
	steps = append(steps,
		step(`
resource "cvmimage_image_copy" "same" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-guangzhou"
}`, `Copy Into The Source Region.*custom image can\s+only be copied to other\s+regions`),
		step(fmt.Sprintf(`
resource "cvmimage_image_copy" "public" {
  source_image_id    = %q
  destination_region = "ap-shanghai"
}`, e.publicImageID("ap-guangzhou")), `(?s)Image Cannot Be Copied.*is a public image`),
		step(`
resource "cvmimage_image_copy" "missing" {
  source_image_id    = "img-zzzzzzzz"
  destination_region = "ap-shanghai"
}`, `Source Image Not Found.*img-zzzzzzzz`),
		step(`
resource "cvmimage_image_copy" "enc" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-shanghai"
  encrypt            = true
}`, `Encrypted Copy Out Of Its Region.*only be made in the source region\s+ap-guangzhou`),
		step(`
resource "cvmimage_image_copy" "kms" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-shanghai"
  kms_key_id         = "kms-1234"
}`, `KMS Key Without Encryption`),
		step(`
resource "cvmimage_image_copy" "a" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-shanghai"
}

resource "cvmimage_image_copy" "b" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-shanghai"
  name               = "ruled-2"
}`, `Custom Image Quota Exceeded.*ap-shanghai holds 0 of 1 custom\s+images; this plan adds 2`),
		resource.TestStep{
			// The source is made in the same apply, so the plan cannot tell it is a custom image in the
			// destination region; the apply refuses the copy in the plan's words, before SyncImages.
			PreConfig: func() { e.assertNoWrites() },
			Config: src + `
resource "cvmimage_custom_image" "fresh" {
  name         = "fresh"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_copy" "same" {
  source_image_id    = cvmimage_custom_image.fresh.id
  destination_region = "ap-guangzhou"
}`,
			ExpectError: wrapped(`Copy Into The Source Region.*custom image can\s+only be copied to other\s+regions`),
		},
		resource.TestStep{
			PreConfig: func() {
				if n := e.sim.Calls()["cvm.SyncImages"]; n != 0 {
					t.Fatalf("a refused copy reached SyncImages %d times", n)
				}
			},
			Config: src,
		},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps:                    steps,
	})
}

// The provider is configured as the peer in its own configuration: one in-process provider server
// holds one configuration, so a second, aliased provider block with other keys cannot be tested
// alongside the owner's; the owner's side is made through the API.
func TestAccImageCopyResource_peerCopiesSharedImage(t *testing.T) {
	e := newAccEnv(t)
	shared := e.ownerSharedImage("vendor-base")
	peer := e.providerConfigFor(cvmsim.PeerAccount)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if imgs := e.sim.CustomImages(cvmsim.PeerAccount, ""); len(imgs) != 0 {
				return fmt.Errorf("the peer still has custom images: %+v", imgs)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// The peer sees the shared image and copies it into its own account, in the image's region.
				Config: peer + fmt.Sprintf(`
resource "cvmimage_image_copy" "mine" {
  source_image_id    = %q
  destination_region = "ap-guangzhou"
}
`, shared),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("cvmimage_image_copy.mine", tfjsonpath.New("name"), knownvalue.StringExact("vendor-base")),
				},
				Check: func(s *terraform.State) error {
					id, err := idOf(s, "cvmimage_image_copy.mine")
					if err != nil {
						return err
					}
					peerImages := e.sim.CustomImages(cvmsim.PeerAccount, "ap-guangzhou")
					if !slices.ContainsFunc(peerImages, func(i cvmsim.ImageInfo) bool { return i.ID == id && i.Name == "vendor-base" }) {
						return fmt.Errorf("the peer has no custom copy %s: %+v", id, peerImages)
					}
					return nil
				},
			},
			{
				// The peer's copy is its own: it can share it on, unlike the shared image itself.
				PreConfig: e.sim.ResetCalls,
				Config: peer + fmt.Sprintf(`
resource "cvmimage_image_copy" "mine" {
  source_image_id    = %q
  destination_region = "ap-guangzhou"
}

resource "cvmimage_image_share_account" "reshare" {
  image_id   = %q
  account_id = "100000000003"
}
`, shared, shared),
				ExpectError: wrapped(`Image Cannot Be Shared.*image another account shares with this one`),
			},
			{
				// A shared image cannot leave its region.
				PreConfig: func() { e.assertNoWrites() },
				Config: peer + fmt.Sprintf(`
resource "cvmimage_image_copy" "away" {
  source_image_id    = %q
  destination_region = "ap-shanghai"
}
`, shared),
				ExpectError: wrapped(`Shared Image Copied Out Of Its Region.*shared with this account by account 100000000001`),
			},
			{
				PreConfig: func() { e.assertNoWrites() },
				Config: peer + fmt.Sprintf(`
resource "cvmimage_image_copy" "mine" {
  source_image_id    = %q
  destination_region = "ap-guangzhou"
}

resource "cvmimage_image_share_account" "reshare" {
  image_id   = cvmimage_image_copy.mine.id
  account_id = "100000000003"
}
`, shared),
			},
		},
	})
}

// emulatorPlanCheck runs a check against the emulator once the plan is made, before anything is
// applied.
type emulatorPlanCheck func() error

func (c emulatorPlanCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c()
}

// A copy's plan looks its source up; copies of one source into many regions share that look-up.
func TestAccImageCopyResource_forEachLooksSourceUpOnce(t *testing.T) {
	e := newAccEnv(t)
	src := e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "fan-out-once"
  snapshot_ids = ["snap-gz100001"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: src},
			{
				PreConfig: e.sim.ResetCalls,
				Config: src + `
resource "cvmimage_image_copy" "regional" {
  for_each           = toset(["ap-shanghai", "ap-beijing", "ap-singapore"])
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = each.key
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{emulatorPlanCheck(func() error {
					// The plan's DescribeImages calls: the refresh of the source resource, one listing of
					// each destination region for its quota and names, and one look-up of the source for
					// the three copies (three without the ledger's cache).
					return e.describeImagesCalls(1 + 3 + 1)()
				})}},
			},
			{
				Config:            e.providerConfig(),
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error { return e.checkNothingLeft(nil) })},
			},
		},
	})
}
