//! Which runs of a sweep are done, failed or missing, read from the sweep
//! folder alone; and which Slurm array indices to resubmit.

use std::collections::HashSet;

use super::{Manifest, RunResult, SweepDir};
use crate::error::Error;

/// The state of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunState {
    /// Its result is there and belongs to this plan.
    Done,
    /// It failed; the error.
    Failed(String),
    /// Not run yet (or killed before it finished).
    Missing,
}

/// The state of every run of a sweep.
#[derive(Debug, Clone)]
pub struct Status {
    /// The sweep's plan.
    pub manifest: Manifest,
    /// One state per run of `manifest.runs`.
    pub states: Vec<RunState>,
}

/// Names of the files in `runs/`.
fn listing(dir: &SweepDir) -> Result<HashSet<String>, Error> {
    let runs = dir.runs();
    match std::fs::read_dir(&runs) {
        Ok(rd) => Ok(rd
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(HashSet::new()),
        Err(e) => Err(Error::io(runs, e)),
    }
}

/// Reads a finished run's result; `None` if it is absent, unreadable or
/// from another plan.
pub fn read_result(dir: &SweepDir, manifest: &Manifest, id: &str) -> Option<RunResult> {
    let bytes = std::fs::read(dir.result(id)).ok()?;
    let r: RunResult = serde_json::from_slice(&bytes).ok()?;
    (r.id == id && r.fingerprint == manifest.fingerprint).then_some(r)
}

/// Ids of the runs whose results are there (file present and of this
/// plan).
pub fn done_set(dir: &SweepDir, manifest: &Manifest) -> Result<HashSet<String>, Error> {
    let files = listing(dir)?;
    Ok(manifest
        .runs
        .iter()
        .filter(|r| files.contains(&format!("{}.json", r.id)))
        .filter(|r| read_result(dir, manifest, &r.id).is_some())
        .map(|r| r.id.clone())
        .collect())
}

/// Reads the state of every run in a sweep folder.
pub fn read(dir: &SweepDir) -> Result<Status, Error> {
    let manifest = dir.read_manifest()?;
    let files = listing(dir)?;
    let done = done_set(dir, &manifest)?;
    let states = manifest
        .runs
        .iter()
        .map(|r| {
            if done.contains(&r.id) {
                RunState::Done
            } else if files.contains(&format!("{}.failed", r.id)) {
                let msg = std::fs::read_to_string(dir.failure(&r.id))
                    .unwrap_or_else(|e| format!("(error unreadable: {e})"));
                RunState::Failed(msg.trim().to_string())
            } else {
                RunState::Missing
            }
        })
        .collect();
    Ok(Status { manifest, states })
}

impl Status {
    /// (done, failed, missing).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for s in &self.states {
            match s {
                RunState::Done => c.0 += 1,
                RunState::Failed(_) => c.1 += 1,
                RunState::Missing => c.2 += 1,
            }
        }
        c
    }

    /// Indices (into the runs) of those not done.
    pub fn pending(&self) -> Vec<usize> {
        (0..self.states.len())
            .filter(|&i| self.states[i] != RunState::Done)
            .collect()
    }

    /// Whether every run is done.
    pub fn complete(&self) -> bool {
        self.states.iter().all(|s| *s == RunState::Done)
    }

    /// Array indices holding runs not done, for `runs_per_task` runs per
    /// task (the last submission's, when not given).
    pub fn array_indices(&self, runs_per_task: Option<usize>) -> Option<Vec<usize>> {
        let per = runs_per_task.or(self.manifest.runs_per_task)?.max(1);
        let mut v: Vec<usize> = self.pending().iter().map(|i| i / per).collect();
        v.dedup();
        Some(v)
    }

    /// A report for people: counts, failed runs with their errors,
    /// missing runs (at most `limit` of each listed).
    pub fn report(&self, limit: usize) -> String {
        let (d, f, m) = self.counts();
        let mut out = format!(
            "{}: {} runs: {d} done, {f} failed, {m} missing\n",
            self.manifest.name,
            self.states.len()
        );
        let mut list = |title: &str, pick: &dyn Fn(&RunState) -> Option<String>| {
            let items: Vec<String> = self
                .manifest
                .runs
                .iter()
                .zip(&self.states)
                .filter_map(|(r, s)| pick(s).map(|e| format!("  {}{e}", r.id)))
                .collect();
            if !items.is_empty() {
                out.push_str(title);
                for it in items.iter().take(limit) {
                    out.push_str(it);
                    out.push('\n');
                }
                if items.len() > limit {
                    out.push_str(&format!("  … and {} more\n", items.len() - limit));
                }
            }
        };
        list("failed:\n", &|s| match s {
            RunState::Failed(e) => Some(format!(": {}", e.replace('\n', "\n    "))),
            _ => None,
        });
        list("missing:\n", &|s| {
            (*s == RunState::Missing).then(String::new)
        });
        out
    }
}
