//! What happened in one step ([`StepOutcome`]): the flows, returns,
//! entries and counts that observers read.

use super::displacement::Displacement;
use super::life::{Motive, Tally};
use crate::regions::RegionMonth;

/// What happened in one step, for observers.
#[derive(Debug, Clone, Default)]
pub struct StepOutcome {
    /// Step index t (0-based).
    pub t: u32,
    /// Agents that reconsidered.
    pub reconsidered: u64,
    /// Moves by (from, to), row-major K×K.
    pub flows: Vec<u32>,
    /// Moves of high-skilled agents by (from, to), row-major K×K.
    pub flows_high: Vec<u32>,
    /// Returns (moves into the mover's origin) by country returned to.
    pub returns: Vec<u32>,
    /// Returns by (from, to), row-major K×K (part of `flows`).
    pub return_flows: Vec<u32>,
    /// High-skilled returns by (from, to), row-major K×K (part of
    /// `flows_high` and of `return_flows`).
    pub return_flows_high: Vec<u32>,
    /// Total moves.
    pub moves: u64,
    /// Refugees and IDPs displaced or returned this month (their moves are
    /// part of the flows above).
    pub displacement: Displacement,
    /// Regions: residents, internal moves and regional wages of the month
    /// (empty when no country is divided).
    pub regions: RegionMonth,
    /// Moves of temporary workers by (from, to), row-major K×K: going out on
    /// a contract and coming home at its end (part of `flows`; empty unless
    /// the scenario uses forms).
    pub flows_temporary: Vec<u32>,
    /// Moves of seasonal workers by (from, to), row-major K×K: going out at
    /// the start of a season and coming home at its end (part of `flows`;
    /// empty unless the scenario uses forms).
    pub flows_seasonal: Vec<u32>,
    /// Moves entering irregularly by (from, to), row-major K×K (part of
    /// `flows`; empty unless the scenario uses forms).
    pub flows_irregular: Vec<u32>,
    /// Returns by motive ([`super::life::Motive`]) and country returned
    /// to, [motive·K + to] (empty unless the scenario uses forms).
    pub returns_by_motive: Vec<u32>,
    /// Permits granted by destination.
    pub permits: Vec<u32>,
    /// Permit applicants refused (and staying) by destination.
    pub refusals: Vec<u32>,
    /// Irregular entries by destination.
    pub irregular_entries: Vec<u32>,
    /// Staff posted abroad by their employers with a `[[capital_flow]]`
    /// this month, by sender (empty unless the scenario uses forms).
    pub postings_out: Vec<u32>,
    /// Staff posted here from abroad this month, by receiver (empty unless
    /// the scenario uses forms).
    pub postings_in: Vec<u32>,
    /// Agents by form after the step (all zero unless the scenario uses
    /// forms).
    pub tally: Tally,
    /// Agents entering working age this month by country (natives at
    /// home; empty unless populations follow data).
    pub entries: Vec<u32>,
    /// Agents leaving working age this month by country of residence
    /// (empty unless populations follow data).
    pub exits: Vec<u32>,
}

impl StepOutcome {
    /// Returns for `motive` by country returned to (empty unless the
    /// scenario uses forms).
    pub fn returns_for(&self, motive: Motive) -> &[u32] {
        let k = self.returns.len();
        self.returns_by_motive
            .get(motive as usize * k..(motive as usize + 1) * k)
            .unwrap_or(&[])
    }
}
