//! Expanding a sweep file into points and runs (grid, random, Latin
//! hypercube, Morris and Sobol designs), and the plan's overrides and
//! fingerprint. The random numbers are drawn in `draw`.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::draw::{AxisDraw, at_quantile, derive_seed, latin_column, random_value};
use super::parse::read;
use super::types::{AxisValues, Design, MAX_RUNS, Plan, Replicates, RunSpec, SweepFile, Value};
use crate::error::Error;

impl SweepFile {
    /// Number of replicates.
    pub fn replicate_count(&self) -> usize {
        match &self.replicates {
            Replicates::Count(n) => *n as usize,
            Replicates::Seeds(s) => s.len(),
        }
    }

    /// Seed of replicate `r`.
    pub fn replicate_seed(&self, r: u32) -> u64 {
        match &self.replicates {
            Replicates::Count(_) => derive_seed(self.seed, r),
            Replicates::Seeds(s) => s[r as usize],
        }
    }

    /// The point at `u` of the unit cube: axis `a` at quantile `u[a]` (a
    /// list's values are equally likely).
    fn unit_point(&self, u: &[f64]) -> Vec<Value> {
        self.axes
            .iter()
            .zip(u)
            .map(|(axis, &x)| at_quantile(&axis.values, x.clamp(0.0, 1.0 - 1e-12)))
            .collect()
    }

    /// The points of the design: the value of each axis at each point.
    pub fn points(&self) -> Result<Vec<Vec<Value>>, Error> {
        match self.design {
            Design::Grid => {
                let mut n: usize = 1;
                for a in &self.axes {
                    if let AxisValues::List(v) = &a.values {
                        n = n
                            .checked_mul(v.len())
                            .filter(|&n| n <= MAX_RUNS)
                            .ok_or_else(|| {
                                Error::Sweep(format!(
                                    "{}: the grid has more than {MAX_RUNS} points",
                                    self.path.display()
                                ))
                            })?;
                    }
                }
                Ok((0..n)
                    .map(|mut i| {
                        let mut point = vec![Value::Int(0); self.axes.len()];
                        for (a, axis) in self.axes.iter().enumerate().rev() {
                            if let AxisValues::List(v) = &axis.values {
                                point[a] = v[i % v.len()].clone();
                                i /= v.len();
                            }
                        }
                        point
                    })
                    .collect())
            }
            Design::Morris {
                trajectories,
                levels,
                seed,
            } => Ok(crate::sweep::sensitivity::morris_design(
                self.axes.len(),
                trajectories,
                levels,
                seed,
            )
            .iter()
            .map(|u| self.unit_point(u))
            .collect()),
            Design::Sobol { samples, seed } => {
                Ok(
                    crate::sweep::sensitivity::sobol_design(self.axes.len(), samples, seed)
                        .iter()
                        .map(|u| self.unit_point(u))
                        .collect(),
                )
            }
            Design::Random { samples, seed } => {
                let draws = self
                    .axes
                    .iter()
                    .map(|axis| {
                        AxisDraw::new(&axis.values).ok_or_else(|| {
                            Error::Sweep(format!(
                                "{}: axis `{}`: its values cannot be drawn from (bounds too far \
                                 apart or too close for a floating-point number)",
                                axis.place, axis.key
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok((0..samples)
                    .map(|i| {
                        draws
                            .iter()
                            .enumerate()
                            .map(|(a, draw)| random_value(draw, seed, a, i))
                            .collect()
                    })
                    .collect())
            }
            Design::Latin { samples, seed } => {
                let columns: Vec<Vec<Value>> = self
                    .axes
                    .iter()
                    .enumerate()
                    .map(|(a, axis)| latin_column(&axis.values, seed, a, samples))
                    .collect();
                Ok((0..samples)
                    .map(|i| columns.iter().map(|c| c[i].clone()).collect())
                    .collect())
            }
        }
    }

    /// Number of points of the design, without making them (saturating).
    pub fn point_count(&self) -> usize {
        match self.design {
            Design::Grid => self.axes.iter().fold(1usize, |n, a| match &a.values {
                AxisValues::List(v) => n.saturating_mul(v.len()),
                _ => n,
            }),
            Design::Random { samples, .. } | Design::Latin { samples, .. } => samples,
            Design::Morris { trajectories, .. } => {
                trajectories.saturating_mul(self.axes.len().saturating_add(1))
            }
            Design::Sobol { samples, .. } => {
                samples.saturating_mul(self.axes.len().saturating_add(2))
            }
        }
    }

    /// Expands the file into its plan; more than [`MAX_RUNS`] runs is an
    /// error found before any point is made.
    pub fn plan(self) -> Result<Plan, Error> {
        let reps = self.replicate_count();
        let count = self.point_count();
        let total = count.checked_mul(reps).filter(|&n| n <= MAX_RUNS);
        let Some(total) = total else {
            return Err(Error::Sweep(format!(
                "{}: {count} points × {reps} replicates is {} runs, more than the {MAX_RUNS} \
                 a sweep may have (each run leaves a file in one folder; a million is about \
                 what cluster file systems serve well); split it into several sweeps or use \
                 a random or latin design with fewer samples",
                self.path.display(),
                count
                    .checked_mul(reps)
                    .map_or("too many".into(), |n| n.to_string())
            )));
        };
        let points = self.points()?;
        let pw = digits(points.len().saturating_sub(1)).max(4);
        let rw = digits(reps.saturating_sub(1)).max(2);
        let mut runs = Vec::with_capacity(total);
        for point in 0..points.len() {
            for r in 0..reps as u32 {
                runs.push(RunSpec {
                    id: format!("p{point:0pw$}-r{r:0rw$}"),
                    point,
                    replicate: r,
                    seed: self.replicate_seed(r),
                });
            }
        }
        Ok(Plan {
            file: self,
            points,
            runs,
        })
    }
}

pub(super) fn digits(n: usize) -> usize {
    n.to_string().len()
}

impl Plan {
    /// Reads a sweep file and expands it.
    pub fn read(path: &Path) -> Result<Plan, Error> {
        read(path)?.plan()
    }

    /// The overrides of a run: the constants, the point's axis values, and
    /// the run's seed.
    pub fn overrides(&self, run: &RunSpec) -> Vec<String> {
        let mut o = self.file.constants.clone();
        for (axis, v) in self.file.axes.iter().zip(&self.points[run.point]) {
            o.push(format!("{}={}", axis.key, v.text()));
        }
        o.push(format!("simulation.seed={}", run.seed));
        o
    }

    /// A fingerprint of everything that decides the runs' results: base
    /// scenario, runs with their overrides, and outputs. Resuming with a
    /// changed plan is refused.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.file.scenario.display().to_string().as_bytes());
        if let Ok(bytes) = std::fs::read(&self.file.scenario) {
            h.update(Sha256::digest(&bytes));
        }
        h.update(format!("{:?}", self.file.outputs).as_bytes());
        for r in &self.runs {
            h.update(r.id.as_bytes());
            for o in self.overrides(r) {
                h.update(o.as_bytes());
                h.update([0]);
            }
        }
        let d = h.finalize();
        d.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }
}
