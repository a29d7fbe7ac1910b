package imageapi

import (
	"testing"
	"time"
)

// lookUntilReady replays a wait with instant answers against an image that is ready after ready,
// reporting SyncPercent when copy is set, and returns the looks it took and how late the last was.
func lookUntilReady(cfg Config, ready time.Duration, copy bool) (looks int, late time.Duration) {
	cfg = withDefaults(cfg)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &pollSchedule{min: cfg.PollMin, max: cfg.PollMax, fraction: cfg.PollFraction, start: t0}
	for at := time.Duration(0); ; at += s.next(t0.Add(at)) {
		looks++
		if at >= ready {
			return looks, at - ready
		}
		if copy {
			s.progress(t0.Add(at), int64(at*100/ready))
		}
	}
}

func TestPollSchedule_blindWaitsAreLateByAtMostTheirShare(t *testing.T) {
	for _, ready := range []time.Duration{100 * time.Millisecond, 3 * time.Second, 17 * time.Second, time.Minute, 4*time.Minute + 7*time.Second, 10 * time.Minute} {
		looks, late := lookUntilReady(Config{}, ready, false)
		if allow := max(time.Second, ready/20); late > allow {
			t.Errorf("an image ready after %s is seen %s late (%d looks), want at most %s", ready, late, looks, allow)
		}
		if ready == 100*time.Millisecond && late > 250*time.Millisecond {
			t.Errorf("an image ready at once is seen %s late, want the second look at PollMin/4", late)
		}
		t.Logf("ready after %s: %d looks, %s late", ready, looks, late)
	}
}

func TestPollSchedule_copiesAreSeenNearTheirPredictedFinish(t *testing.T) {
	for _, ready := range []time.Duration{3 * time.Second, time.Minute, 10 * time.Minute} {
		blind, _ := lookUntilReady(Config{}, ready, false)
		looks, late := lookUntilReady(Config{}, ready, true)
		if allow := max(DefaultPollMin, ready/50); late > allow {
			t.Errorf("a copy of %s is seen %s late, want at most %s", ready, late, allow)
		}
		// PollMax bounds every gap, so a copy of ten minutes still takes 20 of them.
		if floor := int(ready/DefaultPollMax) + 1; looks > max(floor+3, 6) || looks >= blind && ready > 3*time.Second {
			t.Errorf("a copy of %s took %d looks (%d without SyncPercent), want about %d", ready, looks, blind, floor)
		}
		t.Logf("copy of %s: %d looks (blind %d), %s late", ready, looks, blind, late)
	}
}
