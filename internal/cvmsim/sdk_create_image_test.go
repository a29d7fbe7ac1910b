package cvmsim_test

import (
	"strings"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// Spec 1.4 / R3.2: an image made from an instance goes CREATING → NORMAL, is the caller's
// PRIVATE_IMAGE, and carries a system-disk snapshot plus one per requested data disk.
func TestSDK_CreateImage_FromInstance(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req := cvm.NewCreateImageRequest()
	req.ImageName = s("web-golden")
	req.ImageDescription = s("golden web server")
	req.InstanceId = s(seedID("ins", owner, gz, 1))
	req.DataDiskIds = ss(seedID("disk", owner, gz, 2))
	req.ForcePoweroff = s("true")
	req.Sysprep = s("false")
	req.ImageFamily = s("web-daily")
	req.TagSpecification = []*cvm.TagSpecification{{
		ResourceType: s("image"),
		Tags:         []*cvm.Tag{{Key: s("team"), Value: s("web")}},
	}}
	resp, err := w.cvm(owner, gz).CreateImage(req)
	mustOK(t, err)
	id := str(resp.Response.ImageId)
	if !imageIDPattern.MatchString(id) {
		t.Fatalf("ImageId %q is not img- plus 8 of [a-z0-9]", id)
	}

	w.wantState(owner, gz, id, "CREATING")
	w.clock.Advance(sdkTimings.Create / 2)
	w.wantState(owner, gz, id, "CREATING")
	w.clock.Advance(sdkTimings.Create)
	img := w.wantState(owner, gz, id, "NORMAL")

	if *img.ImageType != "PRIVATE_IMAGE" || *img.ImageSource != "CREATE_IMAGE" || *img.ImageCreator != owner.id {
		t.Errorf("type %s, source %s, creator %s; want PRIVATE_IMAGE, CREATE_IMAGE, %s", *img.ImageType, *img.ImageSource, *img.ImageCreator, owner.id)
	}
	if *img.ImageName != "web-golden" || str(img.ImageDescription) != "golden web server" || str(img.ImageFamily) != "web-daily" {
		t.Errorf("name %q, description %q, family %q", *img.ImageName, str(img.ImageDescription), str(img.ImageFamily))
	}
	if _, err := time.Parse(time.RFC3339, *img.CreatedTime); err != nil {
		t.Errorf("CreatedTime %q is not RFC 3339", *img.CreatedTime)
	}
	if len(img.Tags) != 1 || *img.Tags[0].Key != "team" || *img.Tags[0].Value != "web" {
		t.Errorf("Tags %s, want team=web from the TagSpecification", jsonOf(img.Tags))
	}
	usage := map[string]int64{}
	for _, snap := range img.SnapshotSet {
		if !strings.HasPrefix(*snap.SnapshotId, "snap-") {
			t.Errorf("snapshot ID %q", *snap.SnapshotId)
		}
		usage[*snap.DiskUsage] = *snap.DiskSize
	}
	if len(img.SnapshotSet) != 2 || usage["SYSTEM_DISK"] != 50 || usage["DATA_DISK"] != 100 {
		t.Errorf("SnapshotSet %s, want a 50 GiB SYSTEM_DISK and a 100 GiB DATA_DISK snapshot", jsonOf(img.SnapshotSet))
	}

	// The image is the owner's alone, and only in its region.
	if w.image(peer, gz, id) != nil || w.image(owner, sh, id) != nil {
		t.Error("new image visible to another account or in another region")
	}
}

// R3.2: an image made from the seeded snapshots, system disk only or with a data disk.
func TestSDK_CreateImage_FromSnapshots(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	cases := []struct {
		name  string
		snaps []string
		want  map[string]int64
	}{
		{"system only", []string{seedID("snap", owner, gz, 1)}, map[string]int64{"SYSTEM_DISK": 50}},
		{"system and data", []string{seedID("snap", owner, gz, 1), seedID("snap", owner, gz, 2)}, map[string]int64{"SYSTEM_DISK": 50, "DATA_DISK": 100}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := cvm.NewCreateImageRequest()
			req.ImageName = s("from-snap-" + strings.ReplaceAll(tc.name, " ", "-"))
			req.SnapshotIds = ss(tc.snaps...)
			resp, err := w.cvm(owner, gz).CreateImage(req)
			mustOK(t, err)
			id := *resp.Response.ImageId
			w.wantState(owner, gz, id, "CREATING")
			w.clock.Advance(sdkTimings.Create + time.Second)
			img := w.wantState(owner, gz, id, "NORMAL")
			got := map[string]int64{}
			for _, snap := range img.SnapshotSet {
				got[*snap.DiskUsage] = *snap.DiskSize
			}
			if len(got) != len(tc.want) || len(img.SnapshotSet) != len(tc.want) {
				t.Fatalf("SnapshotSet %s, want %v", jsonOf(img.SnapshotSet), tc.want)
			}
			for usage, size := range tc.want {
				if got[usage] != size {
					t.Fatalf("SnapshotSet %s, want %v", jsonOf(img.SnapshotSet), tc.want)
				}
			}
		})
	}
}

// Spec 1.3: every refusal of CreateImage and its code.
func TestSDK_CreateImage_Errors(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.normalImage(owner, gz, "taken")
	ownSnap := seedID("snap", owner, gz, 1)
	cases := []struct {
		name string
		req  func(r *cvm.CreateImageRequest)
		code string
	}{
		{"neither instance nor snapshots", func(r *cvm.CreateImageRequest) {}, "InvalidParameter.SpecifyOneParameter"},
		{"both instance and snapshots", func(r *cvm.CreateImageRequest) {
			r.InstanceId = s(seedID("ins", owner, gz, 1))
			r.SnapshotIds = ss(ownSnap)
		}, "InvalidParameterConflict"},
		{"unknown instance", func(r *cvm.CreateImageRequest) { r.InstanceId = s("ins-gz1zzzzz") }, "InvalidInstanceId.NotFound"},
		{"another account's instance", func(r *cvm.CreateImageRequest) { r.InstanceId = s(seedID("ins", peer, gz, 1)) }, "InvalidInstanceId.NotFound"},
		{"instance in another region", func(r *cvm.CreateImageRequest) { r.InstanceId = s(seedID("ins", owner, sh, 1)) }, "InvalidInstanceId.NotFound"},
		{"unknown snapshot", func(r *cvm.CreateImageRequest) { r.SnapshotIds = ss("snap-gz1zzzzz") }, "InvalidParameter.SnapshotNotFound"},
		{"another account's snapshot", func(r *cvm.CreateImageRequest) { r.SnapshotIds = ss(seedID("snap", peer, gz, 1)) }, "InvalidParameter.SnapshotNotFound"},
		{"name of 61 characters", func(r *cvm.CreateImageRequest) {
			r.ImageName = s(strings.Repeat("n", 61))
			r.SnapshotIds = ss(ownSnap)
		}, "InvalidParameterValue.TooLarge"},
		{"description of 257 characters", func(r *cvm.CreateImageRequest) {
			r.ImageDescription = s(strings.Repeat("d", 257))
			r.SnapshotIds = ss(ownSnap)
		}, "InvalidParameterValue.TooLarge"},
		{"duplicate name in the region", func(r *cvm.CreateImageRequest) {
			r.ImageName = s("taken")
			r.SnapshotIds = ss(ownSnap)
		}, "InvalidImageName.Duplicate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := cvm.NewCreateImageRequest()
			req.ImageName = s("error-case")
			tc.req(req)
			_, err := w.cvm(owner, gz).CreateImage(req)
			wantCode(t, err, tc.code)
		})
	}
	if n := len(w.sim.CustomImages(owner.id, gz)); n != 1 {
		t.Fatalf("refused creates left %d images, want the 1 made first", n)
	}
}

// Spec 1.2: names up to 60 characters (characters, not bytes) and descriptions up to 256 are
// fine; a name is unique per account and region, so other regions and accounts may reuse it.
func TestSDK_CreateImage_NameRules(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req := cvm.NewCreateImageRequest()
	req.ImageName = s(strings.Repeat("镜", 60))
	req.ImageDescription = s(strings.Repeat("描", 256))
	req.SnapshotIds = ss(seedID("snap", owner, gz, 1))
	_, err := w.cvm(owner, gz).CreateImage(req)
	mustOK(t, err)

	w.createFromSnapshot(owner, gz, "shared-name")
	w.createFromSnapshot(owner, sh, "shared-name")
	w.createFromSnapshot(peer, gz, "shared-name")
}

// Spec 1.3: an instance making an image cannot start another until the first leaves CREATING.
func TestSDK_CreateImage_InstanceBusy(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	create := func(name string) error {
		req := cvm.NewCreateImageRequest()
		req.ImageName = s(name)
		req.InstanceId = s(seedID("ins", owner, gz, 1))
		_, err := w.cvm(owner, gz).CreateImage(req)
		return err
	}
	mustOK(t, create("first"))
	wantCode(t, create("second"), "OperationDenied.InstanceOperationInProgress")
	w.clock.Advance(sdkTimings.Create + time.Second)
	mustOK(t, create("second"))
}

// Spec 1.2 / 1.3: 10 custom images per account per region by default; the next is refused,
// other regions and accounts are unaffected, and deleting one frees a slot.
func TestSDK_CreateImage_Quota(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	var ids []string
	for i := 0; i < 10; i++ {
		ids = append(ids, w.createFromSnapshot(owner, gz, "q"+string(rune('a'+i))))
	}
	req := cvm.NewCreateImageRequest()
	req.ImageName = s("one-too-many")
	req.SnapshotIds = ss(seedID("snap", owner, gz, 1))
	_, err := w.cvm(owner, gz).CreateImage(req)
	wantCode(t, err, "ImageQuotaLimitExceeded")

	w.createFromSnapshot(owner, sh, "other-region")
	w.createFromSnapshot(peer, gz, "other-account")

	w.clock.Advance(sdkTimings.Create + time.Second)
	mustOK(t, w.deleteImage(owner, gz, ids[0]))
	_, err = w.cvm(owner, gz).CreateImage(req)
	mustOK(t, err)
}

// R3.2 / R7.2: DryRun validates and changes nothing; a dry run of a bad request still fails.
func TestSDK_CreateImage_DryRun(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req := cvm.NewCreateImageRequest()
	req.ImageName = s("dry")
	req.SnapshotIds = ss(seedID("snap", owner, gz, 1))
	req.DryRun = b(true)
	_, err := w.cvm(owner, gz).CreateImage(req)
	wantDryRunPassed(t, err)
	if n := len(w.sim.CustomImages(owner.id, "")); n != 0 {
		t.Fatalf("a dry run made %d images", n)
	}
	req.SnapshotIds = ss("snap-gz1zzzzz")
	_, err = w.cvm(owner, gz).CreateImage(req)
	wantCode(t, err, "InvalidParameter.SnapshotNotFound")
}

// Spec 1.4: an injected failure ends in CREATEFAILED.
func TestSDK_CreateImage_InjectedFailure(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.sim.SetFaults(cvmsim.Faults{FailCreates: 1})
	id := w.createFromSnapshot(owner, gz, "doomed")
	w.clock.Advance(sdkTimings.Create + time.Second)
	w.wantState(owner, gz, id, "CREATEFAILED")
	// Only the next one fails.
	ok := w.createFromSnapshot(owner, gz, "fine")
	w.clock.Advance(sdkTimings.Create + time.Second)
	w.wantState(owner, gz, ok, "NORMAL")
}

// R3.3 / R7.3: a dry run that would pass answers either plain success or DryRunOperation.
func wantDryRunPassed(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	wantCode(t, err, "DryRunOperation")
}

// R3.2: ForcePoweroff and Sysprep are strings on the wire, in either case.
func TestSDK_CreateImage_StringFlags(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	for i, v := range []string{"true", "TRUE", "false", "FALSE"} {
		req := cvm.NewCreateImageRequest()
		req.ImageName = s("flags-" + v)
		req.SnapshotIds = ss(seedID("snap", owner, gz, 1))
		req.ForcePoweroff = s(v)
		req.Sysprep = s(v)
		_, err := w.cvm(owner, gz).CreateImage(req)
		if err != nil {
			t.Fatalf("case %d, ForcePoweroff/Sysprep %q: %v", i, v, err)
		}
	}
}

// Spec 1.2: a name is taken from the moment the image is asked for, not when it is NORMAL.
func TestSDK_CreateImage_NameTakenWhileCreating(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.createFromSnapshot(owner, gz, "in-flight")
	req := cvm.NewCreateImageRequest()
	req.ImageName = s("in-flight")
	req.SnapshotIds = ss(seedID("snap", owner, gz, 1))
	_, err := w.cvm(owner, gz).CreateImage(req)
	wantCode(t, err, "InvalidImageName.Duplicate")
}
