package imageapi

import (
	"context"
	"fmt"
)

// DescribeImages returns one page. Most callers want AllImages or GetImage.
func (c *Client) DescribeImages(ctx context.Context, region string, req DescribeImagesRequest) (*DescribeImagesResponse, error) {
	var out DescribeImagesResponse
	if err := c.cvm(ctx, region, "DescribeImages", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetImage returns one image by ID, or an error matching ErrNotFound when the caller cannot see it.
func (c *Client) GetImage(ctx context.Context, region, imageID string) (*Image, error) {
	out, err := c.DescribeImages(ctx, region, DescribeImagesRequest{ImageIds: []string{imageID}})
	if err != nil {
		return nil, err
	}
	for i := range out.ImageSet {
		if out.ImageSet[i].ImageId == imageID {
			return &out.ImageSet[i], nil
		}
	}
	return nil, fmt.Errorf("image %s in %s: %w", imageID, region, ErrNotFound)
}

// CreateImage starts making a custom image and returns its ID.
func (c *Client) CreateImage(ctx context.Context, region string, req CreateImageRequest) (string, error) {
	var out CreateImageResponse
	if err := c.cvm(ctx, region, "CreateImage", req, &out); err != nil {
		return "", err
	}
	return out.ImageId, nil
}

// DeleteImages deletes images.
func (c *Client) DeleteImages(ctx context.Context, region string, req DeleteImagesRequest) error {
	return c.cvm(ctx, region, "DeleteImages", req, nil)
}

// ModifyImageAttribute changes the fields of req that are set.
func (c *Client) ModifyImageAttribute(ctx context.Context, region string, req ModifyImageAttributeRequest) error {
	return c.cvm(ctx, region, "ModifyImageAttribute", req, nil)
}

// SyncImages copies one image to other regions.
func (c *Client) SyncImages(ctx context.Context, region string, req SyncImagesRequest) (*SyncImagesResponse, error) {
	var out SyncImagesResponse
	if err := c.cvm(ctx, region, "SyncImages", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ModifyImageSharePermission shares an image with accounts, or cancels their share.
func (c *Client) ModifyImageSharePermission(ctx context.Context, region string, req ModifyImageSharePermissionRequest) error {
	return c.cvm(ctx, region, "ModifyImageSharePermission", req, nil)
}

// DescribeImageSharePermission lists every account an image is shared with.
func (c *Client) DescribeImageSharePermission(ctx context.Context, region, imageID string) ([]SharePermission, error) {
	var out DescribeImageSharePermissionResponse
	if err := c.cvm(ctx, region, "DescribeImageSharePermission", DescribeImageSharePermissionRequest{ImageId: imageID}, &out); err != nil {
		return nil, err
	}
	return out.SharePermissionSet, nil
}

// DescribeImageQuota returns how many custom images the caller may hold in region.
func (c *Client) DescribeImageQuota(ctx context.Context, region string) (int64, error) {
	var out DescribeImageQuotaResponse
	if err := c.cvm(ctx, region, "DescribeImageQuota", struct{}{}, &out); err != nil {
		return 0, err
	}
	return out.ImageNumQuota, nil
}

// ImportImage starts importing an image and returns its ID.
func (c *Client) ImportImage(ctx context.Context, region string, req ImportImageRequest) (string, error) {
	var out ImportImageResponse
	if err := c.cvm(ctx, region, "ImportImage", req, &out); err != nil {
		return "", err
	}
	return out.ImageId, nil
}

// DescribeImportImageOs lists the OS types, versions and architectures ImportImage accepts.
func (c *Client) DescribeImportImageOs(ctx context.Context, region string) (*DescribeImportImageOsResponse, error) {
	var out DescribeImportImageOsResponse
	if err := c.cvm(ctx, region, "DescribeImportImageOs", struct{}{}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DescribeImageFromFamily returns the family's current image, or nil when it has none.
func (c *Client) DescribeImageFromFamily(ctx context.Context, region, family string) (*Image, error) {
	var out DescribeImageFromFamilyResponse
	if err := c.cvm(ctx, region, "DescribeImageFromFamily", DescribeImageFromFamilyRequest{ImageFamily: family}, &out); err != nil {
		return nil, err
	}
	return out.Image, nil
}

// DescribeInstances returns one page of instances.
func (c *Client) DescribeInstances(ctx context.Context, region string, req DescribeInstancesRequest) (*DescribeInstancesResponse, error) {
	var out DescribeInstancesResponse
	if err := c.cvm(ctx, region, "DescribeInstances", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
