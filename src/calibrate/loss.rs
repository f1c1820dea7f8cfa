//! The calibration loss (docs/calibration.md, "Loss"): which target cells
//! count and how, parsed from `--weight` and `--change` and checked
//! against the targets.
//!
//! - **Level terms.** One per kind, or per kind and year where a
//!   `--weight KIND@YEAR=W` names that kind: the RMSE of log10 values over
//!   the term's cells (net migration: RMSE / root mean square of the
//!   observed values).
//! - **Change terms** (`--change KIND=W`): cells observed in an earlier
//!   year too, the simulated growth against the observed growth since the
//!   earliest year, as log10 ratios (or, `--change KIND:people=W`, as
//!   differences in people, relative to the observed changes' root mean
//!   square).
//! - **Starting values.** Stocks and emigration rates of the scenario's
//!   start year are the run's initial conditions, which no parameter
//!   moves: they are left out of the level terms unless asked for
//!   (`--fit-start-year`); change terms use them as the base.

use std::collections::{BTreeMap, HashMap};

use crate::compare::{log_floor, log10_floored};
use crate::observed::{Kind, Observed};

/// The loss's terms, as the user asked for them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LossSpec {
    /// Level weights by `KIND` or `KIND@YEAR` (missing: the kind's weight,
    /// else 1).
    pub weights: BTreeMap<String, f64>,
    /// Change terms: `KIND` (log10 ratio) or `KIND:people` → weight.
    pub changes: BTreeMap<String, f64>,
    /// Keep the start year's stocks and emigration rates in the level terms.
    pub fit_start_year: bool,
}

/// How a change term measures the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeScale {
    /// log10(later / earliest), simulated against observed.
    Log,
    /// later − earliest in people, RMSE over the observed changes' RMS.
    People,
}

/// One term of the loss.
#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// Levels of `kind` (of `year` only where given).
    Level {
        kind: Kind,
        year: Option<i32>,
        weight: f64,
        cells: Vec<usize>,
    },
    /// Change of `kind` between pairs (later, earliest) of cells.
    Change {
        kind: Kind,
        scale: ChangeScale,
        weight: f64,
        pairs: Vec<(usize, usize)>,
    },
}

/// The loss, resolved against the targets: which rows each term uses.
#[derive(Debug, Clone, PartialEq)]
pub struct LossPlan {
    terms: Vec<Term>,
}

const WEIGHT_FORM: &str = "--weight KIND=W or KIND@YEAR=W with W a number ≥ 0, e.g. --weight stock=2 --weight stock@2000=4";
const CHANGE_FORM: &str =
    "--change KIND=W or KIND:people=W with W a number ≥ 0, e.g. --change stock=4";

fn kinds_list() -> String {
    Kind::ALL.map(|k| k.as_str()).join(", ")
}

fn number(text: &str, v: &str, form: &str) -> Result<f64, String> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
        .ok_or_else(|| format!("{text}: \"{}\" is not a weight; allowed: {form}", v.trim()))
}

fn kind(text: &str, k: &str, form: &str) -> Result<Kind, String> {
    Kind::parse(k.trim()).ok_or_else(|| {
        format!(
            "{text}: unknown kind \"{}\"; allowed kinds: {}; form: {form}",
            k.trim(),
            kinds_list()
        )
    })
}

/// Parses one `--weight` value: `KIND=W` or `KIND@YEAR=W`; returns the key
/// (`stock`, `stock@2000`) and the weight.
pub fn parse_weight(value: &str) -> Result<(String, f64), String> {
    let text = format!("--weight {value}");
    let Some((key, w)) = value.split_once('=') else {
        return Err(format!("{text}: no weight; allowed: {WEIGHT_FORM}"));
    };
    let w = number(&text, w, WEIGHT_FORM)?;
    let key = key.trim();
    match key.split_once('@') {
        None => Ok((kind(&text, key, WEIGHT_FORM)?.as_str().to_string(), w)),
        Some((k, y)) => {
            let k = kind(&text, k, WEIGHT_FORM)?;
            let y: i32 = y.trim().parse().map_err(|_| {
                format!(
                    "{text}: \"{}\" is not a year; allowed: {WEIGHT_FORM}",
                    y.trim()
                )
            })?;
            Ok((format!("{}@{y}", k.as_str()), w))
        }
    }
}

/// Parses one `--change` value: `KIND=W` or `KIND:people=W`.
pub fn parse_change(value: &str) -> Result<(String, f64), String> {
    let text = format!("--change {value}");
    let Some((key, w)) = value.split_once('=') else {
        return Err(format!("{text}: no weight; allowed: {CHANGE_FORM}"));
    };
    let w = number(&text, w, CHANGE_FORM)?;
    let key = key.trim();
    let (k, scale) = match key.split_once(':') {
        None => (key, ChangeScale::Log),
        Some((k, "people")) => (k, ChangeScale::People),
        Some((k, "log")) => (k, ChangeScale::Log),
        Some((_, s)) => {
            return Err(format!(
                "{text}: unknown scale \"{s}\"; allowed: log (KIND=W, the default) or people (KIND:people=W)"
            ));
        }
    };
    let k = kind(&text, k, CHANGE_FORM)?;
    if k == Kind::NetMigration && scale == ChangeScale::Log {
        return Err(format!(
            "{text}: net migration may be negative, so it has no log ratio; allowed: --change net_migration:people=W"
        ));
    }
    Ok(match scale {
        ChangeScale::Log => (k.as_str().to_string(), w),
        ChangeScale::People => (format!("{}:people", k.as_str()), w),
    })
}

/// Kinds whose start-year values are the run's initial conditions.
fn is_state(kind: Kind) -> bool {
    matches!(kind, Kind::Stock | Kind::EmigrationRate)
}

impl LossSpec {
    /// A one-line description (kept in the calibration's fingerprint and
    /// printed in report.md).
    pub fn describe(&self) -> String {
        let w: Vec<String> = self
            .weights
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let c: Vec<String> = self
            .changes
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        format!(
            "levels [{}] (other kinds 1), changes [{}], start-year stocks and rates {}",
            w.join(", "),
            c.join(", "),
            if self.fit_start_year {
                "fitted"
            } else {
                "left out"
            }
        )
    }

    /// Resolves the terms against `observed` (the run starting in
    /// `start_year`; `matched` says which rows name only the run's
    /// countries). Errors name the option and what the targets hold.
    pub fn plan(
        &self,
        observed: &Observed,
        start_year: i32,
        matched: &[bool],
    ) -> Result<LossPlan, String> {
        let rows = &observed.rows;
        let years_of = |k: Kind| -> Vec<i32> {
            let mut y: Vec<i32> = rows
                .iter()
                .filter(|o| o.kind == k)
                .map(|o| o.year)
                .collect();
            y.sort_unstable();
            y.dedup();
            y
        };
        let list = |y: &[i32]| {
            if y.is_empty() {
                "none".to_string()
            } else {
                y.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        // Every KIND@YEAR must name targets.
        for key in self.weights.keys() {
            if let Some((k, y)) = key.split_once('@') {
                let k = Kind::parse(k).ok_or_else(|| format!("--weight {key}: unknown kind"))?;
                let y: i32 = y.parse().map_err(|_| format!("--weight {key}: bad year"))?;
                let ys = years_of(k);
                if !ys.contains(&y) {
                    return Err(format!(
                        "--weight {key}: {} has no {} target of {y}; allowed years: {}",
                        observed.label,
                        k.as_str(),
                        list(&ys)
                    ));
                }
                if is_state(k) && y == start_year && !self.fit_start_year {
                    return Err(format!(
                        "--weight {key}: {y} is the run's start year, whose {} values are the initial conditions and are left out of the loss; allowed: a later year ({}), or --fit-start-year to fit them",
                        k.as_str(),
                        list(&ys.iter().copied().filter(|&x| x != y).collect::<Vec<_>>())
                    ));
                }
            }
        }
        let mut terms = Vec::new();
        for k in observed.kinds() {
            let kind_w = self.weights.get(k.as_str()).copied().unwrap_or(1.0);
            let split = self
                .weights
                .keys()
                .any(|key| key.split_once('@').is_some_and(|(kk, _)| kk == k.as_str()));
            let keep = |i: usize| {
                matched[i] && !(is_state(k) && rows[i].year == start_year && !self.fit_start_year)
            };
            let cells: Vec<usize> = (0..rows.len())
                .filter(|&i| rows[i].kind == k && keep(i))
                .collect();
            if split {
                for y in years_of(k) {
                    let w = self
                        .weights
                        .get(&format!("{}@{y}", k.as_str()))
                        .copied()
                        .unwrap_or(kind_w);
                    let c: Vec<usize> = cells
                        .iter()
                        .copied()
                        .filter(|&i| rows[i].year == y)
                        .collect();
                    if w > 0.0 && !c.is_empty() {
                        terms.push(Term::Level {
                            kind: k,
                            year: Some(y),
                            weight: w,
                            cells: c,
                        });
                    }
                }
            } else if kind_w > 0.0 && !cells.is_empty() {
                terms.push(Term::Level {
                    kind: k,
                    year: None,
                    weight: kind_w,
                    cells,
                });
            }
        }
        for (key, &w) in &self.changes {
            let (k, scale) = match key.split_once(':') {
                Some((k, _)) => (k, ChangeScale::People),
                None => (key.as_str(), ChangeScale::Log),
            };
            let k = Kind::parse(k).ok_or_else(|| format!("--change {key}: unknown kind"))?;
            // The earliest year of each cell.
            let mut first: HashMap<_, usize> = HashMap::new();
            for (i, o) in rows.iter().enumerate() {
                if o.kind == k && matched[i] {
                    let e = first.entry(o.cell()).or_insert(i);
                    if rows[*e].year > o.year {
                        *e = i;
                    }
                }
            }
            let pairs: Vec<(usize, usize)> = (0..rows.len())
                .filter(|&i| rows[i].kind == k && matched[i])
                .filter_map(|i| {
                    let f = first[&rows[i].cell()];
                    (rows[f].year < rows[i].year).then_some((i, f))
                })
                .collect();
            if pairs.is_empty() {
                return Err(format!(
                    "--change {key}: no {} target of {} is observed in two years (years: {}); nothing to fit a change to",
                    k.as_str(),
                    observed.label,
                    list(&years_of(k))
                ));
            }
            if w > 0.0 {
                terms.push(Term::Change {
                    kind: k,
                    scale,
                    weight: w,
                    pairs,
                });
            }
        }
        if terms.is_empty() {
            return Err(format!(
                "the loss has no term: every matched target has weight 0 or is a start-year value ({}); allowed: a weight > 0 on a kind with targets after {start_year}, or --change KIND=W",
                self.describe()
            ));
        }
        Ok(LossPlan { terms })
    }
}

impl LossPlan {
    /// The loss of simulated `values` (`None`: unmatched) and the cells it
    /// used: the weighted mean of the terms' errors.
    pub fn value(
        &self,
        observed: &Observed,
        values: &[Option<f64>],
        people_per_agent: f64,
    ) -> (f64, usize) {
        let rows = &observed.rows;
        let (mut total, mut wsum, mut cells) = (0.0, 0.0, 0);
        for t in &self.terms {
            let (err, n, w) = match t {
                Term::Level {
                    kind,
                    weight,
                    cells: c,
                    ..
                } => {
                    let pairs: Vec<(f64, f64)> = c
                        .iter()
                        .filter_map(|&i| values[i].map(|s| (s, rows[i].value)))
                        .collect();
                    (
                        level_error(*kind, &pairs, people_per_agent),
                        pairs.len(),
                        *weight,
                    )
                }
                Term::Change {
                    kind,
                    scale,
                    weight,
                    pairs: p,
                } => {
                    let floor = log_floor(*kind, people_per_agent);
                    let d: Vec<(f64, f64)> = p
                        .iter()
                        .filter_map(|&(i, f)| {
                            let (s1, s0) = (values[i]?, values[f]?);
                            let (o1, o0) = (rows[i].value, rows[f].value);
                            Some(match scale {
                                ChangeScale::Log => (
                                    log10_floored(s1, floor) - log10_floored(s0, floor),
                                    log10_floored(o1, floor) - log10_floored(o0, floor),
                                ),
                                ChangeScale::People => (s1 - s0, o1 - o0),
                            })
                        })
                        .collect();
                    (change_error(*scale, &d), d.len(), *weight)
                }
            };
            if n == 0 {
                continue;
            }
            total += w * err;
            wsum += w;
            cells += n;
        }
        (if wsum > 0.0 { total / wsum } else { 0.0 }, cells)
    }

    /// The terms, one line each, for report.md.
    pub fn describe(&self, observed: &Observed) -> Vec<String> {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Level {
                    kind,
                    year,
                    weight,
                    cells,
                } => format!(
                    "{} levels{}, weight {weight}: {} cells, RMSE of {}",
                    kind.as_str(),
                    year.map_or(String::new(), |y| format!(" of {y}")),
                    cells.len(),
                    if kind.is_log() {
                        "log10 values"
                    } else {
                        "values / RMS of the observed"
                    }
                ),
                Term::Change {
                    kind,
                    scale,
                    weight,
                    pairs,
                } => {
                    let mut ys: Vec<(i32, i32)> = pairs
                        .iter()
                        .map(|&(i, f)| (observed.rows[f].year, observed.rows[i].year))
                        .collect();
                    ys.sort_unstable();
                    ys.dedup();
                    let ys: Vec<String> = ys.iter().map(|(a, b)| format!("{a}→{b}")).collect();
                    format!(
                        "{} change {}, weight {weight}: {} cells, RMSE of {}",
                        kind.as_str(),
                        ys.join(", "),
                        pairs.len(),
                        match scale {
                            ChangeScale::Log => "log10 growth ratios",
                            ChangeScale::People =>
                                "changes in people / RMS of the observed changes",
                        }
                    )
                }
            })
            .collect()
    }
}

/// RMSE of log10 values (net migration: RMSE / RMS of the observed).
fn level_error(kind: Kind, pairs: &[(f64, f64)], people_per_agent: f64) -> f64 {
    let m = pairs.len().max(1) as f64;
    if kind.is_log() {
        let floor = log_floor(kind, people_per_agent);
        (pairs
            .iter()
            .map(|&(s, o)| (log10_floored(s, floor) - log10_floored(o, floor)).powi(2))
            .sum::<f64>()
            / m)
            .sqrt()
    } else {
        relative_rmse(pairs)
    }
}

fn change_error(scale: ChangeScale, d: &[(f64, f64)]) -> f64 {
    match scale {
        ChangeScale::Log => {
            let m = d.len().max(1) as f64;
            (d.iter().map(|&(s, o)| (s - o).powi(2)).sum::<f64>() / m).sqrt()
        }
        ChangeScale::People => relative_rmse(d),
    }
}

/// RMSE / RMS of the observed (plain RMSE where those are all 0).
fn relative_rmse(pairs: &[(f64, f64)]) -> f64 {
    let m = pairs.len().max(1) as f64;
    let mse = pairs.iter().map(|&(s, o)| (s - o).powi(2)).sum::<f64>() / m;
    let scale = pairs.iter().map(|&(_, o)| o * o).sum::<f64>() / m;
    if scale > 0.0 {
        (mse / scale).sqrt()
    } else {
        mse.sqrt()
    }
}
