terraform {
  required_providers {
    cvmimage = {
      source  = "cvmimage/cvmimage"
      version = "~> 0.1"
    }
  }
}

# Credentials come from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, or a tccli profile.
provider "cvmimage" {
  region = "ap-guangzhou"
}

# No account at hand? The built-in sandbox needs none: an emulator runs in the provider
# process and keeps its world in this file.
provider "cvmimage" {
  alias   = "sandbox"
  sandbox = "${path.root}/sandbox.json"
}
