#!/usr/bin/env bash
# CI for the Python package (issue 18): build the abi3 wheel with maturin,
# install it into a fresh virtual environment with pandas, pyarrow, pytest
# and frictionless, and run python/tests against the command-line program
# (target/release/migrasim, built here if missing).
# Needs python3 with venv and pip (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
fi

started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The command line the tests compare against (already built by `cargo test
# --release` in .ci/run; built here otherwise).
cargo build --release --bin migrasim

# maturin in its own environment; the wheel lands in target/wheels.
python3 -m venv "$work/build"
"$work/build/bin/pip" install -q --upgrade pip
"$work/build/bin/pip" install -q "maturin>=1.9,<2"
rm -rf target/wheels
"$work/build/bin/maturin" build --release --manifest-path python/Cargo.toml --out target/wheels
wheel=$(ls target/wheels/migrasim-*-abi3-*.whl)
echo "built $wheel"

# A fresh environment with only the wheel and the test tools.
python3 -m venv "$work/test"
"$work/test/bin/pip" install -q --upgrade pip
"$work/test/bin/pip" install -q "$wheel" pytest frictionless
(cd "$work" && MIGRASIM_BIN="$OLDPWD/target/release/migrasim" \
    "$work/test/bin/python" -m pytest -q "$OLDPWD/python/tests")
echo "python package: built, installed and tested in $(( $(date +%s) - started )) s"
