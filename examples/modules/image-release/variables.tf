variable "name" {
  description = "The images' name stem: each version's image is named NAME-VERSION, so each must be free in the provider's region (and, for the newest, in every region of copy_regions)."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 48
    error_message = "The name must be 1 to 48 characters long, leaving room for the version in the 60-character image name."
  }
}

variable "versions" {
  description = "The versions to release, oldest first: each gets an image, the last is the newest. Append a version to release it; the oldest beyond keep are deleted."
  type        = list(string)

  validation {
    condition     = length(var.versions) > 0 && length(distinct(var.versions)) == length(var.versions)
    error_message = "List at least one version, and each version once."
  }
  validation {
    condition     = alltrue([for v in var.versions : can(regex("^[A-Za-z0-9._-]{1,11}$", v))])
    error_message = "A version is 1 to 11 letters, digits, dots, dashes or underscores."
  }
}

variable "keep" {
  description = "How many of the newest versions to keep: older versions are dropped from what the module manages, so the next apply deletes their images."
  type        = number
  default     = 3

  validation {
    condition     = var.keep >= 1 && floor(var.keep) == var.keep
    error_message = "keep must be a whole number of at least 1: the newest version is always kept."
  }
}

variable "family" {
  description = "The image family every version's image (and the newest's copies) belongs to. Instances find the current image with data \"cvmimage_image\" { family = ... }, which passes over the deprecated older versions."
  type        = string

  validation {
    condition     = length(var.family) >= 1
    error_message = "Set a family: it is how instances find the newest image."
  }
}

variable "snapshot_ids" {
  description = "The snapshots every version's image is made from: one system-disk snapshot, optionally with data-disk snapshots."
  type        = list(string)

  validation {
    condition     = length(var.snapshot_ids) > 0 && alltrue([for s in var.snapshot_ids : can(regex("^snap-[a-z0-9]{8}$", s))])
    error_message = "List at least one snapshot ID, each snap- and 8 characters."
  }
}

variable "copy_regions" {
  description = "The regions the newest version is copied to, not including the provider's region. A new newest version replaces the copies."
  type        = list(string)
  default     = []

  validation {
    condition     = length(distinct(var.copy_regions)) == length(var.copy_regions)
    error_message = "A region is listed more than once; each region gets one copy."
  }
}

variable "share_account_ids" {
  description = "The accounts (numeric root account IDs) the newest version, and each of its copies, is shared with. Older versions are not shared."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.share_account_ids : can(regex("^[0-9]{5,20}$", a))])
    error_message = "Every account ID must be a numeric root account ID of 5 to 20 digits."
  }
}

variable "tags" {
  description = "Tags on every image and copy, besides the version tag the module adds."
  type        = map(string)
  default     = {}
}
