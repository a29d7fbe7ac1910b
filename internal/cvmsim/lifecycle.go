package cvmsim

import (
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Image states (DESIGN.md, "API facts").
const (
	stateCreating     = "CREATING"
	stateNormal       = "NORMAL"
	stateCreateFailed = "CREATEFAILED"
	stateSyncing      = "SYNCING"
	stateImporting    = "IMPORTING"
	stateImportFailed = "IMPORTFAILED"
)

// state follows from the clock: in progress until ReadyAt, then NORMAL or failed.
func (im *image) state(now time.Time) string {
	if now.Before(im.ReadyAt) {
		switch im.Kind {
		case kindImport:
			return stateImporting
		case kindCopy:
			return stateSyncing
		}
		return stateCreating
	}
	if im.Failed {
		if im.Kind == kindImport {
			return stateImportFailed
		}
		return stateCreateFailed
	}
	return stateNormal
}

func (im *image) inProgress(now time.Time) bool { return now.Before(im.ReadyAt) }

// syncPercent rises from 0 to 100 over a copy's duration; other images carry none (null).
func (im *image) syncPercent(now time.Time) *int64 {
	if im.Kind != kindCopy {
		return nil
	}
	var p int64 = 100
	if total := im.ReadyAt.Sub(im.Created); now.Before(im.ReadyAt) && total > 0 {
		p = int64(now.Sub(im.Created) * 100 / total)
		p = max(0, min(p, 99))
	}
	return &p
}

// copyInProgress reports whether a copy made from im is still SYNCING, which blocks deleting im.
func (w *world) copyInProgress(im *image, now time.Time) bool {
	for _, x := range w.Images {
		if x.Kind == kindCopy && x.SourceID == im.ID && x.SourceRegion == im.Region && x.inProgress(now) {
			return true
		}
	}
	return false
}

// wire is the image as account sees it: PRIVATE_IMAGE to its owner, SHARED_IMAGE to a grantee.
func (im *image) wire(w *world, viewer string, now time.Time) wireImage {
	typ := "PRIVATE_IMAGE"
	if viewer != im.Owner {
		typ = "SHARED_IMAGE"
	}
	snaps := []wireSnapshot{}
	for _, id := range im.Snapshots {
		if sn := w.snapshot(im.Region, im.Owner, id); sn != nil {
			snaps = append(snaps, wireSnapshot{SnapshotId: sn.ID, DiskUsage: sn.DiskUsage, DiskSize: sn.Size})
		}
	}
	tags := []wireTag{}
	if typ == "PRIVATE_IMAGE" {
		tags = sortedTags(im.Tags)
	}
	return wireImage{
		ImageId: im.ID, OsName: im.OsName, ImageType: typ, CreatedTime: im.Created.UTC().Format(timeLayout),
		ImageName: im.Name, ImageDescription: im.Description, ImageSize: im.Size, Architecture: im.Architecture,
		ImageState: im.state(now), Platform: im.Platform, ImageCreator: im.Owner, ImageSource: im.Source,
		SyncPercent: im.syncPercent(now), IsSupportCloudinit: im.CloudInit, SnapshotSet: snaps, Tags: tags,
		LicenseType: im.LicenseType, ImageFamily: im.Family, ImageDeprecated: im.Deprecated,
	}
}

func (c *catalogueImage) wire() wireImage {
	return wireImage{
		ImageId: c.ID, OsName: c.OsName, ImageType: c.Type, CreatedTime: c.Created.UTC().Format(timeLayout),
		ImageName: c.Name, ImageDescription: c.Description, ImageSize: c.Size, Architecture: c.Architecture,
		ImageState: stateNormal, Platform: c.Platform, ImageCreator: c.Creator, ImageSource: c.Source,
		IsSupportCloudinit: c.CloudInit, SnapshotSet: []wireSnapshot{}, Tags: []wireTag{},
		LicenseType: "TencentCloud", ImageFamily: c.Family, ImageDeprecated: c.Deprecated,
	}
}

func sortedTags(m map[string]string) []wireTag {
	out := make([]wireTag, 0, len(m))
	for k, v := range m {
		out = append(out, wireTag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// visible is one image as a caller sees it, with what filters need.
type visible struct {
	wire    wireImage
	created time.Time
	tags    map[string]string
}

// visibleImages is everything the account sees in the region, newest first: public, marketplace,
// its own custom images and the images shared with it. Images still inside the injected
// invisibility window are left out.
func visibleImages(w *world, acct, regionName string, now time.Time) []visible {
	var out []visible
	for _, c := range catalogue(regionName) {
		out = append(out, visible{wire: c.wire(), created: c.Created})
	}
	for _, im := range w.Images {
		if im.Region != regionName || now.Before(im.VisibleAt) {
			continue
		}
		switch {
		case im.Owner == acct:
			out = append(out, visible{wire: im.wire(w, acct, now), created: im.Created, tags: im.Tags})
		case im.sharedWith(acct):
			out = append(out, visible{wire: im.wire(w, acct, now), created: im.Created})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].created.Equal(out[j].created) {
			return out[i].created.After(out[j].created)
		}
		return out[i].wire.ImageId < out[j].wire.ImageId
	})
	return out
}

var (
	imageIDPattern   = regexp.MustCompile(`^img-[a-z0-9]{8}$`)
	accountIDPattern = regexp.MustCompile(`^[0-9]{5,20}$`)
)

// newID numbers a new object; the sequence lives in the world, so processes sharing a state file
// never hand out the same ID.
func (w *world) newID(prefix string) string {
	for {
		w.Seq++
		id := deriveID(prefix, "made", strconv.FormatInt(w.Seq, 10))
		switch {
		case prefix == "img" && (w.imageByID(id) != nil || catalogueHas(id)):
		case prefix == "snap" && w.snapshotExists(id):
		default:
			return id
		}
	}
}

func (w *world) snapshotExists(id string) bool {
	for _, sn := range w.Snapshots {
		if sn.ID == id {
			return true
		}
	}
	return false
}

func catalogueHas(id string) bool {
	for _, r := range regions {
		if catalogueLookup(r.Name, id) != nil {
			return true
		}
	}
	return false
}

// quota is the account's custom-image quota in a region.
func (s *Sim) quota(w *world, acct, regionName string) int {
	if n, ok := w.Quotas[acct+"/"+regionName]; ok {
		return n
	}
	if n, ok := w.Quotas[acct+"/"]; ok {
		return n
	}
	return s.opts.ImageQuota
}

// checkNewImage applies the rules every new custom image meets: name and description lengths, a
// name unique among the account's images in the region, and the quota.
func (s *Sim) checkNewImage(w *world, acct, regionName, name, description string) *apiError {
	if e := checkNameAndDescription(&name, &description); e != nil {
		return e
	}
	own := w.ownImages(acct, regionName)
	for _, im := range own {
		if im.Name == name {
			return errorf("InvalidImageName.Duplicate", "An image named %q already exists in %s.", name, regionName)
		}
	}
	if q := s.quota(w, acct, regionName); len(own) >= q {
		return errorf("ImageQuotaLimitExceeded", "The custom image quota of %s is reached: %d of %d images.", regionName, len(own), q)
	}
	return nil
}

func checkNameAndDescription(name, description *string) *apiError {
	if name != nil && len([]rune(*name)) > 60 {
		return errorf("InvalidParameterValue.TooLarge", "ImageName is %d characters long; at most 60 are allowed.", len([]rune(*name)))
	}
	if description != nil && len([]rune(*description)) > 256 {
		return errorf("InvalidParameterValue.TooLarge", "ImageDescription is %d characters long; at most 256 are allowed.", len([]rune(*description)))
	}
	return nil
}

// newImage fills what every new custom image shares and decides, from the faults, whether it will
// fail and when it becomes visible.
func (s *Sim) newImage(w *world, acct, regionName, kind string, now time.Time, took time.Duration) *image {
	return &image{
		ID: w.newID("img"), Region: regionName, Owner: acct, Kind: kind, LicenseType: "TencentCloud",
		Created: now, ReadyAt: now.Add(took), Failed: s.takeFailure(), VisibleAt: now.Add(s.invisibility()),
		Shares: []share{}, Tags: map[string]string{},
	}
}
