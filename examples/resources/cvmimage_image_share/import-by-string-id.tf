# The ID is the image's region and ID.
import {
  to = cvmimage_image_share.golden
  id = "ap-guangzhou/img-abcd1234"
}
