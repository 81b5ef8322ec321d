#!/usr/bin/env bash
# Builds the web frontend into ui/dist, but only when something it is built
# from changed, and then replaces only the files whose content changed.
#
# Why: the desktop app embeds ui/dist (tauri's generate_context!) and cargo
# rebuilds it when any file there has a newer mtime. `vite build` rewrites
# every file on every run, so an unchanged tree used to cost a full
# relink of the app (about 90 s on 2 cores) on each `make run`.
#
# The stamp is a SHA-256 over every file under ui/ except node_modules and
# dist (sources, HTML entry points, configs, the lock file, generated
# bindings), kept outside dist (in node_modules/.cache) so that writing it
# changes nothing the app embeds.
set -euo pipefail
cd "$(dirname "$0")/../ui"

inputs=$(find . \( -path ./node_modules -o -path ./dist \) -prune -o -type f -print |
  LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
stamp=node_modules/.cache/netra-ui-inputs
if [[ -f $stamp && "$(cat "$stamp")" == "$inputs" && -f dist/index.html ]]; then
  echo "ui: dist is up to date (inputs unchanged), not rebuilt"
  exit 0
fi

staging=$(mktemp -d "${TMPDIR:-/tmp}/netra-ui.XXXXXX")
trap 'rm -rf "$staging"' EXIT
npx vite build --outDir "$staging" --emptyOutDir

# Same content keeps its file (and mtime); new or changed files are copied;
# files the build no longer makes go.
mkdir -p dist
(cd "$staging" && find . -type f -print) | while IFS= read -r f; do
  if ! cmp -s "$staging/$f" "dist/$f"; then
    mkdir -p "dist/$(dirname "$f")"
    cp "$staging/$f" "dist/$f"
  fi
done
(cd dist && find . -type f -print) | while IFS= read -r f; do
  [[ -e "$staging/$f" ]] || rm -f "dist/$f"
done
find dist -mindepth 1 -type d -empty -delete
mkdir -p "$(dirname "$stamp")"
echo "$inputs" >"$stamp"
