package imageapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestImageNow_concurrentCallsShareOneDescribeImages(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 60 {
		ids = append(ids, fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId)
	}
	other := fc.addImage("ap-tokyo", Image{ImageState: StateCreating}).ImageId
	// A duplicate, an ID nobody can see, and one of another region asked in this one.
	asked := append(slices.Clone(ids), ids[0], "img-99999999", other)
	c := fc.client()

	imgs, errs := lookupAll(c, imageNow, context.Background(), "ap-guangzhou", asked)
	for i, id := range asked {
		switch {
		case i >= len(ids)+1:
			if !errors.Is(errs[i], ErrNotFound) {
				t.Errorf("ImageNow(%s) = %v, %v; want ErrNotFound", id, imgs[i], errs[i])
			}
		case errs[i] != nil || imgs[i].ImageId != id:
			t.Errorf("ImageNow(%s) = %v, %v; want that image", id, imgs[i], errs[i])
		}
	}
	if n := fc.count(fc.calls, "DescribeImages"); n > 3 {
		t.Errorf("%d concurrent ImageNow calls made %d DescribeImages, want them to share one or a few", len(asked), n)
	}
	if img, err := c.ImageNow(context.Background(), "ap-tokyo", other); err != nil || img.ImageState != StateCreating {
		t.Errorf("ImageNow in ap-tokyo = %v, %v; want its CREATING image", img, err)
	}
}

func TestImageNow_batchesHoldAtMostOnePageOfIDs(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 230 {
		ids = append(ids, fc.addImage("ap-beijing", Image{ImageState: StateNormal}).ImageId)
	}
	_, errs := lookupAll(fc.client(), imageNow, context.Background(), "ap-beijing", ids)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.pages) < 3 || len(fc.pages) > 6 {
		t.Errorf("230 ImageNow calls made %d DescribeImages, want 3 to 6", len(fc.pages))
	}
	for _, p := range fc.pages {
		if len(p.ImageIds) > 100 || p.Limit < uint64(len(p.ImageIds)) {
			t.Errorf("DescribeImages with %d ImageIds and Limit %d: the API takes at most 100 and answers Limit", len(p.ImageIds), p.Limit)
		}
	}
}

func TestImageNow_anErrorOfTheBatchReachesEveryCaller(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 10 {
		ids = append(ids, fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId)
	}
	fc.addFaults("DescribeImages", apiFault("UnauthorizedOperation.PermissionDenied"))
	c := fc.client()
	c.images.window = windowUntilJoined(c.images, "ap-guangzhou", len(ids))
	_, errs := lookupAll(c, imageNow, context.Background(), "ap-guangzhou", ids)
	for i, err := range errs {
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != "UnauthorizedOperation.PermissionDenied" {
			t.Errorf("caller %d: err = %v, want the batch's PermissionDenied", i, err)
		}
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 1 {
		t.Errorf("DescribeImages calls = %d, want the one batch", n)
	}
}

func TestImageNow_aMalformedIDDoesNotFailTheOthers(t *testing.T) {
	fc := newFakeCloud(t)
	good := fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId
	fc.hook = func(action string, req map[string]any) {
		if ids, _ := req["ImageIds"].([]any); action == "DescribeImages" && slices.Contains(ids, any("IMG-bad")) && len(ids) > 1 {
			t.Errorf("the malformed ID was sent with others: %v", ids)
		}
	}
	imgs, errs := lookupAll(fc.client(), imageNow, context.Background(), "ap-guangzhou", []string{good, "IMG-bad", good})
	if errs[0] != nil || imgs[0].ImageId != good || errs[2] != nil {
		t.Errorf("the well-formed ID's callers got %v, %v", errs[0], errs[2])
	}
}

// heldAnswer answers as the cloud would once release is closed; a request the client gives up on
// first gets no answer.
func heldAnswer(release <-chan struct{}) fault {
	return func(fc *fakeCloud, w http.ResponseWriter, r *http.Request, body map[string]any) bool {
		select {
		case <-release:
		case <-r.Context().Done():
			return true
		}
		raw, _ := json.Marshal(body)
		fc.execute(w, r, r.Header.Get("X-TC-Action"), raw)
		return true
	}
}

func TestImageNow_eachCallerKeepsItsOwnContext(t *testing.T) {
	fc := newFakeCloud(t)
	id := fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId
	c := fc.client()
	before := runtime.NumGoroutine()

	assertCallersKeepTheirDeadlines(t, fc, c, imageNow, id)
	// When every caller leaves, the shared call stops too: nothing is left running.
	// Every request from here on is slow: a request still made for the callers above must not take
	// the one slow answer meant for these.
	fc.addFaults("DescribeImages", repeated(slow(10*time.Second), 100)...)
	assertAllCallersLeaveAtTheirDeadline(t, c, imageNow, id)
	assertNoGoroutineLeft(t, c, before, "the batch")
}

// windowUntilJoined ends a batch's window once the open batch of region holds n IDs, so that
// callers started together share one call however the machine schedules them.
func windowUntilJoined(ib *imageBatcher, region string, n int) func() <-chan time.Time {
	return func() <-chan time.Time {
		end := make(chan time.Time)
		go func() {
			for {
				ib.mu.Lock()
				b := ib.open[region]
				joined := b != nil && len(b.ids) >= n
				ib.mu.Unlock()
				if joined {
					close(end)
					return
				}
				runtime.Gosched()
			}
		}()
		return end
	}
}
