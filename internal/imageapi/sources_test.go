package imageapi

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const gz = cvmsim.DefaultRegion

func TestInstance_stateZoneAndDisks(t *testing.T) {
	c := newEmulated(t, cvmsim.Options{}).owner(t)
	in, err := c.Instance(context.Background(), gz, "ins-gz100001")
	if err != nil {
		t.Fatal(err)
	}
	if in.InstanceState != "RUNNING" || in.Placement.Zone != gz+"-3" || in.LatestOperationState != "SUCCESS" {
		t.Errorf("instance %+v; want RUNNING in %s-3, not busy", in, gz)
	}
	if in.SystemDisk.DiskId != "disk-gz100001" || in.SystemDisk.DiskSize != 50 ||
		len(in.DataDisks) != 1 || in.DataDisks[0].DiskId != "disk-gz100002" || in.DataDisks[0].DiskSize != 100 {
		t.Errorf("disks %+v %+v; want disk-gz100001 (50 GiB) and disk-gz100002 (100 GiB)", in.SystemDisk, in.DataDisks)
	}
}

func TestInstance_anotherAccountsIsNotFound(t *testing.T) {
	c := newEmulated(t, cvmsim.Options{}).owner(t)
	for _, id := range []string{"ins-gz200001", "ins-zzzzzzzz"} {
		_, err := c.Instance(context.Background(), gz, id)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Instance(%s) = %v, want ErrNotFound", id, err)
		}
	}
	_, err := c.Instance(context.Background(), gz, "i-bad")
	if !hasCode(err, "InvalidInstanceId.Malformed") {
		t.Errorf("Instance(i-bad) = %v, want InvalidInstanceId.Malformed", err)
	}
}

func TestAllInstances_readsEveryPage(t *testing.T) {
	e := newEmulated(t, cvmsim.Options{})
	for range 120 {
		if _, err := e.sim.AddInstance(cvmsim.OwnerAccount, gz, "fleet"); err != nil {
			t.Fatal(err)
		}
	}
	c := e.owner(t)
	e.sim.ResetCalls()
	all, err := c.AllInstances(context.Background(), gz, []Filter{{Name: "instance-name", Values: []string{"fleet"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 120 {
		t.Errorf("%d instances named fleet, want 120", len(all))
	}
	if n := e.sim.Calls()["cvm.DescribeInstances"]; n != 2 {
		t.Errorf("%d DescribeInstances calls for 120 instances, want 2 pages", n)
	}
}

func TestSnapshots_onlyTheCallersAreFound(t *testing.T) {
	c := newEmulated(t, cvmsim.Options{}).owner(t)
	snaps, err := c.Snapshots(context.Background(), gz, []string{"snap-gz100001", "snap-gz100002", "snap-gz200001", "snap-gz100001"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]DiskSnapshot{}
	for _, sn := range snaps {
		got[sn.SnapshotId] = sn
	}
	if len(snaps) != 2 || got["snap-gz100001"].DiskUsage != DiskUsageSystem || got["snap-gz100002"].DiskUsage != DiskUsageData {
		t.Fatalf("snapshots %+v; want the owner's two, not the peer's", snaps)
	}
	sys := got["snap-gz100001"]
	if sys.DiskId != "disk-gz100001" || sys.DiskSize != 50 || sys.SnapshotState != "NORMAL" || sys.Placement.Zone != gz+"-3" {
		t.Errorf("system-disk snapshot %+v", sys)
	}
}

func TestDisks_byIDAndByInstance(t *testing.T) {
	c := newEmulated(t, cvmsim.Options{}).owner(t)
	ctx := context.Background()
	disks, err := c.InstanceDisks(ctx, gz, "ins-gz100001")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range disks {
		ids = append(ids, d.DiskId+"/"+d.DiskUsage)
		if d.InstanceId != "ins-gz100001" || d.Placement.Zone != gz+"-3" {
			t.Errorf("disk %+v", d)
		}
	}
	slices.Sort(ids)
	if want := []string{"disk-gz100001/SYSTEM_DISK", "disk-gz100002/DATA_DISK"}; !slices.Equal(ids, want) {
		t.Errorf("disks of ins-gz100001: %v, want %v", ids, want)
	}
	disks, err = c.Disks(ctx, gz, []string{"disk-gz100002", "disk-gz200002"})
	if err != nil {
		t.Fatal(err)
	}
	if len(disks) != 1 || disks[0].DiskId != "disk-gz100002" || disks[0].DiskSize != 100 {
		t.Errorf("Disks(own, peer's) = %+v, want only the own data disk", disks)
	}
	if disks, err := c.InstanceDisks(ctx, gz, "ins-gz200001"); err != nil || len(disks) != 0 {
		t.Errorf("disks of the peer's instance: %+v, %v; want none", disks, err)
	}
}
