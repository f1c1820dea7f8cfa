#!/usr/bin/env bash
# CI steps of the classroom kit (issue 17): build the browser lab, compare
# its numbers with the native engine's and drive it in headless Chromium
# (Debian's package) with playwright-core from npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
scripts/build-lab.sh output/lab-ci
native=output/lab-ci-native
rm -rf "$native"; mkdir -p "$native"
for run in push-pull.7 legality.3 forced.11 duration.2 azerbaijan-1988-2015.1; do
  name=${run%.*}; seed=${run#*.}
  target/release/migrasim lab --series "scenarios/teaching/$name.toml" --set "simulation.seed=$seed" > "$native/$name.$seed.json"
done
(cd lab/test && npm ci --no-audit --no-fund --silent)
node lab/test/lab.test.mjs output/lab-ci "$native" lab/test/out
