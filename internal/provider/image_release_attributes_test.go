package provider

// deprecated on every resource that makes an image, and a copy's own tags and family: each is set
// at create, changed in place, shows drift made in the console, and survives an import.

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// cloudImage is what the API reports about the image a resource in s manages, in region.
func (e *accEnv) cloudImage(s *terraform.State, address, region string) (*imageapi.Image, error) {
	id, err := idOf(s, address)
	if err != nil {
		return nil, err
	}
	return e.ownerClient().ImageNow(context.Background(), region, id)
}

// expectCloudDeprecated checks that the API reports the image of address deprecated, or not.
func (e *accEnv) expectCloudDeprecated(address, region string, want bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		img, err := e.cloudImage(s, address, region)
		if err != nil {
			return err
		}
		if img.ImageDeprecated != want {
			return fmt.Errorf("%s: the API reports image %s deprecated = %t, want %t", address, img.ImageId, img.ImageDeprecated, want)
		}
		return nil
	}
}

// deprecatedSteps are the steps every image resource goes through for deprecated: config(true)
// makes it deprecated from the start; config(false) undeprecates it in place; a deprecation in the
// console is drift the next apply undoes; and the imported image reads it back. importID is the
// import ID of an image ID; importBlock says whether an import block plans nothing (a copy), or
// the import is checked against the state (an image whose source the API cannot report, which the
// first apply after an import records).
func deprecatedSteps(e *accEnv, address, region string, config func(deprecated bool) string, importID func(id string) string,
	importBlock bool, verifyIgnore ...string) []resource.TestStep {
	var id string
	importStep := resource.TestStep{
		ResourceName: address,
		ImportState:  true,
		ImportStateIdFunc: func(s *terraform.State) (string, error) {
			id, err := idOf(s, address)
			return importID(id), err
		},
	}
	if importBlock {
		importStep.ImportStateKind = resource.ImportBlockWithID
		importStep.ImportPlanChecks.PreApply = []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(address, tfjsonpath.New("deprecated"), knownvalue.Bool(true)),
		}
	} else {
		importStep.ImportStateVerify = true
		importStep.ImportStateVerifyIgnore = append([]string{"timeouts"}, verifyIgnore...)
	}
	return []resource.TestStep{
		{
			Config: config(true),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("deprecated"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("state"), knownvalue.StringExact("NORMAL")),
			},
			Check: resource.ComposeTestCheckFunc(captureID(address, &id), e.expectCloudDeprecated(address, region, true)),
		},
		{Config: config(true), ConfigPlanChecks: expectEmptyPlan()},
		{
			Config:           config(false),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("deprecated"), knownvalue.Bool(false)),
			},
			Check: resource.ComposeTestCheckFunc(e.expectCloudDeprecated(address, region, false), func(s *terraform.State) error {
				if now, _ := idOf(s, address); now != id {
					return fmt.Errorf("undeprecating replaced image %s with %s", id, now)
				}
				return nil
			}),
		},
		{
			// Deprecated in the console: the plan puts it back.
			PreConfig: func() {
				if err := e.sim.DeprecateImage(region, id, true); err != nil {
					e.t.Fatal(err)
				}
			},
			Config:           config(false),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionUpdate),
			Check:            e.expectCloudDeprecated(address, region, false),
		},
		{Config: config(true), Check: e.expectCloudDeprecated(address, region, true)},
		importStep,
	}
}

func TestAccCustomImageResource_deprecated(t *testing.T) {
	e := newAccEnv(t)
	config := func(deprecated bool) string {
		return testAccCustomImageConfig_snapshot(e, "web-1", fmt.Sprintf("family = \"web\"\n  deprecated = %t", deprecated))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: deprecatedSteps(e, testAccCustomImageAddress, "ap-guangzhou", config,
			func(id string) string { return "ap-guangzhou/" + id }, false, "snapshot_ids", "delete_snapshots"),
	})
}

func TestAccImportedImageResource_deprecated(t *testing.T) {
	e := newAccEnv(t)
	config := func(deprecated bool) string {
		return testAccImportedImageConfig_basic(e, "ubuntu-22", "Ubuntu", "22", "x86_64", fmt.Sprintf("deprecated = %t", deprecated))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: deprecatedSteps(e, testAccImportedImageAddress, "ap-guangzhou", config,
			func(id string) string { return "ap-guangzhou/" + id }, false, "image_url", "os_type", "os_version"),
	})
}

func TestAccImageCopyResource_deprecated(t *testing.T) {
	e := newAccEnv(t)
	config := func(deprecated bool) string {
		return testAccImageCopyConfig(e, fmt.Sprintf("destination_region = \"ap-shanghai\"\n  deprecated = %t", deprecated))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: deprecatedSteps(e, testAccImageCopyAddress, "ap-shanghai", config,
			func(id string) string { return "ap-shanghai/" + id }, true),
	})
}

// testAccImageCopyConfig_tagged copies an image of the family "golden" to ap-shanghai as "test",
// with the tags and family given (nil and "" leave them out), and once more as "plain" with
// neither.
func testAccImageCopyConfig_tagged(e *accEnv, tags map[string]string, family string) string {
	body := `name               = "golden-sh"
  destination_region = "ap-shanghai"`
	if family != "" {
		body += fmt.Sprintf("\n  family = %q", family)
	}
	if tags != nil {
		body += "\n  tags = {"
		for k, v := range tags {
			body += fmt.Sprintf("\n    %s = %q", k, v)
		}
		body += "\n  }"
	}
	return testAccImageCopyConfig(e, body) + `
resource "cvmimage_image_copy" "plain" {
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = "ap-singapore"
}
`
}

// expectCloudCopy checks what the API reports of the copy "test": its user tags are want, beside
// the provider's own record of its source (which import needs), and it is in family.
func (e *accEnv) expectCloudCopy(want map[string]string, family string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		img, err := e.cloudImage(s, testAccImageCopyAddress, "ap-shanghai")
		if err != nil {
			return err
		}
		tags := tagMapOf(img.Tags)
		if tags[copySourceTag] == "" {
			return fmt.Errorf("copy %s lost its %s tag: %v", img.ImageId, copySourceTag, tags)
		}
		maps.DeleteFunc(tags, func(k, _ string) bool { return isProviderTag(k) })
		if !maps.Equal(tags, want) {
			return fmt.Errorf("copy %s carries the user tags %v, want %v", img.ImageId, tags, want)
		}
		if img.ImageFamily != family {
			return fmt.Errorf("copy %s is in the family %q, want %q", img.ImageId, img.ImageFamily, family)
		}
		return nil
	}
}

func tagChecks(want map[string]string) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for k, v := range want {
		checks[k] = knownvalue.StringExact(v)
	}
	return knownvalue.MapExact(checks)
}

func TestAccImageCopyResource_tagsAndFamily(t *testing.T) {
	e := newAccEnv(t)
	var id string
	first, second := map[string]string{"team": "web"}, map[string]string{"team": "db", "env": "prod"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				// Set at create; a copy that sets no family is in its source's.
				Config: testAccImageCopyConfig_tagged(e, first, "golden-sh"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("tags"), tagChecks(first)),
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("family"), knownvalue.StringExact("golden-sh")),
					statecheck.ExpectKnownValue("cvmimage_image_copy.plain", tfjsonpath.New("family"), knownvalue.StringExact("golden")),
					statecheck.ExpectKnownValue("cvmimage_image_copy.plain", tfjsonpath.New("tags"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(captureID(testAccImageCopyAddress, &id), e.expectCloudCopy(first, "golden-sh")),
			},
			{Config: testAccImageCopyConfig_tagged(e, first, "golden-sh"), ConfigPlanChecks: expectEmptyPlan()},
			{
				// Changed in place: a key changed, one added, the family moved.
				Config:           testAccImageCopyConfig_tagged(e, second, "golden-sh-2"),
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("tags"), tagChecks(second)),
				},
				Check: resource.ComposeTestCheckFunc(e.expectCloudCopy(second, "golden-sh-2"), func(s *terraform.State) error {
					if now, _ := idOf(s, testAccImageCopyAddress); now != id {
						return fmt.Errorf("changing tags and family replaced copy %s with %s", id, now)
					}
					return nil
				}),
			},
			{
				// Retagged and moved to another family in the console: the plan puts both back.
				PreConfig: func() {
					if err := e.sim.TagImage("ap-shanghai", id, map[string]string{"team": "ops", "extra": "x"}, "env"); err != nil {
						t.Fatal(err)
					}
					if err := e.sim.SetImageFamily("ap-shanghai", id, "elsewhere"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           testAccImageCopyConfig_tagged(e, second, "golden-sh-2"),
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionUpdate),
				Check:            e.expectCloudCopy(second, "golden-sh-2"),
			},
			{
				// Removing every user tag leaves the provider's own.
				Config:           testAccImageCopyConfig_tagged(e, nil, "golden-sh-2"),
				ConfigPlanChecks: expectAction(testAccImageCopyAddress, plancheck.ResourceActionUpdate),
				Check:            e.expectCloudCopy(map[string]string{}, "golden-sh-2"),
			},
			{
				Config: testAccImageCopyConfig_tagged(e, second, "golden-sh-2"),
				Check:  e.expectCloudCopy(second, "golden-sh-2"),
			},
			{
				// An import block of the tagged copy plans nothing.
				ResourceName:    testAccImageCopyAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := idOf(s, testAccImageCopyAddress)
					return "ap-shanghai/" + id, err
				},
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("tags"), tagChecks(second)),
					plancheck.ExpectKnownValue(testAccImageCopyAddress, tfjsonpath.New("family"), knownvalue.StringExact("golden-sh-2")),
				}},
			},
			{
				// And so does one of the untagged copy, whose family is its source's.
				ResourceName:    "cvmimage_image_copy.plain",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := idOf(s, "cvmimage_image_copy.plain")
					return "ap-singapore/" + id, err
				},
			},
		},
	})
}
