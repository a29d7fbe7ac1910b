package imageapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/tc3"
)

func TestCall_signsEveryRequest(t *testing.T) {
	fc := newFakeCloud(t)
	var got http.Header
	var host string
	fc.addFaults("DescribeImageQuota", func(_ *fakeCloud, w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		got, host = r.Header.Clone(), r.Host
		writeOK(w, map[string]any{"ImageNumQuota": 10})
		return true
	})
	now := time.Unix(1700000000, 0)
	c := fc.client(func(cfg *Config) {
		cfg.SecurityToken = "sts-token"
		cfg.Now = func() time.Time { return now }
	})
	quota, err := c.DescribeImageQuota(context.Background(), "ap-shanghai")
	if err != nil || quota != 10 {
		t.Fatalf("DescribeImageQuota = %d, %v", quota, err)
	}
	for h, want := range map[string]string{
		"X-TC-Action": "DescribeImageQuota", "X-TC-Version": "2017-03-12", "X-TC-Region": "ap-shanghai",
		"X-TC-Timestamp": "1700000000", "X-TC-Token": "sts-token", "Content-Type": "application/json",
	} {
		if got.Get(h) != want {
			t.Errorf("%s = %q, want %q", h, got.Get(h), want)
		}
	}
	// The body of an action without parameters is "{}".
	sig := tc3.Request{
		Method:      http.MethodPost,
		Headers:     []tc3.Header{{Name: "content-type", Value: "application/json"}, {Name: "host", Value: host}},
		PayloadHash: tc3.HashPayload([]byte("{}")),
		Service:     "cvm",
		Timestamp:   now.Unix(),
	}
	if want := sig.Authorization("AKIDTEST", "test-secret-key"); got.Get("Authorization") != want {
		t.Errorf("Authorization = %q, want %q", got.Get("Authorization"), want)
	}
}

func TestCall_throttlingStormIsRidden(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImages", throttled, throttled, throttled, throttled, throttled)
	if _, err := fc.client().DescribeImages(context.Background(), "ap-guangzhou", DescribeImagesRequest{}); err != nil {
		t.Fatal(err)
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 6 {
		t.Errorf("attempts = %d, want 6 (5 throttled + 1)", n)
	}
}

func TestCall_throttlingGivesUpAfterRetryMax(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImages", throttled, throttled, throttled, throttled)
	_, err := fc.client(func(c *Config) { c.RetryMax = 2 }).DescribeImages(context.Background(), "ap-guangzhou", DescribeImagesRequest{})
	if !errors.Is(err, ErrThrottled) {
		t.Fatalf("err = %v, want ErrThrottled", err)
	}
	if !strings.Contains(err.Error(), "request ID req-") || !strings.Contains(err.Error(), "DescribeImages") {
		t.Errorf("error %q does not name the action and the request ID", err)
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 3 {
		t.Errorf("attempts = %d, want 3", n)
	}
}

func TestCall_readsRetryServerFaultsAndResets(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImages", internalError, httpStatus(http.StatusBadGateway), reset)
	if _, err := fc.client().DescribeImages(context.Background(), "ap-guangzhou", DescribeImagesRequest{}); err != nil {
		t.Fatal(err)
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 4 {
		t.Errorf("attempts = %d, want 4", n)
	}
}

func TestCall_clientErrorsAreNotRetried(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImages", apiFault("InvalidParameterValue.LimitExceeded"))
	_, err := fc.client().DescribeImages(context.Background(), "ap-guangzhou", DescribeImagesRequest{})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "InvalidParameterValue.LimitExceeded" || ae.Action != "DescribeImages" {
		t.Fatalf("err = %v", err)
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 1 {
		t.Errorf("attempts = %d, want 1", n)
	}
}

func TestCall_transportErrorNamesTheAction(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImageQuota", reset, reset)
	_, err := fc.client(func(c *Config) { c.RetryMax = 1 }).DescribeImageQuota(context.Background(), "ap-beijing")
	var te *TransportError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "DescribeImageQuota in ap-beijing") {
		t.Fatalf("err = %v, want a TransportError naming the action and region", err)
	}
}

func TestCall_slowAnswerStopsAtTheDeadline(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImages", slow(10*time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := fc.client().DescribeImages(ctx, "ap-guangzhou", DescribeImagesRequest{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %s, long past the 100ms deadline", d)
	}
}

func TestCall_slowAttemptTimesOutAndIsRetried(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImages", slow(10*time.Second))
	c := fc.client(func(c *Config) { c.AttemptTimeout = 100 * time.Millisecond })
	if _, err := c.DescribeImages(context.Background(), "ap-guangzhou", DescribeImagesRequest{}); err != nil {
		t.Fatal(err)
	}
	if n := fc.count(fc.calls, "DescribeImages"); n != 2 {
		t.Errorf("attempts = %d, want 2", n)
	}
}

func TestCall_idempotentWritesInterpretTheRepeat(t *testing.T) {
	ctx := context.Background()
	t.Run("delete", func(t *testing.T) {
		fc := newFakeCloud(t)
		img := fc.addImage("ap-guangzhou", Image{ImageName: "a", ImageState: StateNormal})
		fc.addFaults("DeleteImages", lostResponse)
		if err := fc.client().DeleteImages(ctx, "ap-guangzhou", DeleteImagesRequest{ImageIds: []string{img.ImageId}}); err != nil {
			t.Fatalf("DeleteImages after a lost answer = %v, want success", err)
		}
		// Without an uncertain attempt before it, NotFound is the caller's to handle.
		err := fc.client().DeleteImages(ctx, "ap-guangzhou", DeleteImagesRequest{ImageIds: []string{img.ImageId}})
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("DeleteImages of a missing image = %v, want ErrNotFound", err)
		}
	})
	t.Run("share", func(t *testing.T) {
		fc := newFakeCloud(t)
		fc.addFaults("ModifyImageSharePermission", lostResponse)
		req := ModifyImageSharePermissionRequest{ImageId: "img-00000001", AccountIds: []string{"100000000002"}, Permission: PermissionShare}
		if err := fc.client().ModifyImageSharePermission(ctx, "ap-guangzhou", req); err != nil {
			t.Fatalf("SHARE after a lost answer = %v, want success", err)
		}
		if n := fc.count(fc.calls, "ModifyImageSharePermission"); n != 2 {
			t.Errorf("attempts = %d, want 2", n)
		}
		err := fc.client().ModifyImageSharePermission(ctx, "ap-guangzhou", req)
		if !hasCode(err, "FailedOperation.AccountAlreadyExists") {
			t.Fatalf("a first SHARE of a shared account = %v, want AccountAlreadyExists", err)
		}
	})
	t.Run("rename", func(t *testing.T) {
		fc := newFakeCloud(t)
		img := fc.addImage("ap-guangzhou", Image{ImageName: "old", ImageState: StateNormal})
		// The first attempt renames and its answer is lost; the repeat collides with the new name.
		fc.addFaults("ModifyImageAttribute",
			func(fc *fakeCloud, w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
				fc.mu.Lock()
				img.ImageName = "new"
				fc.mu.Unlock()
				hijackClose(fc.t, w)
				return true
			},
			apiFault("InvalidImageName.Duplicate"))
		name := "new"
		err := fc.client().ModifyImageAttribute(ctx, "ap-guangzhou", ModifyImageAttributeRequest{ImageId: img.ImageId, ImageName: &name})
		if err != nil {
			t.Fatalf("rename after a lost answer = %v, want success", err)
		}
	})
}

func TestCall_logsNeverCarrySecrets(t *testing.T) {
	fc := newFakeCloud(t)
	fc.addFaults("DescribeImages", throttled, reset, internalError)
	var mu sync.Mutex
	var lines []string
	var sawRequestID bool
	c := fc.client(func(c *Config) {
		c.SecurityToken = "sts-token-value"
		c.Logger = func(_ context.Context, msg string, fields map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			lines = append(lines, fmt.Sprint(msg, fields))
			if id, _ := fields["request_id"].(string); strings.HasPrefix(id, "req-") {
				sawRequestID = true
			}
		}
	})
	var auth string
	fc.addFaults("DescribeImageQuota", func(_ *fakeCloud, w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		auth = r.Header.Get("Authorization")
		writeErr(w, "AuthFailure.SignatureFailure", "bad signature")
		return true
	})
	_, _ = c.DescribeImages(context.Background(), "ap-guangzhou", DescribeImagesRequest{})
	_, err := c.DescribeImageQuota(context.Background(), "ap-guangzhou")
	if !errors.Is(err, ErrAuth) {
		t.Fatalf("err = %v, want ErrAuth", err)
	}
	signature := auth[strings.LastIndex(auth, "Signature=")+len("Signature="):]
	if len(lines) < 5 || !sawRequestID {
		t.Fatalf("expected one log line per attempt with request IDs, got %q", lines)
	}
	for _, l := range append(lines, err.Error()) {
		for _, secret := range []string{"test-secret-key", "sts-token-value", signature} {
			if strings.Contains(l, secret) {
				t.Errorf("log line or error %q contains a secret", l)
			}
		}
	}
}
