# The import ID is REGION/IMAGE_ID, or IMAGE_ID alone for an image in the provider's region.
# The import inputs (image_url, os_type, os_version) are not readable from the API: set them
# in the configuration as they were when the image was imported.
terraform import cvmimage_imported_image.ubuntu ap-guangzhou/img-abcd1234
