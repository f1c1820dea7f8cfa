#!/usr/bin/env python3
"""Build a world of all countries with 1990 data, for measuring the stylised
facts of the gravity decision rule (issue 14; docs/facts.md). Not a shipped
scenario: it prints TOML to stdout, to be written outside scenarios/.

Rules (1990; the quickstart script's rules where they apply):
- countries: every country with Penn World Table 11.0 pop, emp, labsh and
  rgdpe in 1990 and a centroid;
- population: PWT pop x WDI share of ages 15-64 (0.6 where missing);
- average monthly wage: PWT rgdpe (PPP) / emp x labsh / 12, so 12 x the
  mean wage is the labour income per worker at PPP;
- high-skilled share: Barro-Lee tertiary_pct / 100 in 1990, else
  0.6 x (hc - 1) / 2.7 from PWT hc; clamped to [0.01, 0.6];
- wage premium of the high-skilled 1.8 (industrialised), 2.2 (transition),
  2.6 (developing); wage_low solves the average;
- unemployment: WDI ILO-modelled rate of 1991 (0.07 where missing);
- continent: UN region; group: transition for former socialist economies,
  industrialised for high-income OECD-type economies, else developing;
- [[pair]] contiguous from CEPII GeoDist contig; [[tie]] language from
  CEPII comlang_off; the EU of 1990 as a free-movement bloc.
Run: python3 scripts/facts_world.py [agents] [months] > /tmp/world1990.toml
"""
import csv, os, sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
AGENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
MONTHS = int(sys.argv[2]) if len(sys.argv) > 2 else 240
OLD = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "YUG": "SRB", "PAL": "PSE"}
TRANSITION = set("ALB ARM AZE BGR BLR BIH HRV CZE EST GEO HUN KAZ KGZ LVA LTU MDA MNE MKD POL ROU RUS SRB SVK SVN TJK TKM UKR UZB MNG".split())
INDUSTRIALISED = set("AUS AUT BEL CAN CHE DEU DNK ESP FIN FRA GBR GRC IRL ISL ISR ITA JPN LUX NLD NOR NZL PRT SWE USA".split())
EU1990 = "BEL DNK DEU GRC ESP FRA IRL ITA LUX NLD PRT GBR".split()
PREMIUM = {"industrialised": 1.8, "transition": 2.2, "developing": 2.6}
CONTINENT = {"Africa": "Africa", "Asia": "Asia", "Europe": "Europe",
             "Latin America and the Caribbean": "South America",
             "Northern America": "North America", "Oceania": "Oceania"}


def rows(name):
    with open(os.path.join(DATA, name), newline="") as f:
        yield from csv.DictReader(f)


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


pwt = {r["countrycode"]: r for r in rows("pwt110_core_1950_2023.csv") if r["year"] == "1990"}
unemp = {r["iso3"]: float(r["unemployment_pct"]) for r in rows("wdi_unemployment_ilo_modelled_1991_2025.csv") if r["year"] == "1991"}
working = {r["Country Code"]: num(r["1990 [YR1990]"]) for r in rows("wdi_working_age_pop_share_1990_2010.csv")}
tertiary = {r["iso3"]: num(r["tertiary_pct"]) for r in rows("barro_lee_v3_attainment_15_64.csv") if r["year"] == "1990"}
centroid = {r["iso_a3"]: (float(r["lat"]), float(r["long"])) for r in rows("country_centroids.csv")}
region = {r["iso3c"]: r["region"] for r in rows("country_dictionary_ims_migest.csv")}

countries = []
for code, p in sorted(pwt.items()):
    pop, emp, labsh, gdp, hc = (num(p[x]) for x in ("pop", "emp", "labsh", "rgdpe", "hc"))
    if None in (pop, emp, labsh, gdp) or emp <= 0 or code not in centroid or region.get(code) not in CONTINENT:
        continue
    group = "transition" if code in TRANSITION else "industrialised" if code in INDUSTRIALISED else "developing"
    average = gdp / emp * labsh / 12.0
    share = tertiary.get(code)
    share = share / 100.0 if share is not None else (0.6 * (hc - 1) / 2.7 if hc else 0.05)
    share = min(0.6, max(0.01, share))
    r = PREMIUM[group]
    low = average / (1 - share + r * share)
    w = working.get(code) or 60.0
    countries.append(dict(code=code, name=p["country"].replace('"', "'"), continent=CONTINENT[region[code]],
                          group=group, population=pop * 1e6 * w / 100, low=low, high=low * r,
                          u=min(0.4, max(0.01, unemp.get(code, 7.0) / 100)), share=share, loc=centroid[code]))

codes = {c["code"] for c in countries}
print(f'name = "world1990"\ndescription = "{len(countries)} countries with 1990 data (scripts/facts_world.py)."\n')
print(f'[simulation]\nstart = "1990-01"\nmonths = {MONTHS}\nseed = 1990\nagents = {AGENTS}\n')
for c in countries:
    lat, lon = c["loc"]
    print("[[country]]")
    print(f'code = "{c["code"]}"\nname = "{c["name"]}"\ncontinent = "{c["continent"]}"\ngroup = "{c["group"]}"')
    print(f'population = {c["population"]:.0f}\nwage_low = {c["low"]:.0f}\nwage_high = {c["high"]:.0f}')
    print(f'unemployment = {c["u"]:.3f}\nhigh_skilled_share = {c["share"]:.3f}')
    print(f"latitude = {lat:.2f}\nlongitude = {lon:.2f}\n")
eu = [c for c in EU1990 if c in codes]
print("[[bloc]]\nname = \"EU\"\nmembers = [" + ", ".join(f'"{c}"' for c in eu) + "]\n")
seen = set()
for r in rows("cepii_geodist_country_pairs.csv"):
    a, b = OLD.get(r["iso_o"], r["iso_o"]), OLD.get(r["iso_d"], r["iso_d"])
    if a >= b or a not in codes or b not in codes or (a, b) in seen:
        continue
    seen.add((a, b))
    if r["contig"] == "1":
        print(f'[[pair]]\nfrom = "{a}"\nto = "{b}"\ncontiguous = true\n')
    if r["comlang_off"] == "1":
        print(f'[[tie]]\na = "{a}"\nb = "{b}"\nkind = "language"\n')
