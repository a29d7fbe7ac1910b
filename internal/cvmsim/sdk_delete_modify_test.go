package cvmsim_test

import (
	"strings"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// R3.3: a deleted image is gone from DescribeImages (an empty answer, not an error), and deleting
// it again is InvalidImageId.NotFound.
func TestSDK_DeleteImages_Deletes(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	a := w.normalImage(owner, gz, "del-a")
	bb := w.normalImage(owner, gz, "del-b")
	req := cvm.NewDeleteImagesRequest()
	req.ImageIds = ss(a, bb)
	_, err := w.cvm(owner, gz).DeleteImages(req)
	mustOK(t, err)
	if w.image(owner, gz, a) != nil || w.image(owner, gz, bb) != nil {
		t.Fatal("deleted images still listed")
	}
	wantCode(t, w.deleteImage(owner, gz, a), "InvalidImageId.NotFound")
}

// R3.3: DeleteBindedSnap also deletes the image's snapshots; without it they stay usable.
func TestSDK_DeleteImages_DeleteBindedSnap(t *testing.T) {
	for _, withSnaps := range []bool{false, true} {
		w := newWorld(t, cvmsim.Options{})
		mk := cvm.NewCreateImageRequest()
		mk.ImageName = s("with-snaps")
		mk.InstanceId = s(seedID("ins", owner, gz, 1))
		resp, err := w.cvm(owner, gz).CreateImage(mk)
		mustOK(t, err)
		id := *resp.Response.ImageId
		w.clock.Advance(sdkTimings.Create + time.Second)
		img := w.wantState(owner, gz, id, "NORMAL")
		var snaps []string
		for _, snap := range img.SnapshotSet {
			snaps = append(snaps, *snap.SnapshotId)
		}

		del := cvm.NewDeleteImagesRequest()
		del.ImageIds = ss(id)
		del.DeleteBindedSnap = b(withSnaps)
		_, err = w.cvm(owner, gz).DeleteImages(del)
		mustOK(t, err)

		again := cvm.NewCreateImageRequest()
		again.ImageName = s("from-left-snaps")
		again.SnapshotIds = ss(snaps...)
		_, err = w.cvm(owner, gz).CreateImage(again)
		if withSnaps {
			wantCode(t, err, "InvalidParameter.SnapshotNotFound")
		} else if err != nil {
			t.Fatalf("snapshots of an image deleted without DeleteBindedSnap are unusable: %v", err)
		}
	}
}

// Spec 1.2 / 1.3: every refusal of DeleteImages and its code.
func TestSDK_DeleteImages_Errors(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	sharedOut := w.normalImage(owner, gz, "shared-out")
	mustOK(t, w.share(owner, gz, sharedOut, peer.id))
	creating := w.createFromSnapshot(owner, gz, "still-creating")
	pub := *w.publicImage(gz).ImageId
	cases := []struct {
		name string
		acct account
		id   string
		code string
	}{
		{"CREATING", owner, creating, "InvalidImageId.IncorrectState"},
		{"shared out", owner, sharedOut, "InvalidImageId.InShared"},
		{"shared in", peer, sharedOut, "InvalidParameterValue.InvalidImageIdIsShared"},
		{"another account's", third, sharedOut, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"public", owner, pub, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"well-formed unknown", owner, "img-zz9zz9zz", "InvalidImageId.NotFound"},
		{"malformed", owner, "img-!", "InvalidImageId.Malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, w.deleteImage(tc.acct, gz, tc.id), tc.code)
		})
	}
	t.Run("marketplace", func(t *testing.T) {
		market := w.describeAll(owner, gz, filter("image-type", "MARKET_IMAGE"))
		if len(market) == 0 {
			t.Fatal("no marketplace image")
		}
		wantCode(t, w.deleteImage(owner, gz, *market[0].ImageId), "UnauthorizedOperation.ImageNotBelongToAccount")
	})
	// Still there, and deletable once sharing is cancelled.
	w.wantState(owner, gz, sharedOut, "NORMAL")
	mustOK(t, w.cancelShare(owner, gz, sharedOut, peer.id))
	mustOK(t, w.deleteImage(owner, gz, sharedOut))
}

// R3.3: a dry run of a delete leaves the image in place.
func TestSDK_DeleteImages_DryRun(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "keep")
	req := cvm.NewDeleteImagesRequest()
	req.ImageIds = ss(id)
	req.DryRun = b(true)
	_, err := w.cvm(owner, gz).DeleteImages(req)
	wantDryRunPassed(t, err)
	w.wantState(owner, gz, id, "NORMAL")
}

// R3.4: rename, redescribe, move to a family and deprecate; DescribeImages shows each change.
func TestSDK_ModifyImageAttribute_Changes(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "before")
	req := cvm.NewModifyImageAttributeRequest()
	req.ImageId = s(id)
	req.ImageName = s("after")
	req.ImageDescription = s("now described")
	req.ImageFamily = s("fam-a")
	_, err := w.cvm(owner, gz).ModifyImageAttribute(req)
	mustOK(t, err)
	img := w.wantState(owner, gz, id, "NORMAL")
	if *img.ImageName != "after" || str(img.ImageDescription) != "now described" || str(img.ImageFamily) != "fam-a" {
		t.Fatalf("after modify: name %q, description %q, family %q", *img.ImageName, str(img.ImageDescription), str(img.ImageFamily))
	}

	// Only what is sent changes.
	only := cvm.NewModifyImageAttributeRequest()
	only.ImageId = s(id)
	only.ImageDeprecated = b(true)
	_, err = w.cvm(owner, gz).ModifyImageAttribute(only)
	mustOK(t, err)
	img = w.wantState(owner, gz, id, "NORMAL")
	if img.ImageDeprecated == nil || !*img.ImageDeprecated || *img.ImageName != "after" || str(img.ImageDescription) != "now described" {
		t.Fatalf("after deprecating: %s", jsonOf(img))
	}

	// The old name is free again.
	w.createFromSnapshot(owner, gz, "before")
}

// Spec 1.2 / 1.3: every refusal of ModifyImageAttribute and its code.
func TestSDK_ModifyImageAttribute_Errors(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "mine")
	w.normalImage(owner, gz, "taken")
	mustOK(t, w.share(owner, gz, id, peer.id))
	creating := w.createFromSnapshot(owner, gz, "creating")
	pub := *w.publicImage(gz).ImageId
	cases := []struct {
		name string
		acct account
		id   string
		req  func(r *cvm.ModifyImageAttributeRequest)
		code string
	}{
		{"name of 61 characters", owner, id, func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s(strings.Repeat("x", 61)) }, "InvalidParameterValue.TooLarge"},
		{"description of 257 characters", owner, id, func(r *cvm.ModifyImageAttributeRequest) { r.ImageDescription = s(strings.Repeat("x", 257)) }, "InvalidParameterValue.TooLarge"},
		{"duplicate name", owner, id, func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s("taken") }, "InvalidImageName.Duplicate"},
		{"CREATING", owner, creating, func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s("renamed") }, "InvalidImageId.IncorrectState"},
		{"shared in", peer, id, func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s("renamed") }, "UnsupportedOperation.SharedImageModifyUnsupported"},
		{"another account's", third, id, func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s("renamed") }, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"public", owner, pub, func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s("renamed") }, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"well-formed unknown", owner, "img-zz9zz9zz", func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s("renamed") }, "InvalidImageId.NotFound"},
		{"malformed", owner, "image-1", func(r *cvm.ModifyImageAttributeRequest) { r.ImageName = s("renamed") }, "InvalidImageId.Malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := cvm.NewModifyImageAttributeRequest()
			req.ImageId = s(tc.id)
			tc.req(req)
			_, err := w.cvm(tc.acct, gz).ModifyImageAttribute(req)
			wantCode(t, err, tc.code)
		})
	}
	if img := w.wantState(owner, gz, id, "NORMAL"); *img.ImageName != "mine" {
		t.Fatalf("a refused modify renamed the image to %q", *img.ImageName)
	}
}

// Out-of-band changes through the emulator's control API show through the SDK (the drift that
// provider tests rely on).
func TestSDK_ControlAPI_Drift(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "console")
	mustOK(t, w.sim.RenameImage(gz, id, "renamed-in-console"))
	if img := w.wantState(owner, gz, id, "NORMAL"); *img.ImageName != "renamed-in-console" {
		t.Fatalf("name %q after RenameImage", *img.ImageName)
	}
	mustOK(t, w.sim.ShareImage(gz, id, peer.id))
	if img := w.image(peer, gz, id); img == nil || *img.ImageType != "SHARED_IMAGE" {
		t.Fatal("ShareImage did not share with the peer")
	}
	mustOK(t, w.sim.UnshareImage(gz, id, peer.id))
	if w.image(peer, gz, id) != nil {
		t.Fatal("UnshareImage left the image visible to the peer")
	}
	mustOK(t, w.sim.ShareImage(gz, id, peer.id))
	mustOK(t, w.sim.DeleteImage(gz, id))
	if w.image(owner, gz, id) != nil || w.image(peer, gz, id) != nil {
		t.Fatal("DeleteImage left the image or its share behind")
	}
}
