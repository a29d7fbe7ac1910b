# WordPress images of one vendor, newest first.
data "cvmimage_marketplace_images" "wordpress" {
  vendor     = "Pressline Studio"
  name_regex = "^WordPress"
}
