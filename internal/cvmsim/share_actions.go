package cvmsim

import "slices"

func modifyImageSharePermission(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		ImageId    string
		AccountIds []string
		Permission string
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if in.Permission != "SHARE" && in.Permission != "CANCEL" {
		return nil, errorf("InvalidParameterValue", "Permission must be SHARE or CANCEL, not %q.", in.Permission)
	}
	if len(in.AccountIds) == 0 {
		return nil, errorf("MissingParameter", "AccountIds must name at least one account.")
	}
	im, e := ownImage(w, c.account.ID, c.region, in.ImageId, "")
	if e != nil {
		return nil, e
	}
	if st := im.state(c.now); st != stateNormal {
		return nil, errorf("InvalidParameterValue.InvalidImageState", "The image %s is %s; only a NORMAL image can be shared.", im.ID, st)
	}
	for _, a := range in.AccountIds {
		if !accountIDPattern.MatchString(a) {
			return nil, errorf("InvalidAccountId.NotFound", "The account ID %q is not valid.", a)
		}
	}
	if in.Permission == "CANCEL" {
		im.Shares = slices.DeleteFunc(im.Shares, func(sh share) bool { return slices.Contains(in.AccountIds, sh.Account) })
		return nil, nil
	}
	return nil, s.shareImage(im, c.account.ID, in.AccountIds, c)
}

// shareImage adds accounts to an image's shares under the API's rules; the console path (ShareImage)
// goes through it too.
func (s *Sim) shareImage(im *image, owner string, accts []string, c *call) *apiError {
	switch {
	case im.LicenseType == "BYOL":
		return errorf("FailedOperation.BYOLImageShareFailed", "The image %s is a BYOL image and cannot be shared.", im.ID)
	case im.Encrypted:
		return errorf("UnsupportedOperation.EncryptedImagesNotSupported", "The image %s is encrypted and cannot be shared.", im.ID)
	}
	var add []string
	for _, a := range accts {
		switch {
		case a == owner:
			return errorf("FailedOperation.AccountIsYourSelf", "An image cannot be shared with its own account %s.", a)
		case im.sharedWith(a) || slices.Contains(add, a):
			return errorf("FailedOperation.AccountAlreadyExists", "The image %s is already shared with %s.", im.ID, a)
		}
		add = append(add, a)
	}
	if n := len(im.Shares) + len(add); n > s.opts.ShareLimit {
		return errorf("OverQuota", "The image %s would be shared with %d accounts; at most %d are allowed.", im.ID, n, s.opts.ShareLimit)
	}
	for _, a := range add {
		im.Shares = append(im.Shares, share{Account: a, Created: c.now})
	}
	return nil
}

func describeImageSharePermission(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct{ ImageId string }
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	im, e := ownImage(w, c.account.ID, c.region, in.ImageId, "")
	if e != nil {
		return nil, e
	}
	set := []wireSharePermission{}
	for _, sh := range im.Shares {
		set = append(set, wireSharePermission{CreatedTime: sh.Created.UTC().Format(timeLayout), AccountId: sh.Account})
	}
	return struct{ SharePermissionSet []wireSharePermission }{set}, nil
}
