package provider

// The reliability soak: a module-like configuration (an image, copies to two regions, a share) applied
// and destroyed again and again while the emulator throttles, fails, drops answers and hides new
// images for a while, with the emulator's own inventory checked after every apply and destroy.

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// Cycles in `make test`; `make soak` sets SOAK_CYCLES=20.
const defaultSoakCycles = 2

// soakCopyRegions are where the soak's image is copied to (two resources rather than for_each:
// the legacy state shim that Check functions read cannot index for_each instances).
var soakCopyRegions = []string{"ap-shanghai", "ap-beijing"}

// soakFaults are the reliability targets. Invisibility is 2 s in the long form; the short
// form in `make test` uses 1 s so that the package stays fast, which still outlasts every poll and
// retry interval of the test client several times over.
func soakFaults(seed int64, long bool) cvmsim.Faults {
	invisible := time.Second
	if long {
		invisible = 2 * time.Second
	}
	return cvmsim.Faults{
		InternalErrorRate: 0.10,
		ThrottleRate:      0.10,
		LostResponseRate:  0.02,
		Invisibility:      invisible,
		Seed:              seed,
	}
}

func soakCycles(t *testing.T) (int, bool) {
	v := os.Getenv("SOAK_CYCLES")
	if v == "" {
		return defaultSoakCycles, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("SOAK_CYCLES=%q: want a positive number of cycles", v)
	}
	return n, n > defaultSoakCycles
}

func testAccSoakConfig_module(e *accEnv, cycle int) string {
	return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "base" {
  name          = "soak-base-%[1]d"
  instance_id   = "ins-gz100001"
  data_disk_ids = ["disk-gz100002"]
}

resource "cvmimage_image_copy" "shanghai" {
  source_image_id    = cvmimage_custom_image.base.id
  destination_region = %[2]q
}

resource "cvmimage_image_copy" "beijing" {
  source_image_id    = cvmimage_custom_image.base.id
  destination_region = %[3]q
}

resource "cvmimage_image_share" "peer" {
  image_id    = cvmimage_custom_image.base.id
  account_ids = [%[4]q]
}
`, cycle, soakCopyRegions[0], soakCopyRegions[1], cvmsim.PeerAccount)
}

// soakInventory checks the emulator's inventory of every region against what the state says
// exists: each image in the state exists once, nothing else exists, and the share is in place.
func (e *accEnv) soakInventory(s *terraform.State, cycle int) error {
	want := map[string]string{} // image ID → region, from the state
	for _, rs := range s.RootModule().Resources {
		switch rs.Type {
		case "cvmimage_custom_image":
			want[rs.Primary.ID] = rs.Primary.Attributes["region"]
		case "cvmimage_image_copy":
			want[rs.Primary.ID] = rs.Primary.Attributes["destination_region"]
		}
	}
	if len(want) != 1+len(soakCopyRegions) {
		return fmt.Errorf("cycle %d: the state tracks %d images, want %d: %v", cycle, len(want), 1+len(soakCopyRegions), want)
	}
	all := e.sim.CustomImages(cvmsim.OwnerAccount, "")
	if len(all) != len(want) {
		return fmt.Errorf("cycle %d: the emulator holds %d images, the state tracks %d (orphans or duplicates): %+v", cycle, len(all), len(want), all)
	}
	for _, img := range all {
		region, ok := want[img.ID]
		if !ok || region != img.Region {
			return fmt.Errorf("cycle %d: image %s (%q) in %s is not tracked by the state", cycle, img.ID, img.Name, img.Region)
		}
		if img.State != "NORMAL" {
			return fmt.Errorf("cycle %d: image %s is %s after a successful apply", cycle, img.ID, img.State)
		}
		if img.Region == cvmsim.DefaultRegion && !slices.Equal(img.SharedWith, []string{cvmsim.PeerAccount}) {
			return fmt.Errorf("cycle %d: image %s is shared with %v, want [%s]", cycle, img.ID, img.SharedWith, cvmsim.PeerAccount)
		}
	}
	return nil
}

// soakEmpty checks that a destroy left no image of the owner's in any region.
func (e *accEnv) soakEmpty(cycle int) error {
	if left := e.sim.CustomImages(cvmsim.OwnerAccount, ""); len(left) != 0 {
		return fmt.Errorf("cycle %d: %d images left after destroy (orphans): %+v", cycle, len(left), left)
	}
	return nil
}

func TestAccSoak_faultyCloudCycles(t *testing.T) {
	cycles, long := soakCycles(t)
	e := newAccEnv(t)
	e.sim.SetFaults(soakFaults(1, long))
	var steps []resource.TestStep
	for c := 1; c <= cycles; c++ {
		steps = append(steps,
			resource.TestStep{
				Config: testAccSoakConfig_module(e, c),
				Check:  func(s *terraform.State) error { return e.soakInventory(s, c) },
			},
			resource.TestStep{
				Config:  testAccSoakConfig_module(e, c),
				Destroy: true,
				Check:   func(*terraform.State) error { return e.soakEmpty(c) },
			},
		)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return e.soakEmpty(cycles) },
		Steps:                    steps,
	})
	calls := e.sim.Calls()
	t.Logf("%d cycles, %d API writes, calls: %v", cycles, e.sim.WriteCalls(), calls)
}

// Removing the whole module from the configuration (not `terraform destroy`) must destroy the
// image, its copies and its share: Terraform plans those orphans in no particular order, and the
// share resource's destroy must count before the image's destroy check sees the share.
func TestAccSoak_moduleRemovedFromConfig(t *testing.T) {
	e := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return e.soakEmpty(1) },
		Steps: []resource.TestStep{
			{
				Config: testAccSoakConfig_module(e, 1),
				Check:  func(s *terraform.State) error { return e.soakInventory(s, 1) },
			},
			{
				Config: e.providerConfig(),
				Check:  func(*terraform.State) error { return e.soakEmpty(1) },
			},
		},
	})
}

// testAccSoakConfig_sequences is the soak of the user's riskier moves: three images of one
// instance, made unique by name_prefix, and a copy, all with create_before_destroy; quota sets how
// many images the region may hold and extra adds images beyond it (limit_checks = "warn" lets the
// plan through, so the apply stops half way).
func testAccSoakConfig_sequences(e *accEnv, extra int) string {
	return e.providerConfig(`limit_checks = "warn"`) + fmt.Sprintf(`
resource "cvmimage_custom_image" "many" {
  count       = %d
  name_prefix = "soak-${count.index}-"
  instance_id = "ins-gz100001"
  lifecycle {
    create_before_destroy = true
  }
}

resource "cvmimage_image_copy" "copy" {
  source_image_id    = cvmimage_custom_image.many[0].id
  destination_region = "ap-shanghai"
  name_prefix        = "soak-copy-"
  lifecycle {
    create_before_destroy = true
  }
}
`, 3+extra)
}

// soakTracked checks that the emulator holds exactly the images the state tracks, each NORMAL:
// none lost, none orphaned, none twice.
func (e *accEnv) soakTracked(what string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		want := map[string]bool{}
		for _, rs := range s.RootModule().Resources {
			if rs.Type == "cvmimage_custom_image" || rs.Type == "cvmimage_image_copy" {
				want[rs.Primary.ID] = true
			}
		}
		all := e.sim.CustomImages(cvmsim.OwnerAccount, "")
		for _, img := range all {
			if !want[img.ID] {
				return fmt.Errorf("%s: image %s (%q) in %s is not tracked by the state", what, img.ID, img.Name, img.Region)
			}
			if img.State != "NORMAL" {
				return fmt.Errorf("%s: image %s is %s", what, img.ID, img.State)
			}
		}
		if len(all) != len(want) {
			return fmt.Errorf("%s: the state tracks %d images, the emulator holds %d: %+v", what, len(want), len(all), all)
		}
		return nil
	}
}

// Under the same faults: create, replace with create_before_destroy (tainted, as -replace does),
// an apply that stops half way at the quota, then a destroy. Zero images lost, orphaned or made
// twice after every step.
func TestAccSoak_replaceAndPartialApplyCycles(t *testing.T) {
	cycles, long := soakCycles(t)
	e := newAccEnv(t)
	e.sim.SetFaults(soakFaults(2, long))
	if err := e.sim.SetImageQuota(cvmsim.OwnerAccount, cvmsim.DefaultRegion, 5); err != nil {
		t.Fatal(err)
	}
	var steps []resource.TestStep
	for c := 1; c <= cycles; c++ {
		steps = append(steps,
			resource.TestStep{Config: testAccSoakConfig_sequences(e, 0), Check: e.soakTracked(fmt.Sprintf("cycle %d create", c))},
			resource.TestStep{
				Config: testAccSoakConfig_sequences(e, 0),
				Taint:  []string{"cvmimage_custom_image.many[0]", "cvmimage_image_copy.copy"},
				Check:  e.soakTracked(fmt.Sprintf("cycle %d replace", c)),
			},
			resource.TestStep{
				// Six images for a quota of five: the apply makes what fits and stops.
				Config:      testAccSoakConfig_sequences(e, 3),
				ExpectError: wrapped(`ImageQuotaLimitExceeded|quota`),
			},
			resource.TestStep{
				Config:  testAccSoakConfig_sequences(e, 3),
				Destroy: true,
				Check:   func(*terraform.State) error { return e.soakEmpty(c) },
			},
		)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return e.soakEmpty(cycles) },
		Steps:                    steps,
	})
}
