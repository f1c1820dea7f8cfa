//! The command-line interface: clap definitions and the thin glue that
//! calls the library. Nothing here simulates or validates by itself.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use migrasim::Error;
use migrasim::observe::{Observer, StepView};
use migrasim::scenario::{self, Scenario};
use migrasim::simulation::RunOptions;

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
    /// Time the engine on the synthetic reference world (REFERENCE_MODEL.md).
    Bench(BenchArgs),
}

/// Arguments of `migrasim bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Agents N.
    #[arg(long, short = 'n', default_value_t = 10_000_000)]
    pub agents: u64,
    /// Countries K.
    #[arg(long, short = 'k', default_value_t = 20)]
    pub countries: usize,
    /// Months T.
    #[arg(long, short = 't', default_value_t = 120)]
    pub months: u32,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
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
}

impl ScenarioArgs {
    /// Loads and validates the scenario with the overrides.
    pub fn load(&self) -> Result<Scenario, Error> {
        let mut sets = self.set.clone();
        if let Some(seed) = self.seed {
            sets.push(format!("simulation.seed={seed}"));
        }
        Ok(scenario::load(&self.scenario, &sets)?)
    }
}

/// Arguments of `migrasim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario and overrides.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Output folder [default: output/<scenario name>].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs the parsed command line.
pub fn execute(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Validate(args) => validate(args),
        Command::Bench(args) => bench(args),
    }
}

fn run(args: RunArgs) -> Result<(), Error> {
    let scenario = args.scenario.load()?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(&scenario.name));
    let options = RunOptions {
        threads: args.threads,
        cancel: None,
    };
    let mut progress = Progress::new(scenario.simulation.months, args.quiet);
    let run = migrasim::run_with(&scenario, &options, &mut progress)?;
    progress.done();
    migrasim::output::write_run_dir(&out, &scenario, &run)?;
    if !args.quiet {
        let st = &run.stats;
        println!("wrote {}", out.display());
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
                "moves {}, returns {}, living abroad at the end {:.1} % (high-skilled {:.1} %)",
                s.moves,
                s.returns,
                100.0 * s.share_abroad,
                100.0 * s.share_high_abroad
            );
        }
    }
    Ok(())
}

fn validate(args: ScenarioArgs) -> Result<(), Error> {
    let s = args.load()?;
    print!("{}", migrasim::scenario::describe::summary(&s));
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

fn bench(args: BenchArgs) -> Result<(), Error> {
    let s = migrasim::scenario::synthetic::reference_scenario(
        args.agents,
        args.countries,
        args.months,
        args.seed,
    );
    let options = RunOptions {
        threads: args.threads,
        cancel: None,
    };
    let stats = migrasim::simulation::simulate(&s, &options, &mut ())?;
    println!(
        "engine  N={} K={} T={} threads={}: {:.3} s, {:.3e} agent-steps/s, peak memory {:.1} MB",
        args.agents,
        args.countries,
        args.months,
        stats.threads,
        stats.wall_seconds,
        stats.agent_steps_per_second,
        stats.peak_memory_bytes.unwrap_or(0) as f64 / 1e6
    );
    Ok(())
}
