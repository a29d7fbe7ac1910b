package cvmsim_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// Spec 1.3: the three ways a signature fails, each with its own code.
func TestSDK_Auth_Failures(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	cases := []struct {
		name string
		acct account
		code string
	}{
		{"wrong secret key", account{owner.id, owner.secretID, "not-the-owner-key"}, "AuthFailure.SignatureFailure"},
		{"unknown secret id", account{owner.id, "AKIDNOSUCHSECRETID", owner.secretKey}, "AuthFailure.SecretIdNotFound"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.cvm(tc.acct, gz).DescribeImages(cvm.NewDescribeImagesRequest())
			wantCode(t, err, tc.code)
		})
	}
}

// Spec 1.3 / R1.3: a timestamp more than 300 s away from the server's clock is refused.
func TestSDK_Auth_ClockSkew(t *testing.T) {
	for _, skew := range []time.Duration{10 * time.Minute, -10 * time.Minute} {
		w := newWorld(t, cvmsim.Options{Now: func() time.Time { return time.Now().Add(skew) }})
		_, err := w.cvm(owner, gz).DescribeImages(cvm.NewDescribeImagesRequest())
		wantCode(t, err, "AuthFailure.SignatureExpire")
	}
	// Inside the window is fine.
	w := newWorld(t, cvmsim.Options{Now: func() time.Time { return time.Now().Add(4 * time.Minute) }})
	_, err := w.cvm(owner, gz).DescribeImages(cvm.NewDescribeImagesRequest())
	mustOK(t, err)
}

// Spec 1.3: a malformed Authorization header. The SDK cannot send one, so this goes over plain
// HTTP; the answer must still be HTTP 200 in the documented envelope.
func TestSDK_Auth_MalformedAuthorization(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req, err := http.NewRequest(http.MethodPost, "http://"+w.host+"/", strings.NewReader("{}"))
	mustOK(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "DescribeImages")
	req.Header.Set("X-TC-Version", cvmVersion)
	req.Header.Set("X-TC-Region", gz)
	req.Header.Set("X-TC-Timestamp", "1700000000")
	req.Header.Set("Authorization", "TC3-HMAC-SHA256 this is not a credential")
	resp, err := (&http.Client{Transport: w.tr}).Do(req)
	mustOK(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200 for an API error; body %s", resp.StatusCode, body)
	}
	var out struct {
		Response struct {
			Error     struct{ Code, Message string }
			RequestId string
		}
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if out.Response.Error.Code != "AuthFailure.InvalidAuthorization" || out.Response.RequestId == "" {
		t.Fatalf("got %s, want AuthFailure.InvalidAuthorization with a RequestId", body)
	}
}

// Spec 1.3 / R7.2: routing and body validation, through the SDK's signed common client so the
// body can hold what typed requests refuse to build.
func TestSDK_Protocol_RequestValidation(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	cases := []struct {
		name, service, version, action, body, code string
	}{
		{"unknown action", "cvm", cvmVersion, "DescribeImagez", `{}`, "InvalidAction"},
		{"unknown version", "cvm", "2016-01-01", "DescribeImages", `{}`, "NoSuchVersion"},
		{"unknown body key", "cvm", cvmVersion, "DescribeImages", `{"Limitt":10}`, "UnknownParameter"},
		{"string for a number", "cvm", cvmVersion, "DescribeImages", `{"Limit":"ten"}`, "InvalidParameter"},
		{"string for a list", "cvm", cvmVersion, "DescribeImages", `{"ImageIds":"img-12345678"}`, "InvalidParameter"},
		{"number for a string", "cvm", cvmVersion, "ModifyImageAttribute", `{"ImageId":12345678}`, "InvalidParameter"},
		{"DeleteImages without ImageIds", "cvm", cvmVersion, "DeleteImages", `{}`, "MissingParameter"},
		{"ModifyImageAttribute without ImageId", "cvm", cvmVersion, "ModifyImageAttribute", `{"ImageName":"x"}`, "MissingParameter"},
		{"CreateImage without ImageName", "cvm", cvmVersion, "CreateImage", `{"InstanceId":"ins-gz100001"}`, "MissingParameter"},
		{"SyncImages without DestinationRegions", "cvm", cvmVersion, "SyncImages", `{"ImageIds":["img-12345678"]}`, "MissingParameter"},
		{"share without Permission", "cvm", cvmVersion, "ModifyImageSharePermission", `{"ImageId":"img-12345678","AccountIds":["100000000002"]}`, "MissingParameter"},
		{"DescribeImageSharePermission without ImageId", "cvm", cvmVersion, "DescribeImageSharePermission", `{}`, "MissingParameter"},
		{"ImportImage without OsType", "cvm", cvmVersion, "ImportImage", `{"Architecture":"x86_64","OsVersion":"7","ImageUrl":"https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a.qcow2","ImageName":"x"}`, "MissingParameter"},
		{"cvm action on the tag service", "tag", tagVersion, "DescribeImages", `{}`, "InvalidAction"},
		{"tag action with the cvm version", "tag", cvmVersion, "ModifyResourceTags", `{}`, "NoSuchVersion"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.raw(owner, gz, tc.service, tc.version, tc.action, tc.body)
			wantCode(t, err, tc.code)
		})
	}
	if n := len(w.sim.CustomImages(owner.id, "")); n != 0 {
		t.Fatalf("rejected requests left %d custom images behind", n)
	}
}

// R1.6: a well-formed success carries a RequestId, and ImageSet is an empty list, not null, when
// a well-formed ID matches nothing (no error, as the API answers).
func TestSDK_Protocol_EnvelopeOfEmptyResult(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	resp, err := w.raw(owner, gz, "cvm", cvmVersion, "DescribeImages", `{"ImageIds":["img-zz9zz9zz"]}`)
	mustOK(t, err)
	if id, _ := resp["RequestId"].(string); id == "" {
		t.Fatalf("no RequestId in %v", resp)
	}
	set, isList := resp["ImageSet"].([]any)
	if !isList || len(set) != 0 {
		t.Fatalf("ImageSet = %#v, want []", resp["ImageSet"])
	}
	if n, _ := resp["TotalCount"].(float64); n != 0 || resp["TotalCount"] == nil {
		t.Fatalf("TotalCount = %v, want 0", resp["TotalCount"])
	}
}

// R1.3: the SDK's other language setting is accepted too, and errors keep their codes.
func TestSDK_Protocol_EnglishLanguage(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	p := w.profile()
	p.Language = "en-US"
	c := w.cvmWith(owner, gz, p)
	_, err := c.DescribeImages(cvm.NewDescribeImagesRequest())
	mustOK(t, err)
	req := cvm.NewDescribeImagesRequest()
	req.ImageIds = ss("bad-id")
	_, err = c.DescribeImages(req)
	wantCode(t, err, "InvalidImageId.Malformed")
}

// Spec 1.3: injected faults and throttling carry their documented codes; the SDK does not retry
// RequestLimitExceeded by default, so the code reaches the caller.
func TestSDK_Protocol_InjectedFaults(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.sim.SetFaults(cvmsim.Faults{InternalErrorRate: 1, Seed: 1})
	_, err := w.cvm(owner, gz).DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
	wantCode(t, err, "InternalError")

	w.sim.SetFaults(cvmsim.Faults{ThrottleRate: 1, Seed: 1})
	_, err = w.cvm(owner, gz).DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
	wantCode(t, err, "RequestLimitExceeded")

	w.sim.SetFaults(cvmsim.Faults{})
	_, err = w.cvm(owner, gz).DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
	mustOK(t, err)
}

// Spec 1.2: DescribeImages allows 40 calls a second per account, other reads 20. The fake clock
// does not move, so every call falls in the same second.
func TestSDK_Protocol_RateLimits(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.sim.SetFaults(cvmsim.Faults{RateLimits: true})
	cases := []struct {
		action string
		limit  int
		call   func(c *cvm.Client) error
	}{
		{"DescribeImages", 40, func(c *cvm.Client) error {
			_, err := c.DescribeImages(cvm.NewDescribeImagesRequest())
			return err
		}},
		{"DescribeImageQuota", 20, func(c *cvm.Client) error {
			_, err := c.DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.action, func(t *testing.T) {
			c := w.cvm(owner, gz)
			for i := 0; i < tc.limit; i++ {
				if err := tc.call(c); err != nil {
					t.Fatalf("call %d of %d within one second: %v", i+1, tc.limit, err)
				}
			}
			wantCode(t, tc.call(c), "RequestLimitExceeded")
			// The limit is per account: the peer is not throttled by the owner's calls.
			mustOK(t, tc.call(w.cvm(peer, gz)))
			// And per second: the next second starts afresh.
			w.clock.Advance(time.Second)
			mustOK(t, tc.call(c))
		})
	}
}

// Spec 1.4: with injected eventual consistency a new image stays out of DescribeImages for a
// while, although the create succeeded.
func TestSDK_Protocol_Invisibility(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.sim.SetFaults(cvmsim.Faults{Invisibility: 5 * time.Second})
	id := w.createFromSnapshot(owner, gz, "shy")
	if w.image(owner, gz, id) != nil {
		t.Fatal("new image visible at once despite Invisibility")
	}
	w.clock.Advance(6 * time.Second)
	w.wantState(owner, gz, id, "CREATING")
}

// Faults.LostResponseRate: the call executes but its answer never arrives; the SDK reports a
// client-side error without a RequestId, and the image exists anyway.
func TestSDK_Protocol_LostResponse(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.sim.SetFaults(cvmsim.Faults{LostResponseRate: 1, Seed: 1})
	req := cvm.NewCreateImageRequest()
	req.ImageName = s("lost")
	req.SnapshotIds = ss(seedID("snap", owner, gz, 1))
	_, err := w.cvm(owner, gz).CreateImage(req)
	if err == nil {
		t.Fatal("CreateImage answered despite LostResponseRate 1")
	}
	var sdkErr *tcerr.TencentCloudSDKError
	if errors.As(err, &sdkErr) && (sdkErr.GetRequestId() != "" || !strings.HasPrefix(sdkErr.GetCode(), "ClientError")) {
		t.Fatalf("lost answer surfaced as API error %v", err)
	}
	w.sim.SetFaults(cvmsim.Faults{})
	if got := w.describeAll(owner, gz, filter("image-name", "lost")); len(got) != 1 {
		t.Fatalf("%d images named lost after the lost answer, want 1", len(got))
	}
}
