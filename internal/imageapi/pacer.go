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
// a second's refill). Here each of rate slots is taken by one request at a time and comes back a
// second after that request's answer arrived: the server counted the request before it answered,
// so the next request in the slot reaches it more than a second later, whatever the latency and
// wherever the server's seconds begin. At most rate requests are counted in any second, and a
// burst of up to rate requests after a quiet spell goes out at once. One pacer belongs to one
// Client, that is one set of credentials, which is what the cloud's limits count.
type pacer struct {
	clock clock
	mu    sync.Mutex
	rings map[string]*slotRing // per service.action
}

// Pacing intervals. A request still unanswered after pacerHold is taken to have been counted
// within pacerHold of its start: one hung connection must not hold up every rate-th request until
// its attempt times out.
const (
	pacerWindow = time.Second + 10*time.Millisecond
	pacerHold   = time.Second
)

// slotRing holds the rate slots of one action, the next one to take at next. Slots are taken in
// order, so the slot taken longest ago is the next.
type slotRing struct {
	slots []*paceSlot
	next  int
}

// paceSlot is one request's use of a slot. start is set before started is closed, free (when the
// slot may be used again) before freed is closed.
type paceSlot struct {
	start, free    time.Time
	started, freed chan struct{}
}

func newPacer(c clock) *pacer {
	return &pacer{clock: c, rings: map[string]*slotRing{}}
}

// wait blocks until a request of action may start, or ctx ends. The caller calls done when the
// request's answer (or failure) arrives.
func (p *pacer) wait(ctx context.Context, service, action string) (done func(), err error) {
	key := service + "." + action
	p.mu.Lock()
	ring := p.rings[key]
	if ring == nil {
		ring = &slotRing{slots: make([]*paceSlot, actionRate(action))}
		p.rings[key] = ring
	}
	prev := ring.slots[ring.next]
	mine := &paceSlot{started: make(chan struct{}), freed: make(chan struct{})}
	ring.slots[ring.next] = mine
	ring.next = (ring.next + 1) % len(ring.slots)
	p.mu.Unlock()

	if err := p.after(ctx, prev); err != nil {
		// The slot passes on unused: who takes it next waits for prev, as this request would have.
		go mine.mirror(prev)
		return nil, err
	}
	mine.start = p.clock.now()
	close(mine.started)
	return func() {
		answered := p.clock.now()
		if held := mine.start.Add(pacerHold); answered.After(held) {
			answered = held
		}
		mine.free = answered.Add(pacerWindow)
		close(mine.freed)
	}, nil
}

// mirror makes an unused slot follow prev, the request before it in the slot.
func (s *paceSlot) mirror(prev *paceSlot) {
	if prev != nil {
		<-prev.started
		s.start = prev.start
	}
	close(s.started)
	if prev != nil {
		<-prev.freed
		s.free = prev.free
	}
	close(s.freed)
}

// after waits until prev, the slot's previous request, has freed it: a second after its answer,
// or after pacerHold and a second if it is still unanswered then.
func (p *pacer) after(ctx context.Context, prev *paceSlot) error {
	if prev == nil {
		return ctx.Err()
	}
	select {
	case <-prev.started:
	case <-ctx.Done():
		return ctx.Err()
	}
	free := prev.start.Add(pacerHold + pacerWindow)
	t := time.NewTimer(free.Sub(p.clock.now()))
	defer t.Stop()
	select {
	case <-prev.freed:
		free = prev.free
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	return p.clock.sleep(ctx, free.Sub(p.clock.now()))
}
