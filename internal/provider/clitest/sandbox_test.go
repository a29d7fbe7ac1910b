package clitest

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// TestAccSandbox_planAndApplyInSeparateProcesses runs the real CLI against the built provider in
// sandbox mode: `terraform plan -out` and `terraform apply` are separate provider processes that
// share only the sandbox file, and a second emulator on that file sees the result.
func TestAccSandbox_planAndApplyInSeparateProcesses(t *testing.T) {
	tf, dir, sandbox, env := sandboxCLI(t)
	work := filepath.Join(dir, "work")
	writeFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    cvmimage = { source = "cvmimage/cvmimage" }
  }
}

provider "cvmimage" {}

resource "cvmimage_custom_image" "web" {
  name         = "sandbox-web"
  snapshot_ids = ["snap-gz100001"]
}
`)
	run := func(args ...string) string {
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(tf), strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if out := run("plan", "-input=false", "-no-color", "-out=tfplan"); !strings.Contains(out, "1 to add") {
		t.Fatalf("the plan does not add the image:\n%s", out)
	}
	run("apply", "-input=false", "-no-color", "tfplan")

	sim, err := cvmsim.New(cvmsim.Options{StatePath: sandbox})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	imgs := sim.CustomImages(cvmsim.OwnerAccount, cvmsim.DefaultRegion)
	if len(imgs) != 1 || imgs[0].Name != "sandbox-web" || imgs[0].State != "NORMAL" {
		t.Fatalf("the sandbox file holds %+v, want one NORMAL image named sandbox-web", imgs)
	}
	if out := run("plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
		t.Fatalf("a second plan against the sandbox is not empty:\n%s", out)
	}
}
