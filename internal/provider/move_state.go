package provider

// Moving resources in from Tencent Cloud's official provider (tencentcloudstack/tencentcloud) with
// `moved` blocks across resource types (Terraform 1.8 and later): the image, its shares and an
// imported image change hands in the state, and nothing in the cloud is made or deleted.
//
// The official resources keep little state (tencentcloud_image only its arguments and the image
// ID, no region), so each mover finds the image through the API and fills the target state from
// it, as the refresh that follows a move would. The arguments that only matter while an image is
// made, and that the API does not report, are left null where a value the configuration may not
// repeat would plan a replacement: the first plan then records the configured value in place,
// exactly as after an import.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

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

// moveData hands the provider's configuration to the resources whose movers need the API: the
// framework configures no resource before MoveState, so the provider keeps what its Configure
// made, and the factories below give it to every resource they make.
type moveData struct {
	pd atomic.Pointer[providerData]
}

// moveTarget is a resource that can take a configured provider before its movers run.
type moveTarget interface {
	configureForMove(*providerData)
}

// withMoveData wraps resource factories so that the resources they make see the provider's
// configuration in their movers.
func (d *moveData) withMoveData(factories []func() resource.Resource) []func() resource.Resource {
	out := make([]func() resource.Resource, len(factories))
	for i, f := range factories {
		out[i] = func() resource.Resource {
			r := f()
			if t, ok := r.(moveTarget); ok {
				if pd := d.pd.Load(); pd != nil {
					t.configureForMove(pd)
				}
			}
			return r
		}
	}
	return out
}

func (r *imageResource) configureForMove(pd *providerData) {
	if r.pd == nil {
		r.pd = pd
	}
}

func (r *imageShareResource) configureForMove(pd *providerData) {
	if r.pd == nil {
		r.pd = pd
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

// movePrereqs reports a provider that is not configured, which the movers need to find the image.
func movePrereqs(pd *providerData, diags *diag.Diagnostics) bool {
	if pd == nil {
		diags.AddError("Provider Not Configured",
			"Moving a resource in needs the cvmimage provider's configuration to find the image through the API, "+
				"and Terraform has not configured the provider. Run the plan again; if this persists, please report it.")
		return false
	}
	return true
}

// findOwnImage finds one of the account's own custom images by ID, with its region: first in the
// provider's region, then in every other region the API knows. The official provider keeps no
// region in its state, and its provider block may name another region than this one's.
func findOwnImage(ctx context.Context, pd *providerData, id, sourceType string, diags *diag.Diagnostics) (*imageapi.Image, string) {
	regions := append([]string{pd.region}, slices.DeleteFunc(slices.Clone(knownRegions), func(r string) bool { return r == pd.region })...)
	for _, region := range regions {
		img, err := pd.client.GetImage(ctx, region, id)
		var apiErr *imageapi.APIError
		switch {
		case errors.Is(err, imageapi.ErrNotFound), errors.As(err, &apiErr) && apiErr.Code == "UnsupportedRegion":
			continue
		case err != nil:
			diags.AddError("Cannot Find Image To Move", fmt.Sprintf("Looking for image %s of the %s in %s failed. %s", id, sourceType, region, apiErrorDetail(err)))
			return nil, ""
		case img.ImageType != imageapi.ImageTypePrivate:
			diags.AddError("Image To Move Is Not Yours",
				fmt.Sprintf("Image %s of the %s is a %s in %s, not one of this account's custom images. Check the provider's credentials.",
					id, sourceType, img.ImageType, region))
			return nil, ""
		}
		return img, region
	}
	diags.AddError("Image To Move Not Found",
		fmt.Sprintf("Image %s of the %s is not one of this account's custom images in %s or any other region. "+
			"It may have been deleted: remove the moved block and the resource from the state (terraform state rm).", id, sourceType, pd.region))
	return nil, ""
}

// movedImageModel is the shared part of a moved image's state: what the API reports, the
// schema's defaults for what the API does not, and deleteSnapshots, which depends on the resource.
func movedImageModel(ctx context.Context, img *imageapi.Image, region string, deleteSnapshots bool, diags *diag.Diagnostics) imageModel {
	m := imageModel{
		Region:             types.StringValue(region),
		Tags:               types.MapNull(types.StringType),
		DeletionProtection: types.BoolValue(false),
		DeleteSnapshots:    types.BoolValue(deleteSnapshots),
		ForceUnshare:       types.BoolValue(false),
		Timeouts:           nullTimeouts(),
	}
	m.flatten(ctx, img, diags)
	return m
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

// customImageMovers move tencentcloud_image into cvmimage_custom_image.
func (r *imageResource) customImageMovers() []resource.StateMover {
	const target = "cvmimage_custom_image"
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		var src tencentcloudImageState
		if !decodeMoveSource(req, tencentcloudImageType, target, &src, &resp.Diagnostics) ||
			!movedImageID(src.ID, tencentcloudImageType, &resp.Diagnostics) || !movePrereqs(r.pd, &resp.Diagnostics) {
			return
		}
		img, region := findOwnImage(ctx, r.pd, src.ID, tencentcloudImageType, &resp.Diagnostics)
		if img == nil {
			return
		}
		// snapshot_ids and data_disk_ids are sets there and lists here, in an order the state
		// does not keep, and force_poweroff and sysprep only matter while the image is made: a
		// configuration that orders or drops them differently must not replace the image.
		m := customImageResourceModel{
			imageModel:    movedImageModel(ctx, img, region, src.InstanceID != "", &resp.Diagnostics),
			InstanceID:    stringOrNull(src.InstanceID),
			DataDiskIDs:   types.ListNull(types.StringType),
			ForcePoweroff: types.BoolNull(),
			Sysprep:       types.BoolNull(),
			SnapshotIDs:   types.ListNull(types.StringType),
		}
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		}
	}}}
}

// importedImageMovers move tencentcloud_cvm_import_image into cvmimage_imported_image. That
// resource never learns the ID of the image it imports, so the image is found by its name in
// the provider's region (names are unique there), and must be an imported one.
func (r *imageResource) importedImageMovers() []resource.StateMover {
	const target = "cvmimage_imported_image"
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		var src tencentcloudImportImageState
		if !decodeMoveSource(req, tencentcloudImportImageType, target, &src, &resp.Diagnostics) {
			return
		}
		importInstead := fmt.Sprintf("Import it instead: remove the %s from the state (terraform state rm, or a removed block "+
			"with destroy = false) and import the image into %s with REGION/IMAGE_ID.", tencentcloudImportImageType, target)
		switch {
		case src.DryRun != nil && *src.DryRun:
			resp.Diagnostics.AddError("Nothing Was Imported",
				fmt.Sprintf("The %s to move has dry_run = true, so it imported no image and there is nothing to move. Remove it from the state.", tencentcloudImportImageType))
			return
		case src.ImageName == "" || src.ImageURL == "":
			resp.Diagnostics.AddError("Source State Names No Image",
				fmt.Sprintf("The %s to move (ID %q) holds no image_name or image_url, so the image it imported cannot be found. %s",
					tencentcloudImportImageType, src.ID, importInstead))
			return
		case !movePrereqs(r.pd, &resp.Diagnostics):
			return
		}
		region := r.pd.region
		img, err := r.pd.client.FindImageByName(ctx, region, src.ImageName)
		switch {
		case errors.Is(err, imageapi.ErrNotFound):
			resp.Diagnostics.AddError("Imported Image Not Found",
				fmt.Sprintf("No custom image in %s (the provider's region) is named %q, the image_name of the %s to move: it may have been "+
					"renamed, deleted, or imported in another region. %s", region, src.ImageName, tencentcloudImportImageType, importInstead))
			return
		case err != nil:
			resp.Diagnostics.AddError("Cannot Find Image To Move",
				fmt.Sprintf("Looking for the image named %q in %s failed. %s", src.ImageName, region, apiErrorDetail(err)))
			return
		case img.ImageSource != imageSourceImport:
			resp.Diagnostics.AddError("Image Was Not Imported",
				fmt.Sprintf("Image %s, named %q in %s, was made by %s, not imported from object storage, so it is not the image the %s "+
					"imported. %s", img.ImageId, src.ImageName, region, img.ImageSource, tencentcloudImportImageType, importInstead))
			return
		}
		m := importedImageResourceModel{
			imageModel:   movedImageModel(ctx, img, region, true, &resp.Diagnostics),
			ImageURL:     types.StringValue(src.ImageURL),
			DataDiskURLs: types.ListNull(types.StringType),
			OsType:       stringOrNull(src.OsType),
			OsVersion:    stringOrNull(src.OsVersion),
			BootMode:     stringOrNull(src.BootMode),
			Force:        types.BoolNull(),
		}
		m.keepArchitectureSpelling(stringOrNull(src.Architecture))
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		}
	}}}
}

// imageSourceImport is DescribeImages' ImageSource of an image ImportImage made.
const imageSourceImport = "EXTERNAL_IMPORT"

// imageShareMovers move tencentcloud_cvm_image_share_permission into cvmimage_image_share. Both
// hold the complete set of accounts; the share mark is written by the first apply, as after an
// import (the moved resource has no private state saying it was marked).
func (r *imageShareResource) imageShareMovers() []resource.StateMover {
	const target = "cvmimage_image_share"
	return []resource.StateMover{{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		var src tencentcloudImageShareState
		if !decodeMoveSource(req, tencentcloudImageShareType, target, &src, &resp.Diagnostics) {
			return
		}
		id := src.ImageID
		if id == "" {
			id = src.ID
		}
		if !movedImageID(id, tencentcloudImageShareType, &resp.Diagnostics) || !movePrereqs(r.pd, &resp.Diagnostics) {
			return
		}
		img, region := findOwnImage(ctx, r.pd, id, tencentcloudImageShareType, &resp.Diagnostics)
		if img == nil {
			return
		}
		accounts := append([]string{}, src.AccountIDs...)
		set, d := types.SetValueFrom(ctx, types.StringType, accounts)
		resp.Diagnostics.Append(d...)
		m := imageShareResourceModel{
			ID: types.StringValue(region + "/" + id), Region: types.StringValue(region), ImageID: types.StringValue(id),
			AccountIDs: set, Timeouts: nullTimeouts(),
		}
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		}
	}}}
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
