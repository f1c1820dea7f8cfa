#!/usr/bin/env python3
"""Derive the country numbers of scenarios/quickstart.toml from ../shared/data.

Prints the [[country]] tables for the year given (default 2004). Rules:
- population: Penn World Table 11.0 pop (millions) x WDI share of ages 15-64;
- average monthly wage: GDP per capita (current US$, Gaskin) x pop / emp (PWT)
  x labour share (PWT labsh) / 12;
- high-skilled share: 0.6 x (hc - 1) / 2.7 from the PWT human capital index,
  clamped to [0.03, 0.6];
- wage_high = premium x wage_low with a premium of 1.8 (industrialised),
  2.2 (transition), 2.6 (developing); wage_low solves
  average = wage_low x (1 - share) + wage_high x share;
- unemployment: WDI ILO-modelled rate; location: country centroids.
Run: python3 scripts/quickstart_data.py [year] > /tmp/countries.toml
"""
import csv, os, sys

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
YEAR = int(sys.argv[1]) if len(sys.argv) > 1 else 2004
COUNTRIES = [  # code, name, continent, group
    ("DEU", "Germany", "Europe", "industrialised"),
    ("FRA", "France", "Europe", "industrialised"),
    ("GBR", "United Kingdom", "Europe", "industrialised"),
    ("ESP", "Spain", "Europe", "industrialised"),
    ("ITA", "Italy", "Europe", "industrialised"),
    ("POL", "Poland", "Europe", "transition"),
    ("ROU", "Romania", "Europe", "transition"),
    ("UKR", "Ukraine", "Europe", "transition"),
    ("TUR", "Turkey", "Asia", "developing"),
    ("MAR", "Morocco", "Africa", "developing"),
    ("IND", "India", "Asia", "developing"),
    ("MEX", "Mexico", "North America", "developing"),
    ("USA", "United States", "North America", "industrialised"),
]
PREMIUM = {"industrialised": 1.8, "transition": 2.2, "developing": 2.6}


def rows(name):
    with open(os.path.join(DATA, name), newline="") as f:
        yield from csv.DictReader(f)


pwt = {r["countrycode"]: r for r in rows("pwt110_core_1950_2023.csv") if r["year"] == str(YEAR)}
gdp = {r["Country ISO"]: r for r in rows("gaskin_gdp_231_countries_1960_2023.csv") if r["Year"] == str(YEAR)}
unemp = {r["iso3"]: float(r["unemployment_pct"]) for r in rows("wdi_unemployment_ilo_modelled_1991_2025.csv") if r["year"] == str(YEAR)}
wa_col = f"{YEAR} [YR{YEAR}]"
working = {r["Country Code"]: float(r[wa_col]) for r in rows("wdi_working_age_pop_share_1990_2010.csv") if r.get(wa_col) not in (None, "", "..")}
centroid = {r["iso_a3"]: (float(r["lat"]), float(r["long"])) for r in rows("country_centroids.csv")}

for code, name, continent, group in COUNTRIES:
    p = pwt[code]
    pop, emp, labsh, hc = float(p["pop"]), float(p["emp"]), float(p["labsh"]), float(p["hc"])
    gdppc = float(gdp[code]["GDP/capita (current USD)"])
    average = gdppc * pop / emp * labsh / 12
    share = min(0.6, max(0.03, 0.6 * (hc - 1) / 2.7))
    r = PREMIUM[group]
    low = average / (1 - share + r * share)
    lat, lon = centroid[code]
    print("[[country]]")
    print(f'code = "{code}"\nname = "{name}"\ncontinent = "{continent}"\ngroup = "{group}"')
    print(f"population = {pop * 1e6 * working[code] / 100:.0f}")
    print(f"wage_low = {low:.0f}\nwage_high = {low * r:.0f}")
    print(f"unemployment = {unemp[code] / 100:.3f}\nhigh_skilled_share = {share:.2f}")
    print(f"latitude = {lat:.2f}\nlongitude = {lon:.2f}\n")
