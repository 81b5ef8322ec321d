#!/usr/bin/env bash
# `make package`: the Debian package of the desktop app, with the `netra`
# command line beside it (/usr/bin/netra), its man pages and bash
# completion. Built with the Tauri bundler from the npm package
# @tauri-apps/cli (its binary ships inside the npm package: nothing is
# downloaded at build time).
#
# The app and the CLI are built by cargo first, exactly as `make build`
# builds them, and `tauri bundle` only packs them: `tauri build` would
# build the app again with its own feature set.
#
# Prints the path of the .deb on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/netra-target}"
export PATH="$HOME/.cargo/bin:$PATH"
release="$CARGO_TARGET_DIR/release"

bash scripts/setup.sh run >&2
bash scripts/ui-build.sh >&2
cargo build --release -p netra-cli -p netra-desktop --features netra-desktop/custom-protocol >&2

extra="$CARGO_TARGET_DIR/package-extra"
rm -rf "$extra"
mkdir -p "$extra/man"
"$release/netra" generate man -o "$extra/man" >/dev/null
"$release/netra" generate completions --shell bash >"$extra/netra.bash"
gzip -9n "$extra"/man/*.1

# The files the .deb carries besides the app, as --config JSON.
files=$(
  {
    printf '"/usr/bin/netra": "%s"' "$release/netra"
    printf ', "/usr/share/bash-completion/completions/netra": "%s"' "$extra/netra.bash"
    for page in "$extra"/man/*.1.gz; do
      printf ', "/usr/share/man/man1/%s": "%s"' "$(basename "$page")" "$page"
    done
  }
)
config=$(printf '{"build":{"beforeBundleCommand":""},"bundle":{"linux":{"deb":{"files":{%s}}}}}' "$files")

rm -rf "$release/bundle/deb"
ui/node_modules/.bin/tauri bundle --bundles deb --config "$config" >&2
deb=$(ls "$release"/bundle/deb/*.deb)
echo "Paket: $deb ($(du -h "$deb" | cut -f1))" >&2
echo "$deb"
