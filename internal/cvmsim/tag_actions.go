package cvmsim

import (
	"crypto/md5"
	"encoding/hex"
	"regexp"
	"slices"
	"sort"
)

// imageResource matches qcs::cvm:<region>:uin/<account>:image/<id>; the account part may be empty,
// as the official tools send it (the Tag API takes the account from the caller).
var imageResource = regexp.MustCompile(`^qcs::cvm:([a-z0-9-]+):uin/([0-9]*):image/(img-[a-z0-9]{8})$`)

func checkTag(key, value string) *apiError {
	switch {
	case key == "" || len([]rune(key)) > 127:
		return errorf("InvalidParameterValue.TagKeyLengthExceeded", "A tag key must be 1 to 127 characters long.")
	case len([]rune(value)) > 255:
		return errorf("InvalidParameterValue.TagValueLengthExceeded", "A tag value must be at most 255 characters long.")
	}
	return nil
}

func modifyResourceTags(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		Resource    string
		ReplaceTags []struct{ TagKey, TagValue string }
		DeleteTags  []struct{ TagKey string }
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	m := imageResource.FindStringSubmatch(in.Resource)
	if m == nil {
		return nil, errorf("InvalidParameterValue.ResourceDescriptionError", "The resource %q is not a CVM image resource name (qcs::cvm:<region>:uin/<account>:image/<image-id>).", in.Resource)
	}
	if m[2] != "" && m[2] != c.account.ID {
		return nil, errorf("InvalidParameterValue.UinInvalid", "The resource names account %s, not the caller's account.", m[2])
	}
	im := w.image(m[1], m[3])
	if im == nil || im.Owner != c.account.ID {
		return nil, errorf("ResourceNotFound", "The image %s is not one of this account's images in %s.", m[3], m[1])
	}
	for _, t := range in.ReplaceTags {
		if e := checkTag(t.TagKey, t.TagValue); e != nil {
			return nil, e
		}
	}
	if im.Tags == nil {
		im.Tags = map[string]string{}
	}
	for _, t := range in.ReplaceTags {
		im.Tags[t.TagKey] = t.TagValue
	}
	for _, t := range in.DeleteTags {
		delete(im.Tags, t.TagKey)
	}
	return nil, nil
}

func describeResourceTagsByResourceIds(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		ServiceType, ResourcePrefix, ResourceRegion string
		ResourceIds                                 []string
		Offset                                      uint64
		Limit                                       *uint64
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	limit := uint64(15)
	if in.Limit != nil && *in.Limit > 0 {
		limit = *in.Limit
	}
	var all []wireTagResource
	if in.ServiceType == "cvm" && in.ResourcePrefix == "image" {
		ids := slices.Clone(in.ResourceIds)
		sort.Strings(ids)
		for _, id := range slices.Compact(ids) {
			im := w.image(in.ResourceRegion, id)
			if im == nil || im.Owner != c.account.ID {
				continue
			}
			for _, t := range sortedTags(im.Tags) {
				all = append(all, wireTagResource{
					TagKey: t.Key, TagValue: t.Value, ResourceId: id, TagKeyMd5: md5Hex(t.Key), TagValueMd5: md5Hex(t.Value),
					ServiceType: "cvm", Category: "Custom",
				})
			}
		}
	}
	page := []wireTagResource{}
	if in.Offset < uint64(len(all)) {
		page = all[in.Offset:min(uint64(len(all)), in.Offset+limit)]
	}
	return struct {
		TotalCount, Offset, Limit uint64
		Tags                      []wireTagResource
	}{uint64(len(all)), in.Offset, limit, page}, nil
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
