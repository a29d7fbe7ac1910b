package cvmsim

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func TestControlAPI_overHTTP(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx := context.Background()
	o := owner(t, s, clock)
	id := readyImage(t, o, clock, "console")

	post := func(path string, body any) map[string]any {
		t.Helper()
		raw, _ := json.Marshal(body)
		resp, err := http.Post(srv.URL+path, "application/json", bytes.NewReader(raw))
		must(t, err)
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, out)
		}
		return out
	}
	get := func(path string, out any) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		must(t, err)
		defer resp.Body.Close()
		must(t, json.NewDecoder(resp.Body).Decode(out))
	}

	post("/_sim/images/rename", map[string]any{"Region": DefaultRegion, "ImageId": id, "Name": "drifted"})
	im, err := o.ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	if im.ImageName != "drifted" {
		t.Fatalf("rename out of band: %q", im.ImageName)
	}
	post("/_sim/images/share", map[string]any{"Region": DefaultRegion, "ImageId": id, "Accounts": []string{PeerAccount}})
	perms, err := o.DescribeImageSharePermission(ctx, DefaultRegion, id)
	must(t, err)
	if len(perms) != 1 {
		t.Fatalf("share out of band: %+v", perms)
	}
	var inv struct{ Images []ImageInfo }
	get("/_sim/inventory?account="+OwnerAccount, &inv)
	if len(inv.Images) != 1 || inv.Images[0].SharedWith[0] != PeerAccount {
		t.Fatalf("inventory %+v", inv)
	}
	post("/_sim/images/unshare", map[string]any{"Region": DefaultRegion, "ImageId": id, "Accounts": []string{PeerAccount}})
	post("/_sim/quota", map[string]any{"Account": OwnerAccount, "Region": DefaultRegion, "Quota": 7})
	if q, _ := o.DescribeImageQuota(ctx, DefaultRegion); q != 7 {
		t.Fatalf("quota %d", q)
	}
	ins := post("/_sim/instances", map[string]any{"Account": OwnerAccount, "Region": DefaultRegion, "Name": "extra"})
	if !strings.HasPrefix(ins["InstanceId"].(string), "ins-") {
		t.Fatalf("instance %v", ins)
	}
	post("/_sim/faults", map[string]any{"Latency": "1ms", "FailCreates": 2})
	var f faultsJSON
	get("/_sim/faults", &f)
	if f.Latency != "1ms" || f.FailCreates != 2 {
		t.Fatalf("faults %+v", f)
	}
	if s.CurrentFaults().Latency != time.Millisecond {
		t.Fatal("faults over HTTP not applied")
	}
	var calls struct {
		Calls      map[string]int
		WriteCalls int
	}
	get("/_sim/calls", &calls)
	if calls.Calls["cvm.DescribeImageSharePermission"] != 1 || calls.WriteCalls != 1 {
		t.Fatalf("calls %+v", calls)
	}
	post("/_sim/calls/reset", map[string]any{})
	post("/_sim/images/delete", map[string]any{"Region": DefaultRegion, "ImageId": id})
	if _, err := o.ImageNow(ctx, DefaultRegion, id); err == nil {
		t.Fatal("delete out of band")
	}
	post("/_sim/reset", map[string]any{})
	out, err := o.DescribeInstances(ctx, DefaultRegion, imageapi.DescribeInstancesRequest{})
	must(t, err)
	if out.TotalCount != 1 {
		t.Fatalf("reset keeps only the seeded instance, got %d", out.TotalCount)
	}

	resp, err := http.Post(srv.URL+"/_sim/images/rename", "application/json", strings.NewReader(`{"Region":"ap-guangzhou","ImageId":"img-zzzzzzzz","Name":"x"}`))
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("renaming an unknown image: %d", resp.StatusCode)
	}
}

func TestRun_servesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- Run(ctx, []string{"-listen", "127.0.0.1:0"}, &out) }()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "AKIDSANDBOXOWNER") {
		if time.Now().After(deadline) {
			t.Fatalf("no banner: %q", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	url := strings.Fields(strings.SplitN(out.String(), "listening on ", 2)[1])[0]
	c, err := imageapi.New(imageapi.Config{SecretID: OwnerSecretID, SecretKey: OwnerSecretKey, Endpoint: url})
	must(t, err)
	if _, err := c.DescribeImageQuota(context.Background(), DefaultRegion); err != nil {
		t.Fatalf("the server does not answer: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		must(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
