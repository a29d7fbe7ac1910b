package imageapi

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// With the defaults, an endpoint that never answers fails a call well within a minute.
func TestConfig_defaultsGiveUpOnASilentEndpointWithinAMinute(t *testing.T) {
	cfg := withDefaults(Config{})
	worst := time.Duration(cfg.UnreachableRetryMax+1) * cfg.AttemptTimeout
	for i := range cfg.UnreachableRetryMax {
		worst += min(cfg.RetryWaitMin<<i, cfg.RetryWaitMax) // the longest backoff before repeat i+1
	}
	if worst >= 45*time.Second {
		t.Errorf("a silent endpoint takes up to %s to give up on with the defaults, want well under a minute", worst)
	}
}

func TestCall_refusedConnectionsFailFastNamingTheEndpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now: every connection is refused
	c, err := New(Config{SecretID: "AKIDTEST", SecretKey: "test-secret-key", Endpoint: "http://" + addr,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 4 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"read": func() error { _, err := c.DescribeImageQuota(context.Background(), "ap-guangzhou"); return err },
		"create": func() error {
			_, err := c.CreateImage(context.Background(), "ap-guangzhou", CreateImageRequest{ImageName: "x", SnapshotIds: []string{"snap-00000001"}})
			return err
		},
	} {
		err := call()
		var ue *UnreachableError
		if !errors.Is(err, ErrUnreachable) || !errors.As(err, &ue) {
			t.Fatalf("%s: err = %v, want ErrUnreachable", name, err)
		}
		if ue.Host != addr || ue.Attempts != DefaultUnreachableRetry+1 || !strings.Contains(err.Error(), "could not reach the API endpoint "+addr) {
			t.Errorf("%s: %q (%d attempts); want the endpoint %s named after %d attempts", name, err, ue.Attempts, addr, DefaultUnreachableRetry+1)
		}
	}
}

func TestCall_silentEndpointFailsAfterAFewAttemptTimeouts(t *testing.T) {
	srv, requests := silentServer(t)
	c, err := New(Config{SecretID: "AKIDTEST", SecretKey: "test-secret-key", Endpoint: srv.URL,
		AttemptTimeout: 50 * time.Millisecond, UnreachableRetryMax: 1,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 4 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeImages(context.Background(), "ap-guangzhou", DescribeImagesRequest{})
	host := strings.TrimPrefix(srv.URL, "http://")
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), host) {
		t.Fatalf("err = %v, want ErrUnreachable naming %s", err, host)
	}
	if n := requests.Load(); n != 2 {
		t.Errorf("%d requests reached the silent endpoint, want 2 (UnreachableRetryMax 1)", n)
	}
}

// Refused credentials are final: one attempt, ErrAuth, and the secret key in no message.
func TestCall_authFailuresAreNotRetriedAndKeepTheSecret(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{})
	const wrongKey = "not-the-owner-key-0123456789"
	c := e.client(t, cvmsim.OwnerSecretID, wrongKey)
	_, err := c.DescribeImageQuota(deadline(t), gz)
	if !errors.Is(err, ErrAuth) || errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want ErrAuth", err)
	}
	if strings.Contains(err.Error(), wrongKey) {
		t.Errorf("error %q contains the secret key", err)
	}
	if n := e.sim.ErrorCodes()["AuthFailure.SignatureFailure"]; n != 1 {
		t.Errorf("%d signature failures answered, want 1: a refused key must not be tried again", n)
	}

	for _, code := range []string{"AuthFailure.SecretIdNotFound", "AuthFailure.SignatureExpire", "AuthFailure.TokenFailure", "AuthFailure.UnauthorizedOperation"} {
		fc := newFakeCloud(t)
		fc.addFaults("CreateImage", apiFault(code), apiFault(code))
		_, err := fc.client().CreateImage(context.Background(), "ap-guangzhou", CreateImageRequest{ImageName: "x", SnapshotIds: []string{"snap-00000001"}})
		if !errors.Is(err, ErrAuth) || fc.count(fc.calls, "CreateImage") != 1 {
			t.Errorf("%s: err = %v after %d attempts, want ErrAuth after 1", code, err, fc.count(fc.calls, "CreateImage"))
		}
	}
}

// Once an endpoint answered nothing, the calls after it fail at once, naming it, instead of each
// waiting its own attempts out: a plan fails in the time of one call, not of every check.
func TestCall_anUnreachableEndpointIsNotAskedAgainAtOnce(t *testing.T) {
	srv, requests := silentServer(t)
	c, err := New(Config{SecretID: "AKIDTEST", SecretKey: "test-secret-key", Endpoint: srv.URL,
		AttemptTimeout: 50 * time.Millisecond, UnreachableRetryMax: 1,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 4 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.DescribeImageQuota(ctx, "ap-guangzhou"); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("first call: err = %v, want ErrUnreachable", err)
	}
	sent := requests.Load()
	_, err = c.DescribeImages(ctx, "ap-shanghai", DescribeImagesRequest{})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), strings.TrimPrefix(srv.URL, "http://")) {
		t.Fatalf("second call: err = %v, want ErrUnreachable naming the endpoint", err)
	}
	if n := requests.Load(); n != sent {
		t.Fatalf("the second call sent %d more requests to an endpoint known to answer nothing", n-sent)
	}
}

// silentServer accepts requests and never answers them (until the client hangs up or the test
// ends), counting them.
func silentServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	requests := new(atomic.Int32)
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(func() { close(stop); srv.Close() })
	return srv, requests
}
