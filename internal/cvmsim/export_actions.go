package cvmsim

import (
	"regexp"
	"slices"
	"strings"
)

// exportFormats are ExportImages' documented formats, written exactly so (DESIGN.md, "API facts").
var exportFormats = []string{"RAW", "QCOW2", "VHD", "VMDK"}

var (
	// bucketPattern is a COS bucket's full name, which always ends in the owner's numeric AppId; a
	// name without one cannot name any bucket.
	bucketPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*-[0-9]+$`)
	// camRolePattern is CAM's role-name alphabet; a name outside it cannot name any role.
	camRolePattern = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
)

// exportImages checks an export and answers a task and the files it would write. The sandbox has
// no COS: nothing is written, the task is done the moment it is accepted, and the images stay
// NORMAL throughout.
func exportImages(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		BucketName         string
		ImageIds           []string
		ExportFormat       *string
		FileNamePrefixList []string
		OnlyExportRootDisk bool
		DryRun             bool
		RoleName           *string
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if !bucketPattern.MatchString(in.BucketName) {
		return nil, errorf("InvalidParameterValue.BucketNotFound", "The COS bucket %q is not found; a bucket's full name ends in -<AppId>.", in.BucketName)
	}
	if len(in.ImageIds) == 0 {
		return nil, errorf("InvalidParameter.ImageIdsSnapshotIdsMustOne", "ImageIds must name at least one image.")
	}
	if in.FileNamePrefixList != nil && len(in.FileNamePrefixList) != len(in.ImageIds) {
		return nil, errorf("InvalidParameterValue.InvalidFileNamePrefixList", "FileNamePrefixList has %d prefixes for %d images; give one per image.", len(in.FileNamePrefixList), len(in.ImageIds))
	}
	format := "RAW"
	if in.ExportFormat != nil {
		format = *in.ExportFormat
	}
	if !slices.Contains(exportFormats, format) {
		return nil, errorf("InvalidParameterValue", "ExportFormat must be one of %s, not %q.", strings.Join(exportFormats, ", "), format)
	}
	if in.RoleName != nil && !camRolePattern.MatchString(*in.RoleName) {
		return nil, errorf("AuthFailure.CamRoleNameAuthenticateFailed", "The role %q is not found.", *in.RoleName)
	}
	var images []*image
	for _, id := range in.ImageIds {
		im, e := exportableImage(w, c, id)
		if e != nil {
			return nil, e
		}
		images = append(images, im)
	}
	if in.DryRun {
		return nil, nil
	}
	paths := []string{}
	ext := strings.ToLower(format)
	for i, im := range images {
		prefix := ""
		if in.FileNamePrefixList != nil && in.FileNamePrefixList[i] != "" {
			prefix = in.FileNamePrefixList[i] + "_"
		}
		usages := []string{"SYSTEM_DISK", "DATA_DISK"}
		if in.OnlyExportRootDisk {
			usages = usages[:1]
		}
		for _, usage := range usages {
			for _, id := range im.Snapshots {
				if sn := w.snapshot(im.Region, im.Owner, id); sn != nil && sn.DiskUsage == usage {
					disk := strings.ToLower(strings.TrimSuffix(usage, "_DISK"))
					paths = append(paths, "/"+prefix+im.ID+"_"+disk+"_"+sn.ID+"."+ext)
				}
			}
		}
	}
	w.Seq++
	return struct {
		TaskId   uint64
		CosPaths []string
	}{uint64(w.Seq), paths}, nil
}

// exportableImage resolves one image of an export: the caller's own NORMAL custom image, neither
// Windows nor encrypted, with each refusal under its documented code.
func exportableImage(w *world, c *call, id string) (*image, *apiError) {
	if imageIDPattern.MatchString(id) {
		if ci := catalogueLookup(c.region, id); ci != nil {
			if ci.Type == "MARKET_IMAGE" {
				return nil, errorf("UnsupportedOperation.MarketImageExportUnsupported", "The image %s is a marketplace image and cannot be exported.", id)
			}
			return nil, errorf("UnsupportedOperation.PublicImageExportUnsupported", "The image %s is a public image and cannot be exported.", id)
		}
	}
	im, e := ownImage(w, c.account.ID, c.region, id, "UnsupportedOperation.SharedImageExportUnsupported")
	if e != nil {
		return nil, e
	}
	switch {
	case im.Encrypted:
		return nil, errorf("UnsupportedOperation.EncryptedImagesNotSupported", "The image %s is encrypted and cannot be exported.", id)
	case strings.HasPrefix(im.Platform, "Windows"):
		return nil, errorf("UnsupportedOperation.WindowsImageExportUnsupported", "The image %s is a Windows image and cannot be exported.", id)
	}
	if st := im.state(c.now); st != stateNormal {
		return nil, errorf("InvalidParameterValue.InvalidImageState", "The image %s is %s; only a NORMAL image can be exported.", id, st)
	}
	return im, nil
}
