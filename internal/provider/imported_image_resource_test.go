package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func TestAccImportedImageResource_basic(t *testing.T) {
	e := newAccEnv(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: testAccImportedImageConfig_basic(e, "ubuntu-arm", "Ubuntu", "22", "arm_64", `tags = { os = "ubuntu" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccImportedImageAddress, tfjsonpath.New("state"), knownvalue.StringExact("NORMAL")),
					statecheck.ExpectKnownValue(testAccImportedImageAddress, tfjsonpath.New("architecture"), knownvalue.StringExact("arm_64")),
					statecheck.ExpectKnownValue(testAccImportedImageAddress, tfjsonpath.New("license_type"), knownvalue.StringExact("TencentCloud")),
				},
				Check: captureID(testAccImportedImageAddress, &id),
			},
			{
				Config:           testAccImportedImageConfig_basic(e, "ubuntu-arm", "Ubuntu", "22", "arm_64", `tags = { os = "ubuntu" }`),
				ConfigPlanChecks: expectEmptyPlan(),
			},
			{
				ResourceName:            testAccImportedImageAddress,
				ImportState:             true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return "ap-guangzhou/" + id, nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"image_url", "os_type", "os_version"},
			},
			{
				// Tags and description change in place; an out-of-band rename shows as drift.
				PreConfig: func() {
					if err := e.sim.RenameImage("ap-guangzhou", id, "renamed"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccImportedImageConfig_basic(e, "ubuntu-arm", "Ubuntu", "22", "arm_64", `description = "v2"
  tags = { os = "ubuntu", tier = "base" }`),
				ConfigPlanChecks: expectAction(testAccImportedImageAddress, plancheck.ResourceActionUpdate),
				Check: func(*terraform.State) error {
					if img, _ := e.image("ap-guangzhou", id); img.Name != "ubuntu-arm" {
						return fmt.Errorf("the rename was not undone: %q", img.Name)
					}
					return nil
				},
			},
			{
				// A new source URL replaces the image.
				Config: e.providerConfig() + `
resource "cvmimage_imported_image" "test" {
  name         = "ubuntu-arm"
  image_url    = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu-2.qcow2"
  os_type      = "Ubuntu"
  os_version   = "22"
  architecture = "arm_64"
}
`,
				ConfigPlanChecks: expectAction(testAccImportedImageAddress, plancheck.ResourceActionDestroyBeforeCreate),
			},
		},
	})
}

func TestAccImportedImageResource_unsupportedOSAtPlan(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccImportedImageConfig_basic(e, "centos", "CentOS", "9", "x86_64", ""),
				ExpectError: regexp.MustCompile(`(?s)Unsupported Import OS Version.*accepts CentOS versions 5, 6, 7, 8, not "9"`),
			},
			{
				Config:      testAccImportedImageConfig_basic(e, "centos", "CentOS", "7", "arm_64", ""),
				ExpectError: regexp.MustCompile(`(?s)Unsupported Import Architecture.*x86_64, i386`),
			},
			{
				Config:      testAccImportedImageConfig_basic(e, "plan9", "Plan 9", "4", "x86_64", ""),
				ExpectError: regexp.MustCompile(`Unsupported Import OS Type`),
			},
			{
				Config: e.providerConfig() + `resource "cvmimage_imported_image" "test" {
  name = "u"
  image_url = "ftp://example.com/disk.img"
  os_type = "Ubuntu"
  os_version = "22"
  architecture = "x86_64"
}`,
				ExpectError: regexp.MustCompile(`Attribute image_url must be a COS object URL`),
			},
		},
	})
	e.assertNoWrites()
}

func TestAccImportedImageResource_importFailedTaints(t *testing.T) {
	e := newAccEnv(t)
	e.sim.SetFaults(cvmsim.Faults{FailCreates: 1})
	cfg := testAccImportedImageConfig_basic(e, "fails-once", "Debian", "12", "x86_64", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Image Did Not Become Usable.*img-[a-z0-9]{8}.*"fails-once".*IMPORTFAILED`),
			},
			{
				// The failed image is in state, tainted: the next apply replaces it, and the plan's
				// name and quota checks know the failed image is on its way out.
				Config:           cfg,
				ConfigPlanChecks: expectAction(testAccImportedImageAddress, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccImportedImageAddress, tfjsonpath.New("state"), knownvalue.StringExact("NORMAL")),
				},
			},
		},
	})
}
