package provider

// A busy instance is waited for, several images of one instance take turns, and wrong keys or a
// dead endpoint fail the plan quickly, naming what to fix.

import (
	"fmt"
	"net"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const busyCode = "OperationDenied.InstanceOperationInProgress"

// Six images of one instance and images of two other regions in one apply: all NORMAL, none
// twice, no busy answer (the creates take turns in the provider), an empty second plan and a clean
// destroy.
func TestAccCustomImageResource_sixImagesOfOneInstance(t *testing.T) {
	e := newAccEnv(t)
	config := e.providerConfig() + `
resource "cvmimage_custom_image" "six" {
  count       = 6
  name        = "six-${count.index}"
  instance_id = "ins-gz100001"
}

resource "cvmimage_custom_image" "elsewhere" {
  count       = 2
  region      = ["ap-shanghai", "ap-beijing"][count.index]
  name        = "elsewhere"
  instance_id = ["ins-sh100001", "ins-bj100001"][count.index]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					for region, want := range map[string]int{cvmsim.DefaultRegion: 6, "ap-shanghai": 1, "ap-beijing": 1} {
						imgs := e.sim.CustomImages(cvmsim.OwnerAccount, region)
						names := map[string]bool{}
						for _, img := range imgs {
							if img.State != "NORMAL" || names[img.Name] {
								return fmt.Errorf("%s holds %+v: want %d NORMAL images, each once", region, imgs, want)
							}
							names[img.Name] = true
						}
						if len(imgs) != want {
							return fmt.Errorf("%s holds %d images, want %d", region, len(imgs), want)
						}
					}
					if n := e.sim.ErrorCodes()[busyCode]; n != 0 {
						return fmt.Errorf("the emulator answered %s %d times: the creates did not take turns", busyCode, n)
					}
					return nil
				},
			},
			{Config: config, ConfigPlanChecks: expectEmptyPlan()},
		},
	})
}

// An instance that is still busy (just made, as one made in the same apply is) is waited for;
// one busy for longer than timeouts.create fails the create naming the instance, and nothing is made.
func TestAccCustomImageResource_busyInstance(t *testing.T) {
	e := newAccEnv(t)
	fresh, err := e.sim.AddInstance(cvmsim.OwnerAccount, cvmsim.DefaultRegion, "fresh")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.sim.MakeInstanceBusy(cvmsim.DefaultRegion, "ins-gz100001", time.Hour); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "test" {
  name        = "from-a-fresh-instance"
  instance_id = %q
}
`, fresh),
				Check: resource.TestCheckResourceAttr(testAccCustomImageAddress, "state", "NORMAL"),
			},
			{
				Config: e.providerConfig() + `
resource "cvmimage_custom_image" "busy" {
  name        = "from-a-busy-instance"
  instance_id = "ins-gz100001"
  timeouts = {
    create = "10s"
  }
}
`,
				ExpectError: wrapped(`Source Busy Too Long.*instance ins-gz100001.*timeouts.create`),
			},
		},
	})
	if imgs := e.sim.CustomImages(cvmsim.OwnerAccount, cvmsim.DefaultRegion); len(imgs) != 0 {
		t.Fatalf("the region holds %+v after the test: the busy create made an image", imgs)
	}
}

// A right SecretId with a wrong SecretKey fails the plan, naming where the keys came from and no
// secret; so does an endpoint that refuses connections, naming it (how fast is measured in make
// bench).
func TestAccProvider_wrongKeyAndDeadEndpointFailThePlan(t *testing.T) {
	e := newAccEnv(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	_ = l.Close()
	body := `
resource "cvmimage_custom_image" "test" {
  name         = "x"
  snapshot_ids = ["snap-gz100001"]
}
`
	const wrongKey = "wrong-key-0123456789abcdef"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerAt(e.server.URL, wrongKey) + body,
				PlanOnly:    true,
				ExpectError: wrapped(`Credentials Refused.*taken from the provider block \(secret_id, secret_key\)`),
			},
			{
				Config:      providerAt(dead, cvmsim.OwnerSecretKey) + body,
				PlanOnly:    true,
				ExpectError: wrapped(`API Endpoint Unreachable.*` + regexp.QuoteMeta(l.Addr().String())),
			},
		},
	})
}

// A sandbox path that names a directory is a configuration error, before anything is planned.
func TestAccProvider_sandboxPathIsADirectory(t *testing.T) {
	dir := t.TempDir()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "cvmimage" {
  sandbox = %q
}

data "cvmimage_image_quota" "q" {}
`, dir),
			PlanOnly:    true,
			ExpectError: wrapped(`Sandbox Path Is A Directory.*sandbox.json`),
		}},
	})
}

// providerAt is a provider block of the owner's SecretId with secretKey, against endpoint.
func providerAt(endpoint, secretKey string) string {
	return fmt.Sprintf(`
provider "cvmimage" {
  endpoint   = %q
  region     = "ap-guangzhou"
  secret_id  = %q
  secret_key = %q
}
`, endpoint, cvmsim.OwnerSecretID, secretKey)
}
