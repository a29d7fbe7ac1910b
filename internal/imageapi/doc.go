// Package imageapi is the typed client of Tencent Cloud's CVM image API (2017-03-12) and the Tag
// API (2018-08-13) actions that image tooling uses. It signs with TC3-HMAC-SHA256, sends JSON
// POSTs through one retryablehttp client, paces each action at its documented rate, retries what
// is safe to repeat, and turns API errors into *APIError.
//
// # Reading images
//
// The client reads images in five ways, each named by how fresh its answer is. Choosing the wrong
// one is a correctness bug, not a matter of speed.
//
// Exact, now: the answer is what the API shows at the moment of the call.
//
//   - [Client.ImageNow] returns one image by ID, or an error matching [ErrNotFound]. Calls made at
//     about the same time in one region share one DescribeImages of up to 100 IDs, so one call
//     costs at most one DescribeImages, and reads that come together cost less.
//   - [Client.ImageNamedNow] returns the caller's custom image of exactly that name, or an error
//     matching [ErrNotFound]: one DescribeImages per 100 custom images whose name contains it,
//     usually one.
//   - [Client.ImagesNow] returns every image matching the filters: one DescribeImages per page of
//     100 images, for each query (a filter of more than five values is split into several queries).
//
// From a listing up to imageListingTTL old: one listing of the region's custom images (every page
// of DescribeImages for image-type PRIVATE_IMAGE, one call per 100 custom images) serves every
// caller in the region until it is older than imageListingTTL, and any write of this client in the
// region drops it. While the listing is fresh, a call costs nothing.
//
//   - [Client.ImageFromListing] returns one of the caller's images by ID. An ID the listing does
//     not hold costs one ImageNow more, which alone decides that the image is gone.
//   - [Client.CustomImagesFromListing] returns every custom image the caller holds in the region.
//
// The rule: a listing serves refreshes and plan-time counting. Each plan and apply is a new
// provider process, which starts with no listing, so drift made before a plan is always seen.
// Never use a listing to decide that an image does not exist, or to read an image right after a
// write of another process (which does not drop this client's listing). Waits, and anything that
// must see a change this instant, use the Now methods.
//
// [Client.DescribeImages] is the raw action, one page per call; the five methods above are built
// on it.
package imageapi
