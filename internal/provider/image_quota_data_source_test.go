package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const testAccImageQuotaAddress = "data.cvmimage_image_quota.test"

func testAccImageQuotaConfig(e *accEnv) string {
	return e.providerConfig() + `
data "cvmimage_image_quota" "test" {}
`
}

func TestAccImageQuotaDataSource_followsImagesAndQuota(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccImageQuotaConfig(e),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "region", "ap-guangzhou"),
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "quota", "10"),
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "used", "0"),
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "remaining", "10"),
				),
			},
			{
				// createImagesOutOfBand raises the quota to n+10.
				PreConfig: func() { e.createImagesOutOfBand(t, "quota", 2) },
				Config:    testAccImageQuotaConfig(e),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "quota", "12"),
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "used", "2"),
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "remaining", "10"),
				),
			},
			{
				PreConfig: func() {
					if err := e.sim.SetImageQuota(cvmsim.OwnerAccount, cvmsim.DefaultRegion, 1); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccImageQuotaConfig(e),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "quota", "1"),
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "used", "2"),
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "remaining", "0"),
				),
			},
		},
	})
}

// A region holding more than a hundred images is listed in ⌈N/100⌉ pages, every one of them read
// (not only the first), and nothing is asked per image.
func TestAccImageQuotaDataSource_readsEveryPageOnce(t *testing.T) {
	e := newAccEnv(t)
	e.createImagesOutOfBand(t, "bulk", 205)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.sim.ResetCalls,
				Config:    testAccImageQuotaConfig(e),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageQuotaAddress, "used", "205"),
					func(*terraform.State) error { return e.describeImagesCalls(3)() },
				),
			},
		},
	})
}
