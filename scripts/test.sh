#!/usr/bin/env bash
# Everything `make test` runs, in order, with the time each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/netra-target}"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

step() {
  local name=$1; shift
  local t0=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  "$@"
  printf '    (%s: %ss)\n' "$name" $((SECONDS - t0))
}

bindings_are_fresh() {
  # ts-rs rewrote ui/src/lib/bindings during `cargo test`; any difference
  # from the committed files means someone forgot to commit them.
  if ! git diff --exit-code --stat -- ui/src/lib/bindings \
     || [ -n "$(git ls-files --others --exclude-standard -- ui/src/lib/bindings)" ]; then
    echo "Kesalahan: ui/src/lib/bindings tidak sesuai dengan tipe Rust. Jalankan 'cargo test -p netra-core' dan commit hasilnya." >&2
    return 1
  fi
}

step "setup" bash scripts/setup.sh test
step "cargo fmt" cargo fmt --all --check
step "ui: prettier + eslint" npm --prefix ui run lint
step "ui: svelte-check" npm --prefix ui run check
step "ui: unit tests" npm --prefix ui test
step "ui: build" bash scripts/ui-build.sh
step "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
step "cargo test (core + cli + hub)" cargo test -p netra-core -p netra-cli -p netra-hub
step "bindings up to date" bindings_are_fresh
step "browser (hub page, headless Chromium)" env SKIP_UI_BUILD=1 bash tests/browser/run.sh
step "release build (app + cli)" cargo build --release -p netra-cli -p netra-desktop --features netra-desktop/custom-protocol
step "e2e (real window, tauri-driver)" bash scripts/e2e.sh
step "package: .deb built, installed, started, removed" bash tests/package/run.sh
echo
echo "make test: semua langkah lulus (${SECONDS}s)"
