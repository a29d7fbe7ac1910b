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
	for _, c := range []struct {
		name, env string
		step      resource.TestStep
	}{
		{"set", "ap-shanghai", resource.TestStep{Check: resource.TestCheckResourceAttr("data.cvmimage_image_quota.q", "region", "ap-shanghai")}},
		{"misspelt", "ap-guangzho", resource.TestStep{ExpectError: wrapped(`Unknown Region.*"ap-guangzho"`)}},
		{"unset", "", resource.TestStep{Check: resource.TestCheckResourceAttr("data.cvmimage_image_quota.q", "region", "ap-guangzhou")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("TENCENTCLOUD_REGION", c.env)
			c.step.Config = config
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: []resource.TestStep{c.step}})
		})
	}
}
