//! `migrasim calibrate`: fit chosen scenario parameters to observed
//! migration (docs/calibration.md).
//!
//! - **Loss** ([`loss`]). The weighted mean of terms: per kind (or kind
//!   and year) the root mean square error of log10 values over the matched
//!   cells, and per `--change` kind the RMSE of the growth since the
//!   earliest observed year; each simulated value is the mean over the
//!   seeds. The start year's stocks (initial conditions) are left out.
//! - **Common random numbers.** Every point is run with the same seeds, so
//!   that differences between points are not seed noise.
//! - **Optimiser.** argmin's Nelder-Mead on the unit cube of the
//!   parameters' ranges: derivative-free, few evaluations per step (each
//!   evaluation is several simulations) and deterministic, so a resumed
//!   calibration retraces the same path. Points outside the cube are
//!   evaluated at the nearest point inside plus a penalty.
//! - **Journal.** Every evaluation is appended to `journal.jsonl` (flushed
//!   to disk) before the optimiser sees it; a re-run reads the journal and
//!   evaluates only points it lacks, so a killed calibration resumes
//!   without repeating an evaluation and ends with the same result.
//! - **Profile.** After the fit, each parameter is varied over its range
//!   with the others at the optimum; the values whose loss is within the
//!   seed noise of the best form the parameter's uncertainty statement.

mod files;
pub mod journal;
pub mod loss;
pub mod point;
pub mod slurm;

pub use files::{calibrated_toml, history_csv, profile_csv, relative, report, write};

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use argmin::core::{CostFunction, Executor, State};
use argmin::solver::neldermead::NelderMead;
use rayon::prelude::*;

use crate::error::Error;
use crate::observed::Observed;
use crate::scenario;
use journal::{Entry, Journal};
use loss::{LossPlan, LossSpec};
use point::sha256_of;
pub use point::{Fingerprint, Loss, Param, Settings, Simulated, fmt_value, loss, simulate_point};
/// A calibration problem, ready to evaluate points.
pub struct Problem {
    /// Settings.
    pub settings: Settings,
    /// The targets.
    pub observed: Observed,
    /// The loss's terms resolved against the targets.
    pub plan: LossPlan,
    journal: Mutex<Journal>,
    /// Evaluations asked for, in order (history).
    calls: Mutex<Vec<Entry>>,
    /// New evaluations done by this process.
    fresh: Mutex<usize>,
    pool: rayon::ThreadPool,
    /// The calibration folder.
    out: PathBuf,
    /// Run the simulations as Slurm job arrays instead of on this
    /// machine's cores.
    slurm: Option<slurm::Runner>,
}

/// Evaluations stopped early (`stop_after`).
const STOPPED: &str = "stopped before the end (as asked)";

impl Problem {
    /// Checks the settings (every parameter at both bounds, the targets
    /// match the run), and opens (or resumes) the folder `out`.
    pub fn new(settings: Settings, out: &Path) -> Result<Problem, Error> {
        if settings.params.is_empty() {
            return Err(Error::Calibration(
                "no parameter to fit; allowed: one or more --param KEY=LO..HI".into(),
            ));
        }
        if settings.seeds.is_empty() {
            return Err(Error::Calibration(
                "no seed; allowed: --seeds N with N ≥ 1".into(),
            ));
        }
        let observed = crate::observed::load(&settings.targets)?;
        // Both bounds of every parameter must give a valid scenario.
        for i in 0..settings.params.len() {
            for u in [0.0, 1.0] {
                let mut sets = settings.sets.clone();
                for (j, q) in settings.params.iter().enumerate() {
                    let uu = if i == j { u } else { 0.5 };
                    sets.push(q.set(q.value(uu)));
                }
                scenario::load(&settings.scenario, &sets)?;
            }
        }
        let mut sets = settings.sets.clone();
        sets.extend(settings.params.iter().map(|p| p.set(p.value(0.5))));
        let s = scenario::load(&settings.scenario, &sets)?;
        let codes: Vec<String> = s.countries.iter().map(|c| c.code.clone()).collect();
        let matched: Vec<bool> = observed
            .rows
            .iter()
            .map(|o| {
                (o.origin.is_empty() || codes.contains(&o.origin))
                    && (o.dest.is_empty() || codes.contains(&o.dest))
            })
            .collect();
        if !matched.contains(&true) {
            return Err(Error::Calibration(format!(
                "{}: no target names only countries of the scenario ({}); nothing to fit",
                observed.label,
                codes.join(", ")
            )));
        }
        let spec = LossSpec {
            weights: settings.weights.clone(),
            changes: settings.changes.clone(),
            fit_start_year: settings.fit_start_year,
        };
        let plan = spec
            .plan(&observed, s.simulation.start.year, &matched)
            .map_err(Error::Calibration)?;
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        let fingerprint = Fingerprint {
            scenario: (
                crate::sweep::absolute(&settings.scenario),
                sha256_of(&settings.scenario)?,
            ),
            targets: (
                crate::sweep::absolute(&settings.targets),
                sha256_of(&settings.targets)?,
            ),
            sets: settings.sets.clone(),
            params: settings.params.clone(),
            seeds: settings.seeds.clone(),
            weights: settings.weights.clone(),
            start: settings.start.clone(),
            loss: spec.describe(),
        };
        let journal = Journal::open(out, &fingerprint)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(settings.jobs.max(1))
            .build()
            .map_err(|e| Error::Options(format!("cannot start {} threads: {e}", settings.jobs)))?;
        Ok(Problem {
            settings,
            observed,
            plan,
            journal: Mutex::new(journal),
            calls: Mutex::new(Vec::new()),
            fresh: Mutex::new(0),
            pool,
            out: out.to_path_buf(),
            slurm: None,
        })
    }

    /// Runs the evaluations as Slurm job arrays (see [`slurm`]).
    pub fn with_slurm(mut self, runner: slurm::Runner) -> Problem {
        self.slurm = Some(runner);
        self
    }

    /// Parameter values at a point of the unit cube.
    pub fn theta(&self, u: &[f64]) -> Vec<f64> {
        self.settings
            .params
            .iter()
            .zip(u)
            .map(|(p, &x)| p.value(x))
            .collect()
    }

    /// Simulated values of every target at `theta` with `seed`, and the
    /// run's people per agent.
    fn simulate(&self, theta: &[f64], seed: u64) -> Result<Simulated, Error> {
        simulate_point(
            &self.settings.scenario,
            &self.settings.sets,
            &self.settings.params,
            &self.observed,
            theta,
            seed,
        )
    }

    /// Evaluates the points `thetas` not yet in the journal, all seeds of
    /// all points side by side, and journals them.
    pub fn evaluate_many(&self, thetas: &[Vec<f64>]) -> Result<Vec<Entry>, Error> {
        let mut todo: Vec<Vec<f64>> = Vec::new();
        {
            let j = self.journal.lock().map_err(poisoned)?;
            for t in thetas {
                if j.get(t).is_none() && !todo.contains(t) {
                    todo.push(t.clone());
                }
            }
        }
        if let Some(limit) = self.settings.stop_after {
            let fresh = *self.fresh.lock().map_err(poisoned)?;
            if fresh + todo.len() > limit {
                todo.truncate(limit.saturating_sub(fresh));
                self.run_points(&todo)?;
                return Err(Error::Calibration(STOPPED.into()));
            }
        }
        self.run_points(&todo)?;
        let j = self.journal.lock().map_err(poisoned)?;
        Ok(thetas
            .iter()
            .map(|t| j.get(t).cloned().expect("journaled above"))
            .collect())
    }

    fn run_points(&self, todo: &[Vec<f64>]) -> Result<(), Error> {
        let seeds = &self.settings.seeds;
        let jobs: Vec<(usize, u64)> = (0..todo.len())
            .flat_map(|i| seeds.iter().map(move |&s| (i, s)))
            .collect();
        let results: Vec<Result<Simulated, Error>> = match &self.slurm {
            Some(runner) => {
                let work: Vec<(Vec<f64>, u64)> =
                    jobs.iter().map(|&(i, s)| (todo[i].clone(), s)).collect();
                runner.run(&self.out, &work)?.into_iter().map(Ok).collect()
            }
            None => self.pool.install(|| {
                jobs.par_iter()
                    .map(|&(i, s)| self.simulate(&todo[i], s))
                    .collect()
            }),
        };
        let mut results = results.into_iter();
        for theta in todo {
            let mut values = Vec::new();
            let mut ppa = 1.0;
            for _ in seeds {
                let (v, p) = results.next().expect("one result per job")?;
                values.push(v);
                ppa = p;
            }
            let l = loss(&self.observed, &values, ppa, &self.plan);
            let mut j = self.journal.lock().map_err(poisoned)?;
            j.append(theta, &l)?;
            *self.fresh.lock().map_err(poisoned)? += 1;
        }
        Ok(())
    }

    /// New evaluations this process did.
    pub fn fresh(&self) -> usize {
        self.fresh.lock().map(|f| *f).unwrap_or(0)
    }
}

fn poisoned<T>(_: T) -> Error {
    Error::Calibration("an evaluation thread panicked".into())
}

/// The optimiser's view: cost at a point of the unit cube.
struct Cost<'a>(&'a Problem);

impl CostFunction for Cost<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, u: &Self::Param) -> Result<f64, argmin::core::Error> {
        let inside: Vec<f64> = u.iter().map(|x| x.clamp(0.0, 1.0)).collect();
        let outside: f64 = u.iter().zip(&inside).map(|(a, b)| (a - b).abs()).sum();
        let theta = self.0.theta(&inside);
        let e = self
            .0
            .evaluate_many(std::slice::from_ref(&theta))
            .map_err(|e| argmin::core::Error::msg(e.to_string()))?;
        let entry = e[0].clone();
        let value = entry.loss + 10.0 * outside;
        self.0
            .calls
            .lock()
            .map_err(|_| argmin::core::Error::msg("poisoned"))?
            .push(entry);
        Ok(value)
    }
}

/// One parameter's profile and uncertainty statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The parameter.
    pub param: Param,
    /// (value, loss) along its range, the others at the optimum.
    pub points: Vec<(f64, f64)>,
    /// Smallest and largest profiled value within the noise of the best.
    pub interval: (f64, f64),
    /// Whether the interval reaches a bound of the range.
    pub at_bound: bool,
}

/// A finished calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The best parameter values.
    pub best: Vec<f64>,
    /// Their loss.
    pub best_loss: Loss,
    /// Every evaluation the optimiser asked for, in order.
    pub history: Vec<Entry>,
    /// Nelder-Mead iterations.
    pub iterations: u64,
    /// Why the optimiser stopped.
    pub termination: String,
    /// Seed noise of the loss at the best point: 2 × sd(per-seed losses)
    /// / √seeds (0 with one seed).
    pub noise: f64,
    /// Profiles.
    pub profiles: Vec<Profile>,
    /// New evaluations done by this process (the rest came from the journal).
    pub fresh: usize,
    /// Evaluations in the journal.
    pub journaled: usize,
    /// The loss's terms, one line each.
    pub loss_terms: Vec<String>,
}

/// Runs (or resumes) a calibration into `out`.
pub fn calibrate(problem: &Problem) -> Result<Outcome, Error> {
    let n = problem.settings.params.len();
    let start: Vec<f64> = if problem.settings.start.len() == n {
        problem.settings.start.clone()
    } else {
        vec![0.5; n]
    };
    // The initial simplex: the start and a step of a quarter of the range
    // along each axis (towards the middle), evaluated side by side.
    let mut simplex = vec![start.clone()];
    for i in 0..n {
        let mut v = start.clone();
        v[i] += if start[i] <= 0.5 { 0.25 } else { -0.25 };
        simplex.push(v);
    }
    let thetas: Vec<Vec<f64>> = simplex.iter().map(|u| problem.theta(u)).collect();
    problem.evaluate_many(&thetas)?;
    let solver = NelderMead::new(simplex)
        .with_sd_tolerance(problem.settings.tolerance)
        .map_err(|e| Error::Calibration(e.to_string()))?;
    let result = Executor::new(Cost(problem), solver)
        .configure(|s| s.max_iters(problem.settings.max_iters))
        .timer(false)
        .run()
        .map_err(|e| {
            let m = e.to_string();
            if m.contains(STOPPED) {
                Error::Calibration(STOPPED.into())
            } else {
                Error::Calibration(format!("the optimiser failed: {m}"))
            }
        })?;
    let state = result.state();
    let iterations = state.get_iter();
    let termination = state
        .get_termination_reason()
        .map_or("unknown".to_string(), |r| r.text().to_string());
    let history = problem.calls.lock().map_err(poisoned)?.clone();
    // The best evaluated point (inside the cube) of the history.
    let best_entry = history
        .iter()
        .min_by(|a, b| a.loss.total_cmp(&b.loss))
        .cloned()
        .ok_or_else(|| Error::Calibration("the optimiser evaluated nothing".into()))?;
    let best = best_entry.theta.clone();
    let s = best_entry.seed_losses.len();
    let noise = if s >= 2 {
        let m = best_entry.seed_losses.iter().sum::<f64>() / s as f64;
        let var = best_entry
            .seed_losses
            .iter()
            .map(|x| (x - m).powi(2))
            .sum::<f64>()
            / (s - 1) as f64;
        2.0 * var.sqrt() / (s as f64).sqrt()
    } else {
        0.0
    };
    // Profiles: every parameter over its range, the others at the best.
    let k = problem.settings.profile_points.max(2);
    let mut grid: Vec<Vec<f64>> = Vec::new();
    for (i, p) in problem.settings.params.iter().enumerate() {
        for g in 0..k {
            let mut t = best.clone();
            t[i] = p.value(g as f64 / (k - 1) as f64);
            grid.push(t);
        }
    }
    let entries = problem.evaluate_many(&grid)?;
    let profiles = problem
        .settings
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut points: Vec<(f64, f64)> = entries[i * k..(i + 1) * k]
                .iter()
                .map(|e| (e.theta[i], e.loss))
                .collect();
            points.push((best[i], best_entry.loss));
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            points.dedup_by(|a, b| a.0 == b.0);
            let floor = points.iter().map(|q| q.1).fold(f64::INFINITY, f64::min);
            let near: Vec<f64> = points
                .iter()
                .filter(|q| q.1 <= floor + noise)
                .map(|q| q.0)
                .collect();
            let lo = near.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = near.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Profile {
                param: p.clone(),
                at_bound: lo <= p.lo || hi >= p.hi,
                points,
                interval: (lo, hi),
            }
        })
        .collect();
    let journaled = problem.journal.lock().map_err(poisoned)?.len();
    Ok(Outcome {
        best,
        best_loss: Loss {
            value: best_entry.loss,
            per_seed: best_entry.seed_losses.clone(),
            cells: best_entry.cells,
        },
        history,
        iterations,
        termination,
        noise,
        profiles,
        fresh: problem.fresh(),
        journaled,
        loss_terms: problem.plan.describe(&problem.observed),
    })
}
