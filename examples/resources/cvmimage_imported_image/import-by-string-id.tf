# The ID is REGION/IMAGE_ID, or IMAGE_ID alone for an image in the provider's region. Keep
# image_url, os_type and os_version in the configuration as they were when the image was imported:
# the API does not report them.
import {
  to = cvmimage_imported_image.ubuntu
  id = "ap-guangzhou/img-abcd1234"
}
