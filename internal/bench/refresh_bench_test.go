package bench

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const (
	refreshImages     = 100
	refreshRatioMax   = 1.3
	callsPerResource  = 1.0
	providerRSSMaxMiB = 50
)

// refreshItems is the map both refresh configurations iterate over: 100 names, ten per region,
// each with the seeded system-disk snapshot of its region.
func refreshItems() string {
	var sb strings.Builder
	sb.WriteString("locals {\n  items = {\n")
	for i := range refreshImages {
		r := benchRegions[i%len(benchRegions)]
		fmt.Fprintf(&sb, "    %q = { region = %q, snapshot = %q }\n",
			fmt.Sprintf("bench-%s-%02d", r.code, i/len(benchRegions)), r.name, "snap-"+r.code+"100001")
	}
	sb.WriteString("  }\n}\n")
	return sb.String()
}

// BenchmarkRefreshPlan times a refreshing plan of 100 custom images over ten regions against the
// same plan over 100 terraform_data resources (Terraform's own floor), alternating the two in each
// iteration. After the timed loop it counts the API calls of one more plan and watches the
// provider's peak resident set.
func BenchmarkRefreshPlan(b *testing.B) {
	emu := startEmulator(b, cvmsim.Options{Timings: benchTimings})
	for _, r := range benchRegions {
		if err := emu.sim.SetImageQuota(cvmsim.OwnerAccount, r.name, 2*refreshImages/len(benchRegions)); err != nil {
			b.Fatal(err)
		}
	}
	images := newWorkspace(b, emu.providerBlock(cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey)+refreshItems()+`
resource "cvmimage_custom_image" "img" {
  for_each     = local.items
  name         = each.key
  region       = each.value.region
  snapshot_ids = [each.value.snapshot]
}
`)
	floor := newWorkspace(b, refreshItems()+`
resource "terraform_data" "img" {
  for_each = local.items
  input    = each.value
}
`)
	images.mustRun(b, "apply", "-auto-approve", "-input=false")
	floor.mustRun(b, "apply", "-auto-approve", "-input=false")
	if got := len(emu.sim.CustomImages(cvmsim.OwnerAccount, "")); got < refreshImages {
		b.Fatalf("the emulator holds %d custom images after apply, want %d", got, refreshImages)
	}

	var tImages, tFloor []time.Duration
	i := 0
	for b.Loop() {
		// Alternate which goes first, so that neither always runs on a warmer machine.
		if i%2 == 0 {
			tImages = append(tImages, images.plan(b))
			tFloor = append(tFloor, floor.plan(b))
		} else {
			tFloor = append(tFloor, floor.plan(b))
			tImages = append(tImages, images.plan(b))
		}
		i++
	}
	b.StopTimer()

	mi, mf := median(tImages), median(tFloor)
	ratio := float64(mi) / float64(mf)
	b.ReportMetric(mi.Seconds(), "s/plan-images")
	b.ReportMetric(mf.Seconds(), "s/plan-floor")
	b.ReportMetric(ratio, "ratio")

	emu.resetCounters()
	peak := images.peakRSS(b, providerBinary(b), "plan", "-refresh=true", "-input=false")
	calls := emu.sim.Calls()

	refresh := row{
		target:   fmt.Sprintf("refresh plan: 100 images / 100 terraform_data ≤ %.1f×", refreshRatioMax),
		measured: fmt.Sprintf("%.2fs vs %.2fs (medians of %d)", mi.Seconds(), mf.Seconds(), len(tImages)),
		ratio:    fmt.Sprintf("%.2f×", ratio),
		pass:     ratio <= refreshRatioMax,
	}
	if !refresh.pass {
		key, _ := pacingFloor(calls)
		rounds := (calls[key]-1)/int(documentedRate(key)) + 1
		if rounds > 1 {
			refresh.note = fmt.Sprintf("client-side pacing: the provider's one client lets %.0f %s calls a second go out, "+
				"so %d calls take %d rounds a second apart; refreshes share one listing of each region's custom images "+
				"(imageapi.RefreshImage), so more calls than regions means listings were not shared", documentedRate(key), key, calls[key], rounds)
		} else {
			noRefresh, _, err := images.run("plan", "-refresh=false", "-input=false")
			if err != nil {
				b.Fatal(err)
			}
			refresh.note = fmt.Sprintf("not the API: the refresh makes %d %s calls (one listing per region, imageapi.RefreshImage), "+
				"one pacing round; the same plan without refresh (-refresh=false) takes %.2fs, so the rest is starting the provider "+
				"and Terraform's and the framework's work per resource", calls[key], key, noRefresh.Seconds())
		}
	}
	record(refresh)
	per := float64(sum(calls)) / refreshImages
	b.ReportMetric(per, "calls/resource")
	r := row{
		target:   "API calls per refreshed resource ≤ 1",
		measured: fmt.Sprintf("%.2f (%s)", per, formatCalls(calls)),
		ratio:    fmt.Sprintf("%.2f×", per/callsPerResource),
		pass:     per <= callsPerResource,
	}
	if tags := calls["tag.DescribeResourceTagsByResourceIds"]; !r.pass && tags > 0 {
		r.note = fmt.Sprintf("every Read makes %d tag.DescribeResourceTagsByResourceIds call(s) per image on top of its "+
			"DescribeImages (imageResource.read and imageCopyResource.read call client.ImageTags after RefreshImage), "+
			"although the DescribeImages answer already carries the image's Tags", tags/refreshImages)
	}
	record(r)

	mib := float64(peak) / (1 << 20)
	b.ReportMetric(mib, "MiB-provider-peak-RSS")
	record(row{
		target:   fmt.Sprintf("provider peak RSS in the refresh plan ≤ %d MiB", providerRSSMaxMiB),
		measured: fmt.Sprintf("%.1f MiB VmHWM", mib),
		ratio:    fmt.Sprintf("%.2f×", mib/providerRSSMaxMiB),
		pass:     mib <= providerRSSMaxMiB,
	})
}
