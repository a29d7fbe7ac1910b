# The same images, managed by cvmimage: each resource of the official provider is moved (its
# image is not made again), and the copies, whose IDs tencentcloud_cvm_sync_image never kept,
# are imported.
terraform {
  required_version = ">= 1.8"
  required_providers {
    cvmimage = {
      source = "cvmimage/cvmimage"
    }
    # Needed until the apply that moves its resources out of the state; remove it afterwards.
    tencentcloud = {
      source = "tencentcloudstack/tencentcloud"
    }
  }
}

provider "cvmimage" {
  region = "ap-guangzhou"
}

provider "tencentcloud" {
  region = "ap-guangzhou"
}

resource "cvmimage_custom_image" "web" {
  name          = "web"
  description   = "web tier"
  instance_id   = "ins-gz100001"
  data_disk_ids = ["disk-gz100002"]
  tags          = { team = "web" }
}

moved {
  from = tencentcloud_image.web
  to   = cvmimage_custom_image.web
}

resource "cvmimage_custom_image" "db" {
  name         = "db"
  snapshot_ids = ["snap-gz100001", "snap-gz100002"]
  tags         = { team = "db", tier = "data" }
}

moved {
  from = tencentcloud_image.db
  to   = cvmimage_custom_image.db
}

resource "cvmimage_image_share" "web" {
  image_id    = cvmimage_custom_image.web.id
  account_ids = ["100000000002"]
}

moved {
  from = tencentcloud_cvm_image_share_permission.web
  to   = cvmimage_image_share.web
}

resource "cvmimage_imported_image" "ubuntu" {
  name         = "ubuntu"
  image_url    = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2"
  os_type      = "Ubuntu"
  os_version   = "22"
  architecture = "x86_64"
  tags         = { os = "ubuntu" }
}

moved {
  from = tencentcloud_cvm_import_image.ubuntu
  to   = cvmimage_imported_image.ubuntu
}

# tencentcloud_cvm_sync_image kept no copy IDs, so there is nothing to move: it leaves the state
# (destroying it never deleted the copies anyway), and each copy is imported by its ID.
removed {
  from = tencentcloud_cvm_sync_image.web
  lifecycle {
    destroy = false
  }
}

variable "web_copies" {
  description = "The IDs of the copies of the web image, by region (see the console, or DescribeImages in each region)."
  type        = map(string)
}

import {
  for_each = var.web_copies
  to       = cvmimage_image_copy.web[each.key]
  id       = "${each.key}/${each.value}/ap-guangzhou/${cvmimage_custom_image.web.id}"
}

resource "cvmimage_image_copy" "web" {
  for_each           = var.web_copies
  source_image_id    = cvmimage_custom_image.web.id
  destination_region = each.key
}
