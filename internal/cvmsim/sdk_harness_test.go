package cvmsim_test

// The sdk_*_test.go files check the emulator through the official Tencent Cloud Go SDK, written
// from spec/cvm-image-api.md rather than from the emulator's code, so that the emulator cannot
// drift into agreeing only with our own client. This file holds the shared harness.

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cbs "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cbs/v20170312"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	tag "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/tag/v20180813"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const (
	gz = "ap-guangzhou"
	sh = "ap-shanghai"
	bj = "ap-beijing"

	cvmVersion = "2017-03-12"
	tagVersion = "2018-08-13"
)

// sdkTimings are short, and far enough apart that a test can stop the fake clock inside any phase.
// The fake clock never moves more than a few minutes in one test, so the SDK's real-time
// signatures stay inside the 300 s window.
var sdkTimings = cvmsim.Timings{Create: 10 * time.Second, Import: 20 * time.Second, Copy: 40 * time.Second}

var imageIDPattern = regexp.MustCompile(`^img-[a-z0-9]{8}$`)

type account struct{ id, secretID, secretKey string }

var (
	owner = account{cvmsim.OwnerAccount, cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey}
	peer  = account{cvmsim.PeerAccount, cvmsim.PeerSecretID, cvmsim.PeerSecretKey}
	third = account{cvmsim.ThirdAccount, cvmsim.ThirdSecretID, cvmsim.ThirdSecretKey}
)

// fakeClock is the emulator's clock: tests move it instead of sleeping.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// world is one emulator behind a real loopback listener, reached only by SDK clients.
type world struct {
	t     *testing.T
	sim   *cvmsim.Sim
	clock *fakeClock
	host  string // 127.0.0.1:PORT, signed by the SDK as the Host header
	tr    *http.Transport
}

// newWorld starts an emulator with the fake clock and sdkTimings unless opts says otherwise.
func newWorld(t *testing.T, opts cvmsim.Options) *world {
	t.Helper()
	clock := &fakeClock{now: time.Now()}
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.Timings == (cvmsim.Timings{}) {
		opts.Timings = sdkTimings
	}
	sim, err := cvmsim.New(opts)
	if err != nil {
		t.Fatalf("cvmsim.New: %v", err)
	}
	srv := httptest.NewServer(sim.Handler())
	tr := &http.Transport{}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
		if err := sim.Close(); err != nil {
			t.Errorf("sim.Close: %v", err)
		}
	})
	return &world{t: t, sim: sim, clock: clock, host: strings.TrimPrefix(srv.URL, "http://"), tr: tr}
}

// profile is the SDK's default client profile pointed at the emulator: default language (zh-CN),
// default headers, POST, only the endpoint and scheme changed.
func (w *world) profile() *profile.ClientProfile {
	p := profile.NewClientProfile()
	p.HttpProfile.Endpoint = w.host
	p.HttpProfile.Scheme = "http"
	p.HttpProfile.ReqTimeout = 10
	return p
}

func (w *world) cvmWith(a account, region string, p *profile.ClientProfile) *cvm.Client {
	w.t.Helper()
	c, err := cvm.NewClient(common.NewCredential(a.secretID, a.secretKey), region, p)
	if err != nil {
		w.t.Fatalf("cvm.NewClient: %v", err)
	}
	c.WithHttpTransport(w.tr)
	return c
}

func (w *world) cvm(a account, region string) *cvm.Client {
	return w.cvmWith(a, region, w.profile())
}

func (w *world) cbs(a account, region string) *cbs.Client {
	w.t.Helper()
	c, err := cbs.NewClient(common.NewCredential(a.secretID, a.secretKey), region, w.profile())
	if err != nil {
		w.t.Fatalf("cbs.NewClient: %v", err)
	}
	c.WithHttpTransport(w.tr)
	return c
}

func (w *world) tag(a account, region string) *tag.Client {
	w.t.Helper()
	c, err := tag.NewClient(common.NewCredential(a.secretID, a.secretKey), region, w.profile())
	if err != nil {
		w.t.Fatalf("tag.NewClient: %v", err)
	}
	c.WithHttpTransport(w.tr)
	return c
}

// raw sends an arbitrary JSON body, signed by the SDK's common client, so that tests can send
// what the typed requests refuse to build (unknown keys, wrong types, missing fields).
func (w *world) raw(a account, region, service, version, action, body string) (map[string]any, error) {
	w.t.Helper()
	c := common.NewCommonClient(common.NewCredential(a.secretID, a.secretKey), region, w.profile())
	c.WithHttpTransport(w.tr)
	req := tchttp.NewCommonRequest(service, version, action)
	if err := req.SetActionParameters(body); err != nil {
		w.t.Fatalf("SetActionParameters(%s): %v", body, err)
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return nil, err
	}
	var out struct{ Response map[string]any }
	if err := json.Unmarshal(resp.GetBody(), &out); err != nil {
		w.t.Fatalf("decoding %s: %v", resp.GetBody(), err)
	}
	return out.Response, nil
}

// wantCode asserts that err is an API error with exactly this code and a RequestId, which proves
// the answer came over HTTP 200 in the documented envelope (the SDK reports any other status as
// ClientError.HttpStatusCodeError).
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		t.Fatalf("want API error %s, got %v", code, err)
	}
	if sdkErr.GetCode() != code {
		t.Fatalf("want error code %s, got %s (%s)", code, sdkErr.GetCode(), sdkErr.GetMessage())
	}
	if sdkErr.GetRequestId() == "" {
		t.Fatalf("error %s came without a RequestId", code)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func s(v string) *string { return common.StringPtr(v) }

func ss(v ...string) []*string { return common.StringPtrs(v) }

func u64(v uint64) *uint64 { return common.Uint64Ptr(v) }

func b(v bool) *bool { return common.BoolPtr(v) }

func filter(name string, values ...string) *cvm.Filter {
	return &cvm.Filter{Name: s(name), Values: ss(values...)}
}

// createFromSnapshot makes a custom image from the account's seeded system-disk snapshot in the
// region and returns its ID; the image is CREATING until the clock passes sdkTimings.Create.
func (w *world) createFromSnapshot(a account, region, name string) string {
	w.t.Helper()
	req := cvm.NewCreateImageRequest()
	req.ImageName = s(name)
	req.SnapshotIds = ss(seedID("snap", a, region, 1))
	resp, err := w.cvm(a, region).CreateImage(req)
	mustOK(w.t, err)
	id := *resp.Response.ImageId
	if !imageIDPattern.MatchString(id) {
		w.t.Fatalf("CreateImage returned ImageId %q, want img- plus 8 of [a-z0-9]", id)
	}
	return id
}

// normalImage makes a custom image and lets it finish.
func (w *world) normalImage(a account, region, name string) string {
	w.t.Helper()
	id := w.createFromSnapshot(a, region, name)
	w.clock.Advance(sdkTimings.Create + time.Second)
	w.wantState(a, region, id, "NORMAL")
	return id
}

// image returns the image as the account sees it in the region, or nil when it is not visible.
func (w *world) image(a account, region, id string) *cvm.Image {
	w.t.Helper()
	req := cvm.NewDescribeImagesRequest()
	req.ImageIds = ss(id)
	resp, err := w.cvm(a, region).DescribeImages(req)
	mustOK(w.t, err)
	switch len(resp.Response.ImageSet) {
	case 0:
		if *resp.Response.TotalCount != 0 {
			w.t.Fatalf("DescribeImages(%s): empty ImageSet but TotalCount %d", id, *resp.Response.TotalCount)
		}
		return nil
	case 1:
		return resp.Response.ImageSet[0]
	default:
		w.t.Fatalf("DescribeImages(%s) returned %d images", id, len(resp.Response.ImageSet))
		return nil
	}
}

func (w *world) wantState(a account, region, id, state string) *cvm.Image {
	w.t.Helper()
	img := w.image(a, region, id)
	if img == nil {
		w.t.Fatalf("image %s not visible to %s in %s, want state %s", id, a.id, region, state)
	}
	if got := *img.ImageState; got != state {
		w.t.Fatalf("image %s in %s: ImageState %s, want %s", id, region, got, state)
	}
	return img
}

func (w *world) share(a account, region, id string, accounts ...string) error {
	req := cvm.NewModifyImageSharePermissionRequest()
	req.ImageId = s(id)
	req.AccountIds = ss(accounts...)
	req.Permission = s("SHARE")
	_, err := w.cvm(a, region).ModifyImageSharePermission(req)
	return err
}

func (w *world) cancelShare(a account, region, id string, accounts ...string) error {
	req := cvm.NewModifyImageSharePermissionRequest()
	req.ImageId = s(id)
	req.AccountIds = ss(accounts...)
	req.Permission = s("CANCEL")
	_, err := w.cvm(a, region).ModifyImageSharePermission(req)
	return err
}

func (w *world) deleteImage(a account, region, id string) error {
	req := cvm.NewDeleteImagesRequest()
	req.ImageIds = ss(id)
	_, err := w.cvm(a, region).DeleteImages(req)
	return err
}

// publicImage returns one NORMAL public image of the region.
func (w *world) publicImage(region string) *cvm.Image {
	w.t.Helper()
	for _, img := range w.describeAll(owner, region, filter("image-type", "PUBLIC_IMAGE")) {
		if *img.ImageState == "NORMAL" {
			return img
		}
	}
	w.t.Fatalf("no NORMAL public image in %s", region)
	return nil
}

// describeAll pages through DescribeImages with the largest page the API allows.
func (w *world) describeAll(a account, region string, filters ...*cvm.Filter) []*cvm.Image {
	w.t.Helper()
	c := w.cvm(a, region)
	var all []*cvm.Image
	for offset := uint64(0); ; offset += 100 {
		req := cvm.NewDescribeImagesRequest()
		req.Filters = filters
		req.Offset = u64(offset)
		req.Limit = u64(100)
		resp, err := c.DescribeImages(req)
		mustOK(w.t, err)
		all = append(all, resp.Response.ImageSet...)
		if len(resp.Response.ImageSet) < 100 || uint64(len(all)) >= uint64(*resp.Response.TotalCount) {
			return all
		}
	}
}

func imageIDs(imgs []*cvm.Image) map[string]*cvm.Image {
	m := make(map[string]*cvm.Image, len(imgs))
	for _, img := range imgs {
		m[*img.ImageId] = img
	}
	return m
}

// seedID is the documented ID of a seeded instance, disk or snapshot: prefix-RRA0000N.
func seedID(prefix string, a account, region string, n int) string {
	codes := map[string]string{
		"ap-guangzhou": "gz", "ap-shanghai": "sh", "ap-beijing": "bj", "ap-chengdu": "cd",
		"ap-hongkong": "hk", "ap-singapore": "sg", "ap-seoul": "se", "ap-tokyo": "tk",
		"na-siliconvalley": "sv", "eu-frankfurt": "fr",
	}
	return prefix + "-" + codes[region] + a.id[len(a.id)-1:] + "0000" + string(rune('0'+n))
}

// str reads an optional string field, "" when the answer left it out.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// jsonOf shows an SDK value in a failure message.
func jsonOf(v any) string {
	out, _ := json.Marshal(v)
	return string(out)
}
