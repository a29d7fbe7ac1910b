package cvmsim

// The emulator killed with SIGKILL in the middle of writes: its state file must load on restart,
// hold every write it acknowledged, and be consistent.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// hammerTime is how long writers run before the kill: long enough for many saves to overlap it.
const hammerTime = 700 * time.Millisecond

// startCvmsim runs the cvmsim binary on a free loopback port and returns it and its URL.
func startCvmsim(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-listen", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("cvmsim did not start: %v", err)
	}
	m := regexp.MustCompile(`http://\S+`).FindString(line)
	if m == "" {
		t.Fatalf("cvmsim printed no address: %q", line)
	}
	// Keep draining its output so that it never blocks on a full pipe.
	go func() { _, _ = io.Copy(io.Discard, r) }()
	return cmd, m
}

// refusedOrGone fails the test when the emulator answered a write with an API error: only the
// connection dropping at the kill may stop a writer.
func refusedOrGone(t *testing.T, err error) {
	var ae *imageapi.APIError
	if errors.As(err, &ae) {
		t.Errorf("a write was refused before the kill: %v", err)
	}
}

func TestStoreCrash_killDuringWritesKeepsAcknowledgedState(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "cvmsim")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/cvmsim").CombinedOutput(); err != nil {
		t.Fatalf("building cvmsim: %v\n%s", err, out)
	}
	state := filepath.Join(dir, "state.json")
	cmd, url := startCvmsim(t, bin, "-state", state, "-image-quota", "1000", "-create-time", "1ms")

	// Writers create images and rename them, recording only what the emulator acknowledged.
	type acked struct{ names map[string]bool } // the names an image may have: acknowledged, or in flight at the kill
	var mu sync.Mutex
	images := map[string]*acked{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := imageapi.New(imageapi.Config{Endpoint: url, SecretID: OwnerSecretID, SecretKey: OwnerSecretKey, Region: DefaultRegion, RetryMax: -1})
			if err != nil {
				t.Error(err)
				return
			}
			ctx := context.Background()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("w%d-%d", w, i)
				id, err := c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: name, SnapshotIds: []string{"snap-gz100001"}})
				if err != nil {
					refusedOrGone(t, err)
					return
				}
				mu.Lock()
				images[id] = &acked{names: map[string]bool{name: true}}
				mu.Unlock()
				renamed := name + "-r"
				mu.Lock()
				images[id].names[renamed] = true // in flight: either name is fine until acknowledged
				mu.Unlock()
				if err := c.ModifyImageAttribute(ctx, DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: id, ImageName: &renamed}); err != nil {
					refusedOrGone(t, err)
					return
				}
				mu.Lock()
				images[id].names = map[string]bool{renamed: true}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(hammerTime)
	must(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	close(stop)
	wg.Wait()
	if len(images) < 10 {
		t.Fatalf("only %d creates were acknowledged before the kill; the test did not hammer", len(images))
	}

	// The restarted binary serves from the file.
	_, url = startCvmsim(t, bin, "-state", state, "-image-quota", "1000")
	c, err := imageapi.New(imageapi.Config{Endpoint: url, SecretID: OwnerSecretID, SecretKey: OwnerSecretKey, Region: DefaultRegion, RetryMax: -1})
	must(t, err)
	if _, err := c.DescribeImageQuota(context.Background(), DefaultRegion); err != nil {
		t.Fatalf("the restarted emulator cannot serve from its state file: %v", err)
	}

	// The file holds every acknowledged write, and nothing twice.
	s, err := New(Options{StatePath: state, ImageQuota: 1000})
	if err != nil {
		t.Fatalf("the state file does not load: %v", err)
	}
	defer s.Close()
	got := s.CustomImages(OwnerAccount, "")
	seenName := map[string]string{}
	for _, img := range got {
		if other, dup := seenName[img.Region+"/"+img.Name]; dup {
			t.Errorf("two images named %q in %s: %s and %s", img.Name, img.Region, other, img.ID)
		}
		seenName[img.Region+"/"+img.Name] = img.ID
	}
	byID := map[string]ImageInfo{}
	for _, img := range got {
		byID[img.ID] = img
	}
	for id, a := range images {
		img, ok := byID[id]
		if !ok {
			t.Errorf("acknowledged image %s (%v) is missing after the restart", id, a.names)
			continue
		}
		if !a.names[img.Name] {
			t.Errorf("image %s is named %q after the restart, want one of %v", id, img.Name, a.names)
		}
	}
	// At most the writes in flight at the kill (one per writer) may have landed unacknowledged.
	if extra := len(got) - len(images); extra < 0 || extra > 3 {
		t.Errorf("%d images in the file for %d acknowledged creates", len(got), len(images))
	}
	t.Logf("%d acknowledged creates, %d images in the file after SIGKILL", len(images), len(got))
}
