//! Running a sweep's runs: validation of every point before anything runs,
//! the sweep folder, and the runs themselves, side by side on the cores
//! (locally, or inside one Slurm array task), skipping those already done.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::plan::{Keep, Plan, RunSpec};
use super::{Manifest, RunResult, SweepDir, metrics, status};
use crate::error::Error;
use crate::output::atomic::write_file_atomically;
use crate::scenario::{self, Scenario};
use crate::simulation::RunOptions;

/// Builds a point's scenario from its overrides (`key=value`).
pub type Loader<'a> = &'a (dyn Fn(&[String]) -> Result<Scenario, Error> + Sync);

/// Loads the plan's base scenario file with the overrides.
pub fn file_loader(path: &Path) -> impl Fn(&[String]) -> Result<Scenario, Error> + Sync + '_ {
    move |o: &[String]| Ok(scenario::load(path, o)?)
}

/// Most problems printed when validation fails.
const MAX_REPORTED: usize = 20;

fn describe_point(plan: &Plan, point: usize) -> String {
    let vals: Vec<String> = plan
        .file
        .axes
        .iter()
        .zip(&plan.points[point])
        .map(|(a, v)| format!("{}={}", a.key, v.text()))
        .collect();
    let id = plan
        .runs
        .iter()
        .find(|r| r.point == point)
        .map_or(String::new(), |r| {
            r.id.split('-').next().unwrap_or("").to_string()
        });
    if vals.is_empty() {
        format!("point {id}")
    } else {
        format!("point {id} ({})", vals.join(", "))
    }
}

/// A scenario problem without its `--set:N:C` place (the sweep file's
/// place is given instead).
fn diagnostic_text(d: &scenario::Diagnostic) -> String {
    let mut t = if d.file == scenario::overrides::LABEL {
        format!("{}: {}", d.key, d.message)
    } else {
        d.to_string()
    };
    if d.file == scenario::overrides::LABEL {
        if let Some(a) = &d.allowed {
            t.push_str(&format!("; allowed: {a}"));
        }
        if let Some(h) = &d.hint {
            t.push_str(&format!(" ({h})"));
        }
    }
    t
}

/// Explains a loader error at a point: (where, what) pairs; where names the
/// place in the sweep file and, for an axis, the axis.
fn explain(plan: &Plan, err: &Error) -> Vec<(String, String)> {
    let covers =
        |key: &str, k: &str| !key.is_empty() && (key == k || key.starts_with(&format!("{k}.")));
    let file = plan.file.path.display().to_string();
    match err {
        Error::Scenario(se) => {
            se.diagnostics
                .iter()
                .map(|d| {
                    let text = diagnostic_text(d);
                    if let Some(a) = plan.file.axes.iter().find(|a| covers(&d.key, &a.key)) {
                        return (format!("{}: axis `{}`", a.place, a.key), text);
                    }
                    let constant =
                        plan.file.constants.iter().position(|c| {
                            c.split_once('=').is_some_and(|(k, _)| covers(&d.key, k))
                        });
                    match constant {
                        Some(i) => (plan.file.constant_places[i].clone(), text),
                        None => (file.clone(), text),
                    }
                })
                .collect()
        }
        other => vec![(file, other.to_string())],
    }
}

/// Checks every point's scenario (and that the chosen outputs exist in
/// it) before anything runs. All problems are reported together.
pub fn validate(plan: &Plan, loader: Loader<'_>) -> Result<(), Error> {
    if !plan.file.scenario.is_file() {
        return Err(Error::Sweep(format!(
            "{}: scenario: no such file: {} (a relative path is read from the sweep file's folder)",
            plan.file.scenario_place,
            plan.file.scenario.display()
        )));
    }
    // One representative run per point (its first replicate).
    let firsts: Vec<&RunSpec> = plan.runs.iter().filter(|r| r.replicate == 0).collect();
    let found: Vec<Vec<(String, String)>> = firsts
        .par_iter()
        .map(|run| match loader(&plan.overrides(run)) {
            Err(e) => explain(plan, &e),
            Ok(s) => match metrics::check(&plan.file.outputs, &s) {
                Ok(()) => Vec::new(),
                Err(m) => vec![(plan.file.path.display().to_string(), m)],
            },
        })
        .collect();
    // The same problem at many points is reported once, at its first point.
    let mut seen: Vec<((String, String), usize, usize)> = Vec::new();
    for (run, problems) in firsts.iter().zip(found) {
        for pr in problems {
            match seen.iter_mut().find(|(k, _, _)| *k == pr) {
                Some(s) => s.2 += 1,
                None => seen.push((pr, run.point, 0)),
            }
        }
    }
    let all: Vec<String> = seen
        .into_iter()
        .map(|((place, text), point, more)| {
            let also = if more > 0 {
                format!(
                    " (and at {more} other point{})",
                    if more == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            format!("{place}: {}: {text}{also}", describe_point(plan, point))
        })
        .collect();
    if all.is_empty() {
        return Ok(());
    }
    let mut msg: Vec<String> = all.iter().take(MAX_REPORTED).cloned().collect();
    if all.len() > MAX_REPORTED {
        msg.push(format!("… and {} more", all.len() - MAX_REPORTED));
    }
    msg.push(format!(
        "{} problem{} in the sweep's points; nothing was run",
        all.len(),
        if all.len() == 1 { "" } else { "s" }
    ));
    Err(Error::Sweep(msg.join("\n")))
}

/// Creates the sweep folder (or checks that an existing one holds the same
/// plan) and writes `sweep.json`. Returns the manifest.
pub fn prepare(plan: &Plan, dir: &SweepDir) -> Result<Manifest, Error> {
    std::fs::create_dir_all(dir.runs()).map_err(|e| Error::io(dir.runs(), e))?;
    let mut manifest = Manifest::of(plan);
    if dir.manifest().exists() {
        let old = dir.read_manifest()?;
        if old.fingerprint != manifest.fingerprint {
            return Err(Error::Sweep(format!(
                "{} holds a sweep with a different plan (the sweep file, its scenario or its outputs changed); \
                 use another output folder (--out) or remove this one",
                dir.root.display()
            )));
        }
        manifest.runs_per_task = old.runs_per_task;
        if old == manifest {
            return Ok(manifest);
        }
    }
    manifest.write(dir)?;
    Ok(manifest)
}

/// How to run the runs.
#[derive(Debug, Clone, Default)]
pub struct ExecOptions {
    /// Runs side by side; `None`: chosen from the cores and the runs.
    pub jobs: Option<usize>,
    /// Threads inside each run; `None`: the cores shared among the jobs.
    pub threads: Option<usize>,
    /// Cores to use; `None`: all available.
    pub cores: Option<usize>,
    /// No progress bar, no messages.
    pub quiet: bool,
    /// Print a line per run (for logs, e.g. Slurm tasks).
    pub log_each: bool,
}

/// Runs side by side and threads per run: as many runs as cores (each on
/// one thread) when there are enough runs, otherwise the cores shared
/// among fewer runs.
pub fn schedule(
    cores: usize,
    runs: usize,
    jobs: Option<usize>,
    threads: Option<usize>,
) -> (usize, usize) {
    let cores = cores.max(1);
    let jobs = jobs.unwrap_or(cores.min(runs.max(1))).max(1);
    let threads = threads.unwrap_or((cores / jobs).max(1)).max(1);
    (jobs, threads)
}

/// What a call to [`execute`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Runs done now.
    pub ran: usize,
    /// Runs skipped because they were already done.
    pub skipped: usize,
    /// Runs that failed now, with their errors.
    pub failed: Vec<(String, String)>,
    /// Runs side by side and threads per run used.
    pub jobs: usize,
    /// Threads per run.
    pub threads: usize,
}

/// Runs one run and writes its result (and full folder). The result file,
/// written last and renamed into place, marks the run done.
fn run_one(
    plan: &Plan,
    dir: &SweepDir,
    fingerprint: &str,
    loader: Loader<'_>,
    run: &RunSpec,
    threads: usize,
) -> Result<(), Error> {
    let overrides = plan.overrides(run);
    let scenario = loader(&overrides)?;
    let started = Instant::now();
    let r = crate::run(
        &scenario,
        &RunOptions {
            threads: Some(threads),
            cancel: None,
        },
    )?;
    let metrics = metrics::compute(&plan.file.outputs, &scenario, &r.recorded)
        .map_err(|m| Error::Sweep(format!("{}: {m}", run.id)))?;
    if plan.file.outputs.keep == Keep::Full {
        crate::output::write_run_dir_as(
            &dir.full(&run.id),
            &scenario,
            &r,
            plan.file.outputs.format,
        )?;
    }
    let result = RunResult {
        id: run.id.clone(),
        point: run.point,
        replicate: run.replicate,
        seed: run.seed,
        overrides,
        fingerprint: fingerprint.to_string(),
        metrics,
        threads,
        wall_seconds: started.elapsed().as_secs_f64(),
    };
    let json = serde_json::to_vec(&result)
        .map_err(|e| Error::Sweep(format!("{}: cannot encode the result: {e}", run.id)))?;
    write_file_atomically(&dir.result(&run.id), &json)?;
    let failure = dir.failure(&run.id);
    if failure.exists() {
        std::fs::remove_file(&failure).map_err(|e| Error::io(&failure, e))?;
    }
    Ok(())
}

/// Runs the runs with the given indices (into `plan.runs`) that are not
/// done yet, side by side, with a progress bar. A failed run leaves its
/// error in `runs/<id>.failed` and does not stop the others.
pub fn execute(
    plan: &Plan,
    dir: &SweepDir,
    manifest: &Manifest,
    loader: Loader<'_>,
    which: &[usize],
    opts: &ExecOptions,
) -> Result<Outcome, Error> {
    let done = status::done_set(dir, manifest)?;
    let pending: Vec<usize> = which
        .iter()
        .copied()
        .filter(|&i| !done.contains(&plan.runs[i].id))
        .collect();
    let cores = opts
        .cores
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let (jobs, threads) = schedule(cores, pending.len(), opts.jobs, opts.threads);
    let mut outcome = Outcome {
        skipped: which.len() - pending.len(),
        jobs,
        threads,
        ..Outcome::default()
    };
    if pending.is_empty() {
        return Ok(outcome);
    }
    let bar = if opts.quiet || opts.log_each || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(pending.len() as u64)
    };
    if let Ok(style) = ProgressStyle::with_template(
        "[{elapsed_precise}] [{bar:40}] {pos}/{len} runs, ETA {eta} {msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.min(pending.len()) {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = pending.get(k) else { break };
                    let run = &plan.runs[i];
                    let started = Instant::now();
                    let res = run_one(plan, dir, &manifest.fingerprint, loader, run, threads);
                    if let Err(e) = &res {
                        let msg = e.to_string();
                        let _ = write_file_atomically(&dir.failure(&run.id), msg.as_bytes());
                        let mut f = failed.lock().unwrap_or_else(|p| p.into_inner());
                        f.push((run.id.clone(), msg));
                        bar.set_message(format!("({} failed)", f.len()));
                    }
                    if opts.log_each && !opts.quiet {
                        match &res {
                            Ok(()) => println!(
                                "{} done in {:.2} s",
                                run.id,
                                started.elapsed().as_secs_f64()
                            ),
                            Err(e) => println!("{} FAILED: {e}", run.id),
                        }
                    }
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    let mut failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
    failed.sort();
    outcome.ran = pending.len() - failed.len();
    outcome.failed = failed;
    Ok(outcome)
}

/// The run indices of array task `task` when each task takes
/// `runs_per_task` consecutive runs.
pub fn task_runs(total: usize, task: usize, runs_per_task: usize) -> std::ops::Range<usize> {
    let per = runs_per_task.max(1);
    let start = (task.saturating_mul(per)).min(total);
    start..(start + per).min(total)
}

/// Runs a whole sweep locally: validates every point, prepares the folder,
/// and runs what is not done yet.
pub fn run_local(
    plan: &Plan,
    dir: &SweepDir,
    loader: Loader<'_>,
    opts: &ExecOptions,
) -> Result<Outcome, Error> {
    validate(plan, loader)?;
    let manifest = prepare(plan, dir)?;
    let all: Vec<usize> = (0..plan.runs.len()).collect();
    execute(plan, dir, &manifest, loader, &all, opts)
}

/// Runs array task `task` (its `runs_per_task` runs, those not done yet)
/// of a sweep already prepared by its submission. Threads come from
/// `SLURM_CPUS_PER_TASK` unless `opts.cores` says otherwise.
pub fn run_task(
    plan: &Plan,
    dir: &SweepDir,
    loader: Loader<'_>,
    task: usize,
    runs_per_task: usize,
    opts: &ExecOptions,
) -> Result<Outcome, Error> {
    let manifest = dir.read_manifest()?;
    if manifest.fingerprint != plan.fingerprint() {
        return Err(Error::Sweep(format!(
            "{}: the sweep file or its scenario changed since the sweep was submitted; resubmit it",
            dir.root.display()
        )));
    }
    let range = task_runs(plan.runs.len(), task, runs_per_task);
    if range.is_empty() {
        return Err(Error::Sweep(format!(
            "task {task} has no runs ({} runs, {runs_per_task} per task)",
            plan.runs.len()
        )));
    }
    let which: Vec<usize> = range.collect();
    let opts = ExecOptions {
        cores: Some(opts.cores.unwrap_or_else(task_cpus)),
        log_each: true,
        ..opts.clone()
    };
    execute(plan, dir, &manifest, loader, &which, &opts)
}

/// Threads a task may use: `SLURM_CPUS_PER_TASK`, else 1.
pub fn task_cpus() -> usize {
    std::env::var("SLURM_CPUS_PER_TASK")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;
    use crate::sweep::plan;

    /// A loader that needs no scenario file: the synthetic world, with a
    /// few keys understood.
    pub(crate) fn synthetic_loader(o: &[String]) -> Result<Scenario, Error> {
        let mut s = reference_scenario(400, 4, 6, 1);
        for kv in o {
            let (k, v) = kv.split_once('=').unwrap();
            let bad = || Error::Options(format!("bad value {kv}"));
            match k {
                "simulation.seed" => s.simulation.seed = v.parse().map_err(|_| bad())?,
                "simulation.months" => s.simulation.months = v.parse().map_err(|_| bad())?,
                "decision.home_bias" => s.decision.home_bias = v.parse().map_err(|_| bad())?,
                "costs.border_barrier" => {
                    let x: f64 = v.parse().map_err(|_| bad())?;
                    if x < 0.0 {
                        return Err(Error::Options(format!("{k} must be ≥ 0")));
                    }
                    s.costs.border_barrier = x
                }
                _ => return Err(Error::Options(format!("unknown key {k}"))),
            }
        }
        Ok(s)
    }

    fn plan_in(dir: &Path, axes: &str) -> Plan {
        let path = dir.join("sweep.toml");
        std::fs::write(dir.join("base.toml"), "# synthetic\n").unwrap();
        std::fs::write(
            &path,
            format!("scenario = \"base.toml\"\nseed = 11\nreplicates = 2\n[axes]\n{axes}"),
        )
        .unwrap();
        plan::Plan::read(&path).unwrap()
    }

    #[test]
    fn schedule_prefers_runs_side_by_side() {
        assert_eq!(schedule(8, 100, None, None), (8, 1));
        assert_eq!(schedule(8, 2, None, None), (2, 4));
        assert_eq!(schedule(8, 0, None, None), (1, 8));
        assert_eq!(schedule(8, 100, Some(2), None), (2, 4));
        assert_eq!(schedule(1, 100, None, Some(3)), (1, 3));
    }

    #[test]
    fn task_runs_chunk_the_runs() {
        assert_eq!(task_runs(10, 0, 4), 0..4);
        assert_eq!(task_runs(10, 2, 4), 8..10);
        assert_eq!(task_runs(10, 3, 4), 10..10);
    }

    #[test]
    fn bad_points_are_named_before_anything_runs() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = plan_in(
            tmp.path(),
            "decision.home_bias = [0.5, 1.0]\ncosts.border_barrier = [1.0, -1.0]\n",
        );
        let e = validate(&plan, &synthetic_loader).unwrap_err().to_string();
        assert!(
            e.contains("point p0001 (decision.home_bias=0.5, costs.border_barrier=-1.0)"),
            "{e}"
        );
        assert!(e.contains("(and at 1 other point)"), "{e}");
        assert!(!e.contains("point p0000"), "{e}");
        assert!(e.contains("1 problem in"), "{e}");
    }

    #[test]
    fn runs_once_and_resumes_only_what_is_missing_or_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = plan_in(tmp.path(), "decision.home_bias = [0.5, 1.0]\n");
        validate(&plan, &synthetic_loader).unwrap();
        let dir = SweepDir::new(tmp.path().join("out"));
        let manifest = prepare(&plan, &dir).unwrap();
        let all: Vec<usize> = (0..plan.runs.len()).collect();
        let opts = ExecOptions {
            quiet: true,
            cores: Some(2),
            ..ExecOptions::default()
        };
        // Make one run fail: its result path is taken by a folder.
        std::fs::create_dir_all(dir.result("p0001-r00")).unwrap();
        let o = execute(&plan, &dir, &manifest, &synthetic_loader, &all, &opts).unwrap();
        assert_eq!((o.ran, o.skipped, o.failed.len()), (3, 0, 1));
        assert_eq!(o.failed[0].0, "p0001-r00");
        let st = status::read(&dir).unwrap();
        assert_eq!(st.counts(), (3, 1, 0));
        std::fs::remove_dir(dir.result("p0001-r00")).unwrap();
        let before = std::fs::read(dir.result("p0000-r00")).unwrap();
        let o = execute(&plan, &dir, &manifest, &synthetic_loader, &all, &opts).unwrap();
        assert_eq!((o.ran, o.skipped, o.failed.len()), (1, 3, 0));
        assert_eq!(std::fs::read(dir.result("p0000-r00")).unwrap(), before);
        assert!(!dir.failure("p0001-r00").exists());
        assert_eq!(status::read(&dir).unwrap().counts(), (4, 0, 0));
        // A changed plan is refused in the same folder.
        let other = plan_in(tmp.path(), "decision.home_bias = [0.5, 2.0]\n");
        assert!(
            prepare(&other, &dir)
                .unwrap_err()
                .to_string()
                .contains("different plan")
        );
    }
}
