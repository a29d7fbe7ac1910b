# What a configuration of the official provider holds before the migration: two custom images (of
# an instance, and of snapshots), a share of one, an image imported from object storage, and copies
# of one in two other regions. The IDs are the sandbox's seeded instance, disks and snapshots.
terraform {
  required_providers {
    tencentcloud = {
      source = "tencentcloudstack/tencentcloud"
    }
  }
}

provider "tencentcloud" {
  region = "ap-guangzhou"
}

resource "tencentcloud_image" "web" {
  image_name        = "web"
  image_description = "web tier"
  instance_id       = "ins-gz100001"
  data_disk_ids     = ["disk-gz100002"]
  force_poweroff    = true
  tags              = { team = "web" }
}

resource "tencentcloud_image" "db" {
  image_name   = "db"
  snapshot_ids = ["snap-gz100001", "snap-gz100002"]
  tags         = { team = "db", tier = "data" }
}

resource "tencentcloud_cvm_image_share_permission" "web" {
  image_id    = tencentcloud_image.web.id
  account_ids = ["100000000002"]
}

resource "tencentcloud_cvm_import_image" "ubuntu" {
  image_name   = "ubuntu"
  image_url    = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2"
  os_type      = "Ubuntu"
  os_version   = "22"
  architecture = "x86_64"
  tag_specification {
    resource_type = "image"
    tags {
      key   = "os"
      value = "ubuntu"
    }
  }
}

resource "tencentcloud_cvm_sync_image" "web" {
  image_id            = tencentcloud_image.web.id
  destination_regions = ["ap-shanghai", "ap-beijing"]
}
