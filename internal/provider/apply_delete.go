package provider

// Deleting an image, for every resource that owns one: never one a create of this apply made or
// adopted, never a protected one, its shares cancelled first when force_unshare says so, and a
// short wait for shares that share resources are cancelling meanwhile.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const (
	// managedShareCancelGrace bounds how long a delete waits for shares that share resources are
	// cancelling; managedSharePoll is how often it looks.
	managedShareCancelGrace = 30 * time.Second
	managedSharePoll        = 2 * time.Second
)

// deleteOwnedImage deletes the image of m (and its snapshots when delete_snapshots is true) and
// waits until it is gone. An image that is already gone is deleted.
func deleteOwnedImage(ctx context.Context, pd *providerData, m ownedImage, diags *diag.Diagnostics) {
	s := m.base()
	region, id := m.imageRegion(), s.ID.ValueString()
	if pd.ledger.claimed(region, id) {
		diags.AddWarning("Image Kept", fmt.Sprintf("Terraform asked to delete image %s in %s, which a create of this same apply "+
			"has just made or adopted for another resource object. It is not deleted: the state holds it under that resource.", id, region))
		return
	}
	if s.DeletionProtection.ValueBool() {
		diags.AddAttributeError(path.Root("deletion_protection"), "Image Is Protected From Deletion",
			fmt.Sprintf("Image %s in %s has deletion_protection = true. Set it to false and apply, then destroy it.", id, region))
		return
	}
	ctx, cancel, ok := withTimeout(ctx, s.Timeouts.Delete, defaultImageDeleteTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	if s.ForceUnshare.ValueBool() && !cancelAllShares(ctx, pd, region, id, diags) {
		return
	}
	deleteReq := imageapi.DeleteImagesRequest{ImageIds: []string{id}, DeleteBindedSnap: s.DeleteSnapshots.ValueBool()}
	err := pd.client.DeleteImages(ctx, region, deleteReq)
	if hasAPICode(err, "InvalidImageId.InShared") {
		left, readErr := waitManagedSharesCancelled(ctx, pd, region, id)
		if readErr != nil || len(left) > 0 {
			detail := fmt.Sprintf("It is shared with %d account(s): %s.", len(left), strings.Join(left, ", "))
			if readErr != nil {
				detail = "Reading its shares failed too: " + apiErrorDetail(readErr)
			}
			diags.AddError("Image Is Shared Out",
				fmt.Sprintf("Image %s in %s is shared with other accounts, and the API deletes no shared image. %s "+
					"Cancel these shares, or set force_unshare = true and apply that change before destroying (a destroy acts on the "+
					"settings in the state, not in the configuration), then destroy it. %s", id, region, detail, apiErrorDetail(err)))
			return
		}
		err = pd.client.DeleteImages(ctx, region, deleteReq)
	}
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		return
	case err != nil:
		addAPIError(diags, "Cannot Delete Image", fmt.Sprintf("Deleting image %s in %s", id, region), err, "")
		return
	}
	if err := pd.client.WaitForImageGone(ctx, region, id); err != nil {
		diags.AddError("Image Not Deleted", fmt.Sprintf("Image %s in %s was still listed after DeleteImages: %s", id, region, err))
	}
}

// waitManagedSharesCancelled is what a delete refused for shares falls back on. The plan let the
// delete go ahead because share resources manage those shares, and Terraform destroys them first;
// should one still be cancelling (a share resource that does not reference the image is not
// ordered before it), it waits a short while for the managed shares to go. It returns the accounts
// the image is still shared with.
func waitManagedSharesCancelled(ctx context.Context, pd *providerData, region, id string) ([]string, error) {
	deadline := time.Now().Add(managedShareCancelGrace)
	for {
		left, err := sharedAccounts(ctx, pd, region, id)
		if err != nil || len(left) == 0 {
			return left, err
		}
		tags, err := pd.client.ImageTags(ctx, region, id)
		if err != nil {
			return left, err
		}
		mark := shareMarkOf(tags)
		if !slices.ContainsFunc(left, mark.managed) || time.Now().After(deadline) {
			return left, nil
		}
		select {
		case <-ctx.Done():
			return left, nil
		case <-time.After(managedSharePoll):
		}
	}
}
