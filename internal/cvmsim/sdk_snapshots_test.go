package cvmsim_test

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// These tests sign CBS requests with the SDK's common client, so that they can also send what the
// typed requests refuse to build, and read the answers into the fields of the cbs v20170312
// Snapshot model; sdk_sources_test.go reads snapshots through the typed cbs client.

const cbsVersion = "2017-03-12"

type cbsSnapshot struct {
	SnapshotId, SnapshotName, SnapshotState, SnapshotType string
	DiskId, DiskUsage                                     string
	DiskSize                                              uint64
	Encrypt, CopyFromRemote, IsPermanent                  bool
	Placement                                             struct{ Zone string }
	CreateTime                                            string
	Percent, ImageCount                                   uint64
	Images                                                []struct{ ImageId, ImageName string }
}

type cbsSnapshots struct {
	TotalCount  uint64
	SnapshotSet []cbsSnapshot
}

func (w *world) describeSnapshots(a account, region, body string) (cbsSnapshots, error) {
	w.t.Helper()
	resp, err := w.raw(a, region, "cbs", cbsVersion, "DescribeSnapshots", body)
	if err != nil {
		return cbsSnapshots{}, err
	}
	var out cbsSnapshots
	raw, _ := json.Marshal(resp)
	if err := json.Unmarshal(raw, &out); err != nil {
		w.t.Fatalf("DescribeSnapshots answer %s: %v", raw, err)
	}
	if uint64(len(out.SnapshotSet)) > out.TotalCount {
		w.t.Fatalf("DescribeSnapshots: %d snapshots but TotalCount %d", len(out.SnapshotSet), out.TotalCount)
	}
	return out, nil
}

func byID(set []cbsSnapshot) map[string]cbsSnapshot {
	m := map[string]cbsSnapshot{}
	for _, sn := range set {
		m[sn.SnapshotId] = sn
	}
	return m
}

// R5.6/R5.7: the seeded snapshots are listed with the details the SDK model carries.
func TestSDK_CBS_DescribeSnapshots_Seeded(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	out, err := w.describeSnapshots(owner, gz, `{}`)
	mustOK(t, err)
	sys, data := seedID("snap", owner, gz, 1), seedID("snap", owner, gz, 2)
	got := byID(out.SnapshotSet)
	if out.TotalCount != 2 || len(got) != 2 {
		t.Fatalf("owner's snapshots in %s: %s, want exactly the two seeded ones", gz, jsonOf(out))
	}
	cbsTime := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)
	for id, want := range map[string]struct {
		usage, disk string
		size        uint64
	}{sys: {"SYSTEM_DISK", seedID("disk", owner, gz, 1), 50}, data: {"DATA_DISK", seedID("disk", owner, gz, 2), 100}} {
		sn := got[id]
		if sn.DiskUsage != want.usage || sn.DiskId != want.disk || sn.DiskSize != want.size ||
			sn.SnapshotState != "NORMAL" || sn.Placement.Zone != gz+"-3" || sn.SnapshotName == "" ||
			!cbsTime.MatchString(sn.CreateTime) || sn.Percent != 100 || sn.ImageCount != 0 {
			t.Errorf("seeded snapshot %s = %s; want %s of %s, %d GiB, NORMAL in %s-3, named, with a CBS CreateTime", id, jsonOf(sn), want.usage, want.disk, want.size, gz)
		}
	}

	// Each account sees its own, in the region asked.
	out, err = w.describeSnapshots(peer, sh, `{}`)
	mustOK(t, err)
	if got := byID(out.SnapshotSet); len(got) != 2 || got[seedID("snap", peer, sh, 1)].DiskUsage != "SYSTEM_DISK" {
		t.Fatalf("peer's snapshots in %s: %s", sh, jsonOf(out))
	}
	out, err = w.describeSnapshots(peer, gz, `{"SnapshotIds":["`+sys+`"]}`)
	mustOK(t, err)
	if out.TotalCount != 0 {
		t.Fatalf("peer sees the owner's snapshot %s: %s", sys, jsonOf(out))
	}
}

// R5.6: what the tencentcloud_images data source does: take an image's SnapshotSet from
// DescribeImages and look the snapshots up by ID, 100 at a time.
func TestSDK_CBS_DescribeSnapshots_OfImages(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	img := w.fullMachineImage("with-snapshots")
	var ids []string
	for _, sn := range img.SnapshotSet {
		ids = append(ids, *sn.SnapshotId)
	}
	body, _ := json.Marshal(map[string]any{"SnapshotIds": ids, "Offset": 0, "Limit": 100})
	out, err := w.describeSnapshots(owner, gz, string(body))
	mustOK(t, err)
	got := byID(out.SnapshotSet)
	if out.TotalCount != 2 {
		t.Fatalf("snapshots of %s: %s, want both", *img.ImageId, jsonOf(out))
	}
	for _, want := range img.SnapshotSet {
		sn := got[*want.SnapshotId]
		if sn.DiskUsage != *want.DiskUsage || int64(sn.DiskSize) != *want.DiskSize || sn.SnapshotName == "" ||
			sn.ImageCount != 1 || len(sn.Images) != 1 || sn.Images[0].ImageId != *img.ImageId || sn.Images[0].ImageName != "with-snapshots" {
			t.Errorf("snapshot %s = %s; want it to agree with DescribeImages %s and name its image", *want.SnapshotId, jsonOf(sn), jsonOf(want))
		}
	}
	if got[snapOf(t, img, "SYSTEM_DISK")].DiskId != seedID("disk", owner, gz, 1) {
		t.Errorf("the image's system snapshot does not name the instance's system disk: %s", jsonOf(out))
	}

	// Filters narrow the account's snapshots (seeded and made): AND across filters, OR within one.
	out, err = w.describeSnapshots(owner, gz, `{"Filters":[{"Name":"disk-usage","Values":["DATA_DISK"]}]}`)
	mustOK(t, err)
	if got := byID(out.SnapshotSet); out.TotalCount != 2 || got[seedID("snap", owner, gz, 2)].DiskUsage != "DATA_DISK" || got[snapOf(t, img, "DATA_DISK")].DiskUsage != "DATA_DISK" {
		t.Fatalf("disk-usage=DATA_DISK: %s, want the seeded and the image's data snapshots", jsonOf(out))
	}
	name := got[snapOf(t, img, "DATA_DISK")].SnapshotName
	out, err = w.describeSnapshots(owner, gz, `{"Filters":[{"Name":"snapshot-name","Values":["`+name+`"]},{"Name":"snapshot-id","Values":["`+snapOf(t, img, "DATA_DISK")+`","snap-zzzzzzzz"]}]}`)
	mustOK(t, err)
	if out.TotalCount != 1 || out.SnapshotSet[0].SnapshotId != snapOf(t, img, "DATA_DISK") {
		t.Fatalf("snapshot-name and snapshot-id: %s", jsonOf(out))
	}

	// Paging: newest first, TotalCount over all pages.
	out, err = w.describeSnapshots(owner, gz, `{"Offset":1,"Limit":2}`)
	mustOK(t, err)
	if out.TotalCount != 4 || len(out.SnapshotSet) != 2 {
		t.Fatalf("Offset 1 Limit 2 of 4 snapshots: %s", jsonOf(out))
	}
	if _, ok := byID(out.SnapshotSet)[seedID("snap", owner, gz, 1)]; !ok {
		t.Fatalf("the second page (newest first) lacks a seeded snapshot: %s", jsonOf(out))
	}

	// A copy to another region has its own snapshots there, copied from remote.
	sync := cvm.NewSyncImagesRequest()
	sync.ImageIds = ss(*img.ImageId)
	sync.DestinationRegions = ss(sh)
	_, err = w.cvm(owner, gz).SyncImages(sync)
	mustOK(t, err)
	w.clock.Advance(sdkTimings.Copy + time.Second)
	out, err = w.describeSnapshots(owner, sh, `{"Filters":[{"Name":"snapshot-name","Values":["`+name+`"]}]}`)
	mustOK(t, err)
	if out.TotalCount != 0 {
		t.Fatalf("the copy's snapshots carry the source's name: %s", jsonOf(out))
	}
	out, err = w.describeSnapshots(owner, sh, `{}`)
	mustOK(t, err)
	remote := 0
	for _, sn := range out.SnapshotSet {
		if sn.CopyFromRemote {
			remote++
		}
	}
	if out.TotalCount != 4 || remote != 2 {
		t.Fatalf("owner's snapshots in %s after the copy: %s, want the two seeded and two copied from remote", sh, jsonOf(out))
	}
}

// Requests CBS refuses.
func TestSDK_CBS_DescribeSnapshots_Errors(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	cases := []struct{ name, body, code string }{
		{"unknown filter", `{"Filters":[{"Name":"image-id","Values":["img-00000000"]}]}`, "InvalidFilter"},
		{"ids with filters", `{"SnapshotIds":["snap-gz100001"],"Filters":[{"Name":"disk-usage","Values":["DATA_DISK"]}]}`, "InvalidParameter"},
		{"limit over 100", `{"Limit":101}`, "InvalidParameterValue.LimitExceeded"},
		{"malformed id", `{"SnapshotIds":["disk-gz100001"]}`, "InvalidSnapshotId.Malformed"},
		{"bad order", `{"Order":"UP"}`, "InvalidParameterValue"},
		{"unknown parameter", `{"DiskIds":["disk-gz100001"]}`, "UnknownParameter"},
		{"wrong type", `{"SnapshotIds":"snap-gz100001"}`, "InvalidParameter"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.describeSnapshots(owner, gz, tc.body)
			wantCode(t, err, tc.code)
		})
	}
	_, err := w.raw(owner, gz, "cbs", "2018-01-01", "DescribeSnapshots", `{}`)
	wantCode(t, err, "NoSuchVersion")
}
