package cvmsim_test

import (
	"fmt"
	"sort"
	"testing"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	tag "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/tag/v20180813"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// tagsOf reads an image's tags through the Tag API, as key=value strings in order.
func (w *world) tagsOf(a account, region, id string) []string {
	w.t.Helper()
	req := tag.NewDescribeResourceTagsByResourceIdsRequest()
	req.ServiceType = s("cvm")
	req.ResourcePrefix = s("image")
	req.ResourceIds = ss(id)
	req.ResourceRegion = s(region)
	req.Limit = u64(100)
	resp, err := w.tag(a, region).DescribeResourceTagsByResourceIds(req)
	mustOK(w.t, err)
	var out []string
	for _, t := range resp.Response.Tags {
		out = append(out, *t.TagKey+"="+str(t.TagValue))
	}
	sort.Strings(out)
	return out
}

// describedTags reads the same tags from DescribeImages.Tags.
func (w *world) describedTags(a account, region, id string) []string {
	w.t.Helper()
	var out []string
	for _, t := range w.wantState(a, region, id, "NORMAL").Tags {
		out = append(out, *t.Key+"="+*t.Value)
	}
	sort.Strings(out)
	return out
}

// R3.13 / R5.1: tags on images live in the Tag service; ModifyResourceTags adds, replaces and
// deletes them, and the Tag API and DescribeImages agree at every step.
func TestSDK_Tags_ModifyAndDescribe(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "tagged")
	c := w.tag(owner, gz)
	step := func(name string, replace map[string]string, remove []string, want []string) {
		t.Helper()
		req := tag.NewModifyResourceTagsRequest()
		req.Resource = s(imageResource(gz, id))
		for k, v := range replace {
			req.ReplaceTags = append(req.ReplaceTags, &tag.Tag{TagKey: s(k), TagValue: s(v)})
		}
		for _, k := range remove {
			req.DeleteTags = append(req.DeleteTags, &tag.TagKeyObject{TagKey: s(k)})
		}
		_, err := c.ModifyResourceTags(req)
		mustOK(t, err)
		if got := w.tagsOf(owner, gz, id); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: Tag API says %v, want %v", name, got, want)
		}
		if got := w.describedTags(owner, gz, id); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: DescribeImages.Tags says %v, want %v", name, got, want)
		}
	}
	if got := w.tagsOf(owner, gz, id); len(got) != 0 {
		t.Fatalf("new image has tags %v", got)
	}
	step("add", map[string]string{"env": "prod", "team": "web"}, nil, []string{"env=prod", "team=web"})
	step("replace", map[string]string{"env": "dev"}, nil, []string{"env=dev", "team=web"})
	step("delete", nil, []string{"team"}, []string{"env=dev"})
	step("replace and delete", map[string]string{"owner": "ops"}, []string{"env"}, []string{"owner=ops"})
}

// Tags given at creation (TagSpecification) are the same tags the Tag API reads.
func TestSDK_Tags_FromTagSpecification(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	req := importReq(w, "tagged-import")
	req.TagSpecification = []*cvm.TagSpecification{{ResourceType: s("image"), Tags: []*cvm.Tag{{Key: s("k"), Value: s("v")}}}}
	resp, err := w.cvm(owner, gz).ImportImage(req)
	mustOK(t, err)
	id := *resp.Response.ImageId
	w.clock.Advance(sdkTimings.Import * 2)
	if got := w.tagsOf(owner, gz, id); fmt.Sprint(got) != "[k=v]" {
		t.Fatalf("Tag API says %v, want [k=v]", got)
	}
	if got := w.describedTags(owner, gz, id); fmt.Sprint(got) != "[k=v]" {
		t.Fatalf("DescribeImages.Tags says %v, want [k=v]", got)
	}
}
