#!/usr/bin/env bash
# The package as an organiser gets it: `make package` builds the .deb,
# apt installs it, the installed app starts under Xvfb on a fresh data
# folder and lists the event the installed `netra` made in the same
# default database; then the package is removed again.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/netra-target}"
export PATH="$HOME/.cargo/bin:$PATH"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

deb=$(bash scripts/package.sh | tail -1)
echo "Memasang $deb"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb"
trap 'as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq netra >/dev/null || true' EXIT

for f in /usr/bin/netra-desktop /usr/bin/netra /usr/share/applications/Netra.desktop \
         /usr/share/bash-completion/completions/netra /usr/share/man/man1/netra.1.gz; do
  [ -e "$f" ] || { echo "Kesalahan: paket tidak memasang $f" >&2; dpkg -L netra >&2; exit 1; }
done
grep -q '^Exec=netra-desktop' /usr/share/applications/Netra.desktop
dpkg-deb -f "$deb" Depends | grep -q libwebkit2gtk-4.1

# A fresh data folder: no --db anywhere, the default app-data path under it.
data=$(mktemp -d "${TMPDIR:-/tmp}/netra-paket.XXXXXX")
export XDG_DATA_HOME="$data"
export NETRA_APP=/usr/bin/netra-desktop NETRA_CLI=/usr/bin/netra NO_AT_BRIDGE=1
mkdir -p tests/e2e/screenshots tests/e2e/logs
dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1080x24" \
  node --test --test-reporter=spec tests/package/installed.test.mjs

as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq netra
trap - EXIT
[ ! -e /usr/bin/netra-desktop ] || { echo "Kesalahan: netra-desktop tertinggal setelah dihapus" >&2; exit 1; }
echo "Paket: terpasang, berjalan, dan terhapus dengan bersih ($(du -h "$deb" | cut -f1))"
