package bench

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/tc3"
)

// benchTimings keep the emulated lifecycles short, so that what a benchmark times is the provider
// and the API, not an image being made.
var benchTimings = cvmsim.Timings{Create: 100 * time.Millisecond, Import: 100 * time.Millisecond, Copy: 100 * time.Millisecond}

// benchRegions are the ten emulated regions with the codes of their seeded instances and snapshots.
var benchRegions = []struct{ name, code string }{
	{"ap-guangzhou", "gz"}, {"ap-shanghai", "sh"}, {"ap-beijing", "bj"}, {"ap-chengdu", "cd"}, {"ap-hongkong", "hk"},
	{"ap-singapore", "sg"}, {"ap-seoul", "se"}, {"ap-tokyo", "tk"}, {"na-siliconvalley", "sv"}, {"eu-frankfurt", "fr"},
}

// emulator is a cvmsim server on loopback that also counts, per action, the answers refused with
// RequestLimitExceeded: the emulator's own counters count every call, refused or not.
type emulator struct {
	sim *cvmsim.Sim
	srv *httptest.Server

	mu        sync.Mutex
	throttled map[string]int
	since     time.Time               // when the counters were last reset
	spans     map[string][2]time.Time // first and last call of each action since then
}

func startEmulator(b *testing.B, opts cvmsim.Options) *emulator {
	b.Helper()
	sim, err := cvmsim.New(opts)
	if err != nil {
		b.Fatalf("starting the emulator: %v", err)
	}
	e := &emulator{sim: sim, throttled: map[string]int{}, since: time.Now(), spans: map[string][2]time.Time{}}
	h := sim.Handler()
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			h.ServeHTTP(w, r)
			return
		}
		key, at := actionKey(r), time.Now()
		rec := &bodyPeek{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		e.mu.Lock()
		defer e.mu.Unlock()
		if bytes.Contains(rec.head, []byte(`"RequestLimitExceeded"`)) {
			e.throttled[key]++
		}
		span, ok := e.spans[key]
		if !ok {
			span[0] = at
		}
		span[1] = at
		e.spans[key] = span
	}))
	b.Cleanup(func() {
		e.srv.Close()
		_ = sim.Close()
	})
	return e
}

// actionKey names a request the way cvmsim's counters do: "service.Action".
func actionKey(r *http.Request) string {
	service := "cvm"
	if cred, err := tc3.ParseAuthorization(r.Header.Get("Authorization")); err == nil {
		service = cred.Service
	}
	return service + "." + r.Header.Get("X-TC-Action")
}

func (e *emulator) resetCounters() {
	e.sim.ResetCalls()
	e.mu.Lock()
	e.throttled = map[string]int{}
	e.since, e.spans = time.Now(), map[string][2]time.Time{}
	e.mu.Unlock()
}

func (e *emulator) throttledCalls() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]int{}
	for k, v := range e.throttled {
		out[k] = v
	}
	return out
}

// timeline says when each action was first and last called since the counters were reset, in
// order of first call: "cvm.CreateImage 0.41–0.41s, …".
func (e *emulator) timeline() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	keys := make([]string, 0, len(e.spans))
	for k := range e.spans {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return e.spans[keys[i]][0].Before(e.spans[keys[j]][0]) })
	parts := make([]string, len(keys))
	for i, k := range keys {
		sp := e.spans[k]
		parts[i] = fmt.Sprintf("%s %.2f–%.2fs", k, sp[0].Sub(e.since).Seconds(), sp[1].Sub(e.since).Seconds())
	}
	return strings.Join(parts, ", ")
}

// providerBlock configures the provider for one sandbox account against this server.
func (e *emulator) providerBlock(secretID, secretKey string) string {
	return `
terraform {
  required_providers {
    cvmimage = { source = "cvmimage/cvmimage" }
  }
}

provider "cvmimage" {
  endpoint   = "` + e.srv.URL + `"
  region     = "` + cvmsim.DefaultRegion + `"
  secret_id  = "` + secretID + `"
  secret_key = "` + secretKey + `"
}
`
}

// bodyPeek passes a response through and keeps its first bytes, where the error code is.
type bodyPeek struct {
	http.ResponseWriter
	head []byte
}

func (p *bodyPeek) Write(b []byte) (int, error) {
	if room := 512 - len(p.head); room > 0 {
		p.head = append(p.head, b[:min(room, len(b))]...)
	}
	return p.ResponseWriter.Write(b)
}

// documentedRate is the documented per-account rate of an action key "svc.Action" (DESIGN.md, "API facts").
func documentedRate(key string) float64 {
	_, action, _ := strings.Cut(key, ".")
	switch {
	case action == "DescribeImages":
		return 40
	case action == "CreateImage", action == "SyncImages":
		return 10
	case strings.HasPrefix(action, "Describe"), strings.HasPrefix(action, "Get"), strings.HasPrefix(action, "Inquir"):
		return 20
	}
	return 10
}

// pacingFloor is the time the documented rates impose on calls: the action that needs longest at
// its rate, and how long that is.
func pacingFloor(calls map[string]int) (string, time.Duration) {
	var key string
	var floor time.Duration
	for k, n := range calls {
		if d := time.Duration(float64(n) / documentedRate(k) * float64(time.Second)); d > floor || (d == floor && k < key) {
			key, floor = k, d
		}
	}
	return key, floor
}
