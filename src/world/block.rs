//! One block of agents: every column of [`BLOCK`] consecutive agents, the
//! optional ones (life course, displacement, region) included. Every
//! parallel pass over the agents (decisions, displacement, the life pass,
//! internal migration) iterates these blocks, so a column added to the
//! world is added here once and every pass sees it.
//!
//! Blocks, not threads, own the random streams (seed, step, block): the
//! block size is fixed so that results do not depend on how work is split.

use super::World;
use super::agents::{CountryId, Skill};
use super::life::Columns;

/// Agents per block: the unit of random streams and of parallel work.
/// Fixed, so that results do not depend on how work is split.
pub const BLOCK: usize = 4096;

/// The columns of one block of agents, and the global index of its first
/// agent. Optional columns are `None` when the world does not keep them.
#[derive(Debug)]
pub struct Block<'a> {
    /// Country of residence ([`super::Agents::residence`]).
    pub res: &'a mut [CountryId],
    /// Country of origin ([`super::Agents::origin`]; never changes).
    pub org: &'a [CountryId],
    /// Skill byte with its flags ([`super::Agents::skill`]).
    pub skl: &'a mut [Skill],
    /// The life columns ([`super::Life`]), when the scenario uses forms.
    pub life: Option<Columns<'a>>,
    /// Displacement marks ([`World::displaced`]), when there are shocks.
    pub displaced: Option<&'a mut [u8]>,
    /// Global region ids ([`World::region`]), when a country is divided.
    pub region: Option<&'a mut [u16]>,
    /// Global index of the block's first agent.
    pub first: usize,
}

impl Block<'_> {
    /// Index of the block (its place in the order of blocks).
    #[inline]
    pub fn index(&self) -> usize {
        self.first / BLOCK
    }

    /// Number of agents in the block ([`BLOCK`], fewer in the last one).
    #[inline]
    pub fn len(&self) -> usize {
        self.res.len()
    }

    /// Whether the block has no agent.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.res.is_empty()
    }
}

/// Cuts an optional column into one entry per block: `None` for every
/// block when the column is not kept (empty).
fn optional<T>(v: &mut [T], blocks: usize) -> impl Iterator<Item = Option<&mut [T]>> {
    let on = !v.is_empty();
    let mut chunks = v.chunks_mut(BLOCK);
    (0..blocks).map(move |_| if on { chunks.next() } else { None })
}

impl World {
    /// Number of blocks of [`BLOCK`] agents.
    pub fn num_blocks(&self) -> usize {
        self.agents.len().div_ceil(BLOCK)
    }

    /// The agents cut into blocks of [`BLOCK`], every column included: the
    /// one view that the parallel passes iterate
    /// (`world.blocks().into_par_iter()`).
    pub fn blocks(&mut self) -> Vec<Block<'_>> {
        let blocks = self.num_blocks();
        let agents = &mut self.agents;
        let mut res = agents.residence.chunks_mut(BLOCK);
        let mut org = agents.origin.chunks(BLOCK);
        let mut skl = agents.skill.chunks_mut(BLOCK);
        let mut life = self.life.blocks(BLOCK, blocks);
        let mut displaced = optional(&mut self.displaced, blocks);
        let mut region = optional(&mut self.region, blocks);
        let mut out = Vec::with_capacity(blocks);
        for b in 0..blocks {
            let (Some(res), Some(org), Some(skl)) = (res.next(), org.next(), skl.next()) else {
                break;
            };
            out.push(Block {
                res,
                org,
                skl,
                life: life.next().flatten(),
                displaced: displaced.next().flatten(),
                region: region.next().flatten(),
                first: b * BLOCK,
            });
        }
        out
    }
}
