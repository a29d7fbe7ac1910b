# The IDs below are the sandbox's seeded objects; against a Tencent Cloud account, use your own.
resource "cvmimage_custom_image" "golden" {
  name        = "web-golden"
  instance_id = "ins-gz100001"
}

# One copy per destination region: fan an image out with for_each. Each copy is an image of its
# own, refreshed, renamed and deleted like any other, and counted against its region's quota at plan.
resource "cvmimage_image_copy" "regional" {
  for_each = toset(["ap-shanghai", "ap-beijing", "ap-singapore"])

  source_image_id    = cvmimage_custom_image.golden.id
  destination_region = each.key
  description        = "web-golden, copied to ${each.key}"
  # A copy is in its source's family unless it names one; its tags are its own.
  family = "web-golden"
  tags = {
    team = "platform"
  }
}

# An encrypted copy is made beside its source, in the source region.
resource "cvmimage_image_copy" "encrypted" {
  source_image_id    = cvmimage_custom_image.golden.id
  destination_region = "ap-guangzhou"
  encrypt            = true
}

output "regional_image_ids" {
  value = { for region, copy in cvmimage_image_copy.regional : region => copy.id }
}
