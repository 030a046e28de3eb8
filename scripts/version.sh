#!/usr/bin/env bash
# Prints the provider's version: the `version` of the [package] table of Cargo.toml, the one place it is set.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python3 - "$root/Cargo.toml" <<'PY'
import re, sys
try:
    import tomllib
except ImportError:  # Python < 3.11: the [package] and [workspace.package] tables by hand
    tomllib = None
if tomllib:
    with open(sys.argv[1], "rb") as f:
        manifest = tomllib.load(f)
else:
    manifest, table = {}, None
    for line in open(sys.argv[1], encoding="utf-8"):
        header = re.match(r"\s*\[([^\]]+)\]\s*$", line)
        if header:
            table = header.group(1).strip()
            continue
        value = re.match(r'\s*version\s*=\s*"([^"]+)"', line)
        if value and table in ("package", "workspace.package"):
            node = manifest
            for key in table.split("."):
                node = node.setdefault(key, {})
            node["version"] = value.group(1)
        elif re.match(r"\s*version\.workspace\s*=\s*true", line) and table == "package":
            manifest.setdefault("package", {})["version"] = {"workspace": True}
package = manifest.get("package", {})
version = package.get("version")
if isinstance(version, dict):  # `version.workspace = true`: the workspace's own
    version = manifest.get("workspace", {}).get("package", {}).get("version")
if not isinstance(version, str):
    sys.exit("version.sh: no [package] version in Cargo.toml")
print(version)
PY
