package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// testAccCustomImageConfig_many declares one snapshot-made image per name.
func testAccCustomImageConfig_many(e *accEnv, providerExtra string, names ...string) string {
	var b strings.Builder
	b.WriteString(e.providerConfig(providerExtra))
	for i, n := range names {
		fmt.Fprintf(&b, `
resource "cvmimage_custom_image" "img%d" {
  name         = %q
  snapshot_ids = ["snap-gz100001"]
}
`, i, n)
	}
	return b.String()
}

func (e *accEnv) setQuota(n int) {
	if err := e.sim.SetImageQuota(cvmsim.OwnerAccount, cvmsim.DefaultRegion, n); err != nil {
		e.t.Fatal(err)
	}
}

func TestAccCustomImageResource_quotaExceededAtPlan(t *testing.T) {
	e := newAccEnv(t)
	e.setQuota(2)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: testAccCustomImageConfig_many(e, "", "a")},
			{
				// One image exists and two more are planned: only one fits, and the one that does not
				// fails the plan with the numbers.
				PreConfig:   e.sim.ResetCalls,
				Config:      testAccCustomImageConfig_many(e, "", "a", "b", "c"),
				ExpectError: regexp.MustCompile(`(?s)Custom Image Quota Exceeded.*ap-guangzhou holds 1 of 2 custom\s+images; this plan adds 2`),
			},
			{
				PreConfig: func() {
					e.assertNoWrites()
					if names := e.imageNames(cvmsim.DefaultRegion); len(names) != 1 {
						t.Fatalf("the failed plan created images: %v", names)
					}
				},
				// Filling the quota exactly is fine.
				Config: testAccCustomImageConfig_many(e, "", "a", "b"),
				Check: func(*terraform.State) error {
					if names := e.imageNames(cvmsim.DefaultRegion); len(names) != 2 {
						return fmt.Errorf("want images a and b, the emulator has %v", names)
					}
					return nil
				},
			},
		},
	})
}

func TestAccCustomImageResource_quotaTwoInOnePlan(t *testing.T) {
	e := newAccEnv(t)
	e.setQuota(1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config:      testAccCustomImageConfig_many(e, "", "x", "y"),
				ExpectError: regexp.MustCompile(`ap-guangzhou holds 0 of 1 custom images; this plan\s+adds 2`),
			},
		},
	})
	e.assertNoWrites()
}

func TestAccCustomImageResource_quotaWarnMode(t *testing.T) {
	e := newAccEnv(t)
	e.setQuota(1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				// In warn mode the plan goes on: the apply reaches the API, which makes one image and
				// refuses the other with its own quota error.
				Config:      testAccCustomImageConfig_many(e, `limit_checks = "warn"`, "x", "y"),
				ExpectError: regexp.MustCompile(`ImageQuotaLimitExceeded`),
			},
			{
				// Which of the two the API made first is Terraform's choice; once the quota is raised,
				// the same configuration makes the other one.
				PreConfig: func() {
					if names := e.imageNames(cvmsim.DefaultRegion); len(names) != 1 {
						t.Fatalf("warn mode should have applied one image, the emulator has %v", names)
					}
					e.setQuota(2)
				},
				Config: testAccCustomImageConfig_many(e, `limit_checks = "warn"`, "x", "y"),
			},
		},
	})
}

func TestAccCustomImageResource_nameTakenAtPlan(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: testAccCustomImageConfig_many(e, "", "first", "second")},
			{
				// Renaming onto another image's name fails at plan.
				PreConfig:   e.sim.ResetCalls,
				Config:      testAccCustomImageConfig_many(e, "", "first", "first"),
				ExpectError: regexp.MustCompile(`(?s)Image Name Already Used.*already named "first"`),
			},
			{
				PreConfig: e.assertNoWrites,
				Config:    testAccCustomImageConfig_many(e, "", "first", "second"),
			},
		},
	})
}

func TestAccCustomImageResource_staticValidationAtPlan(t *testing.T) {
	e := newAccEnv(t)
	for _, tc := range []struct {
		name, body string
		want       string
	}{
		{"long name", `name = "` + strings.Repeat("n", 61) + `"
  snapshot_ids = ["snap-gz100001"]`, `Attribute name UTF-8 character count must be between 1 and 60`},
		{"bad region", `name = "r"
  region = "ap-atlantis"
  snapshot_ids = ["snap-gz100001"]`, `Attribute region value must be one of`},
		{"bad instance", `name = "i"
  instance_id = "i-123"`, `Attribute instance_id must be an instance ID`},
		{"bad snapshot", `name = "s"
  snapshot_ids = ["snapshot-1"]`, `Attribute snapshot_ids\[0\] must be a snapshot ID`},
		{"no source", `name = "n"`, `(?s)Missing Image Source.*A new image needs instance_id or snapshot_ids`},
		{"two sources", `name = "n"
  instance_id = "ins-gz100001"
  snapshot_ids = ["snap-gz100001"]`, `(?s)Invalid Attribute Combination.*cannot be configured together:\s+\[instance_id,snapshot_ids\]`},
		{"disks without instance", `name = "d"
  snapshot_ids = ["snap-gz100001"]
  data_disk_ids = ["disk-gz100002"]`, `(?s)Attribute "instance_id" must be specified when "data_disk_ids" is`},
		{"long description", `name = "d"
  description = "` + strings.Repeat("d", 257) + `"
  snapshot_ids = ["snap-gz100001"]`, `Attribute description UTF-8 character count must be at most 256`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerConfig() + "resource \"cvmimage_custom_image\" \"test\" {\n  " + tc.body + "\n}\n",
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	e.assertNoWrites()
}
