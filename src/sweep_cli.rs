//! `migrasim sweep`: the thin command-line glue over [`migrasim::sweep`].

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use migrasim::Error;
use migrasim::sweep::plan::Plan;
use migrasim::sweep::run::{self, ExecOptions};
use migrasim::sweep::slurm::{self, SlurmOptions};
use migrasim::sweep::{SweepDir, absolute, collect, status};

/// Arguments of `migrasim sweep`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SweepArgs {
    /// `status` or `collect` of a sweep folder.
    #[command(subcommand)]
    pub command: Option<SweepCommand>,
    /// Run the sweep file's runs that are not done yet.
    #[command(flatten)]
    pub run: SweepRunArgs,
}

/// Subcommands of `migrasim sweep`.
#[derive(Debug, Subcommand)]
pub enum SweepCommand {
    /// List done, failed and missing runs of a sweep folder.
    Status(StatusArgs),
    /// Merge every run's metrics into results.csv and draw the sweep plots.
    Collect(CollectArgs),
    /// Sensitivity indices of a `morris` or `sobol` sweep (table,
    /// sensitivity.csv, charts).
    Analyse(AnalyseArgs),
}

/// Arguments of `migrasim sweep analyse`.
#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// The sweep folder.
    pub dir: PathBuf,
    /// A metric of results.csv to analyse (repeatable) [default: all].
    #[arg(long = "metric")]
    pub metrics: Vec<String>,
    /// Do not draw the charts.
    #[arg(long)]
    pub no_plots: bool,
}

/// Arguments of `migrasim sweep PLAN`.
#[derive(Debug, Args)]
pub struct SweepRunArgs {
    /// The sweep file (TOML).
    pub plan: Option<PathBuf>,
    /// Sweep folder [default: `out` of the sweep file, else output/sweeps/<name>].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Runs side by side [default: the cores, or fewer when there are fewer runs].
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Threads inside each run [default: the cores shared among the jobs].
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Submit the sweep to Slurm as a job array instead of running it here.
    #[arg(long)]
    pub slurm: bool,
    /// Slurm partition.
    #[arg(long, requires = "slurm")]
    pub partition: Option<String>,
    /// Slurm time limit per task, e.g. 1:00:00.
    #[arg(long, requires = "slurm")]
    pub time: Option<String>,
    /// CPUs per array task (each task's thread pool).
    #[arg(long, requires = "slurm")]
    pub cpus_per_task: Option<usize>,
    /// Most array tasks running at once.
    #[arg(long, requires = "slurm")]
    pub max_concurrent: Option<usize>,
    /// Only write the sbatch script; do not submit it.
    #[arg(long, requires = "slurm")]
    pub dry_run: bool,
    /// Runs per array task [default: as few as MaxArraySize allows].
    #[arg(long)]
    pub runs_per_task: Option<usize>,
    /// Run one array task (set by the sbatch script).
    #[arg(long, conflicts_with = "slurm", requires = "runs_per_task")]
    pub task: Option<usize>,
}

/// Arguments of `migrasim sweep status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The sweep folder.
    pub dir: PathBuf,
    /// Print only the Slurm array indices to resubmit (comma-separated).
    #[arg(long)]
    pub indices: bool,
    /// Most runs listed per state.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// Arguments of `migrasim sweep collect`.
#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The sweep folder.
    pub dir: PathBuf,
    /// Do not draw the sweep plots.
    #[arg(long)]
    pub no_plots: bool,
}

/// Exit code of `sweep status` when runs are missing (none failed).
pub const EXIT_MISSING: u8 = 3;
/// Exit code of `sweep status` when runs failed.
pub const EXIT_FAILED: u8 = 4;

/// Runs `migrasim sweep ...`; returns the exit code.
pub fn execute(args: SweepArgs) -> Result<u8, Error> {
    match args.command {
        Some(SweepCommand::Status(a)) => status_cmd(a),
        Some(SweepCommand::Collect(a)) => collect_cmd(a).map(|_| 0),
        Some(SweepCommand::Analyse(a)) => analyse_cmd(a).map(|_| 0),
        None => run_cmd(args.run).map(|_| 0),
    }
}

/// Runs `f`, showing a spinner with the elapsed time on a terminal when it
/// takes more than a second.
fn with_progress<T>(what: &str, quiet: bool, f: impl FnOnce() -> T) -> T {
    use std::io::IsTerminal;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    if quiet || !std::io::stderr().is_terminal() {
        return f();
    }
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let what = what.to_string();
    let shower = std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(1) {
            if flag.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let bar = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(what);
        while !flag.load(Ordering::Relaxed) {
            bar.tick();
            std::thread::sleep(Duration::from_millis(100));
        }
        bar.finish_and_clear();
    });
    let out = f();
    done.store(true, Ordering::Relaxed);
    let _ = shower.join();
    out
}

fn run_cmd(a: SweepRunArgs) -> Result<(), Error> {
    let Some(path) = &a.plan else {
        return Err(Error::Options(
            "give a sweep file (`migrasim sweep PLAN.toml`), or `status DIR` / `collect DIR`"
                .into(),
        ));
    };
    if a.jobs == Some(0) {
        return Err(Error::Options(format!(
            "-j 0: a sweep runs at least 1 run at a time; allowed: 1 or more (default: the {} cores)",
            crate::machine::cores()
        )));
    }
    let threads = crate::machine::cap_threads(a.threads, "--threads", a.quiet)?;
    let plan = with_progress("planning the sweep…", a.quiet, || Plan::read(path))?;
    let out = a
        .out
        .clone()
        .or_else(|| plan.file.out.clone())
        .unwrap_or_else(|| Path::new("output").join("sweeps").join(&plan.file.name));
    let dir = SweepDir::new(absolute(&out));
    let scenario = plan.file.scenario.clone();
    let loader = run::file_loader(&scenario);
    let opts = ExecOptions {
        jobs: a.jobs,
        threads,
        cores: None,
        quiet: a.quiet,
        log_each: false,
    };
    if let Some(task) = a.task {
        let per = a.runs_per_task.unwrap_or(1);
        let o = run::run_task(&plan, &dir, &loader, task, per, &opts)?;
        if !a.quiet {
            println!(
                "task {task}: {} run(s) done, {} already done, {} failed ({} side by side, {} thread(s) each)",
                o.ran,
                o.skipped,
                o.failed.len(),
                o.jobs,
                o.threads
            );
        }
        return failures(&o.failed, &dir);
    }
    if a.slurm {
        let options = SlurmOptions {
            partition: a.partition,
            time: a.time,
            cpus_per_task: a.cpus_per_task,
            max_concurrent: a.max_concurrent,
            runs_per_task: a.runs_per_task,
        };
        let program = std::env::current_exe().map_err(|e| Error::io("migrasim", e))?;
        let s = slurm::submit_sweep(&plan, &dir, &loader, &options, &program, a.dry_run)?;
        if s.tasks == 0 {
            println!(
                "all {} runs are done; collect them with `migrasim sweep collect {}`",
                plan.runs.len(),
                dir.root.display()
            );
            return Ok(());
        }
        println!("wrote {}", s.script.display());
        match &s.job_id {
            Some(id) => {
                println!(
                    "submitted job array {id}: {} task(s) ({}), {} run(s) to do, {} per task",
                    s.tasks, s.array, s.pending, s.runs_per_task
                );
                println!(
                    "follow with `squeue -j {id}` and `migrasim sweep status {}`",
                    dir.root.display()
                );
                println!("{id}");
            }
            None => println!(
                "dry run: submit with `sbatch {}` ({} task(s), {} run(s) to do)",
                s.script.display(),
                s.tasks,
                s.pending
            ),
        }
        return Ok(());
    }
    let o = run::run_local(&plan, &dir, &loader, &opts)?;
    if !a.quiet {
        println!(
            "{}: {} run(s) done now, {} already done, {} failed ({} side by side, {} thread(s) each)",
            dir.root.display(),
            o.ran,
            o.skipped,
            o.failed.len(),
            o.jobs,
            o.threads
        );
    }
    failures(&o.failed, &dir)
}

fn failures(failed: &[(String, String)], dir: &SweepDir) -> Result<(), Error> {
    if failed.is_empty() {
        return Ok(());
    }
    let mut msg = format!("{} run(s) failed:\n", failed.len());
    for (id, e) in failed.iter().take(10) {
        msg.push_str(&format!("  {id}: {e}\n"));
    }
    msg.push_str(&format!(
        "see `migrasim sweep status {}`; re-running the same command redoes only these",
        dir.root.display()
    ));
    Err(Error::SweepRuns(msg))
}

fn status_cmd(a: StatusArgs) -> Result<u8, Error> {
    let dir = SweepDir::new(&a.dir);
    let st = status::read(&dir)?;
    if a.indices {
        match st.array_indices(None) {
            Some(ix) => println!("{}", migrasim::sweep::ranges(&ix)),
            None => {
                return Err(Error::Sweep(format!(
                    "{}: never submitted to Slurm, so it has no array indices",
                    dir.root.display()
                )));
            }
        }
        return Ok(0);
    }
    print!("{}", st.report(a.limit));
    if let Some(ix) = st.array_indices(None).filter(|ix| !ix.is_empty()) {
        println!(
            "array indices to resubmit: {} (re-running `migrasim sweep {} --out {} --slurm` submits just these)",
            migrasim::sweep::ranges(&ix),
            st.manifest.sweep_file.display(),
            absolute(&dir.root).display()
        );
    } else if st.complete() {
        println!(
            "complete: `migrasim sweep collect {}` merges the results",
            dir.root.display()
        );
    }
    let (_, failed, missing) = st.counts();
    Ok(if failed > 0 {
        EXIT_FAILED
    } else if missing > 0 {
        EXIT_MISSING
    } else {
        0
    })
}

fn collect_cmd(a: CollectArgs) -> Result<(), Error> {
    let dir = SweepDir::new(&a.dir);
    let started = std::time::Instant::now();
    let c = collect::collect(&dir, !a.no_plots)?;
    println!(
        "wrote {} ({} runs × {} metrics) and {} plot(s) in {:.2} s",
        c.results.display(),
        c.runs,
        c.metrics,
        c.plots.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn analyse_cmd(a: AnalyseArgs) -> Result<(), Error> {
    let dir = SweepDir::new(&a.dir);
    let analysis = migrasim::sweep::analyse::analyse(&dir, &a.metrics)?;
    print!("{}", analysis.table());
    let files = migrasim::sweep::analyse::write(&dir, &analysis, !a.no_plots)?;
    for f in files {
        println!("wrote {}", f.display());
    }
    Ok(())
}
