package provider

// One image as the data sources report it: its model, schema and flatten.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// lookupImageModel is one image as the data sources report it: an element of `images` in the list data
// sources, and the top level of cvmimage_image (embedded there, so both share one flatten).
type lookupImageModel struct {
	ID               types.String          `tfsdk:"id"`
	Name             types.String          `tfsdk:"name"`
	Description      types.String          `tfsdk:"description"`
	OSName           types.String          `tfsdk:"os_name"`
	Platform         types.String          `tfsdk:"platform"`
	Architecture     types.String          `tfsdk:"architecture"`
	SizeGB           types.Int64           `tfsdk:"size_gb"`
	CreatedTime      types.String          `tfsdk:"created_time"`
	State            types.String          `tfsdk:"state"`
	Family           types.String          `tfsdk:"family"`
	Deprecated       types.Bool            `tfsdk:"deprecated"`
	LicenseType      types.String          `tfsdk:"license_type"`
	Creator          types.String          `tfsdk:"creator"`
	Source           types.String          `tfsdk:"source"`
	SupportCloudInit types.Bool            `tfsdk:"support_cloud_init"`
	Snapshots        []lookupSnapshotModel `tfsdk:"snapshots"`
	Tags             types.Map             `tfsdk:"tags"`
}

type lookupSnapshotModel struct {
	ID        types.String `tfsdk:"snapshot_id"`
	DiskUsage types.String `tfsdk:"disk_usage"`
	SizeGB    types.Int64  `tfsdk:"disk_size_gb"`
}

// lookupImageAttributes is the computed schema of lookupImageModel. cvmimage_image replaces the entries it also
// takes as filters (name, platform, architecture, family) with optional ones.
func lookupImageAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":                 schema.StringAttribute{Computed: true, MarkdownDescription: "The image ID, such as `img-9qabwvbn`."},
		"name":               schema.StringAttribute{Computed: true, MarkdownDescription: "The image name."},
		"description":        schema.StringAttribute{Computed: true, MarkdownDescription: "The image description."},
		"os_name":            schema.StringAttribute{Computed: true, MarkdownDescription: "The operating system name, such as `TencentOS Server 3.1 (TK4)`."},
		"platform":           schema.StringAttribute{Computed: true, MarkdownDescription: "The operating system platform, such as `CentOS`, `Ubuntu` or `Windows`."},
		"architecture":       schema.StringAttribute{Computed: true, MarkdownDescription: "The CPU architecture, such as `x86_64` or `arm`."},
		"size_gb":            schema.Int64Attribute{Computed: true, MarkdownDescription: "The image size in GiB: the smallest system disk an instance launched from it needs."},
		"created_time":       schema.StringAttribute{Computed: true, MarkdownDescription: "When the image was created, as the API reports it."},
		"state":              schema.StringAttribute{Computed: true, MarkdownDescription: "The image state, such as `NORMAL`, `CREATING` or `SYNCING`."},
		"family":             schema.StringAttribute{Computed: true, MarkdownDescription: "The image family, or an empty string when the image has none."},
		"deprecated":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the image is deprecated. Deprecated images still launch instances but should not be chosen for new ones."},
		"license_type":       schema.StringAttribute{Computed: true, MarkdownDescription: "The licence model, such as `TencentCloud` or `BYOL`. Windows images in some overseas regions carry a licence fee."},
		"creator":            schema.StringAttribute{Computed: true, MarkdownDescription: "Who made the image: `tencentcloud` for public images, the vendor for marketplace images, the owning account ID for custom and shared images."},
		"source":             schema.StringAttribute{Computed: true, MarkdownDescription: "Where the image came from, such as `OFFICIAL`, `CREATE`, `COPY` or `IMPORT`."},
		"support_cloud_init": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the image runs cloud-init, so that `user_data` works on instances launched from it."},
		"snapshots": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The disk snapshots behind a custom image. Empty for public, marketplace and shared images.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"snapshot_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "The snapshot ID."},
				"disk_usage":   schema.StringAttribute{Computed: true, MarkdownDescription: "The disk the snapshot is of: `SYSTEM_DISK` or `DATA_DISK`."},
				"disk_size_gb": schema.Int64Attribute{Computed: true, MarkdownDescription: "The size of the disk in GiB."},
			}},
		},
		"tags": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The image's tags, without the provider's own `cvmimage:` bookkeeping tags."},
	}
}

// flattenLookupImage turns an API image into its Terraform form.
func flattenLookupImage(ctx context.Context, img *imageapi.Image) (lookupImageModel, diag.Diagnostics) {
	tagMap, diags := types.MapValueFrom(ctx, types.StringType, userTagsOf(img.Tags))
	snapshots := make([]lookupSnapshotModel, 0, len(img.SnapshotSet))
	for _, s := range img.SnapshotSet {
		snapshots = append(snapshots, lookupSnapshotModel{
			ID:        types.StringValue(s.SnapshotId),
			DiskUsage: types.StringValue(s.DiskUsage),
			SizeGB:    types.Int64Value(s.DiskSize),
		})
	}
	return lookupImageModel{
		ID:               types.StringValue(img.ImageId),
		Name:             types.StringValue(img.ImageName),
		Description:      types.StringValue(img.ImageDescription),
		OSName:           types.StringValue(img.OsName),
		Platform:         types.StringValue(img.Platform),
		Architecture:     types.StringValue(img.Architecture),
		SizeGB:           types.Int64Value(img.ImageSize),
		CreatedTime:      types.StringValue(img.CreatedTime),
		State:            types.StringValue(img.ImageState),
		Family:           types.StringValue(img.ImageFamily),
		Deprecated:       types.BoolValue(img.ImageDeprecated),
		LicenseType:      types.StringValue(img.LicenseType),
		Creator:          types.StringValue(img.ImageCreator),
		Source:           types.StringValue(img.ImageSource),
		SupportCloudInit: types.BoolValue(img.IsSupportCloudinit),
		Snapshots:        snapshots,
		Tags:             tagMap,
	}, diags
}
