package provider

// Importing images: the import ID of every image resource, and the check that it names one of
// the account's own custom images. A copy's four-part import is in image_copy_import.go.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// imageImportIDFormat is the one import ID format of every image resource, quoted in its error.
const imageImportIDFormat = "REGION/IMAGE_ID (e.g. ap-guangzhou/img-abcd1234), or IMAGE_ID alone for an image in the provider's region"

// parseImageImportID splits an import ID into the image's region and ID; a bare ID means the
// provider's region (none when pd is nil: the provider is not configured).
func parseImageImportID(id string, pd *providerData) (region, imageID string, err error) {
	region, imageID = "", id
	if pd != nil {
		region = pd.region
	}
	if r, i, ok := strings.Cut(id, "/"); ok {
		region, imageID = r, i
	}
	switch {
	case !imageIDPattern.MatchString(imageID):
		return "", "", fmt.Errorf("%q is not an image import ID: expected %s", id, imageImportIDFormat)
	case region == "":
		return "", "", fmt.Errorf("%q names no region and the provider has none: expected %s", id, imageImportIDFormat)
	case !isKnownRegion(region):
		return "", "", fmt.Errorf("%q names the unknown region %q: expected %s", id, region, imageImportIDFormat)
	}
	return region, imageID, nil
}

// importImage is the import of both image resources: REGION/IMAGE_ID or a bare IMAGE_ID of one of
// the account's own custom images; Read fills in the rest. deleteSnapshots is the resource's
// default for delete_snapshots, or null where it depends on an input the API does not report. The
// API does not report an image's source either, so the private state marks it unknown
// (plan_replacement.go).
func importImage(ctx context.Context, pd *providerData, req resource.ImportStateRequest, resp *resource.ImportStateResponse, deleteSnapshots types.Bool) {
	region, id, ok := importOwnImage(ctx, pd, req.ID, imageImportIDFormat, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_unshare"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_snapshots"), deleteSnapshots)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, sourceUnknownKey, []byte("true"))...)
}

// importOwnImage parses an image import ID and checks that it names one of the account's own custom
// images: public, marketplace and shared images are not the account's to rename or delete, and the
// data sources are the way to use them.
func importOwnImage(ctx context.Context, pd *providerData, importID, format string, diags *diag.Diagnostics) (region, id string, ok bool) {
	region, id, err := parseImageImportID(importID, pd)
	if err != nil {
		diags.AddError("Invalid Import ID", strings.Replace(err.Error(), imageImportIDFormat, format, 1))
		return "", "", false
	}
	if pd == nil {
		return region, id, true
	}
	img, err := pd.client.ImageNow(ctx, region, id)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		diags.AddError("Image Not Found", fmt.Sprintf("Image %s is not in %s, or this account cannot see it. Check the region and the ID.", id, region))
		return "", "", false
	case err != nil:
		pd.addAPIFailure(diags, "Cannot Import Image", "Reading image "+id, region, err, "")
		return "", "", false
	case img.ImageType != imageapi.ImageTypePrivate:
		diags.AddError("Not One Of This Account's Images", fmt.Sprintf("Image %s in %s is a %s, and only the account's own custom images "+
			"can be managed (renamed, tagged, deleted). Read it with the %s data source instead.",
			id, region, imageTypeWords(img.ImageType), lookupDataSourceFor(img.ImageType)))
		return "", "", false
	}
	return region, id, true
}
