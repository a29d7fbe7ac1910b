package imageapi

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// lookup is one of the client's ways to read one image: ImageNow (batched by ID) or ImageFromListing
// (served from the region's listing). Both share calls between concurrent callers, so both owe
// each caller its own deadline and must leave nothing running when every caller has gone.
type lookup func(c *Client, ctx context.Context, region, id string) (*Image, error)

var (
	imageNow         lookup = (*Client).ImageNow
	imageFromListing lookup = (*Client).ImageFromListing
)

// lookupAll asks for every ID at once, each in its own goroutine, and returns the answers in order.
func lookupAll(c *Client, find lookup, ctx context.Context, region string, ids []string) ([]*Image, []error) {
	imgs, errs := make([]*Image, len(ids)), make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { imgs[i], errs[i] = find(c, ctx, region, id) })
	}
	wg.Wait()
	return imgs, errs
}

// assertCallersKeepTheirDeadlines runs an impatient and a patient caller through one shared call:
// the impatient one leaves at its 30 ms deadline, the patient one still gets image id. The cloud
// holds its answers until the impatient caller has left, so that caller cannot have left with the
// answer; no sleep stands for the shared call's slowness. Every request of this phase is held (one
// of a caller that missed the other's call included), and those the phase never made are dropped.
func assertCallersKeepTheirDeadlines(t *testing.T, fc *fakeCloud, c *Client, find lookup, id string) {
	t.Helper()
	impatientLeft := make(chan struct{})
	fc.addFaults("DescribeImages", repeated(heldAnswer(impatientLeft), 3)...)
	defer func() {
		fc.mu.Lock()
		defer fc.mu.Unlock()
		fc.faults["DescribeImages"] = nil
	}()
	short, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	var patient *Image
	var patientErr, impatientErr error
	wg.Go(func() { patient, patientErr = find(c, context.Background(), "ap-guangzhou", id) })
	wg.Go(func() {
		defer close(impatientLeft)
		_, impatientErr = find(c, short, "ap-guangzhou", id)
	})
	wg.Wait()
	if !errors.Is(impatientErr, context.DeadlineExceeded) {
		t.Errorf("impatient caller: %v, want its deadline at 30ms", impatientErr)
	}
	if patientErr != nil || patient.ImageId != id {
		t.Errorf("patient caller: %v, %v; want the image", patient, patientErr)
	}
}

// assertAllCallersLeaveAtTheirDeadline sends 50 callers whose shared call never answers in time:
// every one must get its deadline.
func assertAllCallersLeaveAtTheirDeadline(t *testing.T, c *Client, find lookup, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = id
	}
	_, errs := lookupAll(c, find, ctx, "ap-guangzhou", ids)
	for _, err := range errs {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the callers' deadline", err)
		}
	}
}

// assertNoGoroutineLeft waits up to 2 s for the goroutine count to fall back to before.
func assertNoGoroutineLeft(t *testing.T, c *Client, before int, what string) {
	t.Helper()
	c.http.HTTPClient.CloseIdleConnections()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after every caller left, %d before: %s leaked", n, before, what)
	}
}
