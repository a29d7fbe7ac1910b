package provider

// Moving resources in from Tencent Cloud's official provider (tencentcloudstack/tencentcloud) with
// `moved` blocks across resource types (Terraform 1.8 and later): the image, its shares and an
// imported image change hands in the state, and nothing in the cloud is made or deleted.
//
// Terraform asks for a move before it configures the provider, so a mover has no API: it turns
// the official state into this provider's and leaves the region null (the official resources keep
// none; tencentcloud_cvm_import_image not even the image ID). The refresh that follows the move
// finds the image (resolveMovedImage, resolveMovedShare) and fills in the rest; until it has,
// a plan refuses to go on (refuseUnrefreshedMove, plan_request.go), because a null region would plan a replacement.
// The arguments that only matter while an image is made, and that the API does not report, are
// left null where a value the configuration may not repeat would plan a replacement, and the
// image is marked as an imported one is: the first apply records the configured values in place.

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// The official provider's resource types this provider takes over.
const (
	tencentcloudImageType       = "tencentcloud_image"
	tencentcloudImageShareType  = "tencentcloud_cvm_image_share_permission"
	tencentcloudImportImageType = "tencentcloud_cvm_import_image"
	tencentcloudSyncImageType   = "tencentcloud_cvm_sync_image"
	// tencentcloudSchemaVersion is the schema version of all of them: none declares one.
	tencentcloudSchemaVersion = 0
)

// tencentcloudSource says whether a provider address is the official Tencent Cloud provider's:
// tencentcloudstack/tencentcloud on any registry host (Terraform's or OpenTofu's), or the bare
// type name of a state written before provider source addresses existed.
func tencentcloudSource(addr string) bool {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(addr)), "/")
	n := len(parts)
	switch {
	case parts[n-1] != "tencentcloud":
		return false
	case n == 1:
		return true
	default:
		return parts[n-2] == "tencentcloudstack" || parts[n-2] == "-"
	}
}

// tencentcloudImageState is the state of tencentcloud_image: its ID is the image ID.
type tencentcloudImageState struct {
	ID               string            `json:"id"`
	ImageName        string            `json:"image_name"`
	ImageDescription string            `json:"image_description"`
	ImageFamily      string            `json:"image_family"`
	InstanceID       string            `json:"instance_id"`
	SnapshotIDs      []string          `json:"snapshot_ids"`
	DataDiskIDs      []string          `json:"data_disk_ids"`
	ForcePoweroff    *bool             `json:"force_poweroff"`
	Sysprep          *bool             `json:"sysprep"`
	Tags             map[string]string `json:"tags"`
}

// tencentcloudImageShareState is the state of tencentcloud_cvm_image_share_permission: its ID is
// the image ID too.
type tencentcloudImageShareState struct {
	ID         string   `json:"id"`
	ImageID    string   `json:"image_id"`
	AccountIDs []string `json:"account_ids"`
}

// tencentcloudImportImageState is the state of tencentcloud_cvm_import_image: its ID is the
// image_url, not an image ID, because that resource never learns which image it made.
type tencentcloudImportImageState struct {
	ID               string `json:"id"`
	Architecture     string `json:"architecture"`
	OsType           string `json:"os_type"`
	OsVersion        string `json:"os_version"`
	ImageURL         string `json:"image_url"`
	ImageName        string `json:"image_name"`
	ImageDescription string `json:"image_description"`
	DryRun           *bool  `json:"dry_run"`
	Force            *bool  `json:"force"`
	LicenseType      string `json:"license_type"`
	BootMode         string `json:"boot_mode"`
}

// decodeMoveSource checks that a move comes from the official provider's sourceType to target and
// decodes its state into into. It reports why not, as an error, and returns false otherwise.
func decodeMoveSource(req resource.MoveStateRequest, sourceType, target string, into any, diags *diag.Diagnostics) bool {
	if !tencentcloudSource(req.SourceProviderAddress) || req.SourceTypeName != sourceType {
		summary, detail := "Unsupported Move Source", fmt.Sprintf("%s can be moved here only from %s of the tencentcloudstack/tencentcloud provider, "+
			"not from %s of %q. Remove the moved block, or point its from address at a %s.",
			target, sourceType, req.SourceTypeName, req.SourceProviderAddress, sourceType)
		if req.SourceTypeName == tencentcloudSyncImageType {
			summary, detail = "Copies Cannot Be Moved", syncImageMoveDetail
		}
		diags.AddError(summary, detail)
		return false
	}
	if req.SourceSchemaVersion != tencentcloudSchemaVersion {
		diags.AddError("Unknown Source Schema Version",
			fmt.Sprintf("The state of %s was written with schema version %d, which this provider does not know (it reads version %d). "+
				"Import the resource into %s instead of moving it.", sourceType, req.SourceSchemaVersion, tencentcloudSchemaVersion, target))
		return false
	}
	if req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0 {
		diags.AddError("Unreadable Source State",
			fmt.Sprintf("Terraform sent no JSON state of the %s to move. Import the resource into %s instead of moving it.", sourceType, target))
		return false
	}
	if err := json.Unmarshal(req.SourceRawState.JSON, into); err != nil {
		diags.AddError("Unreadable Source State",
			fmt.Sprintf("The state of the %s to move is not the shape of tencentcloudstack/tencentcloud's %s: %v. "+
				"Import the resource into %s instead of moving it.", sourceType, sourceType, err, target))
		return false
	}
	return true
}

// syncImageMoveDetail explains why tencentcloud_cvm_sync_image has no mover, and what to do.
const syncImageMoveDetail = "tencentcloud_cvm_sync_image does not record the IDs of the copies it made (its ID is the source " +
	"image's), so there is nothing to move. Remove it from the state (terraform state rm, or a removed block with destroy = false), " +
	"then import each copy into a cvmimage_image_copy with the ID DESTINATION_REGION/IMAGE_ID/SOURCE_REGION/SOURCE_IMAGE_ID."

// movedImageID checks the image ID a source state holds.
func movedImageID(id, sourceType string, diags *diag.Diagnostics) bool {
	if !imageIDPattern.MatchString(id) {
		diags.AddError("Source State Has No Image ID",
			fmt.Sprintf("The %s to move holds the ID %q, which is not an image ID (img- and 8 characters).", sourceType, id))
		return false
	}
	return true
}

// findOwnImage finds one of the account's own custom images, moved in by ID, with its region:
// first in the provider's region, then in every other region the API knows. The official
// provider keeps no region in its state, and its provider block may name another region.
func findOwnImage(ctx context.Context, pd *providerData, id string, diags *diag.Diagnostics) (*imageapi.Image, string) {
	regions := append([]string{pd.region}, slices.DeleteFunc(slices.Clone(knownRegions), func(r string) bool { return r == pd.region })...)
	for _, region := range regions {
		img, err := pd.client.ImageNow(ctx, region, id)
		var apiErr *imageapi.APIError
		switch {
		case errors.Is(err, imageapi.ErrNotFound), errors.As(err, &apiErr) && apiErr.Code == "UnsupportedRegion":
			continue
		case err != nil:
			pd.addAPIFailure(diags, "Cannot Find Moved Image", fmt.Sprintf("Looking for image %s, moved in from the tencentcloud provider,", id), region, err, "")
			return nil, ""
		case img.ImageType != imageapi.ImageTypePrivate:
			diags.AddError("Moved Image Is Not Yours",
				fmt.Sprintf("Image %s, moved in from the tencentcloud provider, is a %s in %s, not one of this account's custom images. "+
					"Check the cvmimage provider's credentials.", id, img.ImageType, region))
			return nil, ""
		}
		return img, region
	}
	diags.AddError("Moved Image Not Found",
		fmt.Sprintf("Image %s, moved in from the tencentcloud provider, is not one of this account's custom images in %s or any other region. "+
			"If it was deleted, remove the moved block and the old resource from the state (terraform state rm) instead of moving it.", id, pd.region))
	return nil, ""
}

// nullTimeouts is an unset timeouts block of the create, update and delete timeouts.
func nullTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType,
	})}
}

// stringOrNull is s, or null when empty: the official provider stores unset strings as "".
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// moverFrom is the one mover of a target resource: it decodes a state of the official provider's
// sourceType (refusing any other source, with why) and stores the model move makes of it, unless
// move returned nil having said why. A moved image is marked, as an imported one is, as having a
// source the state does not fully know (plan_replacement.go): its first apply records the
// configured create-only inputs instead of replacing it.
func moverFrom[S any](sourceType, target string, move func(context.Context, *S, *diag.Diagnostics) any) []resource.StateMover {
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		var src S
		if !decodeMoveSource(req, sourceType, target, &src, &resp.Diagnostics) {
			return
		}
		m := move(ctx, &src, &resp.Diagnostics)
		if m == nil || resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.TargetState.Set(ctx, m)...)
		if _, image := m.(madeImage); image {
			resp.Diagnostics.Append(resp.TargetPrivate.SetKey(ctx, sourceUnknownKey, []byte("true"))...)
		}
	}}}
}

// customImageMovers move tencentcloud_image into cvmimage_custom_image.
func customImageMovers() []resource.StateMover {
	return moverFrom(tencentcloudImageType, "cvmimage_custom_image", func(ctx context.Context, src *tencentcloudImageState, diags *diag.Diagnostics) any {
		if !movedImageID(src.ID, tencentcloudImageType, diags) {
			return nil
		}
		// snapshot_ids and data_disk_ids are sets there and lists here, in an order the state
		// does not keep, and force_poweroff and sysprep only matter while the image is made: a
		// configuration that orders or drops them differently must not replace the image.
		return &customImageResourceModel{
			imageModel:    movedImageModel(ctx, types.StringValue(src.ID), src.ImageName, src.ImageDescription, src.ImageFamily, src.Tags, src.InstanceID != "", diags),
			InstanceID:    stringOrNull(src.InstanceID),
			DataDiskIDs:   types.ListNull(types.StringType),
			ForcePoweroff: types.BoolNull(),
			Sysprep:       types.BoolNull(),
			SnapshotIDs:   types.ListNull(types.StringType),
		}
	})
}

// importedImageMovers move tencentcloud_cvm_import_image into cvmimage_imported_image. That
// resource never learns the ID of the image it imports; the refresh finds it by its name in the
// provider's region (names are unique there), and the move leaves the ID null until then.
func importedImageMovers() []resource.StateMover {
	return moverFrom(tencentcloudImportImageType, "cvmimage_imported_image", func(ctx context.Context, src *tencentcloudImportImageState, diags *diag.Diagnostics) any {
		switch {
		case src.DryRun != nil && *src.DryRun:
			diags.AddError("Nothing Was Imported",
				fmt.Sprintf("The %s to move has dry_run = true, so it imported no image and there is nothing to move. "+
					"Remove it from the state (terraform state rm) and the moved block.", tencentcloudImportImageType))
			return nil
		case src.ImageName == "" || src.ImageURL == "":
			diags.AddError("Source State Names No Image",
				fmt.Sprintf("The %s to move (ID %q) holds no image_name or image_url, so the image it imported cannot be found. %s",
					tencentcloudImportImageType, src.ID, importInsteadOfMove))
			return nil
		}
		m := &importedImageResourceModel{
			imageModel:   movedImageModel(ctx, types.StringNull(), src.ImageName, src.ImageDescription, "", nil, true, diags),
			ImageURL:     types.StringValue(src.ImageURL),
			DataDiskURLs: types.ListNull(types.StringType),
			OsType:       stringOrNull(src.OsType),
			OsVersion:    stringOrNull(src.OsVersion),
			BootMode:     stringOrNull(src.BootMode),
			Force:        types.BoolNull(),
		}
		m.Architecture, m.LicenseType = stringOrNull(src.Architecture), stringOrNull(src.LicenseType)
		return m
	})
}

// importInsteadOfMove is the way in for an imported image that cannot be moved.
const importInsteadOfMove = "Import it instead: remove the " + tencentcloudImportImageType + " from the state (terraform state rm, " +
	"or a removed block with destroy = false) and import the image into cvmimage_imported_image with REGION/IMAGE_ID."

// imageShareMovers move tencentcloud_cvm_image_share_permission into cvmimage_image_share. Both
// hold the complete set of accounts; the share mark is written by the first apply, as after an
// import (the moved resource has no private state saying it was marked).
func imageShareMovers() []resource.StateMover {
	return moverFrom(tencentcloudImageShareType, "cvmimage_image_share", func(ctx context.Context, src *tencentcloudImageShareState, diags *diag.Diagnostics) any {
		id := cmp.Or(src.ImageID, src.ID)
		if !movedImageID(id, tencentcloudImageShareType, diags) {
			return nil
		}
		set, d := types.SetValueFrom(ctx, types.StringType, append([]string{}, src.AccountIDs...))
		diags.Append(d...)
		return &imageShareResourceModel{
			ID: types.StringNull(), Region: types.StringNull(), ImageID: types.StringValue(id), AccountIDs: set, Timeouts: nullTimeouts(),
		}
	})
}

// imageCopyMovers answer a move of tencentcloud_cvm_sync_image with the import route: that
// resource keeps no copy IDs.
func imageCopyMovers() []resource.StateMover {
	return []resource.StateMover{{StateMover: func(_ context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		if tencentcloudSource(req.SourceProviderAddress) && req.SourceTypeName == tencentcloudSyncImageType {
			resp.Diagnostics.AddError("Copies Cannot Be Moved", syncImageMoveDetail)
			return
		}
		resp.Diagnostics.AddError("Unsupported Move Source",
			fmt.Sprintf("cvmimage_image_copy cannot be moved from %s of %q: import the copy with DESTINATION_REGION/IMAGE_ID/SOURCE_REGION/SOURCE_IMAGE_ID instead.",
				req.SourceTypeName, req.SourceProviderAddress))
	}}}
}

// movedImageModel is the shared part of a moved image's state: what the official state holds,
// the schema's defaults for what it does not (deleteSnapshots depends on the resource), a null
// region, and null computed attributes for the refresh to fill.
func movedImageModel(ctx context.Context, id types.String, name, description, family string, tags map[string]string,
	deleteSnapshots bool, diags *diag.Diagnostics) imageModel {
	m := imageModel{
		imageCommon: imageCommon{
			ID: id, Name: types.StringValue(name), NamePrefix: types.StringNull(),
			Description: types.StringValue(description), Family: types.StringValue(family),
			Tags:               types.MapNull(types.StringType),
			DeletionProtection: types.BoolValue(false),
			DeleteSnapshots:    types.BoolValue(deleteSnapshots),
			ForceUnshare:       types.BoolValue(false),
			Timeouts:           nullTimeouts(),
		},
		Snapshots: types.ListNull(types.ObjectType{AttrTypes: snapshotAttrTypes}),
	}
	if len(tags) > 0 {
		tm, d := types.MapValueFrom(ctx, types.StringType, tags)
		diags.Append(d...)
		m.Tags = tm
	}
	return m
}

// resolveMovedImage is the first step of a moved image's refresh: it finds the image and its
// region, which the move could not, by ID (tencentcloud_image) or, for an imported image whose
// ID the official state lacks, by name in the provider's region. It returns false, having said
// why, when the image cannot be found. Any other image's state has its region, and passes.
func resolveMovedImage(ctx context.Context, pd *providerData, m *imageModel, diags *diag.Diagnostics) bool {
	if !m.Region.IsNull() {
		return true
	}
	if !m.ID.IsNull() {
		img, region := findOwnImage(ctx, pd, m.ID.ValueString(), diags)
		m.Region = types.StringValue(region)
		return img != nil
	}
	region, name := pd.region, m.Name.ValueString()
	img, err := pd.client.ImageNamedNow(ctx, region, name)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		diags.AddError("Moved Imported Image Not Found",
			fmt.Sprintf("No custom image in %s (the provider's region) is named %q, the image_name of the %s moved in: it may have been "+
				"renamed, deleted, or imported in another region. %s", region, name, tencentcloudImportImageType, importInsteadOfMove))
		return false
	case err != nil:
		pd.addAPIFailure(diags, "Cannot Find Moved Image", fmt.Sprintf("Looking for the image named %q", name), region, err, "")
		return false
	case img.ImageSource != imageSourceImport:
		diags.AddError("Moved Image Was Not Imported",
			fmt.Sprintf("Image %s, named %q in %s, was made by %s, not imported from object storage, so it is not the image the %s "+
				"moved in imported. %s", img.ImageId, name, region, img.ImageSource, tencentcloudImportImageType, importInsteadOfMove))
		return false
	}
	m.ID, m.Region = types.StringValue(img.ImageId), types.StringValue(region)
	return true
}

// imageSourceImport is DescribeImages' ImageSource of an image ImportImage made.
const imageSourceImport = "EXTERNAL_IMPORT"

// resolveMovedShare is the first step of a moved share's refresh: it finds the region of the
// shared image. It returns false, having said why, when the image cannot be found.
func resolveMovedShare(ctx context.Context, pd *providerData, m *imageShareResourceModel, diags *diag.Diagnostics) bool {
	if !m.Region.IsNull() {
		return true
	}
	img, region := findOwnImage(ctx, pd, m.ImageID.ValueString(), diags)
	m.Region = types.StringValue(region)
	return img != nil
}

// imageShareAccountMovers refuse every move into cvmimage_image_share_account, saying what to do:
// the official share permission owns an image's whole share list, as cvmimage_image_share does.
func imageShareAccountMovers() []resource.StateMover {
	return []resource.StateMover{{StateMover: func(_ context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		resp.Diagnostics.AddError("Unsupported Move Source",
			fmt.Sprintf("cvmimage_image_share_account cannot be moved from %s of %q. A tencentcloud_cvm_image_share_permission "+
				"manages an image's whole share list: move it to cvmimage_image_share. To manage one account's share, remove the "+
				"old resource from the state and import the share with %s.", req.SourceTypeName, req.SourceProviderAddress, shareAccountImportIDFormat))
	}}}
}
