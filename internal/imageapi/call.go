package imageapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/tc3"
)

// repeatPolicy says which failed attempts of an action call may send again.
type repeatPolicy int

const (
	// repeatAll is for reads and for writes that are harmless to apply twice: throttling, server
	// faults and transport failures are all retried.
	repeatAll repeatPolicy = iota
	// repeatRefusals is for writes that must not run twice (creates): only refusals, which were
	// not executed, are retried; a failure that may have executed goes back to the caller, which
	// resolves it (see createOnce).
	repeatRefusals
)

// callOpts tunes one call.
type callOpts struct {
	repeat repeatPolicy
	// doneOnRepeat recognises the error a repeat answers when an earlier attempt, whose outcome
	// was unknown, did the work: InvalidImageId.NotFound for a DeleteImages, for example.
	doneOnRepeat func(ctx context.Context, err *APIError) bool
	// subject names what the call acts on ("instance ins-…"), for a busy wait's messages.
	subject string
	// images are the images the call acts on: an image-state refusal is a busy answer while one
	// of them is still in progress.
	images []string
}

// call sends a signed request, repeating it as opts allow, and decodes Response into out (which
// may be nil).
func (c *Client) call(ctx context.Context, service, version, region, action string, in, out any, opts callOpts) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s: encoding the request: %w", action, err)
	}
	if !strings.HasPrefix(action, "Describe") {
		// Every action but a Describe may change images, whether it succeeds or not; a listing
		// taken before it finished must not serve a refresh made after.
		defer c.listings.invalidate(region)
	}
	if err := c.deadHosts.check(c.host(service), c.clock.now()); err != nil {
		return err
	}
	uncertain := false // an earlier attempt may have been executed
	failures := 0      // retryable failures so far, which RetryMax bounds
	unanswered := 0    // attempts in a row that got no answer at all
	start := c.clock.now()
	busy := busyWait{c: c, action: action, region: region}
	for attempt := 1; ; attempt++ {
		err := c.attempt(ctx, service, version, region, action, body, out, attempt)
		if err == nil {
			return nil
		}
		if noAnswer(err) {
			unanswered++
		} else {
			unanswered = 0
		}
		if ctx.Err() != nil {
			if busy.waiting() {
				if ae := (*APIError)(nil); errors.As(err, &ae) {
					busy.last = err
				}
				return busy.giveUp(ctx.Err())
			}
			return err
		}
		var ae *APIError
		if uncertain && opts.doneOnRepeat != nil && errors.As(err, &ae) && opts.doneOnRepeat(ctx, ae) {
			c.log(ctx, "imageapi: repeat shows the earlier attempt took effect",
				map[string]any{"action": action, "region": region, "code": ae.Code, "request_id": ae.RequestID})
			return nil
		}
		if c.cfg.BusyTimeout >= 0 {
			if isBusy, subject, reason := c.busyAnswer(ctx, region, err, opts); isBusy {
				// A busy answer is a refusal: waiting it out is bounded by ctx and BusyTimeout,
				// not by RetryMax.
				if werr := busy.wait(ctx, subject, reason, err); werr != nil {
					return werr
				}
				continue
			}
		}
		retry := errors.Is(err, ErrThrottled) || notSent(err) || (opts.repeat == repeatAll && mayHaveExecuted(err))
		failures++
		if !retry || failures > c.cfg.RetryMax || (unanswered > 0 && unanswered > c.cfg.UnreachableRetryMax) {
			return c.unreachable(service, unanswered, start, err)
		}
		uncertain = uncertain || mayHaveExecuted(err)
		wait := c.http.Backoff(c.cfg.RetryWaitMin, c.cfg.RetryWaitMax, failures-1, nil)
		if serr := c.clock.sleep(ctx, wait); serr != nil {
			return fmt.Errorf("%s in %s: %w (last attempt: %w)", action, region, serr, err)
		}
	}
}

// unreachable turns err into an *UnreachableError when it ends a run of attempts that got no
// answer at all, and returns it as it is otherwise. A host that left every allowed attempt
// unanswered is remembered for a while (deadHostMemory), so that the calls after it fail at once
// instead of each waiting its attempts out.
func (c *Client) unreachable(service string, unanswered int, since time.Time, err error) error {
	if unanswered == 0 {
		return err
	}
	host := c.host(service)
	ue := &UnreachableError{Host: host, Attempts: unanswered, Elapsed: c.clock.now().Sub(since), Err: err}
	if unanswered > c.cfg.UnreachableRetryMax {
		// Every attempt allowed went unanswered: the endpoint, not one request, is the trouble. A
		// single answer lost after a write is not that, and the look-up that resolves it must run.
		c.deadHosts.remember(host, c.clock.now(), ue)
	}
	return ue
}

// host is the host a service's requests go to.
func (c *Client) host(service string) string {
	host := c.baseURL(service)
	if u, perr := url.Parse(host); perr == nil {
		host = u.Host
	}
	return host
}

// deadHostMemory is how long a host that answered nothing is not asked again: the rest of a plan
// fails at once, and a process that runs longer tries again.
const deadHostMemory = time.Minute

// deadHosts remembers the hosts that answered nothing, with the error that said so.
type deadHosts struct {
	mu    sync.Mutex
	hosts map[string]deadHost
}

type deadHost struct {
	until time.Time
	err   *UnreachableError
}

func (d *deadHosts) remember(host string, now time.Time, err *UnreachableError) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.hosts == nil {
		d.hosts = map[string]deadHost{}
	}
	d.hosts[host] = deadHost{until: now.Add(deadHostMemory), err: err}
}

// check returns the error of a host remembered as dead, or nil.
func (d *deadHosts) check(host string, now time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if h, ok := d.hosts[host]; ok && now.Before(h.until) {
		return h.err
	}
	return nil
}

// envelope is the part of every answer that says how the call went.
type envelope struct {
	Response struct {
		Error *struct {
			Code, Message string
		}
		RequestId string
	}
}

// attempt sends one signed request after waiting for its pacing slot.
func (c *Client) attempt(ctx context.Context, service, version, region, action string, body []byte, out any, attempt int) error {
	done, err := c.pacer.wait(ctx, service, action)
	if err != nil {
		return fmt.Errorf("%s in %s: waiting for the rate limit: %w", action, region, err)
	}
	defer done()
	req, err := c.signedRequest(ctx, service, version, region, action, body)
	if err != nil {
		return fmt.Errorf("%s in %s: %w", action, region, err)
	}
	fields := map[string]any{"service": service, "action": action, "region": region, "attempt": attempt}
	start := time.Now()
	resp, err := c.http.Do(req)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		fields["http_status"] = resp.StatusCode
	}
	fields["duration_ms"] = time.Since(start).Milliseconds()
	result := c.decode(action, region, resp, raw, err, out)
	var ae *APIError
	switch {
	case errors.As(result, &ae):
		fields["code"], fields["request_id"] = ae.Code, ae.RequestID
	case result != nil:
		fields["error"] = result.Error()
	}
	c.log(ctx, "imageapi: request", fields)
	return result
}

// decode turns the outcome of one attempt into nil, an *APIError or a *TransportError.
func (c *Client) decode(action, region string, resp *http.Response, raw []byte, err error, out any) error {
	if err != nil {
		te := &TransportError{Action: action, Region: region, Err: err}
		if resp != nil {
			te.StatusCode = resp.StatusCode
		}
		return te
	}
	if resp.StatusCode != http.StatusOK {
		return &TransportError{Action: action, Region: region, StatusCode: resp.StatusCode,
			Err: fmt.Errorf("unexpected answer %q", http.StatusText(resp.StatusCode))}
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return &TransportError{Action: action, Region: region, StatusCode: resp.StatusCode,
			Err: fmt.Errorf("decoding the response: %w", err)}
	}
	if e := env.Response.Error; e != nil && e.Code != "" {
		return &APIError{Action: action, Code: e.Code, Message: e.Message, RequestID: env.Response.RequestId}
	}
	if out == nil {
		return nil
	}
	var payload struct{ Response json.RawMessage }
	if err := json.Unmarshal(raw, &payload); err != nil || len(payload.Response) == 0 {
		return &TransportError{Action: action, Region: region, StatusCode: resp.StatusCode,
			Err: fmt.Errorf("decoding the response: no Response object (request ID %s)", env.Response.RequestId)}
	}
	if err := json.Unmarshal(bytes.TrimSpace(payload.Response), out); err != nil {
		return &TransportError{Action: action, Region: region, StatusCode: resp.StatusCode,
			Err: fmt.Errorf("decoding the response (request ID %s): %w", env.Response.RequestId, err)}
	}
	return nil
}

// signedRequest builds one attempt. Each attempt is signed afresh, so that a repeat after a long
// backoff still carries a timestamp the server accepts.
func (c *Client) signedRequest(ctx context.Context, service, version, region, action string, body []byte) (*retryablehttp.Request, error) {
	u, err := url.Parse(c.baseURL(service))
	if err != nil {
		return nil, err
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, u.String(), body)
	if err != nil {
		return nil, err
	}
	ts := c.cfg.Now().Unix()
	const contentType = "application/json"
	sig := tc3.Request{
		Method:      http.MethodPost,
		Headers:     []tc3.Header{{Name: "content-type", Value: contentType}, {Name: "host", Value: u.Host}},
		PayloadHash: tc3.HashPayload(body),
		Service:     service,
		Timestamp:   ts,
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", version)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-TC-Language", "en-US")
	if region != "" {
		req.Header.Set("X-TC-Region", region)
	}
	if c.cfg.SecurityToken != "" {
		req.Header.Set("X-TC-Token", c.cfg.SecurityToken)
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("X-TC-RequestClient", c.cfg.UserAgent)
	}
	req.Header.Set("Authorization", sig.Authorization(c.cfg.SecretID, c.cfg.SecretKey))
	return req, nil
}

// read calls a CVM action that changes nothing.
func (c *Client) read(ctx context.Context, region, action string, in, out any) error {
	return c.call(ctx, "cvm", cvmVersion, region, action, in, out, callOpts{repeat: repeatAll})
}
