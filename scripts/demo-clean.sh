#!/usr/bin/env bash
# Resets the demo: destroys what it made in the sandbox, then deletes .demo/ (the sandbox world,
# the state and the generated CLI config) so the next `make demo` starts from the seeded world.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo=$root/.demo
work=$demo/quickstart
tf=${TF_CLI:-terraform}

if [[ -f $work/terraform.tfstate && -x $root/bin/terraform-provider-cvmimage && -f $demo/cli.tfrc ]] && command -v "$tf" >/dev/null; then
  printf '\033[1m==> Destroying what the demo made in the sandbox\033[0m\n'
  TF_CLI_CONFIG_FILE=$demo/cli.tfrc CVMIMAGE_SANDBOX=$demo/sandbox.json TF_IN_AUTOMATION=1 \
    "$tf" -chdir="$work" destroy -auto-approve -input=false
fi
rm -rf "$demo"
echo "Removed $demo."
