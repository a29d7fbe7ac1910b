package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const testAccCustomImagesAddress = "data.cvmimage_custom_images.test"

func testAccCustomImagesConfig(e *accEnv, args string) string {
	return e.providerConfig() + fmt.Sprintf(`
data "cvmimage_custom_images" "test" {
  %s
}
`, args)
}

// tagged is a CreateImageRequest's tags.
func tagged(kv ...string) []imageapi.TagSpecification {
	var tags []imageapi.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		tags = append(tags, imageapi.Tag{Key: kv[i], Value: kv[i+1]})
	}
	return []imageapi.TagSpecification{{ResourceType: "image", Tags: tags}}
}

// checkIDs checks the `ids` output: exactly want, in this order.
func checkIDs(want ...string) resource.TestCheckFunc {
	checks := []resource.TestCheckFunc{resource.TestCheckResourceAttr(testAccCustomImagesAddress, "ids.#", fmt.Sprint(len(want)))}
	for i, id := range want {
		checks = append(checks, resource.TestCheckResourceAttr(testAccCustomImagesAddress, fmt.Sprintf("ids.%d", i), id))
	}
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

func TestAccCustomImagesDataSource_filters(t *testing.T) {
	e := newAccEnv(t)
	ctx := context.Background()
	client := e.ownerClient()
	app1 := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: "app-2024-01", ImageFamily: "app", TagSpecification: tagged("team", "platform", "env", "prod")})
	db1 := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: "db-2024-01", ImageFamily: "db", TagSpecification: tagged("team", "data")})
	// Creation times have whole seconds: the images below are newer than the ones above.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
	app2 := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: "app-2024-02", ImageFamily: "app", TagSpecification: tagged("team", "platform", "env", "staging")})
	app3 := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: "app-2024-03", ImageFamily: "app", TagSpecification: tagged("team", "platform", "env", "prod")})
	if err := client.ModifyImageAttribute(ctx, cvmsim.DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: app3, ImageDeprecated: new(true)}); err != nil {
		t.Fatal(err)
	}
	e.sim.SetFaults(cvmsim.Faults{FailCreates: 1})
	broken, err := client.CreateImage(ctx, cvmsim.DefaultRegion, imageapi.CreateImageRequest{ImageName: "app-broken", ImageFamily: "app", SnapshotIds: []string{"snap-gz100001"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.WaitForImage(ctx, cvmsim.DefaultRegion, broken, imageapi.StateNormal); err == nil {
		t.Fatal("the injected failure did not fail the create")
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccCustomImagesConfig(e, `state = "BROKEN"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*state.*NORMAL`),
			},
			{
				// Everything but the deprecated image, in every state.
				Config: testAccCustomImagesConfig(e, ``),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccCustomImagesAddress, "ids.#", "4"),
					resource.TestCheckTypeSetElemAttr(testAccCustomImagesAddress, "ids.*", app1),
					resource.TestCheckTypeSetElemAttr(testAccCustomImagesAddress, "ids.*", app2),
					resource.TestCheckTypeSetElemAttr(testAccCustomImagesAddress, "ids.*", db1),
					resource.TestCheckTypeSetElemAttr(testAccCustomImagesAddress, "ids.*", broken),
					resource.TestCheckResourceAttr(testAccCustomImagesAddress, "region", cvmsim.DefaultRegion),
					resource.TestCheckTypeSetElemNestedAttrs(testAccCustomImagesAddress, "images.*", map[string]string{
						"id": app1, "name": "app-2024-01", "family": "app", "state": "NORMAL", "deprecated": "false",
						"tags.%": "2", "tags.team": "platform", "tags.env": "prod",
						"creator": cvmsim.OwnerAccount, "size_gb": "50", "snapshots.#": "1",
					}),
					resource.TestCheckTypeSetElemNestedAttrs(testAccCustomImagesAddress, "images.*", map[string]string{
						"id": broken, "state": "CREATEFAILED",
					}),
				),
			},
			{
				Config: testAccCustomImagesConfig(e, "family = \"app\"\n  state  = \"NORMAL\""),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDs(app2, app1),
					resource.TestCheckResourceAttr(testAccCustomImagesAddress, "images.0.name", "app-2024-02"),
					resource.TestMatchResourceAttr(testAccCustomImagesAddress, "images.0.created_time", regexp.MustCompile(`^20\d\d-`)),
					resource.TestCheckResourceAttrSet(testAccCustomImagesAddress, "images.0.os_name"),
					resource.TestCheckResourceAttrSet(testAccCustomImagesAddress, "images.0.architecture"),
				),
			},
			{
				// Every tag given must match; app-2024-03 matches too but is deprecated.
				Config: testAccCustomImagesConfig(e, "tags = { team = \"platform\", env = \"prod\" }"),
				Check:  checkIDs(app1),
			},
			{
				Config: testAccCustomImagesConfig(e, "tags = { team = \"platform\", env = \"prod\" }\n  include_deprecated = true"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDs(app3, app1),
					resource.TestCheckResourceAttr(testAccCustomImagesAddress, "images.0.deprecated", "true"),
				),
			},
			{
				Config: testAccCustomImagesConfig(e, "name_regex = \"^app-\"\n  state      = \"CREATEFAILED\""),
				Check:  checkIDs(broken),
			},
			{
				Config: testAccCustomImagesConfig(e, "name_regex = \"^db-\"\n  tags       = { team = \"platform\" }"),
				Check:  checkIDs(),
			},
		},
	})
}

// More than a hundred images are listed in ⌈N/100⌉ pages, every one of them read, and nothing
// is asked per image.
func TestAccCustomImagesDataSource_readsEveryPageOnce(t *testing.T) {
	e := newAccEnv(t)
	e.createImagesOutOfBand(t, "bulk", 251)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.sim.ResetCalls,
				Config:    testAccCustomImagesConfig(e, `name_regex = "^bulk-"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccCustomImagesAddress, "ids.#", "251"),
					func(*terraform.State) error {
						if calls := e.sim.Calls(); len(calls) != 1 || calls["cvm.DescribeImages"] != 3 {
							return fmt.Errorf("reading 251 images took %v, want 3 DescribeImages pages and nothing else", calls)
						}
						return nil
					},
				),
			},
		},
	})
}
