package cvmsim_test

import (
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func (w *world) quota(a account, region string) int64 {
	w.t.Helper()
	resp, err := w.cvm(a, region).DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
	mustOK(w.t, err)
	return *resp.Response.ImageNumQuota
}

// Spec 1.2: DescribeImageQuota reports the per-account, per-region quota: 10 by default,
// Options.ImageQuota for every account, SetImageQuota for one account in one region.
func TestSDK_DescribeImageQuota(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	if q := w.quota(owner, gz); q != 10 {
		t.Fatalf("default quota %d, want 10", q)
	}
	mustOK(t, w.sim.SetImageQuota(owner.id, sh, 3))
	if q := w.quota(owner, sh); q != 3 {
		t.Fatalf("quota after SetImageQuota %d, want 3", q)
	}
	if w.quota(owner, gz) != 10 || w.quota(peer, sh) != 10 {
		t.Fatal("SetImageQuota leaked into another region or account")
	}
	// The reported quota is the one enforced.
	for i := 0; i < 3; i++ {
		w.createFromSnapshot(owner, sh, "q"+string(rune('a'+i)))
	}
	req := cvm.NewCreateImageRequest()
	req.ImageName = s("fourth")
	req.SnapshotIds = ss(seedID("snap", owner, sh, 1))
	_, err := w.cvm(owner, sh).CreateImage(req)
	wantCode(t, err, "ImageQuotaLimitExceeded")

	w2 := newWorld(t, cvmsim.Options{ImageQuota: 25})
	if q := w2.quota(third, bj); q != 25 {
		t.Fatalf("quota with Options.ImageQuota 25: %d", q)
	}
}

func (w *world) fromFamily(a account, region, family string) *cvm.Image {
	w.t.Helper()
	req := cvm.NewDescribeImageFromFamilyRequest()
	req.ImageFamily = s(family)
	resp, err := w.cvm(a, region).DescribeImageFromFamily(req)
	mustOK(w.t, err)
	return resp.Response.Image
}

// Spec 1.5 / R3.12: the newest NORMAL, non-deprecated image of the family visible to the
// caller in the region, or null.
func TestSDK_DescribeImageFromFamily(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	mk := func(a account, region, name string) string {
		req := cvm.NewCreateImageRequest()
		req.ImageName = s(name)
		req.ImageFamily = s("app-daily")
		req.SnapshotIds = ss(seedID("snap", a, region, 1))
		resp, err := w.cvm(a, region).CreateImage(req)
		mustOK(t, err)
		return *resp.Response.ImageId
	}
	want := func(a account, region, id string) {
		t.Helper()
		img := w.fromFamily(a, region, "app-daily")
		if id == "" {
			if img != nil {
				t.Fatalf("family resolved to %s for %s in %s, want null", *img.ImageId, a.id, region)
			}
			return
		}
		if img == nil || *img.ImageId != id {
			t.Fatalf("family resolved to %s for %s in %s, want %s", jsonOf(img), a.id, region, id)
		}
	}

	if w.fromFamily(owner, gz, "no-such-family") != nil {
		t.Fatal("unknown family resolved to an image")
	}
	v1 := mk(owner, gz, "app-v1")
	want(owner, gz, "") // CREATING does not count
	w.clock.Advance(sdkTimings.Create + time.Second)
	want(owner, gz, v1)

	v2 := mk(owner, gz, "app-v2")
	want(owner, gz, v1) // v2 is newer but still CREATING
	w.clock.Advance(sdkTimings.Create + time.Second)
	want(owner, gz, v2)

	dep := cvm.NewModifyImageAttributeRequest()
	dep.ImageId = s(v2)
	dep.ImageDeprecated = b(true)
	_, err := w.cvm(owner, gz).ModifyImageAttribute(dep)
	mustOK(t, err)
	want(owner, gz, v1) // deprecated images are skipped

	// Visible to the caller, in this region only.
	want(owner, sh, "")
	want(third, gz, "")
	mustOK(t, w.share(owner, gz, v1, peer.id))
	want(peer, gz, v1)

	// Public families resolve too.
	for _, img := range w.describeAll(owner, gz, filter("image-type", "PUBLIC_IMAGE")) {
		if fam := str(img.ImageFamily); fam != "" {
			got := w.fromFamily(third, gz, fam)
			if got == nil || str(got.ImageFamily) != fam || *got.ImageState != "NORMAL" || (got.ImageDeprecated != nil && *got.ImageDeprecated) {
				t.Fatalf("public family %q resolved to %s", fam, jsonOf(got))
			}
			return
		}
	}
	t.Fatal("no public image has a family")
}

// Spec 1.5: DescribeInstances lists the account's seeded instance in the region with the
// documented fields, and only the caller's.
func TestSDK_DescribeInstances(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	for _, tc := range []struct {
		acct   account
		region string
	}{{owner, gz}, {peer, gz}, {third, sh}, {owner, "eu-frankfurt"}} {
		resp, err := w.cvm(tc.acct, tc.region).DescribeInstances(cvm.NewDescribeInstancesRequest())
		mustOK(t, err)
		var found *cvm.Instance
		for _, ins := range resp.Response.InstanceSet {
			if *ins.InstanceId == seedID("ins", tc.acct, tc.region, 1) {
				found = ins
			}
			for _, other := range []account{owner, peer, third} {
				if other != tc.acct && *ins.InstanceId == seedID("ins", other, tc.region, 1) {
					t.Fatalf("%s sees %s's instance %s", tc.acct.id, other.id, *ins.InstanceId)
				}
			}
		}
		if found == nil {
			t.Fatalf("%s in %s: %s lacks %s", tc.acct.id, tc.region, resp.ToJsonString(), seedID("ins", tc.acct, tc.region, 1))
		}
		if str(found.InstanceState) != "RUNNING" || found.Placement == nil || str(found.Placement.Zone) != tc.region+"-3" || str(found.InstanceName) == "" {
			t.Fatalf("instance %s", jsonOf(found))
		}
		img := w.image(tc.acct, tc.region, str(found.ImageId))
		if img == nil || *img.ImageType != "PUBLIC_IMAGE" {
			t.Fatalf("instance %s runs %s, which is not a public image of %s", *found.InstanceId, str(found.ImageId), tc.region)
		}
	}
}
