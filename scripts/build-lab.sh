#!/usr/bin/env bash
# Builds the browser lab's engine: migrasim compiled to WebAssembly
# (wasm32-unknown-unknown, single-threaded, without the plots feature), then
# `migrasim lab --out DIR` puts it into a folder with the page and the
# teaching scenarios. Usage: scripts/build-lab.sh [DIR]   (default output/lab)
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
(cd lab/wasm && cargo build --release --target wasm32-unknown-unknown)
cargo build --release
target/release/migrasim lab --out "${1:-output/lab}"
