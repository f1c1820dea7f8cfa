#!/usr/bin/env bash
# Size and write time of the tables as CSV and as Parquet (README, "Python,
# R and Parquet"). Usage: scripts/parquet_vs_csv.sh [SCENARIO [--set K=V]...]
# Default: the 200-country synthetic world at 1e7 agents.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/migrasim
[ -x "$bin" ] || cargo build --release --bin migrasim
if [ $# -eq 0 ]; then
    set -- scenarios/reference.toml --set world.synthetic.countries=200 --set simulation.agents=10000000
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in csv parquet; do
    line=$("$bin" run "$@" --no-plots --format "$f" --out "$out/$f" | head -1)
    echo "$line"
    (cd "$out/$f" && ls -l --block-size=1 *."$f" | awk '{printf "  %-20s %12d bytes\n", $9, $5}')
done
