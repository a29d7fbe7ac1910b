package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// A region left unset follows the provider's: moving the provider to another region replaces every
// resource whose region (a copy's source_region) came from it, and none whose region is set. The
// rule is replaceOnceDefaulted, which only ModifyPlan can apply, after it fills the region in.
func TestAccReplacement_providerRegionChangeReplacesWhatFollowsIt(t *testing.T) {
	e := newAccEnv(t)
	provider := func(region string) string {
		return fmt.Sprintf(`
provider "cvmimage" {
  endpoint     = %q
  region       = %q
  secret_id    = %q
  secret_key   = %q
  limit_checks = "off"
}
`, e.server.URL, region, cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey)
	}
	resources := func(regionArg, sourceRegionArg string) string {
		return fmt.Sprintf(`
resource "cvmimage_custom_image" "img" {
  name         = "follows"
  snapshot_ids = ["snap-gz100001"]
  %[1]s
}

resource "cvmimage_image_share_account" "peer" {
  image_id   = cvmimage_custom_image.img.id
  account_id = %[3]q
  %[1]s
}

resource "cvmimage_image_copy" "sh" {
  source_image_id    = cvmimage_custom_image.img.id
  destination_region = "ap-beijing"
  %[2]s
}
`, regionArg, sourceRegionArg, cvmsim.PeerAccount)
	}
	addresses := []string{"cvmimage_custom_image.img", "cvmimage_image_share_account.peer", "cvmimage_image_copy.sh"}
	var replaced []plancheck.PlanCheck
	for _, a := range addresses {
		replaced = append(replaced, plancheck.ExpectResourceAction(a, plancheck.ResourceActionReplace))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{{
			Config: provider("ap-guangzhou") + resources("", ""),
		}, {
			Config:             provider("ap-shanghai") + resources("", ""),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: replaced},
		}, {
			// The same move with the regions set: nothing is replaced.
			Config:   provider("ap-shanghai") + resources(`region = "ap-guangzhou"`, `source_region = "ap-guangzhou"`),
			PlanOnly: true,
		}, {
			Config: provider("ap-guangzhou") + resources("", ""),
		}},
	})
}
