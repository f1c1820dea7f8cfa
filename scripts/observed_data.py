#!/usr/bin/env python3
"""Write observed migration 1990-2000 in migrasim's long format.

Reads the calibration targets in ../shared/data (standard library only) and
writes data/observed-1990-2000.csv (docs/calibration.md describes the format):

- stock 1990: UN DESA International Migrant Stock 2020 revision, every
  non-zero origin-destination pair in mid-1990 (un_ims_bilateral_stock_1990.csv);
- stock 2000: the same source, the corridors with at least 20,000 people in
  2000 (un_ims_bilateral_stock_2000_corridors_ge20k.csv); their 1990 value
  is added where the 1990 file has no row for the pair (a zero stock);
- outflow, inflow, return_inflow, net_migration over 1990-94 and 1995-99:
  Abel & Cohen (2019) country flows, 5-year periods (year = the first year,
  period_years = 5; net = inflow - outflow);
- emigration_rate 1990 and 2000 by skill (total, low, medium, high): IAB
  brain-drain data, emigrants to 20 OECD destinations as a share of the
  origin's natives of that education.

Usage: python3 scripts/observed_data.py [--shared ../shared/data] [--out data/observed-1990-2000.csv]
"""

import argparse
import csv
import os
import sys

HEADER = ["kind", "origin", "dest", "year", "period_years", "skill", "value", "source"]
UN = "UN DESA IMS 2020"
AC = "Abel-Cohen 2019"
IAB = "IAB brain drain"
# IAB names a few origins that no longer exist by their own labels.
IAB_CODES = {"SRB&MNE": "SCG"}


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text):
    """A float from text, or None for an empty cell."""
    text = (text or "").strip()
    return float(text) if text else None


def whole(x):
    return str(int(round(x)))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"))
    p.add_argument("--out", default=os.path.join(repo, "data", "observed-1990-2000.csv"))
    a = p.parse_args(argv)

    rows = []
    seen = set()

    def add(kind, origin, dest, year, period, skill, value, source):
        key = (kind, origin, dest, year, period, skill)
        if key in seen:
            return
        seen.add(key)
        rows.append([kind, origin, dest, str(year), period, skill, value, source])

    # Stocks.
    for r in read(os.path.join(a.shared, "un_ims_bilateral_stock_1990.csv")):
        o, d = r["origin_iso3"].strip(), r["dest_iso3"].strip()
        v = number(r["stock_total"])
        if o and d and o != d and v is not None and v > 0:
            add("stock", o, d, 1990, "", "", whole(v), UN)
    for r in read(os.path.join(a.shared, "un_ims_bilateral_stock_2000_corridors_ge20k.csv")):
        o, d = r["origin_iso3"].strip(), r["dest_iso3"].strip()
        if not o or not d or o == d:
            continue
        v90, v00 = number(r["stock_1990"]), number(r["stock_2000"])
        if v90 is not None:
            add("stock", o, d, 1990, "", "", whole(v90), UN)
        if v00 is not None:
            add("stock", o, d, 2000, "", "", whole(v00), UN)

    # Country flows over five years.
    for r in read(os.path.join(a.shared, "abel_cohen_country_flows_5y_1990_1999.csv")):
        c = r["iso3"].strip()
        y = int(r["period_start"])
        out, inn, ret = number(r["outflow"]), number(r["inflow"]), number(r["return_inflow"])
        if out is not None:
            add("outflow", c, "", y, "5", "", whole(out), AC)
        if inn is not None:
            add("inflow", "", c, y, "5", "", whole(inn), AC)
        if ret is not None:
            add("return_inflow", "", c, y, "5", "", whole(ret), AC)
        if out is not None and inn is not None:
            add("net_migration", "", c, y, "5", "", whole(inn - out), AC)

    # Emigration rates by education.
    for r in read(os.path.join(a.shared, "iab_emigration_rates_by_skill_1990_2000.csv")):
        c = IAB_CODES.get(r["origin"].strip(), r["origin"].strip())
        y = int(r["year"])
        for col, skill in [("tot_rate", "total"), ("low_rate", "low"), ("med_rate", "medium"), ("high_rate", "high")]:
            v = number(r[col])
            if v is not None and 0.0 <= v <= 1.0:
                add("emigration_rate", c, "", y, "", skill, f"{v:.6f}", IAB)

    order = {k: i for i, k in enumerate(
        ["stock", "flow", "outflow", "inflow", "return_inflow", "net_migration", "emigration_rate"])}
    rows.sort(key=lambda r: (order[r[0]], r[1], r[2], int(r[3]), r[5]))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        f.write("# Observed migration 1990-2000 for migrasim compare/calibrate (docs/calibration.md).\n")
        f.write("# Written by scripts/observed_data.py from UN DESA IMS 2020, Abel & Cohen (2019), IAB brain-drain data.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    os.replace(tmp, a.out)
    counts = {}
    for r in rows:
        counts[r[0]] = counts.get(r[0], 0) + 1
    print(f"wrote {a.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
