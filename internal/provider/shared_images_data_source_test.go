package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// testAccSharedImagesConfig looks, as the peer account, for images the owner (and, apart, the
// third account) shared with it, and for the owner's image by type as cvmimage_image.
func testAccSharedImagesConfig(e *accEnv) string {
	return e.providerConfigFor(cvmsim.PeerAccount) + fmt.Sprintf(`
data "cvmimage_shared_images" "from_owner" {
  owner_account_ids = [%q]
}

data "cvmimage_shared_images" "from_third" {
  owner_account_ids = [%q]
}

data "cvmimage_shared_images" "all" {
  name_regex = "^team-"
}
`, cvmsim.OwnerAccount, cvmsim.ThirdAccount)
}

func TestAccSharedImagesDataSource_visibleToPeerAfterShare(t *testing.T) {
	e := newAccEnv(t)
	id := e.createImagesOutOfBand(t, "team", 1)[0]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccSharedImagesConfig(e),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_owner", "images.#", "0"),
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.all", "images.#", "0"),
				),
			},
			{
				PreConfig: func() {
					if err := e.sim.ShareImage(cvmsim.DefaultRegion, id, cvmsim.PeerAccount); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccSharedImagesConfig(e),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_owner", "images.#", "1"),
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_owner", "images.0.id", id),
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_owner", "images.0.name", "team-000"),
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_owner", "images.0.creator", cvmsim.OwnerAccount),
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_owner", "ids.0", id),
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_third", "images.#", "0"),
					resource.TestCheckResourceAttr("data.cvmimage_shared_images.all", "images.#", "1"),
				),
			},
			{
				PreConfig: func() {
					if err := e.sim.UnshareImage(cvmsim.DefaultRegion, id, cvmsim.PeerAccount); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccSharedImagesConfig(e),
				Check:  resource.TestCheckResourceAttr("data.cvmimage_shared_images.from_owner", "images.#", "0"),
			},
		},
	})
}
