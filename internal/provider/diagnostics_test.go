package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// A data source reading with refused credentials says so as a resource's plan does: naming where
// the keys came from and never the secret, instead of a raw transport error. Each data source that
// calls the API goes through the one diagnostic (diagnostics.go).
func TestAccDataSources_refusedCredentialsSaidAsAtPlan(t *testing.T) {
	e := newAccEnv(t)
	const wrongKey = "wrong-key-0123456789abcdef"
	for name, body := range map[string]string{
		"quota":         `data "cvmimage_image_quota" "q" {}`,
		"import_os":     `data "cvmimage_import_os" "os" {}`,
		"custom_images": `data "cvmimage_custom_images" "all" {}`,
		"family":        `data "cvmimage_image" "current" { family = "web" }`,
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerAt(e.server.URL, wrongKey) + body,
					ExpectError: wrapped(`Credentials Refused.*taken from the provider block \(secret_id, secret_key\).*AuthFailure`),
				}},
			})
		})
	}
}

// A failed data-source read names what was being done and the API's error code and request ID,
// in the words resources use ("Cannot …"), not the raw error.
func TestAccDataSources_apiErrorNamesCodeAndRequestID(t *testing.T) {
	e := newAccEnv(t)
	e.sim.SetFaults(cvmsim.Faults{InternalErrorRate: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.providerConfig() + `data "cvmimage_image_quota" "q" {}`,
			ExpectError: wrapped(`Cannot Read Image Quota.*Reading the custom-image quota in ap-guangzhou failed\. DescribeImageQuota answered InternalError.*request ID [0-9a-f-]{36}`),
		}},
	})
}
