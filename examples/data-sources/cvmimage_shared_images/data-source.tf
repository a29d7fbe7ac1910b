# Images the platform team's account shared with this one.
data "cvmimage_shared_images" "platform" {
  owner_account_ids = ["100000000001"]
  name_regex        = "^base-"
}
