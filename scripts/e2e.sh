#!/usr/bin/env bash
# End-to-end tests in the real release-built window: Xvfb + tauri-driver +
# WebKitWebDriver, driven by WebdriverIO from node's test runner.
# Arguments: test files to run instead of all (e.g. tests/e2e/hub.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/netra-target}"
export PATH="$HOME/.cargo/bin:$PATH"
export NETRA_APP="$CARGO_TARGET_DIR/release/netra-desktop"
export NETRA_CLI="$CARGO_TARGET_DIR/release/netra"
# Without NO_AT_BRIDGE=1 WebKitGTK waits for the accessibility bus and session creation
# times out.
# Do NOT set WEBKIT_DISABLE_COMPOSITING_MODE=1 here: with WebKitGTK 2.50 under
# Xvfb it makes WebDriver's screenshot command hang until the request times out.
export NO_AT_BRIDGE=1
unset WEBKIT_DISABLE_COMPOSITING_MODE
for f in "$NETRA_APP" "$NETRA_CLI"; do
  [ -x "$f" ] || { echo "Kesalahan: $f belum dibangun (make build)" >&2; exit 1; }
done
# The hub test's tablet is Chromium, driven with tests/browser's puppeteer-core.
if [ ! -d tests/browser/node_modules/puppeteer-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi
mkdir -p tests/e2e/screenshots tests/e2e/logs
[ $# -gt 0 ] || set -- tests/e2e/*.test.mjs
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1080x24" \
  node --test --test-concurrency=1 --test-reporter=spec "$@"
