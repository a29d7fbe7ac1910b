variable "name" {
  description = "The image name. Every copy carries it too, so it must be free in the home region and in every region of var.regions."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 60
    error_message = "The name must be 1 to 60 characters long."
  }
}

variable "instance_id" {
  description = "The instance to image (ins- and 8 characters). Set exactly one of instance_id and snapshot_ids."
  type        = string
  default     = null

  validation {
    condition     = var.instance_id == null || can(regex("^ins-[a-z0-9]{8}$", var.instance_id))
    error_message = "The instance_id must be an instance ID: ins- and 8 characters."
  }
}

variable "snapshot_ids" {
  description = "The snapshots to make the image from: one system-disk snapshot, optionally with data-disk snapshots. Set exactly one of instance_id and snapshot_ids."
  type        = list(string)
  default     = null

  validation {
    condition     = var.snapshot_ids == null || alltrue([for s in coalesce(var.snapshot_ids, []) : can(regex("^snap-[a-z0-9]{8}$", s))])
    error_message = "Every snapshot ID must be snap- and 8 characters."
  }
}

variable "regions" {
  description = "The regions to copy the image to, not including the region it is made in (the provider's)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(distinct(var.regions)) == length(var.regions)
    error_message = "A region is listed more than once; each region gets one copy."
  }
}

variable "share_account_ids" {
  description = "The accounts (numeric root account IDs) the image and every copy are shared with. The provider's share_account_limit (50 by default) caps them."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.share_account_ids : can(regex("^[0-9]{5,20}$", a))])
    error_message = "Every account ID must be a numeric root account ID of 5 to 20 digits."
  }
}

variable "tags" {
  description = "Tags on the image."
  type        = map(string)
  default     = {}
}
