//! The step kernel: aggregates → country state → choice tables → decisions
//! of the reconsidering agents (in parallel over agent blocks) → moves
//! applied to the aggregates in block order.

use rayon::prelude::*;

use crate::decision::utility::{CostFactors, free_movement};
use crate::decision::{ChoiceTables, Factors};
use crate::economy::{CountryState, country_state};
use crate::rng::{Purpose, Stream, geometric_gap};
use crate::scenario::Scenario;
use crate::world::{CountryId, Skill, World};

/// Agents per block: the unit of random streams and of parallel work.
/// Fixed, so that results do not depend on how work is split.
pub const BLOCK: usize = 4096;

/// One agent's move in a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The agent's origin.
    pub origin: CountryId,
    /// Country left.
    pub from: CountryId,
    /// Country entered.
    pub to: CountryId,
    /// The agent's skill.
    pub skill: Skill,
}

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
    /// Total moves.
    pub moves: u64,
}

/// Owns the per-step work buffers and carries out steps.
#[derive(Debug)]
pub struct Kernel {
    tables: ChoiceTables,
    block_moves: Vec<Vec<Move>>,
    costs: Option<(Vec<bool>, CostFactors)>,
}

impl Kernel {
    /// A kernel for `world`.
    pub fn new(world: &World) -> Kernel {
        let blocks = world.agents.len().div_ceil(BLOCK);
        Kernel {
            tables: ChoiceTables::new(world.num_countries()),
            block_moves: vec![Vec::new(); blocks],
            costs: None,
        }
    }

    /// Carries out step `t`: returns the country state the step used and what
    /// happened. On return `world` holds the state after the step's moves.
    pub fn step(
        &mut self,
        scenario: &Scenario,
        world: &mut World,
        t: u32,
        outcome: &mut StepOutcome,
    ) -> CountryState {
        let k = world.num_countries();
        // 1. Aggregates at the start of the step.
        let residents = world.counts.residents();
        // 2. Country state.
        let state = country_state(scenario, t, residents, &world.initial_residents);
        // 3. Utility factors and choice tables of occupied cells.
        let free = free_movement(scenario, scenario.date_of_step(t));
        if self.costs.as_ref().is_none_or(|(f, _)| *f != free) {
            let costs = CostFactors::new(scenario, &free);
            self.costs = Some((free, costs));
        }
        let costs = match &self.costs {
            Some((_, c)) => c,
            None => unreachable!("cost factors were set just above"),
        };
        let factors = Factors::new(scenario, &state, &world.counts);
        self.tables.build(&factors, costs, &world.counts);
        // 4. Decisions, block by block in parallel; each agent writes only
        //    its own residence, and the block's moves go to its own buffer.
        let p = scenario.decision.reconsider_probability;
        let seed = scenario.simulation.seed;
        let tables = &self.tables;
        let agents = &mut world.agents;
        let reconsidered: u64 = agents
            .residence
            .par_chunks_mut(BLOCK)
            .zip(agents.origin.par_chunks(BLOCK))
            .zip(agents.skill.par_chunks(BLOCK))
            .zip(self.block_moves.par_iter_mut())
            .enumerate()
            .map_init(Vec::new, |chosen, (b, (((res, org), skl), moves))| {
                moves.clear();
                select_block(res.len(), p, seed, t, b, chosen);
                let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Decide);
                decide_block(res, org, skl, tables, chosen, &mut stream, moves);
                chosen.len() as u64
            })
            .sum();
        // 5. Apply the moves to the aggregates, in block order.
        outcome.t = t;
        outcome.reconsidered = reconsidered;
        outcome.moves = 0;
        reset(&mut outcome.flows, k * k);
        reset(&mut outcome.flows_high, k * k);
        reset(&mut outcome.returns, k);
        for moves in &self.block_moves {
            for m in moves {
                world.counts.relocate(m.origin, m.skill, m.from, m.to);
                let f = m.from as usize * k + m.to as usize;
                outcome.flows[f] += 1;
                if m.skill == crate::world::HIGH {
                    outcome.flows_high[f] += 1;
                }
                if m.to == m.origin {
                    outcome.returns[m.to as usize] += 1;
                }
            }
            outcome.moves += moves.len() as u64;
        }
        state
    }
}

fn reset(v: &mut Vec<u32>, len: usize) {
    v.clear();
    v.resize(len, 0);
}

/// Chooses which of the `n` agents of block `b` reconsider at step `t`:
/// geometric gaps on the block's own stream. Kept apart from the decisions
/// so that the gap arithmetic runs without branch mispredictions between.
#[inline]
fn select_block(n: usize, p: f64, seed: u64, t: u32, b: usize, chosen: &mut Vec<u32>) {
    chosen.clear();
    if p >= 1.0 {
        chosen.extend(0..n as u32);
        return;
    }
    let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Select);
    let inv_ln_q = 1.0 / libm::log1p(-p);
    let mut i = geometric_gap(&mut stream, inv_ln_q);
    while i < n as u64 {
        chosen.push(i as u32);
        i = i
            .saturating_add(1)
            .saturating_add(geometric_gap(&mut stream, inv_ln_q));
    }
}

/// Decides for the chosen agents of one block: each draws a destination
/// from its cell's table and, if it differs, moves at once (only its own
/// entry is written) and the move is recorded for the aggregates.
#[inline]
fn decide_block(
    res: &mut [CountryId],
    org: &[CountryId],
    skl: &[Skill],
    tables: &ChoiceTables,
    chosen: &[u32],
    stream: &mut Stream,
    moves: &mut Vec<Move>,
) {
    for &i in chosen {
        let i = i as usize;
        let (c, o, s) = (res[i], org[i], skl[i]);
        let j = tables.choose(c as usize, o as usize, s as usize, stream.next_u32()) as CountryId;
        if j != c {
            res[i] = j;
            moves.push(Move {
                origin: o,
                from: c,
                to: j,
                skill: s,
            });
        }
    }
}
