#!/usr/bin/env bash
# release-notes.sh VERSION prints the body of VERSION's section of CHANGELOG.md (its heading
# "## VERSION (date)" left out): the notes goreleaser publishes with the release. It fails when the
# section is missing, empty or still "(Unreleased)", so that no release goes out with notes that do
# not describe it. A leading "v" in VERSION is ignored.
set -euo pipefail

version=${1:?usage: release-notes.sh VERSION}
version=${version#v}
changelog=${CHANGELOG:-$(dirname "$0")/../CHANGELOG.md}

heading=$(grep -m1 -E "^## ${version//./\\.}( |$)" "$changelog" || true)
if [[ -z $heading ]]; then
  echo "release-notes.sh: $changelog has no section \"## $version\"" >&2
  exit 1
fi
if [[ $heading == *Unreleased* ]]; then
  echo "release-notes.sh: $changelog still calls $version Unreleased: give its heading the release date first" >&2
  exit 1
fi

notes=$(awk -v heading="$heading" '
  $0 == heading { inside = 1; next }
  inside && /^## / { exit }
  inside { print }
' "$changelog" | sed -e '/./,$!d')
if [[ -z ${notes//[[:space:]]/} ]]; then
  echo "release-notes.sh: the section of $version in $changelog is empty" >&2
  exit 1
fi
printf '%s\n' "$notes"
