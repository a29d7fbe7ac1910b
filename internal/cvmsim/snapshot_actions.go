package cvmsim

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// snapshotIDPattern is a snapshot ID: snap- and 8 of [a-z0-9].
var snapshotIDPattern = regexp.MustCompile(`^snap-[a-z0-9]{8}$`)

// snapshotFilters are the DescribeSnapshots filters the CBS API documents.
var snapshotFilters = []string{"snapshot-id", "snapshot-name", "snapshot-state", "disk-usage", "disk-id", "project-id", "encrypt", "snapshot-type"}

// cbsTimeLayout is how CBS writes times (unlike CVM's ISO 8601).
const cbsTimeLayout = "2006-01-02 15:04:05"

// describeSnapshots is CBS DescribeSnapshots over the caller's snapshots in the region: those the
// sandbox seeds and those its images were made with. Every one is NORMAL, permanent, private, in
// the region's zone 3 and in the default project 0.
func describeSnapshots(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		SnapshotIds       []string
		Filters           []wireFilter
		Offset            uint64
		Limit             *uint64
		OrderField, Order string
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if len(in.SnapshotIds) > 0 && len(in.Filters) > 0 {
		return nil, errorf("InvalidParameter", "SnapshotIds and Filters cannot be specified at the same time.")
	}
	limit, e := cbsPaging(in.Limit, in.OrderField, in.Order, "CREATE_TIME")
	if e != nil {
		return nil, e
	}
	for _, f := range in.Filters {
		if !slices.Contains(snapshotFilters, f.Name) {
			return nil, errorf("InvalidFilter", "The filter %q is not supported.", f.Name)
		}
	}
	for _, id := range in.SnapshotIds {
		if !snapshotIDPattern.MatchString(id) {
			return nil, errorf("InvalidSnapshotId.Malformed", "The snapshot ID %q is malformed.", id)
		}
	}
	var matched []wireCBSSnapshot
	for _, sn := range w.Snapshots {
		if sn.Owner != c.account.ID || sn.Region != c.region {
			continue
		}
		if len(in.SnapshotIds) > 0 && !slices.Contains(in.SnapshotIds, sn.ID) {
			continue
		}
		v := sn.wire(w)
		if matchesAll(in.Filters, func(name, val string) bool { return matchesSnapshotFilter(v, name, val) }) {
			matched = append(matched, v)
		}
	}
	sortByCreation(matched, in.Order, func(v wireCBSSnapshot) (string, string) { return v.CreateTime, v.SnapshotId })
	return struct {
		TotalCount  uint64
		SnapshotSet []wireCBSSnapshot
	}{uint64(len(matched)), pageOf(matched, in.Offset, limit)}, nil
}

func matchesSnapshotFilter(v wireCBSSnapshot, name, val string) bool {
	switch name {
	case "snapshot-id":
		return v.SnapshotId == val
	case "snapshot-name":
		return v.SnapshotName == val
	case "snapshot-state":
		return v.SnapshotState == val
	case "disk-usage":
		return v.DiskUsage == val
	case "disk-id":
		return v.DiskId == val
	case "project-id":
		return val == strconv.FormatUint(v.Placement.ProjectId, 10)
	case "encrypt":
		return strings.EqualFold(val, strconv.FormatBool(v.Encrypt))
	case "snapshot-type":
		return v.SnapshotType == val
	}
	return false
}

// wire is the snapshot as CBS shows it to its owner, with the images made from it.
func (sn *snapshot) wire(w *world) wireCBSSnapshot {
	images := []wireCBSImage{}
	encrypted := false
	for _, im := range w.ownImages(sn.Owner, sn.Region) {
		if slices.Contains(im.Snapshots, sn.ID) {
			images = append(images, wireCBSImage{ImageId: im.ID, ImageName: im.Name})
			encrypted = encrypted || (im.ID == sn.ImageID && im.Encrypted)
		}
	}
	return wireCBSSnapshot{
		SnapshotId: sn.ID, SnapshotName: sn.Name, SnapshotState: "NORMAL", SnapshotType: "PRIVATE_SNAPSHOT",
		DiskId: sn.DiskID, DiskUsage: sn.DiskUsage, DiskSize: uint64(sn.Size), Encrypt: encrypted,
		Placement: wireCBSPlacement{Zone: sn.Region + "-3"}, CreateTime: sn.Created.UTC().Format(cbsTimeLayout),
		CopyFromRemote: sn.Remote, IsPermanent: true, Percent: 100, Images: images, ImageCount: uint64(len(images)),
		CopyingToRegions: []string{}, Tags: []wireTag{},
	}
}

// cbsPaging checks the paging and ordering parameters CBS listings share, and returns the page size.
func cbsPaging(limitParam *uint64, orderField, order string, orderFields ...string) (uint64, *apiError) {
	limit := uint64(describeDefaultLimit)
	if limitParam != nil && *limitParam > 0 {
		limit = *limitParam
	}
	if limit > describeMaxLimit {
		return 0, errorf("InvalidParameterValue.LimitExceeded", "Limit is %d; at most %d is allowed.", limit, describeMaxLimit)
	}
	if orderField != "" && !slices.Contains(orderFields, orderField) {
		return 0, errorf("InvalidParameterValue", "OrderField must be one of %s, not %q.", strings.Join(orderFields, ", "), orderField)
	}
	if order != "" && order != "ASC" && order != "DESC" {
		return 0, errorf("InvalidParameterValue", "Order must be ASC or DESC, not %q.", order)
	}
	return limit, nil
}

// sortByCreation orders a CBS listing newest first, or oldest first when order is ASC, by the
// creation time and then the ID that key returns.
func sortByCreation[T any](items []T, order string, key func(T) (created, id string)) {
	sort.SliceStable(items, func(i, j int) bool {
		ci, ii := key(items[i])
		cj, ij := key(items[j])
		if ci != cj {
			return (ci > cj) != (order == "ASC")
		}
		return ii < ij
	})
}
