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
		done, err := p.wait(context.Background(), "cvm", "DescribeImages")
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, ft.t)
		done()
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
	if _, err := p.wait(context.Background(), "cvm", "DescribeImageQuota"); err != nil || !ft.t.Equal(before) {
		t.Errorf("another action waited %s behind DescribeImages", ft.t.Sub(before))
	}
}

// TestPacer_slotComesBackASecondAfterTheAnswer: the server counts a request at some moment before
// it answers, so a slow answer delays the next request in its slot, and one that waits for its
// slot is counted more than a second after the slot's previous request, whatever the latency.
func TestPacer_slotComesBackASecondAfterTheAnswer(t *testing.T) {
	ft := &fakeTime{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newPacer(ft.clock())
	origin := ft.t
	var dones []func()
	for range rateCreate {
		done, err := p.wait(context.Background(), "cvm", "CreateImage")
		if err != nil {
			t.Fatal(err)
		}
		dones = append(dones, done)
	}
	ft.t = ft.t.Add(400 * time.Millisecond) // the first request's answer takes 0.4 s
	for _, done := range dones {
		done()
	}
	if _, err := p.wait(context.Background(), "cvm", "CreateImage"); err != nil {
		t.Fatal(err)
	}
	if got, want := ft.t.Sub(origin), 400*time.Millisecond+pacerWindow; got != want {
		t.Errorf("the 11th CreateImage started %s after the first, want %s (a second after its answer)", got, want)
	}
}
