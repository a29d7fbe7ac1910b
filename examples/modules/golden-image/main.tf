# A golden image: made once, copied to every region that launches from it, and shared with the
# accounts that launch it. Every limit the API would hit in the middle of an apply (quotas in each
# region, name clashes, the share limit, sharing with the image's own account) fails the plan.

resource "cvmimage_custom_image" "this" {
  name         = var.name
  instance_id  = var.instance_id
  snapshot_ids = var.snapshot_ids
  tags         = var.tags

  lifecycle {
    # The provider says the same, but this names the module's variables rather than its resources.
    precondition {
      condition     = (var.instance_id == null) != (var.snapshot_ids == null)
      error_message = "Set exactly one of instance_id and snapshot_ids."
    }
  }
}

resource "cvmimage_image_copy" "this" {
  for_each = toset(var.regions)

  source_image_id    = cvmimage_custom_image.this.id
  source_region      = cvmimage_custom_image.this.region
  destination_region = each.key
}

# Sharing works within a region only, so an account that launches the image anywhere needs a share
# in each region: of the original in its own region ("home"), and of each copy in the copy's.
resource "cvmimage_image_share" "this" {
  # Keyed on var.regions, known at plan, rather than on image IDs or the computed home region.
  for_each = length(var.share_account_ids) > 0 ? toset(concat(["home"], var.regions)) : toset([])

  region      = each.key == "home" ? cvmimage_custom_image.this.region : each.key
  image_id    = each.key == "home" ? cvmimage_custom_image.this.id : cvmimage_image_copy.this[each.key].id
  account_ids = var.share_account_ids
}
