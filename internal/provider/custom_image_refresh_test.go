package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// describeImagesKinds counts the DescribeImages requests an emulator answers, split into listings
// and look-ups by ID, which the emulator's own counters do not tell apart.
type describeImagesKinds struct {
	mu            sync.Mutex
	listing, byID int
}

func (k *describeImagesKinds) reset() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.listing, k.byID = 0, 0
}

// wrap observes each request's body before the emulator answers it.
func (k *describeImagesKinds) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-TC-Action") == "DescribeImages" {
			raw, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(raw))
			var req struct{ ImageIds []string }
			_ = json.Unmarshal(raw, &req)
			k.mu.Lock()
			if len(req.ImageIds) > 0 {
				k.byID++
			} else {
				k.listing++
			}
			k.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

func TestAccCustomImageResource_refreshListsEachRegionOnce(t *testing.T) {
	e := newAccEnv(t)
	kinds := &describeImagesKinds{}
	e.server = httptest.NewServer(kinds.wrap(e.sim.Handler()))
	t.Cleanup(e.server.Close)
	config := e.providerConfig()
	for _, r := range []struct{ region, snap string }{{"ap-guangzhou", "snap-gz100001"}, {"ap-shanghai", "snap-sh100001"}} {
		config += fmt.Sprintf(`
resource "cvmimage_custom_image" %q {
  count        = 6
  region       = %q
  name         = "refresh-${count.index}"
  snapshot_ids = [%q]
}
`, r.region, r.region, r.snap)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// Twelve refreshes over two regions are answered by one listing of each region's
				// custom images: Terraform's parallel reads spread over the regions, so looking
				// each image up by ID would cost about one call per image.
				PreConfig:    kinds.reset,
				RefreshState: true,
				Check: func(*terraform.State) error {
					kinds.mu.Lock()
					defer kinds.mu.Unlock()
					if kinds.listing > 2 || kinds.byID != 0 {
						return fmt.Errorf("refreshing 12 images in 2 regions made %d listings and %d look-ups by ID, want at most 2 and 0",
							kinds.listing, kinds.byID)
					}
					return nil
				},
			},
		},
	})
}
