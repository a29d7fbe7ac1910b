package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func testImages() []imageapi.Image {
	return []imageapi.Image{
		{ImageId: "img-00000001", ImageName: "centos-7", OsName: "CentOS 7.9 64bit", Platform: "CentOS", Architecture: "x86_64", ImageType: imageapi.ImageTypePublic, CreatedTime: "2023-01-01T00:00:00Z", ImageCreator: "tencentcloud", ImageDeprecated: true},
		{ImageId: "img-00000003", ImageName: "ubuntu-22", OsName: "Ubuntu Server 22.04 LTS 64bit", Platform: "Ubuntu", Architecture: "x86_64", ImageType: imageapi.ImageTypePublic, CreatedTime: "2024-05-01T00:00:00Z", ImageCreator: "tencentcloud"},
		{ImageId: "img-00000002", ImageName: "ubuntu-22-arm", OsName: "Ubuntu Server 22.04 LTS 64bit", Platform: "Ubuntu", Architecture: "arm", ImageType: imageapi.ImageTypePublic, CreatedTime: "2024-05-01T00:00:00Z", ImageCreator: "tencentcloud"},
		{ImageId: "img-00000004", ImageName: "ubuntu-24", OsName: "Ubuntu Server 24.04 LTS 64bit", Platform: "Ubuntu", Architecture: "x86_64", ImageType: imageapi.ImageTypePublic, CreatedTime: "2024-06-01T08:00:00+08:00", ImageCreator: "tencentcloud", ImageFamily: "ubuntu"},
		{ImageId: "img-00000005", ImageName: "wordpress", OsName: "CentOS 7.9 64bit", Platform: "CentOS", Architecture: "x86_64", ImageType: imageapi.ImageTypeMarket, CreatedTime: "2024-07-01T00:00:00Z", ImageCreator: "WP Vendor"},
		{ImageId: "img-00000006", ImageName: "team-base", OsName: "CentOS 7.9 64bit", Platform: "CentOS", Architecture: "x86_64", ImageType: imageapi.ImageTypeShared, CreatedTime: "2024-08-01T00:00:00Z", ImageCreator: "100000000001"},
	}
}

func ids(images []imageapi.Image) []string {
	out := make([]string, 0, len(images))
	for _, img := range images {
		out = append(out, img.ImageId)
	}
	return out
}

func TestFilterImages(t *testing.T) {
	cases := []struct {
		name string
		q    imageQuery
		want []string
	}{
		{"newest first, equal times by ID, deprecated left out",
			imageQuery{imageType: imageapi.ImageTypePublic},
			[]string{"img-00000004", "img-00000002", "img-00000003"}},
		{"deprecated included on request",
			imageQuery{imageType: imageapi.ImageTypePublic, includeDeprecated: true},
			[]string{"img-00000004", "img-00000002", "img-00000003", "img-00000001"}},
		{"name regex", imageQuery{imageType: imageapi.ImageTypePublic, nameRegex: "^ubuntu-22"},
			[]string{"img-00000002", "img-00000003"}},
		{"os name regex", imageQuery{imageType: imageapi.ImageTypePublic, osNameRegex: `24\.04`},
			[]string{"img-00000004"}},
		{"platform is exact, not a substring", imageQuery{imageType: imageapi.ImageTypePublic, platform: "Ubunt"},
			nil},
		{"architecture", imageQuery{imageType: imageapi.ImageTypePublic, architecture: "arm"},
			[]string{"img-00000002"}},
		{"family", imageQuery{imageType: imageapi.ImageTypePublic, family: "ubuntu"},
			[]string{"img-00000004"}},
		{"exact name", imageQuery{imageType: imageapi.ImageTypePublic, name: "ubuntu-22"},
			[]string{"img-00000003"}},
		{"image ID", imageQuery{imageType: imageapi.ImageTypePublic, imageID: "img-00000002"},
			[]string{"img-00000002"}},
		{"image type keeps marketplace apart", imageQuery{imageType: imageapi.ImageTypeMarket},
			[]string{"img-00000005"}},
		{"vendor", imageQuery{imageType: imageapi.ImageTypeMarket, creators: []string{"Other Vendor"}},
			nil},
		{"owner accounts", imageQuery{imageType: imageapi.ImageTypeShared, creators: []string{"100000000003", "100000000001"}},
			[]string{"img-00000006"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := filterImages(tc.q, testImages())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tc.want) {
				t.Errorf("got %v, want %v", ids(got), tc.want)
			}
		})
	}
}

func TestFilterImages_orderDoesNotDependOnAPIOrder(t *testing.T) {
	images := testImages()
	slices.Reverse(images)
	got, err := filterImages(imageQuery{imageType: imageapi.ImageTypePublic}, images)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"img-00000004", "img-00000002", "img-00000003"}; !slices.Equal(ids(got), want) {
		t.Errorf("got %v, want %v", ids(got), want)
	}
}

func TestFilterImages_badRegexNamesAttribute(t *testing.T) {
	_, err := filterImages(imageQuery{imageType: imageapi.ImageTypePublic, osNameRegex: "("}, testImages())
	if err == nil || !strings.Contains(err.Error(), "os_name_regex") {
		t.Fatalf("want an error naming os_name_regex, got %v", err)
	}
}
