//! The world's state: the agent columns, the aggregates kept with them, and
//! the initial layout of the population over countries.

pub mod agents;
pub mod block;
pub mod counts;
pub mod grid;
pub mod layout;
pub mod life;

pub use agents::{Agents, CountryId, HIGH, LOW, SKILL_MASK, Skill, UNRECOGNISED};
pub use block::{BLOCK, Block};
pub use counts::Counts;
pub use grid::{Grid, Square};
pub use life::Life;

/// Everything that changes during a run, besides the country state.
#[derive(Debug, Clone)]
pub struct World {
    /// The agent columns.
    pub agents: Agents,
    /// The optional life-course columns (empty unless the scenario uses
    /// forms of migration other than permanent).
    pub life: Life,
    /// Agents by (origin, residence, skill), always equal to a recount of
    /// `agents`.
    pub counts: Counts,
    /// Unrecognised high-skilled residents ("brain waste") by country of
    /// residence, always equal to [`World::recount_brain_waste`].
    pub brain_waste: Vec<u64>,
    /// Residents of each country at the start (L_j0).
    pub initial_residents: Vec<u64>,
    /// Residents of each country by skill at the start (L_s0), [low, high].
    pub initial_by_skill: Vec<[u64; 2]>,
    /// People represented by one agent.
    pub people_per_agent: f64,
    /// Displacement of each agent by a `[[shock]]`: 0 when not displaced,
    /// else the shock's index + 1, with [`IDP`] set for an internally
    /// displaced person. Empty when the scenario has no shocks.
    pub displaced: Vec<u8>,
    /// Displaced agents still away, by shock: [refugees, IDPs]; always
    /// equal to [`World::recount_displaced`].
    pub displaced_by_shock: Vec<[u64; 2]>,
    /// Global region id of each agent ([`crate::regions::RegionMap`]);
    /// empty when no country is divided into regions.
    pub region: Vec<u16>,
}

/// [`World::displaced`] flag: internally displaced (not a refugee).
pub const IDP: u8 = 0x80;

impl World {
    /// Number of countries K.
    pub fn num_countries(&self) -> usize {
        self.counts.k()
    }

    /// Recounts the aggregates from the agent columns (for checks; the
    /// kernel keeps `counts` up to date without this).
    pub fn recount(&self) -> Counts {
        let mut c = Counts::new(self.num_countries());
        for i in 0..self.agents.len() {
            c.add(
                self.agents.origin[i],
                self.agents.residence[i],
                self.agents.skill_of(i),
            );
        }
        c
    }

    /// Recounts the displaced agents by shock, [refugees, IDPs], from the
    /// displacement column (for checks).
    pub fn recount_displaced(&self) -> Vec<[u64; 2]> {
        let mut n = vec![[0u64; 2]; self.displaced_by_shock.len()];
        for &v in self.displaced.iter().filter(|&&v| v != 0) {
            let kind = usize::from(v & IDP != 0);
            n[(v & !IDP) as usize - 1][kind] += 1;
        }
        n
    }

    /// Recounts the unrecognised high-skilled residents by country from the
    /// agent columns (for checks).
    pub fn recount_brain_waste(&self) -> Vec<u64> {
        let mut w = vec![0u64; self.num_countries()];
        for i in 0..self.agents.len() {
            if self.agents.unrecognised(i) {
                w[self.agents.residence[i] as usize] += 1;
            }
        }
        w
    }
}
