package provider

// Tests of the provider itself: its configuration, before any resource is planned.

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccProvider_unknownCredentialsNamed(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "key" {
  input = "AKIDSANDBOXOWNER"
}

provider "cvmimage" {
  endpoint   = "` + e.server.URL + `"
  region     = "ap-guangzhou"
  secret_id  = terraform_data.key.output
  secret_key = "sandbox-owner-key"
}

resource "cvmimage_custom_image" "test" {
  name         = "x"
  snapshot_ids = ["snap-gz100001"]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Unknown Provider Setting.*secret_id.*TENCENTCLOUD_SECRET_ID`),
		}},
	})
}

func TestAccProvider_missingCredentialsSayWhatToSet(t *testing.T) {
	e := newAccEnv(t)
	t.Setenv("TENCENTCLOUD_SECRET_ID", "")
	t.Setenv("TENCENTCLOUD_SECRET_KEY", "")
	t.Setenv("TENCENTCLOUD_PROFILE", "")
	t.Setenv("CVMIMAGE_SANDBOX", "")
	t.Setenv("HOME", t.TempDir())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "cvmimage" {
  endpoint = "` + e.server.URL + `"
  region   = "ap-guangzhou"
}

resource "cvmimage_custom_image" "test" {
  name         = "x"
  snapshot_ids = ["snap-gz100001"]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Missing Tencent Cloud Credentials.*TENCENTCLOUD_SECRET_ID`),
		}},
	})
	e.assertNoWrites()
}
