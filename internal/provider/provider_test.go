package provider

// The acceptance-test harness every resource and data source test uses: an emulator behind a
// loopback server per test, provider blocks for its accounts, and a CheckDestroy that asks the
// emulator's own inventory rather than the provider.

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// Emulator timings for tests: long enough that a create is seen CREATING, short enough that a
// test package runs in seconds.
var testAccTimings = cvmsim.Timings{Create: 200 * time.Millisecond, Import: 300 * time.Millisecond, Copy: 300 * time.Millisecond}

// testAccProtoV6ProviderFactories serve a provider that polls and backs off on the emulator's
// short timescale.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"cvmimage": func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(&cvmimageProvider{version: "test", tuneClient: testAccFastClient})()
	},
}

func testAccFastClient(cfg *imageapi.Config) {
	cfg.PollMin, cfg.PollMax = 20*time.Millisecond, 100*time.Millisecond
	cfg.RetryWaitMin, cfg.RetryWaitMax = 10*time.Millisecond, 50*time.Millisecond
}

// accEnv is one test's emulator, reached over a real loopback listener.
type accEnv struct {
	t      *testing.T
	sim    *cvmsim.Sim
	server *httptest.Server
}

// newAccEnv starts a fresh in-memory emulator (seeded world, default quota 10) for one test.
func newAccEnv(t *testing.T) *accEnv {
	t.Helper()
	sim, err := cvmsim.New(cvmsim.Options{Timings: testAccTimings})
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() {
		srv.Close()
		_ = sim.Close()
	})
	return &accEnv{t: t, sim: sim, server: srv}
}

// testAccAccountKeys maps the sandbox accounts to their key pairs.
var testAccAccountKeys = map[string][2]string{
	cvmsim.OwnerAccount: {cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey},
	cvmsim.PeerAccount:  {cvmsim.PeerSecretID, cvmsim.PeerSecretKey},
	cvmsim.ThirdAccount: {cvmsim.ThirdSecretID, cvmsim.ThirdSecretKey},
}

// providerConfig is a provider block for the owner account in ap-guangzhou.
func (e *accEnv) providerConfig(extra ...string) string {
	return e.providerConfigFor(cvmsim.OwnerAccount, extra...)
}

// providerConfigFor is a provider block for one of the sandbox accounts; extra lines (e.g.
// `limit_checks = "warn"` or `alias = "peer"`) go inside the block.
func (e *accEnv) providerConfigFor(account string, extra ...string) string {
	keys, ok := testAccAccountKeys[account]
	if !ok {
		e.t.Fatalf("no sandbox keys for account %s", account)
	}
	return fmt.Sprintf(`
provider "cvmimage" {
  endpoint   = %q
  region     = %q
  secret_id  = %q
  secret_key = %q
  %s
}
`, e.server.URL, cvmsim.DefaultRegion, keys[0], keys[1], strings.Join(extra, "\n  "))
}

// makeOwnerImage makes an owner's custom image out of band in the default region (from the seeded
// system-disk snapshot unless req names a source) and waits until it is NORMAL.
func (e *accEnv) makeOwnerImage(t *testing.T, req imageapi.CreateImageRequest) string {
	t.Helper()
	ctx := context.Background()
	if req.InstanceId == "" && len(req.SnapshotIds) == 0 {
		req.SnapshotIds = []string{"snap-gz100001"}
	}
	client := e.ownerClient()
	id, err := client.CreateImage(ctx, cvmsim.DefaultRegion, req)
	if err != nil {
		t.Fatalf("creating %s as the owner: %v", req.ImageName, err)
	}
	if _, err := client.WaitForImage(ctx, cvmsim.DefaultRegion, id, imageapi.StateNormal); err != nil {
		t.Fatal(err)
	}
	return id
}

// image returns the emulator's record of one of the owner's custom images.
func (e *accEnv) image(region, id string) (cvmsim.ImageInfo, bool) {
	for _, img := range e.sim.CustomImages(cvmsim.OwnerAccount, region) {
		if img.ID == id {
			return img, true
		}
	}
	return cvmsim.ImageInfo{}, false
}

// ownerClient is an API client of the owner account, for making images out of band.
func (e *accEnv) ownerClient() *imageapi.Client {
	e.t.Helper()
	c, err := imageapi.New(imageapi.Config{Endpoint: e.server.URL, SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey,
		Region: cvmsim.DefaultRegion, PollMin: 20 * time.Millisecond, PollMax: 100 * time.Millisecond})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// imageNames lists the names of the owner's custom images in region, sorted.
func (e *accEnv) imageNames(region string) []string {
	var names []string
	for _, img := range e.sim.CustomImages(cvmsim.OwnerAccount, region) {
		names = append(names, img.Name)
	}
	slices.Sort(names)
	return names
}

// checkDestroy fails if any image resource in the state still exists in the emulator.
func (e *accEnv) checkDestroy(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if !strings.HasPrefix(rs.Type, "cvmimage_") || !strings.HasSuffix(rs.Type, "_image") {
			continue
		}
		if img, ok := e.image(rs.Primary.Attributes["region"], rs.Primary.ID); ok {
			return fmt.Errorf("%s: image %s (%q) still exists in %s, state %s", rs.Type, img.ID, img.Name, img.Region, img.State)
		}
	}
	return nil
}

// idOf reads a resource's ID from a state, for steps that act on the emulator out of band.
func idOf(s *terraform.State, address string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s is not in the state", address)
	}
	return rs.Primary.ID, nil
}

// captureID stores a resource's ID for steps that change the emulator out of band.
func captureID(address string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := idOf(s, address)
		*into = id
		return err
	}
}

// assertNoWrites fails when the emulator saw a mutating call since the last ResetCalls.
func (e *accEnv) assertNoWrites() {
	e.t.Helper()
	if n := e.sim.WriteCalls(); n != 0 {
		e.t.Fatalf("the plan should have stopped before any API write, but the emulator saw %d: %v", n, e.sim.Calls())
	}
}

// checkNothingLeft is a CheckDestroy for configurations of images, copies and shares: no account
// may keep a custom image, anywhere.
func (e *accEnv) checkNothingLeft(*terraform.State) error {
	for _, acct := range []string{cvmsim.OwnerAccount, cvmsim.PeerAccount} {
		if imgs := e.sim.CustomImages(acct, ""); len(imgs) != 0 {
			return fmt.Errorf("account %s still has custom images after destroy: %+v", acct, imgs)
		}
	}
	return nil
}

// wrapped matches a diagnostic's text however Terraform wraps its lines: every space in s matches
// any run of white space.
func wrapped(s string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(s, " ", `\s+`))
}

// expectAction is the plan check of a step whose plan must do action to address.
func expectAction(address string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)}}
}

// expectEmptyPlan is the plan check of a step that must find nothing to change.
func expectEmptyPlan() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}
