package cvmsim_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const cosURL = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/golden/centos.qcow2"

// importReq is an ImportImage request for an OS and version that DescribeImportImageOs lists.
func importReq(w *world, name string) *cvm.ImportImageRequest {
	w.t.Helper()
	resp, err := w.cvm(owner, gz).DescribeImportImageOs(cvm.NewDescribeImportImageOsRequest())
	mustOK(w.t, err)
	set := resp.Response.ImportImageOsVersionSet
	if len(set) == 0 || len(set[0].OsVersions) == 0 || len(set[0].Architecture) == 0 {
		w.t.Fatalf("DescribeImportImageOs lists no usable OS: %s", resp.ToJsonString())
	}
	req := cvm.NewImportImageRequest()
	req.Architecture = set[0].Architecture[0]
	req.OsType = set[0].OsName
	req.OsVersion = set[0].OsVersions[0]
	req.ImageUrl = s(cosURL)
	req.ImageName = s(name)
	return req
}

// R3.10: the OS list names Linux and Windows systems, each with versions and architectures.
func TestSDK_DescribeImportImageOs(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	resp, err := w.cvm(owner, gz).DescribeImportImageOs(cvm.NewDescribeImportImageOsRequest())
	mustOK(t, err)
	list := resp.Response.ImportImageOsListSupported
	if list == nil || len(list.Linux) == 0 || len(list.Windows) == 0 {
		t.Fatalf("ImportImageOsListSupported %s, want Linux and Windows entries", jsonOf(list))
	}
	supported := append(derefAll(list.Linux), derefAll(list.Windows)...)
	for _, v := range resp.Response.ImportImageOsVersionSet {
		if len(v.OsVersions) == 0 || len(v.Architecture) == 0 {
			t.Fatalf("version entry %s lacks versions or architectures", jsonOf(v))
		}
		if !slices.Contains(supported, *v.OsName) {
			t.Errorf("version entry for %q, which the supported list does not name", *v.OsName)
		}
	}
	if !slices.Contains(supported, "CentOS") || !slices.Contains(supported, "Ubuntu") {
		t.Errorf("supported list %v lacks CentOS or Ubuntu", supported)
	}
}

// Spec 1.4 / R3.9: an import returns the new ImageId at once and goes IMPORTING → NORMAL as an
// EXTERNAL_IMPORT custom image.
func TestSDK_ImportImage_Lifecycle(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req := importReq(w, "imported")
	req.ImageDescription = s("from COS")
	req.ImageFamily = s("imports")
	req.BootMode = s("UEFI")
	req.TagSpecification = []*cvm.TagSpecification{{ResourceType: s("image"), Tags: []*cvm.Tag{{Key: s("origin"), Value: s("cos")}}}}
	resp, err := w.cvm(owner, gz).ImportImage(req)
	mustOK(t, err)
	id := str(resp.Response.ImageId)
	if !imageIDPattern.MatchString(id) {
		t.Fatalf("ImportImage ImageId %q", id)
	}
	w.wantState(owner, gz, id, "IMPORTING")
	wantCode(t, w.deleteImage(owner, gz, id), "InvalidImageId.IncorrectState")
	w.clock.Advance(sdkTimings.Import + time.Second)
	img := w.wantState(owner, gz, id, "NORMAL")
	if *img.ImageType != "PRIVATE_IMAGE" || *img.ImageSource != "EXTERNAL_IMPORT" || *img.ImageCreator != owner.id {
		t.Fatalf("imported image: %s", jsonOf(img))
	}
	if str(img.ImageDescription) != "from COS" || str(img.ImageFamily) != "imports" || len(img.Tags) != 1 {
		t.Fatalf("imported image lost its description, family or tags: %s", jsonOf(img))
	}
	if len(img.SnapshotSet) == 0 {
		t.Fatal("imported image has no snapshots")
	}
}

// Spec 1.3: every refusal of ImportImage and its code.
func TestSDK_ImportImage_Errors(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.normalImage(owner, gz, "taken")
	cases := []struct {
		name string
		req  func(r *cvm.ImportImageRequest)
		code string
	}{
		{"unsupported OS", func(r *cvm.ImportImageRequest) { r.OsType = s("PlanNineOS") }, "InvalidImageOsType.Unsupported"},
		{"unsupported version", func(r *cvm.ImportImageRequest) { r.OsVersion = s("999.9") }, "InvalidImageOsVersion.Unsupported"},
		{"not a URL", func(r *cvm.ImportImageRequest) { r.ImageUrl = s("centos.qcow2") }, "InvalidParameter.InvalidParameterUrlError"},
		{"name of 61 characters", func(r *cvm.ImportImageRequest) { r.ImageName = s(strings.Repeat("i", 61)) }, "InvalidParameterValue.TooLarge"},
		{"description of 257 characters", func(r *cvm.ImportImageRequest) { r.ImageDescription = s(strings.Repeat("i", 257)) }, "InvalidParameterValue.TooLarge"},
		{"duplicate name", func(r *cvm.ImportImageRequest) { r.ImageName = s("taken") }, "InvalidImageName.Duplicate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := importReq(w, "import-error")
			tc.req(req)
			_, err := w.cvm(owner, gz).ImportImage(req)
			wantCode(t, err, tc.code)
		})
	}
	if n := len(w.sim.CustomImages(owner.id, gz)); n != 1 {
		t.Fatalf("refused imports left %d images, want 1", n)
	}
}

// Spec 1.3: the quota counts imports too.
func TestSDK_ImportImage_Quota(t *testing.T) {
	w := newWorld(t, cvmsim.Options{ImageQuota: 1})
	w.createFromSnapshot(owner, gz, "the-only-one")
	_, err := w.cvm(owner, gz).ImportImage(importReq(w, "over-quota"))
	wantCode(t, err, "ImageQuotaLimitExceeded")
}

// Spec 1.4: an injected failure ends in IMPORTFAILED.
func TestSDK_ImportImage_InjectedFailure(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	w.sim.SetFaults(cvmsim.Faults{FailCreates: 1})
	resp, err := w.cvm(owner, gz).ImportImage(importReq(w, "doomed"))
	mustOK(t, err)
	w.clock.Advance(sdkTimings.Import + time.Second)
	w.wantState(owner, gz, *resp.Response.ImageId, "IMPORTFAILED")
}

func derefAll(ps []*string) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, *p)
	}
	return out
}
