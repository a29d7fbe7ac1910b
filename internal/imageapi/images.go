package imageapi

import (
	"context"
	"strings"
)

// DescribeImages is the DescribeImages action: one page of its raw answer, read now, with the
// filters as given (at most MaxFilters, of five values each). To read images use the read methods,
// named by how fresh their answer is: ImageNow, ImageNamedNow and ImagesNow (exact, now),
// ImageFromListing and CustomImagesFromListing (from a listing up to imageListingTTL old). They
// page, batch and share these calls; see "Reading images" in the package documentation.
func (c *Client) DescribeImages(ctx context.Context, region string, req DescribeImagesRequest) (*DescribeImagesResponse, error) {
	var out DescribeImagesResponse
	if err := c.read(ctx, region, "DescribeImages", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ImageNow returns one image by ID as the API shows it now, or an error matching ErrNotFound when
// the caller cannot see it: the read that decides an image is gone, and the one waits poll. Calls
// made at about the same time in one region share one DescribeImages of up to 100 IDs (see
// imageBatcher). See "Reading images" in the package documentation.
func (c *Client) ImageNow(ctx context.Context, region, imageID string) (*Image, error) {
	return c.images.get(ctx, region, imageID)
}

// CreateImage starts making a custom image and returns its ID. An attempt whose outcome is unknown
// (lost answer, 5xx, InternalError) is resolved by looking the image up by its name, never by
// blindly creating again; InvalidImageName.Duplicate on the first attempt is returned as is.
//
// An instance makes one image at a time, and refuses CreateImage while it is busy: that answer is
// waited out (see Config.BusyTimeout). Calls of this client that create from one instance take
// turns: each waits until the image the previous one made has left CREATING, so that they do
// not all ask the API in vain meanwhile.
func (c *Client) CreateImage(ctx context.Context, region string, req CreateImageRequest) (string, error) {
	opts := writeOpts(req.DryRun)
	opts.subject = "snapshots " + strings.Join(req.SnapshotIds, ", ")
	if req.InstanceId != "" {
		opts.subject = "instance " + req.InstanceId
	}
	create := func(ctx context.Context) (string, error) {
		var out CreateImageResponse
		err := c.call(ctx, "cvm", cvmVersion, region, "CreateImage", req, &out, opts)
		return out.ImageId, err
	}
	if req.DryRun {
		return create(ctx)
	}
	if req.InstanceId == "" || c.cfg.BusyTimeout < 0 {
		return c.createOnce(ctx, region, "CreateImage", req.ImageName, create)
	}
	return c.instances.inTurn(ctx, region, req.InstanceId, func() (string, error) {
		return c.createOnce(ctx, region, "CreateImage", req.ImageName, create)
	})
}

// ImportImage starts importing an image and returns its ID, resolving an attempt whose outcome is
// unknown as CreateImage does.
func (c *Client) ImportImage(ctx context.Context, region string, req ImportImageRequest) (string, error) {
	create := func(ctx context.Context) (string, error) {
		var out ImportImageResponse
		err := c.call(ctx, "cvm", cvmVersion, region, "ImportImage", req, &out, writeOpts(req.DryRun))
		return out.ImageId, err
	}
	if req.DryRun {
		return create(ctx)
	}
	return c.createOnce(ctx, region, "ImportImage", req.ImageName, create)
}

// writeOpts is the policy of a create: a dry run executes nothing and may be repeated freely.
func writeOpts(dryRun bool) callOpts {
	if dryRun {
		return callOpts{repeat: repeatAll}
	}
	return callOpts{repeat: repeatRefusals}
}

// DeleteImages deletes images. A repeat after an attempt whose outcome is unknown that answers
// InvalidImageId.NotFound means the first attempt deleted them.
func (c *Client) DeleteImages(ctx context.Context, region string, req DeleteImagesRequest) error {
	return c.call(ctx, "cvm", cvmVersion, region, "DeleteImages", req, nil, callOpts{
		repeat: repeatAll, subject: imagesSubject(req.ImageIds), images: req.ImageIds,
		doneOnRepeat: func(_ context.Context, e *APIError) bool { return e.Code == "InvalidImageId.NotFound" },
	})
}

// ModifyImageAttribute changes the fields of req that are set. Setting the same values twice is
// harmless; a repeat that answers InvalidImageName.Duplicate is checked against the image itself,
// since the name it collides with may be the one the first attempt gave it.
func (c *Client) ModifyImageAttribute(ctx context.Context, region string, req ModifyImageAttributeRequest) error {
	return c.call(ctx, "cvm", cvmVersion, region, "ModifyImageAttribute", req, nil, callOpts{
		repeat: repeatAll, subject: "image " + req.ImageId, images: []string{req.ImageId},
		doneOnRepeat: func(ctx context.Context, e *APIError) bool {
			if e.Code != "InvalidImageName.Duplicate" || req.ImageName == nil {
				return false
			}
			img, err := c.ImageNow(ctx, region, req.ImageId)
			return err == nil && img.ImageName == *req.ImageName
		},
	})
}

// ModifyImageSharePermission shares an image with accounts, or cancels their share. Both are
// idempotent: a repeated SHARE answering FailedOperation.AccountAlreadyExists after an attempt
// whose outcome is unknown means that attempt shared it.
func (c *Client) ModifyImageSharePermission(ctx context.Context, region string, req ModifyImageSharePermissionRequest) error {
	return c.call(ctx, "cvm", cvmVersion, region, "ModifyImageSharePermission", req, nil, callOpts{
		repeat: repeatAll, subject: "image " + req.ImageId, images: []string{req.ImageId},
		doneOnRepeat: func(_ context.Context, e *APIError) bool {
			return req.Permission == PermissionShare && e.Code == "FailedOperation.AccountAlreadyExists"
		},
	})
}

// DescribeImageSharePermission lists every account an image is shared with.
func (c *Client) DescribeImageSharePermission(ctx context.Context, region, imageID string) ([]SharePermission, error) {
	var out DescribeImageSharePermissionResponse
	if err := c.read(ctx, region, "DescribeImageSharePermission", DescribeImageSharePermissionRequest{ImageId: imageID}, &out); err != nil {
		return nil, err
	}
	return out.SharePermissionSet, nil
}

// DescribeImageQuota returns how many custom images the caller may hold in region.
func (c *Client) DescribeImageQuota(ctx context.Context, region string) (int64, error) {
	var out DescribeImageQuotaResponse
	if err := c.read(ctx, region, "DescribeImageQuota", struct{}{}, &out); err != nil {
		return 0, err
	}
	return out.ImageNumQuota, nil
}

// DescribeImportImageOs lists the OS types, versions and architectures ImportImage accepts.
func (c *Client) DescribeImportImageOs(ctx context.Context, region string) (*DescribeImportImageOsResponse, error) {
	var out DescribeImportImageOsResponse
	if err := c.read(ctx, region, "DescribeImportImageOs", struct{}{}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DescribeImageFromFamily returns the family's current image, or nil when it has none.
func (c *Client) DescribeImageFromFamily(ctx context.Context, region, family string) (*Image, error) {
	var out DescribeImageFromFamilyResponse
	if err := c.read(ctx, region, "DescribeImageFromFamily", DescribeImageFromFamilyRequest{ImageFamily: family}, &out); err != nil {
		return nil, err
	}
	return out.Image, nil
}

// imagesSubject names the images a call acts on.
func imagesSubject(ids []string) string {
	if len(ids) == 1 {
		return "image " + ids[0]
	}
	return "images " + strings.Join(ids, ", ")
}
