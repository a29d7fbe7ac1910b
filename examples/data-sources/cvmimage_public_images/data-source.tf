# Every current Ubuntu image for x86_64, newest first.
data "cvmimage_public_images" "ubuntu" {
  platform     = "Ubuntu"
  architecture = "x86_64"
}

output "newest_ubuntu" {
  value = data.cvmimage_public_images.ubuntu.ids[0]
}
