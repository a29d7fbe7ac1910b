package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// Resources made from one configuration (count with name_prefix and one source) carry one creation
// token. Each create must make its own image: the image another create of the same apply has just
// made carries the pending mark too, and is neither adopted nor a reason to fail.
func TestAccCustomImage_countWithNamePrefixMakesEachItsOwnImage(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerConfig() + `
resource "cvmimage_custom_image" "web" {
  count        = 3
  name_prefix  = "web-"
  snapshot_ids = ["snap-gz100001"]
}
`,
			Check: func(s *terraform.State) error {
				ids := map[string]bool{}
				for i := range 3 {
					ids[s.RootModule().Resources[fmt.Sprintf("cvmimage_custom_image.web.%d", i)].Primary.ID] = true
				}
				var made []string
				for _, img := range e.sim.CustomImages(cvmsim.OwnerAccount, cvmsim.DefaultRegion) {
					if strings.HasPrefix(img.Name, "web-") {
						made = append(made, img.ID)
					}
				}
				if len(ids) != 3 || len(made) != 3 {
					return fmt.Errorf("the state holds %d distinct images and the region %d images named web-*: %v", len(ids), len(made), made)
				}
				return nil
			},
		}},
	})
}
