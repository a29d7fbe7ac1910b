package cvmsim

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// diskIDPattern is a cloud disk ID: disk- and 8 of [a-z0-9].
var diskIDPattern = regexp.MustCompile(`^disk-[a-z0-9]{8}$`)

// diskFilters are the DescribeDisks filters the CBS API documents. Sandbox disks carry no tags,
// belong to no dedicated cluster and their instances have no addresses: those filters match nothing.
var diskFilters = []string{
	"disk-usage", "disk-charge-type", "portable", "project-id", "disk-id", "disk-name", "disk-type",
	"disk-state", "instance-id", "zone", "instance-ip-address", "instance-name", "tag-key", "tag-value",
	"dedicated-cluster-id", "cluster-group-id",
}

// describeDisks is CBS DescribeDisks over the disks of the caller's instances in the region: every
// one is a pay-as-you-go CLOUD_PREMIUM disk, ATTACHED to its instance, in the instance's zone and
// project 0; the system disk is not portable, data disks are. Another account's disk is absent.
func describeDisks(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		DiskIds                      []string
		Filters                      []wireFilter
		Offset                       uint64
		Limit                        *uint64
		OrderField, Order            string
		ReturnBindAutoSnapshotPolicy bool
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if len(in.DiskIds) > 0 && len(in.Filters) > 0 {
		return nil, errorf("InvalidParameter", "DiskIds and Filters cannot be specified at the same time.")
	}
	limit, e := cbsPaging(in.Limit, in.OrderField, in.Order, "CREATE_TIME", "DEADLINE")
	if e != nil {
		return nil, e
	}
	if e := checkListQuery(len(in.DiskIds), in.Filters, diskFilters, "InvalidParameterValue.LimitExceeded"); e != nil {
		return nil, e
	}
	for _, id := range in.DiskIds {
		if !diskIDPattern.MatchString(id) {
			return nil, errorf("InvalidParameterValue", "The disk ID %q is malformed.", id)
		}
	}
	var matched []wireCBSDisk
	for _, inst := range w.Instances {
		if inst.Owner != c.account.ID || inst.Region != c.region {
			continue
		}
		for _, d := range inst.Disks {
			if len(in.DiskIds) > 0 && !slices.Contains(in.DiskIds, d.ID) {
				continue
			}
			v := d.wire(inst)
			if matchesAll(in.Filters, func(name, val string) bool { return matchesDiskFilter(v, inst, name, val) }) {
				matched = append(matched, v)
			}
		}
	}
	// Pay-as-you-go disks have no deadline, so either order is by creation, newest first by default.
	sortByCreation(matched, in.Order, func(v wireCBSDisk) (string, string) { return v.CreateTime, v.DiskId })
	return struct {
		TotalCount uint64
		DiskSet    []wireCBSDisk
	}{uint64(len(matched)), pageOf(matched, in.Offset, limit)}, nil
}

func matchesDiskFilter(v wireCBSDisk, inst *instance, name, val string) bool {
	switch name {
	case "disk-usage":
		return v.DiskUsage == val
	case "disk-charge-type":
		return v.DiskChargeType == val
	case "portable":
		return strings.EqualFold(val, strconv.FormatBool(v.Portable))
	case "project-id":
		return val == strconv.FormatUint(v.Placement.ProjectId, 10)
	case "disk-id":
		return v.DiskId == val
	case "disk-name":
		return v.DiskName == val
	case "disk-type":
		return v.DiskType == val
	case "disk-state":
		return v.DiskState == val
	case "instance-id":
		return v.InstanceId == val
	case "zone":
		return v.Placement.Zone == val
	case "instance-name":
		return inst.Name == val
	}
	return false
}

// wire is the disk as CBS shows it to its owner.
func (d disk) wire(inst *instance) wireCBSDisk {
	return wireCBSDisk{
		DiskId: d.ID, DiskName: inst.Name + "-" + strings.ToLower(strings.TrimSuffix(d.Usage, "_DISK")), DiskUsage: d.Usage,
		DiskType: diskType, DiskState: "ATTACHED", DiskChargeType: instanceChargeType, DiskSize: uint64(d.Size),
		InstanceId: inst.ID, InstanceIdList: []string{inst.ID}, Attached: true, Portable: d.Usage == "DATA_DISK",
		DeleteWithInstance: true, SnapshotAbility: true, Placement: wireCBSPlacement{Zone: inst.Zone},
		CreateTime: inst.created().UTC().Format(cbsTimeLayout), Tags: []wireTag{},
	}
}
