# Sourced by the scripts that run the CLI against the provider in ./bin.
#
# write_dev_overrides FILE BIN_DIR writes a CLI configuration whose dev_overrides make the CLI load
# the provider from BIN_DIR instead of looking for it in a registry, so no `init` is needed. It
# names both addresses, Terraform's registry and OpenTofu's, so one file serves either CLI. The
# user's own CLI configuration is never read or changed.
write_dev_overrides() {
  cat >"$1" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.terraform.io/cvmimage/cvmimage" = "$2"
    "registry.opentofu.org/cvmimage/cvmimage" = "$2"
  }
  direct {}
}
CONFIG
}
