package cvmsim

// Wire shapes of the answers, field for field as the official SDK models (cvm v20170312,
// tag v20180813) name them.

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

type wireInstance struct {
	InstanceId    string
	InstanceName  string
	InstanceState string
	ImageId       string
	Placement     wirePlacement
}

type wirePlacement struct {
	Zone string
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

// timeLayout is the cloud's UTC ISO 8601 form.
const timeLayout = "2006-01-02T15:04:05Z"
