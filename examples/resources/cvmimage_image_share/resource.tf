# The IDs below are the sandbox's seeded objects; against a Tencent Cloud account, use your own.
resource "cvmimage_custom_image" "golden" {
  name         = "web-golden"
  snapshot_ids = ["snap-gz100001"]
}

# The complete set of accounts the image is shared with: a share added in the console shows as
# drift and the next apply cancels it. Destroying the image and this share together works in one
# `terraform destroy`: the shares are cancelled first.
resource "cvmimage_image_share" "golden" {
  image_id    = cvmimage_custom_image.golden.id
  account_ids = ["100000000002", "100000000003"]
}
