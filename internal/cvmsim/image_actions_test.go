package cvmsim

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func TestCreateImage_fromInstanceLifecycle(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	c := owner(t, s, clock)
	ctx := context.Background()

	id, err := c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{
		ImageName: "web-1", InstanceId: "ins-gz100001", DataDiskIds: []string{"disk-gz100002"}, ForcePoweroff: true,
		TagSpecification: []imageapi.TagSpecification{{ResourceType: "image", Tags: []imageapi.Tag{{Key: "team", Value: "web"}}}},
	})
	must(t, err)
	im, err := c.ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	if im.ImageState != "CREATING" || im.ImageType != "PRIVATE_IMAGE" || im.ImageCreator != OwnerAccount || im.ImageSource != "CREATE_IMAGE" {
		t.Fatalf("new image %+v", im)
	}
	if len(im.SnapshotSet) != 2 || im.SnapshotSet[0].DiskUsage != "SYSTEM_DISK" || im.SnapshotSet[0].DiskSize != 50 ||
		im.SnapshotSet[1].DiskUsage != "DATA_DISK" || im.SnapshotSet[1].DiskSize != 100 || im.ImageSize != 50 {
		t.Fatalf("snapshots %+v size %d", im.SnapshotSet, im.ImageSize)
	}
	if im.SnapshotSet[0].SnapshotId == "snap-gz100001" {
		t.Fatal("an image from an instance gets fresh snapshots")
	}
	if len(im.Tags) != 1 || im.Tags[0] != (imageapi.Tag{Key: "team", Value: "web"}) {
		t.Fatalf("tags %+v", im.Tags)
	}
	if im.OsName != "TencentOS Server 3.2 (Final)" {
		t.Fatalf("the image inherits the instance's OS, got %q", im.OsName)
	}

	_, err = c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "web-2", InstanceId: "ins-gz100001"})
	wantCode(t, err, "OperationDenied.InstanceOperationInProgress")
	err = c.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}})
	wantCode(t, err, "InvalidImageId.IncorrectState")
	name := "renamed"
	wantCode(t, c.ModifyImageAttribute(ctx, DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: id, ImageName: &name}), "InvalidImageId.IncorrectState")

	clock.Advance(testTimings.Create)
	im, err = c.ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	if im.ImageState != "NORMAL" {
		t.Fatalf("state %s after the create time", im.ImageState)
	}
	_, err = c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "web-1", InstanceId: "ins-gz100001"})
	wantCode(t, err, "InvalidImageName.Duplicate")

	must(t, c.ModifyImageAttribute(ctx, DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: id, ImageName: &name}))
	long := strings.Repeat("x", 61)
	wantCode(t, c.ModifyImageAttribute(ctx, DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: id, ImageName: &long}), "InvalidParameterValue.TooLarge")

	snaps := s.CustomImages(OwnerAccount, DefaultRegion)[0].Snapshots
	must(t, c.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}, DeleteBindedSnap: true}))
	if len(s.CustomImages(OwnerAccount, "")) != 0 {
		t.Fatal("image not deleted")
	}
	_ = s.store.txn(false, func(w *world) error {
		for _, id := range snaps {
			if w.snapshotExists(id) {
				t.Errorf("DeleteBindedSnap left snapshot %s", id)
			}
		}
		if !w.snapshotExists("snap-gz100001") {
			t.Error("seeded snapshots are not the image's")
		}
		return nil
	})
	err = c.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}})
	wantCode(t, err, "InvalidImageId.NotFound")
}

func TestCreateImage_fromSnapshots(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	c := owner(t, s, clock)
	ctx := context.Background()
	create := func(req imageapi.CreateImageRequest) (string, error) { return c.CreateImage(ctx, DefaultRegion, req) }

	_, err := create(imageapi.CreateImageRequest{ImageName: "a"})
	wantCode(t, err, "InvalidParameter.SpecifyOneParameter")
	_, err = create(imageapi.CreateImageRequest{ImageName: "a", InstanceId: "ins-gz100001", SnapshotIds: []string{"snap-gz100001"}})
	wantCode(t, err, "InvalidParameterConflict")
	_, err = create(imageapi.CreateImageRequest{ImageName: "a", SnapshotIds: []string{"snap-gz200001"}})
	wantCode(t, err, "InvalidParameter.SnapshotNotFound") // the peer's snapshot
	_, err = create(imageapi.CreateImageRequest{ImageName: "a", SnapshotIds: []string{"snap-gz100002"}})
	wantCode(t, err, "InvalidParameter.SystemSnapshotNotFound")
	_, err = create(imageapi.CreateImageRequest{ImageName: "a", InstanceId: "ins-gz200001"})
	wantCode(t, err, "InvalidInstanceId.NotFound")
	_, err = create(imageapi.CreateImageRequest{ImageName: "a", InstanceId: "ins-gz100001", DataDiskIds: []string{"disk-gz100001"}})
	wantCode(t, err, "InvalidParameter.DataDiskIdContainsRootDisk")
	_, err = create(imageapi.CreateImageRequest{ImageName: strings.Repeat("n", 61), InstanceId: "ins-gz100001"})
	wantCode(t, err, "InvalidParameterValue.TooLarge")

	_, err = create(imageapi.CreateImageRequest{ImageName: "dry", InstanceId: "ins-gz100001", DryRun: true})
	must(t, err)
	if len(s.CustomImages(OwnerAccount, "")) != 0 {
		t.Fatal("a dry run made an image")
	}

	id, err := create(imageapi.CreateImageRequest{ImageName: "from-snaps", SnapshotIds: []string{"snap-gz100001", "snap-gz100002"}})
	must(t, err)
	im, err := c.ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	got := []string{im.SnapshotSet[0].SnapshotId, im.SnapshotSet[1].SnapshotId}
	if !slices.Equal(got, []string{"snap-gz100001", "snap-gz100002"}) {
		t.Fatalf("an image from snapshots uses them: %v", got)
	}
	clock.Advance(time.Minute)
	must(t, c.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}, DeleteBindedSnap: true}))
	_ = s.store.txn(false, func(w *world) error {
		if !w.snapshotExists("snap-gz100001") {
			t.Error("DeleteBindedSnap deleted a snapshot the image was made from")
		}
		return nil
	})
}

func TestQuotaAndFailures(t *testing.T) {
	s, clock := newTestSim(t, Options{ImageQuota: 2})
	c := owner(t, s, clock)
	ctx := context.Background()
	q, err := c.DescribeImageQuota(ctx, DefaultRegion)
	must(t, err)
	if q != 2 {
		t.Fatalf("quota %d", q)
	}
	s.SetFaults(Faults{FailCreates: 1})
	failed, err := c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "one", SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	_, err = c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "two", SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	_, err = c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "three", SnapshotIds: []string{"snap-gz100001"}})
	wantCode(t, err, "ImageQuotaLimitExceeded")
	clock.Advance(testTimings.Create)
	im, err := c.ImageNow(ctx, DefaultRegion, failed)
	must(t, err)
	if im.ImageState != "CREATEFAILED" {
		t.Fatalf("injected failure gave %s", im.ImageState)
	}
	must(t, s.SetImageQuota(OwnerAccount, DefaultRegion, 3))
	_, err = c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "three", SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	if q, _ := c.DescribeImageQuota(ctx, DefaultRegion); q != 3 {
		t.Fatalf("quota after SetImageQuota %d", q)
	}
	// Another region has its own quota.
	_, err = c.CreateImage(ctx, "ap-shanghai", imageapi.CreateImageRequest{ImageName: "one", SnapshotIds: []string{"snap-sh100001"}})
	must(t, err)
}

func TestDescribeImageFromFamilyAndInstances(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	c := owner(t, s, clock)
	ctx := context.Background()
	im, err := c.DescribeImageFromFamily(ctx, DefaultRegion, "tencentos-server-3")
	must(t, err)
	if im == nil || im.OsName != "TencentOS Server 3.2 (Final)" {
		t.Fatalf("family resolves to the newest non-deprecated image, got %+v", im)
	}
	none, err := c.DescribeImageFromFamily(ctx, DefaultRegion, "no-such-family")
	must(t, err)
	if none != nil {
		t.Fatalf("unknown family: %+v", none)
	}
	id, err := c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "fam", SnapshotIds: []string{"snap-gz100001"}, ImageFamily: "app"})
	must(t, err)
	if im, _ := c.DescribeImageFromFamily(ctx, DefaultRegion, "app"); im != nil {
		t.Fatal("a CREATING image is not a family's image")
	}
	clock.Advance(testTimings.Create)
	if im, _ := c.DescribeImageFromFamily(ctx, DefaultRegion, "app"); im == nil || im.ImageId != id {
		t.Fatalf("family image %+v", im)
	}

	out, err := c.DescribeInstances(ctx, "ap-tokyo", imageapi.DescribeInstancesRequest{})
	must(t, err)
	if out.TotalCount != 1 || out.InstanceSet[0].InstanceId != "ins-tk100001" || out.InstanceSet[0].Placement.Zone != "ap-tokyo-3" ||
		out.InstanceSet[0].InstanceState != "RUNNING" {
		t.Fatalf("instances %+v", out)
	}
	newID, err := s.AddInstance(OwnerAccount, "ap-tokyo", "extra")
	must(t, err)
	out, err = c.DescribeInstances(ctx, "ap-tokyo", imageapi.DescribeInstancesRequest{InstanceIds: []string{newID}})
	must(t, err)
	if out.TotalCount != 1 || out.InstanceSet[0].InstanceName != "extra" {
		t.Fatalf("added instance %+v", out)
	}
}
