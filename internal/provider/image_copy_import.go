package provider

// Importing a copy made elsewhere (the console, tccli, tencentcloud_cvm_sync_image), which carries
// no cvmimage:source tag: the import ID names the source, the import checks the copy against it
// as far as the API tells, and the next apply writes the tag. A copy is never adopted by its name.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const (
	// copyImportIDFormat is the import ID of a copy whose source is named in the ID.
	copyImportIDFormat = "DESTINATION_REGION/IMAGE_ID/SOURCE_REGION/SOURCE_IMAGE_ID (e.g. ap-shanghai/img-abcd1234/ap-guangzhou/img-efgh5678)"
	// copySourceUntaggedKey is the private-state key of a copy imported with its source named in
	// the import ID and not yet tagged with it: its next apply writes the tag.
	copySourceUntaggedKey = "copy_source_untagged"
)

// importCopyWithSource imports a copy by the four-part ID that names its source. It returns false,
// doing nothing, for any other ID, which the resource's own import handles.
func importCopyWithSource(ctx context.Context, pd *providerData, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	parts := strings.Split(req.ID, "/")
	if len(parts) != 4 {
		return false
	}
	dest, id, srcRegion, srcID := parts[0], parts[1], parts[2], parts[3]
	for _, p := range []struct{ what, value string }{{"destination region", dest}, {"source region", srcRegion}} {
		if !isKnownRegion(p.value) {
			resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("%q names the unknown %s %q: expected %s", req.ID, p.what, p.value, copyImportIDFormat))
			return true
		}
	}
	for _, v := range []string{id, srcID} {
		if !imageIDPattern.MatchString(v) {
			resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("%q holds %q, which is not an image ID: expected %s", req.ID, v, copyImportIDFormat))
			return true
		}
	}
	if pd == nil {
		resp.Diagnostics.AddError("Provider Not Configured", "Importing a copy needs the provider's configuration to check it against its source.")
		return true
	}
	cp := lookUpForImport(ctx, pd, dest, id, "copy", &resp.Diagnostics)
	src := lookUpForImport(ctx, pd, srcRegion, srcID, "source image", &resp.Diagnostics)
	if cp == nil || src == nil {
		return true
	}
	tagged, hasTag := tagMapOf(cp.Tags)[copySourceTag]
	switch {
	case hasTag && tagged != srcRegion+"/"+srcID:
		resp.Diagnostics.AddError("Copy Of Another Image",
			fmt.Sprintf("Image %s in %s is tagged %s = %s: it is a copy of that image, not of %s in %s. Import it with %s/%s.",
				id, dest, copySourceTag, tagged, srcID, srcRegion, dest, id))
		return true
	case cp.ImageType != imageapi.ImageTypePrivate:
		resp.Diagnostics.AddError("Not A Custom Image", fmt.Sprintf("Image %s in %s is a %s, not one of this account's custom images, so it is no copy to manage.", id, dest, cp.ImageType))
		return true
	case !mayBeCopyOf(cp, src):
		resp.Diagnostics.AddError("Not A Copy Of That Image",
			fmt.Sprintf("Image %s in %s cannot be a copy of %s in %s: a copy has its source's operating system, architecture and size, "+
				"and is newer, but the copy is %s, %s, %d GiB, made %s, and the source %s, %s, %d GiB, made %s. Check the import ID.",
				id, dest, srcID, srcRegion, cp.OsName, cp.Architecture, cp.ImageSize, cp.CreatedTime,
				src.OsName, src.Architecture, src.ImageSize, src.CreatedTime))
		return true
	}
	for name, v := range map[string]attr.Value{
		"id": types.StringValue(id), "destination_region": types.StringValue(dest),
		"source_region": types.StringValue(srcRegion), "source_image_id": types.StringValue(srcID),
		"deletion_protection": types.BoolValue(false), "delete_snapshots": types.BoolValue(true), "force_unshare": types.BoolValue(false),
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	if !hasTag {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, copySourceUntaggedKey, []byte("true"))...)
	}
	return true
}

// lookUpForImport finds one image an import ID names, or says why not and returns nil.
func lookUpForImport(ctx context.Context, pd *providerData, region, id, what string, diags *diag.Diagnostics) *imageapi.Image {
	img, err := pd.client.ImageNow(ctx, region, id)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		diags.AddError("Cannot Import Copy", fmt.Sprintf("The %s %s is not in %s (or this account cannot see it). Check the import ID: %s.", what, id, region, copyImportIDFormat))
		return nil
	case err != nil:
		pd.addAPIFailure(diags, "Cannot Import Copy", fmt.Sprintf("Reading the %s %s", what, id), region, err, "")
		return nil
	}
	return img
}

// mayBeCopyOf says whether img can be a copy of src as far as the API tells: the API reports no
// copy's source, but a copy has its source's operating system, architecture and size, and is newer.
func mayBeCopyOf(img, src *imageapi.Image) bool {
	return img.ImageId != src.ImageId && img.OsName == src.OsName && img.Architecture == src.Architecture &&
		img.ImageSize == src.ImageSize && img.CreatedTime >= src.CreatedTime
}
