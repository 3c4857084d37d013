# Rapport: `make run` starts everything on SQLite; `make test` runs every check.
SHELL := /bin/bash
WASM := wasm32-unknown-unknown
DIST := frontend/dist
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

# Demo settings for `make run` (never use these in production).
DEMO_ADMIN_EMAIL := admin@rapport.local
DEMO_ADMIN_PASSWORD := rapport-admin
RUN_ENV := RAPPORT_BIND=$${RAPPORT_BIND:-127.0.0.1:8080} \
           RAPPORT_DATABASE_URL=$${RAPPORT_DATABASE_URL:-sqlite://data/rapport.db} \
           RAPPORT_ADMIN_EMAIL=$(DEMO_ADMIN_EMAIL) RAPPORT_ADMIN_PASSWORD=$(DEMO_ADMIN_PASSWORD) \
           RAPPORT_DEMO_DATA=true

.PHONY: bench-app screenshots run frontend openapi test lint test-rust test-postgres test-wasm test-browser test-fuzz bench clean \
        setup-run setup-browser setup-test

# What the targets need, installed when missing (scripts/setup; quick when
# everything is there).
setup-run:
	scripts/setup run
setup-browser:
	scripts/setup browser
setup-test:
	scripts/setup test

## run: build the frontend and the server, start on SQLite, print the URL
run: frontend
	cargo build --release -p rapport-api
	@echo "Log in (POST /api/v1/auth/login, or Swagger UI's Authorize) as $(DEMO_ADMIN_EMAIL) / $(DEMO_ADMIN_PASSWORD);"
	@echo "demo users of every role: manager@, am@, sales@, service@, assistant@, tech@, hwtech@, marketing@rapport.local / rapport-demo"
	$(RUN_ENV) $(TARGET_DIR)/release/rapport

## frontend: build the wasm app into frontend/dist (served at /)
# The app carries only the time zones of China's calendars (the whole
# database is a fifth of its size); a calendar in another zone is still
# served, the app just cannot preview its deadlines.
APP_TIME_ZONES := ^(Asia/Shanghai|Asia/Hong_Kong|Asia/Macau|Asia/Taipei|Asia/Urumqi|UTC|Etc/UTC)$$
frontend: setup-run
	CHRONO_TZ_TIMEZONE_FILTER='$(APP_TIME_ZONES)' cargo build -p rapport-frontend --bins --target $(WASM) --profile wasm-release
	rm -rf $(DIST) && mkdir -p $(DIST)
	@# Three programs (frontend/src/lib.rs): the service desk's (index.html),
	@# account management's (accounts.html) and the settings area with the
	@# audit log (settings.html), so nobody downloads screens they do not use.
	@# The function names (a third of the wasm) only help a debugger: left out.
	@# The programs and the stylesheet are named after their content, so the
	@# server lets browsers keep them a year; the pages and boot scripts,
	@# which name them, are asked for afresh (see crates/api/src/routes/spa.rs).
	css=style-$$(sha256sum frontend/static/style.css | cut -c1-16).css && \
	  cp frontend/static/style.css $(DIST)/$$css && \
	  for program in app:rapport-frontend:index:boot accounts:rapport-accounts:accounts:accounts-boot \
	      settings:rapport-settings:settings:settings-boot; do \
	    IFS=: read -r prefix binary page boot <<< "$$program" && \
	    wasm=$(TARGET_DIR)/$(WASM)/wasm-release/$$binary.wasm && \
	    name=$$prefix-$$(sha256sum $$wasm | cut -c1-16) && \
	    wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
	      --out-dir $(DIST) --out-name $$name $$wasm && \
	    sed "s|/app.js|/$$name.js|" frontend/static/boot.js > $(DIST)/$$boot.js && \
	    sed -e "s|/style.css|/$$css|" -e "s|/boot.js|/$$boot.js|" frontend/static/index.html > $(DIST)/$$page.html \
	    || exit 1; \
	  done
	@# Brotli and gzip copies at their best settings, which the server sends
	@# to browsers that take them (crates/precompress).
	cargo run -q -p rapport-precompress -- $(DIST)

## openapi: regenerate the committed OpenAPI document from the code
openapi:
	cargo run -q -p rapport-api --bin rapport -- openapi > openapi/openapi.json.new
	mv openapi/openapi.json.new openapi/openapi.json

## test: formatting, lints, every test, the wasm builds and the browser tests
test: setup-test lint test-rust test-postgres test-wasm test-browser test-fuzz

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude rapport-frontend --all-targets -- -D warnings
	cargo clippy -p rapport-frontend --target $(WASM) -- -D warnings

# The app's own unit tests (formatting, parsing) run on the host too.
test-rust:
	cargo nextest run --no-fail-fast
	cargo nextest run --no-fail-fast -p rapport-frontend

# The database suites again on PostgreSQL. Locally they are skipped (loudly)
# when no server answers; under CI a missing server is a failure.
PG_URL ?= postgres://rapport:rapport@127.0.0.1:5432/postgres
test-postgres:
	@if psql "$(PG_URL)" -qtAc 'select 1' >/dev/null 2>&1; then \
	  RAPPORT_TEST_DATABASE=postgres RAPPORT_TEST_POSTGRES_URL="$(PG_URL)" \
	    cargo nextest run --no-fail-fast -p rapport-api -p rapport-migrations -p rapport-entity; \
	elif [ -n "$$CI" ]; then \
	  echo "test-postgres: no PostgreSQL at $(PG_URL), and CI is set" >&2; exit 1; \
	else \
	  echo "test-postgres: SKIPPED, no PostgreSQL at $(PG_URL) (scripts/setup test starts one, or set PG_URL)"; \
	fi

test-wasm:
	cargo build -p rapport-domain --target $(WASM)

# Playwright (in the venv scripts/setup makes) drives Debian's Chromium
# against the server on a fresh SQLite file with the demo data.
VENV := .venv
test-browser: setup-browser frontend
	cargo build -p rapport-api --bin rapport
	RAPPORT_BIN=$(abspath $(TARGET_DIR))/debug/rapport $(VENV)/bin/python -m pytest tests/browser

# schemathesis over every operation of the served document, as an
# administrator and as marketing, and a Python client generated from it
# holding every operation (tests/api-fuzz/run.sh, in the venv).
test-fuzz: setup-browser
	cargo build -p rapport-api --bin rapport
	RAPPORT_BIN=$(abspath $(TARGET_DIR))/debug/rapport tests/api-fuzz/run.sh

## screenshots: the README's pictures of the app, taken by the browser tests
screenshots: setup-browser frontend
	cargo build -p rapport-api --bin rapport
	RAPPORT_SCREENSHOTS=$(abspath docs/screenshots) RAPPORT_BIN=$(abspath $(TARGET_DIR))/debug/rapport \
	  $(VENV)/bin/python -m pytest tests/browser/test_staff_app.py tests/browser/test_admin.py tests/browser/test_customer_360.py \
	    tests/browser/test_contract_details.py tests/browser/test_selling.py

## bench: load benchmark on loopback (SQLite, then PostgreSQL if it answers at
## PG_URL); ROWS=1000000 (or BENCH_ARGS=--full) for the full-size run
## (PostgreSQL without TLS: on loopback it only costs CPU, a seventh of get-by-id)
ROWS ?= 200000
BENCH_ARGS ?=
BENCH_PG_URL ?= $(PG_URL)?sslmode=disable
bench:
	cargo build --release -p rapport-api -p rapport-bench
	$(TARGET_DIR)/release/rapport-bench --rows $(ROWS) --server $(TARGET_DIR)/release/rapport \
	  --postgres-url "$(BENCH_PG_URL)" $(BENCH_ARGS)

## bench-app: the app's size, the queue's first paint and the countdown's
## cost in Chromium, on a SQLite database of ROWS requests seeded by rapport-bench
bench-app: setup-browser frontend
	cargo build --release -p rapport-api -p rapport-bench
	kept=$$($(TARGET_DIR)/release/rapport-bench --rows $(ROWS) --database sqlite --keep --seconds 1 --warmup 1 \
	  --server $(TARGET_DIR)/release/rapport | tee /dev/stderr | sed -n 's/^SQLite: kept //p') && \
	  $(VENV)/bin/python tests/browser/measure_app.py $(abspath $(TARGET_DIR))/release/rapport "$$kept/rapport.db" \
	    bench-admin@rapport.bench rapport-bench-admin; \
	  status=$$?; rm -rf "$$kept"; exit $$status

clean:
	cargo clean
	rm -rf $(DIST)
