package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func testAccImageShareAccountConfig(e *accEnv, accounts ...string) string {
	cfg := e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "per-account"
  snapshot_ids = ["snap-gz100001"]
}
`
	for _, a := range accounts {
		cfg += `
resource "cvmimage_image_share_account" "a` + a + `" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "` + a + `"
}
`
	}
	return cfg
}

func TestAccImageShareAccountResource_additive(t *testing.T) {
	e := newAccEnv(t)
	var imageID string
	const peerShare = "cvmimage_image_share_account.a" + cvmsim.PeerAccount
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: testAccImageShareAccountConfig(e, cvmsim.PeerAccount, cvmsim.ThirdAccount),
				Check: resource.ComposeTestCheckFunc(
					captureID("cvmimage_custom_image.src", &imageID),
					e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount, cvmsim.ThirdAccount),
					resource.TestMatchResourceAttr(peerShare, "id", regexp.MustCompile(`^ap-guangzhou/img-[a-z0-9]{8}/100000000002$`)),
				),
			},
			{
				// A share made in the console is not this resource's business: no drift.
				PreConfig: func() {
					if err := e.sim.ShareImage("ap-guangzhou", imageID, "100000000009"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           testAccImageShareAccountConfig(e, cvmsim.PeerAccount, cvmsim.ThirdAccount),
				ConfigPlanChecks: expectEmptyPlan(),
			},
			{
				ResourceName:      peerShare,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					return "ap-guangzhou/" + imageID + "/" + cvmsim.PeerAccount, nil
				},
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:  peerShare,
				ImportState:   true,
				ImportStateId: "ap-guangzhou/" + "img-x/1",
				ExpectError:   regexp.MustCompile(`expected\s+REGION/IMAGE_ID/ACCOUNT_ID`),
			},
			{
				// Dropping one resource cancels its account only; the console's share stays.
				Config:           testAccImageShareAccountConfig(e, cvmsim.PeerAccount),
				ConfigPlanChecks: expectAction("cvmimage_image_share_account.a"+cvmsim.ThirdAccount, plancheck.ResourceActionDestroy),
				Check:            e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount, "100000000009"),
			},
			{
				// Cancelled in the console: planned again.
				PreConfig: func() {
					if err := e.sim.UnshareImage("ap-guangzhou", imageID, cvmsim.PeerAccount, "100000000009"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           testAccImageShareAccountConfig(e, cvmsim.PeerAccount),
				ConfigPlanChecks: expectAction(peerShare, plancheck.ResourceActionCreate),
				Check:            e.expectSharedWith("cvmimage_custom_image.src", cvmsim.PeerAccount),
			},
			{
				// Another account is a replacement.
				Config: e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "per-account"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_share_account" "a100000000002" {
  image_id   = cvmimage_custom_image.src.id
  account_id = "100000000003"
}
`,
				ConfigPlanChecks: expectAction(peerShare, plancheck.ResourceActionReplace),
				Check:            e.expectSharedWith("cvmimage_custom_image.src", cvmsim.ThirdAccount),
			},
		},
	})
}
