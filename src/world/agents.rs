//! Agents as compact columns (struct of arrays): 5 bytes an agent.
//!
//! An agent is an index into these columns. The decision kernel reads
//! `origin` and `skill` and writes only its own `residence` entry, so blocks of
//! agents can be processed in parallel without locks.

/// Index of a country (K ≤ 65 535).
pub type CountryId = u16;

/// Skill level of an agent: 0 = low-skilled, 1 = high-skilled. In the
/// agent column the byte also carries the [`UNRECOGNISED`] flag; mask it
/// with [`SKILL_MASK`] to get the level.
pub type Skill = u8;

/// Low-skilled.
pub const LOW: Skill = 0;
/// High-skilled.
pub const HIGH: Skill = 1;
/// The bits of the skill byte that hold the skill level.
pub const SKILL_MASK: u8 = 1;
/// Flag in the skill byte: a high-skilled agent abroad whose qualification
/// its country of residence did not recognise ("brain waste"); it earns the
/// low-skill wage there. Cleared on every move and drawn again on arrival
/// in a foreign country; never set at home.
pub const UNRECOGNISED: u8 = 2;

/// The agent columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agents {
    /// Country of residence.
    pub residence: Vec<CountryId>,
    /// Country of origin (initial residence; never changes).
    pub origin: Vec<CountryId>,
    /// Skill level ([`LOW`] or [`HIGH`]), with the [`UNRECOGNISED`] flag.
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

    /// Skill level of agent `i` ([`LOW`] or [`HIGH`]).
    #[inline]
    pub fn skill_of(&self, i: usize) -> Skill {
        self.skill[i] & SKILL_MASK
    }

    /// Whether agent `i` is high-skilled and unrecognised where it lives.
    #[inline]
    pub fn unrecognised(&self, i: usize) -> bool {
        self.skill[i] & UNRECOGNISED != 0
    }

    /// Bytes used per agent by the columns.
    pub const BYTES_PER_AGENT: usize = std::mem::size_of::<CountryId>() * 2 + 1;
}
