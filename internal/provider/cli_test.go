package provider

// Tests that need the real CLI and the provider as its own binary: the provider killed in the
// middle of a create or a copy, and a TRACE log of a whole lifecycle searched for secrets. The
// emulator runs in the test process behind a loopback listener, so it outlives the provider.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// cliTimings keep images CREATING and SYNCING long enough to kill the provider in the middle.
var cliTimings = cvmsim.Timings{Create: 3 * time.Second, Import: 3 * time.Second, Copy: 3 * time.Second}

// cliCommandTimeout bounds one terraform command.
const cliCommandTimeout = 2 * time.Minute

type cliEnv struct {
	t      *testing.T
	sim    *cvmsim.Sim
	server *httptest.Server
	bin    string // the provider binary
	cli    string // terraform or tofu
	dir    string // the working directory of the configuration
	env    []string
}

// testCLI is the CLI the rest of the acceptance suite runs (make test and make testacc-tofu set
// TF_ACC_TERRAFORM_PATH), else terraform from PATH.
func testCLI(t *testing.T) string {
	t.Helper()
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		return tf
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatalf("neither TF_ACC_TERRAFORM_PATH nor terraform on PATH: %v", err)
	}
	return tf
}

// buildProviderBinary builds the provider once for all the subtests of one test.
func buildProviderBinary(t *testing.T) string {
	t.Helper()
	return buildTestBinary(t, "terraform-provider-cvmimage", "../..", "the provider")
}

// buildTestBinary builds the main package pkg into a temporary directory as name; what names it
// in a failure.
func buildTestBinary(t *testing.T, name, pkg, what string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", what, err, out)
	}
	return bin
}

// writeDevOverrides writes a CLI configuration at path whose dev_overrides point the provider's
// address, under both Terraform's and OpenTofu's registry, at the binary bin: tests never read the
// user's configuration.
func writeDevOverrides(t *testing.T, path, bin string) {
	t.Helper()
	writeFile(t, path, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/cvmimage/cvmimage" = %[1]q
    "registry.opentofu.org/cvmimage/cvmimage" = %[1]q
  }
  direct {}
}
`, filepath.Dir(bin)))
}

// sandboxCLI prepares a run of the real CLI against the built provider in sandbox mode: it skips
// without TF_ACC, and returns the CLI, a temporary directory, the sandbox file in it and the
// environment to run the CLI in (its own CLI configuration, the sandbox, and no cloud credentials
// or endpoint from the caller's environment).
func sandboxCLI(t *testing.T) (tf, dir, sandbox string, env []string) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	tf, dir = testCLI(t), t.TempDir()
	cliConfig := filepath.Join(dir, "cli.tfrc")
	writeDevOverrides(t, cliConfig, buildProviderBinary(t))
	sandbox = filepath.Join(dir, "sandbox.json")
	env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CVMIMAGE_SANDBOX="+sandbox,
		"TENCENTCLOUD_SECRET_ID=", "TENCENTCLOUD_SECRET_KEY=", "TENCENTCLOUD_REGION=", "CVMIMAGE_ENDPOINT=",
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
	)
	return tf, dir, sandbox, env
}

// newCLIEnv starts an emulator (its handler wrapped by wrap, if set) and a working directory whose
// CLI configuration points the provider's address at bin.
func newCLIEnv(t *testing.T, bin string, wrap func(http.Handler) http.Handler) *cliEnv {
	t.Helper()
	return newCLIEnvTimed(t, bin, cliTimings, wrap)
}

// newCLIEnvTimed is newCLIEnv with the emulator's timings.
func newCLIEnvTimed(t *testing.T, bin string, timings cvmsim.Timings, wrap func(http.Handler) http.Handler) *cliEnv {
	t.Helper()
	sim, err := cvmsim.New(cvmsim.Options{Timings: timings})
	if err != nil {
		t.Fatal(err)
	}
	h := sim.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); _ = sim.Close() })
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	writeDevOverrides(t, rc, bin)
	return &cliEnv{t: t, sim: sim, server: srv, bin: bin, dir: dir, cli: testCLI(t),
		env: append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")}
}

// write sets the configuration: the owner's provider block and body.
func (c *cliEnv) write(providerExtra, body string) {
	c.t.Helper()
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    cvmimage = { source = "cvmimage/cvmimage" }
  }
}

provider "cvmimage" {
  endpoint   = %q
  region     = %q
  secret_id  = %q
  secret_key = %q
  %s
}
`, c.server.URL, cvmsim.DefaultRegion, cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey, providerExtra) + body
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

func (c *cliEnv) command(ctx context.Context, extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.cli, append(args, "-no-color")...)
	cmd.Dir = c.dir
	cmd.Env = append(append([]string{}, c.env...), extraEnv...)
	return cmd
}

// run runs a terraform command to its end and fails the test if it fails.
func (c *cliEnv) run(extraEnv []string, args ...string) string {
	c.t.Helper()
	out, err := c.try(extraEnv, args...)
	if err != nil {
		c.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// try runs a terraform command to its end and returns its output and error.
func (c *cliEnv) try(extraEnv []string, args ...string) (string, error) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliCommandTimeout)
	defer cancel()
	out, err := c.command(ctx, extraEnv, args...).CombinedOutput()
	return string(out), err
}

// testAccCLIConfig_image is one custom image, made from a seeded snapshot.
const testAccCLIConfig_image = `
resource "cvmimage_custom_image" "crash" {
  name         = "crash-image"
  snapshot_ids = ["snap-gz100001"]
}
`

// signatureRecorder records what every signed request carried, and drops the session token the
// emulator's sandbox accounts do not have (the token is not signed, so the signature still holds).
type signatureRecorder struct {
	mu         sync.Mutex
	signatures map[string]bool
	tokens     map[string]bool
}

var signaturePattern = regexp.MustCompile(`Signature=([0-9a-f]+)`)

func (r *signatureRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		if m := signaturePattern.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
			r.signatures[m[1]] = true
		}
		if tok := req.Header.Get("X-TC-Token"); tok != "" {
			r.tokens[tok] = true
		}
		r.mu.Unlock()
		req.Header.Del("X-TC-Token")
		next.ServeHTTP(w, req)
	})
}

func TestAccCLI_traceLogHoldsNoSecrets(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	const token = "sts-token-d41d8cd98f00b204e9800998ecf8427e"
	rec := &signatureRecorder{signatures: map[string]bool{}, tokens: map[string]bool{}}
	c := newCLIEnv(t, buildProviderBinary(t), rec.wrap)
	c.write(fmt.Sprintf("security_token = %q", token), testAccCLIConfig_image+`
resource "cvmimage_image_copy" "logged" {
  source_image_id    = cvmimage_custom_image.crash.id
  destination_region = "ap-shanghai"
}

resource "cvmimage_image_share" "logged" {
  image_id    = cvmimage_custom_image.crash.id
  account_ids = ["100000000002"]
}
`)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	trace := []string{"TF_LOG=TRACE", "TF_LOG_PATH=" + logPath}
	c.run(trace, "apply", "-auto-approve")
	c.run(trace, "apply", "-refresh-only", "-auto-approve")
	c.run(trace, "destroy", "-auto-approve")

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	// The log must be the provider's too, or finding nothing in it proves nothing.
	for _, want := range []string{"CreateImage", "SyncImages", "ModifyImageSharePermission", "DeleteImages"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log (%d bytes) never mentions %s; the provider's requests are not in it", len(log), want)
		}
	}
	if !rec.tokens[token] || len(rec.signatures) < 10 {
		t.Fatalf("the emulator saw tokens %v and %d signatures; the provider did not send what this test looks for", rec.tokens, len(rec.signatures))
	}
	secrets := map[string]string{"the secret key": cvmsim.OwnerSecretKey, "the session token": token}
	for sig := range rec.signatures {
		secrets["signature "+sig[:12]+"…"] = sig
	}
	for what, s := range secrets {
		if i := strings.Index(log, s); i >= 0 {
			t.Errorf("the TRACE log holds %s: …%s…", what, log[max(0, i-120):min(len(log), i+len(s)+40)])
		}
	}
	t.Logf("TRACE log of %d bytes searched for the key, the token and %d signatures", len(log), len(rec.signatures))
}
