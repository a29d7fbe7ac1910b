package cvmsim_test

import (
	"slices"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const exportBucket = "exports-1250000000"

func exportReq(ids ...string) *cvm.ExportImagesRequest {
	req := cvm.NewExportImagesRequest()
	req.BucketName = s(exportBucket)
	req.ImageIds = ss(ids...)
	return req
}

// fullMachineImage makes a NORMAL image of the owner's seeded instance with its data disk, and
// returns it as DescribeImages shows it.
func (w *world) fullMachineImage(name string) *cvm.Image {
	w.t.Helper()
	req := cvm.NewCreateImageRequest()
	req.ImageName = s(name)
	req.InstanceId = s(seedID("ins", owner, gz, 1))
	req.DataDiskIds = ss(seedID("disk", owner, gz, 2))
	resp, err := w.cvm(owner, gz).CreateImage(req)
	mustOK(w.t, err)
	w.clock.Advance(sdkTimings.Create + time.Second)
	img := w.wantState(owner, gz, *resp.Response.ImageId, "NORMAL")
	if len(img.SnapshotSet) != 2 {
		w.t.Fatalf("full-machine image has snapshots %s, want a system and a data one", jsonOf(img.SnapshotSet))
	}
	return img
}

// snapOf is the ID of the image's snapshot of that disk usage.
func snapOf(t *testing.T, img *cvm.Image, usage string) string {
	t.Helper()
	for _, sn := range img.SnapshotSet {
		if *sn.DiskUsage == usage {
			return *sn.SnapshotId
		}
	}
	t.Fatalf("image %s has no %s snapshot", *img.ImageId, usage)
	return ""
}

// R3.11: an export answers a task ID and one COS file per disk, named
// <prefix>_<imageId>_system|data_<snapshotId>.<format>, and leaves the image NORMAL.
func TestSDK_ExportImages_Paths(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	img := w.fullMachineImage("export-me")
	id := *img.ImageId
	sys, data := snapOf(t, img, "SYSTEM_DISK"), snapOf(t, img, "DATA_DISK")
	c := w.cvm(owner, gz)

	req := exportReq(id)
	req.ExportFormat = s("QCOW2")
	req.FileNamePrefixList = ss("nightly")
	resp, err := c.ExportImages(req)
	mustOK(t, err)
	want := []string{"/nightly_" + id + "_system_" + sys + ".qcow2", "/nightly_" + id + "_data_" + data + ".qcow2"}
	if resp.Response.TaskId == nil || !slices.Equal(derefAll(resp.Response.CosPaths), want) {
		t.Fatalf("export answered %s, want a TaskId and CosPaths %v", resp.ToJsonString(), want)
	}
	first := *resp.Response.TaskId

	// Defaults: RAW, no prefix; OnlyExportRootDisk leaves the data disk out.
	req = exportReq(id)
	req.OnlyExportRootDisk = b(true)
	resp, err = c.ExportImages(req)
	mustOK(t, err)
	want = []string{"/" + id + "_system_" + sys + ".raw"}
	if !slices.Equal(derefAll(resp.Response.CosPaths), want) {
		t.Fatalf("root-disk RAW export: CosPaths %v, want %v", derefAll(resp.Response.CosPaths), want)
	}
	if resp.Response.TaskId == nil || *resp.Response.TaskId == first {
		t.Fatalf("second export: TaskId %v, want a new task (the first was %d)", resp.Response.TaskId, first)
	}

	// A dry run checks and starts nothing.
	req = exportReq(id)
	req.DryRun = b(true)
	resp, err = c.ExportImages(req)
	mustOK(t, err)
	if resp.Response.TaskId != nil || len(resp.Response.CosPaths) != 0 {
		t.Fatalf("dry run answered %s, want no task and no files", resp.ToJsonString())
	}

	w.wantState(owner, gz, id, "NORMAL")
	if n := w.sim.Calls()["cvm.ExportImages"]; n != 3 {
		t.Fatalf("Calls counted %d ExportImages, want 3", n)
	}
}

// R3.11: what cannot be exported, each under its documented code.
func TestSDK_ExportImages_Refusals(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	own := w.normalImage(owner, gz, "mine")
	shared := w.normalImage(peer, gz, "peers")
	mustOK(t, w.share(peer, gz, shared, owner.id))
	foreign := w.normalImage(third, gz, "thirds")

	win := importReq(w, "windows-import")
	win.OsType, win.OsVersion, win.Architecture = s("Windows Server 2016"), s("9"), s("x86_64")
	wresp, err := w.cvm(owner, gz).ImportImage(win)
	mustOK(t, err)

	enc := cvm.NewSyncImagesRequest()
	enc.ImageIds = ss(own)
	enc.DestinationRegions = ss(gz)
	enc.Encrypt = b(true)
	enc.ImageSetRequired = b(true)
	eresp, err := w.cvm(owner, gz).SyncImages(enc)
	mustOK(t, err)
	w.clock.Advance(sdkTimings.Import + sdkTimings.Copy)
	encrypted := *eresp.Response.ImageSet[0].ImageId
	creating := w.createFromSnapshot(owner, gz, "creating-now")

	market := w.describeAll(owner, gz, filter("image-type", "MARKET_IMAGE"))
	if len(market) == 0 {
		t.Fatal("no marketplace image to try")
	}

	cases := []struct {
		name string
		req  *cvm.ExportImagesRequest
		code string
	}{
		{"public", exportReq(*w.publicImage(gz).ImageId), "UnsupportedOperation.PublicImageExportUnsupported"},
		{"marketplace", exportReq(*market[0].ImageId), "UnsupportedOperation.MarketImageExportUnsupported"},
		{"shared with me", exportReq(shared), "UnsupportedOperation.SharedImageExportUnsupported"},
		{"another account's", exportReq(foreign), "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"windows", exportReq(*wresp.Response.ImageId), "UnsupportedOperation.WindowsImageExportUnsupported"},
		{"encrypted", exportReq(encrypted), "UnsupportedOperation.EncryptedImagesNotSupported"},
		{"not NORMAL", exportReq(creating), "InvalidParameterValue.InvalidImageState"},
		{"one bad among good", exportReq(own, *w.publicImage(gz).ImageId), "UnsupportedOperation.PublicImageExportUnsupported"},
		{"malformed", exportReq("img-BAD"), "InvalidImageId.Malformed"},
		{"unknown", exportReq("img-zzzzzzzz"), "InvalidImageId.NotFound"},
		{"no images", exportReq(), "InvalidParameter.ImageIdsSnapshotIdsMustOne"},
		{"bucket without AppId", func() *cvm.ExportImagesRequest { r := exportReq(own); r.BucketName = s("exports"); return r }(), "InvalidParameterValue.BucketNotFound"},
		{"prefixes do not match images", func() *cvm.ExportImagesRequest {
			r := exportReq(own)
			r.FileNamePrefixList = ss("a", "b")
			return r
		}(), "InvalidParameterValue.InvalidFileNamePrefixList"},
		{"format not documented", func() *cvm.ExportImagesRequest { r := exportReq(own); r.ExportFormat = s("ISO"); return r }(), "InvalidParameterValue"},
		{"format in lower case", func() *cvm.ExportImagesRequest { r := exportReq(own); r.ExportFormat = s("qcow2"); return r }(), "InvalidParameterValue"},
		{"role that cannot exist", func() *cvm.ExportImagesRequest { r := exportReq(own); r.RoleName = s("no such role"); return r }(), "AuthFailure.CamRoleNameAuthenticateFailed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.cvm(owner, gz).ExportImages(tc.req)
			wantCode(t, err, tc.code)
		})
	}

	// BucketName is required.
	_, err = w.raw(owner, gz, "cvm", cvmVersion, "ExportImages", `{"ImageIds":["`+own+`"]}`)
	wantCode(t, err, "MissingParameter")
	// A custom RoleName and the right number of prefixes are fine.
	ok := exportReq(own)
	ok.RoleName = s("CVM_QcsRole")
	ok.FileNamePrefixList = ss("x")
	_, err = w.cvm(owner, gz).ExportImages(ok)
	mustOK(t, err)
}
