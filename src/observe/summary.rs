//! Summary metrics of a run, computed from what was recorded: the figures
//! that the reference model compares and that sweeps keep. Counts a user
//! reads are in people ([`to_people`]); the engine itself counts agents.

use serde::{Deserialize, Serialize};

use super::Recorded;

/// Headline figures of a run, at its last month (in a manifest read back,
/// a field it lacks reads as 0 or empty).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    /// Agents (simulated persons).
    pub agents: u64,
    /// People each agent stands for.
    pub people_per_agent: f64,
    /// People in the world (agents × people per agent).
    pub people: u64,
    /// Months simulated.
    pub months: u32,
    /// Moves over the whole run (people).
    pub moves: u64,
    /// Returns over the whole run (people).
    pub returns: u64,
    /// Share of agents living outside their origin at the end.
    pub share_abroad: f64,
    /// Share of high-skilled agents living outside their origin at the end.
    pub share_high_abroad: f64,
    /// Brain-drain rate of each origin at the end (high-skilled natives
    /// abroad / high-skilled natives; 0 where there are none).
    pub brain_drain: Vec<f64>,
    /// Net migration of each country over the run (people).
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
        let ppa = rec.people_per_agent;
        let moves: u64 = rec.flows.iter().map(|f| f.movers as u64).sum();
        let returns: u64 = rec.series.iter().map(|r| r.return_migration).sum();
        Some(Summary {
            agents: rec.agents,
            people_per_agent: ppa,
            people: to_people(rec.agents as i64, ppa) as u64,
            months: rec.months.len() as u32,
            moves: to_people(moves as i64, ppa) as u64,
            returns: to_people(returns as i64, ppa) as u64,
            share_abroad: ratio(abroad, rec.agents),
            share_high_abroad: ratio(high_abroad, high),
            brain_drain: last
                .iter()
                .map(|r| ratio(r.high_skilled_abroad, r.high_skilled_natives))
                .collect(),
            net_migration: net.into_iter().map(|n| to_people(n, ppa)).collect(),
        })
    }
}

/// a / b, or 0 when b is 0.
pub fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// A count of agents in people: `agents × people_per_agent`, rounded to the
/// nearest person (halves away from zero). The one place where agents become
/// people for every table, chart and summary a user reads.
pub fn to_people(agents: i64, people_per_agent: f64) -> i64 {
    (agents as f64 * people_per_agent).round() as i64
}

#[cfg(test)]
mod tests {
    use super::to_people;

    #[test]
    fn people_are_agents_times_the_factor_rounded() {
        assert_eq!(to_people(0, 2203.7), 0);
        assert_eq!(to_people(3, 2203.7), 6611);
        assert_eq!(to_people(-3, 2203.7), -6611);
        assert_eq!(to_people(1, 0.5), 1);
        assert_eq!(to_people(7, 1.0), 7);
    }
}
