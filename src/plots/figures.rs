//! The headline figures of a run folder ([`Summary`]), computed from its
//! tables as read into [`RunData`]: what the report's summary shows.

use super::data::RunData;

impl RunData {
    /// Headline figures computed from the tables.
    pub fn summary(&self, top: usize) -> Summary {
        let k = self.k();
        let people: u64 = (0..k).map(|c| self.last(c).population).sum();
        let abroad: u64 = (0..k).map(|c| self.last(c).emigrants_abroad).sum();
        let high: u64 = (0..k).map(|c| self.last(c).high_skilled_natives).sum();
        let high_abroad: u64 = (0..k)
            .map(|c| self.last(c).high_skilled_emigrants_abroad)
            .sum();
        let cum = self.cumulative_flows(|f| f.movers);
        let mut corridors: Vec<(usize, usize, u64)> = (0..k)
            .flat_map(|o| (0..k).map(move |t| (o, t)))
            .filter(|&(o, t)| cum[(o, t)] > 0)
            .map(|(o, t)| (o, t, cum[(o, t)]))
            .collect();
        corridors.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        corridors.truncate(top);
        let mut leaders: Vec<(usize, f64)> =
            (0..k).map(|c| (c, self.last(c).brain_drain_rate)).collect();
        leaders.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        leaders.truncate(top);
        let net_migration: Vec<i64> = self
            .series
            .iter()
            .map(|s| s.iter().map(|r| r.net_migration).sum())
            .collect();
        let returns = self
            .series
            .iter()
            .flat_map(|s| s.iter().map(|r| r.return_migration))
            .sum();
        Summary {
            directions: self.moves_by_direction().map(|v| {
                v.iter().fold([0u64; 7], |mut a, m| {
                    for (x, y) in a.iter_mut().zip(m) {
                        *x += y;
                    }
                    a
                })
            }),
            territory: self
                .moves_by_territory()
                .map(|v| v.iter().fold((0, 0), |a, m| (a.0 + m.0, a.1 + m.1))),
            people,
            months: self.months(),
            moves: self.flows.iter().map(|f| f.movers).sum(),
            returns,
            share_abroad: ratio(abroad, people),
            share_high_abroad: ratio(high_abroad, high),
            top_corridors: corridors,
            brain_drain_leaders: leaders,
            net_migration,
        }
    }
}

/// Headline figures of a run folder (computed from its CSV files).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// People (residents summed over countries at the last month).
    pub people: u64,
    /// Months recorded.
    pub months: usize,
    /// Moves over the run (sum of flows.csv movers).
    pub moves: u64,
    /// Returns home over the run.
    pub returns: u64,
    /// Share of people living outside their origin at the end.
    pub share_abroad: f64,
    /// Share of high-skilled people living outside their origin at the end.
    pub share_high_abroad: f64,
    /// Largest corridors: (origin, destination, cumulative movers).
    pub top_corridors: Vec<(usize, usize, u64)>,
    /// Highest brain-drain rates at the end: (origin, rate).
    pub brain_drain_leaders: Vec<(usize, f64)>,
    /// Net migration of each country over the run (people).
    pub net_migration: Vec<i64>,
    /// Moves over the run by direction (as [`crate::plots::data::Direction::ALL`]; `None`:
    /// not recorded).
    pub directions: Option<[u64; 7]>,
    /// Moves over the run (intercontinental, intracontinental) (`None`:
    /// not recorded).
    pub territory: Option<(u64, u64)>,
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
