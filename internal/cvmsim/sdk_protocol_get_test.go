package cvmsim_test

import (
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// R1.2: the API also takes GET with the parameters flattened into the query string (Name.N,
// Struct.Field), which is what the SDK sends with ReqMethod GET.
func TestSDK_Protocol_GetRequests(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	id := w.normalImage(owner, gz, "get-mode")
	p := w.profile()
	p.HttpProfile.ReqMethod = "GET"
	c := w.cvmWith(owner, gz, p)

	byID := cvm.NewDescribeImagesRequest()
	byID.ImageIds = ss(id)
	resp, err := c.DescribeImages(byID)
	mustOK(t, err)
	if len(resp.Response.ImageSet) != 1 || *resp.Response.ImageSet[0].ImageId != id {
		t.Fatalf("GET DescribeImages(ImageIds) = %s", resp.ToJsonString())
	}

	byFilter := cvm.NewDescribeImagesRequest()
	byFilter.Filters = []*cvm.Filter{filter("image-type", "PRIVATE_IMAGE")}
	byFilter.Limit = u64(5)
	resp, err = c.DescribeImages(byFilter)
	mustOK(t, err)
	if *resp.Response.TotalCount != 1 || *resp.Response.ImageSet[0].ImageId != id {
		t.Fatalf("GET DescribeImages(image-type=PRIVATE_IMAGE) = %s", resp.ToJsonString())
	}
}

// R1.2: writes work over GET too, with lists of structures (TagSpecification.0.Tags.0.Key),
// booleans and the SDK's own signature over the query; a wrong type is refused as over POST.
func TestSDK_Protocol_GetWrites(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	p := w.profile()
	p.HttpProfile.ReqMethod = "GET"
	c := w.cvmWith(owner, gz, p)

	create := cvm.NewCreateImageRequest()
	create.ImageName = s("get-tagged")
	create.SnapshotIds = ss(seedID("snap", owner, gz, 1), seedID("snap", owner, gz, 2))
	create.TagSpecification = []*cvm.TagSpecification{{
		ResourceType: s("image"),
		Tags:         []*cvm.Tag{{Key: s("team"), Value: s("web")}, {Key: s("env"), Value: s("dev")}},
	}}
	resp, err := c.CreateImage(create)
	mustOK(t, err)
	id := *resp.Response.ImageId
	w.clock.Advance(sdkTimings.Create + time.Second)
	img := w.wantState(owner, gz, id, "NORMAL")
	if len(img.SnapshotSet) != 2 || len(img.Tags) != 2 {
		t.Fatalf("image made over GET: snapshots %s, tags %s; want both snapshots and both tags", jsonOf(img.SnapshotSet), jsonOf(img.Tags))
	}

	modify := cvm.NewModifyImageAttributeRequest()
	modify.ImageId = s(id)
	modify.ImageDeprecated = b(true)
	_, err = c.ModifyImageAttribute(modify)
	mustOK(t, err)
	if img := w.wantState(owner, gz, id, "NORMAL"); img.ImageDeprecated == nil || !*img.ImageDeprecated {
		t.Fatalf("ImageDeprecated=true over GET did not stick: %s", jsonOf(img))
	}

	dry := cvm.NewDeleteImagesRequest()
	dry.ImageIds = ss(id)
	dry.DryRun = b(true)
	_, err = c.DeleteImages(dry)
	mustOK(t, err)
	w.wantState(owner, gz, id, "NORMAL")
}
