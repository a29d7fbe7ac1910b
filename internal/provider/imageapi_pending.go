package provider

// This file stands in for imageapi helpers that are being written on the client branch
// (AllImages, WaitForImage); it goes when that branch is merged.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

func allImages(ctx context.Context, c *imageapi.Client, region string, filters []imageapi.Filter) ([]imageapi.Image, error) {
	var all []imageapi.Image
	for offset := uint64(0); ; offset += 100 {
		page, err := c.DescribeImages(ctx, region, imageapi.DescribeImagesRequest{Filters: filters, Offset: offset, Limit: 100})
		if err != nil {
			return nil, err
		}
		all = append(all, page.ImageSet...)
		if len(page.ImageSet) < 100 || int64(len(all)) >= page.TotalCount {
			return all, nil
		}
	}
}

func waitForImage(ctx context.Context, c *imageapi.Client, region, id string, want ...string) (*imageapi.Image, error) {
	for {
		img, err := c.GetImage(ctx, region, id)
		if err != nil && !errors.Is(err, imageapi.ErrNotFound) {
			return nil, err
		}
		if img != nil {
			switch {
			case slices.Contains(want, img.ImageState):
				return img, nil
			case img.ImageState == imageapi.StateCreateFailed || img.ImageState == imageapi.StateImportFailed:
				return img, fmt.Errorf("image %s in %s ended in %s", id, region, img.ImageState)
			}
		}
		select {
		case <-ctx.Done():
			return img, fmt.Errorf("waiting for image %s in %s: %w", id, region, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func waitForImageGone(ctx context.Context, c *imageapi.Client, region, id string) error {
	for {
		_, err := c.GetImage(ctx, region, id)
		if errors.Is(err, imageapi.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for image %s in %s to go: %w", id, region, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
