# A copy is imported by its destination region and image ID. The source is read back from the
# cvmimage:source tag the provider writes on every copy it makes.
terraform import 'cvmimage_image_copy.regional["ap-shanghai"]' ap-shanghai/img-abcd1234

# A copy made elsewhere (the console, tccli, tencentcloud_cvm_sync_image) has no such tag: name its
# source after it. The import checks the copy against the source, and the next apply writes the tag.
terraform import 'cvmimage_image_copy.regional["ap-shanghai"]' ap-shanghai/img-abcd1234/ap-guangzhou/img-efgh5678
