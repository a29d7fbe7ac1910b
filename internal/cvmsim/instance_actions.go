package cvmsim

import "slices"

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
	limit := int64(20)
	if in.Limit != nil {
		limit = *in.Limit
	}
	if limit < 1 || limit > 100 || in.Offset < 0 {
		return nil, errorf("InvalidParameterValue", "Limit must be 1 to 100 and Offset at least 0.")
	}
	for _, f := range in.Filters {
		if f.Name != "instance-id" && f.Name != "instance-name" && f.Name != "zone" {
			return nil, errorf("InvalidFilter", "The filter %q is not supported by the emulator's DescribeInstances.", f.Name)
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
		ok := true
		for _, f := range in.Filters {
			field := map[string]string{"instance-id": inst.ID, "instance-name": inst.Name, "zone": inst.Zone}[f.Name]
			ok = ok && slices.Contains(f.Values, field)
		}
		if ok {
			matched = append(matched, wireInstance{
				InstanceId: inst.ID, InstanceName: inst.Name, InstanceState: "RUNNING", ImageId: inst.ImageID,
				Placement: wirePlacement{Zone: inst.Zone},
			})
		}
	}
	page := []wireInstance{}
	if in.Offset < int64(len(matched)) {
		page = matched[in.Offset:min(int64(len(matched)), in.Offset+limit)]
	}
	return struct {
		TotalCount  int64
		InstanceSet []wireInstance
	}{int64(len(matched)), page}, nil
}
