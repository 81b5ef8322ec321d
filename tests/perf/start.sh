#!/usr/bin/env bash
# `make perf-start`: start-up time and PSS of the release app on an event
# of 5,000 people, beside a bare Tauri 2 window, under Xvfb (see start.py).
# Not part of `make test` (it measures, it does not assert).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/netra-target}"
release="$CARGO_TARGET_DIR/release"
bash scripts/ui-build.sh >/dev/null
cargo build --release -p netra-cli -p netra-desktop --features netra-desktop/custom-protocol
cargo build --release -p netra-perf-bare
work=$(mktemp -d "${TMPDIR:-/tmp}/netra-perf.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$release/netra" --db "$work/netra.db" demo --people 5000 >/dev/null
mkdir -p tests/e2e/logs
dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1080x24" \
  python3 tests/perf/start.py "$release/netra-desktop" "$work/netra.db" \
  "$release/netra-perf-bare" tests/e2e/logs/perf-start.json 2> >(grep -v dbus-daemon >&2)
