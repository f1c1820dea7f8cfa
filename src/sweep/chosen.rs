//! Metrics the user chooses (`[[metrics]]` in a sweep file), in place of
//! the fixed list of [`super::metrics`]:
//!
//! ```toml
//! [[metrics]]                      # any numeric column of timeseries
//! name = "pol_abroad"              # column of results.csv (default: made up)
//! column = "emigrants_abroad"
//! country = "POL"
//! aggregate = "mean"               # mean, sum, last, first, min, max
//! from = "2005-01"                 # window of months (default: the run)
//! to = "2006-12"
//!
//! [[metrics]]                      # a corridor
//! corridor = "POL->DEU"
//! quantity = "flow"                # flow: movers a month; stock: migrants
//! aggregate = "sum"                #   at each December and the last month
//!
//! [[metrics]]                      # a figure of `migrasim compare`
//! compare = "observed.csv"         # relative to the sweep file
//! kind = "stock"
//! set = "all"                      # all, later, change
//! predictor = "model"              # model, persistence, persistence_scaled
//! figure = "spearman"              # cells, spearman, pearson, rmse_log10, rmse, ard
//! ```
//!
//! Counts are in people (agents × people per agent): a sum, first, last,
//! min or max of counts is rounded once to whole people; a mean is not
//! rounded. Values are formatted here, so results.csv is the same text
//! wherever the run ran. A compare figure that cannot be computed (too few
//! matched cells) is left empty.

use std::path::Path;

use crate::compare::{Predictor, RunTables, Set, compare};
use crate::observe::Recorded;
use crate::observed::{Kind, Observed};
use crate::output::columns::Column;
use crate::output::tables::{TIMESERIES_COLUMNS, tables_of};
use crate::scenario::{Scenario, YearMonth};

use super::number::fmt_f64;

/// How the values over the window become one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// Arithmetic mean.
    Mean,
    /// Sum.
    Sum,
    /// The last value of the window.
    Last,
    /// The first value of the window.
    First,
    /// The smallest.
    Min,
    /// The largest.
    Max,
}

/// The names of [`Aggregate`] in sweep files.
pub const AGGREGATES: &[&str] = &["mean", "sum", "last", "first", "min", "max"];

impl Aggregate {
    /// The aggregate named `s`.
    pub fn parse(s: &str) -> Option<Aggregate> {
        Some(match s {
            "mean" => Aggregate::Mean,
            "sum" => Aggregate::Sum,
            "last" => Aggregate::Last,
            "first" => Aggregate::First,
            "min" => Aggregate::Min,
            "max" => Aggregate::Max,
            _ => return None,
        })
    }

    fn of(self, v: &[f64]) -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        Some(match self {
            Aggregate::Mean => v.iter().sum::<f64>() / v.len() as f64,
            Aggregate::Sum => v.iter().sum(),
            Aggregate::Last => v[v.len() - 1],
            Aggregate::First => v[0],
            Aggregate::Min => v.iter().copied().fold(f64::INFINITY, f64::min),
            Aggregate::Max => v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }
}

/// A corridor's quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Movers from origin to destination, each month (people).
    Flow,
    /// People born in origin living in destination, at each December and
    /// after the last month.
    Stock,
}

/// What a chosen metric measures.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A timeseries column of one country.
    Column {
        /// Column name.
        column: String,
        /// Country code.
        country: String,
    },
    /// A corridor.
    Corridor {
        /// Origin code.
        origin: String,
        /// Destination code.
        dest: String,
        /// Flow or stock.
        quantity: Quantity,
    },
    /// A figure of `migrasim compare` against an observed file.
    Compare {
        /// The observed data (loaded when the sweep file is read).
        observed: Box<Observed>,
        /// Kind of observations.
        kind: Kind,
        /// Set of cells.
        set: Set,
        /// Predictor.
        predictor: Predictor,
        /// Figure name (one of [`FIGURES`]).
        figure: String,
    },
}

/// The figures of a comparison a metric may take.
pub const FIGURES: &[&str] = &["cells", "spearman", "pearson", "rmse_log10", "rmse", "ard"];
/// The sets of a comparison.
pub const SETS: &[&str] = &["all", "later", "change"];
/// The predictors of a comparison.
pub const PREDICTORS: &[&str] = &["model", "persistence", "persistence_scaled"];

/// One chosen metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    /// Its column in results.csv.
    pub name: String,
    /// What it measures.
    pub what: What,
    /// Aggregate over the window (not for compare figures).
    pub aggregate: Aggregate,
    /// First month of the window (default: the run's first).
    pub from: Option<YearMonth>,
    /// Last month of the window (default: the run's last).
    pub to: Option<YearMonth>,
    /// Where it is in the sweep file (`file:line:column`).
    pub place: String,
}

/// The set named `s`.
pub fn parse_set(s: &str) -> Option<Set> {
    Some(match s {
        "all" => Set::All,
        "later" => Set::Later,
        "change" => Set::Change,
        _ => return None,
    })
}

/// The predictor named `s`.
pub fn parse_predictor(s: &str) -> Option<Predictor> {
    Some(match s {
        "model" => Predictor::Model,
        "persistence" => Predictor::Persistence,
        "persistence_scaled" => Predictor::PersistenceScaled,
        _ => return None,
    })
}

/// Whether a column of timeseries holds numbers (not codes or dates).
fn numeric(c: &Column) -> bool {
    use crate::output::columns::Kind as K;
    !matches!(c.kind, K::String | K::Yearmonth)
}

/// The numeric timeseries columns of a run of `s`.
pub fn columns_of(s: &Scenario) -> Vec<&'static str> {
    tables_of(s)
        .find(|t| t.name == "timeseries")
        .map(|t| t.columns_of(s))
        .unwrap_or_else(|| TIMESERIES_COLUMNS.to_vec())
        .into_iter()
        .filter(numeric)
        .map(|c| c.name)
        .collect()
}

/// Checks the metrics against a run of `s`: countries, columns, window.
pub fn check(chosen: &[Chosen], s: &Scenario) -> Result<(), String> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    let code = |m: &Chosen, c: &str| -> Result<(), String> {
        if codes.contains(&c) {
            return Ok(());
        }
        let shown: Vec<&str> = codes.iter().copied().take(12).collect();
        Err(format!(
            "{}: metric `{}`: unknown country code \"{c}\"; the scenario has {}{}",
            m.place,
            m.name,
            shown.join(", "),
            if codes.len() > 12 { ", …" } else { "" }
        ))
    };
    let first = s.simulation.start;
    let months = s.simulation.months;
    let last = first.plus(i64::from(months.saturating_sub(1)));
    for m in chosen {
        match &m.what {
            What::Column { column, country } => {
                code(m, country)?;
                let cols = columns_of(s);
                if !cols.contains(&column.as_str()) {
                    return Err(format!(
                        "{}: metric `{}`: `{column}` is not a numeric column of timeseries for this scenario; allowed: {}",
                        m.place,
                        m.name,
                        cols.join(", ")
                    ));
                }
            }
            What::Corridor { origin, dest, .. } => {
                code(m, origin)?;
                code(m, dest)?;
            }
            What::Compare { .. } => {}
        }
        let (from, to) = (m.from.unwrap_or(first), m.to.unwrap_or(last));
        if from > to || to < first || from > last {
            return Err(format!(
                "{}: metric `{}`: the window {from} to {to} holds no month of the run ({first} to {last}); \
                 hint: from and to are YYYY-MM within the run",
                m.place, m.name
            ));
        }
    }
    Ok(())
}

/// The values of the chosen metrics of a finished run, as text.
pub fn compute(
    chosen: &[Chosen],
    s: &Scenario,
    rec: &Recorded,
) -> Result<Vec<(String, String)>, String> {
    let index = |c: &str| s.countries.iter().position(|x| x.code == c);
    let ppa = rec.people_per_agent;
    let mut timeseries = None;
    let mut tables = None;
    let mut out = Vec::with_capacity(chosen.len());
    for m in chosen {
        let inside = |ym: YearMonth| m.from.is_none_or(|f| ym >= f) && m.to.is_none_or(|t| ym <= t);
        let value = match &m.what {
            What::Column { column, country } => {
                if timeseries.is_none() {
                    let t = tables_of(s)
                        .find(|t| t.name == "timeseries")
                        .ok_or("no timeseries table")?;
                    timeseries = Some(
                        crate::output::tables::table_batch(t, s, rec).map_err(|e| e.to_string())?,
                    );
                }
                let batch = timeseries.as_ref().expect("built above");
                let c = index(country).ok_or_else(|| format!("unknown country {country}"))?;
                let col = batch
                    .column_by_name(column)
                    .ok_or_else(|| format!("no column {column}"))?;
                let k = rec.k;
                let mut v = Vec::new();
                let mut integer = true;
                for (t, ym) in rec.months.iter().enumerate() {
                    if !inside(*ym) {
                        continue;
                    }
                    let row = t * k + c;
                    use arrow_array::Array;
                    use arrow_array::cast::AsArray;
                    use arrow_array::types::{Float64Type, Int64Type};
                    if let Some(a) = col.as_primitive_opt::<Int64Type>() {
                        if a.is_valid(row) {
                            v.push(a.value(row) as f64);
                        }
                    } else if let Some(a) = col.as_primitive_opt::<Float64Type>() {
                        integer = false;
                        if a.is_valid(row) {
                            v.push(a.value(row));
                        }
                    }
                }
                format_value(m.aggregate.of(&v), m.aggregate, integer)
            }
            What::Corridor {
                origin,
                dest,
                quantity,
            } => {
                let (a, b) = (
                    index(origin).ok_or_else(|| format!("unknown country {origin}"))? as u16,
                    index(dest).ok_or_else(|| format!("unknown country {dest}"))? as u16,
                );
                // Values in agents, then in people.
                let agents: Vec<f64> = match quantity {
                    Quantity::Flow => {
                        let mut per = vec![0u64; rec.months.len()];
                        for f in rec.flows.iter().filter(|f| f.from == a && f.to == b) {
                            per[f.t as usize] += f.movers as u64;
                        }
                        rec.months
                            .iter()
                            .zip(per)
                            .filter(|(ym, _)| inside(**ym))
                            .map(|(_, x)| x as f64)
                            .collect()
                    }
                    Quantity::Stock => {
                        let mut steps: Vec<u32> = rec.stocks.iter().map(|x| x.t).collect();
                        steps.dedup();
                        steps
                            .into_iter()
                            .filter(|&t| inside(rec.months[t as usize]))
                            .map(|t| {
                                rec.stocks
                                    .iter()
                                    .filter(|x| x.t == t && x.origin == a && x.residence == b)
                                    .map(|x| x.migrants as f64)
                                    .sum()
                            })
                            .collect()
                    }
                };
                let people = m.aggregate.of(&agents).map(|x| x * ppa);
                format_value(people, m.aggregate, true)
            }
            What::Compare {
                observed,
                kind,
                set,
                predictor,
                figure,
            } => {
                let t = tables.get_or_insert_with(|| RunTables::from_recorded(s, rec));
                let c = compare(observed, t);
                match c.get(*kind, *set, *predictor) {
                    None => String::new(),
                    Some(f) => match figure.as_str() {
                        "cells" => f.cells.to_string(),
                        "spearman" => f.spearman.map(fmt_f64).unwrap_or_default(),
                        "pearson" => f.pearson.map(fmt_f64).unwrap_or_default(),
                        "rmse_log10" => f.rmse_log10.map(fmt_f64).unwrap_or_default(),
                        "rmse" => f.rmse.map(fmt_f64).unwrap_or_default(),
                        _ => f.ard.map(fmt_f64).unwrap_or_default(),
                    },
                }
            }
        };
        out.push((m.name.clone(), value));
    }
    Ok(out)
}

/// A value as results.csv holds it: counts (integers) rounded to whole
/// units unless averaged; empty when the window held no value.
fn format_value(v: Option<f64>, agg: Aggregate, integer: bool) -> String {
    match v {
        None => String::new(),
        Some(x) if integer && agg != Aggregate::Mean => format!("{}", x.round() as i64),
        Some(x) => fmt_f64(x),
    }
}

/// Reads `[[metrics]]` of a sweep file. `at(key)` gives the place of a key
/// (`metrics.0.column`); problems are pushed as `(place, message)`.
pub fn parse(
    v: &toml::Value,
    sweep_dir: &Path,
    at: &dyn Fn(&str) -> String,
    problems: &mut Vec<(String, String)>,
) -> Vec<Chosen> {
    let mut out = Vec::new();
    let Some(items) = v.as_array() else {
        problems.push((
            at("metrics"),
            "`metrics` must be an array of tables ([[metrics]] ...); hint: see docs/sweeps.md"
                .into(),
        ));
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let key = |k: &str| format!("metrics.{i}.{k}");
        let Some(t) = item.as_table() else {
            problems.push((
                at(&format!("metrics.{i}")),
                "each [[metrics]] entry must be a table".into(),
            ));
            continue;
        };
        let allowed = [
            "name",
            "column",
            "country",
            "corridor",
            "quantity",
            "compare",
            "kind",
            "set",
            "predictor",
            "figure",
            "aggregate",
            "from",
            "to",
        ];
        let before = problems.len();
        for k in t.keys() {
            if !allowed.contains(&k.as_str()) {
                problems.push((
                    at(&key(k)),
                    format!(
                        "unknown key `{k}` in [[metrics]]; allowed: {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        let string = |k: &str, problems: &mut Vec<(String, String)>| -> Option<String> {
            match t.get(k) {
                None => None,
                Some(toml::Value::String(s)) => Some(s.trim().to_string()),
                Some(x) => {
                    problems.push((at(&key(k)), format!("`{k}` must be a string, found {x}")));
                    None
                }
            }
        };
        let choice =
            |k: &str, allowed: &[&str], default: &str, problems: &mut Vec<(String, String)>| {
                let s = string(k, problems).unwrap_or_else(|| default.to_string());
                if !allowed.contains(&s.as_str()) {
                    problems.push((
                        at(&key(k)),
                        format!(
                            "`{k}` = \"{s}\" is not allowed; allowed: {}",
                            allowed.join(", ")
                        ),
                    ));
                }
                s
            };
        let month = |k: &str, problems: &mut Vec<(String, String)>| -> Option<YearMonth> {
            let s = string(k, problems)?;
            let m = crate::compare::tables::parse_month(&s);
            if m.is_none() {
                problems.push((
                    at(&key(k)),
                    format!("`{k}` = \"{s}\" is not a month; allowed: YYYY-MM, e.g. \"2005-01\""),
                ));
            }
            m
        };
        let sources: Vec<&str> = ["column", "corridor", "compare"]
            .into_iter()
            .filter(|k| t.contains_key(*k))
            .collect();
        if sources.len() != 1 {
            problems.push((
                at(&format!("metrics.{i}")),
                format!(
                    "each [[metrics]] entry needs exactly one of `column` (a timeseries column, with `country`), \
                     `corridor` (\"ORIGIN->DEST\", with `quantity`) or `compare` (an observed CSV, with `kind`, `figure`); found {}",
                    if sources.is_empty() { "none".to_string() } else { sources.join(" and ") }
                ),
            ));
            continue;
        }
        let aggregate = choice("aggregate", AGGREGATES, "last", problems);
        let (from, to) = (month("from", problems), month("to", problems));
        let what = match sources[0] {
            "column" => {
                let column = string("column", problems).unwrap_or_default();
                let Some(country) = string("country", problems) else {
                    problems.push((
                        at(&key("column")),
                        format!("metric on column `{column}` needs `country` (a country code, e.g. country = \"POL\")"),
                    ));
                    continue;
                };
                What::Column { column, country }
            }
            "corridor" => {
                let c = string("corridor", problems).unwrap_or_default();
                let quantity =
                    match choice("quantity", &["flow", "stock"], "flow", problems).as_str() {
                        "stock" => Quantity::Stock,
                        _ => Quantity::Flow,
                    };
                match c.split_once("->") {
                    Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                        What::Corridor {
                            origin: a.trim().to_string(),
                            dest: b.trim().to_string(),
                            quantity,
                        }
                    }
                    _ => {
                        problems.push((
                            at(&key("corridor")),
                            format!(
                                "`corridor` = \"{c}\" must be \"ORIGIN->DEST\", e.g. \"POL->DEU\""
                            ),
                        ));
                        continue;
                    }
                }
            }
            _ => {
                let file = string("compare", problems).unwrap_or_default();
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                let kind = choice("kind", &kinds, "", problems);
                let set = choice("set", SETS, "all", problems);
                let predictor = choice("predictor", PREDICTORS, "model", problems);
                let figure = choice("figure", FIGURES, "", problems);
                if t.contains_key("aggregate") || t.contains_key("from") || t.contains_key("to") {
                    problems.push((
                        at(&format!("metrics.{i}")),
                        "a compare metric takes no `aggregate`, `from` or `to` (the observed file's years choose the months)".into(),
                    ));
                }
                let path = sweep_dir.join(&file);
                let observed = match crate::observed::load(&path) {
                    Ok(o) => o,
                    Err(e) => {
                        problems.push((
                            at(&key("compare")),
                            format!("cannot use {}: {e}", path.display()),
                        ));
                        continue;
                    }
                };
                let (Some(kind), Some(set), Some(predictor)) = (
                    Kind::parse(&kind),
                    parse_set(&set),
                    parse_predictor(&predictor),
                ) else {
                    continue;
                };
                What::Compare {
                    observed: Box::new(observed),
                    kind,
                    set,
                    predictor,
                    figure,
                }
            }
        };
        if problems.len() > before {
            continue;
        }
        let name =
            string("name", problems).unwrap_or_else(|| default_name(&what, &aggregate, from, to));
        out.push(Chosen {
            name,
            what,
            aggregate: Aggregate::parse(&aggregate).unwrap_or(Aggregate::Last),
            from,
            to,
            place: at(&format!("metrics.{i}")),
        });
    }
    // Names are columns of results.csv: one each.
    for (i, m) in out.iter().enumerate() {
        if out[..i].iter().any(|x| x.name == m.name) {
            problems.push((
                m.place.clone(),
                format!(
                    "two metrics are named `{}`; hint: give one a `name`",
                    m.name
                ),
            ));
        }
    }
    out
}

fn default_name(what: &What, agg: &str, from: Option<YearMonth>, to: Option<YearMonth>) -> String {
    let base = match what {
        What::Column { column, country } => format!("{column}.{country}"),
        What::Corridor {
            origin,
            dest,
            quantity,
        } => format!(
            "{}.{origin}->{dest}",
            if *quantity == Quantity::Flow {
                "flow"
            } else {
                "stock"
            }
        ),
        What::Compare {
            kind,
            set,
            predictor,
            figure,
            ..
        } => {
            return format!(
                "compare.{kind}.{}.{}.{figure}",
                set.as_str(),
                predictor.as_str()
            );
        }
    };
    let window = match (from, to) {
        (None, None) => String::new(),
        (f, t) => format!(
            "@{}..{}",
            f.map(|m| m.to_string()).unwrap_or_default(),
            t.map(|m| m.to_string()).unwrap_or_default()
        ),
    };
    format!("{base}.{agg}{window}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observe::summary::to_people;
    use crate::scenario::synthetic::reference_scenario;
    use crate::simulation::RunOptions;

    fn ran() -> (Scenario, Recorded) {
        let s = reference_scenario(4_000, 4, 24, 3);
        let r = crate::run(
            &s,
            &RunOptions {
                threads: Some(1),
                cancel: None,
            },
        )
        .unwrap();
        (s, r.recorded)
    }

    fn parsed(text: &str) -> (Vec<Chosen>, Vec<(String, String)>) {
        let v: toml::Table = toml::from_str(text).unwrap();
        let mut problems = Vec::new();
        let c = parse(
            v.get("metrics").unwrap(),
            Path::new("."),
            &|k| format!("plan.toml[{k}]"),
            &mut problems,
        );
        (c, problems)
    }

    fn get<'a>(m: &'a [(String, String)], name: &str) -> &'a str {
        &m.iter().find(|(k, _)| k == name).unwrap().1
    }

    #[test]
    fn chosen_metrics_have_the_values_taken_by_hand_from_the_run() {
        let (s, rec) = ran();
        let ppa = rec.people_per_agent;
        let (m3, m5) = (rec.months[3], rec.months[5]);
        let (chosen, problems) = parsed(&format!(
            r#"
[[metrics]]
column = "emigrants_abroad"
country = "C01"
[[metrics]]
name = "c01_mean"
column = "emigrants_abroad"
country = "C01"
aggregate = "mean"
from = "{m3}"
to = "{m5}"
[[metrics]]
column = "wage_low"
country = "C02"
aggregate = "max"
[[metrics]]
corridor = "C00->C03"
aggregate = "sum"
[[metrics]]
corridor = "C00->C03"
quantity = "stock"
"#
        ));
        assert!(problems.is_empty(), "{problems:?}");
        check(&chosen, &s).unwrap();
        let m = compute(&chosen, &s, &rec).unwrap();
        let names: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "emigrants_abroad.C01.last",
                "c01_mean",
                "wage_low.C02.max",
                "flow.C00->C03.sum",
                "stock.C00->C03.last"
            ]
        );
        let people = |t: u32| to_people(rec.month(t)[1].emigrants_abroad as i64, ppa);
        assert!(people(23) > 0, "nobody abroad: the test would prove little");
        assert_eq!(get(&m, "emigrants_abroad.C01.last"), people(23).to_string());
        let mean = (people(3) + people(4) + people(5)) as f64 / 3.0;
        assert_eq!(get(&m, "c01_mean"), fmt_f64(mean));
        // The fixed list's corridor flow is the same sum.
        let outputs = super::super::plan::Outputs {
            keep: super::super::plan::Keep::Summary,
            months: Vec::new(),
            corridors: vec![("C00".into(), "C03".into())],
            countries: None,
            format: crate::output::Format::Csv,
            chosen: Vec::new(),
        };
        let fixed = super::super::metrics::compute(&outputs, &s, &rec).unwrap();
        assert_eq!(get(&m, "flow.C00->C03.sum"), get(&fixed, "flow.C00->C03"));
        let last = rec.stocks.iter().map(|x| x.t).max().unwrap();
        let stock: u64 = rec
            .stocks
            .iter()
            .filter(|x| x.t == last && x.origin == 0 && x.residence == 3)
            .map(|x| x.migrants)
            .sum();
        assert_eq!(
            get(&m, "stock.C00->C03.last"),
            to_people(stock as i64, ppa).to_string()
        );
        assert!(!get(&m, "wage_low.C02.max").is_empty());

        // A compare figure: the run's own last stocks fit exactly.
        let year = rec.months[last as usize].year;
        let mut text = String::from("kind,origin,dest,year,value\n");
        let mut n = 0;
        for x in rec.stocks.iter().filter(|x| x.t == last && x.migrants > 0) {
            text.push_str(&format!(
                "stock,{},{},{year},{}\n",
                s.countries[x.origin as usize].code,
                s.countries[x.residence as usize].code,
                to_people(x.migrants as i64, ppa)
            ));
            n += 1;
        }
        let observed = crate::observed::parse(&text, "obs.csv").unwrap();
        let fig = |figure: &str| Chosen {
            name: figure.into(),
            what: What::Compare {
                observed: Box::new(observed.clone()),
                kind: Kind::Stock,
                set: Set::All,
                predictor: Predictor::Model,
                figure: figure.into(),
            },
            aggregate: Aggregate::Last,
            from: None,
            to: None,
            place: String::new(),
        };
        let m = compute(&[fig("cells"), fig("spearman"), fig("ard")], &s, &rec).unwrap();
        assert_eq!(m[0].1, n.to_string());
        assert!(
            (m[1].1.parse::<f64>().unwrap() - 1.0).abs() < 1e-12,
            "{m:?}"
        );
        assert!(m[2].1.parse::<f64>().unwrap().abs() < 1e-12, "{m:?}");
    }

    #[test]
    fn bad_metrics_are_refused_with_the_place_and_what_is_allowed() {
        let (_, problems) = parsed(
            r#"
[[metrics]]
column = "emigrants_abroad"
country = "C01"
aggregate = "median"
[[metrics]]
column = "emigrants_abroad"
[[metrics]]
column = "x"
corridor = "C00->C01"
[[metrics]]
corridor = "C00-C01"
colour = "red"
[[metrics]]
corridor = "C00->C01"
from = "2001-13"
"#,
        );
        let text: Vec<String> = problems.iter().map(|(p, m)| format!("{p}: {m}")).collect();
        let want = [
            "plan.toml[metrics.0.aggregate]: `aggregate` = \"median\" is not allowed; allowed: mean, sum, last, first, min, max",
            "plan.toml[metrics.1.column]: metric on column `emigrants_abroad` needs `country`",
            "plan.toml[metrics.2]: each [[metrics]] entry needs exactly one of",
            "plan.toml[metrics.3.colour]: unknown key `colour` in [[metrics]]; allowed: name,",
            "plan.toml[metrics.3.corridor]: `corridor` = \"C00-C01\" must be \"ORIGIN->DEST\"",
            "plan.toml[metrics.4.from]: `from` = \"2001-13\" is not a month; allowed: YYYY-MM",
        ];
        assert_eq!(text.len(), want.len(), "{text:#?}");
        for (t, w) in text.iter().zip(want) {
            assert!(t.starts_with(w), "{t}\n  wanted {w}");
        }

        let (s, _) = ran();
        let (c, p) = parsed("[[metrics]]\ncolumn = \"wages\"\ncountry = \"C01\"\n");
        assert!(p.is_empty());
        let e = check(&c, &s).unwrap_err();
        assert!(
            e.contains("`wages` is not a numeric column of timeseries for this scenario; allowed: step, population,"),
            "{e}"
        );
        let (c, _) = parsed("[[metrics]]\ncorridor = \"C00->XXX\"\n");
        assert!(
            check(&c, &s)
                .unwrap_err()
                .contains("unknown country code \"XXX\"")
        );
        let (c, _) =
            parsed("[[metrics]]\ncorridor = \"C00->C01\"\nfrom = \"1990-01\"\nto = \"1990-12\"\n");
        assert!(
            check(&c, &s)
                .unwrap_err()
                .contains("holds no month of the run")
        );
        let (_, p) =
            parsed("[[metrics]]\ncorridor = \"C00->C01\"\n[[metrics]]\ncorridor = \"C00->C01\"\n");
        assert!(
            p[0].1
                .contains("two metrics are named `flow.C00->C01.last`"),
            "{p:?}"
        );
    }
}
