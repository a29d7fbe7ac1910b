package provider

// The golden-image example module's own `terraform test` suite, run by the CLI of the acceptance
// suite against the provider built from this tree, exactly as a module author would run it: a CLI
// configuration of our own with dev_overrides (no init), and a fresh sandbox file.

import (
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
const goldenImageModuleDir = "../../examples/modules/golden-image"

// goldenImageRuns is how many run blocks the module's suite holds; all must pass.
const goldenImageRuns = 5

func TestAccModule_goldenImageSuite(t *testing.T) {
	tf, dir, sandbox, env := sandboxCLI(t)
	// A copy, so that nothing the CLI writes lands in the source tree.
	work := filepath.Join(dir, "golden-image")
	if err := os.CopyFS(work, os.DirFS(goldenImageModuleDir)); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) (string, error) {
		cmd := exec.Command(tf, append(args, "-no-color")...)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	t.Run("suite passes", func(t *testing.T) {
		out, err := cli("test")
		if err != nil {
			t.Fatalf("%s test: %v\n%s", filepath.Base(tf), err, out)
		}
		summary := regexp.MustCompile(`Success! (\d+) passed, 0 failed`).FindStringSubmatch(out)
		if summary == nil || summary[1] != strconv.Itoa(goldenImageRuns) {
			t.Fatalf("want %d runs passed and none failed:\n%s", goldenImageRuns, out)
		}
		// The suite's teardown destroys what it made: the sandbox holds no custom image anywhere.
		sim, err := cvmsim.New(cvmsim.Options{StatePath: sandbox})
		if err != nil {
			t.Fatal(err)
		}
		defer sim.Close()
		if left := sim.CustomImages(cvmsim.OwnerAccount, ""); len(left) != 0 {
			t.Fatalf("after the suite the sandbox still holds %d custom images: %+v", len(left), left)
		}
	})

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
