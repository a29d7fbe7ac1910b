package cvmsim

import (
	"net/http"
	"net/url"
	"testing"
)

// GET requests carry the parameters flattened into the query; they must meet the same checks,
// with the same codes, as the JSON body of a POST.
func TestGet_parametersAndSignature(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	cases := []struct {
		name, action, query, code string
	}{
		{"no parameters", "DescribeImages", "", ""},
		{"list and number", "DescribeImages", "ImageIds.0=img-00000000&ImageIds.1=img-00000001&Limit=5", ""},
		{"objects in a list", "DescribeImages", "Filters.0.Name=image-type&Filters.0.Values.0=PUBLIC_IMAGE&Filters.0.Values.1=SHARED_IMAGE", ""},
		{"bool", "DeleteImages", "ImageIds.0=img-00000000&DryRun=true", "InvalidImageId.NotFound"},
		{"bool not a bool", "DeleteImages", "ImageIds.0=img-00000000&DryRun=yes", "InvalidParameter"},
		{"number not a number", "DescribeImages", "Limit=five", "InvalidParameter"},
		{"negative unsigned", "DescribeImages", "Limit=-1", "InvalidParameter"},
		{"list given as a value", "DescribeImages", "ImageIds=img-00000000", "InvalidParameter"},
		{"list with a gap", "DescribeImages", "ImageIds.0=img-00000000&ImageIds.2=img-00000001", "InvalidParameter"},
		{"list both value and items", "DescribeImages", "ImageIds=x&ImageIds.0=img-00000000", "InvalidParameter"},
		{"string given as a structure", "DescribeImageSharePermission", "ImageId.0=img-00000000", "InvalidParameter"},
		{"values given as a value", "DescribeImages", "Filters.0.Name=image-type&Filters.0.Values=PUBLIC_IMAGE", "InvalidParameter"},
		{"unknown", "DescribeImages", "Limt=5", "UnknownParameter"},
		{"unknown member", "DescribeImages", "Filters.0.Name=image-id&Filters.0.Values.0=x&Filters.0.Op=eq", "UnknownParameter"},
		{"missing member", "DescribeImages", "Filters.0.Name=image-id", "MissingParameter"},
		{"missing", "DeleteImages", "DryRun=true", "MissingParameter"},
		{"repeated", "DescribeImages", "Limit=5&Limit=6", "InvalidParameter"},
		{"malformed name", "DescribeImages", "Filters..Name=x", "InvalidParameter"},
		{"same rules after decoding", "DescribeImages", "Limit=101", "InvalidParameterValue.LimitExceeded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := s.raw(t, clock, rawRequest{action: tc.action, get: true, query: tc.query})
			if a.Status != 200 || a.Code != tc.code {
				t.Fatalf("status %d code %q (%s), want 200 %q", a.Status, a.Code, a.Message, tc.code)
			}
		})
	}

	// The signature covers the query as received: any change to it breaks the signature.
	a := s.raw(t, clock, rawRequest{action: "DescribeImages", get: true, query: "Limit=5", mutate: func(r *http.Request) {
		r.URL.RawQuery = "Limit=6"
	}})
	if a.Code != "AuthFailure.SignatureFailure" {
		t.Fatalf("changed query: code %q, want AuthFailure.SignatureFailure", a.Code)
	}

	// Values arrive URL-decoded, so a name with spaces and non-ASCII text reaches the action intact.
	name := "get 镜像 & more"
	q := url.Values{"ImageName": {name}, "SnapshotIds.0": {"snap-gz100001"}}.Encode()
	a = s.raw(t, clock, rawRequest{action: "CreateImage", get: true, query: q})
	if a.Code != "" {
		t.Fatalf("GET CreateImage: %s (%s)", a.Code, a.Message)
	}
	imgs := s.CustomImages(OwnerAccount, DefaultRegion)
	if len(imgs) != 1 || imgs[0].Name != name {
		t.Fatalf("custom images after GET CreateImage = %+v, want one named %q", imgs, name)
	}
}

// Only GET and POST exist in the API.
func TestGet_otherMethods(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		a := s.raw(t, clock, rawRequest{action: "DescribeImages", body: "{}", mutate: func(r *http.Request) { r.Method = m }})
		if a.Status != 200 || a.Code != "UnsupportedProtocol" {
			t.Fatalf("%s: status %d code %q, want 200 UnsupportedProtocol", m, a.Status, a.Code)
		}
	}
}
