package cvmsim

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// instanceIDPattern is an instance ID: ins- and 8 of [a-z0-9].
var instanceIDPattern = regexp.MustCompile(`^ins-[a-z0-9]{8}$`)

// instanceFilters are the DescribeInstances filters the emulator knows. The sandbox's instances
// have no VPC, addresses, security groups, dedicated hosts or tags, so the filters on those are
// accepted and match nothing, as they would for such instances in the cloud.
var instanceFilters = []string{
	"instance-id", "instance-name", "zone", "instance-state", "project-id", "instance-charge-type",
	"host-id", "dedicated-cluster-id", "vpc-id", "subnet-id", "uuid", "security-group-id",
	"private-ip-address", "public-ip-address", "ipv6-address", "tag-key", "tag-value",
}

// Fixed facts of every sandbox instance and its disks.
const (
	instanceState      = "RUNNING"
	instanceChargeType = "POSTPAID_BY_HOUR"
	diskType           = "CLOUD_PREMIUM"
)

// describeInstances is CVM DescribeInstances over the caller's instances in the region; another
// account's instance is simply absent, as in the cloud.
func describeInstances(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		InstanceIds []string
		Filters     []wireFilter
		Offset      int64
		Limit       *int64
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if len(in.InstanceIds) > 0 && len(in.Filters) > 0 {
		return nil, errorf("InvalidParameterCombination", "InstanceIds and Filters cannot be specified at the same time.")
	}
	limit := int64(describeDefaultLimit)
	if in.Limit != nil {
		limit = *in.Limit
	}
	if limit < 1 || limit > describeMaxLimit || in.Offset < 0 {
		return nil, errorf("InvalidParameterValue", "Limit must be 1 to %d and Offset at least 0.", describeMaxLimit)
	}
	if e := checkListQuery(len(in.InstanceIds), in.Filters, instanceFilters, "InvalidFilterValue.LimitExceeded"); e != nil {
		return nil, e
	}
	for _, id := range in.InstanceIds {
		if !instanceIDPattern.MatchString(id) {
			return nil, errorf("InvalidInstanceId.Malformed", "The instance ID %q is malformed.", id)
		}
	}
	var matched []wireInstance
	for _, inst := range w.Instances {
		if inst.Owner != c.account.ID || inst.Region != c.region {
			continue
		}
		if len(in.InstanceIds) > 0 && !slices.Contains(in.InstanceIds, inst.ID) {
			continue
		}
		if matchesAll(in.Filters, func(name, val string) bool { return matchesInstanceFilter(inst, name, val) }) {
			matched = append(matched, inst.wire(c.now))
		}
	}
	return struct {
		TotalCount  int64
		InstanceSet []wireInstance
	}{int64(len(matched)), pageOf(matched, uint64(in.Offset), uint64(limit))}, nil
}

func matchesInstanceFilter(inst *instance, name, val string) bool {
	switch name {
	case "instance-id":
		return inst.ID == val
	case "instance-name":
		return inst.Name == val
	case "zone":
		return inst.Zone == val
	case "instance-state":
		return val == instanceState
	case "project-id":
		return val == "0"
	case "instance-charge-type":
		return val == instanceChargeType
	}
	return false
}

// wire is the instance as DescribeInstances shows it. LatestOperationState is OPERATING while the
// instance is busy.
func (inst *instance) wire(now time.Time) wireInstance {
	v := wireInstance{
		InstanceId: inst.ID, InstanceName: inst.Name, InstanceState: instanceState, ImageId: inst.ImageID,
		InstanceChargeType: instanceChargeType, Placement: wirePlacement{Zone: inst.Zone},
		CreatedTime: inst.created().UTC().Format(timeLayout), LatestOperationState: "SUCCESS",
		DataDisks: []wireDataDisk{}, Tags: []wireTag{},
	}
	if inst.busy(now) {
		v.LatestOperationState = "OPERATING"
	}
	if c := catalogueLookup(inst.Region, inst.ImageID); c != nil {
		v.OsName = c.OsName
	}
	for _, d := range inst.Disks {
		if d.Usage == "SYSTEM_DISK" {
			v.SystemDisk = wireSystemDisk{DiskType: diskType, DiskId: d.ID, DiskSize: d.Size}
			continue
		}
		v.DataDisks = append(v.DataDisks, wireDataDisk{DiskSize: d.Size, DiskType: diskType, DiskId: d.ID, DeleteWithInstance: true})
	}
	return v
}

// checkListQuery applies the limits every Describe of these services shares: at most 100 IDs, 10
// filters and 5 values a filter (tooManyValues is the action's code for that), and only filter
// names the action knows (or tag:<key>).
func checkListQuery(ids int, filters []wireFilter, known []string, tooManyValues string) *apiError {
	if ids > describeMaxLimit {
		return errorf("InvalidParameterValue.LimitExceeded", "%d IDs given; at most %d are allowed.", ids, describeMaxLimit)
	}
	if len(filters) > maxFilters {
		return errorf("InvalidParameterValue.LimitExceeded", "%d filters given; at most %d are allowed.", len(filters), maxFilters)
	}
	for _, f := range filters {
		if !strings.HasPrefix(f.Name, "tag:") && !slices.Contains(known, f.Name) {
			return errorf("InvalidFilter", "The filter %q is not supported.", f.Name)
		}
		if len(f.Values) > maxFilterValues {
			return errorf(tooManyValues, "Filter %s has %d values; at most %d are allowed.", f.Name, len(f.Values), maxFilterValues)
		}
	}
	return nil
}

// matchesAll: values of one filter are OR'ed, filters AND'ed.
func matchesAll(filters []wireFilter, match func(name, val string) bool) bool {
	for _, f := range filters {
		if !slices.ContainsFunc(f.Values, func(val string) bool { return match(f.Name, val) }) {
			return false
		}
	}
	return true
}

// pageOf is items[offset:offset+limit], empty (never null) past the end.
func pageOf[T any](items []T, offset, limit uint64) []T {
	n := uint64(len(items))
	if offset >= n {
		return []T{}
	}
	return items[offset:min(n, offset+limit)]
}
