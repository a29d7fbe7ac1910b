package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

const testAccPublicImagesAddress = "data.cvmimage_public_images.test"

func testAccPublicImagesConfig(e *accEnv, filters string) string {
	return e.providerConfig() + fmt.Sprintf(`
data "cvmimage_public_images" "test" {
  %s
}
`, filters)
}

func TestAccPublicImagesDataSource_newestFirstWithoutDeprecated(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccPublicImagesConfig(e, `
  platform     = "Ubuntu"
  architecture = "x86_64"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "region", "ap-guangzhou"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.#", "3"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.name", "Ubuntu Server 24.04 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.1.name", "Ubuntu Server 22.04 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.2.name", "Ubuntu Server 20.04 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.deprecated", "false"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.creator", "tencentcloud"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.family", "ubuntu-2404-lts"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.support_cloud_init", "true"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "ids.#", "3"),
					resource.TestCheckResourceAttrPair(testAccPublicImagesAddress, "ids.0", testAccPublicImagesAddress, "images.0.id"),
					resource.TestMatchResourceAttr(testAccPublicImagesAddress, "ids.0", regexp.MustCompile(`^img-[a-z0-9]{8}$`)),
				),
			},
			{
				Config: testAccPublicImagesConfig(e, `
  platform           = "Ubuntu"
  architecture       = "x86_64"
  include_deprecated = true`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.#", "4"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.name", "Ubuntu Server 24.04 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.3.name", "Ubuntu Server 18.04.1 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.3.deprecated", "true"),
				),
			},
		},
	})
}

func TestAccPublicImagesDataSource_regexAndFamilyFilters(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccPublicImagesConfig(e, `
  name_regex    = "^CentOS"
  os_name_regex = "7\\.9"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					// The Arm build of 7.9 is deprecated, so only the x86_64 one is left.
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.#", "1"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.name", "CentOS 7.9 64bit"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.architecture", "x86_64"),
				),
			},
			{
				Config: testAccPublicImagesConfig(e, `family = "rockylinux-9"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.#", "1"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.0.name", "Rocky Linux 9.4 64bit"),
				),
			},
			{
				Config: testAccPublicImagesConfig(e, `name_regex = "^NoSuchOS"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "images.#", "0"),
					resource.TestCheckResourceAttr(testAccPublicImagesAddress, "ids.#", "0"),
				),
			},
		},
	})
}

func TestAccPublicImagesDataSource_badRegexFailsAtPlan(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccPublicImagesConfig(e, `os_name_regex = "Ubuntu (22"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Regular Expression.*os_name_regex is not a valid RE2`),
			},
		},
	})
	if n := e.sim.Calls()["cvm.DescribeImages"]; n != 0 {
		t.Errorf("a bad regex reached the API: %d DescribeImages calls", n)
	}
}

func TestAccPublicImagesDataSource_onePagePerHundredImages(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.sim.ResetCalls,
				Config:    testAccPublicImagesConfig(e, `include_deprecated = true`),
				Check: func(s *terraform.State) error {
					// The region's whole catalogue fits in one page of 100.
					if n := s.RootModule().Resources[testAccPublicImagesAddress].Primary.Attributes["images.#"]; n == "0" {
						return fmt.Errorf("no public images listed")
					}
					return e.describeImagesCalls(1)()
				},
			},
		},
	})
}
