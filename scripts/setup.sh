#!/usr/bin/env bash
# Installs whatever Netra needs and is missing: Debian packages, the
# tauri-driver cargo tool, npm packages from the committed lockfiles.
# Idempotent and quick when everything is there. Usage: setup.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Build and runtime libraries of Tauri 2 on Debian 12, plus what the tests use.
apt_packages=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev libssl-dev)
if [ "$mode" = test ]; then
  # chromium: the browser kiosk tests; iproute2 + nftables: the lossy two-host network test.
  apt_packages+=(xvfb xauth dbus webkit2gtk-driver poppler-utils zbar-tools chromium iproute2 nftables)
fi

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Memasang paket Debian: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in cargo node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "Kesalahan: '$tool' tidak ditemukan. Pasang Rust (rustup) dan Node.js 20.19+ terlebih dahulu." >&2
    exit 1
  fi
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Kesalahan: Node.js $(node --version) terlalu lama; Netra butuh Node.js 20.19 atau lebih baru." >&2
  exit 1
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "Memasang tauri-driver (cargo install)"
  cargo install tauri-driver --locked --version '^2'
fi

# npm ci only when the lockfile changed since the last install.
npm_install() {
  local dir=$1 stamp="$1/node_modules/.netra-lock-sha"
  local sha
  sha=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sha" ]; then
    say "npm ci di $dir"
    # npm 11 with this registry writes lockfiles without rollup's per-platform
    # optionalDependencies, and `npm ci` then refuses them as "out of sync".
    # `npm install --no-save` installs the same locked versions and leaves the
    # committed lockfile untouched.
    if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error 2>/dev/null); then
      echo "    npm ci menolak lockfile; memasang versi yang sama dengan npm install --no-save"
      (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error)
    fi
    echo "$sha" > "$stamp"
  fi
}
npm_install ui
if [ "$mode" = test ]; then
  npm_install tests/e2e
fi
