package bench

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const (
	throttledCopies    = 20
	throttledShares    = 10
	throttledRatioMax  = 1.2
	throttledSourceImg = "bench-golden"
)

// throttledConfig is one image, 20 copies spread over the nine other regions and 10 accounts it
// is shared with.
func throttledConfig() string {
	var copies, accounts strings.Builder
	for i := range throttledCopies {
		r := benchRegions[1+i%(len(benchRegions)-1)]
		fmt.Fprintf(&copies, "    %q = %q\n", fmt.Sprintf("bench-copy-%02d", i), r.name)
	}
	for i := range throttledShares {
		fmt.Fprintf(&accounts, "    %q,\n", fmt.Sprintf("2000000000%02d", i+1))
	}
	return `
locals {
  copies = {
` + copies.String() + `  }
  accounts = [
` + accounts.String() + `  ]
}

resource "cvmimage_custom_image" "src" {
  name         = "` + throttledSourceImg + `"
  snapshot_ids = ["snap-gz100001"]
}

resource "cvmimage_image_copy" "copy" {
  for_each           = local.copies
  source_image_id    = cvmimage_custom_image.src.id
  destination_region = each.value
  name               = each.key
}

resource "cvmimage_image_share_account" "share" {
  for_each   = toset(local.accounts)
  image_id   = cvmimage_custom_image.src.id
  account_id = each.key
}
`
}

// BenchmarkThrottledApply applies one image, 20 copies and 10 share-account resources with the
// emulator enforcing the documented per-action rates, and compares the apply's duration with the
// floor those rates set for the calls it made (calls ÷ rate, for the slowest action). Each
// iteration destroys what it applied, untimed.
func BenchmarkThrottledApply(b *testing.B) {
	emu := startEmulator(b, cvmsim.Options{Timings: benchTimings})
	emu.sim.SetFaults(cvmsim.Faults{RateLimits: true})
	ws := newWorkspace(b, emu.providerBlock(cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey)+throttledConfig())

	var took, floors []time.Duration
	var calls, throttled map[string]int
	var failures []string
	var timeline string
	for b.Loop() {
		emu.resetCounters()
		d, out, err := ws.run("apply", "-auto-approve", "-input=false")
		if err != nil {
			failures = append(failures, err.Error())
		} else if strings.Contains(out, "Error:") {
			failures = append(failures, out)
		}
		calls, throttled, timeline = emu.sim.Calls(), emu.throttledCalls(), emu.timeline()
		accepted := map[string]int{}
		for k, n := range calls {
			accepted[k] = n - throttled[k]
		}
		_, floor := pacingFloor(accepted)
		took, floors = append(took, d), append(floors, floor)

		b.StopTimer()
		ws.mustRun(b, "destroy", "-auto-approve", "-input=false")
		b.StartTimer()
	}
	b.StopTimer()

	mt, mf := median(took), median(floors)
	ratio := float64(mt) / float64(mf)
	b.ReportMetric(mt.Seconds(), "s/apply")
	b.ReportMetric(mf.Seconds(), "s/rate-floor")
	b.ReportMetric(float64(sum(throttled)), "throttled/apply")
	r := row{
		target: fmt.Sprintf("throttled apply (1 image, %d copies, %d shares): 0 errors, ≤ %.1f× rate floor",
			throttledCopies, throttledShares, throttledRatioMax),
		measured: fmt.Sprintf("%.2fs vs floor %.2fs, %d failed applies of %d, %d throttled answers",
			mt.Seconds(), mf.Seconds(), len(failures), len(took), sum(throttled)),
		ratio: fmt.Sprintf("%.2f×", ratio),
		pass:  len(failures) == 0 && ratio <= throttledRatioMax,
	}
	if !r.pass {
		key, _ := pacingFloor(calls)
		r.note = fmt.Sprintf("calls of the last apply: %s; throttled: %s; the floor is %s at %.0f/s; "+
			"first–last call of each action after terraform started: %s",
			formatCalls(calls), formatCalls(throttled), key, documentedRate(key), timeline)
		if len(failures) > 0 {
			r.note += "; first failure: " + firstLines(failures[0], 12)
		}
	}
	record(r)
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], " | ")
}
