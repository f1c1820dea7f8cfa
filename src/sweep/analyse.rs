//! `migrasim sweep analyse DIR`: sensitivity indices of a finished sweep
//! with a `morris` or `sobol` design, for any metric of its results (the
//! replicates of a point averaged: common random numbers), as a table,
//! `sensitivity.csv` and a chart per metric.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::SweepDir;
use super::collect;
use super::plan::{Design, Plan};
use super::sensitivity::{self, Morris, Sobol};
use crate::error::Error;
use crate::output::atomic::write_file_atomically;

/// The indices of one metric.
#[derive(Debug, Clone, PartialEq)]
pub enum Indices {
    /// Morris μ, μ*, σ per axis.
    Morris(Vec<Morris>),
    /// Sobol first and total per axis.
    Sobol(Vec<Sobol>),
}

/// A sweep's sensitivity analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The swept keys.
    pub axes: Vec<String>,
    /// (metric, indices).
    pub metrics: Vec<(String, Indices)>,
}

/// Analyses the sweep in `dir` for `metrics` (all metrics when empty).
pub fn analyse(dir: &SweepDir, metrics: &[String]) -> Result<Analysis, Error> {
    let manifest = dir.read_manifest()?;
    let plan = Plan::read(&manifest.sweep_file)?;
    if plan.fingerprint() != manifest.fingerprint {
        return Err(Error::Sweep(format!(
            "{}: the sweep file or scenario changed since the sweep ran; the design cannot be matched to the runs",
            manifest.sweep_file.display()
        )));
    }
    let k = plan.file.axes.len();
    let table = collect::table(dir)?;
    let chosen: Vec<String> = if metrics.is_empty() {
        table.metrics.clone()
    } else {
        for m in metrics {
            if !table.metrics.contains(m) {
                return Err(Error::Sweep(format!(
                    "unknown metric `{m}`; the sweep has {}",
                    table.metrics.join(", ")
                )));
            }
        }
        metrics.to_vec()
    };
    let points = plan.points.len();
    let mut out = Vec::new();
    for m in &chosen {
        let col = table.metrics.iter().position(|x| x == m).unwrap_or(0);
        let mut sum = vec![0.0; points];
        let mut n = vec![0usize; points];
        let mut numeric = true;
        for r in &table.rows {
            match r.metrics[col].parse::<f64>() {
                Ok(v) if v.is_finite() => {
                    sum[r.point] += v;
                    n[r.point] += 1;
                }
                _ => numeric = false,
            }
        }
        if !numeric {
            continue;
        }
        let y: Vec<f64> = sum
            .iter()
            .zip(&n)
            .map(|(s, &c)| s / c.max(1) as f64)
            .collect();
        let indices = match plan.file.design {
            Design::Morris {
                trajectories,
                levels,
                seed,
            } => {
                let u = sensitivity::morris_design(k, trajectories, levels, seed);
                Indices::Morris(sensitivity::morris_indices(&u, &y, k))
            }
            Design::Sobol { samples, .. } => {
                Indices::Sobol(sensitivity::sobol_indices(&y, k, samples))
            }
            _ => {
                return Err(Error::Sweep(format!(
                    "{}: `sweep analyse` needs design kind = \"morris\" or \"sobol\"",
                    manifest.sweep_file.display()
                )));
            }
        };
        out.push((m.clone(), indices));
    }
    Ok(Analysis {
        axes: plan.file.axes.iter().map(|a| a.key.clone()).collect(),
        metrics: out,
    })
}

impl Analysis {
    /// sensitivity.csv: a row per metric and axis.
    pub fn to_csv(&self) -> String {
        let mut s = String::new();
        let morris = matches!(self.metrics.first(), Some((_, Indices::Morris(_))));
        s.push_str(if morris {
            "metric,axis,mu,mu_star,sigma\n"
        } else {
            "metric,axis,first,total\n"
        });
        for (m, ix) in &self.metrics {
            for (a, axis) in self.axes.iter().enumerate() {
                match ix {
                    Indices::Morris(v) => {
                        let _ = writeln!(
                            s,
                            "{m},{axis},{:.6e},{:.6e},{:.6e}",
                            v[a].mu, v[a].mu_star, v[a].sigma
                        );
                    }
                    Indices::Sobol(v) => {
                        let _ = writeln!(s, "{m},{axis},{:.4},{:.4}", v[a].first, v[a].total);
                    }
                }
            }
        }
        s
    }

    /// A plain-text table.
    pub fn table(&self) -> String {
        let mut s = String::new();
        for (m, ix) in &self.metrics {
            let _ = writeln!(s, "{m}");
            for (a, axis) in self.axes.iter().enumerate() {
                match ix {
                    Indices::Morris(v) => {
                        let _ = writeln!(
                            s,
                            "  {axis:<32} mu* {:>12.4e}  mu {:>12.4e}  sigma {:>12.4e}",
                            v[a].mu_star, v[a].mu, v[a].sigma
                        );
                    }
                    Indices::Sobol(v) => {
                        let _ = writeln!(
                            s,
                            "  {axis:<32} first {:>7.3}  total {:>7.3}",
                            v[a].first, v[a].total
                        );
                    }
                }
            }
        }
        s
    }
}

/// Writes `DIR/sensitivity.csv` and (feature `plots`) a chart per metric
/// in `DIR/plots/`; returns the files.
pub fn write(dir: &SweepDir, a: &Analysis, plots: bool) -> Result<Vec<PathBuf>, Error> {
    let csv = dir.root.join("sensitivity.csv");
    write_file_atomically(&csv, a.to_csv().as_bytes())?;
    #[allow(unused_mut)]
    let mut files = vec![csv];
    #[cfg(feature = "plots")]
    if plots {
        files.extend(chart::draw(a, &dir.root.join("plots"))?);
    }
    #[cfg(not(feature = "plots"))]
    let _ = plots;
    Ok(files)
}

#[cfg(feature = "plots")]
mod chart {
    use std::path::{Path, PathBuf};

    use plotters::prelude::*;

    use super::{Analysis, Indices};
    use crate::error::Error;
    use crate::plots::charts::FONT;
    use crate::plots::palette::{self, INK};

    /// Bars of each axis' indices, one chart per metric.
    pub fn draw(a: &Analysis, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        crate::plots::register_fonts()?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut out = Vec::new();
        for (m, ix) in &a.metrics {
            let slug: String = m
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let path = dir.join(format!("sensitivity-{slug}.png"));
            let (names, bars): ([&str; 2], Vec<[f64; 2]>) = match ix {
                Indices::Morris(v) => (
                    ["mu* (mean |effect|)", "sigma (spread of effects)"],
                    v.iter().map(|x| [x.mu_star, x.sigma]).collect(),
                ),
                Indices::Sobol(v) => (
                    ["first order", "total order"],
                    v.iter().map(|x| [x.first, x.total]).collect(),
                ),
            };
            let err = |e: Box<dyn std::error::Error>| Error::Plot {
                path: path.clone(),
                message: e.to_string(),
            };
            let top = bars
                .iter()
                .flatten()
                .fold(0.0f64, |x, &y| x.max(y))
                .max(1e-12)
                * 1.1;
            let k = a.axes.len();
            let h = (120 + 60 * k) as u32;
            let draw = || -> Result<(), Box<dyn std::error::Error>> {
                let root = BitMapBackend::new(&path, (900, h)).into_drawing_area();
                root.fill(&WHITE)?;
                let mut chart = ChartBuilder::on(&root)
                    .caption(
                        format!("Sensitivity of {m}"),
                        (FONT, 20).into_font().color(&INK),
                    )
                    .margin(20)
                    .x_label_area_size(40)
                    .y_label_area_size(260)
                    .build_cartesian_2d(0.0..top, 0.0..k as f64)?;
                let axes = a.axes.clone();
                chart
                    .configure_mesh()
                    .disable_y_mesh()
                    .y_labels(k * 2 + 1)
                    .y_label_formatter(&|y| {
                        let i = (y - 0.5).round();
                        if (y - 0.5 - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < axes.len() {
                            axes[axes.len() - 1 - i as usize].clone()
                        } else {
                            String::new()
                        }
                    })
                    .label_style((FONT, 13).into_font())
                    .draw()?;
                for (j, name) in names.iter().enumerate() {
                    let col = palette::category(j);
                    chart
                        .draw_series(bars.iter().enumerate().map(|(i, b)| {
                            let y0 = (k - 1 - i) as f64 + 0.1 + 0.4 * j as f64;
                            Rectangle::new([(0.0, y0), (b[j].max(0.0), y0 + 0.35)], col.filled())
                        }))?
                        .label(*name)
                        .legend(move |(x, y)| {
                            Rectangle::new([(x, y - 5), (x + 12, y + 5)], col.filled())
                        });
                }
                chart
                    .configure_series_labels()
                    .background_style(WHITE.mix(0.8))
                    .label_font((FONT, 13).into_font())
                    .draw()?;
                root.present()?;
                Ok(())
            };
            draw().map_err(err)?;
            out.push(path);
        }
        Ok(out)
    }
}
