package cvmsim_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	tag "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/tag/v20180813"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// Spec 1.1 / 1.5: the public catalogue of a region, with the fields a user picks images by.
func TestSDK_DescribeImages_PublicCatalogue(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	public := w.describeAll(owner, gz, filter("image-type", "PUBLIC_IMAGE"))
	if len(public) == 0 {
		t.Fatal("no public images in ap-guangzhou")
	}
	var deprecated, withFamily, arm bool
	for _, img := range public {
		if *img.ImageType != "PUBLIC_IMAGE" || *img.ImageSource != "OFFICIAL" || *img.ImageCreator != "tencentcloud" {
			t.Fatalf("public image %s: type %s, source %s, creator %s; want PUBLIC_IMAGE, OFFICIAL, tencentcloud",
				*img.ImageId, *img.ImageType, *img.ImageSource, *img.ImageCreator)
		}
		if !imageIDPattern.MatchString(*img.ImageId) {
			t.Fatalf("public image ID %q is not img- plus 8 of [a-z0-9]", *img.ImageId)
		}
		if img.OsName == nil || *img.OsName == "" || img.Platform == nil || *img.Platform == "" ||
			img.Architecture == nil || img.ImageSize == nil || *img.ImageSize <= 0 || img.IsSupportCloudinit == nil {
			t.Fatalf("public image %s lacks OsName/Platform/Architecture/ImageSize/IsSupportCloudinit: %s", *img.ImageId, jsonOf(img))
		}
		if _, err := time.Parse(time.RFC3339, *img.CreatedTime); err != nil {
			t.Fatalf("public image %s CreatedTime %q is not RFC 3339", *img.ImageId, *img.CreatedTime)
		}
		deprecated = deprecated || (img.ImageDeprecated != nil && *img.ImageDeprecated)
		withFamily = withFamily || (img.ImageFamily != nil && *img.ImageFamily != "")
		arm = arm || *img.Architecture == "arm"
	}
	if !deprecated || !withFamily || !arm {
		t.Fatalf("catalogue lacks a deprecated image (%v), an image family (%v) or an arm image (%v)", deprecated, withFamily, arm)
	}
	for _, os := range []string{"TencentOS Server", "OpenCloudOS", "CentOS", "Rocky Linux", "AlmaLinux", "Ubuntu", "Debian", "openSUSE", "Windows Server"} {
		n := 0
		for _, img := range public {
			if strings.Contains(strings.ToLower(*img.OsName), strings.ToLower(os)) {
				n++
			}
		}
		if n < 2 {
			t.Errorf("public catalogue has %d %s images, want several versions", n, os)
		}
	}
}

// Spec 1.1: marketplace images are first class: an image-type filter value and an ImageType.
func TestSDK_DescribeImages_MarketImages(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	market := w.describeAll(owner, gz, filter("image-type", "MARKET_IMAGE"))
	if len(market) == 0 {
		t.Fatal("image-type=MARKET_IMAGE found nothing")
	}
	var text strings.Builder
	for _, img := range market {
		if *img.ImageType != "MARKET_IMAGE" {
			t.Fatalf("image %s from the MARKET_IMAGE filter has ImageType %s", *img.ImageId, *img.ImageType)
		}
		if c := *img.ImageCreator; c == "" || c == "tencentcloud" || c == owner.id {
			t.Fatalf("marketplace image %s has ImageCreator %q, want its vendor", *img.ImageId, c)
		}
		fmt.Fprintf(&text, "%s %s %s\n", str(img.ImageName), str(img.ImageDescription), str(img.OsName))
	}
	for _, product := range []string{"PHP", "Java", "FTP", "Nginx", "Docker", "WordPress", "Discuz"} {
		if !strings.Contains(strings.ToLower(text.String()), strings.ToLower(product)) {
			t.Errorf("no marketplace image for %s", product)
		}
	}
	// Public and marketplace images are distinct sets.
	for _, img := range w.describeAll(owner, gz, filter("image-type", "PUBLIC_IMAGE")) {
		if imageIDs(market)[*img.ImageId] != nil {
			t.Fatalf("image %s is both public and marketplace", *img.ImageId)
		}
	}
}

// R3.1: with no ImageIds and no Filters every image the caller may see comes back: public, its
// own custom images and images shared with it, but never another account's private images.
func TestSDK_DescribeImages_DefaultVisibility(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	own := w.normalImage(peer, gz, "peer-own")
	sharedIn := w.normalImage(owner, gz, "shared-to-peer")
	mustOK(t, w.share(owner, gz, sharedIn, peer.id))
	hidden := w.normalImage(third, gz, "third-private")
	pub := w.publicImage(gz)

	all := imageIDs(w.describeAll(peer, gz))
	if all[own] == nil || *all[own].ImageType != "PRIVATE_IMAGE" {
		t.Errorf("peer's own image missing or mistyped in the unfiltered list")
	}
	if all[sharedIn] == nil || *all[sharedIn].ImageType != "SHARED_IMAGE" {
		t.Errorf("image shared with the peer missing or not SHARED_IMAGE in the unfiltered list")
	}
	if all[*pub.ImageId] == nil {
		t.Errorf("public image %s missing from the unfiltered list", *pub.ImageId)
	}
	if all[hidden] != nil {
		t.Errorf("third account's private image visible to the peer")
	}
	// The owner sees its shared-out image as its own.
	if img := w.image(owner, gz, sharedIn); *img.ImageType != "PRIVATE_IMAGE" || *img.ImageCreator != owner.id {
		t.Errorf("owner sees its shared image as %s by %s", *img.ImageType, *img.ImageCreator)
	}
	// Custom images live in one region.
	if w.image(peer, sh, own) != nil {
		t.Errorf("ap-guangzhou image visible in ap-shanghai")
	}
}

// R3.1 filters: values within a filter are OR'ed, filters are AND'ed.
func TestSDK_DescribeImages_Filters(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	alpha := w.normalImage(owner, gz, "web-alpha")
	beta := w.normalImage(owner, gz, "web-beta")
	gamma := w.normalImage(owner, gz, "db-gamma")
	tagImage(t, w, owner, gz, alpha, map[string]string{"team": "web", "env": "prod"})
	tagImage(t, w, owner, gz, beta, map[string]string{"team": "web", "env": "dev"})
	tagImage(t, w, owner, gz, gamma, map[string]string{"team": "db"})
	sharedIn := w.normalImage(peer, gz, "from-peer")
	mustOK(t, w.share(peer, gz, sharedIn, owner.id))
	pub := w.publicImage(gz)

	cases := []struct {
		name    string
		filters []*cvm.Filter
		want    []string
	}{
		{"image-id", []*cvm.Filter{filter("image-id", alpha, gamma)}, []string{alpha, gamma}},
		{"image-type private", []*cvm.Filter{filter("image-type", "PRIVATE_IMAGE")}, []string{alpha, beta, gamma}},
		{"image-type shared", []*cvm.Filter{filter("image-type", "SHARED_IMAGE")}, []string{sharedIn}},
		{"image-type OR", []*cvm.Filter{filter("image-type", "PRIVATE_IMAGE", "SHARED_IMAGE")}, []string{alpha, beta, gamma, sharedIn}},
		{"image-name substring", []*cvm.Filter{filter("image-name", "web-")}, []string{alpha, beta}},
		{"image-name AND image-type", []*cvm.Filter{filter("image-name", "a"), filter("image-type", "PRIVATE_IMAGE")}, []string{alpha, beta, gamma}},
		{"tag-key", []*cvm.Filter{filter("tag-key", "env")}, []string{alpha, beta}},
		{"tag-value", []*cvm.Filter{filter("tag-value", "db", "dev")}, []string{beta, gamma}},
		{"tag:key", []*cvm.Filter{filter("tag:team", "web")}, []string{alpha, beta}},
		{"tag:key AND tag:key", []*cvm.Filter{filter("tag:team", "web"), filter("tag:env", "prod")}, []string{alpha}},
		{"image-id of a public image", []*cvm.Filter{filter("image-id", *pub.ImageId)}, []string{*pub.ImageId}},
		{"no match", []*cvm.Filter{filter("image-name", "no-such-name-anywhere")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := imageIDs(w.describeAll(owner, gz, tc.filters...))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d images %v, want %v", len(got), keys(got), tc.want)
			}
			for _, id := range tc.want {
				if got[id] == nil {
					t.Fatalf("got %v, want %v", keys(got), tc.want)
				}
			}
		})
	}

	t.Run("platform substring", func(t *testing.T) {
		platform := *pub.Platform
		got := w.describeAll(owner, gz, filter("image-type", "PUBLIC_IMAGE"), filter("platform", platform[:len(platform)-1]))
		if imageIDs(got)[*pub.ImageId] == nil {
			t.Fatalf("platform filter %q missed %s", platform[:len(platform)-1], *pub.ImageId)
		}
		for _, img := range got {
			if !strings.Contains(*img.Platform, platform[:len(platform)-1]) {
				t.Fatalf("platform filter returned %s with platform %s", *img.ImageId, *img.Platform)
			}
		}
	})

	t.Run("documented filter names are accepted", func(t *testing.T) {
		for _, name := range []string{"dedicated-cluster-id", "cdc-cache-status"} {
			req := cvm.NewDescribeImagesRequest()
			req.Filters = []*cvm.Filter{filter(name, "CACHED")}
			_, err := w.cvm(owner, gz).DescribeImages(req)
			mustOK(t, err)
		}
	})
}

// R3.1: Offset/Limit paging, TotalCount counts every match, default page size 20.
func TestSDK_DescribeImages_Paging(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	c := w.cvm(owner, gz)
	pub := []*cvm.Filter{filter("image-type", "PUBLIC_IMAGE")}

	first := cvm.NewDescribeImagesRequest()
	first.Filters = pub
	resp, err := c.DescribeImages(first)
	mustOK(t, err)
	total := int(*resp.Response.TotalCount)
	if total <= 20 {
		t.Fatalf("only %d public images: too few to test paging", total)
	}
	if len(resp.Response.ImageSet) != 20 {
		t.Fatalf("default page holds %d images, want 20", len(resp.Response.ImageSet))
	}

	seen := map[string]bool{}
	for offset := 0; offset < total; offset += 7 {
		req := cvm.NewDescribeImagesRequest()
		req.Filters = pub
		req.Offset = u64(uint64(offset))
		req.Limit = u64(7)
		resp, err := c.DescribeImages(req)
		mustOK(t, err)
		if int(*resp.Response.TotalCount) != total {
			t.Fatalf("TotalCount %d at offset %d, want %d on every page", *resp.Response.TotalCount, offset, total)
		}
		if want := min(7, total-offset); len(resp.Response.ImageSet) != want {
			t.Fatalf("page at offset %d holds %d images, want %d", offset, len(resp.Response.ImageSet), want)
		}
		for _, img := range resp.Response.ImageSet {
			if seen[*img.ImageId] {
				t.Fatalf("image %s on two pages", *img.ImageId)
			}
			seen[*img.ImageId] = true
		}
	}
	if len(seen) != total {
		t.Fatalf("pages held %d distinct images, TotalCount %d", len(seen), total)
	}

	past := cvm.NewDescribeImagesRequest()
	past.Filters = pub
	past.Offset = u64(uint64(total + 5))
	resp, err = c.DescribeImages(past)
	mustOK(t, err)
	if len(resp.Response.ImageSet) != 0 || int(*resp.Response.TotalCount) != total {
		t.Fatalf("past the end: %d images, TotalCount %d", len(resp.Response.ImageSet), *resp.Response.TotalCount)
	}

	hundred := cvm.NewDescribeImagesRequest()
	hundred.Limit = u64(100)
	resp, err = c.DescribeImages(hundred)
	mustOK(t, err)
	if want := min(100, int(*resp.Response.TotalCount)); len(resp.Response.ImageSet) != want {
		t.Fatalf("Limit 100 returned %d images, want %d", len(resp.Response.ImageSet), want)
	}
}

// Spec 1.2 / 1.3: the DescribeImages limits and their codes.
func TestSDK_DescribeImages_Limits(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	c := w.cvm(owner, gz)
	manyFilters := func(n int) []*cvm.Filter {
		var fs []*cvm.Filter
		for i := 0; i < n; i++ {
			fs = append(fs, filter("image-name", fmt.Sprintf("n%d", i)))
		}
		return fs
	}
	cases := []struct {
		name string
		req  func(r *cvm.DescribeImagesRequest)
		code string // "" = accepted
	}{
		{"Limit 100", func(r *cvm.DescribeImagesRequest) { r.Limit = u64(100) }, ""},
		{"Limit 101", func(r *cvm.DescribeImagesRequest) { r.Limit = u64(101) }, "InvalidParameterValue.LimitExceeded"},
		{"10 filters", func(r *cvm.DescribeImagesRequest) { r.Filters = manyFilters(10) }, ""},
		{"11 filters", func(r *cvm.DescribeImagesRequest) { r.Filters = manyFilters(11) }, "InvalidParameterValue.LimitExceeded"},
		{"5 values", func(r *cvm.DescribeImagesRequest) {
			r.Filters = []*cvm.Filter{filter("image-name", "a", "b", "c", "d", "e")}
		}, ""},
		{"6 values", func(r *cvm.DescribeImagesRequest) {
			r.Filters = []*cvm.Filter{filter("image-name", "a", "b", "c", "d", "e", "f")}
		}, "InvalidParameterValue.LimitExceeded"},
		{"ImageIds with Filters", func(r *cvm.DescribeImagesRequest) {
			r.ImageIds = ss("img-12345678")
			r.Filters = []*cvm.Filter{filter("image-type", "PUBLIC_IMAGE")}
		}, "InvalidParameter.InvalidParameterCoexistImageIdsFilters"},
		{"unknown filter", func(r *cvm.DescribeImagesRequest) {
			r.Filters = []*cvm.Filter{filter("image-colour", "blue")}
		}, "InvalidFilter"},
		{"malformed image ID", func(r *cvm.DescribeImagesRequest) { r.ImageIds = ss("img-123") }, "InvalidImageId.Malformed"},
		{"image ID with capitals", func(r *cvm.DescribeImagesRequest) { r.ImageIds = ss("img-ABCDEFGH") }, "InvalidImageId.Malformed"},
		{"instance ID as image ID", func(r *cvm.DescribeImagesRequest) { r.ImageIds = ss("ins-gz100001") }, "InvalidImageId.Malformed"},
		{"well-formed unknown ID", func(r *cvm.DescribeImagesRequest) { r.ImageIds = ss("img-zz9zz9zz") }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := cvm.NewDescribeImagesRequest()
			tc.req(req)
			resp, err := c.DescribeImages(req)
			if tc.code != "" {
				wantCode(t, err, tc.code)
				return
			}
			mustOK(t, err)
			if resp.Response.RequestId == nil || *resp.Response.RequestId == "" {
				t.Fatal("success without a RequestId")
			}
		})
	}
}

// Spec 1.3: another account's private image is simply not there for DescribeImages, not an error.
func TestSDK_DescribeImages_OtherAccountsImageByID(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "owners")
	if w.image(third, gz, id) != nil {
		t.Fatal("owner's private image visible to the third account by ID")
	}
	got := w.describeAll(third, gz, filter("image-id", id))
	if len(got) != 0 {
		t.Fatal("owner's private image visible to the third account through the image-id filter")
	}
}

func tagImage(t *testing.T, w *world, a account, region, id string, tags map[string]string) {
	t.Helper()
	req := tag.NewModifyResourceTagsRequest()
	req.Resource = s(imageResource(region, id))
	for k, v := range tags {
		req.ReplaceTags = append(req.ReplaceTags, &tag.Tag{TagKey: s(k), TagValue: s(v)})
	}
	_, err := w.tag(a, region).ModifyResourceTags(req)
	mustOK(t, err)
}

// imageResource is the Tag API's six-part resource name of an image.
func imageResource(region, id string) string {
	return "qcs::cvm:" + region + ":uin/:image/" + id
}

func keys(m map[string]*cvm.Image) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// R3.1: ImageIds returns exactly the listed images the caller can see, of every kind, and
// silently leaves out unknown ones.
func TestSDK_DescribeImages_ByImageIds(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	own := w.normalImage(owner, gz, "own")
	sharedIn := w.normalImage(peer, gz, "peers")
	mustOK(t, w.share(peer, gz, sharedIn, owner.id))
	pub := *w.publicImage(gz).ImageId
	req := cvm.NewDescribeImagesRequest()
	req.ImageIds = ss(own, sharedIn, pub, "img-zz9zz9zz")
	resp, err := w.cvm(owner, gz).DescribeImages(req)
	mustOK(t, err)
	got := imageIDs(resp.Response.ImageSet)
	if *resp.Response.TotalCount != 3 || len(got) != 3 {
		t.Fatalf("TotalCount %d, images %v; want own, shared-in and public", *resp.Response.TotalCount, keys(got))
	}
	for id, typ := range map[string]string{own: "PRIVATE_IMAGE", sharedIn: "SHARED_IMAGE", pub: "PUBLIC_IMAGE"} {
		if got[id] == nil || *got[id].ImageType != typ {
			t.Fatalf("image %s: %s, want %s", id, jsonOf(got[id]), typ)
		}
	}
}

// R3.1: InstanceType must look like one (InvalidInstanceType.Malformed otherwise); a well-formed
// one leaves the result as it is, since every sandbox image runs on every instance type.
func TestSDK_DescribeImages_InstanceType(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	c := w.cvm(owner, gz)
	all, err := c.DescribeImages(cvm.NewDescribeImagesRequest())
	mustOK(t, err)
	for _, it := range []string{"S5.MEDIUM2", "SA5.MEDIUM2", "SN3ne.LARGE8", "GN7.2XLARGE32"} {
		req := cvm.NewDescribeImagesRequest()
		req.InstanceType = s(it)
		resp, err := c.DescribeImages(req)
		mustOK(t, err)
		if *resp.Response.TotalCount != *all.Response.TotalCount {
			t.Errorf("InstanceType %s: TotalCount %d, want %d as without it", it, *resp.Response.TotalCount, *all.Response.TotalCount)
		}
	}
	for _, it := range []string{"S5", "s5.medium2", "S5.MEDIUM", "S5..MEDIUM2", "S5.MEDIUM2 "} {
		req := cvm.NewDescribeImagesRequest()
		req.InstanceType = s(it)
		_, err := c.DescribeImages(req)
		wantCode(t, err, "InvalidInstanceType.Malformed")
	}
}
