package provider

import "strings"

// providerTagPrefix starts the keys of the tags the provider itself puts on images: a copy's source
// and key, the share mark. They are the provider's bookkeeping, not the user's, so they never show
// in a tags attribute, where they would read as drift the next apply removes.
const providerTagPrefix = "cvmimage:"

// isProviderTag says whether key is one of the provider's own tags.
func isProviderTag(key string) bool { return strings.HasPrefix(key, providerTagPrefix) }
