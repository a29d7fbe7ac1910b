# A disk image uploaded to object storage, imported as a custom image. The plan checks
# os_type, os_version and architecture against what ImportImage accepts in the region.
resource "cvmimage_imported_image" "ubuntu" {
  name         = "ubuntu-22-golden"
  image_url    = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu-22.qcow2"
  os_type      = "Ubuntu"
  os_version   = "22"
  architecture = "x86_64"
  boot_mode    = "UEFI"
}
