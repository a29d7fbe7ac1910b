# This account's usable images of the web family that the platform team tagged, newest first.
data "cvmimage_custom_images" "web" {
  family = "web"
  state  = "NORMAL"

  tags = {
    team = "platform"
  }
}

# Images whose creation failed, to find and delete.
data "cvmimage_custom_images" "failed" {
  state = "CREATEFAILED"
}
