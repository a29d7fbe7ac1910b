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
	resource.ParallelTest(t, resource.TestCase{
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
				Config:           testAccCustomImageConfig_instance(e, "web-base", "first"),
				ConfigPlanChecks: expectEmptyPlan(),
			},
			{
				// A refresh costs one DescribeImages call, which also carries the tags: no Tag API
				// read, which would spend a second rate-limited call per image on the same answer.
				PreConfig:    e.sim.ResetCalls,
				RefreshState: true,
				Check: func(*terraform.State) error {
					calls := e.sim.Calls()
					if calls["cvm.DescribeImages"] != 1 || calls["tag.DescribeResourceTagsByResourceIds"] != 0 {
						return fmt.Errorf("one refresh made %d DescribeImages and %d DescribeResourceTagsByResourceIds calls, want 1 and 0",
							calls["cvm.DescribeImages"], calls["tag.DescribeResourceTagsByResourceIds"])
					}
					return nil
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

func TestAccCustomImageResource_updateInPlaceAndReplace(t *testing.T) {
	e := newAccEnv(t)
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: testAccCustomImageConfig_instance(e, "app", "v1"),
				Check:  captureID(testAccCustomImageAddress, &firstID),
			},
			{
				// Name, description and tags change in place: same image, new values in the emulator.
				Config: e.providerConfig() + `
resource "cvmimage_custom_image" "test" {
  name          = "app-renamed"
  description   = "v2"
  family        = "app"
  instance_id   = "ins-gz100001"
  data_disk_ids = ["disk-gz100002"]
  tags = {
    team = "platform"
    env  = "prod"
  }
}
`,
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
						"team": knownvalue.StringExact("platform"), "env": knownvalue.StringExact("prod"),
					})),
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("family"), knownvalue.StringExact("app")),
				},
				Check: func(s *terraform.State) error {
					id, _ := idOf(s, testAccCustomImageAddress)
					if id != firstID {
						return fmt.Errorf("an in-place update replaced the image: %s became %s", firstID, id)
					}
					if img, _ := e.image("ap-guangzhou", id); img.Name != "app-renamed" {
						return fmt.Errorf("the emulator's image is named %q, want app-renamed", img.Name)
					}
					return nil
				},
			},
			{
				// A new source replaces the image, and the old one is gone from the emulator.
				Config:           testAccCustomImageConfig_snapshot(e, "app-renamed", ""),
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccCustomImageAddress, tfjsonpath.New("delete_snapshots"), knownvalue.Bool(false)),
				},
				Check: func(s *terraform.State) error {
					if _, ok := e.image("ap-guangzhou", firstID); ok {
						return fmt.Errorf("the replaced image %s still exists", firstID)
					}
					return nil
				},
			},
		},
	})
}

func TestAccCustomImageResource_drift(t *testing.T) {
	e := newAccEnv(t)
	var id string
	cfg := testAccCustomImageConfig_snapshot(e, "drifty", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID(testAccCustomImageAddress, &id)},
			{
				PreConfig: func() {
					if err := e.sim.RenameImage("ap-guangzhou", id, "renamed-in-console"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionUpdate),
			},
			{
				PreConfig: func() {
					if err := e.sim.DeleteImage("ap-guangzhou", id); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionCreate),
			},
		},
	})
}

func TestAccCustomImageResource_importByBareID(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: testAccCustomImageConfig_snapshot(e, "imported", `tags = { a = "b" }`)},
			{
				ResourceName:            testAccCustomImageAddress,
				ImportState:             true,
				ImportStateIdFunc:       func(s *terraform.State) (string, error) { return idOf(s, testAccCustomImageAddress) },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"snapshot_ids", "delete_snapshots"},
			},
			{
				ResourceName:  testAccCustomImageAddress,
				ImportState:   true,
				ImportStateId: "ap-guangzhou/not-an-image",
				ExpectError:   regexp.MustCompile(`expected\s+REGION/IMAGE_ID`),
			},
		},
	})
}

func TestAccCustomImageResource_deletionProtection(t *testing.T) {
	e := newAccEnv(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: testAccCustomImageConfig_snapshot(e, "guarded", "deletion_protection = true"),
				Check:  captureID(testAccCustomImageAddress, &id),
			},
			{
				// Destroying it fails at plan, before any API write.
				PreConfig:   e.sim.ResetCalls,
				Config:      e.providerConfig(),
				ExpectError: regexp.MustCompile(`Image Is Protected From Deletion`),
			},
			{
				// Replacing it is a destroy too.
				Config:      testAccCustomImageConfig_snapshot(e, "guarded", "deletion_protection = true\n  region = \"ap-shanghai\""),
				ExpectError: regexp.MustCompile(`Image Is Protected From Deletion`),
			},
			{
				PreConfig: func() {
					if _, ok := e.image("ap-guangzhou", id); !ok || e.sim.WriteCalls() != 0 {
						t.Fatalf("a protected image was touched: exists=%v, writes=%d", ok, e.sim.WriteCalls())
					}
				},
				Config: testAccCustomImageConfig_snapshot(e, "guarded", "deletion_protection = false"),
			},
		},
	})
}

func TestAccCustomImageResource_sharedOutDestroy(t *testing.T) {
	e := newAccEnv(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: testAccCustomImageConfig_snapshot(e, "shared", ""), Check: captureID(testAccCustomImageAddress, &id)},
			{
				PreConfig: func() {
					if err := e.sim.ShareImage("ap-guangzhou", id, "100000000002"); err != nil {
						t.Fatal(err)
					}
				},
				Config:      e.providerConfig(),
				ExpectError: regexp.MustCompile(`(?s)Image Is Shared Out.*100000000002`),
			},
			{
				// With the plan-time check off, the delete itself refuses, listing the account.
				Config:      e.providerConfig(`limit_checks = "off"`),
				ExpectError: wrapped(`Image Is Shared Out.*It is shared with 1 account\(s\): 100000000002`),
			},
			{
				PreConfig: func() {
					if err := e.sim.UnshareImage("ap-guangzhou", id, "100000000002"); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.providerConfig(),
			},
		},
	})
}
