package clitest

// The ways out a user takes with the real CLI: a destroy after a plan failed on a limit, and a
// replacement forced with -replace under create_before_destroy.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// wrapped matches a diagnostic's text however the CLI wraps its lines: every space in s matches
// any run of white space.
func wrapped(s string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(s, " ", `\s+`))
}

// expectPlanFails runs a plan that must fail with want, and returns its output.
func (c *cliEnv) expectPlanFails(want string) string {
	c.t.Helper()
	out, err := c.try(nil, "plan", "-input=false")
	if err == nil || !wrapped(want).MatchString(out) {
		c.t.Fatalf("the plan should fail with %q (err %v):\n%s", want, err, out)
	}
	return out
}

// nothingLeft fails the test if the owner keeps a custom image anywhere.
func (c *cliEnv) nothingLeft() {
	c.t.Helper()
	if left := c.sim.CustomImages(cvmsim.OwnerAccount, ""); len(left) != 0 {
		c.t.Fatalf("the destroy left images: %+v", left)
	}
}

// A count raised over the quota fails the plan, and `terraform destroy` still deletes everything:
// its refreshing plan, which plans the creates too, does not check them.
func TestAccCLI_destroyAfterQuotaFailure(t *testing.T) {
	c := newFastCLIEnv(t)
	images := func(n int) string {
		return fmt.Sprintf(`
resource "cvmimage_custom_image" "fill" {
  count        = %d
  name         = "fill-${count.index}"
  snapshot_ids = ["snap-gz100001"]
}
`, n)
	}
	c.write("", images(10))
	c.run(nil, "apply", "-auto-approve", "-input=false")
	c.write("", images(11))
	out := c.expectPlanFails(`Custom Image Quota Exceeded`)
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "terraform destroy -refresh=false") {
		t.Fatalf("the quota error does not say how to destroy anyway:\n%s", out)
	}
	c.run(nil, "destroy", "-auto-approve", "-input=false")
	c.nothingLeft()
}

// One share over the limit fails the plan with one error, on the share that does not fit, not on
// those that exist; the destroy deletes the image and its shares.
func TestAccCLI_destroyAfterShareLimitFailure(t *testing.T) {
	c := newFastCLIEnv(t)
	shares := func(accounts ...string) string {
		return fmt.Sprintf(`
resource "cvmimage_custom_image" "img" {
  name         = "shared"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_share_account" "s" {
  for_each   = toset([%s])
  image_id   = cvmimage_custom_image.img.id
  account_id = each.key
}
`, `"`+strings.Join(accounts, `", "`)+`"`)
	}
	c.write("share_account_limit = 2", shares("100000000002", "100000000003"))
	c.run(nil, "apply", "-auto-approve", "-input=false")
	c.write("share_account_limit = 2", shares("100000000002", "100000000003", "100000000004"))
	out := c.expectPlanFails(`Share Account Limit Exceeded`)
	if n := strings.Count(out, "Error: Share Account Limit Exceeded"); n != 1 {
		t.Fatalf("the plan reports %d share-limit errors, want 1 (on the new share only):\n%s", n, out)
	}
	if !regexp.MustCompile(`with cvmimage_image_share_account\.s\["100000000004"\]`).MatchString(out) {
		t.Fatalf("the share-limit error is not on the share that does not fit:\n%s", out)
	}
	c.run(nil, "destroy", "-auto-approve", "-input=false")
	c.nothingLeft()
}

// `terraform apply -replace` of an image with create_before_destroy: with a fixed name the apply
// stops before changing anything and the image stays, in the cloud and in the state; with a
// name_prefix the image is replaced, and the state holds the new one.
func TestAccCLI_replaceWithCreateBeforeDestroy(t *testing.T) {
	c := newFastCLIEnv(t)
	config := func(naming string) string {
		return fmt.Sprintf(`
resource "cvmimage_custom_image" "golden" {
  %s
  snapshot_ids = ["snap-gz100001"]
  lifecycle {
    create_before_destroy = true
  }
}

resource "cvmimage_image_copy" "golden" {
  source_image_id    = cvmimage_custom_image.golden.id
  destination_region = "ap-shanghai"
  %s
  lifecycle {
    create_before_destroy = true
  }
}
`, naming, strings.Replace(naming, "golden", "golden-copy", 1))
	}
	c.write("", config(`name = "golden"`))
	c.run(nil, "apply", "-auto-approve", "-input=false")
	before := c.stateIDs("cvmimage_custom_image")
	out, err := c.try(nil, "apply", "-auto-approve", "-input=false", "-replace=cvmimage_custom_image.golden")
	if err == nil || !wrapped(`Image Name Already Used.*create_before_destroy.*name_prefix`).MatchString(out) {
		t.Fatalf("-replace with create_before_destroy and a fixed name should stop with advice (err %v):\n%s", err, out)
	}
	if after := c.stateIDs("cvmimage_custom_image"); len(after) != 1 || after[0] != before[0] {
		t.Fatalf("the state holds images %v after the stopped replacement, want %v", after, before)
	}
	if imgs := c.imagesNamed(cvmsim.DefaultRegion, "golden"); len(imgs) != 1 || imgs[0].ID != before[0] {
		t.Fatalf("the cloud holds %+v, want image %s kept", imgs, before[0])
	}

	c.write("", config(`name_prefix = "golden-"`))
	c.run(nil, "apply", "-auto-approve", "-input=false")
	first, firstCopy := c.stateIDs("cvmimage_custom_image"), c.stateIDs("cvmimage_image_copy")
	c.run(nil, "apply", "-auto-approve", "-input=false", "-replace=cvmimage_custom_image.golden", "-replace=cvmimage_image_copy.golden")
	images, copies := c.stateIDs("cvmimage_custom_image"), c.stateIDs("cvmimage_image_copy")
	if images[0] == first[0] || copies[0] == firstCopy[0] {
		t.Fatalf("-replace kept the old IDs: images %v → %v, copies %v → %v", first, images, firstCopy, copies)
	}
	for region, want := range map[string]string{cvmsim.DefaultRegion: images[0], "ap-shanghai": copies[0]} {
		if all := c.sim.CustomImages(cvmsim.OwnerAccount, region); len(all) != 1 || all[0].ID != want {
			t.Fatalf("%s holds %+v, want only %s (the state's)", region, all, want)
		}
	}
	if out := c.run(nil, "plan", "-input=false", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
		t.Fatalf("the plan after the replacement is not empty:\n%s", out)
	}
	c.run(nil, "destroy", "-auto-approve", "-input=false")
	c.nothingLeft()
}
