#!/usr/bin/env bash
# `make demo`: builds the provider and the sandbox, starts the sandbox, applies examples/demo with the real
# Terraform CLI, shows the outputs (ids only: secrets stay hidden), proves a second plan is empty, destroys,
# and stops the sandbox.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
terraform=${TERRAFORM:-$root/.tools/bin/terraform-1.15.5}
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider and the sandbox"
cargo build --quiet --bins

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid" && wait "$sandbox_pid" 2>/dev/null || true
    echo "sandbox stopped"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step "Starting apiclients-sandbox"
"$root/target/debug/apiclients-sandbox" --listen 127.0.0.1:0 >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$work/sandbox.out" | head -1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the sandbox did not start:"; cat "$work/sandbox.err"; exit 1; }
echo "sandbox at $url"

# The provider reads its credentials from the vendors' own environment variables; the sandbox tells them.
creds=$(curl -fsS "$url/_sandbox/credentials")
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[sys.argv[1]][sys.argv[2]])' "$1" "$2" <<<"$creds"; }
export IBM_VERIFY_TENANT_URL="$url" IBM_VERIFY_CLIENT_ID=$(field ibm_verify client_id) IBM_VERIFY_CLIENT_SECRET=$(field ibm_verify client_secret)
export SAIL_BASE_URL="$url" SAIL_CLIENT_ID=$(field sailpoint client_id) SAIL_CLIENT_SECRET=$(field sailpoint client_secret)

cp -r "$root/examples/demo/." "$work/"
cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/apiclients/apiclients" = "$root/target/debug"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cd "$work"

step "terraform apply (examples/demo)"
"$terraform" apply -auto-approve -no-color 2>&1 | grep -v -e 'Provider development overrides' -e 'dev_overrides' || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "apply failed"; exit 1; }

step "Outputs (secrets are sensitive and stay hidden)"
"$terraform" output -no-color

step "terraform plan: expecting no changes"
set +e
"$terraform" plan -detailed-exitcode -no-color >"$work/plan.txt" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ]; then cat "$work/plan.txt"; echo "the plan after apply was not empty (exit $code)"; exit 1; fi
grep -E 'No changes' "$work/plan.txt"

step "What the sandbox holds now"
curl -fsS "$url/_sandbox/state" | python3 -c '
import json, sys
state = json.load(sys.stdin)
for vendor, objects in state.items():
    print(f"  {vendor}: {json.dumps(objects)[:0]}", end="")
    count = sum(len(v) for v in objects.values() if isinstance(v, (list, dict)))
    print(f"{count} object(s)")
'

step "terraform destroy"
"$terraform" destroy -auto-approve -no-color | tail -1

step "Done"
