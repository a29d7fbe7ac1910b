// Package imageapi is the typed client of Tencent Cloud's CVM image API (2017-03-12) and the Tag
// API (2018-08-13) actions that image tooling uses. It signs with TC3-HMAC-SHA256, sends JSON
// POSTs through one retryablehttp client, and turns API errors into *APIError.
package imageapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/tc3"
)

// API versions of the two services the client speaks.
const (
	cvmVersion = "2017-03-12"
	tagVersion = "2018-08-13"
)

// Config is what New needs. Credentials are resolved by the caller (see ResolveCredentials).
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
}

// Client is safe for concurrent use.
type Client struct {
	cfg  Config
	http *retryablehttp.Client
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
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	hc := retryablehttp.NewClient()
	hc.Logger = nil
	hc.RetryMax = 0
	hc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	if cfg.Transport != nil {
		hc.HTTPClient = &http.Client{Transport: cfg.Transport}
	}
	return &Client{cfg: cfg, http: hc}, nil
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

// call sends one signed request and decodes Response into out (which may be nil).
func (c *Client) call(ctx context.Context, service, version, region, action string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s: encoding the request: %w", action, err)
	}
	u, _ := url.Parse(c.baseURL(service))
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, u.String(), body)
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
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

	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: reading the response: %w", action, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d from %s", action, resp.StatusCode, u.Host)
	}
	var env struct {
		Response struct {
			Error *struct {
				Code, Message string
			}
			RequestId string
		}
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("%s: decoding the response: %w", action, err)
	}
	if e := env.Response.Error; e != nil && e.Code != "" {
		return &APIError{Action: action, Code: e.Code, Message: e.Message, RequestID: env.Response.RequestId}
	}
	if out == nil {
		return nil
	}
	var payload struct{ Response json.RawMessage }
	if err := json.Unmarshal(raw, &payload); err != nil {
		return fmt.Errorf("%s: decoding the response: %w", action, err)
	}
	if err := json.Unmarshal(bytes.TrimSpace(payload.Response), out); err != nil {
		return fmt.Errorf("%s: decoding the response: %w", action, err)
	}
	return nil
}

func (c *Client) cvm(ctx context.Context, region, action string, in, out any) error {
	return c.call(ctx, "cvm", cvmVersion, region, action, in, out)
}
