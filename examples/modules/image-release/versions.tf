# A module declares the providers it needs, with the oldest version it works with rather than an
# upper bound (its callers choose), and leaves their configuration (credentials, region,
# sandbox) to its caller, so the same module runs against the cloud and in the sandbox.
terraform {
  required_version = ">= 1.5"
  required_providers {
    cvmimage = {
      source  = "cvmimage/cvmimage"
      version = ">= 0.1"
    }
  }
}
