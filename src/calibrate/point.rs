//! One point of a calibration: the parameters to fit and the settings,
//! the fingerprint of a calibration folder, the loss at a point and the
//! simulations of one evaluation (the same here and in a Slurm task).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::loss::LossPlan;
use crate::compare::{RunTables, simulated};
use crate::error::Error;
use crate::observed::Observed;
use crate::scenario;
use crate::simulation::RunOptions;

/// A parameter to fit: a scenario key and its range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Scenario key, as `--set` takes it.
    pub key: String,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Whether the key takes whole numbers (both bounds written without a
    /// decimal point).
    pub integer: bool,
}

impl Param {
    /// Parses `KEY=LO..HI`.
    pub fn parse(text: &str) -> Result<Param, String> {
        let usage = "--param KEY=LO..HI, e.g. --param decision.home_bias=0.5..3";
        let Some((key, range)) = text.split_once('=') else {
            return Err(format!("--param {text}: no range; allowed: {usage}"));
        };
        let Some((lo, hi)) = range.split_once("..") else {
            return Err(format!(
                "--param {text}: the range needs `..`; allowed: {usage}"
            ));
        };
        let num = |s: &str| -> Result<f64, String> {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("--param {text}: \"{s}\" is not a number; allowed: {usage}"))
        };
        let (l, h) = (num(lo)?, num(hi)?);
        if l >= h {
            return Err(format!(
                "--param {text}: the lower bound must be below the upper; allowed: {usage}"
            ));
        }
        let key = key.trim();
        if key.is_empty() || key.starts_with("simulation.seed") {
            return Err(format!(
                "--param {text}: {} cannot be calibrated; allowed: a scenario key other than simulation.seed",
                if key.is_empty() { "an empty key" } else { key }
            ));
        }
        let whole = |s: &str| !s.contains(['.', 'e', 'E']);
        Ok(Param {
            key: key.to_string(),
            lo: l,
            hi: h,
            integer: whole(lo.trim()) && whole(hi.trim()),
        })
    }

    /// The value at `u` in [0, 1] of the range.
    pub fn value(&self, u: f64) -> f64 {
        let x = self.lo + u.clamp(0.0, 1.0) * (self.hi - self.lo);
        if self.integer { x.round() } else { x }
    }

    /// `key=value` for `--set`.
    pub fn set(&self, x: f64) -> String {
        format!("{}={}", self.key, fmt_value(x, self.integer))
    }
}

/// A value as the scenario takes it: an integer, or the shortest float text
/// that reads back exactly (always with a decimal point).
pub fn fmt_value(x: f64, integer: bool) -> String {
    if integer {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:?}")
    }
}

/// What to fit and how.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Fixed `--set` overrides applied at every point.
    pub sets: Vec<String>,
    /// The targets file.
    pub targets: PathBuf,
    /// Parameters to fit.
    pub params: Vec<Param>,
    /// Seeds of the common random numbers.
    pub seeds: Vec<u64>,
    /// Level weights by `KIND` or `KIND@YEAR` (missing: 1), see [`loss`].
    pub weights: BTreeMap<String, f64>,
    /// Change terms by `KIND` (log10 ratio) or `KIND:people`, see [`loss`].
    pub changes: BTreeMap<String, f64>,
    /// Keep the start year's stocks and emigration rates in the loss.
    pub fit_start_year: bool,
    /// Nelder-Mead iterations at most.
    pub max_iters: u64,
    /// Stop when the standard deviation of the simplex's losses is below.
    pub tolerance: f64,
    /// Starting point in [0, 1] per parameter (default the middle).
    pub start: Vec<f64>,
    /// Points of each parameter's profile.
    pub profile_points: usize,
    /// Simulations run side by side.
    pub jobs: usize,
    /// Stop (as if killed) after this many new evaluations (tests).
    pub stop_after: Option<usize>,
}

/// The fingerprint of what a calibration folder holds: a resume with other
/// settings is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The scenario file (absolute) and its SHA-256.
    pub scenario: (PathBuf, String),
    /// The targets file (absolute) and its SHA-256.
    pub targets: (PathBuf, String),
    /// Fixed overrides.
    pub sets: Vec<String>,
    /// Parameters.
    pub params: Vec<Param>,
    /// Seeds.
    pub seeds: Vec<u64>,
    /// Weights.
    pub weights: BTreeMap<String, f64>,
    /// Start.
    pub start: Vec<f64>,
    /// The loss's terms ([`super::loss::LossSpec::describe`]; empty in folders of
    /// versions before change terms, which are refused).
    #[serde(default)]
    pub loss: String,
}

/// SHA-256 of a file, in hexadecimal.
pub fn sha256_of(path: &Path) -> Result<String, Error> {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(crate::util::hex(&Sha256::digest(&bytes)))
}

/// The loss at one point.
#[derive(Debug, Clone, PartialEq)]
pub struct Loss {
    /// The loss of the seed-mean values.
    pub value: f64,
    /// The loss of each seed's values alone.
    pub per_seed: Vec<f64>,
    /// Matched target cells.
    pub cells: usize,
}

/// The loss of simulated `values[seed][observation]` against `observed`.
pub fn loss(
    observed: &Observed,
    values: &[Vec<Option<f64>>],
    people_per_agent: f64,
    plan: &LossPlan,
) -> Loss {
    let n = observed.rows.len();
    let mean: Vec<Option<f64>> = (0..n)
        .map(|i| {
            let v: Option<Vec<f64>> = values.iter().map(|s| s[i]).collect();
            v.map(|v| v.iter().sum::<f64>() / v.len().max(1) as f64)
        })
        .collect();
    let (value, cells) = plan.value(observed, &mean, people_per_agent);
    Loss {
        value,
        per_seed: values
            .iter()
            .map(|v| plan.value(observed, v, people_per_agent).0)
            .collect(),
        cells,
    }
}

/// Simulated values of the targets (`None`: unmatched) and the run's
/// people per agent.
pub type Simulated = (Vec<Option<f64>>, f64);

/// Simulated values of every target of `observed` (`None`: unmatched) for
/// the scenario with `sets`, the parameters at `theta` and `seed` (one
/// thread), and the run's people per agent: one evaluation's work, the same
/// here and in a Slurm task.
pub fn simulate_point(
    scenario_file: &Path,
    sets: &[String],
    params: &[Param],
    observed: &Observed,
    theta: &[f64],
    seed: u64,
) -> Result<Simulated, Error> {
    let mut sets = sets.to_vec();
    sets.extend(params.iter().zip(theta).map(|(p, &x)| p.set(x)));
    sets.push(format!("simulation.seed={seed}"));
    let s = scenario::load(scenario_file, &sets)?;
    let run = crate::run(
        &s,
        &RunOptions {
            threads: Some(1),
            cancel: None,
        },
    )?;
    let tables = RunTables::from_recorded(&s, &run.recorded);
    Ok((
        observed
            .rows
            .iter()
            .map(|o| simulated(&tables, o).ok())
            .collect(),
        tables.people_per_agent,
    ))
}
