//! Whole-run speed measurements on the synthetic reference world
//! (docs/reference-model.md "Speed figure"): agent-steps per second of the engine
//! and of the plain baseline, median of repeated runs, with peak memory.

use std::time::Instant;

use serde::Serialize;

use crate::baseline::run_baseline;
use crate::error::Error;
use crate::model::synthetic::reference_scenario;
use crate::simulation::{RunOptions, peak_memory_bytes, simulate};

/// Which implementation a case measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Implementation {
    /// The engine.
    Engine,
    /// The plain single-threaded baseline.
    Baseline,
}

/// One case to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Case {
    /// Which implementation.
    pub implementation: Implementation,
    /// Agents N.
    pub agents: u64,
    /// Countries K.
    pub countries: usize,
    /// Months T.
    pub months: u32,
    /// Threads (the baseline always uses one).
    pub threads: usize,
}

/// The measurement of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    /// The case.
    pub case: Case,
    /// Wall seconds of each repetition.
    pub seconds: Vec<f64>,
    /// Median wall seconds.
    pub median_seconds: f64,
    /// N · T / median seconds.
    pub agent_steps_per_second: f64,
    /// Peak resident memory during the case, in bytes (Linux), when the
    /// system lets the peak be reset between cases.
    pub peak_memory_bytes: Option<u64>,
    /// Peak memory per agent.
    pub peak_bytes_per_agent: Option<f64>,
    /// Share of agents abroad at the end (the outcome, to check agreement).
    pub share_abroad: f64,
}

/// Resets the kernel's peak-memory mark of this process (Linux ≥ 4.0);
/// returns whether it worked.
fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Measures a case `repeat` times (at least once) with seed 1, 2, ….
pub fn measure(case: Case, repeat: usize) -> Result<Measurement, Error> {
    let mut seconds = Vec::new();
    let mut share = 0.0;
    let resettable = reset_peak_memory();
    for r in 0..repeat.max(1) {
        let s = reference_scenario(case.agents, case.countries, case.months, 1 + r as u64);
        let started = Instant::now();
        share = match case.implementation {
            Implementation::Engine => {
                let options = RunOptions {
                    threads: Some(case.threads),
                    cancel: None,
                };
                let mut shares = crate::observe::Recorder::new();
                simulate(&s, &options, &mut shares)?;
                crate::observe::Summary::from_recorded(&shares.into_recorded())
                    .map_or(0.0, |x| x.share_abroad)
            }
            Implementation::Baseline => run_baseline(&s).share_abroad,
        };
        seconds.push(started.elapsed().as_secs_f64());
    }
    let peak = if resettable {
        peak_memory_bytes()
    } else {
        None
    };
    let mut sorted = seconds.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    Ok(Measurement {
        case,
        agent_steps_per_second: (case.agents * case.months as u64) as f64 / median,
        median_seconds: median,
        seconds,
        peak_memory_bytes: peak,
        peak_bytes_per_agent: peak.map(|p| p as f64 / case.agents as f64),
        share_abroad: share,
    })
}
