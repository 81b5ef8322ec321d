#!/usr/bin/env bash
# The hub's kiosk page in headless Chromium (tablet, phone, offline retry).
# Builds what is missing: the netra CLI, the UI (unless SKIP_UI_BUILD=1),
# this folder's node modules. Only 127.0.0.1 is contacted.
#   NETRA_BIN=…/netra   the CLI to run (default $CARGO_TARGET_DIR/debug/netra)
#   CHROMIUM=…          the browser (default /usr/bin/chromium)
#   KEEP=1              keep the temporary database folder
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/netra-target}"
export PATH="$HOME/.cargo/bin:$PATH"
export NETRA_BIN="${NETRA_BIN:-$CARGO_TARGET_DIR/debug/netra}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$NETRA_BIN" ]; then
  echo "==> cargo build -p netra-cli ($NETRA_BIN is missing)"
  (cd "$root" && cargo build -p netra-cli)
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "==> apt-get install chromium ($CHROMIUM is missing)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  echo "==> npm ci (tests/browser)"
  # puppeteer-core downloads no browser; Debian's Chromium is used.
  (cd "$here" && npm ci --no-audit --no-fund)
fi
if [ "${SKIP_UI_BUILD:-0}" != 1 ]; then
  echo "==> npm --prefix ui run build"
  npm --prefix "$root/ui" run build
fi
if [ ! -f "$root/ui/dist/hub.html" ]; then
  echo "Kesalahan: ui/dist/hub.html tidak ada; bangun UI dulu (npm --prefix ui run build)" >&2
  exit 1
fi

cd "$here"
rm -rf screenshots
# The test stops itself; this is the backstop.
exec timeout --kill-after=10 300 node --test --test-concurrency=1 --test-timeout=240000 hub.test.mjs
