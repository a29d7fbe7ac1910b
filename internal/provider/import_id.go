package provider

import (
	"fmt"
	"regexp"
	"strings"
)

// imageImportIDFormat is the one import ID format of every image resource, quoted in its error.
const imageImportIDFormat = "REGION/IMAGE_ID (e.g. ap-guangzhou/img-abcd1234), or IMAGE_ID alone for an image in the provider's region"

var imageIDPattern = regexp.MustCompile(`^img-[a-z0-9]{8}$`)

// parseImageImportID splits an import ID into the image's region and ID; a bare ID means the
// provider's region (none when pd is nil: the provider is not configured).
func parseImageImportID(id string, pd *providerData) (region, imageID string, err error) {
	region, imageID = "", id
	if pd != nil {
		region = pd.region
	}
	if r, i, ok := strings.Cut(id, "/"); ok {
		region, imageID = r, i
	}
	switch {
	case !imageIDPattern.MatchString(imageID):
		return "", "", fmt.Errorf("%q is not an image import ID: expected %s", id, imageImportIDFormat)
	case region == "":
		return "", "", fmt.Errorf("%q names no region and the provider has none: expected %s", id, imageImportIDFormat)
	case !isKnownRegion(region):
		return "", "", fmt.Errorf("%q names the unknown region %q: expected %s", id, region, imageImportIDFormat)
	}
	return region, imageID, nil
}
