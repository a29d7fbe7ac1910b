package cvmsim_test

// The look-ups a plan makes to check an image's sources before creating it: the instance (its
// state, zone and disks), the disks, and the snapshots, through the official cvm and cbs clients.

import (
	"slices"
	"testing"

	cbs "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cbs/v20170312"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func (w *world) describeInstances(a account, region string, req *cvm.DescribeInstancesRequest) (*cvm.DescribeInstancesResponseParams, error) {
	w.t.Helper()
	resp, err := w.cvm(a, region).DescribeInstances(req)
	if err != nil {
		return nil, err
	}
	if int64(len(resp.Response.InstanceSet)) > *resp.Response.TotalCount {
		w.t.Fatalf("DescribeInstances: %d instances but TotalCount %d", len(resp.Response.InstanceSet), *resp.Response.TotalCount)
	}
	return resp.Response, nil
}

func instanceFilter(name string, values ...string) *cvm.Filter { return filter(name, values...) }

func cbsFilter(name string, values ...string) *cbs.Filter {
	return &cbs.Filter{Name: s(name), Values: ss(values...)}
}

// The seeded instance is RUNNING in zone 3 with its documented system and data disk, as the
// cvm Instance model shapes them.
func TestSDK_DescribeInstances_Seeded(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req := cvm.NewDescribeInstancesRequest()
	req.InstanceIds = ss(seedID("ins", owner, gz, 1))
	out, err := w.describeInstances(owner, gz, req)
	mustOK(t, err)
	if *out.TotalCount != 1 || len(out.InstanceSet) != 1 {
		t.Fatalf("DescribeInstances(seeded) = %s, want one instance", jsonOf(out))
	}
	in := out.InstanceSet[0]
	if str(in.InstanceId) != seedID("ins", owner, gz, 1) || str(in.InstanceState) != "RUNNING" ||
		str(in.Placement.Zone) != gz+"-3" || str(in.LatestOperationState) != "SUCCESS" || str(in.OsName) == "" {
		t.Errorf("instance %s; want RUNNING in %s-3, not busy, with its OS", jsonOf(in), gz)
	}
	if in.SystemDisk == nil || str(in.SystemDisk.DiskId) != seedID("disk", owner, gz, 1) || *in.SystemDisk.DiskSize != 50 {
		t.Errorf("SystemDisk %s, want %s of 50 GiB", jsonOf(in.SystemDisk), seedID("disk", owner, gz, 1))
	}
	if len(in.DataDisks) != 1 || str(in.DataDisks[0].DiskId) != seedID("disk", owner, gz, 2) || *in.DataDisks[0].DiskSize != 100 {
		t.Errorf("DataDisks %s, want %s of 100 GiB", jsonOf(in.DataDisks), seedID("disk", owner, gz, 2))
	}
}

// The filters a plan check uses narrow the caller's instances; values of one filter are OR'ed,
// filters AND'ed; another account's instance is simply absent, by ID or by filter.
func TestSDK_DescribeInstances_FiltersAndOwnership(t *testing.T) {
	w := newWorld(t, cvmsim.Options{Timings: cvmsim.Timings{InstanceBusy: -1}})
	extra, err := w.sim.AddInstance(owner.id, gz, "extra")
	mustOK(t, err)
	seeded := seedID("ins", owner, gz, 1)
	ids := func(f ...*cvm.Filter) []string {
		t.Helper()
		req := cvm.NewDescribeInstancesRequest()
		req.Filters = f
		out, err := w.describeInstances(owner, gz, req)
		mustOK(t, err)
		var got []string
		for _, in := range out.InstanceSet {
			got = append(got, str(in.InstanceId))
		}
		slices.Sort(got)
		return got
	}
	both := []string{extra, seeded}
	slices.Sort(both)
	for _, tc := range []struct {
		name    string
		filters []*cvm.Filter
		want    []string
	}{
		{"none", nil, both},
		{"instance-id", []*cvm.Filter{instanceFilter("instance-id", extra)}, []string{extra}},
		{"instance-id OR", []*cvm.Filter{instanceFilter("instance-id", extra, seeded)}, both},
		{"instance-name", []*cvm.Filter{instanceFilter("instance-name", "extra")}, []string{extra}},
		{"zone", []*cvm.Filter{instanceFilter("zone", gz+"-3")}, both},
		{"other zone", []*cvm.Filter{instanceFilter("zone", gz+"-4")}, nil},
		{"AND", []*cvm.Filter{instanceFilter("zone", gz+"-3"), instanceFilter("instance-name", "sandbox-owner")}, []string{seeded}},
		{"peer's instance", []*cvm.Filter{instanceFilter("instance-id", seedID("ins", peer, gz, 1))}, nil},
	} {
		if got := ids(tc.filters...); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}

	req := cvm.NewDescribeInstancesRequest()
	req.InstanceIds = ss(seedID("ins", peer, gz, 1))
	out, err := w.describeInstances(owner, gz, req)
	mustOK(t, err)
	if *out.TotalCount != 0 || len(out.InstanceSet) != 0 {
		t.Errorf("the peer's instance by ID: %s, want nothing", jsonOf(out))
	}

	for _, tc := range []struct {
		name string
		mod  func(*cvm.DescribeInstancesRequest)
		code string
	}{
		{"malformed ID", func(r *cvm.DescribeInstancesRequest) { r.InstanceIds = ss("ins-UPPER") }, "InvalidInstanceId.Malformed"},
		{"unknown filter", func(r *cvm.DescribeInstancesRequest) { r.Filters = []*cvm.Filter{instanceFilter("colour", "red")} }, "InvalidFilter"},
		{"IDs and filters", func(r *cvm.DescribeInstancesRequest) {
			r.InstanceIds, r.Filters = ss(seeded), []*cvm.Filter{instanceFilter("zone", gz+"-3")}
		}, "InvalidParameterCombination"},
		{"six values", func(r *cvm.DescribeInstancesRequest) {
			r.Filters = []*cvm.Filter{instanceFilter("zone", "a", "b", "c", "d", "e", "f")}
		}, "InvalidFilterValue.LimitExceeded"},
	} {
		req := cvm.NewDescribeInstancesRequest()
		tc.mod(req)
		_, err := w.describeInstances(owner, gz, req)
		t.Run(tc.name, func(t *testing.T) { wantCode(t, err, tc.code) })
	}
}

// DescribeDisks shows the disks of the caller's instances: by ID, by instance, by usage; the
// peer's disks are absent.
func TestSDK_CBS_DescribeDisks(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	c := w.cbs(owner, gz)
	ins, sys, data := seedID("ins", owner, gz, 1), seedID("disk", owner, gz, 1), seedID("disk", owner, gz, 2)

	req := cbs.NewDescribeDisksRequest()
	req.Filters = []*cbs.Filter{cbsFilter("instance-id", ins)}
	resp, err := c.DescribeDisks(req)
	mustOK(t, err)
	got := map[string]*cbs.Disk{}
	for _, d := range resp.Response.DiskSet {
		got[str(d.DiskId)] = d
	}
	if *resp.Response.TotalCount != 2 || got[sys] == nil || got[data] == nil {
		t.Fatalf("disks of %s: %s, want %s and %s", ins, jsonOf(resp.Response), sys, data)
	}
	for id, want := range map[string]struct {
		usage string
		size  uint64
	}{sys: {"SYSTEM_DISK", 50}, data: {"DATA_DISK", 100}} {
		d := got[id]
		if str(d.DiskUsage) != want.usage || *d.DiskSize != want.size || str(d.InstanceId) != ins ||
			str(d.Placement.Zone) != gz+"-3" || str(d.DiskState) != "ATTACHED" || !*d.Attached {
			t.Errorf("disk %s = %s; want %s of %d GiB attached to %s in %s-3", id, jsonOf(d), want.usage, want.size, ins, gz)
		}
	}

	req = cbs.NewDescribeDisksRequest()
	req.Filters = []*cbs.Filter{cbsFilter("instance-id", ins), cbsFilter("disk-usage", "DATA_DISK")}
	resp, err = c.DescribeDisks(req)
	mustOK(t, err)
	if len(resp.Response.DiskSet) != 1 || str(resp.Response.DiskSet[0].DiskId) != data {
		t.Errorf("data disks of %s: %s, want only %s", ins, jsonOf(resp.Response.DiskSet), data)
	}

	req = cbs.NewDescribeDisksRequest()
	req.DiskIds = ss(sys, seedID("disk", peer, gz, 1))
	resp, err = c.DescribeDisks(req)
	mustOK(t, err)
	if *resp.Response.TotalCount != 1 || str(resp.Response.DiskSet[0].DiskId) != sys {
		t.Errorf("own and peer's disk by ID: %s, want only the own one", jsonOf(resp.Response.DiskSet))
	}

	req = cbs.NewDescribeDisksRequest()
	req.DiskIds = ss(sys)
	req.Filters = []*cbs.Filter{cbsFilter("disk-usage", "DATA_DISK")}
	_, err = c.DescribeDisks(req)
	wantCode(t, err, "InvalidParameter")
	req = cbs.NewDescribeDisksRequest()
	req.Filters = []*cbs.Filter{cbsFilter("colour", "red")}
	_, err = c.DescribeDisks(req)
	wantCode(t, err, "InvalidFilter")
}

// DescribeSnapshots through the typed cbs client: by ID and by disk-usage, with the fields a
// plan checks; the peer's snapshot is absent.
func TestSDK_CBS_DescribeSnapshots_TypedClient(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	c := w.cbs(owner, gz)
	sys, data := seedID("snap", owner, gz, 1), seedID("snap", owner, gz, 2)

	req := cbs.NewDescribeSnapshotsRequest()
	req.SnapshotIds = ss(sys, data, seedID("snap", peer, gz, 1))
	resp, err := c.DescribeSnapshots(req)
	mustOK(t, err)
	if *resp.Response.TotalCount != 2 || len(resp.Response.SnapshotSet) != 2 {
		t.Fatalf("own two and the peer's snapshot by ID: %s, want the own two", jsonOf(resp.Response))
	}
	for _, sn := range resp.Response.SnapshotSet {
		if str(sn.SnapshotState) != "NORMAL" || str(sn.Placement.Zone) != gz+"-3" || str(sn.DiskId) == "" || *sn.DiskSize == 0 {
			t.Errorf("snapshot %s; want NORMAL in %s-3 with its disk and size", jsonOf(sn), gz)
		}
	}

	req = cbs.NewDescribeSnapshotsRequest()
	req.Filters = []*cbs.Filter{cbsFilter("disk-usage", "SYSTEM_DISK")}
	resp, err = c.DescribeSnapshots(req)
	mustOK(t, err)
	if len(resp.Response.SnapshotSet) != 1 || str(resp.Response.SnapshotSet[0].SnapshotId) != sys ||
		str(resp.Response.SnapshotSet[0].DiskUsage) != "SYSTEM_DISK" {
		t.Errorf("system-disk snapshots: %s, want only %s", jsonOf(resp.Response.SnapshotSet), sys)
	}
}
