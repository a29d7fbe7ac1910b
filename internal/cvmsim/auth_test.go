package cvmsim

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/tc3"
)

func TestAuth_failures(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	now := clock.Now().Unix()
	cases := []struct {
		name string
		rr   rawRequest
		code string
	}{
		{"ok", rawRequest{action: "DescribeImageQuota", body: "{}"}, ""},
		{"wrong key", rawRequest{action: "DescribeImageQuota", body: "{}", secretID: OwnerSecretID, secretKey: "nope"}, "AuthFailure.SignatureFailure"},
		{"unknown id", rawRequest{action: "DescribeImageQuota", body: "{}", secretID: "AKIDNOBODY", secretKey: "x"}, "AuthFailure.SecretIdNotFound"},
		{"skew", rawRequest{action: "DescribeImageQuota", body: "{}", timestamp: now - 301}, "AuthFailure.SignatureExpire"},
		{"skew ahead", rawRequest{action: "DescribeImageQuota", body: "{}", timestamp: now + 301}, "AuthFailure.SignatureExpire"},
		{"within skew", rawRequest{action: "DescribeImageQuota", body: "{}", timestamp: now - 299}, ""},
		{"malformed", rawRequest{action: "DescribeImageQuota", body: "{}", mutate: func(r *http.Request) { r.Header.Set("Authorization", "Bearer x") }}, "AuthFailure.InvalidAuthorization"},
		{"body changed", rawRequest{action: "DescribeImageQuota", body: "{}", mutate: func(r *http.Request) {
			r.Body = http.NoBody
		}}, "AuthFailure.SignatureFailure"},
		{"host changed", rawRequest{action: "DescribeImageQuota", body: "{}", mutate: func(r *http.Request) { r.Host = "cvm.ap-guangzhou.tencentcloudapi.com" }}, "AuthFailure.SignatureFailure"},
		{"token", rawRequest{action: "DescribeImageQuota", body: "{}", mutate: func(r *http.Request) { r.Header.Set("X-TC-Token", "t") }}, "AuthFailure.TokenFailure"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := s.raw(t, clock, tc.rr)
			if a.Status != 200 || a.Code != tc.code || !uuid.MatchString(a.ReqID) {
				t.Fatalf("status %d code %q (%s) request ID %q; want 200 %q", a.Status, a.Code, a.Message, a.ReqID, tc.code)
			}
		})
	}
}

// A client that signs more headers, with an unsigned payload and a date that is not the
// timestamp's, is judged on what it sent.
func TestAuth_signedHeaderListAndUnsignedPayload(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	ts := clock.Now().Unix()
	sign := func(r *http.Request, date string) {
		sig := tc3.Request{
			Method: http.MethodPost,
			Headers: []tc3.Header{{Name: "content-type", Value: "application/json"}, {Name: "host", Value: r.Host},
				{Name: "x-tc-action", Value: r.Header.Get("X-TC-Action")}},
			PayloadHash: tc3.HashPayload([]byte(tc3.UnsignedPayload)),
			Service:     "cvm",
			Timestamp:   ts,
		}
		r.Header.Set("X-TC-Content-SHA256", tc3.UnsignedPayload)
		auth := sig.Authorization(OwnerSecretID, OwnerSecretKey)
		if date != "" {
			auth = regexp.MustCompile(`\d{4}-\d\d-\d\d`).ReplaceAllString(auth, date)
		}
		r.Header.Set("Authorization", auth)
	}
	a := s.raw(t, clock, rawRequest{action: "DescribeImageQuota", body: "{}", mutate: func(r *http.Request) { sign(r, "") }})
	if a.Code != "" {
		t.Fatalf("got %s: %s", a.Code, a.Message)
	}
	a = s.raw(t, clock, rawRequest{action: "DescribeImageQuota", body: "{}", mutate: func(r *http.Request) {
		sign(r, time.Unix(ts, 0).UTC().AddDate(0, 0, -1).Format("2006-01-02"))
	}})
	if a.Code != "AuthFailure.SignatureFailure" {
		t.Fatalf("a credential date that is not the timestamp's must fail, got %q", a.Code)
	}
}

func TestRouting_andParameters(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	cases := []struct {
		name string
		rr   rawRequest
		code string
	}{
		{"unknown action", rawRequest{action: "RunInstances", body: "{}"}, "InvalidAction"},
		{"bad version", rawRequest{action: "DescribeImages", version: "2018-01-01", body: "{}"}, "NoSuchVersion"},
		{"tag version on cvm", rawRequest{action: "DescribeImages", version: "2018-08-13", body: "{}"}, "NoSuchVersion"},
		{"cvm action on tag", rawRequest{service: "tag", action: "DescribeImages", body: "{}"}, "InvalidAction"},
		{"unknown service", rawRequest{service: "cbs", action: "DescribeSnapshots", version: "2017-03-12", body: "{}"}, "InvalidAction"},
		{"no region", rawRequest{action: "DescribeImages", body: "{}", mutate: func(r *http.Request) { r.Header.Del("X-TC-Region") }}, "MissingParameter"},
		{"unknown region", rawRequest{action: "DescribeImages", region: "mars-north-1", body: "{}"}, "UnsupportedRegion"},
		{"unknown key", rawRequest{action: "DescribeImages", body: `{"Limt":5}`}, "UnknownParameter"},
		{"unknown nested key", rawRequest{action: "DescribeImages", body: `{"Filters":[{"Name":"image-id","Values":["x"],"Op":"eq"}]}`}, "UnknownParameter"},
		{"wrong type", rawRequest{action: "DescribeImages", body: `{"Limit":"5"}`}, "InvalidParameter"},
		{"negative uint", rawRequest{action: "DescribeImages", body: `{"Limit":-1}`}, "InvalidParameter"},
		{"wrong nested type", rawRequest{action: "DescribeImages", body: `{"Filters":[{"Name":"image-id","Values":"x"}]}`}, "InvalidParameter"},
		{"missing", rawRequest{action: "DeleteImages", body: `{}`}, "MissingParameter"},
		{"missing nested", rawRequest{action: "DescribeImages", body: `{"Filters":[{"Name":"image-id"}]}`}, "MissingParameter"},
		{"not an object", rawRequest{action: "DescribeImages", body: `[1]`}, "InvalidParameter"},
		{"ForcePoweroff as bool", rawRequest{action: "CreateImage", body: `{"ImageName":"x","InstanceId":"ins-gz100001","ForcePoweroff":true}`}, "InvalidParameter"},
		{"tag without region header", rawRequest{service: "tag", action: "DescribeResourceTagsByResourceIds",
			body: `{"ServiceType":"cvm","ResourcePrefix":"image","ResourceIds":["img-00000000"],"ResourceRegion":"ap-guangzhou"}`}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := s.raw(t, clock, tc.rr)
			if a.Code != tc.code {
				t.Fatalf("code %q (%s), want %q", a.Code, a.Message, tc.code)
			}
		})
	}
	if got := s.Calls()["cvm.RunInstances"]; got != 0 {
		t.Fatalf("an unknown action is not counted, got %d", got)
	}
}
