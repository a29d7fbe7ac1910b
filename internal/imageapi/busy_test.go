package imageapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const busyCode = "OperationDenied.InstanceOperationInProgress"

// busyEvents records what OnBusy hears.
type busyEvents struct {
	mu     sync.Mutex
	events []BusyEvent
}

func (b *busyEvents) record(cfg *Config) {
	cfg.OnBusy = func(_ context.Context, ev BusyEvent) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.events = append(b.events, ev)
	}
}

func (b *busyEvents) list() []BusyEvent {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]BusyEvent(nil), b.events...)
}

// deadline is a generous real-time bound, so that a broken wait fails the test instead of hanging it.
func deadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// Terraform creates in parallel: five images of one instance all get made, one after the other,
// and the API is never asked while the instance is still making the previous one.
func TestCreateImage_concurrentCreatesFromOneInstanceTakeTurns(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{})
	var heard busyEvents
	c := e.owner(t, heard.record)
	ctx := deadline(t)
	const n = 5
	ids, errs := make([]string, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ids[i], errs[i] = c.CreateImage(ctx, gz, CreateImageRequest{ImageName: fmt.Sprintf("turn-%d", i), InstanceId: "ins-gz100001"})
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, err := range errs {
		if err != nil || ids[i] == "" || seen[ids[i]] {
			t.Fatalf("create %d: %q, %v; want a new image each", i, ids[i], err)
		}
		seen[ids[i]] = true
	}
	if got := len(e.sim.CustomImages(cvmsim.OwnerAccount, gz)); got != n {
		t.Errorf("the emulator holds %d images, want %d", got, n)
	}
	if busy := e.sim.ErrorCodes()[busyCode]; busy != 0 {
		t.Errorf("the emulator answered %s %d times, want 0: the creates should have waited their turn", busyCode, busy)
	}
	if calls := e.sim.Calls()["cvm.CreateImage"]; calls != n {
		t.Errorf("%d CreateImage calls, want %d", calls, n)
	}
	queued := 0
	for _, ev := range heard.list() {
		if ev.Subject != "instance ins-gz100001" || ev.Action != "CreateImage" {
			t.Errorf("busy event %+v does not name the instance", ev)
		}
		if strings.HasPrefix(ev.Reason, "making image img-") {
			queued++
		}
	}
	if queued != n-1 {
		t.Errorf("%d creates heard to wait for the previous image, want %d", queued, n-1)
	}
}

// An instance still busy with something else (here: set up a second ago) is waited for.
func TestCreateImage_waitsOutABusyInstance(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{})
	if err := e.sim.MakeInstanceBusy(gz, "ins-gz100001", time.Second); err != nil {
		t.Fatal(err)
	}
	var heard busyEvents
	c := e.owner(t, heard.record, func(cfg *Config) { cfg.RetryMax = -1 })
	id, err := c.CreateImage(deadline(t), gz, CreateImageRequest{ImageName: "after-the-wait", InstanceId: "ins-gz100001"})
	if err != nil || id == "" {
		t.Fatalf("CreateImage = %q, %v; want the image once the instance is free", id, err)
	}
	busy := e.sim.ErrorCodes()[busyCode]
	if busy == 0 {
		t.Fatalf("the emulator never answered %s: the test did not meet a busy instance", busyCode)
	}
	events := heard.list()
	if len(events) != busy || events[0].Reason != busyCode || events[0].Subject != "instance ins-gz100001" || events[0].Waited != 0 {
		t.Errorf("busy events %+v; want one per busy answer (%d), naming the instance and the code", events, busy)
	}
}

func TestCreateImage_busyPastTheBusyTimeoutNamesTheInstanceAndTheWait(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{})
	if err := e.sim.MakeInstanceBusy(gz, "ins-gz100001", 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	c := e.owner(t, func(cfg *Config) { cfg.BusyTimeout = 2 * time.Minute; cfg.RetryWaitMax = 20 * time.Second })
	_, err := c.CreateImage(deadline(t), gz, CreateImageRequest{ImageName: "never", InstanceId: "ins-gz100001"})
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	want := "instance ins-gz100001 was busy (" + busyCode + ") for 2m0s"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	var last *APIError
	if !errors.As(err, &last) || last.Code != busyCode {
		t.Errorf("error %v does not carry the last busy answer", err)
	}
}

func TestCreateImage_busyPastTheDeadlineIsTheDeadlinesError(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{})
	if err := e.sim.MakeInstanceBusy(gz, "ins-gz100001", 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := e.owner(t).CreateImage(ctx, gz, CreateImageRequest{ImageName: "never", InstanceId: "ins-gz100001"})
	if !errors.Is(err, ErrBusy) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrBusy and the deadline", err)
	}
	if !strings.Contains(err.Error(), "instance ins-gz100001 was busy ("+busyCode+") for ") {
		t.Errorf("error %q does not name the instance and the code", err)
	}
}

// A create waiting its turn behind another image of the instance gives up at its deadline too.
func TestCreateImage_waitingForTheTurnEndsAtTheDeadline(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{Timings: cvmsim.Timings{Create: 24 * time.Hour, InstanceBusy: -1}})
	c := e.owner(t)
	if _, err := c.CreateImage(deadline(t), gz, CreateImageRequest{ImageName: "long", InstanceId: "ins-gz100001"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.CreateImage(ctx, gz, CreateImageRequest{ImageName: "next", InstanceId: "ins-gz100001"})
	if !errors.Is(err, ErrBusy) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "instance ins-gz100001 was busy (making image img-") {
		t.Fatalf("err = %v, want ErrBusy naming the instance and the image it is making", err)
	}
	if calls := e.sim.Calls()["cvm.CreateImage"]; calls != 1 {
		t.Errorf("%d CreateImage calls, want 1: the second never got its turn", calls)
	}
}

// InvalidImageId.IncorrectState is a wait while the image is being made, and final once it failed.
func TestImageStateRefusals_waitOnlyWhileTheImageIsInProgress(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{})
	c := e.owner(t)
	ctx := deadline(t)
	creating, err := c.CreateImage(ctx, gz, CreateImageRequest{ImageName: "creating", SnapshotIds: []string{"snap-gz100001"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteImages(ctx, gz, DeleteImagesRequest{ImageIds: []string{creating}}); err != nil {
		t.Fatalf("deleting a CREATING image = %v, want it deleted once NORMAL", err)
	}
	if e.sim.ErrorCodes()["InvalidImageId.IncorrectState"] == 0 {
		t.Fatal("the delete never met the refusal: the test did not wait for anything")
	}
	if imgs := e.sim.CustomImages(cvmsim.OwnerAccount, gz); len(imgs) != 0 {
		t.Errorf("images left: %+v", imgs)
	}

	e.sim.SetFaults(cvmsim.Faults{FailCreates: 1})
	failing, err := c.CreateImage(ctx, gz, CreateImageRequest{ImageName: "failing", SnapshotIds: []string{"snap-gz100001"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForImage(ctx, gz, failing); !errors.Is(err, ErrImageFailed) {
		t.Fatalf("WaitForImage = %v, want CREATEFAILED", err)
	}
	e.sim.ResetCalls()
	name := "renamed"
	err = c.ModifyImageAttribute(ctx, gz, ModifyImageAttributeRequest{ImageId: failing, ImageName: &name})
	if !hasCode(err, "InvalidImageId.IncorrectState") || errors.Is(err, ErrBusy) {
		t.Fatalf("renaming a CREATEFAILED image = %v, want IncorrectState at once", err)
	}
	if calls := e.sim.Calls()["cvm.ModifyImageAttribute"]; calls != 1 {
		t.Errorf("%d ModifyImageAttribute calls, want 1", calls)
	}
}

// Every "busy, try later" code is waited out, beyond RetryMax, for creates as for other writes.
func TestCall_busyAnswersAreWaitedOutBeyondRetryMax(t *testing.T) {
	for _, code := range []string{
		busyCode, "FailedOperation.InvalidImageState", "MutexOperation.TaskRunning", "ResourceInUse",
		"ResourceInUse.DiskRollbacking", "ResourceBusy", "ResourceUnavailable.SnapshotCreating",
		"UnsupportedOperation.InstanceStateStarting",
	} {
		t.Run(code, func(t *testing.T) {
			fc := newFakeCloud(t)
			fc.addFaults("CreateImage", apiFault(code), apiFault(code), apiFault(code))
			c := fc.client(func(cfg *Config) { cfg.RetryMax = 1 })
			id, err := c.CreateImage(context.Background(), "ap-guangzhou", CreateImageRequest{ImageName: "x", SnapshotIds: []string{"snap-00000001"}})
			if err != nil || id == "" {
				t.Fatalf("CreateImage = %q, %v; want the image after three busy answers", id, err)
			}
			if n := fc.count(fc.execs, "CreateImage"); n != 1 {
				t.Errorf("%d creates executed, want 1", n)
			}
		})
	}
}

func TestCall_otherRefusalsAreNotBusy(t *testing.T) {
	for _, code := range []string{"InvalidImageName.Duplicate", "UnsupportedOperation.InstanceStateTerminating", "ResourceInsufficient"} {
		fc := newFakeCloud(t)
		fc.addFaults("CreateImage", apiFault(code))
		_, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", CreateImageRequest{ImageName: "x", SnapshotIds: []string{"snap-00000001"}})
		if !hasCode(err, code) || errors.Is(err, ErrBusy) {
			t.Errorf("%s: err = %v, want it returned at once", code, err)
		}
	}
}
