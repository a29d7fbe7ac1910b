output "image_id" {
  description = "The image's ID in the region it was made in."
  value       = cvmimage_custom_image.this.id
}

output "region" {
  description = "The region the image was made in: the provider's."
  value       = cvmimage_custom_image.this.region
}

output "copies" {
  description = "The copies' image IDs by region."
  value       = { for region, copy in cvmimage_image_copy.this : region => copy.id }
}

output "shared_with" {
  description = "The accounts the image and every copy are shared with, sorted, as the provider read them back."
  value       = length(cvmimage_image_share.this) > 0 ? sort(cvmimage_image_share.this["home"].account_ids) : []
}
