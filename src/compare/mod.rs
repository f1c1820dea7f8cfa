//! `migrasim compare`: how well a run matches observed migration, next to
//! the naive persistence forecasts (docs/calibration.md).
//!
//! Each observation is matched to the same figure of the run
//! ([`simulated`]); then, for each kind, the figures of [`stats`] are taken
//! on three sets of cells:
//!
//! - `all`: every matched cell, levels, by the model;
//! - `later`: cells observed in an earlier year too (the same kind,
//!   countries, period length and skill), levels, by the model and by the
//!   two persistence forecasts: the earliest observed value
//!   (`persistence`), and that value times the kind's total observed growth
//!   between the two years (`persistence_scaled`);
//! - `change`: the same cells, the change since the earliest observed year:
//!   model `sim(Y) − obs(Y0)`, persistence 0, scaled `obs(Y0)·(G − 1)`.
//!
//! Log figures floor values at half an agent's worth of people (counts) or
//! 1e-4 (shares), the resolution of the run, so that an empty simulated
//! cell counts as a large miss rather than minus infinity.

pub mod stats;
pub mod tables;

#[cfg(feature = "plots")]
pub mod chart;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::observed::{Kind, Observation, Observed, Skill};
use crate::output::atomic::write_file_atomically;
pub use tables::RunTables;

/// Why an observation has no simulated counterpart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// A country code the run does not have.
    Country(String),
    /// The year (or the whole period) is not simulated.
    Time,
    /// A skill the engine does not have (medium).
    Skill,
}

/// The step of the stock snapshot of year `year`: its December, or the
/// run's last month when the run ends inside that year.
pub fn snapshot_step(t: &RunTables, year: i32) -> Option<usize> {
    let last = t.months.len().checked_sub(1)?;
    (0..=last)
        .rev()
        .find(|&s| t.months[s].year == year && (t.months[s].month == 12 || s == last))
}

/// The steps of January of `from` to December of `to`, if all simulated.
pub fn steps_of_years(t: &RunTables, from: i32, to: i32) -> Option<std::ops::Range<usize>> {
    let first = t
        .months
        .iter()
        .position(|m| m.year == from && m.month == 1)?;
    let last = t
        .months
        .iter()
        .position(|m| m.year == to && m.month == 12)?;
    (last >= first).then_some(first..last + 1)
}

/// The run's value of the figure `o` measures, in people (or a share).
pub fn simulated(t: &RunTables, o: &Observation) -> Result<f64, Miss> {
    let index = |code: &str| -> Result<usize, Miss> {
        t.codes
            .iter()
            .position(|c| c == code)
            .ok_or_else(|| Miss::Country(code.to_string()))
    };
    let origin = if o.origin.is_empty() {
        None
    } else {
        Some(index(&o.origin)?)
    };
    let dest = if o.dest.is_empty() {
        None
    } else {
        Some(index(&o.dest)?)
    };
    if o.skill == Skill::Medium {
        return Err(Miss::Skill);
    }
    let period = || steps_of_years(t, o.year, o.year + o.period_years as i32 - 1).ok_or(Miss::Time);
    let k = t.k();
    match o.kind {
        Kind::Stock => {
            let s = snapshot_step(t, o.year).ok_or(Miss::Time)? as u32;
            let (a, b) = (origin.unwrap_or(0) as u16, dest.unwrap_or(0) as u16);
            let agents: u64 = t
                .stocks
                .iter()
                .filter(|r| r.t == s && r.origin == a && r.residence == b)
                .map(|r| match o.skill {
                    Skill::High => r.high_skilled,
                    Skill::Low => r.migrants - r.high_skilled,
                    _ => r.migrants,
                })
                .sum();
            Ok(t.people(agents))
        }
        Kind::Flow => {
            let steps = period()?;
            let (a, b) = (origin.unwrap_or(0) as u16, dest.unwrap_or(0) as u16);
            if o.skill != Skill::Total {
                return Err(Miss::Skill);
            }
            let agents: u64 = t
                .flows
                .iter()
                .filter(|f| steps.contains(&(f.t as usize)) && f.from == a && f.to == b)
                .map(|f| f.movers)
                .sum();
            Ok(t.people(agents))
        }
        Kind::Outflow | Kind::Inflow | Kind::ReturnInflow | Kind::NetMigration => {
            if o.skill != Skill::Total {
                return Err(Miss::Skill);
            }
            let steps = period()?;
            let c = origin.or(dest).unwrap_or(0);
            let sum = |f: &dyn Fn(&tables::Series) -> u64| -> f64 {
                t.people(steps.clone().map(|s| f(&t.series[s * k + c])).sum())
            };
            Ok(match o.kind {
                Kind::Outflow => sum(&|r| r.emigration),
                Kind::Inflow => sum(&|r| r.immigration),
                Kind::ReturnInflow => sum(&|r| r.return_migration),
                _ => sum(&|r| r.immigration) - sum(&|r| r.emigration),
            })
        }
        Kind::EmigrationRate => {
            let s = snapshot_step(t, o.year).ok_or(Miss::Time)?;
            let r = t.at(s, origin.unwrap_or(0));
            let natives = r.natives_at_home + r.emigrants_abroad;
            let (abroad, all) = match o.skill {
                Skill::High => (r.high_skilled_abroad, r.high_skilled_natives),
                Skill::Low => (
                    r.emigrants_abroad - r.high_skilled_abroad,
                    natives - r.high_skilled_natives,
                ),
                _ => (r.emigrants_abroad, natives),
            };
            Ok(if all == 0 {
                0.0
            } else {
                abroad as f64 / all as f64
            })
        }
    }
}

/// A matched observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Index of the observation in [`Observed::rows`].
    pub row: usize,
    /// What was observed.
    pub observed: f64,
    /// What the run gives.
    pub simulated: f64,
    /// The earliest earlier observation of the same cell: (year, value),
    /// and the kind's total observed growth from that year to this one.
    pub start: Option<Start>,
}

/// The start of a cell observed more than once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Start {
    /// Year of the earliest observation.
    pub year: i32,
    /// Its value.
    pub value: f64,
    /// Σ observed(this year) / Σ observed(start year) over the cells of the
    /// kind observed in both years (`None` when undefined).
    pub growth: Option<f64>,
}

/// The three sets of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Set {
    /// Every matched cell, levels.
    All,
    /// Cells with an earlier observation, levels.
    Later,
    /// The same cells, change since the earliest observation.
    Change,
}

impl Set {
    /// Name in compare.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Set::All => "all",
            Set::Later => "later",
            Set::Change => "change",
        }
    }
}

/// Who predicts the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Predictor {
    /// The run.
    Model,
    /// The earliest observed value, unchanged.
    Persistence,
    /// The earliest observed value times the total growth of the kind.
    PersistenceScaled,
}

impl Predictor {
    /// Name in compare.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Predictor::Model => "model",
            Predictor::Persistence => "persistence",
            Predictor::PersistenceScaled => "persistence_scaled",
        }
    }
}

/// Figures of one kind, set and predictor.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Kind of the cells.
    pub kind: Kind,
    /// Which cells.
    pub set: Set,
    /// Who predicts.
    pub predictor: Predictor,
    /// Cells used.
    pub cells: usize,
    /// Whether `pearson` is of log10 values.
    pub log: bool,
    /// Spearman's rank correlation.
    pub spearman: Option<f64>,
    /// Pearson's correlation (of log10 values where `log`).
    pub pearson: Option<f64>,
    /// Root mean square error of log10 values (levels of log kinds only).
    pub rmse_log10: Option<f64>,
    /// Root mean square error in the figures' units (people, or a share).
    pub rmse: Option<f64>,
    /// Flee's averaged relative difference.
    pub ard: Option<f64>,
}

/// Matching counts of one kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    /// Observations of the kind.
    pub observed: usize,
    /// Matched to the run.
    pub matched: usize,
    /// Unmatched: a country the run does not have.
    pub no_country: usize,
    /// Unmatched: the year or period is not simulated.
    pub no_time: usize,
    /// Unmatched: a skill the engine does not have.
    pub no_skill: usize,
}

/// A whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The observed file.
    pub observed: Observed,
    /// People one agent stands for in the run.
    pub people_per_agent: f64,
    /// Matched cells, in file order.
    pub cells: Vec<Cell>,
    /// Coverage by kind (kinds present in the file).
    pub coverage: Vec<(Kind, Coverage)>,
    /// Figures by kind, set and predictor.
    pub figures: Vec<Figures>,
}

/// Compares the run folder `run_dir` (CSV or Parquet tables) with the
/// observed file `observed` (the long format of docs/calibration.md), as
/// `migrasim compare` does; an error when no observation matches the run.
pub fn compare_dir(run_dir: &Path, observed: &Path) -> Result<Comparison, Error> {
    let obs = crate::observed::load(observed)?;
    let tables = RunTables::read_dir(run_dir)?;
    let c = compare(&obs, &tables);
    if c.cells.is_empty() {
        let month = |m: Option<&crate::model::YearMonth>| m.map(|m| m.to_string());
        return Err(Error::Calibration(format!(
            "{}: no observation matches the run in {} (countries {}; months {} to {}); nothing to compare",
            observed.display(),
            run_dir.display(),
            tables.codes.join(", "),
            month(tables.months.first()).unwrap_or_default(),
            month(tables.months.last()).unwrap_or_default(),
        )));
    }
    Ok(c)
}

/// The floor of log figures for a kind (see the module doc).
pub fn log_floor(kind: Kind, people_per_agent: f64) -> f64 {
    if kind.is_count() {
        0.5 * people_per_agent
    } else {
        1e-4
    }
}

/// log10 of `x` floored at `floor`.
pub fn log10_floored(x: f64, floor: f64) -> f64 {
    libm::log10(x.max(floor))
}

/// The figures of `sim` against `obs` (years `when`).
fn figures(
    kind: Kind,
    set: Set,
    predictor: Predictor,
    sim: &[f64],
    obs: &[f64],
    when: &[i32],
    floor: f64,
) -> Figures {
    let log = kind.is_log() && set != Set::Change;
    let (ls, lo): (Vec<f64>, Vec<f64>) = if log {
        (
            sim.iter().map(|&x| log10_floored(x, floor)).collect(),
            obs.iter().map(|&x| log10_floored(x, floor)).collect(),
        )
    } else {
        (sim.to_vec(), obs.to_vec())
    };
    Figures {
        kind,
        set,
        predictor,
        cells: sim.len(),
        log,
        spearman: stats::spearman(sim, obs),
        pearson: stats::pearson(&ls, &lo),
        rmse_log10: if log { stats::rmse(&ls, &lo) } else { None },
        rmse: stats::rmse(sim, obs),
        ard: stats::ard(sim, obs, when),
    }
}

/// Compares a run with observed data.
pub fn compare(observed: &Observed, run: &RunTables) -> Comparison {
    let mut coverage: HashMap<Kind, Coverage> = HashMap::new();
    let mut cells = Vec::new();
    for (i, o) in observed.rows.iter().enumerate() {
        let c = coverage.entry(o.kind).or_default();
        c.observed += 1;
        match simulated(run, o) {
            Ok(v) => {
                c.matched += 1;
                cells.push(Cell {
                    row: i,
                    observed: o.value,
                    simulated: v,
                    start: None,
                });
            }
            Err(Miss::Country(_)) => c.no_country += 1,
            Err(Miss::Time) => c.no_time += 1,
            Err(Miss::Skill) => c.no_skill += 1,
        }
    }
    // Earliest observation of each cell, and totals by kind and year over
    // cells observed in both years.
    let mut first: HashMap<_, (i32, f64)> = HashMap::new();
    for o in &observed.rows {
        let e = first.entry(o.cell()).or_insert((o.year, o.value));
        if o.year < e.0 {
            *e = (o.year, o.value);
        }
    }
    let mut totals: HashMap<(Kind, i32, i32), (f64, f64)> = HashMap::new();
    for o in &observed.rows {
        if let Some(&(y0, v0)) = first.get(&o.cell())
            && y0 < o.year
        {
            let e = totals.entry((o.kind, y0, o.year)).or_default();
            e.0 += v0;
            e.1 += o.value;
        }
    }
    for c in &mut cells {
        let o = &observed.rows[c.row];
        if let Some(&(y0, v0)) = first.get(&o.cell())
            && y0 < o.year
        {
            let growth = totals
                .get(&(o.kind, y0, o.year))
                .and_then(|&(a, b)| (o.kind != Kind::NetMigration && a > 0.0).then(|| b / a));
            c.start = Some(Start {
                year: y0,
                value: v0,
                growth,
            });
        }
    }
    let mut figs = Vec::new();
    let kinds = observed.kinds();
    for &kind in &kinds {
        let floor = log_floor(kind, run.people_per_agent);
        let of_kind: Vec<&Cell> = cells
            .iter()
            .filter(|c| observed.rows[c.row].kind == kind)
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let year = |c: &Cell| observed.rows[c.row].year;
        let obs: Vec<f64> = of_kind.iter().map(|c| c.observed).collect();
        let sim: Vec<f64> = of_kind.iter().map(|c| c.simulated).collect();
        let when: Vec<i32> = of_kind.iter().map(|c| year(c)).collect();
        figs.push(figures(
            kind,
            Set::All,
            Predictor::Model,
            &sim,
            &obs,
            &when,
            floor,
        ));
        let later: Vec<&Cell> = of_kind
            .iter()
            .copied()
            .filter(|c| c.start.is_some())
            .collect();
        if later.is_empty() {
            continue;
        }
        let start = |c: &Cell| {
            c.start.unwrap_or(Start {
                year: 0,
                value: 0.0,
                growth: None,
            })
        };
        let obs: Vec<f64> = later.iter().map(|c| c.observed).collect();
        let when: Vec<i32> = later.iter().map(|c| year(c)).collect();
        let model: Vec<f64> = later.iter().map(|c| c.simulated).collect();
        let persist: Vec<f64> = later.iter().map(|c| start(c).value).collect();
        let scaled: Option<Vec<f64>> = later
            .iter()
            .map(|c| start(c).growth.map(|g| start(c).value * g))
            .collect();
        let d_obs: Vec<f64> = later.iter().map(|c| c.observed - start(c).value).collect();
        let mut preds = vec![(Predictor::Model, model), (Predictor::Persistence, persist)];
        if let Some(s) = scaled {
            preds.push((Predictor::PersistenceScaled, s));
        }
        for (p, v) in &preds {
            figs.push(figures(kind, Set::Later, *p, v, &obs, &when, floor));
        }
        for (p, v) in &preds {
            let d: Vec<f64> = v
                .iter()
                .zip(&later)
                .map(|(x, c)| x - start(c).value)
                .collect();
            figs.push(figures(kind, Set::Change, *p, &d, &d_obs, &when, floor));
        }
    }
    Comparison {
        observed: observed.clone(),
        people_per_agent: run.people_per_agent,
        cells,
        coverage: kinds
            .iter()
            .map(|k| (*k, coverage.remove(k).unwrap_or_default()))
            .collect(),
        figures: figs,
    }
}

/// Columns of compare.csv.
pub const COMPARE_COLUMNS: &[&str] = &[
    "kind",
    "set",
    "predictor",
    "cells",
    "scale",
    "spearman",
    "pearson",
    "rmse_log10",
    "rmse",
    "ard",
];

/// Columns of compare_cells.csv.
pub const CELLS_COLUMNS: &[&str] = &[
    "kind",
    "origin",
    "dest",
    "year",
    "period_years",
    "skill",
    "observed",
    "simulated",
    "start_year",
    "start_observed",
    "log10_ratio",
];

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or(String::new(), |v| format!("{v:.decimals$}"))
}

/// A value in its kind's units: whole people, or a share.
fn value(kind: Kind, x: f64) -> String {
    if kind.is_count() {
        format!("{x:.0}")
    } else {
        format!("{x:.6}")
    }
}

impl Comparison {
    /// The figures of one kind, set and predictor.
    pub fn get(&self, kind: Kind, set: Set, predictor: Predictor) -> Option<&Figures> {
        self.figures
            .iter()
            .find(|f| f.kind == kind && f.set == set && f.predictor == predictor)
    }

    /// compare.csv as text.
    pub fn to_csv(&self) -> String {
        let mut s = COMPARE_COLUMNS.join(",");
        s.push('\n');
        for f in &self.figures {
            let rmse = f.rmse.map(|v| {
                if f.kind.is_count() {
                    format!("{v:.0}")
                } else {
                    format!("{v:.6}")
                }
            });
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{}",
                f.kind,
                f.set.as_str(),
                f.predictor.as_str(),
                f.cells,
                if f.log { "log10" } else { "linear" },
                opt(f.spearman, 4),
                opt(f.pearson, 4),
                opt(f.rmse_log10, 4),
                rmse.unwrap_or_default(),
                opt(f.ard, 4),
            );
        }
        s
    }

    /// compare_cells.csv as text: every matched cell.
    pub fn cells_csv(&self) -> String {
        let mut s = CELLS_COLUMNS.join(",");
        s.push('\n');
        for c in &self.cells {
            let o = &self.observed.rows[c.row];
            let floor = log_floor(o.kind, self.people_per_agent);
            let ratio = if o.kind.is_log() {
                format!(
                    "{:.4}",
                    log10_floored(c.simulated, floor) - log10_floored(c.observed, floor)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{},{}",
                o.kind,
                o.origin,
                o.dest,
                o.year,
                if o.period_years > 0 {
                    o.period_years.to_string()
                } else {
                    String::new()
                },
                if o.skill == Skill::Total {
                    ""
                } else {
                    o.skill.as_str()
                },
                value(o.kind, c.observed),
                value(o.kind, c.simulated),
                c.start.map_or(String::new(), |s| s.year.to_string()),
                c.start.map_or(String::new(), |s| value(o.kind, s.value)),
                ratio
            );
        }
        s
    }

    /// A plain-text table for the terminal.
    pub fn table(&self) -> String {
        let mut s = String::new();
        for (kind, c) in &self.coverage {
            let _ = write!(
                s,
                "{kind}: {} of {} observations matched",
                c.matched, c.observed
            );
            let mut why = Vec::new();
            if c.no_country > 0 {
                why.push(format!("{} name a country the run lacks", c.no_country));
            }
            if c.no_time > 0 {
                why.push(format!("{} fall outside the simulated months", c.no_time));
            }
            if c.no_skill > 0 {
                why.push(format!("{} are of a skill the engine lacks", c.no_skill));
            }
            if !why.is_empty() {
                let _ = write!(s, " ({})", why.join(", "));
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "\n{:<16} {:<7} {:<19} {:>6} {:>9} {:>8} {:>8} {:>12} {:>7}",
            "kind", "set", "predictor", "cells", "spearman", "pearson", "rmse_lg", "rmse", "ard"
        );
        for f in &self.figures {
            let rmse = f.rmse.map_or(String::new(), |v| {
                if f.kind.is_count() {
                    format!("{v:.0}")
                } else {
                    format!("{v:.4}")
                }
            });
            let _ = writeln!(
                s,
                "{:<16} {:<7} {:<19} {:>6} {:>9} {:>8} {:>8} {:>12} {:>7}",
                f.kind.as_str(),
                f.set.as_str(),
                f.predictor.as_str(),
                f.cells,
                opt(f.spearman, 3),
                opt(f.pearson, 3),
                opt(f.rmse_log10, 3),
                rmse,
                opt(f.ard, 3)
            );
        }
        s
    }

    /// The report section (an HTML fragment).
    pub fn html(&self, observed_label: &str, charts: &[(Kind, String)]) -> String {
        let mut h = String::new();
        h.push_str("<h2 id=\"compare\">Comparison with observed data</h2>\n");
        let _ = writeln!(
            h,
            "<p class=\"note\">Observed: <code>{}</code>, compared by <code>migrasim compare</code>. \
             <em>all</em>: every matched cell; <em>later</em>: cells also observed in an earlier year, \
             next to the persistence forecasts (the earliest value, and that value scaled by the kind's \
             total growth); <em>change</em>: the change since the earliest year. rmse in people \
             (emigration rates: shares); ard is Flee's averaged relative difference.</p>",
            esc(observed_label)
        );
        h.push_str("<ul>\n");
        for (kind, c) in &self.coverage {
            let _ = writeln!(
                h,
                "<li>{}: {} of {} observations matched</li>",
                kind, c.matched, c.observed
            );
        }
        h.push_str("</ul>\n<table>\n<tr>");
        for c in COMPARE_COLUMNS {
            let _ = write!(h, "<th>{c}</th>");
        }
        h.push_str("</tr>\n");
        for line in self.to_csv().lines().skip(1) {
            h.push_str("<tr>");
            for (i, f) in line.split(',').enumerate() {
                if i < 3 || i == 4 {
                    let _ = write!(h, "<td>{}</td>", esc(f));
                } else {
                    let _ = write!(h, "<td class=\"num\">{}</td>", esc(f));
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
        for (kind, svg) in charts {
            let _ = writeln!(
                h,
                "<figure>{svg}<figcaption>Simulated against observed {kind} (log scales; the largest misses labelled)</figcaption></figure>"
            );
        }
        h
    }
}

/// `s` with HTML's special characters escaped.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Files `migrasim compare` wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// compare.csv.
    pub figures: PathBuf,
    /// compare_cells.csv.
    pub cells: PathBuf,
    /// Charts (PNG).
    pub charts: Vec<PathBuf>,
    /// The report updated, if the run folder had one.
    pub report: Option<PathBuf>,
}

pub use crate::output::COMPARE_DIR;
/// The report fragment inside [`COMPARE_DIR`].
pub const SECTION: &str = "section.html";

/// Writes compare.csv, compare_cells.csv, charts (feature `plots`) and the
/// report section into `run_dir/compare/`, and puts the section into
/// `run_dir/report.html` when there is one.
pub fn write(
    run_dir: &Path,
    comparison: &Comparison,
    observed_label: &str,
    charts: bool,
) -> Result<Written, Error> {
    let dir = run_dir.join(COMPARE_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let figures = dir.join("compare.csv");
    write_file_atomically(&figures, comparison.to_csv().as_bytes())?;
    let cells = dir.join("compare_cells.csv");
    write_file_atomically(&cells, comparison.cells_csv().as_bytes())?;
    #[allow(unused_mut)]
    let mut drawn: Vec<(Kind, String)> = Vec::new();
    #[allow(unused_mut)]
    let mut pngs = Vec::new();
    #[cfg(feature = "plots")]
    if charts {
        for (kind, svg, png) in chart::draw_all(comparison, &dir)? {
            drawn.push((kind, svg));
            pngs.push(png);
        }
    }
    #[cfg(not(feature = "plots"))]
    let _ = charts;
    let section = comparison.html(observed_label, &drawn);
    write_file_atomically(&dir.join(SECTION), section.as_bytes())?;
    let report_path = run_dir.join("report.html");
    let report = if report_path.is_file() {
        let page = std::fs::read_to_string(&report_path).map_err(|e| Error::io(&report_path, e))?;
        write_file_atomically(&report_path, with_section(&page, &section).as_bytes())?;
        Some(report_path)
    } else {
        None
    };
    Ok(Written {
        figures,
        cells,
        charts: pngs,
        report,
    })
}

const START: &str = "<!-- compare:start -->";
const END: &str = "<!-- compare:end -->";

/// `page` with the comparison section (replacing an earlier one), placed
/// before the parameters' heading or the end of the body.
pub fn with_section(page: &str, section: &str) -> String {
    let block = format!("{START}\n{section}{END}\n");
    if let (Some(a), Some(b)) = (page.find(START), page.find(END))
        && a < b
    {
        let mut end = b + END.len();
        if page[end..].starts_with('\n') {
            end += 1;
        }
        return format!("{}{block}{}", &page[..a], &page[end..]);
    }
    let at = page
        .find("<h2>Parameters</h2>")
        .or_else(|| page.find("<h2>Manifest</h2>"))
        .or_else(|| page.find("</body>"))
        .unwrap_or(page.len());
    format!("{}{block}{}", &page[..at], &page[at..])
}

/// The report section saved by an earlier `compare`, if any (for the
/// report when it is redrawn).
pub fn saved_section(run_dir: &Path) -> Option<String> {
    std::fs::read_to_string(run_dir.join(COMPARE_DIR).join(SECTION)).ok()
}
