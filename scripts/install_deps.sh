#!/usr/bin/env bash
# Installs the Debian packages the Swift package links against or reads at run time,
# only those missing, so `make test` and `make demo` work on a fresh machine.
set -euo pipefail
packages=(libopenblas-dev libsqlite3-dev libfreetype-dev fonts-noto-cjk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
