package cvmsim

// Wire shapes of the answers, field for field as the official SDK models (cvm v20170312,
// tag v20180813, cbs v20170312) name them.

type wireImage struct {
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
	SnapshotSet        []wireSnapshot
	Tags               []wireTag
	LicenseType        string
	ImageFamily        string
	ImageDeprecated    bool
}

type wireSnapshot struct {
	SnapshotId string
	DiskUsage  string
	DiskSize   int64
}

type wireTag struct {
	Key   string
	Value string
}

type wireTagSpecification struct {
	ResourceType string
	Tags         []wireTag
}

type wireFilter struct {
	Name   string
	Values []string
}

type wireSharePermission struct {
	CreatedTime string
	AccountId   string
}

type wireSyncImage struct {
	ImageId string
	Region  string
}

// wireInstance is CVM's Instance, with the fields the sandbox has values for.
type wireInstance struct {
	Placement            wirePlacement
	InstanceId           string
	InstanceName         string
	InstanceChargeType   string
	SystemDisk           wireSystemDisk
	DataDisks            []wireDataDisk
	ImageId              string
	CreatedTime          string
	OsName               string
	InstanceState        string
	Tags                 []wireTag
	LatestOperationState string
}

type wirePlacement struct {
	Zone      string
	ProjectId int64
}

type wireSystemDisk struct {
	DiskType string
	DiskId   string
	DiskSize int64
}

type wireDataDisk struct {
	DiskSize           int64
	DiskType           string
	DiskId             string
	DeleteWithInstance bool
	Encrypt            bool
}

// wireCBSDisk is CBS's Disk, with the fields the sandbox has values for.
type wireCBSDisk struct {
	DiskId             string
	DiskName           string
	DiskUsage          string
	DiskType           string
	DiskState          string
	DiskChargeType     string
	DiskSize           uint64
	InstanceId         string
	InstanceIdList     []string
	Attached           bool
	Portable           bool
	DeleteWithInstance bool
	Encrypt            bool
	SnapshotAbility    bool
	Rollbacking        bool
	Shareable          bool
	Placement          wireCBSPlacement
	CreateTime         string
	Tags               []wireTag
}

// wireTagResource is the Tag API's TagResource.
type wireTagResource struct {
	TagKey      string
	TagValue    string
	ResourceId  string
	TagKeyMd5   string
	TagValueMd5 string
	ServiceType string
	Category    string
}

// wireCBSSnapshot is CBS's Snapshot. DeadlineTime and TimeStartShare are left out: every sandbox
// snapshot is permanent and none is shared.
type wireCBSSnapshot struct {
	SnapshotId       string
	SnapshotName     string
	SnapshotState    string
	SnapshotType     string
	DiskId           string
	DiskUsage        string
	DiskSize         uint64
	Encrypt          bool
	Placement        wireCBSPlacement
	CreateTime       string
	CopyFromRemote   bool
	IsPermanent      bool
	Percent          uint64
	Images           []wireCBSImage
	ImageCount       uint64
	ShareReference   uint64
	CopyingToRegions []string
	Tags             []wireTag
}

type wireCBSPlacement struct {
	Zone      string
	ProjectId uint64
}

type wireCBSImage struct {
	ImageId   string
	ImageName string
}

// timeLayout is the cloud's UTC ISO 8601 form.
const timeLayout = "2006-01-02T15:04:05Z"
