package clitest

// The example modules' own `terraform test` suites, run by the CLI of the acceptance suite (TF_ACC_
// TERRAFORM_PATH: Terraform, or OpenTofu under make testacc-tofu) against the provider built from
// this tree, exactly as a module author would run them: a CLI configuration of our own with
// dev_overrides (no init; `get` installs the helper modules a suite's runs use), and a fresh
// sandbox file.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// goldenImageModuleDir is the example module, relative to this package.
const goldenImageModuleDir = "../../../examples/modules/golden-image"

// goldenImageRuns is how many run blocks the module's suite holds; all must pass.
const goldenImageRuns = 5

// imageReleaseModuleDir is the rolling-release example module, relative to this package.
const imageReleaseModuleDir = "../../../examples/modules/image-release"

// imageReleaseRuns is how many run blocks its suite holds; all must pass.
const imageReleaseRuns = 9

// moduleCLI copies the module in moduleDir into a fresh sandbox's directory, so that nothing the
// CLI writes lands in the source tree, and returns a runner of the CLI there and the sandbox file.
func moduleCLI(t *testing.T, moduleDir string) (cli func(args ...string) (string, error), sandbox string) {
	t.Helper()
	tf, dir, sandbox, env := sandboxCLI(t)
	work := filepath.Join(dir, filepath.Base(moduleDir))
	if err := os.CopyFS(work, os.DirFS(moduleDir)); err != nil {
		t.Fatal(err)
	}
	return func(args ...string) (string, error) {
		cmd := exec.Command(tf, append(args, "-no-color")...)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			err = fmt.Errorf("%s %s: %w", filepath.Base(tf), args[0], err)
		}
		return string(out), err
	}, sandbox
}

// expectSuitePasses runs the module's suite: every one of its runs passes, and its teardown leaves
// the sandbox without a custom image anywhere.
func expectSuitePasses(t *testing.T, cli func(args ...string) (string, error), sandbox string, runs int) {
	t.Helper()
	if out, err := cli("get"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	out, err := cli("test")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	summary := regexp.MustCompile(`Success! (\d+) passed, 0 failed`).FindStringSubmatch(out)
	if summary == nil || summary[1] != strconv.Itoa(runs) {
		t.Fatalf("want %d runs passed and none failed:\n%s", runs, out)
	}
	sim, err := cvmsim.New(cvmsim.Options{StatePath: sandbox})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	if left := sim.CustomImages(cvmsim.OwnerAccount, ""); len(left) != 0 {
		t.Fatalf("after the suite the sandbox still holds %d custom images: %+v", len(left), left)
	}
}

// TestAccModule_imageReleaseSuite runs the rolling-release module's suite: versions released into a
// family, the older deprecated, the newest copied and shared and found through the family, the
// oldest dropped beyond keep.
func TestAccModule_imageReleaseSuite(t *testing.T) {
	cli, sandbox := moduleCLI(t, imageReleaseModuleDir)
	expectSuitePasses(t, cli, sandbox, imageReleaseRuns)
}

func TestAccModule_goldenImageSuite(t *testing.T) {
	cli, sandbox := moduleCLI(t, goldenImageModuleDir)

	t.Run("suite passes", func(t *testing.T) { expectSuitePasses(t, cli, sandbox, goldenImageRuns) })

	// terraform test cannot expect a provider's error, so a module author asserts a plan-time limit
	// with a plain plan, as the guide shows: a region whose quota is full fails the plan of a copy.
	t.Run("full region fails the plan", func(t *testing.T) {
		sim, err := cvmsim.New(cvmsim.Options{StatePath: sandbox})
		if err != nil {
			t.Fatal(err)
		}
		err = sim.SetImageQuota(cvmsim.OwnerAccount, "ap-tokyo", 0)
		_ = sim.Close()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cli("plan", "-input=false", "-var", "name=golden-quota", "-var", `snapshot_ids=["snap-gz100001"]`,
			"-var", `regions=["ap-shanghai","ap-tokyo"]`)
		if err == nil {
			t.Fatalf("the plan of a copy into a region with a quota of 0 succeeded:\n%s", out)
		}
		flat := strings.Join(strings.Fields(out), " ")
		if !strings.Contains(flat, "Error: Custom Image Quota Exceeded") || !strings.Contains(flat, "ap-tokyo") {
			t.Fatalf("the plan failed, but not on the ap-tokyo quota:\n%s", out)
		}
		if strings.Count(flat, "Error: ") != 1 {
			t.Fatalf("want one error, for the ap-tokyo copy only:\n%s", out)
		}
	})
}
