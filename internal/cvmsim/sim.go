// Package cvmsim emulates Tencent Cloud's CVM image API (2017-03-12) with DescribeInstances, the
// two Tag API (2018-08-13) actions and the two CBS API (2017-03-12) actions image tooling uses
// (DescribeSnapshots, DescribeDisks), faithfully enough that the official SDK and the
// project's client cannot tell it from the cloud for the behaviour the project relies on: TC3
// signatures are verified, errors carry the documented codes with HTTP 200, limits and
// cross-account rules are enforced, and image states follow from timestamps and a clock.
//
// It is reached only through HTTP semantics: Handler for a listener, RoundTripper in-process.
//
// The control API under /_sim/ (and the Sim methods of the same names) changes the world out of
// band: POST images/rename, images/delete, images/share, images/unshare; POST instances
// {"Account","Region","Name"} adds an instance (busy setting up for Timings.InstanceBusy, the
// server's -instance-busy flag); POST instances/busy {"Region","InstanceId","Duration":"90s"}
// makes an instance busy (MakeInstanceBusy); POST quota, faults, reset, calls/reset; GET faults,
// inventory, and calls, which also counts the answers by error code (ErrorCodes).
//
// Where the documentation leaves a choice open, the emulator answers as follows:
//   - Only signature v3 is served, as POST with a JSON body or as GET with the parameters in the
//     query string, flattened as the official SDK does (ImageIds.0, Filters.0.Values.1, every
//     scalar as text, booleans "true"/"false"). The signature covers the query exactly as received
//     and the empty body. The query becomes the JSON object a POST would carry, guided by the
//     action's schema, so both forms meet the same checks and codes: a value that does not fit
//     (ImageIds=x, a list numbered with a gap, DryRun=yes) is InvalidParameter, and a name given
//     twice, or a GET over 32 KB, is refused. Any other method is UnsupportedProtocol.
//   - Sandbox keys are long-term keys and the emulator issues no temporary credentials, so any
//     X-TC-Token is AuthFailure.TokenFailure.
//   - A missing X-TC-Region on a cvm call is MissingParameter, an unknown one UnsupportedRegion;
//     tag calls need no region.
//   - DescribeImages checks that InstanceType has an instance type's form (else
//     InvalidInstanceType.Malformed) but does not narrow the result by it: the sandbox knows no
//     instance types, and every image it lists runs on any of them.
//   - DryRun answers a plain success (no DryRunOperation) when the request would have succeeded.
//   - CreateImage's ForcePoweroff and Sysprep are strings ("true"/"false", any case), as on the wire.
//   - A copy's source stays NORMAL; it cannot be deleted while a copy is SYNCING. An encrypted copy
//     without ImageName is named "<source>-encrypted", since it lands beside its source.
//   - ExportImages writes nothing (the sandbox has no COS): it checks the request, answers a new
//     TaskId and the CosPaths "/[<prefix>_]<imageId>_system|data_<snapshotId>.<format in lower
//     case>", and the images stay NORMAL. ExportFormat takes the documented upper-case values only.
//     A bucket name without the -<AppId> ending every COS bucket has is BucketNotFound, a role
//     name outside CAM's alphabet CamRoleNameAuthenticateFailed; any other bucket or role exists.
//     Sandbox custom images never derive from marketplace or Red Hat images and have no size limit,
//     so only public, marketplace, shared-in, Windows and encrypted images are refused.
//   - CBS DescribeSnapshots lists the caller's snapshots in the X-TC-Region region (required, as
//     for CVM): the seeded ones (taken 2025-01-01T00:00:00Z, named sandbox-<account>-system|data)
//     and those images were made with (named <imageId>_system|data, taken with their image, no
//     DiskId when imported from COS). All are NORMAL, 100 %, permanent, PRIVATE_SNAPSHOT, unshared,
//     in zone <region>-3 and project 0; Images lists the caller's images that use each one. Times
//     are CBS's "YYYY-MM-DD hh:mm:ss", in UTC. Newest first unless Order is ASC. The documented
//     filters all work (encrypt takes true/false); SnapshotIds with Filters is InvalidParameter,
//     a malformed ID InvalidSnapshotId.Malformed, a well-formed unknown one simply absent.
//   - DescribeInstances and CBS DescribeDisks list only the caller's instances and their disks in
//     the region (another account's are absent, by ID or by filter). Every instance is RUNNING,
//     pay-as-you-go, in project 0, with CLOUD_PREMIUM disks attached; instance-name matches the
//     whole name. Filters on what sandbox instances lack (VPC, addresses, tags, hosts) match
//     nothing. A malformed instance ID is InvalidInstanceId.Malformed, a malformed disk ID
//     InvalidParameterValue.
//   - An instance is busy while it is being set up (an instance added through the control API, for
//     Timings.InstanceBusy; seeded ones never) or for a spell set through the control API, and
//     while it makes an image. Meanwhile CreateImage from it is
//     OperationDenied.InstanceOperationInProgress; DescribeInstances shows LatestOperationState
//     OPERATING while it is busy with anything but an image.
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

// Timings are how long an image stays CREATING, IMPORTING or SYNCING, and how long an instance
// added through the control API stays busy setting up (refusing CreateImage with
// OperationDenied.InstanceOperationInProgress). InstanceBusy, unlike the others, may be switched
// off: zero takes the default, a negative value means an added instance is ready at once.
type Timings struct{ Create, Import, Copy, InstanceBusy time.Duration }

// Defaults of the limits and timings (DESIGN.md, "API facts").
const (
	DefaultImageQuota = 10
	DefaultShareLimit = 50
	DefaultCreate     = 3 * time.Second
	DefaultImport     = 5 * time.Second
	DefaultCopy       = 4 * time.Second
	// DefaultInstanceBusy is how long a new instance is busy setting up: long enough that a
	// client creating an image from it at once meets the refusal, short enough for a demo.
	DefaultInstanceBusy = 3 * time.Second
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
	errorCodes  map[string]int // answers per error code
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
	switch {
	case opts.Timings.InstanceBusy == 0:
		opts.Timings.InstanceBusy = DefaultInstanceBusy
	case opts.Timings.InstanceBusy < 0:
		opts.Timings.InstanceBusy = 0
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
	s := &Sim{opts: opts, store: st, calls: map[string]int{}, errorCodes: map[string]int{}}
	s.SetFaults(Faults{})
	return s, nil
}

// Close releases the state lock file.
func (s *Sim) Close() error { return s.store.close() }

// Handler serves the signed API on "/" (POST or GET) and the control API under "/_sim/".
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
