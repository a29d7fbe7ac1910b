# The module's tests, run offline against the provider's sandbox: `make test-module
# MODULE=examples/modules/image-release` from the repository root, or by hand (see the "Testing
# modules" guide):
#
#   CVMIMAGE_SANDBOX=$(mktemp -d)/sandbox.json terraform test
#
# Runs share one state, in order; at the end terraform test destroys what they made. The runs that
# use ./tests/lookup read the images as a consumer would: through the family, and the listing.

# The sandbox owner's key pair: without CVMIMAGE_SANDBOX the run fails to authenticate against the
# cloud instead of touching a real account.
provider "cvmimage" {
  region     = "ap-guangzhou"
  secret_id  = "AKIDSANDBOXOWNER"
  secret_key = "sandbox-owner-key"
}

variables {
  name              = "app"
  versions          = ["1.0", "1.1", "1.2"]
  keep              = 3
  family            = "app"
  snapshot_ids      = ["snap-gz100001"]
  copy_regions      = ["ap-shanghai"]
  share_account_ids = ["100000000002"]
  tags = {
    team = "platform"
  }
}

run "plan_versions" {
  command = plan

  assert {
    condition     = keys(cvmimage_custom_image.version) == ["1.0", "1.1", "1.2"]
    error_message = "The plan should make one image per version."
  }
  assert {
    condition     = [for v in ["1.0", "1.1", "1.2"] : cvmimage_custom_image.version[v].deprecated] == [true, true, false]
    error_message = "Every version but the newest should be planned deprecated."
  }
  assert {
    condition     = cvmimage_custom_image.version["1.2"].name == "app-1.2" && cvmimage_custom_image.version["1.2"].family == "app"
    error_message = "Each image should be named NAME-VERSION, in the family."
  }
}

run "release" {
  assert {
    condition     = output.newest_version == "1.2" && output.deprecated_versions == tolist(["1.0", "1.1"])
    error_message = "1.2 should be the newest version, and 1.0 and 1.1 deprecated."
  }
  assert {
    condition     = alltrue([for img in cvmimage_custom_image.version : img.state == "NORMAL" && img.tags["version"] != ""])
    error_message = "Every version's image should be usable and tagged with its version."
  }
  assert {
    condition     = keys(output.copies) == ["ap-shanghai"] && cvmimage_image_copy.newest["ap-shanghai"].source_image_id == output.newest_image_id
    error_message = "The newest version, and only it, should be copied to ap-shanghai."
  }
  assert {
    condition     = cvmimage_image_copy.newest["ap-shanghai"].tags == tomap({ team = "platform", version = "1.2" }) && !cvmimage_image_copy.newest["ap-shanghai"].deprecated
    error_message = "The copy should carry the module's tags and the newest version, and not be deprecated."
  }
  assert {
    condition     = output.shared_with == tolist(["100000000002"]) && length(cvmimage_image_share.newest) == 2
    error_message = "The newest version should be shared with the peer account, in its region and in ap-shanghai."
  }
}

# Instances find the current image through the family: the newest, passing the deprecated over.
run "family_finds_newest" {
  module {
    source = "./tests/lookup"
  }

  variables {
    region     = "ap-guangzhou"
    current_id = run.release.newest_image_id
  }

  assert {
    condition     = output.current_id == var.current_id && output.current_name == "app-1.2"
    error_message = "The family should resolve to the newest version, app-1.2."
  }
  assert {
    condition     = output.all_names == tolist(["app-1.0", "app-1.1", "app-1.2"]) && output.deprecated_names == tolist(["app-1.0", "app-1.1"])
    error_message = "The family should hold the three versions, the older two deprecated."
  }
}

run "family_finds_copy" {
  module {
    source = "./tests/lookup"
  }

  variables {
    region     = "ap-shanghai"
    current_id = run.release.copies["ap-shanghai"]
  }

  assert {
    condition     = output.current_id == var.current_id
    error_message = "In ap-shanghai the family should resolve to the newest version's copy."
  }
}

# Releasing 1.3 with keep = 3: the plan deprecates 1.2 in place (its ID stays known: an image
# being replaced would have none yet) and drops 1.0.
run "plan_next" {
  command = plan

  variables {
    versions = ["1.0", "1.1", "1.2", "1.3"]
  }

  assert {
    condition     = keys(cvmimage_custom_image.version) == ["1.1", "1.2", "1.3"]
    error_message = "1.0 should be dropped: only the newest three versions are kept."
  }
  assert {
    condition     = cvmimage_custom_image.version["1.2"].deprecated && can(regex("^img-", cvmimage_custom_image.version["1.2"].id))
    error_message = "1.2 should be deprecated in place, keeping its image."
  }
}

# The same release applied: 1.0 is deleted, the copy follows 1.3.
run "release_next" {
  variables {
    versions = ["1.0", "1.1", "1.2", "1.3"]
  }

  assert {
    condition     = keys(output.image_ids) == ["1.1", "1.2", "1.3"] && output.deprecated_versions == tolist(["1.1", "1.2"])
    error_message = "Only the newest three versions should be kept, all but 1.3 deprecated."
  }
  assert {
    condition     = cvmimage_image_copy.newest["ap-shanghai"].source_image_id == output.newest_image_id && cvmimage_image_copy.newest["ap-shanghai"].name == "app-1.3"
    error_message = "The copy in ap-shanghai should now be of 1.3."
  }
}

run "retention" {
  module {
    source = "./tests/lookup"
  }

  variables {
    region     = "ap-guangzhou"
    current_id = run.release_next.newest_image_id
  }

  assert {
    condition     = output.current_id == var.current_id && output.current_name == "app-1.3"
    error_message = "The family should now resolve to app-1.3."
  }
  assert {
    condition     = output.all_names == tolist(["app-1.1", "app-1.2", "app-1.3"])
    error_message = "The region should hold the newest three versions only: app-1.0 should be deleted."
  }

}

run "keep_at_least_one" {
  command = plan

  variables {
    keep = 0
  }

  expect_failures = [var.keep]
}

run "version_listed_twice" {
  command = plan

  variables {
    versions = ["1.0", "1.0"]
  }

  expect_failures = [var.versions]
}
