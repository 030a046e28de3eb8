#!/usr/bin/env bash
# Packages a provider binary the way the Terraform Registry publishes providers:
#
#   OUT/terraform-provider-apiclients_{VERSION}_{OS}_{ARCH}.zip   holding terraform-provider-apiclients_v{VERSION}
#                                                                 (.exe on windows)
#   OUT/terraform-provider-apiclients_{VERSION}_manifest.json      a copy of terraform-registry-manifest.json
#   OUT/terraform-provider-apiclients_{VERSION}_SHA256SUMS         sha256 of every zip in OUT and of the manifest
#   OUT/terraform-provider-apiclients_{VERSION}_SHA256SUMS.sig     only with GPG_FINGERPRINT: a binary detached
#                                                                 signature by that key (GNUPGHOME is honoured)
#
# Usage: scripts/package.sh BINARY OUT
#   VERSION is read from Cargo.toml; OS and ARCH are this machine's unless PKG_OS / PKG_ARCH say otherwise
#   (Go's names: linux, darwin, windows; amd64, arm64). Zips of other platforms already in OUT (a CI job
#   collecting them) are kept and listed in SHA256SUMS. The zip is reproducible: fixed timestamps, mode 0755,
#   one entry, so the same binary always gives the same zip and the same `zh:` hash.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
name=terraform-provider-apiclients

if [ "$#" -ne 2 ]; then
  echo "usage: $0 BINARY OUT" >&2
  exit 2
fi
binary=$1
out=$2
[ -f "$binary" ] || { echo "package: no binary at $binary" >&2; exit 1; }

version=$("$root/scripts/version.sh")

os=${PKG_OS:-$(uname -s | tr '[:upper:]' '[:lower:]')}
arch=${PKG_ARCH:-$(uname -m)}
case "$arch" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
esac
case "$os" in
  linux | darwin | windows | freebsd) ;;
  mingw* | msys* | cygwin*) os=windows ;;
  *) echo "package: unsupported OS $os" >&2; exit 1 ;;
esac
exe=""
[ "$os" = windows ] && exe=.exe

mkdir -p "$out"
zip_name="${name}_${version}_${os}_${arch}.zip"
python3 - "$binary" "$out/$zip_name" "${name}_v${version}${exe}" <<'PY'
import sys, zipfile
binary, target, entry = sys.argv[1:]
info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
info.create_system = 3  # Unix, so that the mode below is honoured on extraction
info.external_attr = (0o100755 & 0xFFFF) << 16
info.compress_type = zipfile.ZIP_DEFLATED
with open(binary, "rb") as f:
    data = f.read()
with zipfile.ZipFile(target, "w") as z:
    z.writestr(info, data, compresslevel=9)
PY

manifest="${name}_${version}_manifest.json"
cp "$root/terraform-registry-manifest.json" "$out/$manifest"

sums="${name}_${version}_SHA256SUMS"
(
  cd "$out"
  # The registry's order: by file name. Only this version's zips and manifest.
  find . -maxdepth 1 -type f \( -name "${name}_${version}_*.zip" -o -name "$manifest" \) -printf '%f\n' \
    | LC_ALL=C sort | xargs sha256sum >"$sums"
)

rm -f "$out/$sums.sig"
if [ -n "${GPG_FINGERPRINT:-}" ]; then
  gpg --batch --yes --local-user "$GPG_FINGERPRINT" --output "$out/$sums.sig" --detach-sign "$out/$sums"
fi

echo "package: $out/$zip_name"
(cd "$out" && cat "$sums")
[ -n "${GPG_FINGERPRINT:-}" ] && echo "package: signed $sums with $GPG_FINGERPRINT"
exit 0
