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

pub mod render;
pub mod section;
pub mod stats;
pub mod tables;
pub mod types;

#[cfg(feature = "plots")]
pub mod chart;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::observed::{Kind, Observation, Observed, Skill};
use crate::output::atomic::write_file_atomically;
pub use render::{CELLS_COLUMNS, COMPARE_COLUMNS};
pub use section::{SECTION, esc, saved_section, with_section};
pub use tables::RunTables;
pub use types::{
    Cell, Comparison, Coverage, Figures, Predictor, Set, Start, log_floor, log10_floored,
};

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
                t.people(steps.clone().map(|s| f(t.at(s, c))).sum())
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
