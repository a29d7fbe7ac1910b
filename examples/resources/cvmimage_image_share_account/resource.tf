# The IDs below are the sandbox's seeded objects; against a Tencent Cloud account, use your own.
resource "cvmimage_custom_image" "golden" {
  name         = "web-golden"
  snapshot_ids = ["snap-gz100001"]
}

# One account per resource, additive: shares made by others stay untouched. Do not manage the same
# image with cvmimage_image_share as well.
resource "cvmimage_image_share_account" "partner" {
  for_each = toset(["100000000002", "100000000003"])

  image_id   = cvmimage_custom_image.golden.id
  account_id = each.key
}
