package cvmsim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/tc3"
)

// fakeClock is a settable clock shared by the emulator and the clients of a test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var testTimings = Timings{Create: 10 * time.Second, Import: 20 * time.Second, Copy: 30 * time.Second}

func newTestSim(t *testing.T, opts Options) (*Sim, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.Timings == (Timings{}) {
		opts.Timings = testTimings
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

// clientFor is an imageapi client of one sandbox account, talking to the sim in-process.
func clientFor(t *testing.T, s *Sim, clock *fakeClock, secretID, secretKey string) *imageapi.Client {
	t.Helper()
	c, err := imageapi.New(imageapi.Config{
		SecretID: secretID, SecretKey: secretKey, Region: DefaultRegion,
		Endpoint: "https://cvm.tencentcloudapi.com", Transport: s.RoundTripper(), Now: clock.Now,
		// These tests check the emulator's answers, so every failure, busy answers included, must
		// reach them unretried.
		RetryMax: -1, BusyTimeout: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func owner(t *testing.T, s *Sim, clock *fakeClock) *imageapi.Client {
	return clientFor(t, s, clock, OwnerSecretID, OwnerSecretKey)
}

func peer(t *testing.T, s *Sim, clock *fakeClock) *imageapi.Client {
	return clientFor(t, s, clock, PeerSecretID, PeerSecretKey)
}

// wantCode fails unless err is an API error with the code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae *imageapi.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want API error %s, got %v", code, err)
	}
	if ae.Code != code {
		t.Fatalf("want API error %s, got %s (%s)", code, ae.Code, ae.Message)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// rawRequest is a hand-made signed request, for what imageapi cannot express.
type rawRequest struct {
	service, action, version, region string
	body                             string
	// get sends the request as a GET with query as its (already encoded) query string.
	get                 bool
	query               string
	secretID, secretKey string
	timestamp           int64
	host                string
	mutate              func(*http.Request) // after signing
}

type rawAnswer struct {
	Status   int
	Code     string
	Message  string
	ReqID    string
	Response map[string]json.RawMessage
}

func (s *Sim) raw(t *testing.T, clock *fakeClock, rr rawRequest) rawAnswer {
	t.Helper()
	if rr.service == "" {
		rr.service = "cvm"
	}
	if rr.version == "" {
		rr.version = serviceVersions[rr.service]
	}
	if rr.region == "" && rr.service == "cvm" {
		rr.region = DefaultRegion
	}
	if rr.secretID == "" {
		rr.secretID, rr.secretKey = OwnerSecretID, OwnerSecretKey
	}
	if rr.timestamp == 0 {
		rr.timestamp = clock.Now().Unix()
	}
	if rr.host == "" {
		rr.host = rr.service + ".tencentcloudapi.com"
	}
	method, contentType, target := http.MethodPost, "application/json", "https://"+rr.host+"/"
	if rr.get {
		method, contentType, target = http.MethodGet, "application/x-www-form-urlencoded", target+"?"+rr.query
	}
	req, _ := http.NewRequestWithContext(context.Background(), method, target, bytes.NewReader([]byte(rr.body)))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-TC-Action", rr.action)
	req.Header.Set("X-TC-Version", rr.version)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(rr.timestamp, 10))
	if rr.region != "" {
		req.Header.Set("X-TC-Region", rr.region)
	}
	sig := tc3.Request{
		Method:         method,
		CanonicalQuery: req.URL.RawQuery,
		Headers:        []tc3.Header{{Name: "content-type", Value: contentType}, {Name: "host", Value: rr.host}},
		PayloadHash:    tc3.HashPayload([]byte(rr.body)),
		Service:        rr.service,
		Timestamp:      rr.timestamp,
	}
	req.Header.Set("Authorization", sig.Authorization(rr.secretID, rr.secretKey))
	if rr.mutate != nil {
		rr.mutate(req)
	}
	resp, err := s.RoundTripper().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env struct{ Response map[string]json.RawMessage }
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("answer is not JSON: %s", b)
	}
	a := rawAnswer{Status: resp.StatusCode, Response: env.Response}
	_ = json.Unmarshal(env.Response["RequestId"], &a.ReqID)
	if e, ok := env.Response["Error"]; ok {
		var ee struct{ Code, Message string }
		_ = json.Unmarshal(e, &ee)
		a.Code, a.Message = ee.Code, ee.Message
	}
	return a
}
