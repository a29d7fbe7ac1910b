# The ID is the image's region, the image ID and the account ID.
import {
  to = cvmimage_image_share_account.partner["100000000002"]
  id = "ap-guangzhou/img-abcd1234/100000000002"
}
