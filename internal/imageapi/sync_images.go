package imageapi

import (
	"context"
	"slices"
)

// SyncImages copies one image to other regions (or, for a shared-in or encrypted copy, into its
// own region).
//
// Callers should set ImageName explicitly, and ImageSetRequired: an attempt whose outcome is
// unknown (lost answer, 5xx, InternalError) is resolved by looking the copies up by that name in
// each destination region, never by copying again. Without ImageName such a failure is returned as
// is, since the copy's default name cannot be told apart from other images reliably.
func (c *Client) SyncImages(ctx context.Context, region string, req SyncImagesRequest) (*SyncImagesResponse, error) {
	// The copies appear in the destination regions; call invalidates only the source's listing.
	defer c.listings.invalidate(req.DestinationRegions...)
	var out SyncImagesResponse
	create := func(ctx context.Context) error {
		out = SyncImagesResponse{}
		opts := writeOpts(req.DryRun)
		opts.subject, opts.images = imagesSubject(req.ImageIds), req.ImageIds
		return c.call(ctx, "cvm", cvmVersion, region, "SyncImages", req, &out, opts)
	}
	err := create(ctx)
	if err == nil || req.DryRun || req.ImageName == "" || !mayHaveExecuted(err) {
		if err != nil {
			return nil, err
		}
		return &out, nil
	}
	r := createRecovery{
		action: "SyncImages",
		create: create,
		find: func(ctx context.Context) (all, some bool, err error) {
			found, err := c.findCopies(ctx, req)
			if err != nil {
				return false, false, err
			}
			if len(found) > 0 {
				out = SyncImagesResponse{ImageSet: found}
			}
			return len(found) == len(req.DestinationRegions), len(found) > 0, nil
		},
	}
	if err := c.recoverCreate(ctx, r, err); err != nil {
		return nil, err
	}
	return &out, nil
}

// findCopies looks for the copies a SyncImages makes, by name, in each destination region. The
// source itself never counts, in case a copy into its own region shares its name.
func (c *Client) findCopies(ctx context.Context, req SyncImagesRequest) ([]SyncImage, error) {
	var found []SyncImage
	for _, dest := range req.DestinationRegions {
		img, err := c.ImageNamedNow(ctx, dest, req.ImageName)
		if err := ignoreNotFound(err); err != nil {
			return nil, err
		}
		if img != nil && !slices.Contains(req.ImageIds, img.ImageId) {
			found = append(found, SyncImage{ImageId: img.ImageId, Region: dest})
		}
	}
	return found, nil
}
