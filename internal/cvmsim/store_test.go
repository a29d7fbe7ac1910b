package cvmsim

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func TestStore_sharedFileAcrossSims(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clock := newFakeClock()
	a, _ := newTestSim(t, Options{StatePath: path, Now: clock.Now})
	b, _ := newTestSim(t, Options{StatePath: path, Now: clock.Now})
	ctx := context.Background()

	id, err := owner(t, a, clock).CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "persisted", SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	clock.Advance(testTimings.Create)
	im, err := owner(t, b, clock).ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	if im.ImageName != "persisted" || im.ImageState != "NORMAL" {
		t.Fatalf("the second Sim sees %+v", im)
	}
	must(t, b.RenameImage(DefaultRegion, id, "renamed"))
	if got := a.CustomImages(OwnerAccount, DefaultRegion); len(got) != 1 || got[0].Name != "renamed" {
		t.Fatalf("the first Sim sees %+v", got)
	}

	// A restart (a fresh Sim) keeps the world; Reset brings back the seed.
	must(t, a.Close())
	c, _ := newTestSim(t, Options{StatePath: path, Now: clock.Now})
	if len(c.CustomImages(OwnerAccount, "")) != 1 {
		t.Fatal("the world did not survive a restart")
	}
	must(t, c.Reset())
	if len(b.CustomImages(OwnerAccount, "")) != 0 {
		t.Fatal("Reset is not seen by the other Sim")
	}
	if matches, _ := filepath.Glob(path + ".tmp*"); len(matches) != 0 {
		t.Fatalf("temporary files left behind: %v", matches)
	}
}

func TestStore_concurrentWritersLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clock := newFakeClock()
	sims := []*Sim{}
	for range 2 {
		s, _ := newTestSim(t, Options{StatePath: path, Now: clock.Now, ImageQuota: 100})
		sims = append(sims, s)
	}
	const perSim = 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*perSim)
	for i, s := range sims {
		c := owner(t, s, clock)
		for j := range perSim {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := c.CreateImage(context.Background(), DefaultRegion, imageapi.CreateImageRequest{
					ImageName: fmt.Sprintf("sim%d-%d", i, j), SnapshotIds: []string{"snap-gz100001"},
				})
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	got := sims[0].CustomImages(OwnerAccount, DefaultRegion)
	if len(got) != 2*perSim {
		t.Fatalf("%d images after %d concurrent creates", len(got), 2*perSim)
	}
	ids := map[string]bool{}
	for _, im := range got {
		ids[im.ID] = true
	}
	if len(ids) != 2*perSim {
		t.Fatal("two creates got the same image ID")
	}
}

func TestStore_corruptFileIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	must(t, os.WriteFile(path, []byte("{not json"), 0o600))
	s, clock := newTestSim(t, Options{StatePath: path})
	_, err := owner(t, s, clock).DescribeImageQuota(context.Background(), DefaultRegion)
	wantCode(t, err, "InternalError")
}
