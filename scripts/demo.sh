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
cargo build --quiet --workspace --bins

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

step "Starting apiclients-sandbox (a local emulator of the vendor APIs)"
# Created first: the background process opens them only once it runs, and the loop below reads at once.
: >"$work/sandbox.out"
: >"$work/sandbox.err"
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
export OAM_BASE_URL="$url" OAM_USERNAME=$(field oracle_oam username) OAM_PASSWORD=$(field oracle_oam password) OAM_IDENTITY_DOMAIN=DemoDomain
export AKAMAI_HOST="$url" AKAMAI_CLIENT_TOKEN=$(field akamai client_token) AKAMAI_CLIENT_SECRET=$(field akamai client_secret) AKAMAI_ACCESS_TOKEN=$(field akamai access_token)

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

# Runs terraform, hiding the "Provider development overrides" warning the local build causes; fails the
# demo with the full output when terraform fails.
tf() {
  local code=0
  "$terraform" "$@" -no-color >"$work/tf.out" 2>&1 || code=$?
  sed '/Warning: Provider development overrides are in effect/,/releases\./d' "$work/tf.out"
  return "$code"
}

step "terraform apply (examples/demo)"
tf apply -auto-approve || { echo "terraform apply failed (exit $?)"; exit 1; }

step "Outputs (secrets are sensitive and stay hidden)"
tf output
# Prove the secrets exist without printing them.
"$terraform" output -json | python3 -c '
import json, sys
for name, output in json.load(sys.stdin).items():
    if output.get("sensitive"):
        value = output.get("value")
        secrets = value if isinstance(value, dict) else {None: value}
        for key, secret in secrets.items():
            label = name if key is None else name + "." + key
            length = len(str(secret)) if secret else 0
            print(f"{label}: {length} characters, not shown")
'

step "terraform plan: expecting no changes"
code=0
"$terraform" plan -detailed-exitcode -no-color >"$work/plan.txt" 2>&1 || code=$?
if [ "$code" -ne 0 ]; then cat "$work/plan.txt"; echo "the plan after apply was not empty (exit $code)"; exit 1; fi
grep -E 'No changes' "$work/plan.txt"

# Objects per vendor in the sandbox (every list or map in a vendor's state holds objects).
sandbox_objects() {
  curl -fsS "$url/_sandbox/state" | python3 -c '
import json, sys
for vendor, objects in json.load(sys.stdin).items():
    count = sum(len(v) for v in objects.values() if isinstance(v, (list, dict)))
    print(f"  {vendor}: {count} object(s)")
'
}

step "What the sandbox holds now"
sandbox_objects

step "terraform destroy"
tf destroy -auto-approve >"$work/destroy.txt" || { cat "$work/destroy.txt"; echo "terraform destroy failed"; exit 1; }
tail -1 "$work/destroy.txt"
sandbox_objects

step "Done: applied, planned with no changes, destroyed"
