//! `migrasim calibrate --slurm`: each batch of evaluations the optimiser
//! asks for (a simplex, a step, a profile) runs as one Slurm job array, one
//! simulation (point, seed) per array task, through the sweep's Slurm
//! machinery ([`crate::sweep::slurm`]: the sbatch script, submission,
//! MaxArraySize chunking, threads of a task).
//!
//! The calibration folder holds, besides the journal:
//!
//! - `slurm/batch-N.json`: the simulations of the N-th array (point, seed);
//! - `slurm/calibrate.sbatch`: the script last submitted; task logs
//!   `slurm/JOBID_TASK.out`;
//! - `slurm/pending.json`: the array under way (job id, batch), so that a
//!   driver killed while it ran waits for it when re-run instead of
//!   submitting its simulations again;
//! - `evals/<point>-s<seed>.json`: what one simulation gave (the simulated
//!   value of every target, people per agent), written by the task.
//!
//! A simulation whose result is already in `evals/` is never submitted
//! again, and a point whose loss is in the journal is never re-evaluated:
//! a killed calibration resumes without repeating an evaluation. The
//! values are those of a local calibration (the same [`simulate_point`],
//! one thread), so the result is the same.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::journal::SETTINGS;
use super::point::{Fingerprint, Simulated, simulate_point};
use crate::error::Error;
use crate::output::atomic::write_file_atomically;
use crate::sweep::slurm::{self as sweep_slurm, SlurmOptions};

/// Folder of a calibration holding the Slurm scripts, batches and logs.
pub const SLURM_DIR: &str = "slurm";
/// Folder of a calibration holding each simulation's result.
pub const EVALS_DIR: &str = "evals";
/// The array under way.
pub const PENDING: &str = "pending.json";

/// How the driver submits and waits.
#[derive(Debug, Clone)]
pub struct Runner {
    /// The migrasim program the tasks run (absolute).
    pub program: PathBuf,
    /// Partition, time limit, tasks at once (the sweep's options; one CPU
    /// a task).
    pub options: SlurmOptions,
    /// How often the driver looks at the queue.
    pub poll: Duration,
    /// Print a line per array submitted.
    pub verbose: bool,
}

/// One simulation of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Parameter values.
    pub theta: Vec<f64>,
    /// Seed.
    pub seed: u64,
}

/// The simulations of one array, in task order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// Simulations; array task `i` runs `jobs[i·C .. (i+1)·C]`.
    pub jobs: Vec<Job>,
    /// Simulations per array task (C).
    pub per_task: usize,
}

/// What one simulation gave (`evals/*.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Eval {
    /// Parameter values.
    pub theta: Vec<f64>,
    /// Seed.
    pub seed: u64,
    /// Simulated value of each target (`None`: unmatched).
    pub values: Vec<Option<f64>>,
    /// People per agent of the run.
    pub people_per_agent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Pending {
    job_id: String,
    batch: String,
}

/// The file of simulation (theta, seed): named by the exact bits of the
/// parameter values, so that a point is found again only if it is the same.
pub fn eval_path(out: &Path, theta: &[f64], seed: u64) -> PathBuf {
    let bits: Vec<String> = theta
        .iter()
        .map(|x| format!("{:016x}", x.to_bits()))
        .collect();
    out.join(EVALS_DIR)
        .join(format!("{}-s{seed}.json", bits.join("_")))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text)
        .map_err(|e| Error::Calibration(format!("{}: cannot read: {e}", path.display())))
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), Error> {
    let text = serde_json::to_string(value)
        .map_err(|e| Error::Calibration(format!("{}: cannot encode: {e}", path.display())))?;
    write_file_atomically(path, text.as_bytes())
}

/// A finished simulation's values, if its file is there and whole.
fn finished(out: &Path, job: &Job) -> Option<Simulated> {
    let e: Eval = read_json(&eval_path(out, &job.theta, job.seed)).ok()?;
    (e.theta == job.theta && e.seed == job.seed).then_some((e.values, e.people_per_agent))
}

/// Whether Slurm still lists job `id` (pending or running).
fn queued(id: &str) -> Result<bool, Error> {
    let o = Command::new("squeue")
        .args(["-h", "-j", id, "-o", "%i"])
        .output()
        .map_err(|e| Error::Slurm(format!("cannot run squeue: {e}")))?;
    // squeue fails for a job id it no longer knows.
    Ok(o.status.success() && !String::from_utf8_lossy(&o.stdout).trim().is_empty())
}

impl Runner {
    /// Waits until job `id` has left the queue.
    fn wait(&self, id: &str) -> Result<(), Error> {
        while queued(id)? {
            std::thread::sleep(self.poll);
        }
        Ok(())
    }

    /// Runs simulations `work` (point, seed) of the calibration in folder
    /// `out` as a job array and returns their values in order. Simulations
    /// already finished (by an earlier, killed driver's array) are read,
    /// not run; an array still under way from such a driver is waited for.
    pub fn run(&self, out: &Path, work: &[(Vec<f64>, u64)]) -> Result<Vec<Simulated>, Error> {
        let slurm_dir = out.join(SLURM_DIR);
        let pending = slurm_dir.join(PENDING);
        for d in [&slurm_dir, &out.join(EVALS_DIR)] {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        if let Ok(p) = read_json::<Pending>(&pending) {
            if self.verbose && queued(&p.job_id)? {
                println!(
                    "waiting for Slurm job {} of an earlier run of this calibration",
                    p.job_id
                );
            }
            self.wait(&p.job_id)?;
            std::fs::remove_file(&pending).map_err(|e| Error::io(&pending, e))?;
        }
        let jobs: Vec<Job> = work
            .iter()
            .map(|(theta, seed)| Job {
                theta: theta.clone(),
                seed: *seed,
            })
            .collect();
        let todo: Vec<Job> = jobs
            .iter()
            .filter(|j| finished(out, j).is_none())
            .cloned()
            .collect();
        if !todo.is_empty() {
            let n = std::fs::read_dir(&slurm_dir)
                .map_err(|e| Error::io(&slurm_dir, e))?
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with("batch-"))
                .count();
            let batch_name = format!("batch-{n}.json");
            let batch_path = slurm_dir.join(&batch_name);
            let per = sweep_slurm::runs_per_task(todo.len(), sweep_slurm::max_array_size());
            let tasks = sweep_slurm::tasks(todo.len(), per);
            write_json(
                &batch_path,
                &Batch {
                    jobs: todo.clone(),
                    per_task: per,
                },
            )?;
            let script = sweep_slurm::array_script(&sweep_slurm::ArraySpec {
                name: &format!(
                    "calibrate-{}",
                    out.file_name()
                        .map_or("run".into(), |n| n.to_string_lossy())
                ),
                comment: &format!(
                    "migrasim calibrate: array task i runs simulations i*C to i*C+C-1 of {} (C = {per}).",
                    batch_name
                ),
                array: &format!("0-{}", tasks - 1),
                logs: &slurm_dir,
                options: &SlurmOptions {
                    cpus_per_task: Some(1),
                    ..self.options.clone()
                },
                command: &[
                    self.program.display().to_string(),
                    "calibrate-task".into(),
                    crate::sweep::absolute(out).display().to_string(),
                    batch_name.clone(),
                    "$SLURM_ARRAY_TASK_ID".into(),
                ],
            });
            let script_path = slurm_dir.join("calibrate.sbatch");
            write_file_atomically(&script_path, script.as_bytes())?;
            let id = sweep_slurm::submit(&script_path)?;
            write_json(
                &pending,
                &Pending {
                    job_id: id.clone(),
                    batch: batch_name,
                },
            )?;
            if self.verbose {
                println!(
                    "Slurm job {id}: {} simulation(s) in {tasks} array task(s)",
                    todo.len()
                );
            }
            self.wait(&id)?;
            std::fs::remove_file(&pending).map_err(|e| Error::io(&pending, e))?;
        }
        let mut missing = Vec::new();
        let mut values = Vec::with_capacity(jobs.len());
        for j in &jobs {
            match finished(out, j) {
                Some(v) => values.push(v),
                None => missing.push(eval_path(out, &j.theta, j.seed)),
            }
        }
        if !missing.is_empty() {
            return Err(Error::Slurm(format!(
                "{} simulation(s) of the array gave no result (first: {}); see the task logs in {}; \
                 running the same command again resubmits only these",
                missing.len(),
                missing[0].display(),
                slurm_dir.display()
            )));
        }
        Ok(values)
    }
}

/// What one array task does (`migrasim calibrate-task DIR BATCH INDEX`):
/// runs its simulations of the batch, each unless already done, and writes
/// each result to `evals/`. Returns the files written.
pub fn run_task(out: &Path, batch: &str, index: usize) -> Result<Vec<PathBuf>, Error> {
    let f: Fingerprint = read_json(&out.join(SETTINGS))?;
    let b: Batch = read_json(&out.join(SLURM_DIR).join(batch))?;
    let from = index * b.per_task.max(1);
    if from >= b.jobs.len() {
        return Err(Error::Options(format!(
            "task {index}: {batch} has {} simulation(s) at {} per task; allowed: 0 to {}",
            b.jobs.len(),
            b.per_task,
            b.jobs.len().div_ceil(b.per_task.max(1)).saturating_sub(1)
        )));
    }
    let observed = crate::observed::load(&f.targets.0)?;
    let mut written = Vec::new();
    for j in &b.jobs[from..(from + b.per_task.max(1)).min(b.jobs.len())] {
        if finished(out, j).is_some() {
            continue;
        }
        let (values, people_per_agent) = simulate_point(
            &f.scenario.0,
            &f.sets,
            &f.params,
            &observed,
            &j.theta,
            j.seed,
        )?;
        let path = eval_path(out, &j.theta, j.seed);
        write_json(
            &path,
            &Eval {
                theta: j.theta.clone(),
                seed: j.seed,
                values,
                people_per_agent,
            },
        )?;
        written.push(path);
    }
    Ok(written)
}
