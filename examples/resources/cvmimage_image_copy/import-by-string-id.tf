# The ID is the copy's destination region and image ID.
import {
  to = cvmimage_image_copy.regional["ap-shanghai"]
  id = "ap-shanghai/img-abcd1234"
}
