// Package cvmsim emulates Tencent Cloud's CVM image API (2017-03-12) and the two Tag API
// (2018-08-13) actions image tooling uses, faithfully enough that the official SDK and the
// project's client cannot tell it from the cloud for the behaviour the project relies on: TC3
// signatures are verified, errors carry the documented codes with HTTP 200, limits and
// cross-account rules are enforced, and image states follow from timestamps and a clock.
//
// It is reached only through HTTP semantics: Handler for a listener, RoundTripper in-process.
//
// Where the documentation leaves a choice open, the emulator answers as follows:
//   - Only signature-v3 POST requests with a JSON body are served; GET is UnsupportedProtocol.
//   - Sandbox keys are long-term keys and the emulator issues no temporary credentials, so any
//     X-TC-Token is AuthFailure.TokenFailure.
//   - A missing X-TC-Region on a cvm call is MissingParameter, an unknown one UnsupportedRegion;
//     tag calls need no region.
//   - DryRun answers a plain success (no DryRunOperation) when the request would have succeeded.
//   - CreateImage's ForcePoweroff and Sysprep are strings ("true"/"false", any case), as on the wire.
//   - A copy's source stays NORMAL; it cannot be deleted while a copy is SYNCING. An encrypted copy
//     without ImageName is named "<source>-encrypted", since it lands beside its source.
//   - The Tag API tags only the caller's own custom images (else ResourceNotFound); the account part
//     of the resource name may be empty or the caller's.
//   - Windows images in overseas regions say in ImageDescription that a licence fee applies, and
//     marketplace images state their price there: the API has no field for either.
package cvmsim

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Options configure a Sim. Zero values are the documented defaults.
type Options struct {
	// StatePath is "" to keep the world in memory; else one JSON file, written atomically under a
	// file lock and re-read by every request, so separate processes (plan and apply) share it.
	StatePath string
	// Now is the clock every state derives from; nil means time.Now.
	Now func() time.Time
	// Timings are the durations of the asynchronous operations; zero fields take the defaults.
	Timings Timings
	// ImageQuota is the custom images allowed per account per region (default 10).
	ImageQuota int
	// ShareLimit is the accounts one image may be shared with (default 50).
	ShareLimit int
}

// Timings are how long an image stays CREATING, IMPORTING or SYNCING.
type Timings struct{ Create, Import, Copy time.Duration }

// Defaults of the limits and timings (spec 1.2 and 1.4).
const (
	DefaultImageQuota = 10
	DefaultShareLimit = 50
	DefaultCreate     = 3 * time.Second
	DefaultImport     = 5 * time.Second
	DefaultCopy       = 4 * time.Second
)

// Sim is one emulator. It is safe for concurrent use; several Sims (or processes) may share a
// state file.
type Sim struct {
	opts  Options
	store *store

	mu          sync.Mutex // guards what follows: per-process, never persisted
	faults      Faults
	rng         *rand.Rand
	failCreates int
	calls       map[string]int
	writes      int
	rate        rateWindows
}

// New builds a Sim. With a StatePath it opens (and, on first write, creates) the state file.
func New(opts Options) (*Sim, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timings.Create <= 0 {
		opts.Timings.Create = DefaultCreate
	}
	if opts.Timings.Import <= 0 {
		opts.Timings.Import = DefaultImport
	}
	if opts.Timings.Copy <= 0 {
		opts.Timings.Copy = DefaultCopy
	}
	if opts.ImageQuota <= 0 {
		opts.ImageQuota = DefaultImageQuota
	}
	if opts.ShareLimit <= 0 {
		opts.ShareLimit = DefaultShareLimit
	}
	st, err := openStore(opts.StatePath)
	if err != nil {
		return nil, err
	}
	s := &Sim{opts: opts, store: st, calls: map[string]int{}}
	s.SetFaults(Faults{})
	return s, nil
}

// Close releases the state lock file.
func (s *Sim) Close() error { return s.store.close() }

// Handler serves the signed API on POST "/" and the control API under "/_sim/".
func (s *Sim) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/_sim/", s.controlHandler())
	mux.HandleFunc("/", s.serveAPI)
	return mux
}

// RoundTripper serves every request, whatever its URL or Host, through Handler in-process. A lost
// response surfaces as io.ErrUnexpectedEOF after the request has executed, as a dropped connection
// would.
func (s *Sim) RoundTripper() http.RoundTripper { return roundTripper{s.Handler()} }

type roundTripper struct{ h http.Handler }

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	in.RequestURI = req.URL.RequestURI()
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	rt.h.ServeHTTP(rec, in)
	if rec.lost {
		return nil, fmt.Errorf("cvmsim: connection dropped after the request executed: %w", io.ErrUnexpectedEOF)
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", rec.status, http.StatusText(rec.status)),
		StatusCode:    rec.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.header,
		Body:          io.NopCloser(bytes.NewReader(rec.body.Bytes())),
		ContentLength: int64(rec.body.Len()),
		Request:       req,
	}, nil
}

// recorder is the in-process ResponseWriter; dropResponse marks the answer lost.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
	lost   bool
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
func (r *recorder) dropResponse() { r.lost = true }

// dropConnection makes the answer never arrive: the in-process recorder is told so, a real
// connection is hijacked and closed.
func dropConnection(w http.ResponseWriter) {
	if d, ok := w.(interface{ dropResponse() }); ok {
		d.dropResponse()
		return
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func (s *Sim) now() time.Time { return s.opts.Now() }
