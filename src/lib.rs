//! # migrasim
//!
//! An agent-based simulation engine for international labour migration.
//!
//! Data flows one way:
//! scenario file → validated [`scenario::Scenario`] → [`world::World`] (agent
//! columns) → [`kernel`] (one step: decide in parallel, apply
//! deterministically) → [`observe`] (recorded series) → [`output`] (CSV,
//! manifest, plots).
//!
//! ```no_run
//! use migrasim::{scenario, simulation::RunOptions};
//! let s = scenario::load("scenarios/quickstart.toml".as_ref(), &[]).unwrap();
//! let run = migrasim::run(&s, &RunOptions::default()).unwrap();
//! migrasim::output::write_run_dir("output/quickstart".as_ref(), &s, &run).unwrap();
//! ```

pub mod baseline;
pub mod bench;
pub mod calibrate;
pub mod compare;
pub mod decision;
pub mod economy;
pub mod error;
pub mod facts;
pub mod kernel;
pub mod lab;
pub mod model;
pub mod observe;
pub mod observed;
pub mod output;
#[cfg(feature = "plots")]
pub mod plots;
pub mod policy;
pub mod preflight;
pub mod regions;
pub mod rng;
pub mod scenario;
pub mod simulation;
pub mod sweep;
pub mod teaching;
pub mod util;
pub mod world;
pub mod worldgen;

pub use error::Error;

use observe::{Observer, Recorded, Recorder, Summary};
use simulation::{RunOptions, RunStats};

/// A finished run: what was recorded and how the run went.
#[derive(Debug, Clone)]
pub struct Run {
    /// The recorded series, flows and stocks.
    pub recorded: Recorded,
    /// Timing and memory figures.
    pub stats: RunStats,
    /// Headline figures.
    pub summary: Option<Summary>,
}

/// Runs a scenario with the recorder (and any extra observers, e.g. a
/// progress bar).
pub fn run_with(
    scenario: &scenario::Scenario,
    options: &RunOptions,
    extra: &mut dyn Observer,
) -> Result<Run, Error> {
    let mut recorder = Recorder::new();
    let stats = simulation::simulate(scenario, options, &mut (&mut recorder, extra))?;
    let recorded = recorder.into_recorded();
    let summary = Summary::from_recorded(&recorded);
    Ok(Run {
        recorded,
        stats,
        summary,
    })
}

/// Runs a scenario with the recorder only.
pub fn run(scenario: &scenario::Scenario, options: &RunOptions) -> Result<Run, Error> {
    run_with(scenario, options, &mut ())
}
