package imageapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// getAll calls GetImage for every id at once and returns each caller's image and error.
func getAll(c *Client, ctx context.Context, region string, ids []string) ([]*Image, []error) {
	imgs, errs := make([]*Image, len(ids)), make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { imgs[i], errs[i] = c.GetImage(ctx, region, id) })
	}
	wg.Wait()
	return imgs, errs
}

func TestGetImage_concurrentCallsShareOneDescribeImages(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 60 {
		ids = append(ids, fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId)
	}
	other := fc.addImage("ap-tokyo", Image{ImageState: StateCreating}).ImageId
	// A duplicate, an ID nobody can see, and one of another region asked in this one.
	asked := append(slices.Clone(ids), ids[0], "img-99999999", other)
	c := fc.client()

	imgs, errs := getAll(c, context.Background(), "ap-guangzhou", asked)
	for i, id := range asked {
		switch {
		case i >= len(ids)+1:
			if !errors.Is(errs[i], ErrNotFound) {
				t.Errorf("GetImage(%s) = %v, %v; want ErrNotFound", id, imgs[i], errs[i])
			}
		case errs[i] != nil || imgs[i].ImageId != id:
			t.Errorf("GetImage(%s) = %v, %v; want that image", id, imgs[i], errs[i])
		}
	}
	if n := fc.count(fc.calls, "DescribeImages"); n > 3 {
		t.Errorf("%d concurrent GetImage calls made %d DescribeImages, want them to share one or a few", len(asked), n)
	}
	if img, err := c.GetImage(context.Background(), "ap-tokyo", other); err != nil || img.ImageState != StateCreating {
		t.Errorf("GetImage in ap-tokyo = %v, %v; want its CREATING image", img, err)
	}
}

func TestGetImage_batchesHoldAtMostOnePageOfIDs(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 230 {
		ids = append(ids, fc.addImage("ap-beijing", Image{ImageState: StateNormal}).ImageId)
	}
	_, errs := getAll(fc.client(), context.Background(), "ap-beijing", ids)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.pages) < 3 || len(fc.pages) > 6 {
		t.Errorf("230 GetImage calls made %d DescribeImages, want 3 to 6", len(fc.pages))
	}
	for _, p := range fc.pages {
		if len(p.ImageIds) > 100 || p.Limit < uint64(len(p.ImageIds)) {
			t.Errorf("DescribeImages with %d ImageIds and Limit %d: the API takes at most 100 and answers Limit", len(p.ImageIds), p.Limit)
		}
	}
}

func TestGetImage_anErrorOfTheBatchReachesEveryCaller(t *testing.T) {
	fc := newFakeCloud(t)
	var ids []string
	for range 10 {
		ids = append(ids, fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId)
	}
	fc.addFaults("DescribeImages", apiFault("UnauthorizedOperation.PermissionDenied"))
	_, errs := getAll(fc.client(), context.Background(), "ap-guangzhou", ids)
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

func TestGetImage_aMalformedIDDoesNotFailTheOthers(t *testing.T) {
	fc := newFakeCloud(t)
	good := fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId
	fc.hook = func(action string, req map[string]any) {
		if ids, _ := req["ImageIds"].([]any); action == "DescribeImages" && slices.Contains(ids, any("IMG-bad")) && len(ids) > 1 {
			t.Errorf("the malformed ID was sent with others: %v", ids)
		}
	}
	imgs, errs := getAll(fc.client(), context.Background(), "ap-guangzhou", []string{good, "IMG-bad", good})
	if errs[0] != nil || imgs[0].ImageId != good || errs[2] != nil {
		t.Errorf("the well-formed ID's callers got %v, %v", errs[0], errs[2])
	}
}

// slowAnswer answers as the cloud would, after d.
func slowAnswer(d time.Duration) fault {
	return func(fc *fakeCloud, w http.ResponseWriter, r *http.Request, body map[string]any) bool {
		time.Sleep(d)
		raw, _ := json.Marshal(body)
		fc.execute(w, r, r.Header.Get("X-TC-Action"), raw)
		return true
	}
}

func TestGetImage_eachCallerKeepsItsOwnContext(t *testing.T) {
	fc := newFakeCloud(t)
	id := fc.addImage("ap-guangzhou", Image{ImageState: StateNormal}).ImageId
	fc.addFaults("DescribeImages", slowAnswer(300*time.Millisecond))
	c := fc.client()
	before := runtime.NumGoroutine()

	// The impatient caller leaves at its deadline; the patient one, in the same batch, still
	// gets the answer.
	short, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	var patient *Image
	var patientErr, impatientErr error
	var impatientTook time.Duration
	wg.Go(func() { patient, patientErr = c.GetImage(context.Background(), "ap-guangzhou", id) })
	wg.Go(func() {
		start := time.Now()
		_, impatientErr = c.GetImage(short, "ap-guangzhou", id)
		impatientTook = time.Since(start)
	})
	wg.Wait()
	if !errors.Is(impatientErr, context.DeadlineExceeded) || impatientTook > 200*time.Millisecond {
		t.Errorf("impatient caller: %v after %s, want its deadline at 30ms", impatientErr, impatientTook)
	}
	if patientErr != nil || patient.ImageId != id {
		t.Errorf("patient caller: %v, %v; want the image", patient, patientErr)
	}

	// When every caller leaves, the shared call stops too: nothing is left running.
	fc.addFaults("DescribeImages", slow(10*time.Second))
	ctx, cancelAll := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancelAll()
	for _, err := range func() []error {
		_, errs := getAll(c, ctx, "ap-guangzhou", slices.Repeat([]string{id}, 50))
		return errs
	}() {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the callers' deadline", err)
		}
	}
	c.http.HTTPClient.CloseIdleConnections()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after every caller left, %d before: the batch leaked", n, before)
	}
}
