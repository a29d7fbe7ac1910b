# An image's shares are imported by the image's region and ID.
terraform import cvmimage_image_share.golden ap-guangzhou/img-abcd1234
