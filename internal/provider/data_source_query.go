package provider

// What an image data source asks of a region, and how the answer is filtered and ordered.

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// imageQuery is what an image data source asks of one region. imageType and platform go to the API as
// filters (DescribeImages has them); everything else is matched here after every page has been read,
// because the API either lacks the filter or matches fuzzily. An empty field matches everything.
type imageQuery struct {
	imageType    string // imageapi.ImageType*
	imageID      string
	name         string // exact
	nameRegex    string
	osNameRegex  string
	platform     string // exact: the API's platform filter is a substring match, so it only narrows
	architecture string
	family       string
	// creators are accepted ImageCreator values: a marketplace vendor, or the accounts sharing an image.
	creators          []string
	includeDeprecated bool
	state             string
	// tags must all be on the image with these values.
	tags map[string]string
}

// apiFilters are the server-side filters: at most one value each, well inside the API's limits.
func (q imageQuery) apiFilters() []imageapi.Filter {
	filters := []imageapi.Filter{{Name: "image-type", Values: []string{q.imageType}}}
	if q.imageID != "" {
		filters = append(filters, imageapi.Filter{Name: "image-id", Values: []string{q.imageID}})
	}
	if q.platform != "" {
		filters = append(filters, imageapi.Filter{Name: "platform", Values: []string{q.platform}})
	}
	// Tags the API matches exactly narrow the listing, as many as fit in one request; the rest, and
	// the ones sent, are matched here.
	for _, k := range slices.Sorted(maps.Keys(q.tags)) {
		if len(filters) == imageapi.MaxFilters {
			break
		}
		filters = append(filters, imageapi.Filter{Name: "tag:" + k, Values: []string{q.tags[k]}})
	}
	return filters
}

// imageMatcher is a query with its regular expressions compiled.
type imageMatcher struct {
	q        imageQuery
	nameRe   *regexp.Regexp
	osNameRe *regexp.Regexp
}

func (q imageQuery) matcher() (imageMatcher, error) {
	m := imageMatcher{q: q}
	var err error
	if m.nameRe, err = compileOptional("name_regex", q.nameRegex); err != nil {
		return m, err
	}
	if m.osNameRe, err = compileOptional("os_name_regex", q.osNameRegex); err != nil {
		return m, err
	}
	return m, nil
}

// compileOptional compiles a regex attribute; plan-time validation normally catches a bad one first.
func compileOptional(attr, expr string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("%s is not a valid regular expression: %w", attr, err)
	}
	return re, nil
}

func (m imageMatcher) matches(img *imageapi.Image) bool {
	q := m.q
	switch {
	case img.ImageType != q.imageType,
		q.imageID != "" && img.ImageId != q.imageID,
		q.name != "" && img.ImageName != q.name,
		q.platform != "" && img.Platform != q.platform,
		q.architecture != "" && img.Architecture != q.architecture,
		q.family != "" && img.ImageFamily != q.family,
		len(q.creators) > 0 && !slices.Contains(q.creators, img.ImageCreator),
		img.ImageDeprecated && !q.includeDeprecated,
		q.state != "" && img.ImageState != q.state,
		!hasTags(img, q.tags),
		m.nameRe != nil && !m.nameRe.MatchString(img.ImageName),
		m.osNameRe != nil && !m.osNameRe.MatchString(img.OsName):
		return false
	}
	return true
}

// hasTags reports whether the image carries every one of tags, with the same value.
func hasTags(img *imageapi.Image, tags map[string]string) bool {
	for k, v := range tags {
		if !slices.Contains(img.Tags, imageapi.Tag{Key: k, Value: v}) {
			return false
		}
	}
	return true
}

// filterImages keeps the images the query matches, newest first.
func filterImages(q imageQuery, images []imageapi.Image) ([]imageapi.Image, error) {
	m, err := q.matcher()
	if err != nil {
		return nil, err
	}
	var out []imageapi.Image
	for i := range images {
		if m.matches(&images[i]) {
			out = append(out, images[i])
		}
	}
	sortNewestFirst(out)
	return out, nil
}

// findImages reads every page of the query's server-side listing once and matches the rest here.
func findImages(ctx context.Context, client *imageapi.Client, region string, q imageQuery) ([]imageapi.Image, error) {
	images, err := client.ImagesNow(ctx, region, q.apiFilters())
	if err != nil {
		return nil, err
	}
	return filterImages(q, images)
}

// readImages is findImages for a data source: a failure becomes an error diagnostic.
func readImages(ctx context.Context, pd *providerData, region string, q imageQuery, diags *diag.Diagnostics) []imageapi.Image {
	images, err := findImages(ctx, pd.client, region, q)
	if err != nil {
		pd.addAPIFailure(diags, "Cannot List Images", fmt.Sprintf("Listing the %s images", q.imageType), region, err,
			" Check the region and the credentials' permission for cvm:DescribeImages, then retry.")
		return nil
	}
	return images
}

// sortNewestFirst orders by CreatedTime, newest first, and by image ID among equals, so that the same
// images always come out in the same order whatever order the API answered in.
func sortNewestFirst(images []imageapi.Image) {
	slices.SortStableFunc(images, func(a, b imageapi.Image) int {
		if c := createdTime(b).Compare(createdTime(a)); c != 0 {
			return c
		}
		if c := strings.Compare(b.CreatedTime, a.CreatedTime); c != 0 {
			return c
		}
		return strings.Compare(a.ImageId, b.ImageId)
	})
}

// createdTime parses the API's timestamp; an unparsable one sorts as the oldest, and then by its text.
func createdTime(img imageapi.Image) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, img.CreatedTime); err == nil {
			return t
		}
	}
	return time.Time{}
}
