//! From the data tables to a scenario: the chosen countries with their
//! start-year values, the series and stocks tables the scenario names, the
//! free-movement areas with their real accession dates and transitional
//! arrangements, CEPII ties and conflicts as shocks. Every filled value and
//! everything left out is listed in the report. The rules are those of
//! data/README.md ("The world builder").

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::areas::{MAX_IMMIGRANT_SHARE, blocs, shocks};
pub use super::areas::{MAX_REFUGEE_SHARE, REFUGEES_PER_DEATH, WAR_DEATHS, WAR_DEATHS_PER_MILLION};
use super::data::{DataSet, SeriesRow};
pub use super::options::{Selection, WorldOptions, parse_until};
use super::text::{list, quote, rule_name, year_ranges};
use crate::error::Error;

/// First line of every scenario the builder writes (how it recognises its
/// own files before overwriting them).
pub const MARKER: &str = "# Written by `migrasim world`";

/// A built world: the scenario, its tables and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    /// The scenario file.
    pub toml: String,
    /// series.csv (the engine's columns).
    pub series_csv: String,
    /// stocks.csv.
    pub stocks_csv: String,
    /// pairs.csv: distances, contiguity and CEPII ties of every pair.
    pub pairs_csv: String,
    /// What was filled by a rule or left out, one line each.
    pub report: Vec<String>,
    /// Countries of the world.
    pub countries: usize,
}

/// The data columns of series.csv behind the engine's variables, with how
/// the report names them (Barro-Lee's 5-yearly tertiary shares are always
/// interpolated between its years: a derivation, not reported as a fill).
const COLUMNS: [(&str, &str); 7] = [
    ("total_population", "population (total population)"),
    ("working_age_share", "population (working-age share)"),
    ("gdp", "wages (GDP)"),
    ("employment", "wages (employment)"),
    ("labour_share", "wages (labour share)"),
    ("unemployment", "unemployment"),
    ("high_skilled_share", "high_skilled_share"),
];

/// Builds the world `o` from the data `d`.
pub fn build(d: &DataSet, o: &WorldOptions) -> Result<World, Error> {
    let (lo, hi) = d.years();
    if o.year < lo || o.year > hi {
        return Err(Error::Options(format!(
            "--year: {} is outside the data; allowed: a year from {lo} to {hi}",
            o.year
        )));
    }
    if o.until.0 < o.year {
        return Err(Error::Options(format!(
            "--until: {}-{:02} is before the start ({}-01); allowed: a month from {}-01 on",
            o.until.0, o.until.1, o.year, o.year
        )));
    }
    let months = (o.until.0 - o.year) * 12 + o.until.1 as i32;
    let mut report = Vec::new();
    let codes = select(d, o, &mut report)?;
    let chosen: BTreeSet<&str> = codes.iter().map(String::as_str).collect();
    let base: Vec<&SeriesRow> = codes
        .iter()
        .map(|c| d.series_at(c, o.year).expect("every country has series"))
        .collect();

    // ---- series --------------------------------------------------------
    let (first, last) = ((o.year - 1).max(lo), (o.until.0 + 1).min(hi));
    let mut series = String::from(
        "country,date,population,wage_low,wage_high,unemployment,high_skilled_share\n",
    );
    let mut filled: BTreeMap<(&str, &str), BTreeMap<&str, Vec<i32>>> = BTreeMap::new();
    for c in &codes {
        for y in first..=last {
            let Some(r) = d.series[c].get(&y) else {
                continue;
            };
            let _ = writeln!(
                series,
                "{c},{y},{:.0},{:.2},{:.2},{:.4},{:.4}",
                r.population, r.wage_low, r.wage_high, r.unemployment, r.high_skilled_share
            );
            if y < o.year || y > o.until.0 {
                continue;
            }
            for (column, var) in COLUMNS {
                for (v, how) in &r.filled {
                    if v == column && !(column == "high_skilled_share" && how == "interpolated") {
                        let years = filled
                            .entry((var, rule_name(how)))
                            .or_default()
                            .entry(c)
                            .or_default();
                        if years.last() != Some(&y) {
                            years.push(y);
                        }
                    }
                }
            }
        }
    }
    if o.until.0 > hi {
        report.push(format!(
            "series end in {hi}: the values of {hi} hold until {}-{:02}",
            o.until.0, o.until.1
        ));
    }
    for ((var, how), cs) in &filled {
        let each: Vec<String> = cs
            .iter()
            .map(|(c, ys)| format!("{c} {}", year_ranges(ys)))
            .collect();
        report.push(format!(
            "{var} by {how}: {}",
            list(each.iter().map(String::as_str))
        ));
    }

    // ---- stocks --------------------------------------------------------
    let stocks_csv = stocks(d, o, &codes, &base, &chosen, &mut report);

    // ---- pairs and ties -----------------------------------------------
    let mut pairs_csv = String::from("a,b,km,contiguous,common_language,colony,source\n");
    let mut ties = Vec::new();
    let mut missing = Vec::new();
    let mut sorted = codes.clone();
    sorted.sort();
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            match d.pairs.get(&(a.clone(), b.clone())) {
                Some(p) => {
                    let _ = writeln!(
                        pairs_csv,
                        "{a},{b},{:.0},{},{},{},CEPII",
                        p.km, p.contiguous as u8, p.common_language as u8, p.colony as u8
                    );
                    if p.common_language {
                        ties.push((a.clone(), b.clone(), "language"));
                    }
                    if p.colony {
                        ties.push((a.clone(), b.clone(), "history"));
                    }
                }
                None => {
                    let (ca, cb) = (d.country(a).unwrap(), d.country(b).unwrap());
                    let km = crate::model::geo::haversine_km(
                        (ca.latitude, ca.longitude),
                        (cb.latitude, cb.longitude),
                    );
                    let _ = writeln!(pairs_csv, "{a},{b},{km:.0},0,0,0,centroids");
                    missing.push(format!("{a}-{b}"));
                }
            }
        }
    }
    if !missing.is_empty() {
        report.push(format!(
            "{} pairs are not in CEPII GeoDist: distance between centroids, no border, language or colonial tie: {}",
            missing.len(),
            list(missing.iter().map(String::as_str))
        ));
    }

    // ---- the scenario ------------------------------------------------
    let mut t = String::new();
    if let Some(e) = &o.extends {
        let _ = writeln!(t, "extends = {}", quote(e));
    }
    let _ = writeln!(t, "name = {}", quote(&o.name));
    let _ = writeln!(
        t,
        "description = {}",
        quote(&format!(
            "{} countries {}-01 to {}-{:02} from data: initial migrant stocks, observed populations, wages and unemployment, free-movement areas, CEPII ties{}.",
            codes.len(),
            o.year,
            o.until.0,
            o.until.1,
            if o.conflicts { ", conflicts" } else { "" }
        ))
    );
    let _ = writeln!(
        t,
        "\n[simulation]\nstart = \"{}-01\"\nmonths = {months}\nseed = {}\nagents = {}",
        o.year, o.seed, o.agents
    );
    let _ = writeln!(
        t,
        "\n[data]\nseries = {}\nstocks = {}\npairs = {}",
        quote(&format!("{}/series.csv", o.tables)),
        quote(&format!("{}/stocks.csv", o.tables)),
        quote(&format!("{}/pairs.csv", o.tables))
    );
    if o.extends.is_none() {
        t.push_str(super::behaviour::BEHAVIOUR);
    }
    blocs(&mut t, d, o, &chosen, &mut report);
    if !ties.is_empty() {
        t.push_str(
            "\n# Ties from CEPII GeoDist: comlang_off = 1 is a \"language\" tie, colony = 1 a\n\
             # \"history\" tie; strengths from [ties] (language set above, history the default).\n",
        );
        for (a, b, kind) in &ties {
            let _ = writeln!(t, "\n[[tie]]\na = \"{a}\"\nb = \"{b}\"\nkind = \"{kind}\"");
        }
    }
    if o.conflicts {
        shocks(&mut t, d, o, &chosen, &mut report);
    }
    t.push_str(
        "\n# Countries: values of the start year (the series take over from there);\n\
         # no cycle of their own: the observed series carry the business cycles.\n",
    );
    for (c, r) in codes.iter().zip(&base) {
        let row = d.country(c).unwrap();
        let _ = writeln!(
            t,
            "\n[[country]]\ncode = \"{c}\"\nname = {}\ncontinent = {}\ngroup = \"{}\"\n\
             population = {:.0}\nwage_low = {:.2}\nwage_high = {:.2}\nunemployment = {:.4}\n\
             high_skilled_share = {:.4}\nlatitude = {:.2}\nlongitude = {:.2}\ncycle = {{ amplitude = 0.0 }}",
            quote(&row.name),
            quote(&row.continent),
            row.group,
            r.population,
            r.wage_low,
            r.wage_high,
            r.unemployment,
            r.high_skilled_share,
            row.latitude,
            row.longitude
        );
    }
    // the report is complete only now (blocs and shocks add to it)
    let toml = format!("{}\n{t}", header(o, &report));
    Ok(World {
        toml,
        series_csv: series,
        stocks_csv,
        pairs_csv,
        report,
        countries: codes.len(),
    })
}

/// The scenario's header comment: where it comes from, how to remake it,
/// and the report.
fn header(o: &WorldOptions, report: &[String]) -> String {
    let mut h = String::new();
    let _ = writeln!(
        h,
        "{MARKER} from the data tables of data/ (data/README.md)."
    );
    let _ = writeln!(h, "# Remake: {}", o.command);
    let _ = writeln!(
        h,
        "# Countries {}-01 to {}-{:02}: start-year values below, the yearly series in\n\
         # {tables}/series.csv (working-age residents, wages in 2015 US$ a month,\n\
         # unemployment, tertiary share), initial migrant stocks in {tables}/stocks.csv\n\
         # (working-age people), distances, borders and CEPII ties of every pair in\n\
         # {tables}/pairs.csv. Filled by a rule or left out:",
        o.year,
        o.until.0,
        o.until.1,
        tables = o.tables
    );
    if report.is_empty() {
        h.push_str("#   - nothing\n");
    }
    for line in report {
        let _ = writeln!(h, "#   - {line}");
    }
    h
}

/// Whether a country-year is covered well: population (total and
/// working-age share) and GDP from the country's own data (observed, or
/// interpolated between its observations; the working-age share may also
/// hold its nearest year), not from a rule that borrows other countries'.
pub fn well_covered(r: &SeriesRow) -> bool {
    r.filled.iter().all(|(v, how)| match v.as_str() {
        "total_population" | "gdp" => {
            matches!(
                how.as_str(),
                "interpolated" | "gaskin_population" | "from_gdp_per_capita"
            )
        }
        "working_age_share" => matches!(how.as_str(), "interpolated" | "nearest_year"),
        _ => true,
    })
}

/// The chosen codes, checked against the data.
fn select(d: &DataSet, o: &WorldOptions, report: &mut Vec<String>) -> Result<Vec<String>, Error> {
    let well = |c: &str| d.series_at(c, o.year).is_some_and(well_covered);
    let covered: Vec<&str> = d
        .countries
        .iter()
        .map(|c| c.code.as_str())
        .filter(|c| well(c))
        .collect();
    match &o.countries {
        Selection::All => {
            let out: Vec<&str> = d
                .countries
                .iter()
                .map(|c| c.code.as_str())
                .filter(|c| !covered.contains(c))
                .collect();
            if !out.is_empty() {
                report.push(format!(
                    "left out, population or GDP of {} not from the country's own data: {}",
                    o.year,
                    list(out.iter().copied())
                ));
            }
            Ok(covered.iter().map(|c| c.to_string()).collect())
        }
        Selection::Top(n) => {
            let mut by_pop: Vec<(&str, f64)> = covered
                .iter()
                .map(|c| (*c, d.series_at(c, o.year).unwrap().population))
                .collect();
            by_pop.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            if *n > by_pop.len() {
                return Err(Error::Options(format!(
                    "--countries: top:{n} asks for more countries than the data covers well in {}; allowed: top:2 to top:{}",
                    o.year,
                    by_pop.len()
                )));
            }
            Ok(by_pop[..*n].iter().map(|(c, _)| c.to_string()).collect())
        }
        Selection::Codes(codes) => {
            let known: Vec<&str> = d.countries.iter().map(|c| c.code.as_str()).collect();
            let mut seen = BTreeSet::new();
            for c in codes {
                if !known.contains(&c.as_str()) {
                    let hint = crate::scenario::build::did_you_mean(c, known.iter().copied())
                        .map_or(String::new(), |h| format!(" ({h})"));
                    return Err(Error::Options(format!(
                        "--countries: \"{c}\" is not a country of the data{hint}; allowed: ISO 3166-1 alpha-3 codes of data/countries.csv"
                    )));
                }
                if !seen.insert(c.as_str()) {
                    return Err(Error::Options(format!(
                        "--countries: \"{c}\" is listed twice; allowed: each country once"
                    )));
                }
                if !covered.contains(&c.as_str()) {
                    report.push(format!(
                        "{c}: population or GDP of {} not from the country's own data; taken from the fill rules",
                        o.year
                    ));
                }
            }
            Ok(codes.clone())
        }
    }
}

/// stocks.csv of the world, with the report lines on what was left out.
fn stocks(
    d: &DataSet,
    o: &WorldOptions,
    codes: &[String],
    base: &[&SeriesRow],
    chosen: &BTreeSet<&str>,
    report: &mut Vec<String>,
) -> String {
    let years: BTreeSet<i32> = d.stocks.iter().map(|s| s.year).collect();
    let Some(&year) = years.iter().min_by_key(|y| ((*y - o.year).abs(), **y)) else {
        report.push("no migrant stocks in the data: everyone starts at home".into());
        return "origin,residence,people\n".into();
    };
    let rows: Vec<_> = d
        .stocks
        .iter()
        .filter(|s| s.year == year && chosen.contains(s.origin.as_str()))
        .collect();
    let (mut kept, mut outside) = (0.0, 0.0);
    let mut into: BTreeMap<&str, f64> = BTreeMap::new();
    for s in &rows {
        if chosen.contains(s.residence.as_str()) {
            *into.entry(s.residence.as_str()).or_default() += s.people;
            kept += s.people;
        } else {
            outside += s.people;
        }
    }
    let mut scale: BTreeMap<&str, f64> = BTreeMap::new();
    for (c, r) in codes.iter().zip(base) {
        let total = into.get(c.as_str()).copied().unwrap_or(0.0);
        if total > MAX_IMMIGRANT_SHARE * r.population {
            let f = MAX_IMMIGRANT_SHARE * r.population / total;
            scale.insert(c.as_str(), f);
            report.push(format!(
                "{c}: immigrants of {year} ({total:.0}) exceed {:.0} % of the residents of {} ({:.0}); scaled by {f:.3}",
                100.0 * MAX_IMMIGRANT_SHARE,
                o.year,
                r.population
            ));
        }
    }
    if year != o.year {
        report.push(format!(
            "migrant stocks of {year} (the nearest year with data){}",
            if year == 2000 {
                ": corridors of at least 20 000 people only"
            } else {
                ""
            }
        ));
    }
    if outside > 0.0 {
        report.push(format!(
            "left out {outside:.0} working-age emigrants living in countries outside this world; {kept:.0} placed"
        ));
    }
    // Skill of the stocks: the origin's high-skilled share h times the
    // tertiary/total emigration ratio of IAB (at most 1) where the data have
    // it, else split by h in the engine (an empty skill).
    let home: BTreeMap<&str, f64> = codes
        .iter()
        .zip(base)
        .map(|(c, r)| (c.as_str(), r.high_skilled_share))
        .collect();
    let mut unsplit = BTreeSet::new();
    let mut out = String::from("origin,residence,people,skill\n");
    let mut sorted: Vec<_> = rows
        .iter()
        .filter(|s| chosen.contains(s.residence.as_str()))
        .map(|s| {
            let f = scale.get(s.residence.as_str()).copied().unwrap_or(1.0);
            let high = s
                .tertiary_ratio
                .map(|q| (q * home.get(s.origin.as_str()).copied().unwrap_or(0.0)).min(1.0));
            (
                s.origin.as_str(),
                s.residence.as_str(),
                (s.people * f).round(),
                high,
            )
        })
        .filter(|s| s.2 >= 1.0)
        .collect();
    sorted.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (a, b, p, high) in sorted {
        match high {
            Some(e) => {
                let h = (p * e).round();
                if h > 0.0 {
                    let _ = writeln!(out, "{a},{b},{h:.0},high");
                }
                if p - h > 0.0 {
                    let _ = writeln!(out, "{a},{b},{:.0},low", p - h);
                }
            }
            None => {
                unsplit.insert(a);
                let _ = writeln!(out, "{a},{b},{p:.0},");
            }
        }
    }
    report.push(if unsplit.is_empty() {
        "skill of the migrant stocks: the origin's high-skilled share × its tertiary/total emigration ratio of IAB".into()
    } else {
        format!(
            "skill of the migrant stocks: the origin's high-skilled share × its tertiary/total emigration ratio of IAB; split by the high-skilled share alone (no IAB figure): {}",
            list(unsplit.iter().copied())
        )
    });
    out
}
