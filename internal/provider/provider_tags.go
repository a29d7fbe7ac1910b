package provider

import (
	"maps"
	"strings"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// providerTagPrefix starts the keys of the tags the provider itself puts on images: a copy's source
// and key, the creation token, the share mark. They are the provider's bookkeeping, not the user's:
// the configuration cannot set them, a refresh leaves them out of the tags attribute (where they
// would read as drift), and so an update never removes them.
const providerTagPrefix = "cvmimage:"

// isProviderTag says whether key is one of the provider's own tags.
func isProviderTag(key string) bool { return strings.HasPrefix(key, providerTagPrefix) }

// userTagsOf is an image's tags without the provider's own: what the tags attributes show.
func userTagsOf(tags []imageapi.Tag) map[string]string {
	out := tagMapOf(tags)
	maps.DeleteFunc(out, func(k, _ string) bool { return isProviderTag(k) })
	return out
}

// tagMapOf is an image's tags as DescribeImages reports them, keyed by tag key.
func tagMapOf(tags []imageapi.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[t.Key] = t.Value
	}
	return out
}
