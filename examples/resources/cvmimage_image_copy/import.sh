# A copy is imported by its destination region and image ID. The source is read back from the
# cvmimage:source tag the provider writes on every copy it makes.
terraform import 'cvmimage_image_copy.regional["ap-shanghai"]' ap-shanghai/img-abcd1234
