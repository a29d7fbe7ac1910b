package imageapi

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// rename changes an image's name behind the client's back, as the console would.
func (fc *fakeCloud) rename(region, id, name string) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	for _, img := range fc.images[region] {
		if img.ImageId == id {
			img.ImageName = name
		}
	}
}

func TestImageFromListing_concurrentRefreshesOfARegionShareOneListing(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 150 {
		ids = append(ids, fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId)
	}
	c := fc.client()

	imgs, errs := lookupAll(c, imageFromListing, context.Background(), "ap-guangzhou", ids)
	for i, id := range ids {
		if errs[i] != nil || imgs[i].ImageId != id {
			t.Fatalf("ImageFromListing(%s) = %v, %v; want that image", id, imgs[i], errs[i])
		}
	}
	// 150 images are two pages of one listing.
	if n := fc.count(fc.calls, "DescribeImages"); n != 2 {
		t.Errorf("150 concurrent refreshes made %d DescribeImages, want the 2 pages of one listing", n)
	}
	_, errs = lookupAll(c, imageFromListing, context.Background(), "ap-guangzhou", ids[:10])
	all, err := c.CustomImagesFromListing(context.Background(), "ap-guangzhou")
	if err := errors.Join(append(errs, err)...); err != nil || len(all) != len(ids) {
		t.Fatalf("later refreshes and CustomImagesFromListing: %v, %d images", err, len(all))
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 2 {
		t.Errorf("refreshes and CustomImagesFromListing right after a listing made %d DescribeImages in all, want the listing's 2", n)
	}
}

func TestImageFromListing_aWriteOrTheTTLStartsANewListing(t *testing.T) {
	fc := newFakeCloud(t)
	id := fc.addImage("ap-guangzhou", Image{ImageName: "old", ImageState: StateNormal}).ImageId
	copyID := fc.addImage("ap-tokyo", Image{ImageName: "copy", ImageState: StateNormal}).ImageId
	c := fc.client()
	var offset atomic.Int64
	c.clock.now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	name := func(region, id string) string {
		t.Helper()
		img, err := c.ImageFromListing(context.Background(), region, id)
		if err != nil {
			t.Fatalf("ImageFromListing(%s): %v", id, err)
		}
		return img.ImageName
	}
	name("ap-guangzhou", id)
	name("ap-tokyo", copyID)

	fc.rename("ap-guangzhou", id, "console")
	if got := name("ap-guangzhou", id); got != "old" {
		t.Fatalf("name = %q right after the listing, want the listing's %q (no new call)", got, "old")
	}
	if err := c.ModifyImageAttribute(context.Background(), "ap-guangzhou", ModifyImageAttributeRequest{ImageId: id}); err != nil {
		t.Fatal(err)
	}
	if got := name("ap-guangzhou", id); got != "console" {
		t.Errorf("name after a write in the region = %q, want %q from a new listing", got, "console")
	}

	// A copy into ap-tokyo is a write there, though its call goes to the source region.
	fc.rename("ap-tokyo", copyID, "renamed")
	if _, err := c.SyncImages(context.Background(), "ap-guangzhou", SyncImagesRequest{ImageIds: []string{id}, DestinationRegions: []string{"ap-tokyo"}, ImageName: "c2"}); err != nil {
		t.Fatal(err)
	}
	if got := name("ap-tokyo", copyID); got != "renamed" {
		t.Errorf("name in a copy's destination after the copy = %q, want %q from a new listing", got, "renamed")
	}

	fc.rename("ap-guangzhou", id, "later")
	offset.Store(int64(imageListingTTL + time.Second))
	if got := name("ap-guangzhou", id); got != "later" {
		t.Errorf("name after the listing's TTL = %q, want %q from a new listing", got, "later")
	}
}

func TestImageFromListing_anIDAbsentFromTheListingIsLookedUpByID(t *testing.T) {
	fc := newFakeCloud(t)
	listed := fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId
	hidden := fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId
	public := fc.addImage("ap-guangzhou", Image{ImageType: "PUBLIC_IMAGE", ImageState: StateNormal}).ImageId
	fc.mu.Lock()
	fc.hidden[hidden] = 1 // not yet in the listing, as a new image may not be
	fc.mu.Unlock()

	imgs, errs := lookupAll(fc.client(), imageFromListing, context.Background(), "ap-guangzhou", []string{listed, hidden, public, "img-99999999"})
	for i, id := range []string{listed, hidden, public} {
		if errs[i] != nil || imgs[i].ImageId != id {
			t.Errorf("ImageFromListing(%s) = %v, %v; want the image, not gone", id, imgs[i], errs[i])
		}
	}
	if !errors.Is(errs[3], ErrNotFound) {
		t.Errorf("ImageFromListing of an image nobody holds = %v, want ErrNotFound", errs[3])
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	byID := 0
	for _, p := range fc.pages {
		if len(p.ImageIds) > 0 {
			byID++
		}
	}
	if byID < 1 || byID > 3 || len(fc.pages)-byID != 1 {
		t.Errorf("%d DescribeImages, %d by ID; want one listing and the 3 absent IDs looked up in 1 to 3 calls", len(fc.pages), byID)
	}
}

func TestImageFromListing_anErrorOfTheListingReachesEveryCallerAndIsNotKept(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 10 {
		ids = append(ids, fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId)
	}
	// The listing fails only once every caller waits for it: a caller that came after the failure
	// would start a listing of its own, which answers. No sleep decides when that is: the cloud
	// holds the listing's request until the listing counts all the callers as its waiters.
	allWaiting, done := make(chan struct{}), make(chan struct{})
	defer close(done)
	fc.addFaults("DescribeImages", func(fc *fakeCloud, w http.ResponseWriter, r *http.Request, body map[string]any) bool {
		select {
		case <-allWaiting:
		case <-r.Context().Done():
			return true
		}
		return apiFault("UnauthorizedOperation.PermissionDenied")(fc, w, r, body)
	})
	c := fc.client()
	go func() {
		for {
			c.listings.mu.Lock()
			l := c.listings.cur["ap-guangzhou"]
			joined := l != nil && l.waiters == len(ids)
			c.listings.mu.Unlock()
			if joined {
				close(allWaiting)
				return
			}
			select {
			case <-done:
				return
			default:
				runtime.Gosched()
			}
		}
	}()
	_, errs := lookupAll(c, imageFromListing, context.Background(), "ap-guangzhou", ids)
	for i, err := range errs {
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != "UnauthorizedOperation.PermissionDenied" {
			t.Errorf("caller %d: err = %v, want the listing's PermissionDenied", i, err)
		}
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 1 {
		t.Errorf("DescribeImages calls = %d, want the one listing", n)
	}
	if _, err := c.ImageFromListing(context.Background(), "ap-guangzhou", ids[0]); err != nil {
		t.Errorf("a refresh after the failed listing = %v, want a new listing to answer", err)
	}
}

func TestImageFromListing_eachCallerKeepsItsOwnContextAndNothingLeaks(t *testing.T) {
	fc := newFakeCloud(t)
	id := fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId
	c := fc.client()
	before := runtime.NumGoroutine()

	assertCallersKeepTheirDeadlines(t, fc, c, imageFromListing, id)
	// When every caller leaves, the listing stops too, and the next caller starts a new one.
	fc.addFaults("DescribeImages", slow(10*time.Second))
	c.listings.invalidate("ap-guangzhou")
	assertAllCallersLeaveAtTheirDeadline(t, c, imageFromListing, id)
	if img, err := c.ImageFromListing(context.Background(), "ap-guangzhou", id); err != nil || img.ImageId != id {
		t.Errorf("a refresh after every caller left = %v, %v; want a new listing to answer", img, err)
	}
	assertNoGoroutineLeft(t, c, before, "the listing")
}
