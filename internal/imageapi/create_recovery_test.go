package imageapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
)

func createReq(name string) CreateImageRequest {
	return CreateImageRequest{ImageName: name, InstanceId: "ins-gz100001"}
}

func TestCreateImage_lostResponseCreatesExactlyOne(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addImage("ap-guangzhou", Image{ImageName: "web-base-old"}) // a fuzzy match that must not be taken
	fc.addFaults("CreateImage", lostResponse)
	id, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", createReq("web-base"))
	if err != nil {
		t.Fatal(err)
	}
	if n := fc.count(fc.execs, "CreateImage"); n != 1 {
		t.Errorf("CreateImage executed %d times, want 1", n)
	}
	img, err := fc.client().ImageNamedNow(context.Background(), "ap-guangzhou", "web-base")
	if err != nil || img.ImageId != id {
		t.Errorf("returned %s, the image named web-base is %v (%v)", id, img, err)
	}
}

func TestCreateImage_serverFaultIsResolvedByLookupNotBlindRepeat(t *testing.T) {
	for name, f := range map[string]fault{
		"InternalError": internalError,
		"HTTP 500":      httpStatus(http.StatusInternalServerError),
		"reset":         reset,
	} {
		t.Run(name, func(t *testing.T) {
			fc := newFakeCloud(t)
			fc.addFaults("CreateImage", f)
			id, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", createReq("app"))
			if err != nil || id == "" {
				t.Fatalf("CreateImage = %q, %v", id, err)
			}
			want := []string{"CreateImage", "DescribeImages", "CreateImage"}
			if !slices.Equal(fc.seq, want) {
				t.Errorf("requests = %v, want %v (a lookup by name before any repeat)", fc.seq, want)
			}
		})
	}
}

func TestCreateImage_throttlingIsRetriedWithoutLookup(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("CreateImage", throttled, throttled, throttled)
	if _, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", createReq("app")); err != nil {
		t.Fatal(err)
	}
	if n := fc.count(fc.calls, "CreateImage"); n != 4 {
		t.Errorf("CreateImage attempts = %d, want 4", n)
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 0 {
		t.Errorf("DescribeImages calls = %d, want 0: a throttled create was not executed", n)
	}
}

func TestCreateImage_duplicateOnFirstAttemptIsAnError(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addImage("ap-guangzhou", Image{ImageName: "app"})
	_, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", createReq("app"))
	if !hasCode(err, "InvalidImageName.Duplicate") {
		t.Fatalf("err = %v, want InvalidImageName.Duplicate", err)
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 0 {
		t.Errorf("DescribeImages calls = %d, want 0: the duplicate must not be adopted", n)
	}
}

func TestCreateImage_duplicateOnRepeatWaitsForTheInvisibleImage(t *testing.T) {
	fc := newFakeCloud(t)
	fc.hideNew = 3 // the lookup, and two polls after the Duplicate, do not see it yet
	fc.addFaults("CreateImage", lostResponse)
	id, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", createReq("app"))
	if err != nil {
		t.Fatal(err)
	}
	if n := fc.count(fc.execs, "CreateImage"); n != 2 {
		t.Errorf("CreateImage reached the handler %d times, want 2 (the second answered Duplicate)", n)
	}
	if len(fc.images["ap-guangzhou"]) != 1 || fc.images["ap-guangzhou"][0].ImageId != id {
		t.Errorf("images = %v, want exactly the one with ID %s", fc.images["ap-guangzhou"], id)
	}
}

func TestCreateImage_invisibleForeverEndsWithAnError(t *testing.T) {
	fc := newFakeCloud(t)
	fc.hideNew = 1 << 30
	fc.addFaults("CreateImage", lostResponse)
	_, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", createReq("app"))
	if !hasCode(err, "InvalidImageName.Duplicate") {
		t.Fatalf("err = %v, want one wrapping the Duplicate that proved the create took effect", err)
	}
}

func TestCreateImage_dryRunIsNeverLookedUp(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("CreateImage", internalError)
	req := createReq("app")
	req.DryRun = true
	if _, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", req); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fc.seq, []string{"CreateImage", "CreateImage"}) {
		t.Errorf("requests = %v", fc.seq)
	}
}

func TestImportImage_lostResponseCreatesExactlyOne(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("ImportImage", lostResponse)
	id, err := fc.client().ImportImage(context.Background(), "ap-guangzhou", ImportImageRequest{
		Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: "https://b.cos/x.qcow2", ImageName: "imported",
	})
	if err != nil || id == "" {
		t.Fatalf("ImportImage = %q, %v", id, err)
	}
	if n := fc.count(fc.execs, "ImportImage"); n != 1 {
		t.Errorf("ImportImage executed %d times, want 1", n)
	}
}

func TestSyncImages_lostResponseIsResolvedInTheDestinations(t *testing.T) {
	fc := newFakeCloud(t)
	src := fc.addImage("ap-guangzhou", Image{ImageName: "app", ImageState: StateNormal})
	fc.addFaults("SyncImages", lostResponse)
	out, err := fc.client().SyncImages(context.Background(), "ap-guangzhou", SyncImagesRequest{
		ImageIds: []string{src.ImageId}, DestinationRegions: []string{"ap-shanghai", "ap-beijing"},
		ImageName: "app-copy", ImageSetRequired: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := fc.count(fc.execs, "SyncImages"); n != 1 {
		t.Errorf("SyncImages executed %d times, want 1", n)
	}
	if len(out.ImageSet) != 2 {
		t.Fatalf("ImageSet = %v, want both copies", out.ImageSet)
	}
	for _, c := range out.ImageSet {
		if fc.images[c.Region][0].ImageId != c.ImageId {
			t.Errorf("copy %v is not the image in %s", c, c.Region)
		}
	}
}

func TestSyncImages_withoutNameAnUncertainFailureIsReturned(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("SyncImages", internalError)
	_, err := fc.client().SyncImages(context.Background(), "ap-guangzhou", SyncImagesRequest{
		ImageIds: []string{"img-00000001"}, DestinationRegions: []string{"ap-shanghai"},
	})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "InternalError" {
		t.Fatalf("err = %v, want the InternalError", err)
	}
	if n := fc.count(fc.calls, "SyncImages"); n != 1 {
		t.Errorf("SyncImages attempts = %d, want 1", n)
	}
}
