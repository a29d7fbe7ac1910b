package cvmsim

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func TestDescribeImages_catalogueAndFilters(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	c := owner(t, s, clock)
	ctx := context.Background()

	all, err := c.DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{Limit: 100})
	must(t, err)
	if all.TotalCount < 40 || len(all.ImageSet) != int(min(all.TotalCount, 100)) {
		t.Fatalf("TotalCount %d, page %d", all.TotalCount, len(all.ImageSet))
	}
	for i, im := range all.ImageSet {
		if !regexp.MustCompile(`^img-[a-z0-9]{8}$`).MatchString(im.ImageId) {
			t.Fatalf("bad ID %q", im.ImageId)
		}
		if i > 0 && im.CreatedTime > all.ImageSet[i-1].CreatedTime {
			t.Fatalf("not newest first at %d", i)
		}
	}

	market, err := c.DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{
		Filters: []imageapi.Filter{{Name: "image-type", Values: []string{"MARKET_IMAGE"}}, {Name: "image-name", Values: []string{"wordpress"}}},
	})
	must(t, err)
	if market.TotalCount != 2 {
		t.Fatalf("want the 2 WordPress marketplace images, got %d", market.TotalCount)
	}
	for _, im := range market.ImageSet {
		if im.ImageType != "MARKET_IMAGE" || im.ImageCreator == "tencentcloud" {
			t.Fatalf("marketplace image %+v", im)
		}
	}

	win, err := c.DescribeImages(ctx, "ap-singapore", imageapi.DescribeImagesRequest{
		Filters: []imageapi.Filter{{Name: "platform", Values: []string{"windows"}}, {Name: "image-type", Values: []string{"PUBLIC_IMAGE"}}},
	})
	must(t, err)
	if win.TotalCount == 0 || !strings.Contains(win.ImageSet[0].ImageDescription, "licence fee") {
		t.Fatalf("overseas Windows images should say they carry a licence fee: %+v", win.ImageSet)
	}
	gzWin, err := c.DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{
		Filters: []imageapi.Filter{{Name: "platform", Values: []string{"Windows"}}, {Name: "image-type", Values: []string{"PUBLIC_IMAGE"}}},
	})
	must(t, err)
	if strings.Contains(gzWin.ImageSet[0].ImageDescription, "licence fee") {
		t.Fatal("Windows in a mainland region carries no licence fee note")
	}
	if gzWin.ImageSet[0].ImageId == win.ImageSet[0].ImageId {
		t.Fatal("catalogue IDs must differ per region")
	}

	// The same catalogue IDs on every run.
	s2, clock2 := newTestSim(t, Options{})
	again, err := owner(t, s2, clock2).DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{Limit: 100})
	must(t, err)
	if again.ImageSet[0].ImageId != all.ImageSet[0].ImageId {
		t.Fatal("catalogue IDs are not stable")
	}
}

func TestDescribeImages_errors(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	c := owner(t, s, clock)
	ctx := context.Background()
	call := func(req imageapi.DescribeImagesRequest) error {
		_, err := c.DescribeImages(ctx, DefaultRegion, req)
		return err
	}
	wantCode(t, call(imageapi.DescribeImagesRequest{Limit: 101}), "InvalidParameterValue.LimitExceeded")
	wantCode(t, call(imageapi.DescribeImagesRequest{ImageIds: []string{"img-abc"}}), "InvalidImageId.Malformed")
	wantCode(t, call(imageapi.DescribeImagesRequest{Filters: []imageapi.Filter{{Name: "image-state", Values: []string{"NORMAL"}}}}), "InvalidFilter")
	wantCode(t, call(imageapi.DescribeImagesRequest{Filters: []imageapi.Filter{{Name: "image-id", Values: []string{"a", "b", "c", "d", "e", "f"}}}}), "InvalidParameterValue.LimitExceeded")
	many := make([]imageapi.Filter, 11)
	for i := range many {
		many[i] = imageapi.Filter{Name: "image-name", Values: []string{"x"}}
	}
	wantCode(t, call(imageapi.DescribeImagesRequest{Filters: many}), "InvalidParameterValue.LimitExceeded")
	wantCode(t, call(imageapi.DescribeImagesRequest{ImageIds: []string{"img-00000000"}, Filters: []imageapi.Filter{{Name: "image-name", Values: []string{"x"}}}}),
		"InvalidParameter.InvalidParameterCoexistImageIdsFilters")

	out, err := c.DescribeImages(ctx, DefaultRegion, imageapi.DescribeImagesRequest{ImageIds: []string{"img-zzzzzzzz"}})
	must(t, err)
	if out.TotalCount != 0 || out.ImageSet == nil || len(out.ImageSet) != 0 {
		t.Fatalf("an unknown well-formed ID gives TotalCount 0 and an empty set, got %+v", out)
	}
}
