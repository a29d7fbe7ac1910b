package clitest

// `terraform plan -generate-config-out` writes configuration from what import reads: for every
// resource type it must plan cleanly, and after the apply that imports, plan nothing more.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// ownerClient is an API client of the owner account, for making images out of band.
func (c *cliEnv) ownerClient() *imageapi.Client {
	c.t.Helper()
	client, err := imageapi.New(imageapi.Config{Endpoint: c.server.URL, SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey,
		Region: cvmsim.DefaultRegion, PollMin: 20 * time.Millisecond, PollMax: 100 * time.Millisecond})
	if err != nil {
		c.t.Fatal(err)
	}
	return client
}

// madeImage makes an image out of band (CreateImage, or ImportImage when importReq is set) and
// waits until it is NORMAL.
func (c *cliEnv) madeImage(region string, createReq *imageapi.CreateImageRequest, importReq *imageapi.ImportImageRequest) string {
	c.t.Helper()
	ctx, client := context.Background(), c.ownerClient()
	var id string
	var err error
	if importReq != nil {
		id, err = client.ImportImage(ctx, region, *importReq)
	} else {
		id, err = client.CreateImage(ctx, region, *createReq)
	}
	if err == nil {
		_, err = client.WaitForImage(ctx, region, id, imageapi.StateNormal)
	}
	if err != nil {
		c.t.Fatalf("making an image in %s: %v", region, err)
	}
	return id
}

// copyMadeElsewhere copies src from ap-guangzhou to dest as the console or another tool would:
// SyncImages, and no tags. It returns the copy's ID once it is NORMAL.
func (c *cliEnv) copyMadeElsewhere(src, dest, name string) string {
	c.t.Helper()
	ctx, client := context.Background(), c.ownerClient()
	out, err := client.SyncImages(ctx, cvmsim.DefaultRegion, imageapi.SyncImagesRequest{
		ImageIds: []string{src}, DestinationRegions: []string{dest}, ImageName: name, ImageSetRequired: true})
	if err == nil && len(out.ImageSet) != 1 {
		err = fmt.Errorf("SyncImages answered %+v", out)
	}
	if err == nil {
		_, err = client.WaitForImage(ctx, dest, out.ImageSet[0].ImageId, imageapi.StateNormal)
	}
	if err != nil {
		c.t.Fatalf("copying %s to %s: %v", src, dest, err)
	}
	return out.ImageSet[0].ImageId
}

func TestAccCLI_generateConfigForEveryResourceType(t *testing.T) {
	c := newFastCLIEnv(t)
	img := c.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "made-elsewhere", SnapshotIds: []string{"snap-gz100001"}}, nil)
	imported := c.madeImage(cvmsim.DefaultRegion, nil, &imageapi.ImportImageRequest{ImageName: "imported-elsewhere",
		ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2", OsType: "Ubuntu", OsVersion: "22", Architecture: "x86_64"})
	cp := c.copyMadeElsewhere(img, "ap-shanghai", "copied-elsewhere")
	shareImg := c.madeImage(cvmsim.DefaultRegion, &imageapi.CreateImageRequest{ImageName: "shared-elsewhere", SnapshotIds: []string{"snap-gz100001"}}, nil)
	err := c.ownerClient().ModifyImageSharePermission(context.Background(), cvmsim.DefaultRegion, imageapi.ModifyImageSharePermissionRequest{
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
	if err := c.ownerClient().ModifyImageSharePermission(context.Background(), cvmsim.DefaultRegion, imageapi.ModifyImageSharePermissionRequest{
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
