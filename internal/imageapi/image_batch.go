package imageapi

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"time"
)

// How long a batch of ImageNow calls stays open. Terraform refreshes (and waits on) up to ten
// resources at once: one DescribeImages of up to 100 ImageIds answers the reads of a region, where
// one call each would queue behind the 40/s DescribeImages limit. A batch takes calls for
// imageNowWindow, and on while the region's previous call is still out (waiting for the rate limit,
// say) up to imageNowWindowMax: a lone call (a wait's poll) is held only a moment, and reads that
// arrive while the region is busy go together. In the refresh benchmark, whose reads reach the
// provider up to tens of milliseconds apart, a fixed 5 ms merged 100 reads into 91 calls, 20 ms
// into 79, 50 ms into 77.
const (
	imageNowWindow    = 2 * time.Millisecond
	imageNowWindowMax = 20 * time.Millisecond
)

// batchableImageID is the documented shape of an image ID. DescribeImages refuses a whole request
// with InvalidImageId.Malformed for one ID of another shape, so such an ID is sent on its own and
// its error reaches only its caller.
var batchableImageID = regexp.MustCompile(`^img-[a-z0-9]{8}$`)

// imageBatcher coalesces concurrent ImageNow calls of one region into one DescribeImages.
type imageBatcher struct {
	c    *Client
	mu   sync.Mutex
	open map[string]*imageBatch // per region: the batch still taking IDs
	out  map[string]*imageBatch // per region: the batch whose call went out last
	// window, when set, replaces the imageNowWindow a batch waits for more IDs: tests end it when
	// the callers they start have joined, instead of hoping they all arrive within 2 ms.
	window func() <-chan time.Time
}

// imageBatch is one DescribeImages shared by the callers that joined it. The call runs under a
// context of its own, detached from any one caller's deadline (the first caller may give up while
// the others still wait) and cancelled once every caller has left.
type imageBatch struct {
	region  string
	ids     []string
	waiters int           // callers still waiting; guarded by imageBatcher.mu
	full    chan struct{} // closed when the batch holds as many IDs as one call takes
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{} // closed when images and err are final
	images  map[string]Image
	err     error
}

func newImageBatcher(c *Client) *imageBatcher {
	return &imageBatcher{c: c, open: map[string]*imageBatch{}, out: map[string]*imageBatch{}}
}

// get returns the image with id in region from a batched DescribeImages, or an error matching
// ErrNotFound when the answer does not hold it. An error of the call is every caller's error.
func (ib *imageBatcher) get(ctx context.Context, region, id string) (*Image, error) {
	b := ib.join(ctx, region, id)
	select {
	case <-b.done:
	case <-ctx.Done():
		ib.leave(b)
		return nil, fmt.Errorf("image %s in %s: %w", id, region, ctx.Err())
	}
	if b.err != nil {
		return nil, b.err
	}
	img, ok := b.images[id]
	if !ok {
		return nil, fmt.Errorf("image %s in %s: %w", id, region, ErrNotFound)
	}
	return &img, nil
}

// join adds id to region's open batch, opening one (and starting its call) when there is none.
func (ib *imageBatcher) join(ctx context.Context, region, id string) *imageBatch {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	alone := !batchableImageID.MatchString(id)
	b := ib.open[region]
	if b == nil || alone {
		bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		b = &imageBatch{region: region, full: make(chan struct{}), ctx: bctx, cancel: cancel, done: make(chan struct{})}
		go ib.run(b)
	}
	b.waiters++
	if !slices.Contains(b.ids, id) {
		b.ids = append(b.ids, id)
	}
	switch {
	case alone || len(b.ids) == describeImagesPageSize:
		close(b.full)
		if ib.open[region] == b {
			delete(ib.open, region)
		}
	case ib.open[region] == nil:
		ib.open[region] = b
	}
	return b
}

// leave is a caller giving up on b; the last one to leave cancels its call.
func (ib *imageBatcher) leave(b *imageBatch) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	b.waiters--
	if b.waiters == 0 {
		b.cancel()
		if ib.open[b.region] == b {
			delete(ib.open, b.region)
		}
	}
}

// run closes b to newcomers when it is full, or after imageNowWindow once the region's previous
// call is answered, or after imageNowWindowMax; then it makes its call.
func (ib *imageBatcher) run(b *imageBatch) {
	defer close(b.done)
	defer b.cancel()
	ib.collect(b)
	ib.mu.Lock()
	if ib.open[b.region] == b {
		delete(ib.open, b.region)
	}
	ib.out[b.region] = b
	ids := b.ids
	ib.mu.Unlock()
	defer func() {
		ib.mu.Lock()
		if ib.out[b.region] == b {
			delete(ib.out, b.region)
		}
		ib.mu.Unlock()
	}()
	if err := b.ctx.Err(); err != nil {
		b.err = err
		return
	}
	out, err := ib.c.DescribeImages(b.ctx, b.region, DescribeImagesRequest{ImageIds: ids, Limit: describeImagesPageSize})
	if err != nil {
		b.err = err
		return
	}
	b.images = make(map[string]Image, len(out.ImageSet))
	for _, img := range out.ImageSet {
		b.images[img.ImageId] = img
	}
}

// collect waits while b takes more IDs.
func (ib *imageBatcher) collect(b *imageBatch) {
	most := time.NewTimer(imageNowWindowMax)
	defer most.Stop()
	least := time.NewTimer(imageNowWindow)
	defer least.Stop()
	windowEnd := least.C
	if ib.window != nil {
		windowEnd = ib.window()
	}
	select {
	case <-windowEnd:
	case <-b.full:
		return
	case <-b.ctx.Done():
		return
	}
	ib.mu.Lock()
	busy := ib.out[b.region]
	ib.mu.Unlock()
	if busy == nil {
		return
	}
	select {
	case <-busy.done:
	case <-most.C:
	case <-b.full:
	case <-b.ctx.Done():
	}
}
