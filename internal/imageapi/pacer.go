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

// pacer spaces the requests of each action at its documented rate, so that a burst (Terraform
// creates many resources in parallel) is slowed down on our side instead of being refused.
//
// It is a token bucket of depth one: requests of one action start at least 1/rate apart. A deeper
// bucket would let 2×rate requests land in one second after an idle spell, which a fixed-window
// limiter on the server refuses. One pacer belongs to one Client, that is one set of credentials,
// which is what the cloud's limits count.
type pacer struct {
	clock clock
	mu    sync.Mutex
	next  map[string]time.Time // the earliest start of the next request, per service.action
}

func newPacer(c clock) *pacer {
	return &pacer{clock: c, next: map[string]time.Time{}}
}

// wait blocks until a request of action may start, or ctx ends. A reservation abandoned because
// ctx ended is not given back: that only makes the pacing more conservative.
func (p *pacer) wait(ctx context.Context, service, action string) error {
	interval := time.Second / time.Duration(actionRate(action))
	key := service + "." + action
	p.mu.Lock()
	now := p.clock.now()
	start := p.next[key]
	if start.Before(now) {
		start = now
	}
	p.next[key] = start.Add(interval)
	p.mu.Unlock()
	return p.clock.sleep(ctx, start.Sub(now))
}
