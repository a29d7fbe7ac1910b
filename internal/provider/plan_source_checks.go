package provider

// The plan-time check of what a custom image is made from: an instance or snapshots that do not
// exist in the image's region, belong to another account, or do not make an image would otherwise
// fail CreateImage in the apply, after a replacement had already destroyed the old image.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// imageSource is what a custom image is made from; unknown parts (made in the same plan) are empty
// and known is false, and they are checked by CreateImage in the apply instead.
type imageSource struct {
	region, instanceID string
	dataDiskIDs        []string
	snapshotIDs        []string
	known              bool
}

// checkImageSource checks the source of a custom image the plan makes.
func checkImageSource(ctx context.Context, pd *providerData, diags *diag.Diagnostics, s imageSource) {
	if !pd.limitChecksOn() || !s.known || (s.instanceID == "" && len(s.snapshotIDs) == 0) {
		return // no source: requireSource says so
	}
	if s.instanceID != "" {
		if pd.ledger.planInstanceImage(s.region, s.instanceID) == 2 {
			diags.AddAttributeWarning(path.Root("instance_id"), "Images Of One Instance Are Made One After Another",
				fmt.Sprintf("This plan makes more than one image of instance %s in %s. The API images an instance once at a time, "+
					"so the provider makes them one after another, each when the previous has left CREATING: the apply takes "+
					"that much longer, and the create timeouts must allow for the wait.", s.instanceID, s.region))
		}
		checkInstanceSource(ctx, pd, diags, s)
		return
	}
	snaps, err := pd.client.Snapshots(ctx, s.region, s.snapshotIDs)
	if err != nil {
		pd.reportCheckFailure(diags, "the snapshots "+strings.Join(s.snapshotIDs, ", "), s.region, err)
		return
	}
	found, system := map[string]bool{}, 0
	for _, sn := range snaps {
		found[sn.SnapshotId] = true
		if sn.DiskUsage == imageapi.DiskUsageSystem {
			system++
		}
	}
	var missing []string
	for _, id := range s.snapshotIDs {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	switch {
	case len(missing) > 0:
		pd.reportLimit(diags, path.Root("snapshot_ids"), "Snapshot Not Found",
			fmt.Sprintf("Snapshot(s) %s are not in %s, or belong to another account, so CreateImage would fail with "+
				"InvalidParameter.SnapshotNotFound. A snapshot is used in its own region: check snapshot_ids and the image's region.",
				strings.Join(missing, ", "), s.region))
	case system != 1:
		pd.reportLimit(diags, path.Root("snapshot_ids"), "Exactly One System-Disk Snapshot Needed",
			fmt.Sprintf("snapshot_ids holds %d system-disk snapshot(s); an image is made from exactly one, with any number of "+
				"data-disk snapshots, so CreateImage would fail. Add the system disk's snapshot, or keep only one.", system))
	}
}

// checkInstanceSource checks an instance and the data disks to image with it.
func checkInstanceSource(ctx context.Context, pd *providerData, diags *diag.Diagnostics, s imageSource) {
	ins, err := pd.client.Instance(ctx, s.region, s.instanceID)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		pd.reportLimit(diags, path.Root("instance_id"), "Instance Not Found",
			fmt.Sprintf("Instance %s is not in %s, or belongs to another account, so CreateImage would fail with "+
				"InvalidInstanceId.NotFound. An instance is imaged in its own region: check instance_id and the image's region.",
				s.instanceID, s.region))
		return
	case err != nil:
		pd.reportCheckFailure(diags, "instance "+s.instanceID, s.region, err)
		return
	}
	var own []string
	for _, d := range ins.DataDisks {
		own = append(own, d.DiskId)
	}
	for _, d := range s.dataDiskIDs {
		if slices.Contains(own, d) {
			continue
		}
		detail := "it has no data disks"
		if len(own) > 0 {
			detail = "its data disks are " + strings.Join(own, ", ")
		}
		if d == ins.SystemDisk.DiskId {
			detail = d + " is its system disk, which every image of it holds already"
		}
		pd.reportLimit(diags, path.Root("data_disk_ids"), "Not A Data Disk Of The Instance",
			fmt.Sprintf("Disk %s is not a data disk of instance %s in %s (%s), so CreateImage would refuse it. "+
				"List only the instance's own data disks.", d, s.instanceID, s.region, detail))
		return
	}
}
