# Netra: `make run` opens the app on a demo event; `make test` runs every test.
# Both install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/netra-target
RELEASE := $(CARGO_TARGET_DIR)/release
APP_FEATURES := --features netra-desktop/custom-protocol
# Empty: the app-data database shared by the app and `netra` (see README).
DB ?=
DB_ARG := $(if $(DB),--db $(DB),)

.PHONY: run test setup build package ui lint unit e2e bindings clean-e2e bench-pdf perf-start

run:
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "Kesalahan: tidak ada layar grafis (DISPLAY kosong). Jalankan 'make run' dari desktop, atau 'xvfb-run make run' di server." >&2; \
	  exit 1; fi
	bash scripts/setup.sh run
	bash scripts/ui-build.sh
	cargo build --release -p netra-cli -p netra-desktop $(APP_FEATURES)
	$(RELEASE)/netra demo --if-empty $(DB_ARG)
	$(RELEASE)/netra-desktop $(DB_ARG)

test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh test

# Pieces of `make test`, for a quicker loop while developing.
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	npm --prefix ui run lint
	npm --prefix ui run check

unit:
	cargo test -p netra-core -p netra-cli -p netra-hub
	npm --prefix ui test

build:
	bash scripts/ui-build.sh
	cargo build --release -p netra-cli -p netra-desktop $(APP_FEATURES)

e2e: build
	bash scripts/e2e.sh

# The .deb (app, `netra` CLI, man pages, bash completion); prints its path.
package:
	bash scripts/package.sh

# Printed-records benchmark with its peers (Debian's Chromium, Typst from
# PyPI) in the same run; not part of `make test`.
bench-pdf:
	bash scripts/setup.sh test
	command -v chromium >/dev/null || sudo -n apt-get install -y -qq chromium || apt-get install -y -qq chromium
	python3 -c "import typst" 2>/dev/null || python3 -m pip install -q typst
	cargo bench -p netra-core --bench pdf

# Start-up time and memory (PSS) of the app beside a bare Tauri window.
perf-start:
	bash tests/perf/start.sh
