# The ID is REGION/IMAGE_ID, or IMAGE_ID alone for an image in the provider's region.
import {
  to = cvmimage_custom_image.web
  id = "ap-guangzhou/img-abcd1234"
}
