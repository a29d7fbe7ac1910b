package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const (
	waitLongCreate = 10 * time.Minute
	waitPollsMax   = 20
	// waitRealTime is about how long one emulated create takes on the wall clock: the emulator's
	// clock and the client's polling run faster by create ÷ waitRealTime.
	waitRealTime = 3 * time.Second
)

// waitCreates are the create durations the wait is measured for: the emulator's default, a minute,
// and the ten minutes of the polling target.
var waitCreates = []time.Duration{cvmsim.DefaultCreate, time.Minute, waitLongCreate}

// waitAllowance is how late after NORMAL a wait may return: max(1 s, 5% of the create).
func waitAllowance(create time.Duration) time.Duration {
	return max(time.Second, create/20)
}

// scaledClock runs k times faster than the wall clock, from the moment it is made.
type scaledClock struct {
	start time.Time
	k     float64
}

func (c scaledClock) now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.start)) * c.k))
}

type waitResult struct {
	polls int
	lag   time.Duration
}

// BenchmarkWaitForImage runs imageapi.WaitForImage with its default polling against creates of
// 3 s, 1 min and 10 min. Time is compressed: the emulator and the client's timestamps follow a
// clock k times faster than the wall, and the client's PollMin, PollMax and NotFoundGrace are
// divided by k, which leaves the number of polls and the lag (in emulated time) unchanged but
// for request latency, multiplied by k (at most about 0.3 s at k = 200).
func BenchmarkWaitForImage(b *testing.B) {
	got := map[time.Duration]waitResult{}
	for b.Loop() {
		for _, create := range waitCreates {
			got[create] = measureWait(b, create)
		}
	}
	for _, create := range waitCreates {
		res := got[create]
		allow := waitAllowance(create)
		r := row{
			target:   fmt.Sprintf("wait: returns ≤ %s after NORMAL (%s create)", allow, create),
			measured: fmt.Sprintf("%.2fs late, %d polls", res.lag.Seconds(), res.polls),
			ratio:    fmt.Sprintf("%.2f×", float64(res.lag)/float64(allow)),
			pass:     res.lag <= allow,
		}
		model := modelWait(imageapi.DefaultPollMin, imageapi.DefaultPollMax, imageapi.DefaultPollFraction, create)
		if !r.pass {
			r.note = fmt.Sprintf("polling, not latency: with PollMin %s, PollFraction %.2f, PollMax %s the polls straddling NORMAL are %s apart "+
				"(the schedule alone gives %.2fs late, %d polls)", imageapi.DefaultPollMin, imageapi.DefaultPollFraction,
				imageapi.DefaultPollMax, model.gap.Round(10*time.Millisecond), model.lag.Seconds(), model.polls)
		}
		record(r)
		if create == waitLongCreate {
			p := row{
				target:   fmt.Sprintf("wait: a %s create costs ≤ %d polls", create, waitPollsMax),
				measured: fmt.Sprintf("%d DescribeImages polls", res.polls),
				ratio:    fmt.Sprintf("%.2f×", float64(res.polls)/waitPollsMax),
				pass:     res.polls <= waitPollsMax,
			}
			if !p.pass || !r.pass {
				p.note = waitSettingsNote()
			}
			record(p)
		}
	}
}

// measureWait creates an image that takes create to become NORMAL and waits for it with the
// default polling, in compressed time.
func measureWait(b *testing.B, create time.Duration) waitResult {
	b.Helper()
	k := max(1, float64(create)/float64(waitRealTime))
	clk := scaledClock{start: time.Now(), k: k}
	emu := startEmulator(b, cvmsim.Options{Now: clk.now, Timings: cvmsim.Timings{Create: create}})
	scale := func(d time.Duration) time.Duration { return time.Duration(float64(d) / k) }
	c, err := imageapi.New(imageapi.Config{
		SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey, Region: cvmsim.DefaultRegion,
		Endpoint: emu.srv.URL, Now: clk.now,
		PollMin: scale(imageapi.DefaultPollMin), PollMax: scale(imageapi.DefaultPollMax),
		PollFraction: imageapi.DefaultPollFraction, NotFoundGrace: scale(imageapi.DefaultNotFoundGrace),
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// The moment before the create is the earliest the image can have started: measuring the lag
	// from it can only overstate it.
	started := clk.now()
	id, err := c.CreateImage(ctx, cvmsim.DefaultRegion, imageapi.CreateImageRequest{
		ImageName: "bench-wait", SnapshotIds: []string{"snap-gz100001"},
	})
	if err != nil {
		b.Fatal(err)
	}
	emu.resetCounters()
	if _, err := c.WaitForImage(ctx, cvmsim.DefaultRegion, id); err != nil {
		b.Fatal(err)
	}
	lag := clk.now().Sub(started.Add(create))
	return waitResult{polls: emu.sim.Calls()["cvm.DescribeImages"], lag: lag}
}

// waitModel is what a polling schedule alone gives for one create: polls until the image is
// seen NORMAL, how late that is, and the gap between the two polls around NORMAL.
type waitModel struct {
	polls int
	lag   time.Duration
	gap   time.Duration
}

// modelWait replays imageapi's schedule for an image without progress (a look at once, the next
// after PollMin/4, then each fraction of the time waited after the last, within [PollMin, PollMax])
// with instant answers.
func modelWait(pollMin, pollMax time.Duration, fraction float64, create time.Duration) waitModel {
	t, delay, polls := time.Duration(0), pollMin/4, 1
	for {
		t += delay
		polls++
		if t >= create {
			return waitModel{polls: polls, lag: t - create, gap: delay}
		}
		delay = min(max(time.Duration(fraction*float64(t)), pollMin), pollMax)
	}
}

// waitSettingsNote states the two bounds that make the ten-minute targets conflict for a schedule
// blind to the create's length, and what other PollFraction settings would trade.
func waitSettingsNote() string {
	blind, t := 1, time.Duration(0)
	for t < waitLongCreate {
		t += max(time.Second, t/20)
		blind++
	}
	note := fmt.Sprintf("the two targets conflict for a schedule blind to the create's length (CREATING carries no progress): "+
		"to be on time for every length it must poll at most max(1s, 5%% t) apart, %d polls by %s; and with polls at most "+
		"PollMax %s apart, %s takes at least %d polls whatever the schedule. Other PollFractions:",
		blind, waitLongCreate, imageapi.DefaultPollMax, waitLongCreate, int(waitLongCreate/imageapi.DefaultPollMax)+1)
	for _, f := range []float64{0.05, 0.1, 0.2, 0.5} {
		var parts []string
		for _, c := range waitCreates {
			m := modelWait(imageapi.DefaultPollMin, imageapi.DefaultPollMax, f, c)
			parts = append(parts, fmt.Sprintf("%s %.1fs late/%d polls", c, m.lag.Seconds(), m.polls))
		}
		note += fmt.Sprintf(" %.2f: %s;", f, strings.Join(parts, ", "))
	}
	return strings.TrimSuffix(note, ";")
}
