//! Checks the `[data]` table and the `[[stock]]` tables of a scenario,
//! reads the CSV files they name ([`super::data`]) and applies the series'
//! first month to the countries.

use std::path::{Path, PathBuf};

use super::checker::{At, Checker};
use super::data::{Data, SERIES_COLUMNS, SeriesVar, Stock, read_pairs, read_series, read_stocks};
use super::schema;
use super::tree::{Pos, join};
use crate::model::{Country, Simulation, SourceFile};

/// Where a path written at `pos` points: relative to the file it was
/// written in (to the current directory for `--set`).
fn resolve(pos: &Pos, value: &str) -> (PathBuf, String) {
    let base = if &*pos.file == super::overrides::LABEL {
        Path::new("")
    } else {
        Path::new(&*pos.file).parent().unwrap_or(Path::new(""))
    };
    let path = base.join(value);
    let label = path.display().to_string();
    (path, label)
}

/// Builds [`Data`]: the series (applied to `countries` at month 0) and the
/// stocks, the CSV files added to `sources`.
pub(super) fn data(
    c: &mut Checker,
    top: &At<'_>,
    countries: &mut [Country],
    sim: &Simulation,
    sources: &mut Vec<SourceFile>,
) -> Data {
    let s = &schema::DATA;
    let mut out = Data::default();
    let codes: Vec<String> = countries.iter().map(|x| x.code.clone()).collect();
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    if let Some(at) = c.table(top, "data", s) {
        let ignore = c
            .string(&at, s, "other_countries")
            .is_some_and(|(v, _)| v == "ignore");
        out.exit_rate = c.number(&at, s, "exit_rate").unwrap_or(out.exit_rate);
        let series = c.string(&at, s, "series");
        let stocks = c.string(&at, s, "stocks");
        let pairs = c.string(&at, s, "pairs");
        if !codes.is_empty() {
            if let Some((file, pos)) = series {
                let (path, label) = resolve(&pos, &file);
                match read_series(&path, &label, &codes, ignore, sim.start, sim.months) {
                    Ok((series, source)) => {
                        sources.push(source);
                        out.series = Some(series);
                    }
                    Err(d) => file_problems(c, d, &pos, "data.series"),
                }
                out.series_file = Some(file);
            }
            if let Some((file, pos)) = stocks {
                let (path, label) = resolve(&pos, &file);
                match read_stocks(&path, &label, &codes, ignore) {
                    Ok((stocks, source)) => {
                        sources.push(source);
                        out.stocks = stocks;
                    }
                    Err(d) => file_problems(c, d, &pos, "data.stocks"),
                }
                out.stocks_file = Some(file);
            }
            if let Some((file, pos)) = pairs {
                let (path, label) = resolve(&pos, &file);
                match read_pairs(&path, &label, &codes, ignore) {
                    Ok((rows, source)) => {
                        sources.push(source);
                        out.pair_rows = rows;
                    }
                    Err(d) => file_problems(c, d, &pos, "data.pairs"),
                }
                out.pairs_file = Some(file);
            }
        }
    }
    out.stocks.extend(inline_stocks(c, top, &codes));
    if let Some(series) = &out.series {
        for (j, country) in countries.iter_mut().enumerate() {
            let at0 = |v: SeriesVar| series.get(v, j, 0);
            if let Some(x) = at0(SeriesVar::Population) {
                country.population = x;
            }
            if let Some(x) = at0(SeriesVar::WageLow) {
                country.wage_low = x;
            }
            if let Some(x) = at0(SeriesVar::WageHigh) {
                country.wage_high = x;
            }
            if let Some(x) = at0(SeriesVar::Unemployment) {
                country.unemployment = x;
            }
            if let Some(x) = at0(SeriesVar::HighSkilledShare) {
                country.high_skilled_share = x;
            }
        }
        for country in countries.iter() {
            if country.population <= 0.0 {
                c.error(
                    &top.pos,
                    &format!("country.{}.population", country.code),
                    "the population series is 0 in the first month".to_string(),
                    Some("a population > 0 at the start".into()),
                    None,
                );
            }
        }
    }
    check_stock_totals(c, top, countries, &out.stocks);
    out
}

/// Reports a CSV file's problems; a file that cannot be read is reported
/// at the key that names it.
fn file_problems(c: &mut Checker, found: Vec<super::Diagnostic>, pos: &Pos, key: &str) {
    for mut d in found {
        if d.line == 0 {
            d.file = pos.file.to_string();
            d.line = pos.line;
            d.column = pos.column;
            d.key = key.to_string();
            d.allowed = Some(format!(
                "a CSV file, relative to the scenario file ({})",
                match key {
                    "data.series" => format!("country,date,{}", SERIES_COLUMNS.join("|")),
                    "data.pairs" => "a,b,km[,contiguous]".into(),
                    _ => "origin,residence,people[,skill][,legal_share]".into(),
                }
            ));
        }
        c.diagnostics.push(d);
    }
}

/// The `[[stock]]` tables.
fn inline_stocks(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Stock> {
    let s = &schema::STOCK;
    let mut out = Vec::new();
    for at in c.elements(top, "stock", s) {
        let table = at.table;
        let origin = c.country(&at, s, "origin", codes);
        let residence = c.country(&at, s, "residence", codes);
        let stock = c.element::<Stock>(&at);
        let (Some(origin), Some(residence), true) = (origin, residence, stock.ok()) else {
            continue;
        };
        if origin == residence {
            let p = table
                .get("residence")
                .map_or(at.pos.clone(), |e| e.item.pos.clone());
            c.error(
                &p,
                &join(&at.path, "residence"),
                format!("{} is the origin itself", codes[residence]),
                Some(
                    "a country other than the origin (natives at home are the population \
                     less the immigrants)"
                        .into(),
                ),
                None,
            );
            continue;
        }
        out.push(Stock {
            origin,
            residence,
            ..stock.value
        });
    }
    out
}

/// Immigrants placed in a country cannot outnumber its residents.
fn check_stock_totals(c: &mut Checker, top: &At<'_>, countries: &[Country], stocks: &[Stock]) {
    if stocks.is_empty() {
        return;
    }
    let mut into = vec![0.0; countries.len()];
    for st in stocks {
        into[st.residence] += st.people;
    }
    for (country, &n) in countries.iter().zip(&into) {
        // A population that is not > 0 was reported (a wrong key, or the
        // series): no second error about it.
        if country.population > 0.0 && n > country.population {
            c.error(
                &top.pos,
                &format!("country.{}.population", country.code),
                format!(
                    "the stocks living in {} add up to {} people, more than its population {}",
                    country.code,
                    schema::fmt_num(n),
                    schema::fmt_num(country.population)
                ),
                Some("stocks into a country of at most its (resident) population".into()),
                Some(
                    "population is the resident working-age population, immigrants included".into(),
                ),
            );
        }
    }
}
