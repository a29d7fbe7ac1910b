package imageapi

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Documented per-account, per-action rate limits (spec Part 1.2), in requests per second.
const (
	rateDescribeImages = 40
	rateCreate         = 10 // CreateImage, SyncImages, and every other write
	rateRead           = 20 // every other Describe*, CVM and Tag alike
)

// actionRate is the rate the cloud allows for one action.
func actionRate(action string) int {
	switch {
	case action == "DescribeImages":
		return rateDescribeImages
	case strings.HasPrefix(action, "Describe"):
		return rateRead
	default:
		return rateCreate
	}
}

// clock is time as the client sees it; tests replace it to check pacing and waits without sleeping.
type clock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

var realClock = clock{now: time.Now, sleep: sleepCtx}

// sleepCtx waits for d or until ctx ends, whichever is first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pacer keeps each action within its documented rate, so that a burst (Terraform creates and
// refreshes many resources in parallel) is slowed down on our side instead of being refused.
//
// The cloud counts requests per account, action and second; the emulator counts them in windows of
// its clock's whole seconds. A bucket that refills continuously with a depth of one second's rate
// would let 2×rate requests into one such window (a full bucket spent at the end of a second, then
// a second's refill), so here a token spent comes back only pacerWindow later: at most rate requests
// start in any span of pacerWindow, hence in any counting second, wherever its edges lie. A burst of
// up to rate requests after a quiet spell goes out at once. One pacer belongs to one Client, that is
// one set of credentials, which is what the cloud's limits count.
type pacer struct {
	clock clock
	mu    sync.Mutex
	spent map[string]*startRing // per service.action
}

// pacerWindow is one counting second plus a margin for the spread of network latency: a request
// that reaches the server sooner than one sent a second before it must still land a second later.
const pacerWindow = time.Second + 30*time.Millisecond

// startRing holds the start times of the last rate requests of one action, oldest at next.
type startRing struct {
	starts []time.Time
	next   int
}

func newPacer(c clock) *pacer {
	return &pacer{clock: c, spent: map[string]*startRing{}}
}

// wait blocks until a request of action may start, or ctx ends. A reservation abandoned because
// ctx ended is not given back: that only makes the pacing more conservative.
func (p *pacer) wait(ctx context.Context, service, action string) error {
	key := service + "." + action
	p.mu.Lock()
	ring := p.spent[key]
	if ring == nil {
		ring = &startRing{starts: make([]time.Time, actionRate(action))}
		p.spent[key] = ring
	}
	now := p.clock.now()
	start := now
	// The slot rate requests ago comes back pacerWindow after it started. Starts are reserved in
	// order, so the oldest slot is the earliest to come back.
	if oldest := ring.starts[ring.next]; !oldest.IsZero() && oldest.Add(pacerWindow).After(now) {
		start = oldest.Add(pacerWindow)
	}
	ring.starts[ring.next] = start
	ring.next = (ring.next + 1) % len(ring.starts)
	p.mu.Unlock()
	return p.clock.sleep(ctx, start.Sub(now))
}
