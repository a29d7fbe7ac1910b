package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const testAccImageAddress = "data.cvmimage_image.test"

func testAccImageConfig(e *accEnv, args string) string {
	return e.providerConfig() + fmt.Sprintf(`
data "cvmimage_image" "test" {
  %s
}
`, args)
}

func TestAccImageDataSource_publicMostRecent(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccImageConfig(e, `
  image_type   = "public"
  platform     = "Ubuntu"
  architecture = "x86_64"
  most_recent  = true`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageAddress, "name", "Ubuntu Server 24.04 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccImageAddress, "os_name", "Ubuntu Server 24.04 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccImageAddress, "platform", "Ubuntu"),
					resource.TestCheckResourceAttr(testAccImageAddress, "family", "ubuntu-2404-lts"),
					resource.TestCheckResourceAttr(testAccImageAddress, "region", "ap-guangzhou"),
					resource.TestCheckResourceAttr(testAccImageAddress, "deprecated", "false"),
					resource.TestCheckResourceAttr(testAccImageAddress, "state", "NORMAL"),
					resource.TestMatchResourceAttr(testAccImageAddress, "id", regexp.MustCompile(`^img-[a-z0-9]{8}$`)),
				),
			},
			{
				// The same image by exact name needs no most_recent.
				Config: testAccImageConfig(e, `
  image_type = "public"
  name       = "Ubuntu Server 22.04 LTS 64bit"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageAddress, "os_name", "Ubuntu Server 22.04 LTS 64bit"),
					resource.TestCheckResourceAttr(testAccImageAddress, "architecture", "x86_64"),
				),
			},
		},
	})
}

func TestAccImageDataSource_matchCountErrors(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccImageConfig(e, `
  image_type = "public"
  platform   = "Ubuntu"`),
				ExpectError: regexp.MustCompile(`(?s)More Than One Matching Image.*public images in.*ap-guangzhou.*img-[a-z0-9]{8}.*Ubuntu Server 24\.04.*most_recent`),
			},
			{
				Config: testAccImageConfig(e, `
  image_type = "public"
  name_regex = "^NoSuchOS"`),
				ExpectError: regexp.MustCompile(`No Matching Image`),
			},
			{
				// Deprecated images are not found unless asked for.
				Config: testAccImageConfig(e, `
  image_type = "public"
  name       = "Ubuntu Server 18.04.1 LTS 64bit"`),
				ExpectError: regexp.MustCompile(`(?s)No Matching Image.*include_deprecated`),
			},
			{
				Config: testAccImageConfig(e, `
  image_type         = "public"
  name               = "Ubuntu Server 18.04.1 LTS 64bit"
  include_deprecated = true`),
				Check: resource.TestCheckResourceAttr(testAccImageAddress, "deprecated", "true"),
			},
		},
	})
}

func TestAccImageDataSource_marketplace(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccImageConfig(e, `
  image_type = "marketplace"
  vendor     = "Datalane"
  name_regex = "^Redis"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageAddress, "name", "Redis 7 cache server"),
					resource.TestCheckResourceAttr(testAccImageAddress, "creator", "Datalane"),
					resource.TestCheckResourceAttr(testAccImageAddress, "os_name", "TencentOS Server 3.2 (Final)"),
				),
			},
		},
	})
}

// most_recent over images anyone can publish or share must pin the publisher, and the check
// happens before anything is read.
func TestAccImageDataSource_unsafeFilterRejectedAtValidate(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccImageConfig(e, `
  image_type  = "marketplace"
  name_regex  = "^WordPress"
  most_recent = true`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unsafe Image Filter.*most_recent.*Set vendor.*allow_unsafe_filter`),
			},
			{
				Config: testAccImageConfig(e, `
  image_type  = "shared"
  most_recent = true`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unsafe Image Filter.*Set owner_account_ids`),
			},
			{
				Config: testAccImageConfig(e, `
  image_type = "public"
  vendor     = "Datalane"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Filter Does Not Apply.*vendor filters marketplace images`),
			},
			{
				PreConfig: func() {
					if n := e.sim.Calls()["cvm.DescribeImages"]; n != 0 {
						t.Errorf("a rejected configuration reached the API: %d DescribeImages calls", n)
					}
				},
				Config: testAccImageConfig(e, `
  image_type          = "marketplace"
  name_regex          = "^WordPress"
  most_recent         = true
  allow_unsafe_filter = true`),
				Check: resource.TestCheckResourceAttr(testAccImageAddress, "name", "WordPress 6.5 multisite, managed updates"),
			},
			{
				Config: testAccImageConfig(e, `
  image_type  = "marketplace"
  vendor      = "Pressline Studio"
  most_recent = true`),
				Check: resource.TestCheckResourceAttr(testAccImageAddress, "name", "WordPress 6.5 multisite, managed updates"),
			},
		},
	})
}

func TestAccImageDataSource_customWithSnapshots(t *testing.T) {
	e := newAccEnv(t)
	ids := e.createImagesOutOfBand(t, "web", 3)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccImageConfig(e, `
  image_type = "custom"
  name       = "web-001"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageAddress, "id", ids[1]),
					resource.TestCheckResourceAttr(testAccImageAddress, "creator", cvmsim.OwnerAccount),
					resource.TestCheckResourceAttr(testAccImageAddress, "snapshots.0.disk_usage", "SYSTEM_DISK"),
					func(s *terraform.State) error {
						info, ok := e.image(cvmsim.DefaultRegion, ids[1])
						if !ok {
							return fmt.Errorf("image %s is gone from the emulator", ids[1])
						}
						attrs := s.RootModule().Resources[testAccImageAddress].Primary.Attributes
						var got []string
						for i := range len(info.Snapshots) {
							got = append(got, attrs[fmt.Sprintf("snapshots.%d.snapshot_id", i)])
						}
						if attrs["snapshots.#"] != fmt.Sprint(len(info.Snapshots)) || !slices.Equal(got, info.Snapshots) {
							return fmt.Errorf("snapshots %v (%s), want the emulator's %v", got, attrs["snapshots.#"], info.Snapshots)
						}
						return nil
					},
				),
			},
			{
				Config: testAccImageConfig(e, fmt.Sprintf(`
  image_type = "custom"
  image_id   = %q`, ids[2])),
				Check: resource.TestCheckResourceAttr(testAccImageAddress, "name", "web-002"),
			},
			{
				Config: testAccImageConfig(e, `
  image_type = "custom"
  name_regex = "^web-"`),
				ExpectError: regexp.MustCompile(`(?s)3 custom images in\s+ap-guangzhou match`),
			},
		},
	})
}

func TestAccImageDataSource_sharedPinnedToOwner(t *testing.T) {
	e := newAccEnv(t)
	id := e.createImagesOutOfBand(t, "team", 1)[0]
	if err := e.sim.ShareImage(cvmsim.DefaultRegion, id, cvmsim.PeerAccount); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.providerConfigFor(cvmsim.PeerAccount) + fmt.Sprintf(`
data "cvmimage_image" "test" {
  image_type        = "shared"
  owner_account_ids = [%q]
  most_recent       = true
}
`, cvmsim.OwnerAccount),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageAddress, "id", id),
					resource.TestCheckResourceAttr(testAccImageAddress, "creator", cvmsim.OwnerAccount),
				),
			},
		},
	})
}

// family alone takes the family's current image: the newest that is NORMAL and not deprecated,
// passing over a newer deprecated image and a newest one whose create failed.
func TestAccImageDataSource_familyCurrentImage(t *testing.T) {
	e := newAccEnv(t)
	ctx := context.Background()
	client := e.ownerClient()
	current := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: "web-2024-06", ImageFamily: "web-golden"})
	retired := e.makeOwnerImage(t, imageapi.CreateImageRequest{ImageName: "web-2024-07", ImageFamily: "web-golden"})
	if err := client.ModifyImageAttribute(ctx, cvmsim.DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: retired, ImageDeprecated: new(true)}); err != nil {
		t.Fatal(err)
	}
	e.sim.SetFaults(cvmsim.Faults{FailCreates: 1})
	failed, err := client.CreateImage(ctx, cvmsim.DefaultRegion, imageapi.CreateImageRequest{
		ImageName: "web-2024-08", ImageFamily: "web-golden", SnapshotIds: []string{"snap-gz100001"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.WaitForImage(ctx, cvmsim.DefaultRegion, failed, imageapi.StateNormal); err == nil {
		t.Fatal("the injected failure did not fail the create")
	}
	if img, _ := e.image(cvmsim.DefaultRegion, failed); img.State != "CREATEFAILED" {
		t.Fatalf("image %s is %q, want CREATEFAILED", failed, img.State)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccImageConfig(e, "family = \"web-golden\"\n  name_regex = \"^web-\""),
				PlanOnly:    true,
				ExpectError: wrapped(`Missing Image Type .*image_type is required unless family is the only filter`),
			},
			{
				Config:      testAccImageConfig(e, `family = "web-silver"`),
				ExpectError: wrapped(`No Image In Family .*Image family "web-silver" has no usable image in ap-guangzhou`),
			},
			{
				// The listing sees the whole family, which is why a family look-up does not use it.
				Config:      testAccImageConfig(e, "image_type = \"custom\"\n  family = \"web-golden\"\n  include_deprecated = true"),
				ExpectError: regexp.MustCompile(`(?s)More Than One Matching Image.*web-2024-08`),
			},
			{
				Config: testAccImageConfig(e, `family = "web-golden"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccImageAddress, "id", current),
					resource.TestCheckResourceAttr(testAccImageAddress, "name", "web-2024-06"),
					resource.TestCheckResourceAttr(testAccImageAddress, "image_type", "custom"),
					resource.TestCheckResourceAttr(testAccImageAddress, "state", "NORMAL"),
					resource.TestCheckResourceAttr(testAccImageAddress, "deprecated", "false"),
					resource.TestCheckResourceAttr(testAccImageAddress, "region", cvmsim.DefaultRegion),
				),
			},
		},
	})
}
