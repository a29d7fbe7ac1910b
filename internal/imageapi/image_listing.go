package imageapi

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// imageListingTTL is how long one answered listing of a region's custom images keeps serving
// ImageFromListing and CustomImagesFromListing; when a listing may serve a read at all is the rule
// in the package documentation ("Reading images"). A refreshing plan reads all its resources
// within a second or two, and Terraform's ten parallel reads spread over every region, so batching
// by ID merges almost nothing; one listing per region answers them all. Staleness is bounded by
// this and by invalidation on every write the client makes, and a new provider process (each plan
// and apply is one) starts with no listing, so out-of-band changes made before a plan are always
// seen.
const imageListingTTL = 5 * time.Second

// privateImages is the listing's one filter: the caller's own custom images.
var privateImages = []Filter{{Name: "image-type", Values: []string{ImageTypePrivate}}}

// imageLister shares one listing of each region's custom images among the calls that need it.
type imageLister struct {
	c   *Client
	mu  sync.Mutex
	cur map[string]*imageListing // per region: the listing in flight, or answered and maybe fresh
}

// imageListing is one ImagesNow of a region's custom images. Like an imageBatch it runs under a
// context of its own, cancelled once every caller waiting for it has left.
type imageListing struct {
	region   string
	waiters  int // callers still waiting; guarded by imageLister.mu
	ctx      context.Context
	cancel   context.CancelFunc
	done     chan struct{} // closed when the fields below are final
	answered time.Time
	images   []Image
	byID     map[string]int // index into images
	err      error
}

func newImageLister(c *Client) *imageLister {
	return &imageLister{c: c, cur: map[string]*imageListing{}}
}

// ImageFromListing returns one of the caller's images by ID for a refresh, from one listing of the
// region's custom images, up to imageListingTTL old, shared by every caller in that region (see
// imageLister); a write this client makes in the region starts a new listing. An image absent
// from the listing (one not yet visible to listings, or not the caller's own custom image) is
// looked up by ID through ImageNow, so only ImageNow decides that an image is gone. Waits, reads
// right after another process's write, and anything that must see a change this instant use
// ImageNow (see "Reading images" in the package documentation).
func (c *Client) ImageFromListing(ctx context.Context, region, imageID string) (*Image, error) {
	l, err := c.listings.get(ctx, region)
	if err != nil {
		return nil, err
	}
	if i, ok := l.byID[imageID]; ok {
		img := l.images[i]
		return &img, nil
	}
	return c.ImageNow(ctx, region, imageID)
}

// CustomImagesFromListing returns every custom image the caller holds in region, from the listing
// that ImageFromListing shares (or a new one when it is older than imageListingTTL or a write of
// this client came since). It serves plan-time counting; never conclude from it that an image does
// not exist (see "Reading images" in the package documentation).
func (c *Client) CustomImagesFromListing(ctx context.Context, region string) ([]Image, error) {
	l, err := c.listings.get(ctx, region)
	if err != nil {
		return nil, err
	}
	return slices.Clone(l.images), nil
}

// get returns region's answered listing, joining the one in flight or starting one when the last
// is missing, failed or older than imageListingTTL. An error of the listing is every waiter's.
func (il *imageLister) get(ctx context.Context, region string) (*imageListing, error) {
	l := il.join(ctx, region)
	select {
	case <-l.done:
	case <-ctx.Done():
		il.leave(l)
		return nil, fmt.Errorf("listing custom images in %s: %w", region, ctx.Err())
	}
	if l.err != nil {
		return nil, l.err
	}
	return l, nil
}

func (il *imageLister) join(ctx context.Context, region string) *imageListing {
	il.mu.Lock()
	defer il.mu.Unlock()
	l := il.cur[region]
	if l != nil && l.stale(il.c.clock.now()) {
		l = nil
	}
	if l == nil {
		lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		l = &imageListing{region: region, ctx: lctx, cancel: cancel, done: make(chan struct{})}
		il.cur[region] = l
		go il.run(l)
	}
	l.waiters++
	return l
}

// stale reports whether an answered listing is too old to serve; one in flight is never stale.
// A failed listing is never current (run drops it), so it needs no check here.
func (l *imageListing) stale(now time.Time) bool {
	select {
	case <-l.done:
		return now.Sub(l.answered) > imageListingTTL
	default:
		return false
	}
}

// leave is a caller giving up on l before its answer; the last one to leave cancels it.
func (il *imageLister) leave(l *imageListing) {
	il.mu.Lock()
	defer il.mu.Unlock()
	select {
	case <-l.done:
		return
	default:
	}
	l.waiters--
	if l.waiters == 0 {
		l.cancel()
		il.drop(l)
	}
}

func (il *imageLister) run(l *imageListing) {
	defer close(l.done)
	defer l.cancel()
	images, err := il.c.ImagesNow(l.ctx, l.region, privateImages)
	il.mu.Lock()
	defer il.mu.Unlock()
	if err != nil {
		l.err = err
		il.drop(l)
		return
	}
	l.images, l.answered = images, il.c.clock.now()
	l.byID = make(map[string]int, len(images))
	for i, img := range images {
		l.byID[img.ImageId] = i
	}
}

// drop makes l no longer the current listing of its region, unless a newer one already is. The
// caller holds il.mu.
func (il *imageLister) drop(l *imageListing) {
	if il.cur[l.region] == l {
		delete(il.cur, l.region)
	}
}

// invalidate forgets the listings of regions a write went to. A listing still in flight keeps
// serving the callers already waiting for it, who asked while the write was under way; anyone
// asking afterwards gets a new one.
func (il *imageLister) invalidate(regions ...string) {
	il.mu.Lock()
	defer il.mu.Unlock()
	for _, r := range regions {
		delete(il.cur, r)
	}
}
