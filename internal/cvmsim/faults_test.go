package cvmsim

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func TestFaults_lostResponseStillExecutes(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	ctx := context.Background()
	s.SetFaults(Faults{LostResponseRate: 1})
	_, err := owner(t, s, clock).CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "lost", SnapshotIds: []string{"snap-gz100001"}})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("in-process lost response: %v", err)
	}
	if got := s.CustomImages(OwnerAccount, DefaultRegion); len(got) != 1 || got[0].Name != "lost" {
		t.Fatalf("the request did not execute: %+v", got)
	}

	// Over a real connection, the connection is dropped after executing.
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	c, err := imageapi.New(imageapi.Config{SecretID: OwnerSecretID, SecretKey: OwnerSecretKey, Endpoint: srv.URL, Now: clock.Now, RetryMax: -1})
	must(t, err)
	_, err = c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "lost-2", SnapshotIds: []string{"snap-gz100001"}})
	var ae *imageapi.APIError
	if err == nil || errors.As(err, &ae) {
		t.Fatalf("want a transport error, got %v", err)
	}
	if len(s.CustomImages(OwnerAccount, DefaultRegion)) != 2 {
		t.Fatal("the request over HTTP did not execute")
	}
}

func TestFaults_errorsBeforeExecuting(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	c := owner(t, s, clock)
	ctx := context.Background()
	s.SetFaults(Faults{InternalErrorRate: 1})
	_, err := c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "x", SnapshotIds: []string{"snap-gz100001"}})
	wantCode(t, err, "InternalError")
	s.SetFaults(Faults{ThrottleRate: 1})
	_, err = c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "x", SnapshotIds: []string{"snap-gz100001"}})
	wantCode(t, err, "RequestLimitExceeded")
	if len(s.CustomImages(OwnerAccount, "")) != 0 {
		t.Fatal("a request failed by a fault executed")
	}
	if s.WriteCalls() != 2 || s.Calls()["cvm.CreateImage"] != 2 {
		t.Fatalf("calls %v, writes %d", s.Calls(), s.WriteCalls())
	}
	s.ResetCalls()
	if s.WriteCalls() != 0 || len(s.Calls()) != 0 {
		t.Fatal("ResetCalls")
	}
}

func TestFaults_rateLimitsPerAccountPerAction(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	ctx := context.Background()
	s.SetFaults(Faults{RateLimits: true})
	o, p := owner(t, s, clock), peer(t, s, clock)
	for i := range 20 {
		if _, err := o.DescribeImageQuota(ctx, DefaultRegion); err != nil {
			t.Fatalf("call %d within the rate: %v", i, err)
		}
	}
	_, err := o.DescribeImageQuota(ctx, DefaultRegion)
	wantCode(t, err, "RequestLimitExceeded")
	if _, err := p.DescribeImageQuota(ctx, DefaultRegion); err != nil {
		t.Fatalf("another account has its own budget: %v", err)
	}
	if _, err := o.DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{}); err != nil {
		t.Fatalf("another action has its own budget: %v", err)
	}
	clock.Advance(time.Second)
	if _, err := o.DescribeImageQuota(ctx, DefaultRegion); err != nil {
		t.Fatalf("the next second: %v", err)
	}
}

func TestFaults_invisibility(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	c := owner(t, s, clock)
	ctx := context.Background()
	s.SetFaults(Faults{Invisibility: 5 * time.Second})
	id, err := c.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "ghost", SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	if _, err := c.ImageNow(ctx, DefaultRegion, id); !errors.Is(err, imageapi.ErrNotFound) {
		t.Fatalf("a new image is invisible at first: %v", err)
	}
	clock.Advance(5 * time.Second)
	if _, err := c.ImageNow(ctx, DefaultRegion, id); err != nil {
		t.Fatalf("visible after the window: %v", err)
	}
}
