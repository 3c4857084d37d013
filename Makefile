# Rapport: `make run` starts everything on SQLite; `make test` runs every check.
SHELL := /bin/bash
WASM := wasm32-unknown-unknown
DIST := frontend/dist
# Cargo names the wasm after the frontend's binary target.
FRONTEND_WASM := target/$(WASM)/release/rapport-frontend.wasm

# Demo settings for `make run` (never use these in production).
RUN_ENV := RAPPORT_BIND=$${RAPPORT_BIND:-127.0.0.1:8080} \
           RAPPORT_DATABASE_URL=$${RAPPORT_DATABASE_URL:-sqlite://data/rapport.db}

.PHONY: run frontend build test lint test-rust test-wasm test-browser clean

## run: build the frontend and the server, start on SQLite, print the URL
run: frontend
	cargo build --release -p rapport-api
	$(RUN_ENV) ./target/release/rapport

## frontend: build the wasm app into frontend/dist (served at /)
frontend:
	cargo build -p rapport-frontend --target $(WASM) --release
	rm -rf $(DIST) && mkdir -p $(DIST)
	wasm-bindgen --target web --no-typescript --out-dir $(DIST) --out-name app $(FRONTEND_WASM)
	cp frontend/static/* $(DIST)/

## test: formatting, lints, every test, the wasm builds and the browser smoke test
test: lint test-rust test-wasm test-browser

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p rapport-frontend --target $(WASM) -- -D warnings

test-rust:
	cargo nextest run --no-fail-fast

test-wasm:
	cargo build -p rapport-domain --target $(WASM)

test-browser: frontend
	cargo build -p rapport-api --bin rapport
	tests/browser/smoke.sh

clean:
	cargo clean
	rm -rf $(DIST)
