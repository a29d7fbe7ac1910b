output "newest_version" {
  description = "The newest version: the last of var.versions."
  value       = local.newest
}

output "newest_image_id" {
  description = "The newest version's image ID, in the provider's region: what the family resolves to there."
  value       = cvmimage_custom_image.version[local.newest].id
}

output "image_ids" {
  description = "The image IDs of the versions kept, by version."
  value       = { for v, img in cvmimage_custom_image.version : v => img.id }
}

output "deprecated_versions" {
  description = "The kept versions whose images are deprecated, sorted: every one but the newest."
  value       = sort([for v, img in cvmimage_custom_image.version : v if img.deprecated])
}

output "region" {
  description = "The region the images are made in: the provider's."
  value       = cvmimage_custom_image.version[local.newest].region
}

output "copies" {
  description = "The newest version's copies' image IDs, by region."
  value       = { for region, copy in cvmimage_image_copy.newest : region => copy.id }
}

output "shared_with" {
  description = "The accounts the newest version and its copies are shared with, sorted, as the provider read them back."
  value       = length(cvmimage_image_share.newest) > 0 ? sort(cvmimage_image_share.newest["home"].account_ids) : []
}
