package cvmsim

import "slices"

func syncImages(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		ImageIds           []string
		DestinationRegions []string
		DryRun             bool
		ImageName          *string
		ImageSetRequired   bool
		Encrypt            bool
		KmsKeyId           string
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	switch {
	case len(in.ImageIds) == 0:
		return nil, errorf("MissingParameter", "ImageIds must name one image.")
	case len(in.ImageIds) > 1:
		return nil, errorf("InvalidParameterValue.LimitExceeded", "SyncImages copies one image per call; %d were given.", len(in.ImageIds))
	case len(in.DestinationRegions) == 0:
		return nil, errorf("MissingParameter", "DestinationRegions must name at least one region.")
	case in.KmsKeyId != "" && !in.Encrypt:
		return nil, errorf("InvalidParameter.InvalidKmsKeyId", "KmsKeyId can only be given with Encrypt=true.")
	}
	acct := c.account.ID
	id := in.ImageIds[0]
	if !imageIDPattern.MatchString(id) {
		return nil, errorf("InvalidImageId.Malformed", "The image ID %q is malformed.", id)
	}
	src := w.image(c.region, id)
	switch {
	case catalogueLookup(c.region, id) != nil:
		return nil, errorf("UnauthorizedOperation.ImageNotBelongToAccount", "The image %s is a public or marketplace image; only custom images can be copied.", id)
	case src == nil:
		return nil, errorf("InvalidImageId.NotFound", "The image %s is not found in %s.", id, c.region)
	case src.Owner != acct && !src.sharedWith(acct):
		return nil, errorf("UnauthorizedOperation.ImageNotBelongToAccount", "The image %s does not belong to this account.", id)
	}
	if st := src.state(c.now); st != stateNormal {
		return nil, errorf("InvalidParameterValue.InvalidImageState", "The image %s is %s; only a NORMAL image can be copied.", id, st)
	}
	sameRegionOnly := src.Owner != acct || in.Encrypt
	var dests []string
	for _, r := range in.DestinationRegions {
		if !knownRegion(r) {
			return nil, errorf("InvalidParameterValue.InvalidRegion", "The region %q is not a valid destination.", r)
		}
		if sameRegionOnly && r != c.region {
			return nil, errorf("InvalidParameterValue.InvalidRegion", "A shared-in or encrypted copy can only be made in the source region %s, not %s.", c.region, r)
		}
		if !sameRegionOnly && r == c.region {
			return nil, errorf("InvalidParameterValue.InvalidRegion", "A custom image cannot be copied to its own region %s.", r)
		}
		if !slices.Contains(dests, r) {
			dests = append(dests, r)
		}
	}
	name := src.Name
	if in.ImageName != nil {
		name = *in.ImageName
	} else if in.Encrypt && src.Owner == acct {
		// An encrypted copy lands next to its source, whose name it may not share.
		name = string([]rune(src.Name + "-encrypted")[:min(60, len([]rune(src.Name+"-encrypted")))])
	}
	for _, r := range dests {
		if e := s.checkNewImage(w, acct, r, name, ""); e != nil {
			return nil, e
		}
	}
	set := []wireSyncImage{}
	if in.DryRun {
		return struct{ ImageSet []wireSyncImage }{set}, nil
	}
	for _, r := range dests {
		cp := s.newImage(w, acct, r, kindCopy, c.now, s.opts.Timings.Copy)
		cp.Name, cp.Description, cp.Family, cp.Source = name, src.Description, src.Family, src.Source
		cp.OsName, cp.Platform, cp.Architecture, cp.Size, cp.CloudInit = src.OsName, src.Platform, src.Architecture, src.Size, src.CloudInit
		cp.LicenseType, cp.Encrypted, cp.KmsKeyID = src.LicenseType, src.Encrypted || in.Encrypt, in.KmsKeyId
		cp.SourceID, cp.SourceRegion = src.ID, src.Region
		for _, snapID := range src.Snapshots {
			if sn := w.snapshot(src.Region, src.Owner, snapID); sn != nil {
				w.addImageSnapshot(cp, sn.DiskUsage, sn.Size, sn.DiskID, r != src.Region)
			}
		}
		w.Images = append(w.Images, cp)
		if in.ImageSetRequired {
			set = append(set, wireSyncImage{ImageId: cp.ID, Region: r})
		}
	}
	return struct{ ImageSet []wireSyncImage }{set}, nil
}
