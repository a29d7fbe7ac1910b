package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

const testAccMarketplaceImagesAddress = "data.cvmimage_marketplace_images.test"

func testAccMarketplaceImagesConfig(e *accEnv, filters string) string {
	return e.providerConfig() + fmt.Sprintf(`
data "cvmimage_marketplace_images" "test" {
  %s
}
`, filters)
}

// Marketplace images are first-class: the official provider's look-up cannot find them
// (tencentcloudstack/terraform-provider-tencentcloud#334).
func TestAccMarketplaceImagesDataSource_byVendor(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccMarketplaceImagesConfig(e, `vendor = "Pressline Studio"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.#", "2"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.0.name", "WordPress 6.5 multisite, managed updates"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.1.name", "WordPress 6.4 (LAMP)"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.0.creator", "Pressline Studio"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.0.os_name", "Debian 12.4 64bit"),
				),
			},
			{
				Config: testAccMarketplaceImagesConfig(e, `vendor = "Pressline"`),
				Check:  resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.#", "0"),
			},
		},
	})
}

func TestAccMarketplaceImagesDataSource_platformAndRegex(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccMarketplaceImagesConfig(e, `platform = "Debian"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.#", "3"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.0.name", "WordPress 6.5 multisite, managed updates"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.1.name", "Nginx 1.24 web server"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.2.name", "Jenkins LTS"),
				),
			},
			{
				Config: testAccMarketplaceImagesConfig(e, `name_regex = "(?i)docker"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.#", "2"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.0.name", "Docker CE with Portainer"),
					resource.TestCheckResourceAttr(testAccMarketplaceImagesAddress, "images.1.name", "Docker CE 24 on Ubuntu"),
				),
			},
		},
	})
}
