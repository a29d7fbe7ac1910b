package imageapi

import (
	"context"
	"fmt"
)

// DescribeImages limits (spec Part 1.2).
const (
	describeImagesPageSize = listPageSize
	// MaxFilters is how many filters one DescribeImages takes.
	MaxFilters      = 10
	maxFilterValues = 5
)

// ImagesNow returns every image matching filters (AND across filters, OR within one) as the API
// shows them now, reading every page: one DescribeImages per page of 100 images. A filter with
// more than five values, which the API refuses, is split into several queries whose results are
// merged without duplicates; more than ten filters is an error. See "Reading images" in the
// package documentation.
func (c *Client) ImagesNow(ctx context.Context, region string, filters []Filter) ([]Image, error) {
	queries, err := splitFilters(filters)
	if err != nil {
		return nil, err
	}
	var images []Image
	seen := map[string]bool{}
	for _, q := range queries {
		if err := c.eachImagePage(ctx, region, q, func(page []Image) {
			for _, img := range page {
				if !seen[img.ImageId] {
					seen[img.ImageId] = true
					images = append(images, img)
				}
			}
		}); err != nil {
			return nil, err
		}
	}
	return images, nil
}

// eachImagePage reads one query page by page until Offset reaches TotalCount or a page is short.
func (c *Client) eachImagePage(ctx context.Context, region string, filters []Filter, fn func([]Image)) error {
	return eachPage(func(offset uint64) ([]Image, int64, error) {
		out, err := c.DescribeImages(ctx, region, DescribeImagesRequest{Filters: filters, Offset: offset, Limit: describeImagesPageSize})
		if err != nil {
			return nil, 0, err
		}
		return out.ImageSet, out.TotalCount, nil
	}, fn)
}

// splitFilters turns filters into queries the API accepts: every filter with more than five
// values becomes several filters of at most five, and each combination is one query.
func splitFilters(filters []Filter) ([][]Filter, error) {
	if len(filters) > MaxFilters {
		return nil, fmt.Errorf("DescribeImages takes at most %d filters, got %d", MaxFilters, len(filters))
	}
	queries := [][]Filter{nil}
	for _, f := range filters {
		if len(f.Values) == 0 {
			return nil, fmt.Errorf("DescribeImages filter %q has no values", f.Name)
		}
		var chunks []Filter
		for vs := f.Values; len(vs) > 0; {
			n := min(len(vs), maxFilterValues)
			chunks = append(chunks, Filter{Name: f.Name, Values: vs[:n]})
			vs = vs[n:]
		}
		next := make([][]Filter, 0, len(queries)*len(chunks))
		for _, q := range queries {
			for _, ch := range chunks {
				next = append(next, append(append([]Filter(nil), q...), ch))
			}
		}
		queries = next
	}
	return queries, nil
}

// ImageNamedNow returns the caller's own custom image named exactly name in region as the API
// shows it now, or an error matching ErrNotFound; it reads every page of the custom images whose
// name contains name (usually one DescribeImages). Names are unique among an account's images in a
// region; the API's image-name filter matches substrings, so the exact comparison happens here.
// See "Reading images" in the package documentation.
func (c *Client) ImageNamedNow(ctx context.Context, region, name string) (*Image, error) {
	images, err := c.ImagesNow(ctx, region, []Filter{
		{Name: "image-name", Values: []string{name}},
		{Name: "image-type", Values: []string{ImageTypePrivate}},
	})
	if err != nil {
		return nil, err
	}
	for i := range images {
		if images[i].ImageName == name {
			return &images[i], nil
		}
	}
	return nil, fmt.Errorf("custom image named %q in %s: %w", name, region, ErrNotFound)
}
