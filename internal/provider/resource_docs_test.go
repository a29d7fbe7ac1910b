package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// TestResourceDocs_timeoutDefaults keeps each resource page's table of timeout defaults true to
// the code: one row per operation the resource's timeouts block takes, with the default the
// resource uses.
func TestResourceDocs_timeoutDefaults(t *testing.T) {
	defaults := map[string]map[string]time.Duration{
		"cvmimage_custom_image":        {"create": defaultCustomImageCreateTimeout, "update": defaultImageUpdateTimeout, "delete": defaultImageDeleteTimeout},
		"cvmimage_imported_image":      {"create": defaultImportedImageCreateTimeout, "update": defaultImageUpdateTimeout, "delete": defaultImageDeleteTimeout},
		"cvmimage_image_copy":          {"create": defaultImageCopyCreateTimeout, "update": defaultImageUpdateTimeout, "delete": defaultImageDeleteTimeout},
		"cvmimage_image_share":         {"create": defaultShareTimeout, "update": defaultShareTimeout, "delete": defaultShareTimeout},
		"cvmimage_image_share_account": {"create": defaultShareTimeout, "delete": defaultShareTimeout},
	}
	ctx := context.Background()
	for _, f := range (&cvmimageProvider{}).Resources(ctx) {
		r := f()
		var meta fwresource.MetadataResponse
		r.Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "cvmimage"}, &meta)
		var sch fwresource.SchemaResponse
		r.Schema(ctx, fwresource.SchemaRequest{}, &sch)
		ops := []string{}
		if block, ok := sch.Schema.Attributes["timeouts"].(schema.SingleNestedAttribute); ok {
			ops = slices.Sorted(maps.Keys(block.Attributes))
		}
		want := defaults[meta.TypeName]
		if !slices.Equal(ops, slices.Sorted(maps.Keys(want))) {
			t.Errorf("%s takes timeouts for %v; this test knows the defaults of %v", meta.TypeName, ops, slices.Sorted(maps.Keys(want)))
			continue
		}
		tmpl := filepath.Join("../../templates/resources", strings.TrimPrefix(meta.TypeName, "cvmimage_")+".md.tmpl")
		src, err := os.ReadFile(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		_, section, _ := strings.Cut(string(src), "\n## Timeouts\n")
		section, _, _ = strings.Cut(section, "\n## ")
		for _, op := range ops {
			row := fmt.Sprintf("| `%s` | %d minutes |", op, int(want[op].Minutes()))
			if !strings.Contains(section, row) {
				t.Errorf("%s does not state the %s default of %s: want a row starting %q", tmpl, op, want[op], row)
			}
		}
		if n := strings.Count(section, "\n| `"); n != len(ops) {
			t.Errorf("%s has %d rows in its Timeouts table, want %d", tmpl, n, len(ops))
		}
	}
}
