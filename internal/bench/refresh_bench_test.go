package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const (
	refreshRatioMax  = 1.3
	callsPerResource = 0.1
	// envProfileDir names a directory where the refresh benchmarks write, during more plans after
	// the timed ones, CPU profiles (refresh-<N>.pprof, refresh-<N>-floor.pprof) and execution
	// traces (refresh-<N>.trace) of the provider.
	envProfileDir = "BENCH_PROFILE_DIR"
	// The provider of ./benchprovider reads these (see its package documentation).
	envProviderFloor      = "CVMIMAGE_BENCH_FLOOR=1"
	envProviderCPUProfile = "CVMIMAGE_BENCH_CPUPROFILE"
	envProviderTrace      = "CVMIMAGE_BENCH_TRACE"
)

// refreshCase is one refreshing plan: images custom images spread evenly over regions.
type refreshCase struct {
	images  int
	regions int
	rssMiB  float64 // the provider's peak resident set must stay within this
}

// items is the map every configuration of the case iterates over: names unique per region, each
// with the seeded system-disk snapshot of its region.
func (rc refreshCase) items() string {
	var sb strings.Builder
	sb.WriteString("locals {\n  items = {\n")
	for i := range rc.images {
		r := benchRegions[i%rc.regions]
		fmt.Fprintf(&sb, "    %q = { region = %q, snapshot = %q }\n",
			fmt.Sprintf("bench-%s-%03d", r.code, i/rc.regions), r.name, "snap-"+r.code+"100001")
	}
	sb.WriteString("  }\n}\n")
	return sb.String()
}

func (rc refreshCase) String() string {
	if rc.regions == 1 {
		return fmt.Sprintf("%d images in one region", rc.images)
	}
	return fmt.Sprintf("%d images over %d regions", rc.images, rc.regions)
}

// BenchmarkRefreshPlan times a refreshing plan of 100 custom images over ten regions against the
// floor (the same plan served by ./benchprovider's floor: the same schemas, CRUD that does
// nothing) and, for reference, the same plan over 100 terraform_data resources (built into
// Terraform), rotating the order in each iteration. After the timed loop it counts the API calls
// of one more plan and watches the provider's peak resident set.
func BenchmarkRefreshPlan(b *testing.B) {
	benchRefresh(b, refreshCase{images: 100, regions: len(benchRegions), rssMiB: 50})
}

// BenchmarkRefreshPlan500 is BenchmarkRefreshPlan for 500 images in one region.
func BenchmarkRefreshPlan500(b *testing.B) {
	benchRefresh(b, refreshCase{images: 500, regions: 1, rssMiB: 100})
}

func benchRefresh(b *testing.B, rc refreshCase) {
	emu := startEmulator(b, cvmsim.Options{Timings: benchTimings})
	for _, r := range benchRegions[:rc.regions] {
		if err := emu.sim.SetImageQuota(cvmsim.OwnerAccount, r.name, 2*rc.images/rc.regions); err != nil {
			b.Fatal(err)
		}
	}
	config := emu.providerBlock(cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey) + rc.items() + `
resource "cvmimage_custom_image" "img" {
  for_each     = local.items
  name         = each.key
  region       = each.value.region
  snapshot_ids = [each.value.snapshot]
}
`
	images := newWorkspace(b, config)
	floor := newWorkspace(b, config).withEnv(envProviderFloor)
	tfData := newWorkspace(b, rc.items()+`
resource "terraform_data" "img" {
  for_each = local.items
  input    = each.value
}
`)
	all := []*workspace{images, floor, tfData}
	for _, w := range all {
		w.mustRun(b, "apply", "-auto-approve", "-input=false")
	}
	if got := len(emu.sim.CustomImages(cvmsim.OwnerAccount, "")); got < rc.images {
		b.Fatalf("the emulator holds %d custom images after apply, want %d", got, rc.images)
	}

	times := make([][]time.Duration, len(all))
	i := 0
	for b.Loop() {
		// Rotate which goes first, so that none always runs on a warmer machine.
		for k := range all {
			j := (i + k) % len(all)
			times[j] = append(times[j], all[j].plan(b))
		}
		i++
	}
	b.StopTimer()

	mi, mf, md := median(times[0]), median(times[1]), median(times[2])
	// The ratio is the median of each iteration's own ratio: the plans of one iteration run within
	// seconds of each other, so a spell of load from elsewhere on the machine weighs on all of them.
	ratio := medianRatio(times[0], times[1])
	for k := range times[0] {
		b.Logf("iteration %d: cvmimage %.2fs, floor %.2fs, terraform_data %.2fs", k, times[0][k].Seconds(), times[1][k].Seconds(), times[2][k].Seconds())
	}
	b.ReportMetric(mi.Seconds(), "s/plan-images")
	b.ReportMetric(mf.Seconds(), "s/plan-floor")
	b.ReportMetric(md.Seconds(), "s/plan-terraform_data")
	b.ReportMetric(ratio, "ratio")

	emu.resetCounters()
	peak := images.peakRSS(b, providerBinary(b), "plan", "-refresh=true", "-input=false")
	calls := emu.sim.Calls()
	floorPeak := floor.peakRSS(b, providerBinary(b), "plan", "-refresh=true", "-input=false")

	refresh := row{
		target: fmt.Sprintf("refresh plan, %s: cvmimage / floor ≤ %.1f×", rc, refreshRatioMax),
		measured: fmt.Sprintf("%.2fs vs %.2fs floor, %.2fs terraform_data (%.2f×); medians of %d",
			mi.Seconds(), mf.Seconds(), md.Seconds(), medianRatio(times[0], times[2]), len(times[0])),
		ratio: fmt.Sprintf("%.2f×", ratio),
		pass:  ratio <= refreshRatioMax,
	}
	if !refresh.pass {
		refresh.note = refreshMissNote(b, images, floor, calls)
	}
	record(refresh)
	per := float64(sum(calls)) / float64(rc.images)
	b.ReportMetric(per, "calls/resource")
	record(row{
		target:   fmt.Sprintf("API calls per refreshed resource, %s ≤ %.1f", rc, callsPerResource),
		measured: fmt.Sprintf("%.3f (%s)", per, formatCalls(calls)),
		ratio:    fmt.Sprintf("%.2f×", per/callsPerResource),
		pass:     per <= callsPerResource,
	})

	mib := float64(peak) / (1 << 20)
	b.ReportMetric(mib, "MiB-provider-peak-RSS")
	record(row{
		target:   fmt.Sprintf("provider peak RSS, refresh plan of %s ≤ %.0f MiB", rc, rc.rssMiB),
		measured: fmt.Sprintf("%.1f MiB VmHWM (the floor: %.1f MiB)", mib, float64(floorPeak)/(1<<20)),
		ratio:    fmt.Sprintf("%.2f×", mib/rc.rssMiB),
		pass:     mib <= rc.rssMiB,
	})

	if dir := os.Getenv(envProfileDir); dir != "" {
		for _, p := range []struct {
			w         *workspace
			env, name string
		}{
			{images, envProviderCPUProfile, "refresh-%d.pprof"},
			{floor, envProviderCPUProfile, "refresh-%d-floor.pprof"},
			{images, envProviderTrace, "refresh-%d.trace"},
		} {
			out := filepath.Join(dir, fmt.Sprintf(p.name, rc.images))
			p.w.withEnv(p.env + "=" + out).plan(b)
			b.Logf("provider of one refreshing plan: %s", out)
		}
	}
}

// refreshMissNote explains a refresh ratio over its target: pacing rounds when the calls needed
// more than one, else the plans without refresh, which show how much is planning rather than
// reading.
func refreshMissNote(b *testing.B, images, floor *workspace, calls map[string]int) string {
	key, _ := pacingFloor(calls)
	if rounds := (calls[key]-1)/int(documentedRate(key)) + 1; rounds > 1 {
		return fmt.Sprintf("client-side pacing: the provider's one client lets %.0f %s calls a second go out, "+
			"so %d calls take %d rounds a second apart", documentedRate(key), key, calls[key], rounds)
	}
	noRefresh, _, err := images.run("plan", "-refresh=false", "-input=false")
	if err != nil {
		b.Fatal(err)
	}
	floorNoRefresh, _, err := floor.run("plan", "-refresh=false", "-input=false")
	if err != nil {
		b.Fatal(err)
	}
	return fmt.Sprintf("not the API (%s, one pacing round); without refresh (-refresh=false) the plan takes %.2fs against "+
		"the floor's %.2fs (%.2f×)", formatCalls(calls), noRefresh.Seconds(), floorNoRefresh.Seconds(),
		float64(noRefresh)/float64(floorNoRefresh))
}

// medianRatio is the median over iterations of a[i]/b[i].
func medianRatio(a, b []time.Duration) float64 {
	rs := make([]time.Duration, len(a))
	for i := range a {
		rs[i] = time.Duration(float64(a[i]) / float64(b[i]) * float64(time.Second))
	}
	return median(rs).Seconds()
}
