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

// ModifyImageTags sets (adds or replaces) and deletes tags on an image through the Tag API.
func (c *Client) ModifyImageTags(ctx context.Context, region, imageID string, set map[string]string, remove []string) error {
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
	return c.call(ctx, "tag", tagVersion, region, "ModifyResourceTags", req, nil)
}

// ImageTags reads an image's tags through the Tag API.
func (c *Client) ImageTags(ctx context.Context, region, imageID string) (map[string]string, error) {
	req := struct {
		ServiceType    string
		ResourcePrefix string
		ResourceIds    []string
		ResourceRegion string
		Limit          uint64
	}{"cvm", "image", []string{imageID}, region, 100}
	var out struct{ Tags []resourceTag }
	if err := c.call(ctx, "tag", tagVersion, region, "DescribeResourceTagsByResourceIds", req, &out); err != nil {
		return nil, err
	}
	tags := make(map[string]string, len(out.Tags))
	for _, t := range out.Tags {
		tags[t.TagKey] = t.TagValue
	}
	return tags, nil
}
