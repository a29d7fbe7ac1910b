# Rolling golden images: one image per version, the newest current and the older ones deprecated,
# only the newest `keep` kept. The newest is copied to other regions and shared; instances find it
# through the family (data "cvmimage_image" { family = ... }), which passes deprecated images over.

locals {
  # The versions the module manages: the newest var.keep of var.versions. Dropping a version from
  # this set is what deletes its image.
  kept   = slice(var.versions, max(0, length(var.versions) - var.keep), length(var.versions))
  newest = var.versions[length(var.versions) - 1]
}

resource "cvmimage_custom_image" "version" {
  for_each = toset(local.kept)

  name         = "${var.name}-${each.key}"
  description  = "${var.name} version ${each.key}"
  snapshot_ids = var.snapshot_ids
  family       = var.family
  # Every version but the newest is deprecated, in place when a newer one is released: the family
  # look-up then resolves to the newest even while older images remain for rollback.
  deprecated = each.key != local.newest
  tags       = merge(var.tags, { version = each.key })
}

# Copies of the newest version only; releasing a newer version replaces them.
resource "cvmimage_image_copy" "newest" {
  for_each = toset(var.copy_regions)

  source_image_id    = cvmimage_custom_image.version[local.newest].id
  source_region      = cvmimage_custom_image.version[local.newest].region
  destination_region = each.key
  family             = var.family
  tags               = merge(var.tags, { version = local.newest })
}

# Sharing works within a region only: the newest image in its own region ("home"), and each copy
# in the copy's region.
resource "cvmimage_image_share" "newest" {
  for_each = length(var.share_account_ids) > 0 ? toset(concat(["home"], var.copy_regions)) : toset([])

  region      = each.key == "home" ? cvmimage_custom_image.version[local.newest].region : each.key
  image_id    = each.key == "home" ? cvmimage_custom_image.version[local.newest].id : cvmimage_image_copy.newest[each.key].id
  account_ids = var.share_account_ids
}
