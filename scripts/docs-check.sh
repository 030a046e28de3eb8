#!/usr/bin/env bash
# Fails when docs/ differs from what `make docs` would generate: a page that is out of date, missing,
# or left over for a type that no longer exists. Hand-written pages (docs/guides/sandbox.md, docs/guides/performance.md) are not generated.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# PROVIDER_BIN: a provider binary already built with the test resources (make test passes the one its
# test run built, which saves a second build of the dependencies with other features).
if [ -n "${PROVIDER_BIN:-}" ]; then
  "$PROVIDER_BIN" generate-docs --out "$tmp" --examples examples >/dev/null
else
  cargo run --quiet ${CARGO_FEATURES:-} --bin terraform-provider-apiclients -- generate-docs --out "$tmp" --examples examples >/dev/null
fi
status=0
for page in $(cd "$tmp" && find . -name '*.md' | sort); do
  if ! diff -u "docs/$page" "$tmp/$page"; then status=1; fi
done
for page in $(find docs/resources docs/data-sources docs/list-resources docs/ephemeral-resources docs/functions -name '*.md' 2>/dev/null | sort); do
  [ -e "$tmp/${page#docs/}" ] || { echo "docs: $page has no type in the schema any more"; status=1; }
done
if [ "$status" -ne 0 ]; then
  echo "docs/ is stale: run 'make docs' and commit the result"
  exit 1
fi
echo "docs: up to date"
