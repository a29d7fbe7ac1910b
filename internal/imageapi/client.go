package imageapi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// API versions of the two services the client speaks.
const (
	cvmVersion = "2017-03-12"
	tagVersion = "2018-08-13"
)

// Defaults of the tunable Config fields.
const (
	DefaultRetryMax         = 8
	DefaultRetryWaitMin     = 500 * time.Millisecond
	DefaultRetryWaitMax     = 20 * time.Second
	DefaultAttemptTimeout   = 10 * time.Second
	DefaultUnreachableRetry = 2
	DefaultPollMin          = time.Second
	DefaultPollMax          = 30 * time.Second
	DefaultPollFraction     = 0.05
	DefaultNotFoundGrace    = 30 * time.Second
	DefaultWaitTransientMax = 5
)

// Config is what New needs. Credentials are resolved by the caller (see ResolveCredentials).
// Zero values of the tunables mean their defaults.
type Config struct {
	SecretID      string
	SecretKey     string
	SecurityToken string
	// Region is the default region; every call names its region explicitly.
	Region string
	// Endpoint overrides the base URL (scheme, host, optional port), e.g. "http://127.0.0.1:9000".
	// Empty means https://<service>.tencentcloudapi.com.
	Endpoint string
	// Transport carries the requests; nil means a pooled default transport. The sandbox passes the
	// emulator's in-process RoundTripper here.
	Transport http.RoundTripper
	// UserAgent goes into X-TC-RequestClient.
	UserAgent string
	// Now is the clock for request timestamps; nil means time.Now.
	Now func() time.Time
	// Logger receives one entry per HTTP attempt (action, region, attempt, status, code, request
	// ID, duration) and never a credential. Nil means no logging.
	Logger func(ctx context.Context, msg string, fields map[string]any)

	// RetryMax is how many times one call is repeated after a retryable failure; negative means never.
	RetryMax int
	// RetryWaitMin and RetryWaitMax bound the jittered exponential wait between repeats.
	RetryWaitMin, RetryWaitMax time.Duration
	// AttemptTimeout bounds one HTTP attempt, so a hung connection becomes a retryable failure.
	AttemptTimeout time.Duration
	// UnreachableRetryMax is how many times a call is repeated after attempts in a row that got no
	// answer at all (connection refused or reset, no answer within AttemptTimeout); negative means
	// never. With the defaults an endpoint that refuses fails a call within seconds, one that never
	// answers within about 30 s, with an *UnreachableError naming the host.
	UnreachableRetryMax int

	// BusyTimeout bounds how long one call waits out busy answers (see ErrBusy): zero means until
	// ctx's deadline, which is the resource's timeout. Negative means busy answers are returned
	// at once and CreateImage calls from one instance are not queued: for tests of the API's own
	// answers.
	BusyTimeout time.Duration
	// OnBusy, if set, hears of every busy answer a call waits out and of every CreateImage that
	// waits its turn behind another image of the same instance, so that the caller can tell its
	// user why it is waiting.
	OnBusy func(ctx context.Context, ev BusyEvent)

	// PollMin, PollMax and PollFraction shape WaitForImage's polling: the first look is immediate,
	// the second after PollMin/4, and each later one PollFraction of the time waited so far after
	// the last, within [PollMin, PollMax]; a copy's SyncPercent moves the next look to its
	// predicted finish, within the same bounds. See pollSchedule.
	PollMin, PollMax time.Duration
	PollFraction     float64
	// NotFoundGrace is how long WaitForImage accepts "no such image" before the image shows up:
	// a new image can stay invisible to DescribeImages for a moment.
	NotFoundGrace time.Duration
	// WaitTransientMax is how many consecutive transient errors WaitForImage tolerates.
	WaitTransientMax int
}

// Client is safe for concurrent use. One Client is one set of credentials: its pacing counts
// against that account's rate limits.
type Client struct {
	cfg   Config
	http  *retryablehttp.Client
	clock clock
	pacer *pacer
	// images coalesces concurrent ImageNow calls of a region into one DescribeImages.
	images *imageBatcher
	// listings shares one listing of a region's custom images among ImageFromListing and
	// CustomImagesFromListing calls (see imageLister).
	listings *imageLister
	// instances lines up CreateImage calls from one instance (see CreateImage).
	instances *instanceQueue
	// deadHosts makes the calls after one that found the endpoint unreachable fail at once.
	deadHosts deadHosts
}

// New builds a client. It does no I/O.
func New(cfg Config) (*Client, error) {
	if cfg.SecretID == "" || cfg.SecretKey == "" {
		return nil, fmt.Errorf("imageapi: a SecretId and a SecretKey are required")
	}
	if cfg.Endpoint != "" {
		u, err := url.Parse(cfg.Endpoint)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("imageapi: endpoint %q is not an http(s) base URL", cfg.Endpoint)
		}
	}
	cfg = withDefaults(cfg)

	hc := retryablehttp.NewClient()
	hc.Logger = nil
	// The HTTP layer never repeats a request on its own: whether a repeat is safe depends on the
	// action and on the API error inside an HTTP 200 body, so call is the one place that decides.
	hc.RetryMax = 0
	hc.CheckRetry = func(ctx context.Context, _ *http.Response, _ error) (bool, error) {
		return false, ctx.Err()
	}
	hc.Backoff = jitteredBackoff
	hc.RetryWaitMin, hc.RetryWaitMax = cfg.RetryWaitMin, cfg.RetryWaitMax
	hc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	if cfg.Transport != nil {
		hc.HTTPClient = &http.Client{Transport: cfg.Transport}
	}
	hc.HTTPClient.Timeout = cfg.AttemptTimeout
	c := &Client{cfg: cfg, http: hc, clock: realClock, pacer: newPacer(realClock)}
	c.images = newImageBatcher(c)
	c.listings = newImageLister(c)
	c.instances = newInstanceQueue(c)
	return c, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	switch {
	case cfg.RetryMax == 0:
		cfg.RetryMax = DefaultRetryMax
	case cfg.RetryMax < 0:
		cfg.RetryMax = 0
	}
	switch {
	case cfg.UnreachableRetryMax == 0:
		cfg.UnreachableRetryMax = DefaultUnreachableRetry
	case cfg.UnreachableRetryMax < 0:
		cfg.UnreachableRetryMax = 0
	}
	setDefault(&cfg.RetryWaitMin, DefaultRetryWaitMin)
	setDefault(&cfg.RetryWaitMax, DefaultRetryWaitMax)
	setDefault(&cfg.AttemptTimeout, DefaultAttemptTimeout)
	setDefault(&cfg.PollMin, DefaultPollMin)
	setDefault(&cfg.PollMax, DefaultPollMax)
	setDefault(&cfg.NotFoundGrace, DefaultNotFoundGrace)
	if cfg.PollFraction <= 0 {
		cfg.PollFraction = DefaultPollFraction
	}
	if cfg.WaitTransientMax <= 0 {
		cfg.WaitTransientMax = DefaultWaitTransientMax
	}
	return cfg
}

func setDefault(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

// jitteredBackoff is exponential from min, capped at max, with the upper half jittered so that
// many clients throttled at once do not come back in lockstep.
func jitteredBackoff(min, max time.Duration, attemptNum int, _ *http.Response) time.Duration {
	d := min
	for i := 0; i < attemptNum && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + rand.N(half+1)
}

// Region is the client's default region.
func (c *Client) Region() string { return c.cfg.Region }

// baseURL is the URL the requests of a service go to.
func (c *Client) baseURL(service string) string {
	if c.cfg.Endpoint != "" {
		return strings.TrimRight(c.cfg.Endpoint, "/") + "/"
	}
	return "https://" + service + ".tencentcloudapi.com/"
}

func (c *Client) log(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Logger != nil {
		c.cfg.Logger(ctx, msg, fields)
	}
}
