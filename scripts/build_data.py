#!/usr/bin/env python3
"""Build the compact tables of data/ from the public sources in ../shared/data.

Standard-library Python only; deterministic (the same sources give the same
bytes) and re-runnable:

    python3 scripts/build_data.py [SOURCE_DIR] [OUT_DIR]

SOURCE_DIR defaults to ../shared/data beside the repository, OUT_DIR to data/.
Every derivation rule is written in data/README.md; the rule names used in the
`filled` column of data/series.csv are the keys of FILL_RULES below.

Outputs (all UTF-8 CSV, LF line ends, sorted):
  countries.csv  code,name,continent,group,region,income,latitude,longitude
  series.csv     country,year,population,wage_low,wage_high,unemployment,
                 high_skilled_share,total_population,working_age_share,
                 employment,gdp,labour_share,wage_mean,filled
  stocks.csv     year,origin,residence,people_all_ages,people,tertiary_ratio
  pairs.csv      a,b,km,contiguous,common_language,colony
  conflicts.csv  country,year,deaths
The hand-written tables data/blocs.csv and data/transitions.csv are checked
here against the EU membership source (eu_membership_by_year_1990_2023.csv).
"""
import csv
import math
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "data")

FIRST, LAST = 1990, 2015
YEARS = list(range(FIRST, LAST + 1))

# Skill premium wage_high / wage_low by development group (kept from the
# quickstart's rules; see data/README.md "Wages").
PREMIUM = {"industrialised": 1.8, "transition": 2.2, "developing": 2.6}

# Former centrally planned economies of Europe and the former Soviet Union.
TRANSITION = set(
    "ALB ARM AZE BLR BIH BGR HRV CZE EST GEO HUN KAZ KGZ LVA LTU MKD MDA MNE "
    "POL ROU RUS SRB SVK SVN TJK TKM UKR UZB".split()
)

# CEPII GeoDist's old codes and the ISO codes they stand for.
CEPII_CODES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "YUG": "SRB", "PAL": "PSE", "SUD": "SDN"}

FILL_RULES = {
    "interpolated": "linear between the country's own observations",
    "nearest_year": "the country's nearest observed year",
    "region_median": "median of the countries of its UN sub-region that year",
    "world_median": "median of all countries that year",
    "from_gdp_per_capita": "GDP (2015 US$) / GDP per capita (2015 US$)",
    "gaskin_population": "Gaskin GDP / GDP per capita (current US$)",
}


def rows(name):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def num(s):
    if s is None:
        return None
    s = s.strip()
    if s in ("", ".."):
        return None
    v = float(s)
    return v if math.isfinite(v) else None


def wide(name):
    """A WDI wide file as {code: {year: value}}."""
    out = {}
    for r in rows(name):
        vals = {}
        for y in range(1990, 2011):
            v = num(r.get(f"{y} [YR{y}]"))
            if v is not None:
                vals[y] = v
        out[r["Country Code"]] = vals
    return out


def fill_country(obs):
    """Fills every year of YEARS from a {year: value} dict of observations:
    linear between observations, nearest observation outside. Returns
    {year: (value, rule or "")} or None without observations."""
    if not obs:
        return None
    ys = sorted(obs)
    out = {}
    for y in YEARS:
        if y in obs:
            out[y] = (obs[y], "")
        elif y < ys[0]:
            out[y] = (obs[ys[0]], "nearest_year")
        elif y > ys[-1]:
            out[y] = (obs[ys[-1]], "nearest_year")
        else:
            lo = max(k for k in ys if k < y)
            hi = min(k for k in ys if k > y)
            t = (y - lo) / (hi - lo)
            out[y] = (obs[lo] + t * (obs[hi] - obs[lo]), "interpolated")
    return out


def median(vs):
    vs = sorted(vs)
    n = len(vs)
    if n == 0:
        return None
    return vs[n // 2] if n % 2 else 0.5 * (vs[n // 2 - 1] + vs[n // 2])


def fill_all(codes, obs_by_code, subregion):
    """Per-country fills, then the sub-region's (else the world's) median of
    the countries' own values (observed or filled from their own data)."""
    own = {c: fill_country(obs_by_code.get(c, {})) for c in codes}
    out = {}
    for c in codes:
        if own[c] is not None:
            out[c] = own[c]
            continue
        series = {}
        for y in YEARS:
            peers = [own[p][y][0] for p in codes if own[p] is not None and subregion[p] == subregion[c]]
            if peers:
                series[y] = (median(peers), "region_median")
            else:
                series[y] = (median([own[p][y][0] for p in codes if own[p] is not None]), "world_median")
        out[c] = series
    return out


def fmt(v, digits):
    s = f"{v:.{digits}f}"
    return "0" if s.strip("0.-") == "" else s


def main():
    # ---- countries ---------------------------------------------------
    dictionary = {r["iso3c"]: r for r in rows("country_dictionary_ims_migest.csv")}
    centroid = {r["iso_a3"]: (float(r["lat"]), float(r["long"])) for r in rows("country_centroids.csv")}
    pwt = defaultdict(dict)
    for r in rows("pwt110_core_1950_2023.csv"):
        y = int(r["year"])
        if FIRST <= y <= LAST:
            pwt[r["countrycode"]][y] = r
    gaskin = defaultdict(dict)
    for r in rows("gaskin_gdp_231_countries_1960_2023.csv"):
        y = int(r["Year"])
        if FIRST <= y <= LAST:
            gaskin[r["Country ISO"]][y] = r

    def gdp_obs(c):
        out = {}
        for y, r in gaskin.get(c, {}).items():
            g = num(r["GDP (2015 USD)"])
            if g is not None and g > 0:
                out[y] = g
        return out

    def pop_obs(c):
        out, how = {}, {}
        for y in YEARS:
            p = pwt.get(c, {}).get(y)
            v = num(p["pop"]) if p else None
            if v is not None and v > 0:
                out[y], how[y] = v * 1e6, ""
                continue
            g = gaskin.get(c, {}).get(y)
            if g:
                a, b = num(g["GDP (current USD)"]), num(g["GDP/capita (current USD)"])
                if a and b:
                    out[y], how[y] = a / b, "gaskin_population"
                    continue
                a, b = num(g["GDP (2015 USD)"]), num(g["GDP/capita (2015 USD)"])
                if a and b:
                    out[y], how[y] = a / b, "from_gdp_per_capita"
        return out, how

    codes = []
    for c in sorted(dictionary):
        d = dictionary[c]
        if d["ims"] != "True" or c not in centroid:
            continue
        if not gdp_obs(c) or not pop_obs(c)[0]:
            continue
        codes.append(c)
    subregion = {c: dictionary[c]["region_sub"] for c in codes}

    def group(c):
        if c in TRANSITION:
            return "transition"
        return "industrialised" if dictionary[c]["un_develop"] == "more" else "developing"

    def continent(c):
        region = dictionary[c]["region"]
        if region == "Latin America and the Caribbean":
            return "South America" if subregion[c] == "South America" else "North America"
        if region == "Northern America":
            return "North America"
        return region

    with open(os.path.join(OUT, "countries.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "continent", "group", "region", "income", "latitude", "longitude"])
        for c in codes:
            d = dictionary[c]
            lat, lon = centroid[c]
            w.writerow([c, d["name_short"] or d["name"], continent(c), group(c), d["region_sub"],
                        d["wb_income"] or "unknown", fmt(lat, 2), fmt(lon, 2)])

    # ---- series ------------------------------------------------------
    pops, pop_how = {}, {}
    for c in codes:
        pops[c], pop_how[c] = pop_obs(c)
    total_pop = fill_all(codes, pops, subregion)
    for c in codes:  # mark the years whose value came from Gaskin
        for y, h in pop_how[c].items():
            if h and total_pop[c][y][1] == "":
                total_pop[c][y] = (total_pop[c][y][0], h)

    wa_src = wide("wdi_working_age_pop_share_1990_2010.csv")
    wa = fill_all(codes, {c: {y: v / 100 for y, v in wa_src.get(c, {}).items()} for c in codes}, subregion)

    emp_rate = fill_all(codes, {
        c: {y: num(r["emp"]) / num(r["pop"]) for y, r in pwt.get(c, {}).items()
            if num(r["emp"]) and num(r["pop"])}
        for c in codes}, subregion)
    labsh = fill_all(codes, {
        c: {y: num(r["labsh"]) for y, r in pwt.get(c, {}).items() if num(r["labsh"])}
        for c in codes}, subregion)
    gdp = fill_all(codes, {c: gdp_obs(c) for c in codes}, subregion)

    bl = defaultdict(dict)
    for r in rows("barro_lee_v3_attainment_15_64.csv"):
        y, v = int(r["year"]), num(r["tertiary_pct"])
        if v is not None:
            bl[r["iso3"]][y] = v / 100
    # Barro-Lee is 5-yearly from 1980: keep the points that bracket the years.
    tertiary = fill_all(codes, {c: {y: v for y, v in bl.get(c, {}).items() if FIRST - 5 <= y <= LAST + 5}
                                for c in codes}, subregion)
    # fill_country treats 1985/2020 as outside YEARS only for clamping; the
    # interpolation of 1990-2015 uses them where present. Years in YEARS that
    # are Barro-Lee years are observed, the others interpolated.

    unemp = defaultdict(dict)
    for r in rows("wdi_unemployment_ilo_modelled_1991_2025.csv"):
        y, v = int(r["year"]), num(r["unemployment_pct"])
        if v is not None and FIRST <= y <= LAST:
            unemp[r["iso3"]][y] = v / 100
    unemployment = fill_all(codes, {c: unemp.get(c, {}) for c in codes}, subregion)

    series_rows = []
    for c in codes:
        r_prem = PREMIUM[group(c)]
        for y in YEARS:
            filled = []

            def take(name, table):
                v, how = table[c][y]
                if how:
                    filled.append(f"{name}={how}")
                return v

            tp = take("total_population", total_pop)
            share = take("working_age_share", wa)
            er = take("employment", emp_rate)
            g = take("gdp", gdp)
            ls = take("labour_share", labsh)
            s = take("high_skilled_share", tertiary)
            u = take("unemployment", unemployment)
            population = tp * share
            employment = tp * er
            mean = ls * g / employment / 12
            low = mean / (1 - s + r_prem * s)
            series_rows.append([
                c, y, f"{population:.0f}", fmt(low, 2), fmt(low * r_prem, 2), fmt(u, 4), fmt(s, 4),
                f"{tp:.0f}", fmt(share, 4), f"{employment:.0f}", f"{g:.0f}", fmt(ls, 4), fmt(mean, 2),
                ";".join(filled),
            ])
    with open(os.path.join(OUT, "series.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "year", "population", "wage_low", "wage_high", "unemployment",
                    "high_skilled_share", "total_population", "working_age_share", "employment",
                    "gdp", "labour_share", "wage_mean", "filled"])
        w.writerows(series_rows)

    # ---- stocks ------------------------------------------------------
    known = set(codes)
    stocks = []
    for r in rows("un_ims_bilateral_stock_1990.csv"):
        o, d, v = r["origin_iso3"], r["dest_iso3"], int(r["stock_total"])
        if o in known and d in known and o != d and v > 0:
            stocks.append((1990, o, d, v))
    for r in rows("un_ims_bilateral_stock_2000_corridors_ge20k.csv"):
        o, d, v = r["origin_iso3"], r["dest_iso3"], int(r["stock_2000"])
        if o in known and d in known and o != d and v > 0:
            stocks.append((2000, o, d, v))
    stocks.sort()
    # IAB brain-drain data: the tertiary emigration rate over the total rate
    # of the origin in the stock's year (emigrants to 20 OECD countries), the
    # skill selection of its emigrants; empty where IAB has no figure.
    ratio = {}
    for r in rows("iab_emigration_rates_by_skill_1990_2000.csv"):
        tot, high = float(r["tot_rate"]), float(r["high_rate"])
        if tot > 0:
            ratio[(r["origin"], int(r["year"]))] = high / tot
    with open(os.path.join(OUT, "stocks.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "origin", "residence", "people_all_ages", "people", "tertiary_ratio"])
        for y, o, d, v in stocks:
            q = ratio.get((o, y))
            w.writerow([y, o, d, v, f"{v * wa[d][y][0]:.0f}", "" if q is None else f"{q:.4f}"])

    # ---- pairs -------------------------------------------------------
    pairs = {}
    for r in rows("cepii_geodist_country_pairs.csv"):
        a, b = CEPII_CODES.get(r["iso_o"], r["iso_o"]), CEPII_CODES.get(r["iso_d"], r["iso_d"])
        if a in known and b in known and a < b:
            pairs[(a, b)] = (float(r["dist"]), int(r["contig"]), int(r["comlang_off"]), int(r["colony"]))
    with open(os.path.join(OUT, "pairs.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "km", "contiguous", "common_language", "colony"])
        for (a, b), (km, ct, cl, co) in sorted(pairs.items()):
            w.writerow([a, b, f"{km:.0f}", ct, cl, co])

    # ---- conflicts ---------------------------------------------------
    conflicts = []
    for r in rows("ucdp_conflict_deaths_1990_2023.csv"):
        y, c, v = int(r["Year"]), r["Country ISO"], num(r["Conflict deaths"])
        if c in known and FIRST <= y <= LAST and v and v >= 25:
            conflicts.append((c, y, int(round(v))))
    conflicts.sort()
    with open(os.path.join(OUT, "conflicts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "year", "deaths"])
        w.writerows(conflicts)

    check_blocs(known)
    print(f"{len(codes)} countries, {len(series_rows)} series rows, {len(stocks)} stocks, "
          f"{len(pairs)} pairs, {len(conflicts)} conflict years -> {OUT}")


def check_blocs(known):
    """The EU rows of data/blocs.csv agree with the membership source."""
    member = defaultdict(set)
    for r in rows("eu_membership_by_year_1990_2023.csv"):
        if num(r["EU"]) == 1:
            member[int(r["Year"])].add(r["Country ISO"])
    with open(os.path.join(OUT, "blocs.csv"), newline="", encoding="utf-8") as f:
        blocs = list(csv.DictReader(f))
    eu = [b for b in blocs if b["bloc"] == "EU" and b["status"] == "member" and b["member"] in known]
    for y in range(1990, 2024):
        ours = set()
        for b in eu:
            joins = int(b["joins"][:4]) if b["joins"] else 0
            leaves = b["leaves"]
            # a member in a year = a member at its end (CEPII codes the year of joining)
            if joins <= y and (not leaves or int(leaves[:4]) > y or (int(leaves[:4]) == y and leaves[5:] > "12")):
                ours.add(b["member"])
        theirs = member[y] & known
        if ours != theirs:
            raise SystemExit(f"data/blocs.csv EU members in {y} differ from the source: "
                             f"only ours {sorted(ours - theirs)}, only theirs {sorted(theirs - ours)}")
    with open(os.path.join(OUT, "transitions.csv"), newline="", encoding="utf-8") as f:
        for t in csv.DictReader(f):
            for k in ("member", "newcomer"):
                if not any(b["bloc"] == t["bloc"] and b["member"] == t[k] for b in blocs):
                    raise SystemExit(f"data/transitions.csv: {t[k]} is not a member of {t['bloc']}")


if __name__ == "__main__":
    main()
