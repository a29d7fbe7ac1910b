package cvmsim

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// DescribeImages limits (DESIGN.md, "API facts").
const (
	describeDefaultLimit = 20
	describeMaxLimit     = 100
	maxFilters           = 10
	maxFilterValues      = 5
)

// imageFilters are the DescribeImages filters the emulator knows; tag:<key> is handled apart.
// dedicated-cluster-id and cdc-cache-status are documented but match nothing: the sandbox has no
// dedicated clusters.
var imageFilters = []string{"image-id", "image-type", "image-name", "platform", "tag-key", "tag-value", "dedicated-cluster-id", "cdc-cache-status"}

// instanceTypePattern is an instance type's form: a family, a dot and a size, as in S5.MEDIUM2,
// SN3ne.LARGE8 or GN7.2XLARGE32.
var instanceTypePattern = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*\.[0-9]*[A-Z]+[0-9]+$`)

func describeImages(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		ImageIds     []string
		Filters      []wireFilter
		Offset       uint64
		Limit        *uint64
		InstanceType string
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if len(in.ImageIds) > 0 && len(in.Filters) > 0 {
		return nil, errorf("InvalidParameter.InvalidParameterCoexistImageIdsFilters", "ImageIds and Filters cannot be specified at the same time.")
	}
	limit := uint64(describeDefaultLimit)
	if in.Limit != nil && *in.Limit > 0 {
		limit = *in.Limit
	}
	if limit > describeMaxLimit {
		return nil, errorf("InvalidParameterValue.LimitExceeded", "Limit is %d; at most %d is allowed.", limit, describeMaxLimit)
	}
	if len(in.ImageIds) > describeMaxLimit {
		return nil, errorf("InvalidParameterValue.LimitExceeded", "%d ImageIds given; at most %d are allowed.", len(in.ImageIds), describeMaxLimit)
	}
	if len(in.Filters) > maxFilters {
		return nil, errorf("InvalidParameterValue.LimitExceeded", "%d filters given; at most %d are allowed.", len(in.Filters), maxFilters)
	}
	for _, f := range in.Filters {
		if len(f.Values) > maxFilterValues {
			return nil, errorf("InvalidParameterValue.LimitExceeded", "Filter %s has %d values; at most %d are allowed.", f.Name, len(f.Values), maxFilterValues)
		}
		if !strings.HasPrefix(f.Name, "tag:") && !slices.Contains(imageFilters, f.Name) {
			return nil, errorf("InvalidFilter", "The filter %q is not supported.", f.Name)
		}
	}
	for _, id := range in.ImageIds {
		if !imageIDPattern.MatchString(id) {
			return nil, errorf("InvalidImageId.Malformed", "The image ID %q is malformed.", id)
		}
	}
	if in.InstanceType != "" && !instanceTypePattern.MatchString(in.InstanceType) {
		return nil, errorf("InvalidInstanceType.Malformed", "The instance type %q is malformed.", in.InstanceType)
	}
	var matched []wireImage
	for _, v := range visibleImages(w, c.account.ID, c.region, c.now) {
		if len(in.ImageIds) > 0 && !slices.Contains(in.ImageIds, v.wire.ImageId) {
			continue
		}
		if matchesFilters(v, in.Filters) {
			matched = append(matched, v.wire)
		}
	}
	total := len(matched)
	page := []wireImage{}
	if in.Offset < uint64(total) {
		page = matched[in.Offset:min(uint64(total), in.Offset+limit)]
	}
	return struct {
		TotalCount int64
		ImageSet   []wireImage
	}{int64(total), page}, nil
}

// matchesFilters: values of one filter are OR'ed, filters AND'ed.
func matchesFilters(v visible, filters []wireFilter) bool {
	for _, f := range filters {
		if !slices.ContainsFunc(f.Values, func(val string) bool { return matchesFilter(v, f.Name, val) }) {
			return false
		}
	}
	return true
}

func matchesFilter(v visible, name, val string) bool {
	switch name {
	case "image-id":
		return v.wire.ImageId == val
	case "image-type":
		return v.wire.ImageType == val
	case "image-name":
		return strings.Contains(strings.ToLower(v.wire.ImageName), strings.ToLower(val))
	case "platform":
		return strings.Contains(strings.ToLower(v.wire.Platform), strings.ToLower(val))
	case "tag-key":
		_, ok := v.tags[val]
		return ok
	case "tag-value":
		for _, tv := range v.tags {
			if tv == val {
				return true
			}
		}
		return false
	}
	if key, ok := strings.CutPrefix(name, "tag:"); ok {
		tv, has := v.tags[key]
		return has && tv == val
	}
	return false
}

// ownImage resolves an image a write acts on as the caller's own custom image. sharedCode is the
// answer when the image is shared with the caller (each action has its own).
func ownImage(w *world, acct, regionName, id, sharedCode string) (*image, *apiError) {
	if !imageIDPattern.MatchString(id) {
		return nil, errorf("InvalidImageId.Malformed", "The image ID %q is malformed.", id)
	}
	if catalogueLookup(regionName, id) != nil {
		return nil, errorf("UnauthorizedOperation.ImageNotBelongToAccount", "The image %s is a public or marketplace image, not one of this account's images.", id)
	}
	im := w.image(regionName, id)
	switch {
	case im == nil:
		return nil, errorf("InvalidImageId.NotFound", "The image %s is not found in %s.", id, regionName)
	case im.Owner == acct:
		return im, nil
	case im.sharedWith(acct) && sharedCode != "":
		return nil, errorf(sharedCode, "The image %s is shared with this account by %s; only its owner may do that.", id, im.Owner)
	}
	return nil, errorf("UnauthorizedOperation.ImageNotBelongToAccount", "The image %s does not belong to this account.", id)
}

func createImage(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		ImageName, InstanceId, ImageDescription, ImageFamily string
		ForcePoweroff, Sysprep                               *string
		DataDiskIds, SnapshotIds                             []string
		DryRun                                               bool
		TagSpecification                                     []wireTagSpecification
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	for name, v := range map[string]*string{"ForcePoweroff": in.ForcePoweroff, "Sysprep": in.Sysprep} {
		if v != nil && !strings.EqualFold(*v, "true") && !strings.EqualFold(*v, "false") {
			return nil, errorf("InvalidParameterValue", "%s must be \"true\" or \"false\", not %q.", name, *v)
		}
	}
	switch {
	case in.InstanceId == "" && len(in.SnapshotIds) == 0:
		return nil, errorf("InvalidParameter.SpecifyOneParameter", "Specify exactly one of InstanceId and SnapshotIds.")
	case in.InstanceId != "" && len(in.SnapshotIds) > 0:
		return nil, errorf("InvalidParameterConflict", "InstanceId and SnapshotIds cannot be specified together.")
	case len(in.DataDiskIds) > 0 && in.InstanceId == "":
		return nil, errorf("InvalidParameter.InvalidDependence", "DataDiskIds needs InstanceId.")
	}
	tags, e := tagsFromSpecifications(in.TagSpecification)
	if e != nil {
		return nil, e
	}
	acct := c.account.ID
	var snaps []*snapshot // existing snapshots the image is made from, or nil from an instance
	var inst *instance
	var dataDisks []disk
	if in.InstanceId != "" {
		inst = w.instance(c.region, acct, in.InstanceId)
		if inst == nil {
			return nil, errorf("InvalidInstanceId.NotFound", "The instance %s is not found in %s.", in.InstanceId, c.region)
		}
		for _, id := range in.DataDiskIds {
			i := slices.IndexFunc(inst.Disks, func(d disk) bool { return d.ID == id })
			switch {
			case i < 0:
				return nil, errorf("InvalidParameter.DataDiskNotBelongSpecifiedInstance", "The disk %s is not attached to %s.", id, inst.ID)
			case inst.Disks[i].Usage == "SYSTEM_DISK":
				return nil, errorf("InvalidParameter.DataDiskIdContainsRootDisk", "DataDiskIds contains the system disk %s.", id)
			}
			dataDisks = append(dataDisks, inst.Disks[i])
		}
		if inst.busy(c.now) {
			return nil, errorf("OperationDenied.InstanceOperationInProgress", "The instance %s is in the middle of another operation; retry when it is done.", inst.ID)
		}
		for _, im := range w.Images {
			if im.InstanceID == inst.ID && im.Kind == kindCreate && im.inProgress(c.now) {
				return nil, errorf("OperationDenied.InstanceOperationInProgress", "The instance %s is making the image %s; retry when it is done.", inst.ID, im.ID)
			}
		}
	} else {
		systems := 0
		for _, id := range in.SnapshotIds {
			sn := w.snapshot(c.region, acct, id)
			if sn == nil {
				return nil, errorf("InvalidParameter.SnapshotNotFound", "The snapshot %s is not found in %s.", id, c.region)
			}
			if sn.DiskUsage == "SYSTEM_DISK" {
				systems++
			}
			snaps = append(snaps, sn)
		}
		switch {
		case systems == 0:
			return nil, errorf("InvalidParameter.SystemSnapshotNotFound", "SnapshotIds must contain one system-disk snapshot.")
		case systems > 1:
			return nil, errorf("InvalidParameter.DuplicateSystemSnapshots", "SnapshotIds may contain only one system-disk snapshot.")
		}
	}
	if e := s.checkNewImage(w, acct, c.region, in.ImageName, in.ImageDescription); e != nil {
		return nil, e
	}
	if in.DryRun {
		return nil, nil
	}
	im := s.newImage(w, acct, c.region, kindCreate, c.now, s.opts.Timings.Create)
	im.Name, im.Description, im.Family, im.Source, im.Tags = in.ImageName, in.ImageDescription, in.ImageFamily, "CREATE_IMAGE", tags
	im.OsName, im.Platform, im.Architecture, im.CloudInit = "Other Linux", "Other", "x86_64", true
	if inst != nil {
		im.InstanceID = inst.ID
		s.inheritOS(w, im, inst.ImageID)
		for _, d := range append([]disk{inst.Disks[0]}, dataDisks...) {
			w.addImageSnapshot(im, d.Usage, d.Size, d.ID, false)
		}
	} else {
		for _, sn := range snaps {
			im.Snapshots = append(im.Snapshots, sn.ID)
		}
	}
	for _, id := range im.Snapshots {
		if sn := w.snapshot(c.region, acct, id); sn != nil && sn.DiskUsage == "SYSTEM_DISK" {
			im.Size = sn.Size
		}
	}
	w.Images = append(w.Images, im)
	return struct{ ImageId string }{im.ID}, nil
}

// inheritOS copies the OS facts of the image an instance runs.
func (s *Sim) inheritOS(w *world, im *image, from string) {
	if c := catalogueLookup(im.Region, from); c != nil {
		im.OsName, im.Platform, im.Architecture, im.CloudInit = c.OsName, c.Platform, c.Architecture, c.CloudInit
		return
	}
	if src := w.image(im.Region, from); src != nil {
		im.OsName, im.Platform, im.Architecture, im.CloudInit = src.OsName, src.Platform, src.Architecture, src.CloudInit
	}
}

// tagsFromSpecifications takes the image-level tags of a TagSpecification list.
func tagsFromSpecifications(specs []wireTagSpecification) (map[string]string, *apiError) {
	tags := map[string]string{}
	for _, sp := range specs {
		if sp.ResourceType != "image" {
			return nil, errorf("InvalidParameterValue", "TagSpecification.ResourceType must be \"image\", not %q.", sp.ResourceType)
		}
		for _, t := range sp.Tags {
			if e := checkTag(t.Key, t.Value); e != nil {
				return nil, e
			}
			tags[t.Key] = t.Value
		}
	}
	return tags, nil
}

func deleteImages(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		ImageIds         []string
		DeleteBindedSnap bool
		DryRun           bool
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if len(in.ImageIds) == 0 {
		return nil, errorf("MissingParameter", "ImageIds must name at least one image.")
	}
	var doomed []*image
	for _, id := range in.ImageIds {
		im, e := ownImage(w, c.account.ID, c.region, id, "InvalidParameterValue.InvalidImageIdIsShared")
		if e != nil {
			return nil, e
		}
		if im.inProgress(c.now) || w.copyInProgress(im, c.now) {
			return nil, errorf("InvalidImageId.IncorrectState", "The image %s is %s; it cannot be deleted until that ends.", id, busyWord(im, c.now))
		}
		if len(im.Shares) > 0 {
			return nil, errorf("InvalidImageId.InShared", "The image %s is shared with %d accounts; cancel the sharing first.", id, len(im.Shares))
		}
		doomed = append(doomed, im)
	}
	if in.DryRun {
		return nil, nil
	}
	for _, im := range doomed {
		w.deleteImage(im, in.DeleteBindedSnap)
	}
	return nil, nil
}

// busyWord says why an image cannot be deleted yet.
func busyWord(im *image, now time.Time) string {
	if im.inProgress(now) {
		return im.state(now)
	}
	return "the source of a copy in progress"
}

func modifyImageAttribute(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		ImageId                                  string
		ImageName, ImageDescription, ImageFamily *string
		ImageDeprecated                          *bool
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	im, e := ownImage(w, c.account.ID, c.region, in.ImageId, "UnsupportedOperation.SharedImageModifyUnsupported")
	if e != nil {
		return nil, e
	}
	if st := im.state(c.now); st != stateNormal {
		return nil, errorf("InvalidImageId.IncorrectState", "The image %s is %s; only a NORMAL image can be modified.", im.ID, st)
	}
	if e := checkNameAndDescription(in.ImageName, in.ImageDescription); e != nil {
		return nil, e
	}
	if in.ImageName != nil {
		for _, other := range w.ownImages(c.account.ID, c.region) {
			if other != im && other.Name == *in.ImageName {
				return nil, errorf("InvalidImageName.Duplicate", "An image named %q already exists in %s.", *in.ImageName, c.region)
			}
		}
		im.Name = *in.ImageName
	}
	if in.ImageDescription != nil {
		im.Description = *in.ImageDescription
	}
	if in.ImageFamily != nil {
		im.Family = *in.ImageFamily
	}
	if in.ImageDeprecated != nil {
		im.Deprecated = *in.ImageDeprecated
	}
	return nil, nil
}

func describeImageFromFamily(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct{ ImageFamily string }
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	var out struct{ Image *wireImage }
	if in.ImageFamily == "" {
		return out, nil
	}
	for _, v := range visibleImages(w, c.account.ID, c.region, c.now) {
		if v.wire.ImageFamily == in.ImageFamily && v.wire.ImageState == stateNormal && !v.wire.ImageDeprecated {
			img := v.wire
			out.Image = &img
			break
		}
	}
	return out, nil
}

func describeImageQuota(s *Sim, c *call, w *world) (any, *apiError) {
	return struct{ ImageNumQuota int64 }{int64(s.quota(w, c.account.ID, c.region))}, nil
}
