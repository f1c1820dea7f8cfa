#!/usr/bin/env bash
# CI for the R recipe of docs/python-r.md (issue 18): install R, readr and
# jsonlite from Debian when missing, write a quickstart run folder (CSV),
# run the recipe block of the doc unchanged in R (extracted from the doc, so
# doc and test cannot drift), then check in R that every column of every
# table has the codebook's type and the CSV's values.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi
if ! Rscript -e 'library(readr); library(jsonlite)' >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends \
        r-base-core r-cran-readr r-cran-jsonlite >/dev/null
fi

started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin=${MIGRASIM_BIN:-$root/target/release/migrasim}
[ -x "$bin" ] || cargo build --release --bin migrasim
"$bin" run scenarios/quickstart.toml --no-plots --quiet --format csv --out "$work/output/quickstart"

# The first ```r block after the marker in docs/python-r.md.
awk '/<!-- r-recipe/ {m=1; next} m && /^```r$/ {r=1; next} r && /^```$/ {exit} r' \
    docs/python-r.md > "$work/recipe.R"
[ -s "$work/recipe.R" ] || { echo "no R recipe found in docs/python-r.md" >&2; exit 1; }

cat > "$work/check.R" <<'CHECK'
# Every table read by the recipe against the CSV read as plain text.
source("recipe.R", echo = FALSE)
stopifnot(exists("run"), is.list(run))
pkg <- fromJSON("output/quickstart/datapackage.json", simplifyVector = FALSE)
want_class <- c(integer = "numeric", number = "numeric", string = "character",
                yearmonth = "character")
checked <- 0
off_by_ulp <- 0
for (res in pkg$resources) {
  t <- run[[res$name]]
  if (is.null(t)) stop("the recipe did not read ", res$name)
  raw <- read.csv(file.path("output/quickstart", res$path), colClasses = "character",
                  na.strings = character(0), check.names = FALSE)
  fields <- res$schema$fields
  stopifnot(identical(names(t), vapply(fields, function(f) f$name, "")))
  if (nrow(t) != nrow(raw)) stop(res$name, ": ", nrow(t), " rows, the CSV has ", nrow(raw))
  for (f in fields) {
    v <- t[[f$name]]
    if (class(v)[1] != want_class[[f$type]])
      stop(res$name, ".", f$name, ": ", class(v)[1], ", codebook type ", f$type)
    text <- raw[[f$name]]
    if (f$type == "integer") {
      same <- ifelse(text == "", is.na(v), !is.na(v) & v == as.numeric(text) & v == round(v))
    } else if (f$type == "number") {
      # readr 2.1's float parser is not always correctly rounded: it may
      # land one unit in the last place from R's (and Rust's) reading of
      # the same decimal; counted and reported, anything more fails.
      x <- as.numeric(text)
      exact <- ifelse(text == "", is.na(v), !is.na(v) & v == x)
      same <- ifelse(text == "", is.na(v), !is.na(v) & abs(v - x) <= 2 * .Machine$double.eps * abs(x))
      off_by_ulp <- off_by_ulp + sum(same & !exact)
    } else {
      same <- ifelse(text == "", is.na(v), !is.na(v) & v == text)
    }
    if (!all(same)) stop(res$name, ".", f$name, ": ", sum(!same), " values differ from the CSV")
    checked <- checked + length(v)
  }
}
# A few values by hand: 13 countries, 120 months, POL in 2013-12.
stopifnot(nrow(run$countries) == 13, nrow(run$timeseries) == 13 * 120)
stopifnot(nrow(pol) == 1, pol$population > 1e7, pol$emigrants_abroad > 0)
stopifnot(sum(run$flows$movers) > 0)
stopifnot(run_units("output/quickstart", "timeseries")[["wage_low"]] == "US$ a month")
cat(sprintf("R recipe: %d tables, %d values checked against the CSV (%d decimals read one unit in the last place off by readr)\n",
            length(pkg$resources), checked, off_by_ulp))
CHECK

(cd "$work" && Rscript check.R)
echo "R recipe: run and checked in $(( $(date +%s) - started )) s ($(Rscript --version 2>&1 | head -1))"
