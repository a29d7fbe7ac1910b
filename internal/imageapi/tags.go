package imageapi

import (
	"context"
	"sort"
)

// ImageResourceName is the Tag API's six-part name for an image. The account part is left empty,
// as the official tools send it: the Tag API takes the account from the caller.
func ImageResourceName(region, imageID string) string {
	return "qcs::cvm:" + region + ":uin/:image/" + imageID
}

// resourceTag is the Tag API's spelling of a tag.
type resourceTag struct {
	TagKey   string
	TagValue string `json:",omitempty"`
}

// tagPageSize is the page size of DescribeResourceTagsByResourceIds.
const tagPageSize = 100

// ModifyImageTags sets (adds or replaces) and deletes tags on an image through the Tag API. It is
// idempotent, so it is repeated after any transient failure. With nothing to change it sends nothing.
func (c *Client) ModifyImageTags(ctx context.Context, region, imageID string, set map[string]string, remove []string) error {
	if len(set) == 0 && len(remove) == 0 {
		return nil
	}
	req := struct {
		Resource    string
		ReplaceTags []resourceTag `json:",omitempty"`
		DeleteTags  []resourceTag `json:",omitempty"`
	}{Resource: ImageResourceName(region, imageID)}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		req.ReplaceTags = append(req.ReplaceTags, resourceTag{TagKey: k, TagValue: set[k]})
	}
	for _, k := range remove {
		req.DeleteTags = append(req.DeleteTags, resourceTag{TagKey: k})
	}
	return c.call(ctx, "tag", tagVersion, region, "ModifyResourceTags", req, nil, callOpts{repeat: repeatAll})
}

// ImageTags reads an image's tags through the Tag API, every page of them.
func (c *Client) ImageTags(ctx context.Context, region, imageID string) (map[string]string, error) {
	tags := map[string]string{}
	for offset := uint64(0); ; {
		req := struct {
			ServiceType    string
			ResourcePrefix string
			ResourceIds    []string
			ResourceRegion string
			Offset         uint64
			Limit          uint64
		}{"cvm", "image", []string{imageID}, region, offset, tagPageSize}
		var out struct {
			TotalCount uint64
			Tags       []resourceTag
		}
		if err := c.call(ctx, "tag", tagVersion, region, "DescribeResourceTagsByResourceIds", req, &out, callOpts{repeat: repeatAll}); err != nil {
			return nil, err
		}
		for _, t := range out.Tags {
			tags[t.TagKey] = t.TagValue
		}
		offset += uint64(len(out.Tags))
		if len(out.Tags) < tagPageSize || offset >= out.TotalCount {
			return tags, nil
		}
	}
}
