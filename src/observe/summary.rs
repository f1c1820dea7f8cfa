//! Summary metrics of a run, computed from what was recorded: the figures
//! that REFERENCE_MODEL.md compares and that sweeps keep.

use serde::Serialize;

use super::Recorded;

/// Headline figures of a run, at its last month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Agents.
    pub agents: u64,
    /// Months simulated.
    pub months: u32,
    /// Moves over the whole run.
    pub moves: u64,
    /// Returns over the whole run.
    pub returns: u64,
    /// Share of agents living outside their origin at the end.
    pub share_abroad: f64,
    /// Share of high-skilled agents living outside their origin at the end.
    pub share_high_abroad: f64,
    /// Brain-drain rate of each origin at the end (high-skilled natives
    /// abroad / high-skilled natives; 0 where there are none).
    pub brain_drain: Vec<f64>,
    /// Net migration of each country over the run (agents).
    pub net_migration: Vec<i64>,
}

impl Summary {
    /// Summarises a recorded run; `None` if no month was recorded.
    pub fn from_recorded(rec: &Recorded) -> Option<Summary> {
        let last = rec.last_month()?;
        let abroad: u64 = last.iter().map(|r| r.emigrants_abroad).sum();
        let high: u64 = last.iter().map(|r| r.high_skilled_natives).sum();
        let high_abroad: u64 = last.iter().map(|r| r.high_skilled_abroad).sum();
        let mut net = vec![0i64; rec.k];
        for r in &rec.series {
            net[r.country as usize] += r.immigration as i64 - r.emigration as i64;
        }
        Some(Summary {
            agents: rec.agents,
            months: rec.months.len() as u32,
            moves: rec.flows.iter().map(|f| f.movers as u64).sum(),
            returns: rec.series.iter().map(|r| r.return_migration).sum(),
            share_abroad: ratio(abroad, rec.agents),
            share_high_abroad: ratio(high_abroad, high),
            brain_drain: last
                .iter()
                .map(|r| ratio(r.high_skilled_abroad, r.high_skilled_natives))
                .collect(),
            net_migration: net,
        })
    }
}

/// a / b, or 0 when b is 0.
pub fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
