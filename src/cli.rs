//! The command-line interface: clap definitions and the thin glue that
//! calls the library. Nothing here simulates or validates by itself.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use migrasim::Error;

use crate::machine::{cap_threads, memory_limit};
use migrasim::observe::{Observer, StepView};
use migrasim::output::target::{self, Policy};
use migrasim::preflight;
use migrasim::scenario::{self, Scenario};
use migrasim::simulation::{RunOptions, Termination};

/// Agent-based simulation of international labour migration.
#[derive(Debug, Parser)]
#[command(name = "migrasim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and write its outputs.
    Run(RunArgs),
    /// Check a scenario and print a summary of its world without running it.
    Validate(ScenarioArgs),
    /// Time the engine on the synthetic reference world (docs/reference-model.md).
    Bench(crate::bench_cli::BenchArgs),
    /// Run a parameter sweep locally or as a Slurm job array; see its
    /// status; collect its results (docs/sweeps.md).
    Sweep(crate::sweep_cli::SweepArgs),
    /// Redraw the charts (DIR/plots/) and DIR/report.html of a run folder.
    Plot(PlotArgs),
    /// Measure the stylised facts of migration on a run folder (gravity
    /// regression, gross moves, returns, brain drain, the hump): prints a
    /// table and writes DIR/facts/ (docs/facts.md).
    Facts(PlotArgs),
    /// Write a scenario of real countries from data (docs/world-builder.md).
    World(WorldArgs),
    /// Compare a run with observed migration, next to persistence
    /// forecasts (docs/calibration.md).
    Compare(crate::calib_cli::CompareArgs),
    /// Fit scenario parameters to observed migration (docs/calibration.md).
    Calibrate(crate::calib_cli::CalibrateArgs),
    /// One Slurm array task of `calibrate --slurm` (run by the sbatch script).
    #[command(hide = true)]
    CalibrateTask(crate::calib_cli::CalibrateTaskArgs),
    /// Write the browser lab (a folder of files that runs the teaching
    /// scenarios in any browser, offline) and optionally open it.
    Lab(crate::lab_cli::LabArgs),
}

/// Arguments of `migrasim world`.
#[derive(Debug, Args)]
pub struct WorldArgs {
    /// First year; the run starts in its January.
    #[arg(long)]
    pub year: i32,
    /// Last month of the run: YYYY (its December) or YYYY-MM.
    #[arg(long)]
    pub until: String,
    /// all (every country the data covers well), top:N (the N largest by
    /// working-age population) or codes, e.g. DEU,POL,TUR.
    #[arg(long, default_value = "all")]
    pub countries: String,
    /// Scenario file to write; its tables go to a folder beside it named
    /// after it [default: world-YEAR.toml].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Agents of the run.
    #[arg(long, default_value_t = 1_000_000)]
    pub agents: u64,
    /// Seed of the run [default: the year].
    #[arg(long)]
    pub seed: Option<u64>,
    /// A scenario whose mechanisms the world extends (path relative to the
    /// written file); without it, the builder's own [costs] and [decision].
    #[arg(long)]
    pub extends: Option<String>,
    /// Leave conflicts out (no [[shock]]s).
    #[arg(long)]
    pub no_conflicts: bool,
    /// Read the data tables from this folder instead of the built-in ones.
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// Arguments of `migrasim plot`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// A run folder written by `migrasim run`.
    pub dir: PathBuf,
}

/// A scenario file and overrides of its values.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Override a value, e.g. --set decision.home_bias=0.8 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Override the seed (same as --set simulation.seed=N).
    #[arg(long)]
    pub seed: Option<u64>,
    /// End the run at this month (same as --set simulation.until=YYYY-MM);
    /// dated elements that start later are left out with a notice.
    #[arg(long, value_name = "YYYY-MM")]
    pub until: Option<String>,
}

impl ScenarioArgs {
    /// Loads and validates the scenario with the overrides.
    pub fn load(&self) -> Result<Scenario, Error> {
        let mut sets = self.set.clone();
        if let Some(seed) = self.seed {
            sets.push(format!("simulation.seed={seed}"));
        }
        if let Some(until) = &self.until {
            sets.push(format!("simulation.until=\"{}\"", until.escape_default()));
        }
        let s = scenario::load(&self.scenario, &sets)?;
        for n in &s.notices {
            eprintln!("note: {n}");
        }
        Ok(s)
    }
}

/// Arguments of `migrasim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario and overrides.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Output folder [default: output/<scenario name>]. It must not exist,
    /// be empty, or be a run folder of the same scenario; nothing else is
    /// ever replaced.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Replace a run folder of another scenario at --out, and write even
    /// when the output estimate exceeds the free disk space.
    #[arg(long)]
    pub force: bool,
    /// Most memory the run may need, e.g. 8G, 1.5GB, 512MiB [default: the
    /// memory the machine has available]; a run estimated to need more is
    /// refused before it starts.
    #[arg(long, value_name = "SIZE")]
    pub max_memory: Option<String>,
    /// Worker threads [default: all cores; capped at the cores].
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip the charts and report.html.
    #[arg(long)]
    pub no_plots: bool,
    /// Format of the tables: csv, or parquet (typed columns, compressed);
    /// either way with datapackage.json, the codebook.
    #[arg(long, default_value = "csv", value_name = "csv|parquet")]
    pub format: migrasim::output::Format,
}

/// Runs the parsed command line; returns the exit code of a success
/// (`sweep status` tells an incomplete sweep by its code).
pub fn execute(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Run(args) => run(args).map(|_| 0),
        Command::Validate(args) => validate(args).map(|_| 0),
        Command::Bench(args) => crate::bench_cli::bench(args).map(|_| 0),
        Command::Sweep(args) => crate::sweep_cli::execute(args),
        Command::Plot(args) => plot(&args.dir).map(|_| 0),
        Command::World(args) => world(args).map(|_| 0),
        Command::Facts(args) => {
            let f = migrasim::facts::measure(&args.dir)?;
            print!("{}", f.table());
            let out = f.write(&args.dir)?;
            println!("wrote {}", out.display());
            Ok(0)
        }
        Command::Compare(args) => crate::calib_cli::compare(args).map(|_| 0),
        Command::CalibrateTask(args) => crate::calib_cli::calibrate_task(args).map(|_| 0),
        Command::Calibrate(args) => crate::calib_cli::calibrate(args).map(|_| 0),
        Command::Lab(args) => crate::lab_cli::execute(args).map(|_| 0),
    }
}

/// `migrasim world`: builds a scenario from data, writes it, prints the report.
fn world(args: WorldArgs) -> Result<(), Error> {
    use migrasim::worldgen::{self, DataSet, WorldOptions};
    let data = match &args.data {
        Some(dir) => DataSet::from_dir(dir)?,
        None => DataSet::embedded()?,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("world-{}.toml", args.year)));
    let name = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("world-{}", args.year));
    let mut command = format!(
        "migrasim world --year {} --until {} --countries {} --agents {}",
        args.year, args.until, args.countries, args.agents
    );
    if let Some(s) = args.seed {
        command.push_str(&format!(" --seed {s}"));
    }
    if let Some(e) = &args.extends {
        command.push_str(&format!(" --extends {e}"));
    }
    if args.no_conflicts {
        command.push_str(" --no-conflicts");
    }
    command.push_str(&format!(" --out {}", out.display()));
    let options = WorldOptions {
        year: args.year,
        until: worldgen::parse_until(&args.until)?,
        countries: args.countries.parse()?,
        agents: args.agents,
        seed: args.seed.unwrap_or(args.year.max(0) as u64),
        name,
        tables: worldgen::write::tables_dir(Path::new(out.file_name().unwrap_or(out.as_os_str())))
            .display()
            .to_string(),
        extends: args.extends.clone(),
        conflicts: !args.no_conflicts,
        command,
    };
    let world = worldgen::build(&data, &options)?;
    let written = worldgen::write::write(&world, &out)?;
    println!(
        "wrote {} ({} countries) and {}",
        out.display(),
        world.countries,
        written[1..]
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if world.report.is_empty() {
        println!("nothing filled by a rule or left out");
    } else {
        println!("filled by a rule or left out:");
        for line in &world.report {
            println!("  - {line}");
        }
    }
    Ok(())
}

/// `migrasim plot DIR`: redraws the charts and report of a run folder.
#[cfg(feature = "plots")]
fn plot(dir: &Path) -> Result<(), Error> {
    let r = migrasim::plots::draw_all(dir)?;
    println!(
        "drew {} charts and {} in {:.2} s",
        r.charts.len(),
        r.report.display(),
        r.seconds
    );
    Ok(())
}

/// Without the feature `plots`, `migrasim plot` is an error.
#[cfg(not(feature = "plots"))]
fn plot(_dir: &Path) -> Result<(), Error> {
    Err(Error::Options(
        "migrasim was built without the `plots` feature".into(),
    ))
}

/// The charts and report of `migrasim run` (none without the feature).
fn draw_plots(dir: &Path) -> Result<(), Error> {
    #[cfg(feature = "plots")]
    migrasim::plots::draw_all(dir)?;
    #[cfg(not(feature = "plots"))]
    let _ = dir;
    Ok(())
}

fn run(args: RunArgs) -> Result<(), Error> {
    let scenario = args.scenario.load()?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(&scenario.name));
    let threads = cap_threads(args.threads, "--threads", args.quiet)?;
    // Everything that can be checked before simulating is: memory, the
    // output place, the disk space.
    let estimate = preflight::estimate(&scenario, !args.no_plots);
    if let Some((max, limit)) = memory_limit(args.max_memory.as_deref())? {
        preflight::check_memory(&estimate, max, limit)?;
    }
    let staging = target::stage(
        &out,
        Policy {
            scenario: Some(&scenario.name),
            force: args.force,
            option: "--out",
        },
    )?;
    if !args.force
        && let Some(free) = target::free_space(staging.parent())
        && estimate.output_bytes > free
    {
        return Err(Error::Options(format!(
            "--out {}: the run folder may take up to {} and only {} are free there; \
             free some space, choose another --out, or add --force to try anyway \
             (a full disk then fails with nothing half-written)",
            out.display(),
            preflight::human(estimate.output_bytes),
            preflight::human(free)
        )));
    }
    // Ctrl-C stops the run between months; nothing is written then.
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let options = RunOptions {
        threads,
        cancel: Some(cancel),
    };
    let mut progress = Progress::new(scenario.simulation.months, args.quiet);
    let run = migrasim::run_with(&scenario, &options, &mut progress)?;
    progress.done();
    if let Termination::Cancelled { steps } = run.stats.termination {
        return Err(Error::Interrupted {
            steps,
            months: scenario.simulation.months,
        });
    }
    // Charts are drawn from the files in the temporary folder, so the run
    // folder appears complete (with plots) or not at all.
    let mut tables_written = (0.0, 0);
    staging.commit(|tmp| {
        let started = std::time::Instant::now();
        migrasim::output::write_run_files(tmp, &scenario, &run, args.format)?;
        tables_written = (started.elapsed().as_secs_f64(), folder_bytes(tmp));
        if args.no_plots {
            Ok(())
        } else {
            draw_plots(tmp)
        }
    })?;
    if !args.quiet {
        let st = &run.stats;
        println!(
            "wrote {}: tables ({}) {:.1} MB in {:.2} s",
            out.display(),
            args.format,
            tables_written.1 as f64 / 1e6,
            tables_written.0
        );
        println!(
            "{} agents × {} months in {:.2} s on {} thread{}: {:.3e} agent-steps/s",
            st.agents,
            st.steps,
            st.wall_seconds,
            st.threads,
            if st.threads == 1 { "" } else { "s" },
            st.agent_steps_per_second
        );
        if let Some(s) = &run.summary {
            println!(
                "{} people ({} per agent); moves {} people, returns {} people, living abroad at the end {:.1} % (high-skilled {:.1} %)",
                s.people,
                fmt_people_per_agent(s.people_per_agent),
                s.moves,
                s.returns,
                100.0 * s.share_abroad,
                100.0 * s.share_high_abroad
            );
        }
    }
    Ok(())
}

/// Bytes of the files directly in a folder.
fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn validate(args: ScenarioArgs) -> Result<(), Error> {
    let s = args.load()?;
    print!("{}", migrasim::scenario::describe::summary(&s));
    let e = preflight::estimate(&s, true);
    let available = preflight::available_memory().map_or(String::new(), |b| {
        format!(" ({} available now)", preflight::human(b))
    });
    println!(
        "estimated peak memory: up to {}{available}; estimated run folder: up to {} (with charts)",
        preflight::human(e.memory_bytes),
        preflight::human(e.output_bytes)
    );
    Ok(())
}

/// A progress bar over months, shown only when stderr is a terminal.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(months: u32, quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(months as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{msg:>8} [{bar:40}] {pos}/{len} months, ETA {eta}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress(Some(bar))
    }

    fn done(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl Observer for Progress {
    fn step(&mut self, v: &StepView<'_>) {
        if let Some(b) = &self.0 {
            b.set_message(v.date.to_string());
            b.inc(1);
        }
    }
}

/// People per agent as printed: a whole number when it is one, else two decimals.
fn fmt_people_per_agent(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}
