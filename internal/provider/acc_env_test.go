package provider

// The acceptance-test harness, and every helper that more than one test file of this package uses:
// the emulator each test runs against, the ways to make cloud objects behind Terraform's back,
// the checks on what the emulator holds, and the configurations several files declare. A helper
// only one test file uses stays in that file; one that a second file comes to need moves here.
// Acceptance tests are in package provider because they reach unexported code (the provider's
// constructor, its client tuning, its constants); the tests that run the provider as a binary
// through the real CLI are in clitest/, with a harness of their own.

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
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// ---- The environment: an emulator per test, and provider blocks for its accounts -----------------

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

// testAccFastClient tunes the provider's API client to the emulator's short timescale: it polls
// and backs off in milliseconds.
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

// ---- The provider over the plugin protocol, as Terraform drives it -------------------------------

// moveServer is the provider served over the protocol and configured as the owner in ap-guangzhou.
// Its move and render, which only the move tests use, are in move_state_test.go.
type moveServer struct {
	t      *testing.T
	srv    tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

// newMoveServer serves the provider over the plugin protocol, as Terraform does, and configures it
// as the owner of e's emulator in ap-guangzhou.
func newMoveServer(t *testing.T, e *accEnv) *moveServer {
	t.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(&cvmimageProvider{version: "test", tuneClient: testAccFastClient})()
	if err != nil {
		t.Fatal(err)
	}
	schema, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schema.Provider.ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range map[string]string{
		"endpoint": e.server.URL, "region": cvmsim.DefaultRegion, "secret_id": cvmsim.OwnerSecretID, "secret_key": cvmsim.OwnerSecretKey,
	} {
		vals[name] = tftypes.NewValue(tftypes.String, v)
	}
	cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: &cfg})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configuring the provider: %v %s", err, diagText(resp.Diagnostics))
	}
	return &moveServer{t: t, srv: srv, schema: schema}
}

// diagText is the summaries and details of diagnostics, one line each.
func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s\n", d.Summary, d.Detail)
	}
	return b.String()
}

// ---- Making cloud objects out of band, as the console or another tool would ----------------------

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

// madeImage makes an image as the official provider would (CreateImage, or ImportImage when
// importReq is set) and waits until it is NORMAL.
func (e *accEnv) madeImage(region string, createReq *imageapi.CreateImageRequest, importReq *imageapi.ImportImageRequest) string {
	e.t.Helper()
	ctx, c := context.Background(), e.ownerClient()
	var id string
	var err error
	if importReq != nil {
		id, err = c.ImportImage(ctx, region, *importReq)
	} else {
		id, err = c.CreateImage(ctx, region, *createReq)
	}
	if err == nil {
		_, err = c.WaitForImage(ctx, region, id, imageapi.StateNormal)
	}
	if err != nil {
		e.t.Fatalf("making an image in %s: %v", region, err)
	}
	return id
}

// existingImage makes an owner's image named name in the default region through the API, as if
// made outside Terraform, and returns its ID once it is usable.
func (e *accEnv) existingImage(name string) string {
	e.t.Helper()
	return e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: name, SnapshotIds: []string{"snap-gz100001"}}, nil)
}

// ownerSharedImage makes one of the owner's custom images in ap-guangzhou and shares it with
// the peer, through the API as the owner would.
func (e *accEnv) ownerSharedImage(name string) string {
	e.t.Helper()
	id := e.existingImage(name)
	err := e.ownerClient().ModifyImageSharePermission(context.Background(), cvmsim.DefaultRegion, imageapi.ModifyImageSharePermissionRequest{
		ImageId: id, AccountIds: []string{cvmsim.PeerAccount}, Permission: imageapi.PermissionShare})
	if err != nil {
		e.t.Fatalf("sharing the owner's image: %v", err)
	}
	return id
}

// createImagesOutOfBand makes n custom images of the owner in the default region, named
// prefix-000, prefix-001, ..., as if someone made them in the console, and returns their IDs in
// that order. Each create goes through a fresh client: the client paces writes at the cloud's
// 10/s per account, which would make a setup of a hundred images take ten seconds.
func (e *accEnv) createImagesOutOfBand(t *testing.T, prefix string, n int) []string {
	t.Helper()
	if err := e.sim.SetImageQuota(cvmsim.OwnerAccount, cvmsim.DefaultRegion, n+10); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, n)
	for i := range n {
		client, err := imageapi.New(imageapi.Config{
			SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey,
			Region: cvmsim.DefaultRegion, Endpoint: e.server.URL,
		})
		if err != nil {
			t.Fatal(err)
		}
		id, err := client.CreateImage(context.Background(), cvmsim.DefaultRegion, imageapi.CreateImageRequest{
			ImageName:   fmt.Sprintf("%s-%03d", prefix, i),
			SnapshotIds: []string{"snap-gz100001"},
		})
		if err != nil {
			t.Fatalf("creating image %d out of band: %v", i, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// publicImageID returns a public image of region, looked up the way a user would.
func (e *accEnv) publicImageID(region string) string {
	out, err := e.ownerClient().DescribeImages(context.Background(), region, imageapi.DescribeImagesRequest{
		Filters: []imageapi.Filter{{Name: "image-type", Values: []string{imageapi.ImageTypePublic}}}, Limit: 1,
	})
	if err != nil || len(out.ImageSet) == 0 {
		e.t.Fatalf("no public image in %s: %v", region, err)
	}
	return out.ImageSet[0].ImageId
}

// ---- Checks on the emulator's inventory and calls ------------------------------------------------

// image returns the emulator's record of one of the owner's custom images.
func (e *accEnv) image(region, id string) (cvmsim.ImageInfo, bool) {
	for _, img := range e.sim.CustomImages(cvmsim.OwnerAccount, region) {
		if img.ID == id {
			return img, true
		}
	}
	return cvmsim.ImageInfo{}, false
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

// sharedWith is the emulator's record of whom one of the owner's images is shared with, sorted.
func (e *accEnv) sharedWith(region, id string) []string {
	img, ok := e.image(region, id)
	if !ok {
		e.t.Fatalf("the emulator has no image %s in %s", id, region)
	}
	out := slices.Clone(img.SharedWith)
	slices.Sort(out)
	return out
}

// expectSharedWith checks the emulator's share list of the image at address.
func (e *accEnv) expectSharedWith(address string, accounts ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := idOf(s, address)
		if err != nil {
			return err
		}
		want := slices.Sorted(slices.Values(accounts))
		if got := e.sharedWith("ap-guangzhou", id); !slices.Equal(got, want) {
			return fmt.Errorf("image %s is shared with %v, want %v", id, got, want)
		}
		return nil
	}
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

// assertNoWrites fails when the emulator saw a mutating call since the last ResetCalls.
func (e *accEnv) assertNoWrites() {
	e.t.Helper()
	if n := e.sim.WriteCalls(); n != 0 {
		e.t.Fatalf("the plan should have stopped before any API write, but the emulator saw %d: %v", n, e.sim.Calls())
	}
}

// assertOnlyReads fails when the emulator saw a write since the last ResetCalls: what (moves,
// imports) must only read.
func (e *accEnv) assertOnlyReads(what string) {
	e.t.Helper()
	if n := e.sim.WriteCalls(); n != 0 {
		e.t.Errorf("%s must only read, but the emulator saw %d writes: %v", what, n, e.sim.Calls())
	}
}

// describeImagesCalls checks how many DescribeImages calls the emulator answered since the last
// ResetCalls.
func (e *accEnv) describeImagesCalls(want int) func() error {
	return func() error {
		if got := e.sim.Calls()["cvm.DescribeImages"]; got != want {
			return fmt.Errorf("DescribeImages was called %d times, want %d", got, want)
		}
		return nil
	}
}

// ---- Checks on the state and the plan ------------------------------------------------------------

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

// expectAction is the plan check of a step whose plan must do action to address.
func expectAction(address string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)}}
}

// expectEmptyPlan is the plan check of a step that must find nothing to change.
func expectEmptyPlan() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

// wrapped matches a diagnostic's text however Terraform wraps its lines: every space in s matches
// any run of white space.
func wrapped(s string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(s, " ", `\s+`))
}

// ---- HCL: configurations several test files declare ----------------------------------------------

// testAccCustomImageAddress is the custom image every testAccCustomImageConfig_ declares.
const testAccCustomImageAddress = "cvmimage_custom_image.test"

// testAccCustomImageConfig_snapshot declares a custom image named name, made from the seeded
// snapshot, with extra lines in its block.
func testAccCustomImageConfig_snapshot(e *accEnv, name string, extra string) string {
	return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_custom_image" "test" {
  name         = %q
  snapshot_ids = ["snap-gz100001"]
  %s
}
`, name, extra)
}

// testAccImageCopyAddress is the copy testAccImageCopyConfig declares.
const testAccImageCopyAddress = "cvmimage_image_copy.test"

// testAccImageCopyConfig copies a snapshot-made image "src" (ap-guangzhou, family "golden") with
// the given body.
func testAccImageCopyConfig(e *accEnv, body string) string {
	return e.providerConfig() + `
resource "cvmimage_custom_image" "src" {
  name         = "golden"
  description  = "golden image"
  family       = "golden"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_copy" "test" {
  source_image_id = cvmimage_custom_image.src.id
` + body + `
}
`
}

// testAccImportedImageAddress is the imported image testAccImportedImageConfig_basic declares.
const testAccImportedImageAddress = "cvmimage_imported_image.test"

// testAccImportedImageConfig_basic declares an image imported from a seeded object URL, with extra
// lines in its block.
func testAccImportedImageConfig_basic(e *accEnv, name, osType, osVersion, arch, extra string) string {
	return e.providerConfig() + fmt.Sprintf(`
resource "cvmimage_imported_image" "test" {
  name         = %q
  image_url    = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2"
  os_type      = %q
  os_version   = %q
  architecture = %q
  %s
}
`, name, osType, osVersion, arch, extra)
}
