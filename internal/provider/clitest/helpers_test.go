// Package clitest holds the tests that run the real CLI (terraform, or tofu: the one the
// acceptance suite runs) against the provider built from this tree as its own binary: a TRACE log
// searched for secrets, the provider killed in the middle of an apply, the ways out of a failed
// plan, sandbox mode across processes, the example modules' own test suites, generated
// configuration, and a migration from the official provider. They see the provider only as a user
// does, through its binary, so they live apart from package provider and use none of its code.
// The emulator runs in the test process behind a loopback listener (or in a sandbox file), so it
// outlives the provider.
//
// Like the rest of the acceptance suite they skip without TF_ACC=1, which make test sets.
//
// This file is their harness and the helpers several of them share.
package clitest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// ---- The CLI and the provider binary -------------------------------------------------------------

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

// buildProviderBinary builds the provider (the module's root package) once for all the subtests
// of one test.
func buildProviderBinary(t *testing.T) string {
	t.Helper()
	return buildTestBinary(t, "terraform-provider-cvmimage", "../../..", "the provider")
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

// writeFile writes content at path, making its directory.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
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

// ---- An emulator and a working directory per test ------------------------------------------------

// cliTimings keep images CREATING and SYNCING long enough to kill the provider in the middle.
var cliTimings = cvmsim.Timings{Create: 3 * time.Second, Import: 3 * time.Second, Copy: 3 * time.Second}

// fastTimings are the emulator timings of the acceptance suite in package provider (its
// testAccTimings): images are made in a fraction of a second.
var fastTimings = cvmsim.Timings{Create: 200 * time.Millisecond, Import: 300 * time.Millisecond, Copy: 300 * time.Millisecond}

// cliCommandTimeout bounds one terraform command.
const cliCommandTimeout = 2 * time.Minute

// cliEnv is one test's emulator, behind a loopback listener, and a working directory whose CLI
// configuration serves the provider binary bin.
type cliEnv struct {
	t      *testing.T
	sim    *cvmsim.Sim
	server *httptest.Server
	bin    string // the provider binary
	cli    string // terraform or tofu
	dir    string // the working directory of the configuration
	env    []string
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

// newFastCLIEnv is a CLI test environment whose emulator makes images in a fraction of a second.
func newFastCLIEnv(t *testing.T) *cliEnv {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	return newCLIEnvTimed(t, buildProviderBinary(t), fastTimings, nil)
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

// command is a terraform command in the working directory, in the environment of the test.
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

// ---- What an apply left: the state, and the emulator's inventory ---------------------------------

// stateIDs lists the IDs of the resources of type typ in the state.
func (c *cliEnv) stateIDs(typ string) []string {
	c.t.Helper()
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string
					Values map[string]any
				}
			} `json:"root_module"`
		}
	}
	if err := json.Unmarshal([]byte(c.run(nil, "show", "-json")), &st); err != nil {
		c.t.Fatal(err)
	}
	var ids []string
	for _, r := range st.Values.RootModule.Resources {
		if r.Type == typ {
			ids = append(ids, fmt.Sprint(r.Values["id"]))
		}
	}
	return ids
}

// imagesNamed lists the owner's images named name in region, in any state.
func (c *cliEnv) imagesNamed(region, name string) []cvmsim.ImageInfo {
	var found []cvmsim.ImageInfo
	for _, img := range c.sim.CustomImages(cvmsim.OwnerAccount, region) {
		if img.Name == name {
			found = append(found, img)
		}
	}
	return found
}

// ---- Configurations ------------------------------------------------------------------------------

// testAccCLIConfig_image is one custom image, made from a seeded snapshot.
const testAccCLIConfig_image = `
resource "cvmimage_custom_image" "crash" {
  name         = "crash-image"
  snapshot_ids = ["snap-gz100001"]
}
`
