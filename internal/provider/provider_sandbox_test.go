package provider

import (
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// In sandbox mode the region comes from the provider block, else TENCENTCLOUD_REGION, as outside
// it, else the sandbox's default; a misspelt region in the environment fails, naming it. Before,
// the sandbox ignored the environment's region and a typo there passed silently.
func TestAccSandbox_regionFromTheEnvironment(t *testing.T) {
	sandbox := filepath.Join(t.TempDir(), "sandbox.json")
	config := `
provider "cvmimage" {
  sandbox = "` + sandbox + `"
}

data "cvmimage_image_quota" "q" {}
`
	t.Run("set", func(t *testing.T) {
		t.Setenv("TENCENTCLOUD_REGION", "ap-shanghai")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: config,
				Check:  resource.TestCheckResourceAttr("data.cvmimage_image_quota.q", "region", "ap-shanghai"),
			}},
		})
	})
	t.Run("misspelt", func(t *testing.T) {
		t.Setenv("TENCENTCLOUD_REGION", "ap-guangzho")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      config,
				ExpectError: wrapped(`Unknown Region.*"ap-guangzho"`),
			}},
		})
	})
	t.Run("unset", func(t *testing.T) {
		t.Setenv("TENCENTCLOUD_REGION", "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: config,
				Check:  resource.TestCheckResourceAttr("data.cvmimage_image_quota.q", "region", "ap-guangzhou"),
			}},
		})
	})
}
