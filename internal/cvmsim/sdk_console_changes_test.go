package cvmsim_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// The control API's console changes (deprecation, family, tags) are what the official SDK then
// reads: DescribeImages reports them, DescribeImageFromFamily passes a deprecated image over, and
// the Tag API and DescribeImages agree on the tags.
func TestSDK_ConsoleChanges_deprecateFamilyTags(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	older := w.normalImage(owner, gz, "app-1")
	newer := w.normalImage(owner, gz, "app-2")
	control := func(path string, body map[string]any) {
		t.Helper()
		raw, _ := json.Marshal(body)
		resp, err := http.Post("http://"+w.host+path, "application/json", bytes.NewReader(raw))
		mustOK(t, err)
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			var out map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&out)
			t.Fatalf("%s: %d %v", path, resp.StatusCode, out)
		}
	}
	for _, id := range []string{older, newer} {
		control("/_sim/images/family", map[string]any{"Region": gz, "ImageId": id, "Family": "app"})
	}
	if img := w.image(owner, gz, newer); str(img.ImageFamily) != "app" {
		t.Fatalf("family set in the console is not reported: %s", jsonOf(img))
	}
	if got := w.fromFamily(owner, gz, "app"); got == nil || *got.ImageId != newer {
		t.Fatalf("the family should resolve to its newest image %s, got %s", newer, jsonOf(got))
	}

	control("/_sim/images/deprecate", map[string]any{"Region": gz, "ImageId": newer, "Deprecated": true})
	if img := w.image(owner, gz, newer); img.ImageDeprecated == nil || !*img.ImageDeprecated {
		t.Fatalf("deprecation in the console is not reported: %s", jsonOf(img))
	}
	if got := w.fromFamily(owner, gz, "app"); got == nil || *got.ImageId != older {
		t.Fatalf("the family should pass over the deprecated %s and resolve to %s, got %s", newer, older, jsonOf(got))
	}
	control("/_sim/images/deprecate", map[string]any{"Region": gz, "ImageId": newer, "Deprecated": false})
	if got := w.fromFamily(owner, gz, "app"); got == nil || *got.ImageId != newer {
		t.Fatalf("undeprecated, %s should be the family's image again, got %s", newer, jsonOf(got))
	}

	control("/_sim/images/tags", map[string]any{"Region": gz, "ImageId": older, "Tags": map[string]string{"team": "web", "tier": "gold"}})
	control("/_sim/images/tags", map[string]any{"Region": gz, "ImageId": older, "Tags": map[string]string{"team": "db"}, "RemoveTags": []string{"tier"}})
	want := []string{"team=db"}
	if got := w.describedTags(owner, gz, older); !slices.Equal(got, want) {
		t.Fatalf("DescribeImages reports tags %v, want %v", got, want)
	}
	if got := w.tagsOf(owner, gz, older); !slices.Equal(got, want) {
		t.Fatalf("the Tag API reports tags %v, want %v", got, want)
	}

	// An unknown image is refused, and nothing changes.
	raw, _ := json.Marshal(map[string]any{"Region": gz, "ImageId": "img-zzzzzzzz", "Deprecated": true})
	resp, err := http.Post("http://"+w.host+"/_sim/images/deprecate", "application/json", bytes.NewReader(raw))
	mustOK(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("deprecating an unknown image: %d", resp.StatusCode)
	}
	req := cvm.NewDescribeImagesRequest()
	req.ImageIds = ss(older)
	out, err := w.cvm(owner, gz).DescribeImages(req)
	mustOK(t, err)
	if img := out.Response.ImageSet[0]; img.ImageDeprecated != nil && *img.ImageDeprecated {
		t.Fatalf("%s was never deprecated: %s", older, jsonOf(img))
	}
}
