data "cvmimage_image_quota" "here" {}

# Stop before the pipeline hits the quota.
check "image_quota" {
  assert {
    condition     = data.cvmimage_image_quota.here.remaining > 0
    error_message = "No custom image quota left: ${data.cvmimage_image_quota.here.used} of ${data.cvmimage_image_quota.here.quota} used."
  }
}
