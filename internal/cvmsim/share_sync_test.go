package cvmsim

import (
	"context"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// readyImage makes a NORMAL custom image of the owner in ap-guangzhou.
func readyImage(t *testing.T, c *imageapi.Client, clock *fakeClock, name string) string {
	t.Helper()
	id, err := c.CreateImage(context.Background(), DefaultRegion, imageapi.CreateImageRequest{ImageName: name, SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	clock.Advance(testTimings.Create)
	return id
}

func TestSharing_crossAccount(t *testing.T) {
	s, clock := newTestSim(t, Options{ShareLimit: 2})
	o, p := owner(t, s, clock), peer(t, s, clock)
	third := clientFor(t, s, clock, ThirdSecretID, ThirdSecretKey)
	ctx := context.Background()
	share := func(c *imageapi.Client, id, perm string, accts ...string) error {
		return c.ModifyImageSharePermission(ctx, DefaultRegion, imageapi.ModifyImageSharePermissionRequest{ImageId: id, AccountIds: accts, Permission: perm})
	}

	creating, err := o.CreateImage(ctx, DefaultRegion, imageapi.CreateImageRequest{ImageName: "busy", SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	wantCode(t, share(o, creating, "SHARE", PeerAccount), "InvalidParameterValue.InvalidImageState")
	clock.Advance(testTimings.Create)
	id := creating

	wantCode(t, share(o, id, "SHARE", OwnerAccount), "FailedOperation.AccountIsYourSelf")
	wantCode(t, share(o, id, "SHARE", "not-an-account"), "InvalidAccountId.NotFound")
	wantCode(t, share(p, id, "SHARE", ThirdAccount), "UnauthorizedOperation.ImageNotBelongToAccount")
	must(t, share(o, id, "SHARE", PeerAccount))
	wantCode(t, share(o, id, "SHARE", PeerAccount), "FailedOperation.AccountAlreadyExists")
	wantCode(t, share(o, id, "SHARE", "100000000009", "100000000010"), "OverQuota")

	perms, err := o.DescribeImageSharePermission(ctx, DefaultRegion, id)
	must(t, err)
	if len(perms) != 1 || perms[0].AccountId != PeerAccount || perms[0].CreatedTime == "" {
		t.Fatalf("share permissions %+v", perms)
	}
	_, err = p.DescribeImageSharePermission(ctx, DefaultRegion, id)
	wantCode(t, err, "UnauthorizedOperation.ImageNotBelongToAccount")

	// The peer sees it as SHARED_IMAGE, the third account not at all.
	got, err := p.ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	if got.ImageType != "SHARED_IMAGE" || got.ImageCreator != OwnerAccount {
		t.Fatalf("peer view %+v", got)
	}
	shared, err := p.DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{Filters: []imageapi.Filter{{Name: "image-type", Values: []string{"SHARED_IMAGE"}}}})
	must(t, err)
	if shared.TotalCount != 1 {
		t.Fatalf("peer's shared images: %d", shared.TotalCount)
	}
	if _, err := third.ImageNow(ctx, DefaultRegion, id); err == nil {
		t.Fatal("the third account must not see an image not shared with it")
	}
	if _, err := p.ImageNow(ctx, "ap-shanghai", id); err == nil {
		t.Fatal("a share is visible in its own region only")
	}

	name := "mine now"
	wantCode(t, p.ModifyImageAttribute(ctx, DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: id, ImageName: &name}), "UnsupportedOperation.SharedImageModifyUnsupported")
	wantCode(t, p.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}}), "InvalidParameterValue.InvalidImageIdIsShared")
	wantCode(t, third.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}}), "UnauthorizedOperation.ImageNotBelongToAccount")
	wantCode(t, o.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}}), "InvalidImageId.InShared")

	// The peer copies it into the same region: its own custom image. Another region is refused.
	_, err = p.SyncImages(ctx, DefaultRegion, imageapi.SyncImagesRequest{ImageIds: []string{id}, DestinationRegions: []string{"ap-shanghai"}})
	wantCode(t, err, "InvalidParameterValue.InvalidRegion")
	out, err := p.SyncImages(ctx, DefaultRegion, imageapi.SyncImagesRequest{ImageIds: []string{id}, DestinationRegions: []string{DefaultRegion}, ImageSetRequired: true, ImageName: "peer-copy"})
	must(t, err)
	if len(out.ImageSet) != 1 || out.ImageSet[0].Region != DefaultRegion {
		t.Fatalf("image set %+v", out.ImageSet)
	}
	cp, err := p.ImageNow(ctx, DefaultRegion, out.ImageSet[0].ImageId)
	must(t, err)
	if cp.ImageType != "PRIVATE_IMAGE" || cp.ImageCreator != PeerAccount || cp.ImageState != "SYNCING" || len(cp.SnapshotSet) == 0 {
		t.Fatalf("peer copy %+v", cp)
	}

	// CANCEL of an account never shared with is a no-op; CANCEL ends the share.
	must(t, share(o, id, "CANCEL", ThirdAccount))
	must(t, share(o, id, "CANCEL", PeerAccount))
	if _, err := p.ImageNow(ctx, DefaultRegion, id); err == nil {
		t.Fatal("cancelled share still visible")
	}
	wantCode(t, o.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}}), "InvalidImageId.IncorrectState")
	clock.Advance(testTimings.Copy)
	must(t, o.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}}))

	public := defaultInstanceImage(DefaultRegion)
	wantCode(t, share(o, public, "SHARE", PeerAccount), "UnauthorizedOperation.ImageNotBelongToAccount")
	wantCode(t, o.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{public}}), "UnauthorizedOperation.ImageNotBelongToAccount")
}

func TestSyncImages_copyLifecycle(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	o := owner(t, s, clock)
	ctx := context.Background()
	id := readyImage(t, o, clock, "golden")
	sync := func(req imageapi.SyncImagesRequest) (*imageapi.SyncImagesResponse, error) {
		if req.ImageIds == nil {
			req.ImageIds = []string{id}
		}
		return o.SyncImages(ctx, DefaultRegion, req)
	}

	_, err := sync(imageapi.SyncImagesRequest{DestinationRegions: []string{DefaultRegion}})
	wantCode(t, err, "InvalidParameterValue.InvalidRegion")
	_, err = sync(imageapi.SyncImagesRequest{DestinationRegions: []string{"mars-1"}})
	wantCode(t, err, "InvalidParameterValue.InvalidRegion")
	_, err = sync(imageapi.SyncImagesRequest{DestinationRegions: []string{"ap-tokyo"}, Encrypt: true})
	wantCode(t, err, "InvalidParameterValue.InvalidRegion")
	_, err = sync(imageapi.SyncImagesRequest{DestinationRegions: []string{"ap-tokyo"}, KmsKeyId: "k"})
	wantCode(t, err, "InvalidParameter.InvalidKmsKeyId")
	_, err = sync(imageapi.SyncImagesRequest{ImageIds: []string{id, id}, DestinationRegions: []string{"ap-tokyo"}})
	wantCode(t, err, "InvalidParameterValue.LimitExceeded")

	out, err := sync(imageapi.SyncImagesRequest{DestinationRegions: []string{"ap-tokyo", "ap-seoul"}})
	must(t, err)
	if len(out.ImageSet) != 0 {
		t.Fatalf("ImageSet is empty unless ImageSetRequired: %+v", out.ImageSet)
	}
	copies := s.CustomImages(OwnerAccount, "ap-tokyo")
	if len(copies) != 1 || copies[0].State != "SYNCING" {
		t.Fatalf("tokyo copy %+v", copies)
	}
	wantCode(t, o.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}}), "InvalidImageId.IncorrectState")

	clock.Advance(testTimings.Copy / 2)
	cp, err := o.ImageNow(ctx, "ap-tokyo", copies[0].ID)
	must(t, err)
	if cp.SyncPercent == nil || *cp.SyncPercent <= 0 || *cp.SyncPercent >= 100 {
		t.Fatalf("half-way SyncPercent %v", cp.SyncPercent)
	}
	clock.Advance(testTimings.Copy / 2)
	cp, err = o.ImageNow(ctx, "ap-tokyo", copies[0].ID)
	must(t, err)
	if cp.ImageState != "NORMAL" || *cp.SyncPercent != 100 || cp.ImageName != "golden" {
		t.Fatalf("finished copy %+v", cp)
	}
	_, err = sync(imageapi.SyncImagesRequest{DestinationRegions: []string{"ap-tokyo"}})
	wantCode(t, err, "InvalidImageName.Duplicate")
	must(t, o.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}}))

	// Quota counts in the destination.
	must(t, s.SetImageQuota(OwnerAccount, "ap-hongkong", 0))
	id2 := readyImage(t, o, clock, "second")
	_, err = o.SyncImages(ctx, DefaultRegion, imageapi.SyncImagesRequest{ImageIds: []string{id2}, DestinationRegions: []string{"ap-hongkong"}})
	wantCode(t, err, "ImageQuotaLimitExceeded")
}

func TestImportImage(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	o := owner(t, s, clock)
	ctx := context.Background()
	base := imageapi.ImportImageRequest{
		Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageName: "imported",
		ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos7.qcow2",
	}
	with := func(f func(*imageapi.ImportImageRequest)) error {
		r := base
		f(&r)
		_, err := o.ImportImage(ctx, DefaultRegion, r)
		return err
	}
	wantCode(t, with(func(r *imageapi.ImportImageRequest) { r.ImageUrl = "https://example.com/x.qcow2" }), "InvalidParameter.InvalidParameterUrlError")
	wantCode(t, with(func(r *imageapi.ImportImageRequest) { r.OsType = "Plan9" }), "InvalidImageOsType.Unsupported")
	wantCode(t, with(func(r *imageapi.ImportImageRequest) { r.OsVersion = "99" }), "InvalidImageOsVersion.Unsupported")
	wantCode(t, with(func(r *imageapi.ImportImageRequest) { r.LicenseType = "GPL" }), "InvalidParameterValue.InvalidLicenseType")
	wantCode(t, with(func(r *imageapi.ImportImageRequest) { r.BootMode = "BIOS" }), "InvalidParameterValue.InvalidBootMode")
	must(t, with(func(r *imageapi.ImportImageRequest) { r.OsType, r.ImageName, r.Force = "Plan9", "forced", true }))

	s.SetFaults(Faults{FailCreates: 1})
	failing, err := o.ImportImage(ctx, DefaultRegion, imageapi.ImportImageRequest{
		Architecture: "x86_64", OsType: "Ubuntu", OsVersion: "22", ImageName: "will-fail", ImageUrl: base.ImageUrl,
	})
	must(t, err)
	id, err := o.ImportImage(ctx, DefaultRegion, base)
	must(t, err)
	im, err := o.ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	if im.ImageState != "IMPORTING" || im.ImageSource != "EXTERNAL_IMPORT" || len(im.SnapshotSet) != 1 {
		t.Fatalf("imported %+v", im)
	}
	clock.Advance(testTimings.Import)
	im, _ = o.ImageNow(ctx, DefaultRegion, id)
	bad, _ := o.ImageNow(ctx, DefaultRegion, failing)
	if im.ImageState != "NORMAL" || bad.ImageState != "IMPORTFAILED" {
		t.Fatalf("states %s, %s", im.ImageState, bad.ImageState)
	}
	oses, err := o.DescribeImportImageOs(ctx, DefaultRegion)
	must(t, err)
	if len(oses.ImportImageOsListSupported.Linux) == 0 || len(oses.ImportImageOsVersionSet) == 0 {
		t.Fatalf("import OS list %+v", oses)
	}
}

func TestTags_consistentWithDescribeImages(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	o, p := owner(t, s, clock), peer(t, s, clock)
	ctx := context.Background()
	id := readyImage(t, o, clock, "tagged")

	must(t, o.ModifyImageTags(ctx, DefaultRegion, id, map[string]string{"env": "prod", "team": "web"}, nil))
	must(t, o.ModifyImageTags(ctx, DefaultRegion, id, map[string]string{"env": "staging"}, []string{"team"}))
	tags, err := o.ImageTags(ctx, DefaultRegion, id)
	must(t, err)
	if len(tags) != 1 || tags["env"] != "staging" {
		t.Fatalf("tag API read %v", tags)
	}
	im, err := o.ImageNow(ctx, DefaultRegion, id)
	must(t, err)
	if len(im.Tags) != 1 || im.Tags[0] != (imageapi.Tag{Key: "env", Value: "staging"}) {
		t.Fatalf("DescribeImages tags %+v", im.Tags)
	}
	byTag, err := o.DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{Filters: []imageapi.Filter{{Name: "tag:env", Values: []string{"staging"}}}})
	must(t, err)
	if byTag.TotalCount != 1 || byTag.ImageSet[0].ImageId != id {
		t.Fatalf("tag:env filter %+v", byTag)
	}
	wantCode(t, p.ModifyImageTags(ctx, DefaultRegion, id, map[string]string{"x": "y"}, nil), "ResourceNotFound")
	a := s.raw(t, clock, rawRequest{service: "tag", action: "ModifyResourceTags",
		body: `{"Resource":"qcs::cvm:ap-guangzhou:uin/` + OwnerAccount + `:image/` + id + `","ReplaceTags":[{"TagKey":"owner","TagValue":"me"}]}`})
	if a.Code != "" {
		t.Fatalf("a resource name with the account: %s %s", a.Code, a.Message)
	}
	a = s.raw(t, clock, rawRequest{service: "tag", action: "ModifyResourceTags", body: `{"Resource":"img-x"}`})
	if a.Code != "InvalidParameterValue.ResourceDescriptionError" {
		t.Fatalf("bad resource name: %s", a.Code)
	}
}

func TestSharing_encryptedAndBYOLRefused(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	o := owner(t, s, clock)
	ctx := context.Background()
	id := readyImage(t, o, clock, "plain")
	out, err := o.SyncImages(ctx, DefaultRegion, imageapi.SyncImagesRequest{ImageIds: []string{id}, DestinationRegions: []string{DefaultRegion}, Encrypt: true, KmsKeyId: "kms-1", ImageSetRequired: true})
	must(t, err)
	clock.Advance(testTimings.Copy)
	enc := out.ImageSet[0].ImageId
	err = o.ModifyImageSharePermission(ctx, DefaultRegion, imageapi.ModifyImageSharePermissionRequest{ImageId: enc, AccountIds: []string{PeerAccount}, Permission: "SHARE"})
	wantCode(t, err, "UnsupportedOperation.EncryptedImagesNotSupported")

	byol, err := o.ImportImage(ctx, DefaultRegion, imageapi.ImportImageRequest{
		Architecture: "x86_64", OsType: "Windows Server 2016", OsVersion: "9", ImageName: "byol", LicenseType: "BYOL",
		ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/win.vhd",
	})
	must(t, err)
	clock.Advance(testTimings.Import)
	err = o.ModifyImageSharePermission(ctx, DefaultRegion, imageapi.ModifyImageSharePermissionRequest{ImageId: byol, AccountIds: []string{PeerAccount}, Permission: "SHARE"})
	wantCode(t, err, "FailedOperation.BYOLImageShareFailed")
}
