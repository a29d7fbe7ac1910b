package clitest

// The provider killed in the middle of a create and of a copy, through the real CLI: the next
// apply must neither orphan nor duplicate, and the state must track the one image.

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// killProviderWhen runs apply and kills every process running the provider binary (found through
// /proc, as an operator's kill or an OOM kill would) once made reports true.
func (c *cliEnv) killProviderWhen(made func() bool) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliCommandTimeout)
	defer cancel()
	cmd := c.command(ctx, nil, "apply", "-auto-approve")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !made() {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			c.t.Fatalf("nothing was made within a minute:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	killed := 0
	for _, pid := range processesOf(c.bin) {
		if err := syscall.Kill(pid, syscall.SIGKILL); err == nil {
			killed++
		}
	}
	if killed == 0 {
		c.t.Fatalf("no provider process was running %s", c.bin)
	}
	if err := cmd.Wait(); err == nil {
		c.t.Fatalf("apply succeeded although its provider was killed:\n%s", out.String())
	}
	return out.String()
}

// processesOf lists the processes whose executable is bin.
func processesOf(bin string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == bin {
			pids = append(pids, pid)
		}
	}
	return pids
}

// exactlyOneTracked fails unless region holds one image named name and the state tracks it.
func (c *cliEnv) exactlyOneTracked(typ, region, name string) {
	c.t.Helper()
	imgs := c.imagesNamed(region, name)
	if len(imgs) != 1 {
		c.t.Fatalf("%d images named %q in %s, want exactly 1: %+v", len(imgs), name, region, imgs)
	}
	if ids := c.stateIDs(typ); len(ids) != 1 || ids[0] != imgs[0].ID {
		c.t.Fatalf("the state tracks %s %v, want [%s]", typ, ids, imgs[0].ID)
	}
}

func TestAccCLI_providerKilled(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	bin := buildProviderBinary(t)

	t.Run("during create", func(t *testing.T) {
		c := newCLIEnv(t, bin, nil)
		c.write("", testAccCLIConfig_image)
		out := c.killProviderWhen(func() bool { return len(c.imagesNamed(cvmsim.DefaultRegion, "crash-image")) > 0 })
		t.Logf("killed apply:\n%s", out)
		out = c.run(nil, "apply", "-auto-approve")
		t.Logf("second apply:\n%s", out)
		assertAdoptionWarned(t, out)
		c.exactlyOneTracked("cvmimage_custom_image", cvmsim.DefaultRegion, "crash-image")
	})

	t.Run("during copy", func(t *testing.T) {
		c := newCLIEnv(t, bin, nil)
		c.write("", testAccCLIConfig_image+`
resource "cvmimage_image_copy" "crash" {
  source_image_id    = cvmimage_custom_image.crash.id
  destination_region = "ap-shanghai"
}
`)
		out := c.killProviderWhen(func() bool { return len(c.sim.CustomImages(cvmsim.OwnerAccount, "ap-shanghai")) > 0 })
		t.Logf("killed apply:\n%s", out)
		out = c.run(nil, "apply", "-auto-approve")
		t.Logf("second apply:\n%s", out)
		assertAdoptionWarned(t, out)
		c.exactlyOneTracked("cvmimage_custom_image", cvmsim.DefaultRegion, "crash-image")
		copies := c.sim.CustomImages(cvmsim.OwnerAccount, "ap-shanghai")
		if ids := c.stateIDs("cvmimage_image_copy"); len(copies) != 1 || len(ids) != 1 || ids[0] != copies[0].ID {
			t.Fatalf("ap-shanghai holds %+v; the state tracks copies %v; want one copy, tracked", copies, ids)
		}
	})
}

// assertAdoptionWarned fails unless the apply told the user it adopted what the killed one made.
func assertAdoptionWarned(t *testing.T, out string) {
	t.Helper()
	if !strings.Contains(out, "Image From An Interrupted Apply Will Be Adopted") {
		t.Errorf("the second apply did not warn that it adopts the image the interrupted one made:\n%s", out)
	}
}
