#!/usr/bin/env bash
# Runs a module's `terraform test` suite offline: the provider from ./bin through dev_overrides (so
# no init and no registry), in a fresh sandbox file, with a CLI configuration of its own (never
# yours). Usage: scripts/test-module.sh [MODULE_DIR] [extra `test` arguments]. The Makefile builds
# bin/ first and sets TF_CLI.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
module=${1:-$root/examples/modules/golden-image}
shift $(($# > 0 ? 1 : 0))
tf=${TF_CLI:-terraform}
# shellcheck source=scripts/dev-overrides.sh
source "$root/scripts/dev-overrides.sh"

[[ -x $root/bin/terraform-provider-cvmimage ]] || { echo "bin/terraform-provider-cvmimage is missing; run 'make build'" >&2; exit 1; }

# Every run starts from the seeded world, so a run that failed half-way leaves nothing behind for
# the next one.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
write_dev_overrides "$tmp/cli.tfrc" "$root/bin"

cd "$module"
export TF_CLI_CONFIG_FILE=$tmp/cli.tfrc CVMIMAGE_SANDBOX=$tmp/sandbox.json TF_IN_AUTOMATION=1
# `get` installs the helper modules a suite's runs use (no providers: dev_overrides serve ours).
"$tf" get >/dev/null
"$tf" test "$@"
