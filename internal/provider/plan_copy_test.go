package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// A copy of an image the same plan makes, into that image's own region, fails the plan: an image
// whose ID is unknown until the apply is a custom image of this account, which copies to other
// regions only. Before, the plan passed and the apply failed after making the source.
func TestAccImageCopyResource_newSourceIntoItsOwnRegionFailsThePlan(t *testing.T) {
	e := newAccEnv(t)
	config := func(copyArgs string) string {
		return e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "copysrc"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_copy" "same" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-guangzhou"
  ` + copyArgs + `
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:   func() { e.sim.ResetCalls() },
			Config:      config(""),
			ExpectError: wrapped(`Copy Into The Source Region.*this plan makes it.*ap-guangzhou.*only be copied to other regions`),
		}, {
			// An encrypted copy, which may land beside its source, plans.
			PreConfig:          func() { e.assertNoWrites() },
			Config:             config("encrypt = true"),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
