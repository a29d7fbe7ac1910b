# The newest current Ubuntu 22.04 public image.
data "cvmimage_image" "ubuntu" {
  image_type    = "public"
  os_name_regex = "^Ubuntu Server 22\\.04"
  architecture  = "x86_64"
  most_recent   = true
}

# The newest image the platform team shared; pinning the owner is required with most_recent.
data "cvmimage_image" "base" {
  image_type        = "shared"
  owner_account_ids = ["100000000001"]
  name_regex        = "^base-"
  most_recent       = true
}
