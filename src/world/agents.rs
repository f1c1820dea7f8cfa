//! Agents as compact columns (struct of arrays): 5 bytes an agent.
//!
//! An agent is an index into these columns. The decision kernel reads
//! `origin` and `skill` and writes only its own `residence` entry, so blocks of
//! agents can be processed in parallel without locks.

/// Index of a country (K ≤ 65 535).
pub type CountryId = u16;

/// Skill level of an agent: 0 = low-skilled, 1 = high-skilled.
pub type Skill = u8;

/// Low-skilled.
pub const LOW: Skill = 0;
/// High-skilled.
pub const HIGH: Skill = 1;

/// The agent columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agents {
    /// Country of residence.
    pub residence: Vec<CountryId>,
    /// Country of origin (initial residence; never changes).
    pub origin: Vec<CountryId>,
    /// Skill level ([`LOW`] or [`HIGH`]).
    pub skill: Vec<Skill>,
}

impl Agents {
    /// Number of agents.
    pub fn len(&self) -> usize {
        self.residence.len()
    }

    /// Whether there are no agents.
    pub fn is_empty(&self) -> bool {
        self.residence.is_empty()
    }

    /// Bytes used per agent by the columns.
    pub const BYTES_PER_AGENT: usize = std::mem::size_of::<CountryId>() * 2 + 1;
}
