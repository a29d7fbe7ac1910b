package imageapi

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// testTime is the one clock of a test against the emulator: the emulator's states, the client's
// timestamps and the client's waits all read it, and a wait moves it forward instead of
// sleeping, so that minutes of cloud time pass in no time and in a fixed order.
type testTime struct {
	mu  sync.Mutex
	now time.Time
}

func newTestTime() *testTime { return &testTime{now: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)} }

func (tt *testTime) Now() time.Time {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return tt.now
}

func (tt *testTime) Advance(d time.Duration) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	tt.now = tt.now.Add(d)
}

// clock is a client clock whose sleeps advance tt (and yield, so that concurrent callers take
// turns); a sleep still ends early when ctx does.
func (tt *testTime) clock() clock {
	return clock{now: tt.Now, sleep: func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		tt.Advance(d)
		time.Sleep(time.Millisecond)
		return ctx.Err()
	}}
}

// emulated is a client of the owner account talking to an in-process emulator on a shared
// testTime; pacing is off (it has its own tests).
type emulated struct {
	sim  *cvmsim.Sim
	time *testTime
}

func newEmulated(t *testing.T, opts cvmsim.Options) *emulated {
	t.Helper()
	tt := newTestTime()
	opts.Now = tt.Now
	if opts.Timings == (cvmsim.Timings{}) {
		opts.Timings = cvmsim.Timings{Create: 10 * time.Second, Import: 20 * time.Second, Copy: 30 * time.Second, InstanceBusy: -1}
	}
	sim, err := cvmsim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return &emulated{sim: sim, time: tt}
}

func (e *emulated) client(t *testing.T, secretID, secretKey string, mod ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		SecretID: secretID, SecretKey: secretKey, Region: cvmsim.DefaultRegion,
		Transport: e.sim.RoundTripper(), Now: e.time.Now,
		RetryWaitMin: 100 * time.Millisecond, RetryWaitMax: 2 * time.Second,
		PollMin: 100 * time.Millisecond, PollMax: 2 * time.Second,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.clock = e.time.clock()
	c.pacer = newPacer(clock{now: time.Now, sleep: func(context.Context, time.Duration) error { return nil }})
	return c
}

func (e *emulated) owner(t *testing.T, mod ...func(*Config)) *Client {
	return e.client(t, cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey, mod...)
}
