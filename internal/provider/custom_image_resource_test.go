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
)

const testAccCustomImageAddress = "cvmimage_custom_image.test"

func testAccCustomImageConfig_instance(e *accEnv, name, description string) string {
	return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "test" {
  name          = %q
  description   = %q
  instance_id   = "ins-gz100001"
  data_disk_ids = ["disk-gz100002"]
  tags = {
    team = "images"
  }
}
`, name, description)
}

func TestAccCustomImageResource_basic(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: testAccCustomImageConfig_instance(e, "web-base", "first"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^img-[a-z0-9]{8}$`))),
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("state"), knownvalue.StringExact("NORMAL")),
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("region"), knownvalue.StringExact("ap-guangzhou")),
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("delete_snapshots"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("snapshots"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("images")})),
				},
				Check: func(s *terraform.State) error {
					id, err := idOf(s, testAccCustomImageAddress)
					if err != nil {
						return err
					}
					if img, ok := e.image("ap-guangzhou", id); !ok || img.Name != "web-base" {
						return fmt.Errorf("the emulator has no image %s named web-base: %+v", id, img)
					}
					return nil
				},
			},
			{
				Config: testAccCustomImageConfig_instance(e, "web-base", "first"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            testAccCustomImageAddress,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"instance_id", "data_disk_ids", "delete_snapshots"},
			},
		},
	})
}
