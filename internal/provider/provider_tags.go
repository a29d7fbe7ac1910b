package provider

import "strings"

// providerTagPrefix starts the keys of the tags the provider itself puts on images: a copy's source
// and key, the creation token, the share mark. They are the provider's bookkeeping, not the user's:
// the configuration cannot set them, a refresh leaves them out of the tags attribute (where they
// would read as drift), and so an update never removes them.
const providerTagPrefix = "cvmimage:"

// isProviderTag says whether key is one of the provider's own tags.
func isProviderTag(key string) bool { return strings.HasPrefix(key, providerTagPrefix) }
