package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

const testAccImportOSAddress = "data.cvmimage_import_os.test"

func testAccImportOSConfig(e *accEnv) string {
	return e.providerConfig() + `
data "cvmimage_import_os" "test" {
  region = "ap-shanghai"
}
`
}

func TestAccImportOSDataSource_listsTypesAndVersions(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccImportOSConfig(e),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImportOSAddress, "region", "ap-shanghai"),
					resource.TestCheckTypeSetElemNestedAttrs(testAccImportOSAddress, "os_types.*", map[string]string{
						"os_type": "CentOS", "platform": "linux",
					}),
					resource.TestCheckTypeSetElemNestedAttrs(testAccImportOSAddress, "os_types.*", map[string]string{
						"os_type": "Windows Server 2016", "platform": "windows",
					}),
					resource.TestCheckTypeSetElemNestedAttrs(testAccImportOSAddress, "versions.*", map[string]string{
						"os_name": "Ubuntu", "versions.#": "5", "versions.4": "22", "architectures.2": "arm_64",
					}),
				),
			},
		},
	})
}
