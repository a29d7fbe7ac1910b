package cvmsim_test

import (
	"strings"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func syncReq(id string, regions ...string) *cvm.SyncImagesRequest {
	req := cvm.NewSyncImagesRequest()
	req.ImageIds = ss(id)
	req.DestinationRegions = ss(regions...)
	return req
}

// copiesIn returns the account's custom images in a region that carry the given name.
func (w *world) copiesIn(a account, region, name string) []*cvm.Image {
	w.t.Helper()
	var out []*cvm.Image
	for _, img := range w.describeAll(a, region, filter("image-type", "PRIVATE_IMAGE")) {
		if *img.ImageName == name {
			out = append(out, img)
		}
	}
	return out
}

// Spec 1.4 / R3.5: a copy appears in each destination as SYNCING with SyncPercent rising from 0
// to 100, then NORMAL; the source stays NORMAL throughout but cannot be deleted meanwhile.
func TestSDK_SyncImages_Lifecycle(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	src := w.normalImage(owner, gz, "golden")

	req := syncReq(src, sh, bj)
	req.ImageSetRequired = b(true)
	resp, err := w.cvm(owner, gz).SyncImages(req)
	mustOK(t, err)
	set := resp.Response.ImageSet
	if len(set) != 2 {
		t.Fatalf("ImageSet %s, want one copy per destination", jsonOf(set))
	}
	byRegion := map[string]string{}
	for _, c := range set {
		if !imageIDPattern.MatchString(*c.ImageId) || *c.ImageId == src {
			t.Fatalf("copy ID %q", *c.ImageId)
		}
		byRegion[*c.Region] = *c.ImageId
	}
	if byRegion[sh] == "" || byRegion[bj] == "" {
		t.Fatalf("ImageSet %s, want ap-shanghai and ap-beijing", jsonOf(set))
	}

	start := w.wantState(owner, sh, byRegion[sh], "SYNCING")
	w.clock.Advance(sdkTimings.Copy / 2)
	mid := w.wantState(owner, sh, byRegion[sh], "SYNCING")
	if start.SyncPercent == nil || mid.SyncPercent == nil {
		t.Fatalf("SyncPercent missing while SYNCING: %v, %v", jsonOf(start.SyncPercent), jsonOf(mid.SyncPercent))
	}
	if p := *mid.SyncPercent; p <= *start.SyncPercent || p <= 0 || p >= 100 {
		t.Fatalf("SyncPercent %d at the start, %d half-way: want it rising inside 0..100", *start.SyncPercent, p)
	}
	if img := w.wantState(owner, gz, src, "NORMAL"); *img.ImageName != "golden" {
		t.Fatalf("source renamed to %q", *img.ImageName)
	}
	wantCode(t, w.deleteImage(owner, gz, src), "InvalidImageId.IncorrectState")
	wantCode(t, w.deleteImage(owner, sh, byRegion[sh]), "InvalidImageId.IncorrectState")

	w.clock.Advance(sdkTimings.Copy)
	for region, id := range byRegion {
		img := w.wantState(owner, region, id, "NORMAL")
		if *img.ImageType != "PRIVATE_IMAGE" || *img.ImageName != "golden" || *img.ImageCreator != owner.id {
			t.Fatalf("copy in %s: %s", region, jsonOf(img))
		}
		if img.SyncPercent != nil && *img.SyncPercent != 100 {
			t.Fatalf("finished copy in %s has SyncPercent %d", region, *img.SyncPercent)
		}
		if len(img.SnapshotSet) == 0 {
			t.Fatalf("copy in %s has no snapshots", region)
		}
	}
	mustOK(t, w.deleteImage(owner, gz, src))
}

// R3.5: ImageSet is [] unless ImageSetRequired; ImageName names the copies.
func TestSDK_SyncImages_NameAndImageSet(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	src := w.normalImage(owner, gz, "golden")
	req := syncReq(src, sh)
	req.ImageName = s("golden-copy")
	resp, err := w.cvm(owner, gz).SyncImages(req)
	mustOK(t, err)
	if len(resp.Response.ImageSet) != 0 {
		t.Fatalf("ImageSet %s without ImageSetRequired, want []", jsonOf(resp.Response.ImageSet))
	}
	if got := w.copiesIn(owner, sh, "golden-copy"); len(got) != 1 {
		t.Fatalf("%d copies named golden-copy in ap-shanghai, want 1", len(got))
	}
}

// Spec 1.2 / 1.3: the region, state, ownership and encryption rules of SyncImages.
func TestSDK_SyncImages_Errors(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	src := w.normalImage(owner, gz, "golden")
	mustOK(t, w.share(owner, gz, src, peer.id))
	w.normalImage(owner, sh, "golden")
	creating := w.createFromSnapshot(owner, gz, "creating")
	pub := *w.publicImage(gz).ImageId
	cases := []struct {
		name string
		acct account
		req  *cvm.SyncImagesRequest
		code string
	}{
		{"custom image to its own region", owner, syncReq(src, gz), "InvalidParameterValue.InvalidRegion"},
		{"own region among others", owner, syncReq(src, bj, gz), "InvalidParameterValue.InvalidRegion"},
		{"unknown region", owner, syncReq(src, "xx-nowhere"), "InvalidParameterValue.InvalidRegion"},
		{"source not NORMAL", owner, syncReq(creating, sh), "InvalidParameterValue.InvalidImageState"},
		{"shared image to another region", peer, syncReq(src, sh), "InvalidParameterValue.InvalidRegion"},
		{"another account's image", third, syncReq(src, sh), "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"public image", owner, syncReq(pub, sh), "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"well-formed unknown", owner, syncReq("img-zz9zz9zz", sh), "InvalidImageId.NotFound"},
		{"malformed", owner, syncReq("img_12345678", sh), "InvalidImageId.Malformed"},
		{"name taken in the destination", owner, syncReq(src, sh), "InvalidImageName.Duplicate"},
		{"name of 61 characters", owner, func() *cvm.SyncImagesRequest {
			r := syncReq(src, bj)
			r.ImageName = s(strings.Repeat("c", 61))
			return r
		}(), "InvalidParameterValue.TooLarge"},
		{"Encrypt to another region", owner, func() *cvm.SyncImagesRequest {
			r := syncReq(src, bj)
			r.Encrypt = b(true)
			return r
		}(), "InvalidParameterValue.InvalidRegion"},
		{"KmsKeyId without Encrypt", owner, func() *cvm.SyncImagesRequest {
			r := syncReq(src, bj)
			r.KmsKeyId = s("kms-12345678")
			return r
		}(), "InvalidParameter.InvalidKmsKeyId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.cvm(tc.acct, gz).SyncImages(tc.req)
			wantCode(t, err, tc.code)
		})
	}
	if got := w.copiesIn(owner, bj, "golden"); len(got) != 0 {
		t.Fatalf("refused copies left %d images in ap-beijing", len(got))
	}
}

// Spec 1.2: a shared image may be copied into its own region, which gives the receiver a
// custom image of its own.
func TestSDK_SyncImages_SharedImageInItsRegion(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	src := w.normalImage(owner, gz, "golden")
	mustOK(t, w.share(owner, gz, src, peer.id))
	req := syncReq(src, gz)
	req.ImageName = s("my-golden")
	req.ImageSetRequired = b(true)
	resp, err := w.cvm(peer, gz).SyncImages(req)
	mustOK(t, err)
	if len(resp.Response.ImageSet) != 1 || *resp.Response.ImageSet[0].Region != gz {
		t.Fatalf("ImageSet %s, want one copy in ap-guangzhou", jsonOf(resp.Response.ImageSet))
	}
	copyID := *resp.Response.ImageSet[0].ImageId
	w.clock.Advance(sdkTimings.Copy + time.Second)
	img := w.wantState(peer, gz, copyID, "NORMAL")
	if *img.ImageType != "PRIVATE_IMAGE" || *img.ImageCreator != peer.id {
		t.Fatalf("peer's copy is %s by %s, want the peer's PRIVATE_IMAGE", *img.ImageType, *img.ImageCreator)
	}
	// The copy is the peer's: the owner cannot see it, and it outlives the share.
	if w.image(owner, gz, copyID) != nil {
		t.Fatal("peer's copy visible to the owner")
	}
	mustOK(t, w.cancelShare(owner, gz, src, peer.id))
	w.wantState(peer, gz, copyID, "NORMAL")
}

// Spec 1.2 / 1.3: Encrypt=true copies into the source region only, with or without a KMS key;
// the encrypted copy cannot be shared.
func TestSDK_SyncImages_Encrypt(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	src := w.normalImage(owner, gz, "plain")
	req := syncReq(src, gz)
	req.Encrypt = b(true)
	req.KmsKeyId = s("kms-12345678")
	req.ImageName = s("encrypted")
	req.ImageSetRequired = b(true)
	resp, err := w.cvm(owner, gz).SyncImages(req)
	mustOK(t, err)
	if len(resp.Response.ImageSet) != 1 {
		t.Fatalf("ImageSet %s", jsonOf(resp.Response.ImageSet))
	}
	enc := *resp.Response.ImageSet[0].ImageId
	w.clock.Advance(sdkTimings.Copy + time.Second)
	w.wantState(owner, gz, enc, "NORMAL")
	wantCode(t, w.share(owner, gz, enc, peer.id), "UnsupportedOperation.EncryptedImagesNotSupported")

	noKey := syncReq(src, gz)
	noKey.Encrypt = b(true)
	noKey.ImageName = s("encrypted-default-key")
	_, err = w.cvm(owner, gz).SyncImages(noKey)
	mustOK(t, err)
}

// Spec 1.3: a copy into a region where the account's quota is full is refused.
func TestSDK_SyncImages_QuotaInDestination(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	src := w.normalImage(owner, gz, "golden")
	w.createFromSnapshot(owner, sh, "already-there")
	mustOK(t, w.sim.SetImageQuota(owner.id, sh, 1))
	_, err := w.cvm(owner, gz).SyncImages(syncReq(src, sh))
	wantCode(t, err, "ImageQuotaLimitExceeded")
	// Another destination with room is fine.
	_, err = w.cvm(owner, gz).SyncImages(syncReq(src, bj))
	mustOK(t, err)
}
