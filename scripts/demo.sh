#!/usr/bin/env bash
# The provider at work on the built-in sandbox: apply the quickstart, show that a second plan has
# nothing to do, then show a plan-time limit stop a plan that would break the custom-image quota.
# Everything lives in .demo/ (the sandbox world, the state, a generated CLI config); running it
# again reuses them, and scripts/demo-clean.sh resets them. The Makefile builds bin/ first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo=$root/.demo
work=$demo/quickstart
tf=${TF_CLI:?set TF_CLI to a terraform or tofu binary (the Makefile does)}

# shellcheck source=scripts/dev-overrides.sh
source "$root/scripts/dev-overrides.sh"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\ndemo failed: %s\n' "$*" >&2; exit 1; }

command -v "$tf" >/dev/null || fail "no Terraform CLI: '$tf' not found; install Terraform >= 1.5 or OpenTofu, or set TF_CLI"
[[ -x $root/bin/terraform-provider-cvmimage ]] || fail "bin/terraform-provider-cvmimage is missing; run 'make demo', which builds it"

step "Preparing $demo: the quickstart, a sandbox world and a CLI config that uses ./bin (never yours)"
mkdir -p "$work"
cp "$root"/examples/quickstart/*.tf "$work"/
write_dev_overrides "$demo/cli.tfrc" "$root/bin"
export TF_CLI_CONFIG_FILE=$demo/cli.tfrc
export CVMIMAGE_SANDBOX=$demo/sandbox.json
export TF_IN_AUTOMATION=1
tfw() { "$tf" -chdir="$work" "$@"; }

step "Applying examples/quickstart with $("$tf" version | head -n1) (images take a few seconds to leave CREATING)"
tfw apply -auto-approve -input=false -compact-warnings

step "Planning again: everything the provider made is tracked, so there must be nothing to do"
set +e
tfw plan -detailed-exitcode -input=false -compact-warnings
rc=$?
set -e
[[ $rc -eq 0 ]] || fail "the second plan exited $rc; it should show no changes (exit 0)"
echo "No changes, as expected."

step "Planning 12 more images in ap-guangzhou, whose quota is 10 custom images: the plan must fail"
state_before=$(sha256sum "$work/terraform.tfstate")
set +e
out=$(tfw plan -input=false -no-color -var extra_images=12 2>&1)
rc=$?
set -e
[[ $rc -ne 0 ]] || fail "the plan of 12 more images succeeded; the quota check should have failed it"
grep -q 'Custom Image Quota Exceeded' <<<"$out" || { echo "$out"; fail "the plan failed, but not on the quota"; }
# Terraform wraps the message, so the numbers are searched for in the text joined into one line.
tr -s ' \n' '  ' <<<"$out" | grep -qE 'holds [0-9]+ of 10 custom images; this plan adds [0-9]+: [0-9]+ images for a quota of 10' ||
  { echo "$out"; fail "the quota error does not give the numbers"; }
# One error per image beyond the quota; the first one is enough to read.
awk '/^Error: Custom Image Quota Exceeded/ { n++ } n == 1' <<<"$out" | sed '/^$/N;/^\n$/D'
echo "The plan failed with exit code $rc, as expected, on $(grep -c 'Error: Custom Image Quota Exceeded' <<<"$out") images beyond the quota."

step "Checking that the failed plan changed nothing"
[[ $(sha256sum "$work/terraform.tfstate") == "$state_before" ]] || fail "the state changed"
set +e
tfw plan -detailed-exitcode -input=false >/dev/null
rc=$?
set -e
[[ $rc -eq 0 ]] || fail "after the failed plan, a plan exited $rc instead of showing no changes"
echo "State unchanged, and a plan still shows no changes."

step "Done. Run 'make demo' again (nothing to do) or 'make demo-clean' to destroy and reset."
