# The IDs below are the sandbox's seeded objects; against a Tencent Cloud account, use your own.

# An image of a running instance, with its data disk.
resource "cvmimage_custom_image" "web" {
  name          = "web-2024-06"
  description   = "Web tier, nginx and app baked in"
  instance_id   = "ins-gz100001"
  data_disk_ids = ["disk-gz100002"]
  family        = "web"

  tags = {
    team = "platform"
  }
}

# The web family's previous image, kept for rollback but deprecated: it still launches instances,
# but the family look-up (data "cvmimage_image" { family = "web" }) passes it over.
resource "cvmimage_custom_image" "web_previous" {
  name         = "web-2024-05"
  snapshot_ids = ["snap-gz100001"]
  family       = "web"
  deprecated   = true
}

# An image made from disk snapshots instead; its snapshots outlive it unless told otherwise.
resource "cvmimage_custom_image" "from_snapshots" {
  name         = "db-restore-point"
  snapshot_ids = ["snap-gz100001", "snap-gz100002"]
}
