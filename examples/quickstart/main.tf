# The quickstart: what `make demo` applies in the sandbox. Every ID below is one of the sandbox's
# seeded objects, so it runs with no cloud account:
#
#   CVMIMAGE_SANDBOX=$PWD/sandbox.json terraform apply
#
# Against a real account, set credentials and replace ins-gz100001 with an instance of yours.

terraform {
  required_version = ">= 1.5"
  required_providers {
    cvmimage = {
      source  = "cvmimage/cvmimage"
      version = "~> 0.1"
    }
  }
}

# Sandbox mode comes from CVMIMAGE_SANDBOX, so this block works unchanged against the cloud.
provider "cvmimage" {
  region = "ap-guangzhou"
}

variable "extra_images" {
  description = "More images to plan from the seeded system-disk snapshot. The region's quota is 10 custom images, so 12 makes the plan fail before anything is made."
  type        = number
  default     = 0
}

# A custom image of the sandbox owner's running instance in ap-guangzhou, with its data disk.
resource "cvmimage_custom_image" "web" {
  name          = "quickstart-web"
  description   = "Made by the cvmimage quickstart"
  instance_id   = "ins-gz100001"
  data_disk_ids = ["disk-gz100002"]

  tags = {
    made-by = "quickstart"
  }
}

# Copies in two more regions: each copy is an image of its own, tracked in the state and counted
# against its region's quota at plan time.
resource "cvmimage_image_copy" "regional" {
  for_each = toset(["ap-shanghai", "ap-singapore"])

  source_image_id    = cvmimage_custom_image.web.id
  destination_region = each.key
}

# Shared with the sandbox's peer account, which can then launch instances from it. Destroying the
# image and this share together works in one destroy: the share is cancelled first.
resource "cvmimage_image_share" "web" {
  image_id    = cvmimage_custom_image.web.id
  account_ids = ["100000000002"]
}

resource "cvmimage_custom_image" "extra" {
  count        = var.extra_images
  name         = "quickstart-extra-${count.index}"
  snapshot_ids = ["snap-gz100001"]
}

# Look-ups: the newest current Ubuntu 22.04 public image, and a vendor's marketplace images.
data "cvmimage_image" "ubuntu" {
  image_type    = "public"
  os_name_regex = "^Ubuntu Server 22\\.04"
  architecture  = "x86_64"
  most_recent   = true
}

data "cvmimage_marketplace_images" "wordpress" {
  vendor     = "Pressline Studio"
  name_regex = "^WordPress"
}

# Read after the image exists, so that it counts it.
data "cvmimage_image_quota" "guangzhou" {
  depends_on = [cvmimage_custom_image.web]
}

output "custom_image" {
  value = "${cvmimage_custom_image.web.id} \"${cvmimage_custom_image.web.name}\" (${cvmimage_custom_image.web.state}, ${cvmimage_custom_image.web.size_gb} GiB, ${length(cvmimage_custom_image.web.snapshots)} snapshots)"
}

output "copies" {
  value = { for region, copy in cvmimage_image_copy.regional : region => "${copy.id} (${copy.state})" }
}

output "shared_with" {
  value = cvmimage_image_share.web.account_ids
}

output "newest_ubuntu_22_04" {
  value = "${data.cvmimage_image.ubuntu.id} ${data.cvmimage_image.ubuntu.name}"
}

output "wordpress_marketplace_images" {
  value = [for i in data.cvmimage_marketplace_images.wordpress.images : "${i.id} ${i.name} (${i.creator})"]
}

output "image_quota_ap_guangzhou" {
  value = "${data.cvmimage_image_quota.guangzhou.used} of ${data.cvmimage_image_quota.guangzhou.quota} custom images used, ${data.cvmimage_image_quota.guangzhou.remaining} left"
}
