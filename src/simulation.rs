//! The simulation loop: the one owner of stepping, timing, cancellation and
//! termination. It builds the world, runs the kernel month by month inside a
//! thread pool of the requested size, and calls the observers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::kernel::{Kernel, StepOutcome};
use crate::model::Scenario;
use crate::observe::{Observer, StepView};
use crate::world::layout::build_world;
use crate::world::{Agents, World};

/// How to run (not what to run: that is the scenario).
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads; `None` uses every available core.
    pub threads: Option<usize>,
    /// Set to true (e.g. from a Ctrl-C handler) to stop after the current
    /// step.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// Why a run ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Termination {
    /// Every month was simulated (also what a manifest that does not say
    /// reads as).
    #[default]
    Completed,
    /// Cancelled after `steps` steps.
    Cancelled {
        /// Steps done.
        steps: u32,
    },
}

/// Measurements of a run (in a manifest read back, a field it lacks reads
/// as 0).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunStats {
    /// Worker threads used.
    pub threads: usize,
    /// Agents simulated.
    pub agents: u64,
    /// Steps done.
    pub steps: u32,
    /// Agent-steps: agents × steps.
    pub agent_steps: u64,
    /// Wall time of the run, world building included, in seconds.
    pub wall_seconds: f64,
    /// Agent-steps per wall second.
    pub agent_steps_per_second: f64,
    /// Bytes of agent columns per agent.
    pub bytes_per_agent: usize,
    /// Peak resident memory of the process so far, in bytes (Linux only).
    pub peak_memory_bytes: Option<u64>,
    /// Why the run ended.
    pub termination: Termination,
}

/// Runs a scenario, calling `observer` after each step (combine several
/// with a pair `(&mut a, &mut b)`).
pub fn simulate(
    scenario: &Scenario,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<RunStats, Error> {
    let threads = match options.threads {
        Some(0) => return Err(Error::Options("--threads must be at least 1".into())),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    // The wall time includes starting the threads.
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Options(format!("cannot start {threads} threads: {e}")))?;
    {
        let mut world = build_world(scenario)?;
        let life_on = world.life.is_on();
        let mut kernel = Kernel::new(&world);
        observer.init(scenario, &world);
        let mut outcome = StepOutcome::default();
        let mut termination = Termination::Completed;
        let mut steps = 0;
        // Agents can enter and leave during a run (demography): count the
        // agent-steps month by month.
        let mut agent_steps = 0u64;
        for t in 0..scenario.simulation.months {
            if options
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
            {
                termination = Termination::Cancelled { steps: t };
                break;
            }
            agent_steps += world.agents.len() as u64;
            let state = pool.install(|| kernel.step(scenario, &mut world, t, &mut outcome));
            steps = t + 1;
            let view = StepView {
                t,
                date: scenario.date_of_step(t),
                scenario,
                world: &world,
                state: &state,
                outcome: &outcome,
            };
            observer.step(&view);
        }
        observer.finish(scenario, &world);
        let wall = started.elapsed().as_secs_f64();
        let agents = world.agents.len() as u64;
        Ok(RunStats {
            threads,
            agents,
            steps,
            agent_steps,
            wall_seconds: wall,
            agent_steps_per_second: if wall > 0.0 {
                agent_steps as f64 / wall
            } else {
                0.0
            },
            bytes_per_agent: Agents::BYTES_PER_AGENT
                + if life_on {
                    crate::world::Life::BYTES_PER_AGENT
                } else {
                    0
                },
            peak_memory_bytes: peak_memory_bytes(),
            termination,
        })
    }
}

/// Runs a scenario and returns the final world too (for tests and tools
/// that inspect agents).
pub fn simulate_world(
    scenario: &Scenario,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<(RunStats, World), Error> {
    struct Keep(Option<World>);
    impl Observer for Keep {
        fn step(&mut self, _: &StepView<'_>) {}
        fn finish(&mut self, _: &Scenario, world: &World) {
            self.0 = Some(world.clone());
        }
    }
    let mut keep = Keep(None);
    let stats = simulate(scenario, options, &mut (observer, &mut keep))?;
    match keep.0 {
        Some(w) => Ok((stats, w)),
        None => Err(Error::World("the run ended before finishing".into())),
    }
}

/// Peak resident set size of this process (VmHWM), where the system tells.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
