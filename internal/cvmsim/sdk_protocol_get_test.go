package cvmsim_test

import (
	"testing"

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
