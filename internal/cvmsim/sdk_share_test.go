package cvmsim_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func (w *world) sharedWith(a account, region, id string) []string {
	w.t.Helper()
	req := cvm.NewDescribeImageSharePermissionRequest()
	req.ImageId = s(id)
	resp, err := w.cvm(a, region).DescribeImageSharePermission(req)
	mustOK(w.t, err)
	var out []string
	for _, p := range resp.Response.SharePermissionSet {
		if _, err := time.Parse(time.RFC3339, str(p.CreatedTime)); err != nil {
			w.t.Fatalf("share CreatedTime %q is not RFC 3339", str(p.CreatedTime))
		}
		out = append(out, *p.AccountId)
	}
	sort.Strings(out)
	return out
}

// R3.6 / R3.7: SHARE and CANCEL, as the owner and the receiver see them. Any well-formed
// account ID may receive a share (DESIGN.md, "API facts"); CANCEL of an account never shared with is a no-op.
func TestSDK_Share_ShareAndCancel(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "to-share")
	if got := w.sharedWith(owner, gz, id); len(got) != 0 {
		t.Fatalf("new image shared with %v", got)
	}
	const outsider = "200000000009"
	mustOK(t, w.share(owner, gz, id, peer.id, outsider))
	if got := w.sharedWith(owner, gz, id); fmt.Sprint(got) != fmt.Sprint([]string{peer.id, outsider}) {
		t.Fatalf("shared with %v, want peer and %s", got, outsider)
	}

	img := w.image(peer, gz, id)
	if img == nil || *img.ImageType != "SHARED_IMAGE" || *img.ImageCreator != owner.id || *img.ImageState != "NORMAL" {
		t.Fatalf("peer sees %s, want the owner's image as SHARED_IMAGE", jsonOf(img))
	}
	if got := w.describeAll(peer, gz, filter("image-type", "SHARED_IMAGE")); len(got) != 1 || *got[0].ImageId != id {
		t.Fatalf("peer's SHARED_IMAGE filter gives %d images", len(got))
	}
	// Sharing is within the region, and only with the named accounts.
	if w.image(peer, sh, id) != nil || w.image(third, gz, id) != nil {
		t.Fatal("shared image visible in another region or to an account it was not shared with")
	}

	mustOK(t, w.cancelShare(owner, gz, id, third.id)) // never shared: no error, no change
	if got := w.sharedWith(owner, gz, id); len(got) != 2 {
		t.Fatalf("CANCEL of a stranger changed the shares to %v", got)
	}
	mustOK(t, w.cancelShare(owner, gz, id, peer.id))
	if got := w.sharedWith(owner, gz, id); fmt.Sprint(got) != fmt.Sprint([]string{outsider}) {
		t.Fatalf("after CANCEL shared with %v", got)
	}
	if w.image(peer, gz, id) != nil {
		t.Fatal("image still visible to the peer after CANCEL")
	}
}

// Spec 1.1 / 1.3: every refusal of ModifyImageSharePermission and its code.
func TestSDK_Share_Errors(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "to-share")
	mustOK(t, w.share(owner, gz, id, peer.id))
	creating := w.createFromSnapshot(owner, gz, "creating")
	pub := *w.publicImage(gz).ImageId
	cases := []struct {
		name     string
		acct     account
		id       string
		accounts []string
		code     string
	}{
		{"with oneself", owner, id, []string{owner.id}, "FailedOperation.AccountIsYourSelf"},
		{"already shared", owner, id, []string{peer.id}, "FailedOperation.AccountAlreadyExists"},
		{"malformed account", owner, id, []string{"not-an-account"}, "InvalidAccountId.NotFound"},
		{"image not NORMAL", owner, creating, []string{peer.id}, "InvalidParameterValue.InvalidImageState"},
		{"re-share a shared-in image", peer, id, []string{third.id}, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"another account's image", third, id, []string{peer.id}, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"public image", owner, pub, []string{peer.id}, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"well-formed unknown", owner, "img-zz9zz9zz", []string{peer.id}, "InvalidImageId.NotFound"},
		{"malformed image", owner, "img-", []string{peer.id}, "InvalidImageId.Malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, w.share(tc.acct, gz, tc.id, tc.accounts...), tc.code)
		})
	}
	if got := w.sharedWith(owner, gz, id); fmt.Sprint(got) != fmt.Sprint([]string{peer.id}) {
		t.Fatalf("refused shares changed the list to %v", got)
	}

	t.Run("DescribeImageSharePermission", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			acct account
			id   string
			code string
		}{
			{"another account's image", third, id, "UnauthorizedOperation.ImageNotBelongToAccount"},
			{"well-formed unknown", owner, "img-zz9zz9zz", "InvalidImageId.NotFound"},
			{"malformed", owner, "img-x", "InvalidImageId.Malformed"},
		} {
			req := cvm.NewDescribeImageSharePermissionRequest()
			req.ImageId = s(tc.id)
			_, err := w.cvm(tc.acct, gz).DescribeImageSharePermission(req)
			wantCode(t, err, tc.code)
		}
	})
}

// Spec 1.1 / 1.2: at most 50 receiving accounts per image by default.
func TestSDK_Share_AccountLimit(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "popular")
	var fifty []string
	for i := 0; i < 50; i++ {
		fifty = append(fifty, fmt.Sprintf("3000000%05d", i))
	}
	mustOK(t, w.share(owner, gz, id, fifty...))
	wantCode(t, w.share(owner, gz, id, peer.id), "OverQuota")
	if got := w.sharedWith(owner, gz, id); len(got) != 50 {
		t.Fatalf("shared with %d accounts, want 50", len(got))
	}
	// One out, one in.
	mustOK(t, w.cancelShare(owner, gz, id, fifty[0]))
	mustOK(t, w.share(owner, gz, id, peer.id))
}

// Options.ShareLimit configures the limit, and one call that would cross it changes nothing.
func TestSDK_Share_ConfiguredLimit(t *testing.T) {
	w := newWorld(t, cvmsim.Options{ShareLimit: 2})
	id := w.normalImage(owner, gz, "limited")
	wantCode(t, w.share(owner, gz, id, peer.id, third.id, "200000000009"), "OverQuota")
	if got := w.sharedWith(owner, gz, id); len(got) != 0 {
		t.Fatalf("a refused share left %v", got)
	}
	mustOK(t, w.share(owner, gz, id, peer.id, third.id))
}

// Spec 1.3: a BYOL image cannot be shared.
func TestSDK_Share_BYOL(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req := importReq(w, "byol")
	req.LicenseType = s("BYOL")
	resp, err := w.cvm(owner, gz).ImportImage(req)
	mustOK(t, err)
	id := *resp.Response.ImageId
	w.clock.Advance(sdkTimings.Import + time.Second)
	img := w.wantState(owner, gz, id, "NORMAL")
	if str(img.LicenseType) != "BYOL" {
		t.Fatalf("LicenseType %q, want BYOL", str(img.LicenseType))
	}
	wantCode(t, w.share(owner, gz, id, peer.id), "FailedOperation.BYOLImageShareFailed")
}

// R3.6: shared-in images do not count against the receiver's quota.
func TestSDK_Share_NotInReceiversQuota(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "gift")
	mustOK(t, w.share(owner, gz, id, peer.id))
	mustOK(t, w.sim.SetImageQuota(peer.id, gz, 1))
	w.createFromSnapshot(peer, gz, "peers-only-slot")
}
