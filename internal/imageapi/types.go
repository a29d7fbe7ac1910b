package imageapi

// Image types as ImageType carries them.
const (
	ImageTypePublic  = "PUBLIC_IMAGE"
	ImageTypeMarket  = "MARKET_IMAGE"
	ImageTypePrivate = "PRIVATE_IMAGE"
	ImageTypeShared  = "SHARED_IMAGE"
)

// Image states. A state not listed here is treated as busy, never as terminal.
const (
	StateCreating     = "CREATING"
	StateNormal       = "NORMAL"
	StateCreateFailed = "CREATEFAILED"
	StateSyncing      = "SYNCING"
	StateImporting    = "IMPORTING"
	StateImportFailed = "IMPORTFAILED"
)

// Image is one entry of DescribeImages.ImageSet.
type Image struct {
	ImageId            string
	OsName             string
	ImageType          string
	CreatedTime        string
	ImageName          string
	ImageDescription   string
	ImageSize          int64
	Architecture       string
	ImageState         string
	Platform           string
	ImageCreator       string
	ImageSource        string
	SyncPercent        *int64
	IsSupportCloudinit bool
	SnapshotSet        []Snapshot
	Tags               []Tag
	LicenseType        string
	ImageFamily        string
	ImageDeprecated    bool
}

// Snapshot is one disk snapshot behind a custom image.
type Snapshot struct {
	SnapshotId string
	DiskUsage  string // SYSTEM_DISK or DATA_DISK
	DiskSize   int64  // GiB
}

// Tag is a key/value pair on a resource.
type Tag struct {
	Key   string
	Value string
}

// TagSpecification attaches tags to the resource a create makes.
type TagSpecification struct {
	ResourceType string
	Tags         []Tag
}

// Filter is one DescribeImages filter; values are OR'ed, filters AND'ed.
type Filter struct {
	Name   string
	Values []string
}

// SharePermission is one account an image is shared with.
type SharePermission struct {
	CreatedTime string
	AccountId   string
}

// SyncImage is one copy SyncImages made.
type SyncImage struct {
	ImageId string
	Region  string
}

// ImageOsList lists the OS types ImportImage accepts.
type ImageOsList struct {
	Windows []string
	Linux   []string
}

// OsVersion lists the versions and architectures ImportImage accepts for one OS type.
type OsVersion struct {
	OsName       string
	OsVersions   []string
	Architecture []string
}

// Instance is what image work needs of a CVM instance (DescribeInstances.InstanceSet[]).
type Instance struct {
	InstanceId    string
	InstanceName  string
	InstanceState string // PENDING, RUNNING, STOPPED, …
	ImageId       string
	OsName        string
	CreatedTime   string
	Placement     Placement
	SystemDisk    InstanceDisk
	DataDisks     []InstanceDisk
	// LatestOperationState is OPERATING while the instance is in the middle of an operation, in
	// which case CreateImage from it is refused for now (see ErrBusy).
	LatestOperationState string
}

// InstanceDisk is an instance's SystemDisk or one of its DataDisks.
type InstanceDisk struct {
	DiskId   string
	DiskType string
	DiskSize int64 // GiB
}

// Placement is where an instance, disk or snapshot is.
type Placement struct {
	Zone      string
	ProjectId int64
}

// Disk usages, as DiskUsage carries them.
const (
	DiskUsageSystem = "SYSTEM_DISK"
	DiskUsageData   = "DATA_DISK"
)

// Disk is a CBS cloud disk (DescribeDisks.DiskSet[]).
type Disk struct {
	DiskId     string
	DiskName   string
	DiskUsage  string // SYSTEM_DISK or DATA_DISK
	DiskType   string
	DiskState  string // ATTACHED, UNATTACHED, …
	DiskSize   int64  // GiB
	InstanceId string // the instance it is attached to, if any
	Placement  Placement
}

// DiskSnapshot is a CBS snapshot (DescribeSnapshots.SnapshotSet[]).
type DiskSnapshot struct {
	SnapshotId    string
	SnapshotName  string
	SnapshotState string // NORMAL, CREATING, ROLLBACKING, COPYING_FROM_REMOTE, CHECKING_COPIED, TORECYCLE
	DiskId        string // "" for a snapshot not made from a disk (imported)
	DiskUsage     string // SYSTEM_DISK or DATA_DISK
	DiskSize      int64  // GiB
	Encrypt       bool
	CreateTime    string
	Placement     Placement
}

// DescribeImagesRequest: ImageIds and Filters are mutually exclusive; Limit ≤ 100.
type DescribeImagesRequest struct {
	ImageIds     []string `json:",omitempty"`
	Filters      []Filter `json:",omitempty"`
	Offset       uint64   `json:",omitempty"`
	Limit        uint64   `json:",omitempty"`
	InstanceType string   `json:",omitempty"`
}

// DescribeImagesResponse: TotalCount counts every match, not the page.
type DescribeImagesResponse struct {
	TotalCount int64
	ImageSet   []Image
}

// CreateImageRequest makes a custom image from an instance or from snapshots (exactly one).
type CreateImageRequest struct {
	ImageName        string
	InstanceId       string
	ImageDescription string
	// ForcePoweroff and Sysprep are strings on the wire; see MarshalJSON.
	ForcePoweroff    bool
	Sysprep          bool
	DataDiskIds      []string
	SnapshotIds      []string
	DryRun           bool
	TagSpecification []TagSpecification
	ImageFamily      string
}

// CreateImageResponse carries the new image's ID; the image is CREATING.
type CreateImageResponse struct {
	ImageId string
}

// DeleteImagesRequest deletes images, and their snapshots when DeleteBindedSnap is set.
type DeleteImagesRequest struct {
	ImageIds         []string
	DeleteBindedSnap bool `json:",omitempty"`
	DryRun           bool `json:",omitempty"`
}

// ModifyImageAttributeRequest changes only the fields that are set.
type ModifyImageAttributeRequest struct {
	ImageId          string
	ImageName        *string `json:",omitempty"`
	ImageDescription *string `json:",omitempty"`
	ImageFamily      *string `json:",omitempty"`
	ImageDeprecated  *bool   `json:",omitempty"`
}

// SyncImagesRequest copies one image to other regions (or, encrypted or shared-in, into its own).
type SyncImagesRequest struct {
	ImageIds           []string
	DestinationRegions []string
	DryRun             bool   `json:",omitempty"`
	ImageName          string `json:",omitempty"`
	ImageSetRequired   bool   `json:",omitempty"`
	Encrypt            bool   `json:",omitempty"`
	KmsKeyId           string `json:",omitempty"`
}

// SyncImagesResponse lists the copies when ImageSetRequired was set.
type SyncImagesResponse struct {
	ImageSet []SyncImage
}

// Share permissions.
const (
	PermissionShare  = "SHARE"
	PermissionCancel = "CANCEL"
)

// ModifyImageSharePermissionRequest shares an image with, or withdraws it from, accounts.
type ModifyImageSharePermissionRequest struct {
	ImageId    string
	AccountIds []string
	Permission string
}

// DescribeImageSharePermissionRequest asks whom an image is shared with.
type DescribeImageSharePermissionRequest struct {
	ImageId string
}

// DescribeImageSharePermissionResponse lists every account the image is shared with.
type DescribeImageSharePermissionResponse struct {
	SharePermissionSet []SharePermission
}

// DescribeImageQuotaResponse is the caller's custom-image quota in the request's region.
type DescribeImageQuotaResponse struct {
	ImageNumQuota int64
}

// ImportImageDataDisk is one data-disk image to import with the system disk.
type ImportImageDataDisk struct {
	ImageUrl string
}

// ImportImageRequest imports a disk image from object storage.
type ImportImageRequest struct {
	Architecture            string
	OsType                  string
	OsVersion               string
	ImageUrl                string
	ImageName               string
	ImageDescription        string                `json:",omitempty"`
	DryRun                  bool                  `json:",omitempty"`
	Force                   bool                  `json:",omitempty"`
	TagSpecification        []TagSpecification    `json:",omitempty"`
	LicenseType             string                `json:",omitempty"`
	BootMode                string                `json:",omitempty"`
	ImageFamily             string                `json:",omitempty"`
	ImportImageDataDiskList []ImportImageDataDisk `json:",omitempty"`
}

// ImportImageResponse carries the new image's ID; the image is IMPORTING.
type ImportImageResponse struct {
	ImageId string
}

// DescribeImportImageOsResponse lists what ImportImage accepts.
type DescribeImportImageOsResponse struct {
	ImportImageOsListSupported ImageOsList
	ImportImageOsVersionSet    []OsVersion
}

// DescribeImageFromFamilyRequest names the family to resolve.
type DescribeImageFromFamilyRequest struct {
	ImageFamily string `json:",omitempty"`
}

// DescribeImageFromFamilyResponse: Image is nil when the family has no usable image.
type DescribeImageFromFamilyResponse struct {
	Image *Image
}

// DescribeInstancesRequest: InstanceIds and Filters are mutually exclusive.
type DescribeInstancesRequest struct {
	InstanceIds []string `json:",omitempty"`
	Filters     []Filter `json:",omitempty"`
	Offset      int64    `json:",omitempty"`
	Limit       int64    `json:",omitempty"`
}

// DescribeInstancesResponse is a page of instances.
type DescribeInstancesResponse struct {
	TotalCount  int64
	InstanceSet []Instance
}

// DescribeSnapshotsRequest (CBS): SnapshotIds and Filters are mutually exclusive; Limit ≤ 100.
type DescribeSnapshotsRequest struct {
	SnapshotIds []string `json:",omitempty"`
	Filters     []Filter `json:",omitempty"`
	Offset      uint64   `json:",omitempty"`
	Limit       uint64   `json:",omitempty"`
}

// DescribeSnapshotsResponse is a page of snapshots.
type DescribeSnapshotsResponse struct {
	TotalCount  int64
	SnapshotSet []DiskSnapshot
}

// DescribeDisksRequest (CBS): DiskIds and Filters are mutually exclusive; Limit ≤ 100.
type DescribeDisksRequest struct {
	DiskIds []string `json:",omitempty"`
	Filters []Filter `json:",omitempty"`
	Offset  uint64   `json:",omitempty"`
	Limit   uint64   `json:",omitempty"`
}

// DescribeDisksResponse is a page of disks.
type DescribeDisksResponse struct {
	TotalCount int64
	DiskSet    []Disk
}
