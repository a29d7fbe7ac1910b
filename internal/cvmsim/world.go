package cvmsim

import (
	"slices"
	"strings"
	"time"
)

// world is everything the emulator remembers: what accounts made, not what the cloud ships. The
// public and marketplace catalogues are computed from data tables and never stored.
type world struct {
	// Seq numbers every object the emulator makes, so IDs stay unique across processes that share
	// the state file.
	Seq       int64
	Images    []*image
	Snapshots []*snapshot
	Instances []*instance
	// Quotas overrides the custom-image quota, keyed "account/region" ("account/" for every region).
	Quotas map[string]int
}

// Kinds of custom image; each has its own in-progress state.
const (
	kindCreate = "create"
	kindImport = "import"
	kindCopy   = "copy"
)

// image is a custom image. Its state is never stored: it follows from ReadyAt, Failed and the clock.
type image struct {
	ID, Region, Owner string
	Name, Description string
	Family            string
	Deprecated        bool
	OsName, Platform  string
	Architecture      string
	Size              int64
	Source            string // CREATE_IMAGE or EXTERNAL_IMPORT
	Kind              string
	LicenseType       string
	CloudInit         bool
	Encrypted         bool
	KmsKeyID          string `json:",omitempty"`
	Created           time.Time
	ReadyAt           time.Time
	Failed            bool
	VisibleAt         time.Time
	// SourceID and SourceRegion name the image a copy is made from: the source cannot be deleted
	// while a copy is in progress.
	SourceID, SourceRegion string `json:",omitempty"`
	// InstanceID is the instance an image is made from: it cannot make a second one meanwhile.
	InstanceID string `json:",omitempty"`
	Snapshots  []string
	Shares     []share
	Tags       map[string]string
}

type share struct {
	Account string
	Created time.Time
}

// snapshot is a CBS snapshot. ImageID is set when it was made for an image (DeleteBindedSnap
// deletes those, never the account's own snapshots an image was made from).
type snapshot struct {
	ID, Region, Owner string
	DiskUsage         string
	Size              int64
	ImageID           string `json:",omitempty"`
	// Name, DiskID and Created are what CBS DescribeSnapshots shows; DiskID is "" for a snapshot
	// imported from COS, which no disk made. Remote marks a copy made from another region.
	Name    string    `json:",omitempty"`
	DiskID  string    `json:",omitempty"`
	Created time.Time `json:",omitzero"`
	Remote  bool      `json:",omitempty"`
}

// instance is a CVM instance with its disks. BusyUntil is when the operation it is in the middle of
// (being set up, or one started through the control API) ends: until then it refuses CreateImage,
// as the cloud refuses it while an instance is starting, resizing or making another image.
type instance struct {
	ID, Region, Owner string
	Name, Zone        string
	ImageID           string
	Disks             []disk
	Created           time.Time `json:",omitzero"`
	BusyUntil         time.Time `json:",omitzero"`
}

// busy reports whether the instance is in the middle of an operation.
func (in *instance) busy(now time.Time) bool { return now.Before(in.BusyUntil) }

// created is when the instance was made: the seeded ones with the sandbox.
func (in *instance) created() time.Time {
	if in.Created.IsZero() {
		return seededAt
	}
	return in.Created
}

type disk struct {
	ID    string
	Usage string // SYSTEM_DISK or DATA_DISK
	Size  int64
}

func (w *world) image(region, id string) *image {
	for _, im := range w.Images {
		if im.Region == region && im.ID == id {
			return im
		}
	}
	return nil
}

func (w *world) imageByID(id string) *image {
	for _, im := range w.Images {
		if im.ID == id {
			return im
		}
	}
	return nil
}

func (w *world) snapshot(region, owner, id string) *snapshot {
	for _, sn := range w.Snapshots {
		if sn.Region == region && sn.Owner == owner && sn.ID == id {
			return sn
		}
	}
	return nil
}

func (w *world) instance(region, owner, id string) *instance {
	for _, in := range w.Instances {
		if in.Region == region && in.Owner == owner && in.ID == id {
			return in
		}
	}
	return nil
}

// ownImages are the account's custom images in a region, in any state.
func (w *world) ownImages(account, region string) []*image {
	var out []*image
	for _, im := range w.Images {
		if im.Owner == account && im.Region == region {
			out = append(out, im)
		}
	}
	return out
}

// addImageSnapshot makes a snapshot of one of an image's disks, named after the image.
func (w *world) addImageSnapshot(im *image, usage string, size int64, diskID string, remote bool) {
	sn := &snapshot{
		ID: w.newID("snap"), Region: im.Region, Owner: im.Owner, DiskUsage: usage, Size: size, ImageID: im.ID,
		Name: im.ID + "_" + strings.ToLower(strings.TrimSuffix(usage, "_DISK")), DiskID: diskID, Created: im.Created, Remote: remote,
	}
	w.Snapshots = append(w.Snapshots, sn)
	im.Snapshots = append(im.Snapshots, sn.ID)
}

func (w *world) deleteImage(im *image, withSnapshots bool) {
	w.Images = slices.DeleteFunc(w.Images, func(x *image) bool { return x == im })
	if withSnapshots {
		w.Snapshots = slices.DeleteFunc(w.Snapshots, func(sn *snapshot) bool { return sn.ImageID == im.ID })
	}
}

func (im *image) sharedWith(account string) bool {
	return slices.ContainsFunc(im.Shares, func(sh share) bool { return sh.Account == account })
}
