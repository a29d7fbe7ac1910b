# An image in another region than the provider's is imported as REGION/IMAGE_ID.
terraform import cvmimage_custom_image.web ap-guangzhou/img-abcd1234

# An image in the provider's region can be imported by its ID alone.
terraform import cvmimage_custom_image.web img-abcd1234
