package provider

// Refreshing an image resource: one read of the image, through the region's shared listing
// (imageapi's ImageFromListing), since a plan refreshes every image at once and one listing per
// region answers them all.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// readOwnedImage refreshes m; it returns false when the image is gone (the resource is then
// removed from the state). A failed look-up keeps the resource and reports the error.
func readOwnedImage(ctx context.Context, pd *providerData, m ownedImage, noun string, diags *diag.Diagnostics) (img *imageapi.Image, exists bool) {
	img, exists = refreshForRead(ctx, pd, m.imageRegion(), m.base().ID.ValueString(), noun, diags)
	if img != nil {
		m.flatten(img, diags)
	}
	return img, exists
}

// readImage is readOwnedImage for the custom and imported image resources, whose state may have
// been moved in from the official provider without its region (move_state.go).
func readImage(ctx context.Context, pd *providerData, m *imageModel, diags *diag.Diagnostics) bool {
	if !resolveMovedImage(ctx, pd, m, diags) {
		return true
	}
	_, exists := readOwnedImage(ctx, pd, m, "Image", diags)
	return exists
}

// refreshForRead is the look-up of every image resource's Read: the image, or nil. exists is false
// only when the image is gone; a failed look-up reports the error, naming the kind of image (noun).
// The image is recorded as one a prior state holds, which no create ever adopts.
func refreshForRead(ctx context.Context, pd *providerData, region, id, noun string, diags *diag.Diagnostics) (img *imageapi.Image, exists bool) {
	pd.ledger.seenInState(region, id)
	img, err := pd.client.ImageFromListing(ctx, region, id)
	if errors.Is(err, imageapi.ErrNotFound) {
		return nil, false
	}
	if err != nil {
		pd.addAPIFailure(diags, "Cannot Read "+noun, fmt.Sprintf("Reading %s %s", strings.ToLower(noun), id), region, err, "")
		return nil, true
	}
	return img, true
}
