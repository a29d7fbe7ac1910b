package imageapi

import (
	"context"
	"testing"
	"time"
)

// fakeTime is a clock whose sleeps only move it forward.
type fakeTime struct{ t time.Time }

func (f *fakeTime) clock() clock {
	return clock{
		now:   func() time.Time { return f.t },
		sleep: func(_ context.Context, d time.Duration) error { f.t = f.t.Add(max(d, 0)); return nil },
	}
}

// TestPacer_burstThenNeverMoreThanTheRateInAnySecond sends 200 DescribeImages (40/s) as fast as the
// pacer lets them go: the first 40 go at once, and no second, wherever its edges lie, holds more
// than 40 starts. That is what the cloud's and the emulator's per-second counting refuses.
func TestPacer_burstThenNeverMoreThanTheRateInAnySecond(t *testing.T) {
	ft := &fakeTime{t: time.Date(2025, 1, 1, 0, 0, 0, 700_000_000, time.UTC)}
	p := newPacer(ft.clock())
	origin := ft.t
	var starts []time.Time
	for range 200 {
		if err := p.wait(context.Background(), "cvm", "DescribeImages"); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, ft.t)
	}
	if burst := starts[39]; !burst.Equal(origin) {
		t.Errorf("the 40th request of a burst waited %s, want none", burst.Sub(origin))
	}
	for i := range starts {
		if j := i + rateDescribeImages; j < len(starts) && starts[j].Sub(starts[i]) < time.Second {
			t.Fatalf("requests %d and %d start %s apart: 41 requests within one second", i, j, starts[j].Sub(starts[i]))
		}
	}
	if took := starts[len(starts)-1].Sub(origin); took > 4*pacerWindow+time.Millisecond {
		t.Errorf("200 requests at 40/s took %s, want about 4s", took)
	}
	// Each action has its own allowance.
	before := ft.t
	if err := p.wait(context.Background(), "cvm", "DescribeImageQuota"); err != nil || !ft.t.Equal(before) {
		t.Errorf("another action waited %s behind DescribeImages", ft.t.Sub(before))
	}
}
