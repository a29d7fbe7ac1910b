package provider

// `terraform plan -generate-config-out` writes configuration from what import reads: for every
// resource type it must plan cleanly, and after the apply that imports, plan nothing more.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func TestAccCLI_generateConfigForEveryResourceType(t *testing.T) {
	c := newFastCLIEnv(t)
	e := &accEnv{t: t, sim: c.sim, server: c.server}
	img := e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "made-elsewhere", SnapshotIds: []string{"snap-gz100001"}}, nil)
	imported := e.madeImage(cvmsim.DefaultRegion, nil, &imageapi.ImportImageRequest{ImageName: "imported-elsewhere",
		ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2", OsType: "Ubuntu", OsVersion: "22", Architecture: "x86_64"})
	cp := e.copyMadeElsewhere(img, "ap-shanghai", "copied-elsewhere")
	shareImg := e.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "shared-elsewhere", SnapshotIds: []string{"snap-gz100001"}}, nil)
	err := e.ownerClient().ModifyImageSharePermission(context.Background(), cvmsim.DefaultRegion, imageapi.ModifyImageSharePermissionRequest{
		ImageId: shareImg, AccountIds: []string{cvmsim.PeerAccount, cvmsim.ThirdAccount}, Permission: imageapi.PermissionShare})
	if err != nil {
		t.Fatal(err)
	}
	c.write("", fmt.Sprintf(`
import {
  to = cvmimage_custom_image.made
  id = %[1]q
}

import {
  to = cvmimage_imported_image.imported
  id = %[2]q
}

import {
  to = cvmimage_image_copy.copy
  id = "ap-shanghai/%[3]s/ap-guangzhou/%[4]s"
}

import {
  to = cvmimage_image_share.all
  id = "ap-guangzhou/%[5]s"
}

import {
  to = cvmimage_image_share_account.one
  id = "ap-guangzhou/%[4]s/%[6]s"
}
`, img, imported, cp, img, shareImg, cvmsim.PeerAccount))
	if err := e.ownerClient().ModifyImageSharePermission(context.Background(), cvmsim.DefaultRegion, imageapi.ModifyImageSharePermissionRequest{
		ImageId: img, AccountIds: []string{cvmsim.PeerAccount}, Permission: imageapi.PermissionShare}); err != nil {
		t.Fatal(err)
	}
	out, err := c.try(nil, "plan", "-input=false", "-generate-config-out=generated.tf")
	if err != nil {
		t.Fatalf("plan -generate-config-out failed:\n%s", out)
	}
	generated, err := os.ReadFile(filepath.Join(c.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if out := c.run(nil, "plan", "-input=false"); !strings.Contains(out, "5 to import, 0 to add") || strings.Contains(out, "to destroy") && !strings.Contains(out, "0 to destroy") {
		t.Fatalf("the plan with the generated configuration does not just import:\n%s\n--- generated.tf:\n%s", out, generated)
	}
	c.run(nil, "apply", "-auto-approve", "-input=false")
	if out, err := c.try(nil, "plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after importing with the generated configuration is not empty (%v):\n%s\n--- generated.tf:\n%s", err, out, generated)
	}
	if n := len(c.sim.CustomImages(cvmsim.OwnerAccount, "")); n != 4 {
		t.Fatalf("the account holds %d images after the import, want the 4 it had", n)
	}
}
