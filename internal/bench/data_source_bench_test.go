package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// sharedSeed is how many images the owner shares with the peer, so that the peer's listing spans
// several pages of 100.
const sharedSeed = 250

// BenchmarkDataSourcePages reads the peer's shared images (250, shared by the owner) and the public
// images of a region, and checks that each data source reads ⌈N/100⌉ DescribeImages pages and
// makes no call per image.
func BenchmarkDataSourcePages(b *testing.B) {
	emu := startEmulator(b, cvmsim.Options{Timings: benchTimings})
	seedSharedImages(b, emu, sharedSeed)
	peer := emu.providerBlock(cvmsim.PeerSecretID, cvmsim.PeerSecretKey)
	cases := []struct{ name, block string }{
		{"cvmimage_shared_images", `data "cvmimage_shared_images" "all" {}`},
		{"cvmimage_public_images", `data "cvmimage_public_images" "all" {}`},
	}
	type result struct {
		n     int
		calls map[string]int
	}
	got := map[string]result{}
	for b.Loop() {
		for _, c := range cases {
			b.StopTimer()
			ws := newWorkspace(b, peer+c.block+"\noutput \"n\" { value = length(data."+c.name+".all.ids) }\n")
			emu.resetCounters()
			b.StartTimer()
			ws.mustRun(b, "apply", "-auto-approve", "-input=false")
			b.StopTimer()
			calls := emu.sim.Calls()
			_, out := ws.mustRun(b, "output", "-raw", "n")
			n, err := strconv.Atoi(strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:]))
			if err != nil {
				b.Fatalf("reading the output n of %s: %v\n%s", c.name, err, out)
			}
			got[c.name] = result{n, calls}
			b.StartTimer()
		}
	}
	for _, c := range cases {
		res := got[c.name]
		pages := (res.n + 99) / 100
		r := row{
			target:   fmt.Sprintf("data source %s: ⌈N/100⌉ pages, no per-item calls", c.name),
			measured: fmt.Sprintf("N=%d: %s", res.n, formatCalls(res.calls)),
			ratio:    fmt.Sprintf("%d/%d pages", res.calls["cvm.DescribeImages"], pages),
			pass:     sum(res.calls) == pages && res.calls["cvm.DescribeImages"] == pages,
		}
		if !r.pass {
			r.note = fmt.Sprintf("%d calls where %d DescribeImages pages would do", sum(res.calls), pages)
		}
		record(r)
	}
}

// seedSharedImages makes n owner images in ap-guangzhou from the seeded snapshot and shares them
// with the peer. The emulator does not enforce rates here, so several clients (each paced on its
// own) make the images side by side.
func seedSharedImages(b *testing.B, emu *emulator, n int) {
	b.Helper()
	const region = "ap-guangzhou"
	if err := emu.sim.SetImageQuota(cvmsim.OwnerAccount, region, n+20); err != nil {
		b.Fatal(err)
	}
	const workers = 8
	ids := make([]string, n)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		c, err := imageapi.New(imageapi.Config{SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey, Region: region, Endpoint: emu.srv.URL})
		if err != nil {
			b.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				id, err := c.CreateImage(context.Background(), region, imageapi.CreateImageRequest{
					ImageName: fmt.Sprintf("shared-%03d", i), SnapshotIds: []string{"snap-gz100001"},
				})
				if err != nil {
					errs <- err
					return
				}
				ids[i] = id
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatalf("seeding shared images: %v", err)
	}
	time.Sleep(2 * benchTimings.Create)
	for _, id := range ids {
		if err := emu.sim.ShareImage(region, id, cvmsim.PeerAccount); err != nil {
			b.Fatalf("sharing %s: %v", id, err)
		}
	}
}
