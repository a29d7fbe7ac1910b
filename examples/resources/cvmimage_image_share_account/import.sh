# One account's share is imported by the image's region, the image ID and the account ID.
terraform import 'cvmimage_image_share_account.partner["100000000002"]' ap-guangzhou/img-abcd1234/100000000002
