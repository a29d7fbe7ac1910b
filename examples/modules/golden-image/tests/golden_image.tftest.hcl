# The module's tests, run offline against the provider's sandbox: `make test-module` from the
# repository root, or by hand (see the "Testing modules" guide):
#
#   CVMIMAGE_SANDBOX=$(mktemp -d)/sandbox.json terraform test
#
# Every ID below is one of the sandbox's seeded objects. Runs share one state, in order; at the end
# terraform test destroys what they made.

# The sandbox comes from CVMIMAGE_SANDBOX. The key pair is the sandbox owner's, which the sandbox
# uses anyway; written out, it makes a run without CVMIMAGE_SANDBOX fail to authenticate against the
# cloud instead of touching a real account with credentials from the environment.
provider "cvmimage" {
  region     = "ap-guangzhou"
  secret_id  = "AKIDSANDBOXOWNER"
  secret_key = "sandbox-owner-key"
}

variables {
  name              = "golden-test"
  snapshot_ids      = ["snap-gz100001"]
  regions           = ["ap-shanghai", "ap-singapore"]
  share_account_ids = ["100000000002"]
  tags = {
    team = "platform"
  }
}

run "plan_fans_out" {
  command = plan

  assert {
    condition     = length(cvmimage_image_copy.this) == length(var.regions)
    error_message = "The plan should make one copy per region."
  }
  assert {
    condition     = length(cvmimage_image_share.this) == length(var.regions) + 1
    error_message = "The plan should share the image in its own region and each copy in its region."
  }
  assert {
    condition     = cvmimage_custom_image.this.name == "golden-test"
    error_message = "The image should carry the module's name."
  }
}

run "apply" {
  assert {
    condition     = can(regex("^img-[a-z0-9]{8}$", output.image_id)) && output.region == "ap-guangzhou"
    error_message = "The image should exist in the provider's region, ap-guangzhou."
  }
  assert {
    condition     = keys(output.copies) == ["ap-shanghai", "ap-singapore"]
    error_message = "There should be one copy in each of the regions, and no others."
  }
  assert {
    condition     = alltrue([for c in cvmimage_image_copy.this : c.state == "NORMAL" && c.id != output.image_id])
    error_message = "Every copy should be an image of its own, usable once the apply ends."
  }
  assert {
    condition     = output.shared_with == tolist(["100000000002"])
    error_message = "The image should be shared with the peer account."
  }
  assert {
    condition     = alltrue([for s in cvmimage_image_share.this : s.account_ids == toset(["100000000002"])])
    error_message = "The image and every copy should be shared with the peer account, each in its region."
  }
  assert {
    condition     = cvmimage_custom_image.this.tags == tomap({ team = "platform" })
    error_message = "The image should carry the module's tags."
  }
}

# Adding a region copies the image there; the copies made before stay.
run "add_region" {
  variables {
    regions = ["ap-shanghai", "ap-singapore", "ap-tokyo"]
  }

  assert {
    condition     = keys(output.copies) == ["ap-shanghai", "ap-singapore", "ap-tokyo"] && output.copies["ap-tokyo"] != output.image_id
    error_message = "A copy should be added in ap-tokyo, beside the other two."
  }
  assert {
    condition     = length(cvmimage_image_share.this) == 4
    error_message = "The new copy should be shared in ap-tokyo too."
  }
}

# The failures below are caught by the module's own conditions, which expect_failures can name.
# terraform test cannot expect an error the provider reports (its plan-time limits): the guide shows
# how to assert those with a plain terraform plan.

run "region_listed_twice" {
  command = plan

  variables {
    regions = ["ap-tokyo", "ap-tokyo"]
  }

  expect_failures = [var.regions]
}

run "two_sources" {
  command = plan

  variables {
    instance_id = "ins-gz100001"
  }

  expect_failures = [cvmimage_custom_image.this]
}
