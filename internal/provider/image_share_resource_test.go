package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const testAccImageShareAddress = "cvmimage_image_share.test"

// testAccImageShareConfig_image declares a snapshot-made image "src" and an authoritative share of
// it with accounts.
func testAccImageShareConfig_image(e *accEnv, providerExtra string, accounts ...string) string {
	return e.providerConfig(providerExtra) + fmt.Sprintf(`
resource "cvmimage_custom_image" "src" {
  name         = "shared-base"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_share" "test" {
  image_id    = cvmimage_custom_image.src.id
  account_ids = %s
}
`, hclStrings(accounts))
}

func hclStrings(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func TestAccImageShareResource_basic(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: testAccImageShareConfig_image(e, "", cvmsim.PeerAccount, cvmsim.ThirdAccount),
				Check:  e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount, cvmsim.ThirdAccount),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccImageShareAddress, tfjsonpath.New("region"), knownvalue.StringExact("ap-guangzhou")),
					statecheck.ExpectKnownValue(testAccImageShareAddress, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^ap-guangzhou/img-[a-z0-9]{8}$`))),
				},
			},
			{
				Config:           testAccImageShareConfig_image(e, "", cvmsim.PeerAccount, cvmsim.ThirdAccount),
				ConfigPlanChecks: expectEmptyPlan(),
			},
			{
				// Swapping an account is an update in place: the image and its other share stay.
				Config: testAccImageShareConfig_image(e, "", cvmsim.PeerAccount, "100000000004"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccImageShareAddress, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("cvmimage_custom_image.src", plancheck.ResourceActionNoop),
				}},
				Check: e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount, "100000000004"),
			},
			{
				ResourceName:      testAccImageShareAddress,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := idOf(s, "cvmimage_custom_image.src")
					return "ap-guangzhou/" + id, err
				},
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Moving the share to another image replaces it.
				Config: e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "shared-base"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_custom_image" "other" {
  name         = "shared-other"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_share" "test" {
  image_id    = cvmimage_custom_image.other.id
  account_ids = ["100000000002"]
}
`,
				ConfigPlanChecks: expectAction(testAccImageShareAddress, plancheck.ResourceActionReplace),
				Check: resource.ComposeTestCheckFunc(
					e.expectSharedWith("cvmimage_custom_image.src"),
					e.expectSharedWith("cvmimage_custom_image.other", cvmsim.PeerAccount),
				),
			},
		},
	})
}

func TestAccImageShareResource_drift(t *testing.T) {
	e := newAccEnv(t)
	var imageID string
	config := testAccImageShareConfig_image(e, "", cvmsim.PeerAccount)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: config, Check: captureID("cvmimage_custom_image.src", &imageID)},
			{
				// In the console, the peer's share is cancelled and a share with the third account made:
				// both show as drift, and the apply restores exactly the configured set.
				PreConfig: func() {
					if err := e.sim.UnshareImage("ap-guangzhou", imageID, cvmsim.PeerAccount); err != nil {
						t.Fatal(err)
					}
					if err := e.sim.ShareImage("ap-guangzhou", imageID, cvmsim.ThirdAccount); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: expectAction(testAccImageShareAddress, plancheck.ResourceActionUpdate),
				Check:            e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount),
			},
			{
				Config:           config,
				ConfigPlanChecks: expectEmptyPlan(),
			},
			{
				// Deleted out of band with its image: both are planned again.
				PreConfig: func() {
					if err := e.sim.DeleteImage("ap-guangzhou", imageID); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: expectAction(testAccImageShareAddress, plancheck.ResourceActionCreate),
				Check:            e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount),
			},
		},
	})
}

func TestAccImageShareResource_destroyImageCopiesAndSharesInOneStep(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// The final `terraform destroy` plans the image's destroy while its shares still exist; the
		// shares it holds are cancelled first, so it must pass the plan and leave nothing behind.
		CheckDestroy: func(s *terraform.State) error {
			if err := e.checkNothingLeft(s); err != nil {
				return err
			}
			if n := e.sim.Calls()["cvm.DeleteImages"]; n != 3 {
				return fmt.Errorf("destroy should delete the image and two copies, one call each; DeleteImages ran %d times", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "fleet"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_share" "all" {
  image_id    = cvmimage_custom_image.src.id
  account_ids = ["100000000002", "100000000004"]
}

resource "cvmimage_image_copy" "sh" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-shanghai"
}

resource "cvmimage_image_copy" "bj" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-beijing"
}

resource "cvmimage_image_share_account" "sh" {
  region     = "ap-shanghai"
  image_id   = cvmimage_image_copy.sh.id
  account_id = "100000000003"
}
`,
				Check: func(*terraform.State) error {
					if n := len(e.sim.CustomImages(cvmsim.OwnerAccount, "")); n != 3 {
						return fmt.Errorf("want the image and two copies, the emulator has %d custom images", n)
					}
					e.sim.ResetCalls()
					return nil
				},
			},
		},
	})
}

func TestAccImageShareResource_shareLimitAtPlan(t *testing.T) {
	e := newAccEnv(t)
	var imageID string
	image := `
resource "cvmimage_custom_image" "src" {
  name         = "popular"
  snapshot_ids = ["snap-gz100001"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: e.providerConfig("share_account_limit = 4") + image, Check: captureID("cvmimage_custom_image.src", &imageID)},
			{
				// Two accounts are shared in the console; the plan adds three more through two resources:
				// the sum breaks the limit of 4, counted across both resources.
				PreConfig: func() {
					if err := e.sim.ShareImage("ap-guangzhou", imageID, "100000000011", "100000000012"); err != nil {
						t.Fatal(err)
					}
					e.sim.ResetCalls()
				},
				Config: e.providerConfig("share_account_limit = 4") + image + `
resource "cvmimage_image_share_account" "a" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "100000000002"
}

resource "cvmimage_image_share_account" "b" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "100000000003"
}

resource "cvmimage_image_share_account" "c" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "100000000004"
}
`,
				ExpectError: wrapped(`Share Account Limit Exceeded.*img-[a-z0-9]{8} is shared with 2 of 4\s+accounts; this plan adds 3`),
			},
			{
				// A single set over the limit fails without asking the API about the image.
				PreConfig: func() {
					e.assertNoWrites()
					e.sim.ResetCalls()
				},
				Config: e.providerConfig("share_account_limit = 4") + image + `
resource "cvmimage_image_share" "big" {
  image_id    = cvmimage_custom_image.src.id
  account_ids = ["100000000002", "100000000003", "100000000004", "100000000005", "100000000006"]
}
`,
				ExpectError: wrapped(`shares an image with 5 accounts, but one image can be shared\s+with at most 4`),
			},
			{
				PreConfig: func() {
					e.assertNoWrites()
					if n := e.sim.Calls()["cvm.DescribeImageSharePermission"]; n != 0 {
						t.Fatalf("the static share-limit check asked the API %d times", n)
					}
				},
				// Exactly at the limit is fine; limit_checks = "warn" lets an over-limit plan through to
				// the API, which refuses it with the same numbers.
				Config: e.providerConfig("share_account_limit = 4") + image + `
resource "cvmimage_image_share_account" "a" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "100000000002"
}

resource "cvmimage_image_share_account" "b" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "100000000003"
}
`,
				Check: func(*terraform.State) error {
					return e.sim.UnshareImage("ap-guangzhou", imageID, "100000000011", "100000000012")
				},
			},
			{
				// limit_checks = "off" trusts the configuration: the API (whose limit here is 50) decides.
				Config: e.providerConfig("share_account_limit = 4", `limit_checks = "off"`) + image + `
resource "cvmimage_image_share" "big" {
  image_id    = cvmimage_custom_image.src.id
  account_ids = ["100000000005", "100000000006", "100000000007", "100000000008", "100000000009"]
}
`,
				Check: e.expectSharedWith("cvmimage_custom_image.src", "100000000005", "100000000006", "100000000007", "100000000008", "100000000009"),
			},
		},
	})
}

func TestAccImageShareResource_rulesAtPlan(t *testing.T) {
	e := newAccEnv(t)
	image := e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "rules"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_copy" "enc" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-guangzhou"
  encrypt            = true
}
`
	resetCalls := func() { e.sim.ResetCalls() }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: image,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("cvmimage_image_copy.enc", tfjsonpath.New("name"), knownvalue.StringExact("rules-encrypted")),
				},
			},
			{
				PreConfig: resetCalls,
				Config: image + `
resource "cvmimage_image_share_account" "self" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "100000000001"
}
`,
				ExpectError: wrapped(`Cannot Share An Image With Its Owner.*Account 100000000001 owns image`),
			},
			{
				PreConfig: func() { e.assertNoWrites() },
				Config: image + `
resource "cvmimage_image_share_account" "enc" {
  image_id   = cvmimage_image_copy.enc.id
  account_id = "100000000002"
}
`,
				ExpectError: wrapped(`Image Cannot Be Shared.*is encrypted`),
			},
			{
				PreConfig: func() { e.assertNoWrites() },
				Config: image + fmt.Sprintf(`
resource "cvmimage_image_share" "public" {
  image_id    = %q
  account_ids = ["100000000002"]
}
`, e.publicImageID("ap-guangzhou")),
				ExpectError: wrapped(`Image Cannot Be Shared.*is a public image`),
			},
			{
				PreConfig: func() { e.assertNoWrites() },
				Config: image + `
resource "cvmimage_image_share" "bad" {
  image_id    = cvmimage_custom_image.src.id
  account_ids = ["qq-12345"]
}
`,
				ExpectError: wrapped(`must be a root account ID`),
			},
			{
				PreConfig: func() { e.assertNoWrites() },
				Config: image + `
resource "cvmimage_image_share" "missing" {
  image_id    = "img-zzzzzzzz"
  account_ids = ["100000000002"]
}
`,
				ExpectError: wrapped(`Image Not Found.*img-zzzzzzzz`),
			},
			{
				// The image is made in the same apply, so the plan cannot know its owner: the apply-time
				// check refuses the self-share with the plan's words, after the image is made.
				PreConfig: func() { e.assertNoWrites() },
				Config: image + `
resource "cvmimage_custom_image" "later" {
  name         = "later"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_share_account" "self" {
  image_id   = cvmimage_custom_image.later.id
  account_id = "100000000001"
}
`,
				ExpectError: wrapped(`Cannot Share An Image With Its Owner.*Account 100000000001 owns image`),
			},
		},
	})
}

func TestAccImageShareResource_forceUnshare(t *testing.T) {
	e := newAccEnv(t)
	var id string
	config := func(force bool) string {
		return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "src" {
  name          = "leaving"
  snapshot_ids  = ["snap-gz100001"]
  force_unshare = %t
}
`, force)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: config(false), Check: captureID("cvmimage_custom_image.src", &id)},
			{
				// Shares made outside Terraform block the destroy at plan, named.
				PreConfig: func() {
					if err := e.sim.ShareImage("ap-guangzhou", id, cvmsim.PeerAccount, cvmsim.ThirdAccount); err != nil {
						t.Fatal(err)
					}
					e.sim.ResetCalls()
				},
				Config:      e.providerConfig(),
				ExpectError: wrapped(`Image Is Shared Out.*shared with 2\s+account\(s\).*100000000002,\s+100000000003`),
			},
			{
				PreConfig:        func() { e.assertNoWrites() },
				Config:           config(true),
				ConfigPlanChecks: expectAction("cvmimage_custom_image.src", plancheck.ResourceActionUpdate),
			},
			{
				// With force_unshare the destroy cancels them first.
				Config: e.providerConfig(),
				Check: func(*terraform.State) error {
					if _, ok := e.image("ap-guangzhou", id); ok {
						return fmt.Errorf("image %s survived its destroy", id)
					}
					return nil
				},
			},
		},
	})
}
