package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// A share_account_limit above the account's real limit lets a plan through that the API then
// refuses with OverQuota: the apply's error says the real limit is lower than the setting, not that
// the accounts exceed a limit they are within.
func TestAccImageShareResource_limitSetAboveTheRealOne(t *testing.T) {
	e := newAccEnv(t)
	id := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: "overlimit"})
	accounts := make([]string, 55)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("%q", fmt.Sprintf("2000000%05d", i))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerConfig("share_account_limit = 100") + fmt.Sprintf(`
resource "cvmimage_image_share" "many" {
  image_id    = %q
  account_ids = [%s]
}
`, id, strings.Join(accounts, ", ")),
			ExpectError: wrapped(`Share Account Limit Exceeded.*55 accounts, within share_account_limit = 100, but the API refused with OverQuota.*Set share_account_limit to what Tencent Cloud allows the account \(50`),
		}},
	})
}
