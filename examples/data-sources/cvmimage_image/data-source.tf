# The current golden image of a family: the newest image of the family that is NORMAL and not
# deprecated. Instances that launch from it move to each new golden image on their next apply,
# and deprecating a bad image sends them back to the one before.
data "cvmimage_image" "golden" {
  family = "base"
}

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
