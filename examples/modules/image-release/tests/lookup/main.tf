# What a consumer of the released images sees, for the suite to assert: the family's current image
# in a region, as instances find it, and every image of the family, deprecated ones included.

terraform {
  required_providers {
    cvmimage = {
      source = "cvmimage/cvmimage"
    }
  }
}

variable "family" {
  type = string
}

variable "region" {
  type = string
}

# The image the run before made current, which the family should resolve to; only asserted on.
variable "current_id" {
  type    = string
  default = null
}

data "cvmimage_image" "current" {
  family = var.family
  region = var.region
}

data "cvmimage_custom_images" "all" {
  family             = var.family
  region             = var.region
  include_deprecated = true
}

output "current_id" {
  value = data.cvmimage_image.current.id
}

output "current_name" {
  value = data.cvmimage_image.current.name
}

output "all_names" {
  value = sort([for img in data.cvmimage_custom_images.all.images : img.name])
}

output "deprecated_names" {
  value = sort([for img in data.cvmimage_custom_images.all.images : img.name if img.deprecated])
}
