//! Parameter sweeps: a sweep file (TOML) names a base scenario, replicates,
//! axes over scenario keys and a design; every point becomes a set of
//! `key=value` overrides handed to [`crate::scenario::load`].
//!
//! A sweep lives in one folder (see [`SweepDir`]):
//!
//! ```text
//! DIR/sweep.json             the expanded plan: runs, ids, seeds, values
//! DIR/runs/<id>.json         a finished run's summary metrics (the "done" mark)
//! DIR/runs/<id>.failed       a failed run's error
//! DIR/full/<id>/             full CSV folders (outputs.keep = "full")
//! DIR/slurm/                 the sbatch script and task logs
//! DIR/results.csv            written by `migrasim sweep collect`
//! DIR/plots/                 sweep plots (feature `plots`)
//! ```
//!
//! Every file is written under a temporary name and renamed when complete,
//! so a killed run leaves nothing that looks finished; re-running the same
//! command does only the runs that are missing or failed. Local runs
//! ([`run`]), Slurm array tasks ([`slurm`]), [`status`] and [`collect`] all
//! work on the folder alone. See docs/sweeps.md.

pub mod analyse;
pub mod chosen;
pub mod collect;
pub mod metrics;
pub mod number;
pub mod plan;
#[cfg(feature = "plots")]
pub mod plot;
pub mod run;
pub mod sensitivity;
pub mod slurm;
pub mod status;
pub mod table;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::output::atomic::write_file_atomically;
use plan::{Keep, Plan};

/// Name of the plan file in a sweep folder.
pub const MANIFEST: &str = "sweep.json";
/// Name of the merged table in a sweep folder.
pub const RESULTS: &str = "results.csv";

/// The folder of a sweep and the paths inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepDir {
    /// The folder.
    pub root: PathBuf,
}

impl SweepDir {
    /// A sweep folder at `root`.
    pub fn new(root: impl Into<PathBuf>) -> SweepDir {
        SweepDir { root: root.into() }
    }

    /// `sweep.json`.
    pub fn manifest(&self) -> PathBuf {
        self.root.join(MANIFEST)
    }

    /// Folder of the per-run results.
    pub fn runs(&self) -> PathBuf {
        self.root.join("runs")
    }

    /// Result of a finished run.
    pub fn result(&self, id: &str) -> PathBuf {
        self.runs().join(format!("{id}.json"))
    }

    /// Error of a failed run.
    pub fn failure(&self, id: &str) -> PathBuf {
        self.runs().join(format!("{id}.failed"))
    }

    /// Full output folder of a run.
    pub fn full(&self, id: &str) -> PathBuf {
        self.root.join("full").join(id)
    }

    /// Folder of the sbatch script and logs.
    pub fn slurm(&self) -> PathBuf {
        self.root.join("slurm")
    }

    /// Reads `sweep.json`.
    pub fn read_manifest(&self) -> Result<Manifest, Error> {
        let path = self.manifest();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Sweep(format!(
                    "{}: not a sweep folder (no {MANIFEST}); start the sweep with `migrasim sweep PLAN.toml` first",
                    self.root.display()
                ))
            } else {
                Error::io(&path, e)
            }
        })?;
        serde_json::from_str(&text)
            .map_err(|e| Error::Sweep(format!("{}: unreadable: {e}", path.display())))
    }
}

/// One run as recorded in `sweep.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestRun {
    /// Run id.
    pub id: String,
    /// Point index.
    pub point: usize,
    /// Replicate index.
    pub replicate: u32,
    /// Seed.
    pub seed: u64,
    /// Value of each axis (as in [`Manifest::axes`]), as text.
    pub values: Vec<String>,
}

/// `sweep.json`: the expanded plan, enough for status and collect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Name of the sweep.
    pub name: String,
    /// The sweep file (absolute).
    pub sweep_file: PathBuf,
    /// The base scenario (absolute).
    pub scenario: PathBuf,
    /// Fingerprint of the plan ([`Plan::fingerprint`]).
    pub fingerprint: String,
    /// The swept keys, in order.
    pub axes: Vec<String>,
    /// `summary` or `full`.
    pub keep: String,
    /// Runs per Slurm array task, once submitted.
    pub runs_per_task: Option<usize>,
    /// Every run, in id order.
    pub runs: Vec<ManifestRun>,
}

impl Manifest {
    /// The manifest of a plan.
    pub fn of(plan: &Plan) -> Manifest {
        Manifest {
            name: plan.file.name.clone(),
            sweep_file: absolute(&plan.file.path),
            scenario: absolute(&plan.file.scenario),
            fingerprint: plan.fingerprint(),
            axes: plan.file.axes.iter().map(|a| a.key.clone()).collect(),
            keep: match plan.file.outputs.keep {
                Keep::Summary => "summary",
                Keep::Full => "full",
            }
            .into(),
            runs_per_task: None,
            runs: plan
                .runs
                .iter()
                .map(|r| ManifestRun {
                    id: r.id.clone(),
                    point: r.point,
                    replicate: r.replicate,
                    seed: r.seed,
                    values: plan.points[r.point].iter().map(|v| v.text()).collect(),
                })
                .collect(),
        }
    }

    /// Writes it (atomically).
    pub fn write(&self, dir: &SweepDir) -> Result<(), Error> {
        let json = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Sweep(format!("cannot encode {MANIFEST}: {e}")))?;
        write_file_atomically(&dir.manifest(), json.as_bytes())
    }
}

/// A finished run's record, `runs/<id>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Run id.
    pub id: String,
    /// Point index.
    pub point: usize,
    /// Replicate index.
    pub replicate: u32,
    /// Seed.
    pub seed: u64,
    /// The overrides the run was loaded with.
    pub overrides: Vec<String>,
    /// Fingerprint of the plan it belongs to.
    pub fingerprint: String,
    /// Metrics (name, value as text), in order.
    pub metrics: Vec<(String, String)>,
    /// Threads the run used.
    pub threads: usize,
    /// Seconds the run took.
    pub wall_seconds: f64,
}

/// `path` made absolute against the current folder (without resolving
/// links).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Compresses sorted indices into Slurm's array syntax: `0-3,7,9-10`.
pub fn ranges(indices: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < indices.len() {
        let start = indices[i];
        let mut end = start;
        while i + 1 < indices.len() && indices[i + 1] == end + 1 {
            i += 1;
            end = indices[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    out.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compress_runs_of_indices() {
        assert_eq!(ranges(&[0, 1, 2, 3, 7, 9, 10]), "0-3,7,9-10");
        assert_eq!(ranges(&[5]), "5");
        assert_eq!(ranges(&[]), "");
    }
}
