package imageapi

import "time"

// pollSchedule decides when a wait looks at an image again. Two costs pull against each other: a
// wait should return soon after the image is ready (within max(1 s, 5%) of its making), and it
// should not spend the account's DescribeImages allowance on looks that can only say "not yet".
//
// CREATING and IMPORTING carry no progress, so the schedule is blind to how long the image will
// take. Looking PollFraction of the time waited so far after the last look keeps every wait, however
// long, within that share of lateness (5% by default), at the price of more looks for long ones
// (about 90 over ten minutes); PollMax bounds the gap, PollMin keeps the early looks from being
// too dense. The second look comes after only PollMin/4: many images (a copy of a small image, an
// image the emulator makes in a moment) are ready almost at once.
//
// A copy reports SyncPercent while SYNCING: from the progress seen so far the schedule predicts
// its finish and looks then, within [PollMin, PollMax], so that a long copy costs few looks beyond
// PollMax's bound and is seen soon after it is done.
type pollSchedule struct {
	min, max time.Duration
	fraction float64
	start    time.Time
	looks    int
	// first and last are the first and the latest SyncPercent seen, with when.
	first, last *progressMark
}

type progressMark struct {
	at  time.Time
	pct int64
}

func (c *Client) newPollSchedule() *pollSchedule {
	return &pollSchedule{min: c.cfg.PollMin, max: c.cfg.PollMax, fraction: c.cfg.PollFraction, start: c.clock.now()}
}

// progress records a copy's SyncPercent seen at at.
func (s *pollSchedule) progress(at time.Time, pct int64) {
	m := &progressMark{at: at, pct: pct}
	if s.first == nil {
		s.first = m
	}
	s.last = m
}

// next is how long to wait, from now, before the next look.
func (s *pollSchedule) next(now time.Time) time.Duration {
	s.looks++
	if s.looks == 1 {
		return s.min / 4
	}
	if d, ok := s.untilPredictedFinish(now); ok {
		return min(max(d, s.min), s.max)
	}
	return min(max(time.Duration(s.fraction*float64(now.Sub(s.start))), s.min), s.max)
}

// untilPredictedFinish extrapolates the progress seen so far to 100%. SyncPercent is whole percent
// rounded down, so the finish so predicted is late by about one percent of the copy at most. While
// the percentage has not moved, the copy has advanced by less than one percent since it was first
// seen, which bounds how soon it can be done: the next look goes then.
func (s *pollSchedule) untilPredictedFinish(now time.Time) (time.Duration, bool) {
	if s.first == nil || !s.last.at.After(s.first.at) {
		return 0, false
	}
	span := float64(s.last.at.Sub(s.first.at))
	var left float64
	if moved := s.last.pct - s.first.pct; moved > 0 {
		left = span * float64(100-min(s.last.pct, 100)) / float64(moved)
	} else {
		left = span * float64(max(99-s.last.pct, 0))
	}
	return s.last.at.Add(time.Duration(left)).Sub(now), true
}
