//! The step kernel: aggregates → country state → choice tables → decisions
//! of the reconsidering agents (in parallel over agent blocks) → moves
//! applied to the aggregates in block order.

use std::sync::atomic::{AtomicU16, Ordering};

use rayon::prelude::*;

use super::life::{
    Columns, DECIDED, ENTERED_IRREGULARLY, ENTERED_WITH_PERMIT, Event, MOTIVES, POSTING, QUIET_RUN,
    REFUSED, REPLACED, Rules, Settled, Tally,
};
use crate::decision::utility::{CostFactors, CostKey, recognition_matrix};
use crate::decision::{ChoiceTables, Factors, RowTable};
use crate::economy::{CountryState, country_state_in, has_skill_feedback, skill_supply_feedback};
use crate::policy::PolicyMonth;
use crate::rng::{Purpose, Stream, geometric_gap};
use crate::scenario::Scenario;
use crate::world::life::{Form, PERMANENT, TEMPORARY};
use crate::world::{CountryId, Counts, HIGH, SKILL_MASK, Skill, UNRECOGNISED, World};

use super::displacement::{Displacement, displace};
use crate::regions::{RegionMonth, internal_migration};

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
    /// The agent's skill ([`crate::world::LOW`] or [`crate::world::HIGH`]).
    pub skill: Skill,
    /// Recognition flags: [`LEFT_UNRECOGNISED`] when the agent was an
    /// unrecognised high-skilled resident of `from`, [`ARRIVED_UNRECOGNISED`]
    /// when `to` did not recognise its qualification.
    pub recognition: u8,
    /// The form of migration the move belongs to
    /// ([`crate::world::life::PERMANENT`], `TEMPORARY` or `SEASONAL`).
    pub form: Form,
    /// Why it took place ([`super::life::DECIDED`], `CONTRACT_END`, …).
    pub motive: u8,
    /// How the mover entered: 0 (freely or home),
    /// [`super::life::ENTERED_WITH_PERMIT`] or `ENTERED_IRREGULARLY`; or
    /// [`super::life::REFUSED`] for a refused permit applicant, which is
    /// not a move (`from == to`) and only counted.
    pub legal: u8,
}

/// [`Move::recognition`] flag: the mover was unrecognised in the country left.
pub const LEFT_UNRECOGNISED: u8 = 1;
/// [`Move::recognition`] flag: the mover is unrecognised in the country entered.
pub const ARRIVED_UNRECOGNISED: u8 = 2;

/// Skill recognition on arrival: what a step needs to settle a mover's
/// recognition flag.
#[derive(Debug, Clone, Copy)]
pub(super) struct Arrival<'a> {
    /// p(o, j), [o·K + j]; `None` when everything is recognised.
    p: Option<&'a [f64]>,
    k: usize,
    seed: u64,
    t: u32,
}

impl Arrival<'_> {
    /// Moves the agent with skill byte `skill`, origin `o` and global index
    /// `agent` into `to`: clears its recognition flag and, for a
    /// high-skilled agent entering a foreign country, draws it again from
    /// the agent's own stream (seed, step, agent), so the draw does not
    /// depend on the order of work. Returns the [`Move::recognition`] flags.
    #[inline]
    fn settle(&self, skill: &mut Skill, o: CountryId, to: CountryId, agent: usize) -> u8 {
        let Some(p) = self.p else {
            return 0;
        };
        let left = if *skill & UNRECOGNISED != 0 {
            LEFT_UNRECOGNISED
        } else {
            0
        };
        let level = *skill & SKILL_MASK;
        *skill = level;
        if level == HIGH && to != o {
            let q = p[o as usize * self.k + to as usize];
            if q < 1.0
                && Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Recognise).uniform()
                    >= q
            {
                *skill = level | UNRECOGNISED;
                return left | ARRIVED_UNRECOGNISED;
            }
        }
        left
    }
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
    pub fn returns_for(&self, motive: u8) -> &[u32] {
        let k = self.returns.len();
        self.returns_by_motive
            .get(motive as usize * k..(motive as usize + 1) * k)
            .unwrap_or(&[])
    }
}

/// How the kernel turns choice probabilities into decisions. Both give
/// exactly the same draws; they differ only in speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Build the table of every occupied cell, then let every reconsidering
    /// agent draw from its cell's table (best for small K: the tables stay
    /// in cache).
    Tables,
    /// Group the reconsidering agents by cell, then build each cell's row
    /// once and draw for all its agents while the row is in L1 (best for
    /// large K, where K²-row tables would not fit in any cache; cells with
    /// no reconsidering agent are never built).
    Grouped,
}

/// Smallest K for which [`Kernel::new`] picks [`Strategy::Grouped`].
pub const GROUPED_MIN_K: usize = 64;

/// Owns the per-step work buffers and carries out steps.
#[derive(Debug)]
pub struct Kernel {
    strategy: Strategy,
    tables: ChoiceTables,
    grouped: Grouped,
    block_moves: Vec<Vec<Move>>,
    deltas: Vec<Delta>,
    /// Cost factors with what they were built for.
    costs: Option<(CostKey, CostFactors)>,
    /// The month's cost factors by skill under the gravity rule.
    month_costs: CostFactors,
    /// Permit applicants of the last step by destination (granted, refused
    /// and gone irregularly), for the quotas.
    applicants: Vec<u32>,
    /// Entries and exits when populations follow data.
    demography: super::demography::Demography,
}

/// What a run of blocks' moves change: the counts (as differences), the
/// flows and the returns.
#[derive(Debug, Default)]
struct Delta {
    counts: Vec<i32>,
    flows: Vec<u32>,
    flows_high: Vec<u32>,
    returns: Vec<u32>,
    return_flows: Vec<u32>,
    return_flows_high: Vec<u32>,
    brain_waste: Vec<i32>,
    moves: u64,
    /// Temporary, seasonal and irregular flows, [kind][from·K + to] (kept
    /// only when the scenario uses forms).
    form_flows: Vec<u32>,
    /// Returns by motive, [motive][to].
    motive_returns: Vec<u32>,
    /// Permits, refusals, irregular entries, postings out (by `from`) and
    /// postings in (by `to`), [kind][country]; then permit applicants by
    /// lane ([`PolicyMonth::lane`]), for the quotas.
    entries: Vec<u32>,
}

impl Delta {
    fn clear(&mut self, k: usize, life: bool, lanes: usize) {
        let (f, m) = if life {
            (3 * k * k, MOTIVES * k)
        } else {
            (0, 0)
        };
        reset(&mut self.form_flows, f);
        reset(&mut self.motive_returns, m);
        reset(&mut self.entries, if life { 5 * k + lanes } else { 0 });
        self.counts.clear();
        self.counts.resize(k * k * 2, 0);
        reset(&mut self.flows, k * k);
        reset(&mut self.flows_high, k * k);
        reset(&mut self.returns, k);
        reset(&mut self.return_flows, k * k);
        reset(&mut self.return_flows_high, k * k);
        self.brain_waste.clear();
        self.brain_waste.resize(k, 0);
        self.moves = 0;
    }

    #[inline]
    fn record(&mut self, m: &Move, k: usize, policy: &PolicyMonth) {
        if m.legal >= REFUSED {
            self.record_special(m, k, policy);
            return;
        }
        self.shift_counts(m, k);
        let f = m.from as usize * k + m.to as usize;
        self.flows[f] += 1;
        let high = m.skill == crate::world::HIGH;
        if high {
            self.flows_high[f] += 1;
        }
        if m.to == m.origin {
            self.returns[m.to as usize] += 1;
            self.return_flows[f] += 1;
            if high {
                self.return_flows_high[f] += 1;
            }
        }
        if m.recognition & ARRIVED_UNRECOGNISED != 0 {
            self.brain_waste[m.to as usize] += 1;
        }
        if m.form != PERMANENT || m.motive != DECIDED || m.legal != 0 {
            self.record_life(m, k, f, policy);
        }
        self.moves += 1;
    }

    /// A refused applicant (counted), or a retiree abroad replaced by a
    /// young native at home (its counts move, but it is no flow).
    #[cold]
    fn record_special(&mut self, m: &Move, k: usize, policy: &PolicyMonth) {
        if m.legal == REFUSED {
            self.entries[k + m.to as usize] += 1;
            self.applicant(m, k, policy);
            return;
        }
        self.shift_counts(m, k);
    }

    /// The agent of `m` leaves its cell of the counts for the one it
    /// enters, and the unrecognised residents of the country it left.
    #[inline]
    fn shift_counts(&mut self, m: &Move, k: usize) {
        let (o, s) = (m.origin as usize, m.skill as usize);
        self.counts[Counts::cell(k, o, m.from as usize, s)] -= 1;
        self.counts[Counts::cell(k, o, m.to as usize, s)] += 1;
        if m.recognition & LEFT_UNRECOGNISED != 0 {
            self.brain_waste[m.from as usize] -= 1;
        }
    }

    /// A permit applicant (granted, refused or gone irregularly), counted
    /// by its lane.
    #[inline]
    fn applicant(&mut self, m: &Move, k: usize, policy: &PolicyMonth) {
        let lane = policy.lane(m.origin as usize, m.skill, m.to as usize);
        self.entries[5 * k + lane] += 1;
    }

    /// The life tags of a move: its form, motive and entry.
    #[cold]
    fn record_life(&mut self, m: &Move, k: usize, f: usize, policy: &PolicyMonth) {
        if m.form != PERMANENT {
            self.form_flows[(m.form as usize - 1) * k * k + f] += 1;
        }
        if m.to == m.origin {
            self.motive_returns[m.motive as usize * k + m.to as usize] += 1;
        }
        if m.motive == POSTING {
            self.entries[3 * k + m.from as usize] += 1;
            self.entries[4 * k + m.to as usize] += 1;
        }
        match m.legal {
            ENTERED_WITH_PERMIT => {
                self.entries[m.to as usize] += 1;
                self.applicant(m, k, policy);
            }
            ENTERED_IRREGULARLY => {
                self.form_flows[2 * k * k + f] += 1;
                self.entries[2 * k + m.to as usize] += 1;
                self.applicant(m, k, policy);
            }
            _ => {}
        }
    }
}

fn add_to(total: &mut [u32], part: &[u32]) {
    for (t, &p) in total.iter_mut().zip(part) {
        *t += p;
    }
}

/// A reconsidering agent in the grouped strategy.
#[derive(Debug, Clone, Copy)]
struct Decider {
    /// Index of the agent within its block.
    agent: u32,
    /// Its cell (c·K + o)·2 + s.
    cell: u32,
    /// Its random bits for the draw.
    r: u32,
}

/// Kernel scratch bytes per agent deciding in a month (at most every
/// agent): its [`Decider`] entry, its place in the cell order, its drawn
/// destination and its move.
pub const SCRATCH_BYTES_PER_DECIDER: usize = std::mem::size_of::<Decider>()
    + std::mem::size_of::<(u32, u32)>()
    + std::mem::size_of::<AtomicU16>()
    + std::mem::size_of::<Move>();

/// Buffers of the grouped strategy, reused from step to step.
#[derive(Debug, Default)]
struct Grouped {
    /// Reconsidering agents of each block, in agent order.
    deciders: Vec<Vec<Decider>>,
    /// Global number of each block's first decider.
    base: Vec<u32>,
    /// Start of each cell's deciders in `order` (cells + 1 entries).
    start: Vec<u32>,
    /// Insertion cursor per cell while sorting.
    cursor: Vec<u32>,
    /// (global decider number, random bits), sorted by cell.
    order: Vec<(u32, u32)>,
    /// Cells with at least one decider, ascending.
    busy: Vec<u32>,
    /// The destination drawn by each decider (by global number).
    dest: Vec<AtomicU16>,
}

impl Kernel {
    /// A kernel for `world`, with the strategy that suits its size.
    pub fn new(world: &World) -> Kernel {
        let strategy = if world.num_countries() >= GROUPED_MIN_K {
            Strategy::Grouped
        } else {
            Strategy::Tables
        };
        Kernel::with_strategy(world, strategy)
    }

    /// A kernel for `world` that uses `strategy`.
    pub fn with_strategy(world: &World, strategy: Strategy) -> Kernel {
        let blocks = world.agents.len().div_ceil(BLOCK);
        let k = world.num_countries();
        Kernel {
            strategy,
            tables: match strategy {
                Strategy::Tables => ChoiceTables::new(k),
                Strategy::Grouped => ChoiceTables::default(),
            },
            grouped: Grouped {
                deciders: vec![Vec::new(); blocks],
                base: vec![0; blocks],
                ..Grouped::default()
            },
            block_moves: vec![Vec::new(); blocks],
            deltas: Vec::new(),
            costs: None,
            month_costs: CostFactors::default(),
            applicants: Vec::new(),
            demography: Default::default(),
        }
    }

    /// The strategy in use.
    pub fn strategy(&self) -> Strategy {
        self.strategy
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
        // 0. Per-block buffers for as many agents as there are now (the
        //    number changes when populations follow data).
        let blocks = world.agents.len().div_ceil(BLOCK);
        if self.block_moves.len() != blocks {
            self.block_moves.resize_with(blocks, Vec::new);
            self.grouped.deciders.resize_with(blocks, Vec::new);
            self.grouped.base.resize(blocks, 0);
        }
        // 1. Aggregates at the start of the step.
        let residents = world.counts.residents();
        // 2. The month's policy (computed once, read by every part of the
        //    step) and the country state.
        let policy = PolicyMonth::at(scenario, scenario.date_of_step(t));
        let mut state = country_state_in(scenario, t, residents, &world.initial_residents, &policy);
        if has_skill_feedback(scenario) {
            let by_skill = world.counts.residents_by_skill();
            skill_supply_feedback(scenario, &mut state, &by_skill, &world.initial_by_skill);
        }
        // 3. Utility factors and choice tables of occupied cells.
        let key = CostKey::with_policy(scenario, t, &policy);
        if self.costs.as_ref().is_none_or(|(k, _)| *k != key) {
            let costs = CostFactors::for_key(scenario, &key);
            self.costs = Some((key, costs));
        }
        let (base_key, base_costs) = match &self.costs {
            Some((key, c)) => (key, c),
            None => unreachable!("cost factors were set just above"),
        };
        // The gravity rule's costs by skill, jobs and affordability change
        // with the month's wages and unemployment.
        let costs = match &scenario.decision.gravity {
            Some(g) => {
                base_costs.gravity_month(
                    scenario,
                    g,
                    &state,
                    base_key.decline,
                    &mut self.month_costs,
                );
                &self.month_costs
            }
            None => base_costs,
        };
        let recognition = recognition_matrix(scenario, scenario.date_of_step(t));
        let factors = Factors::new(scenario, &state, &world.counts, recognition.as_deref());
        // 4. Decisions of the reconsidering agents, written to their own
        //    residence entries; each block's moves go to its own buffer.
        let p = scenario.decision.reconsider_probability;
        let seed = scenario.simulation.seed;
        let arrival = Arrival {
            p: recognition.as_deref(),
            k,
            seed,
            t,
        };
        let rules = world.life.is_on().then(|| {
            Rules::new(
                scenario,
                t,
                (&state, &policy),
                &self.applicants,
                world.people_per_agent,
                &world.counts,
            )
        });
        let reconsidered = match self.strategy {
            Strategy::Tables => {
                self.tables.build(&factors, costs, &world.counts);
                decide_with_tables(
                    world,
                    &self.tables,
                    &mut self.block_moves,
                    p,
                    arrival,
                    rules.as_ref(),
                )
            }
            Strategy::Grouped => {
                let g = &mut self.grouped;
                g.select(world, p, seed, t);
                g.sort_by_cell(k);
                g.draw(k, &factors, costs);
                g.apply(world, &mut self.block_moves, arrival, rules.as_ref())
            }
        };
        // 4b. Forced displacement by shocks and the return of the displaced
        //     (nothing to do without shocks).
        displace(
            scenario,
            world,
            t,
            &mut self.block_moves,
            &arrival,
            &mut outcome.displacement,
        );
        // 4c. The life pass: contracts and seasons (forms only).
        let tally = match &rules {
            Some(rules) => life_pass(world, &mut self.block_moves, arrival, rules),
            None => Tally::new(k),
        };
        let life = rules.is_some();
        // 5. Apply the moves to the aggregates: each thread sums the moves of
        //    a run of blocks into its own differences, which are then added
        //    up. Integer sums do not depend on their order, so neither does
        //    the result.
        let threads = rayon::current_num_threads().max(1);
        let per = self.block_moves.len().div_ceil(threads).max(1);
        let parts = self.block_moves.len().div_ceil(per);
        self.deltas.resize_with(parts, Delta::default);
        self.block_moves
            .par_chunks(per)
            .zip(self.deltas.par_iter_mut())
            .for_each(|(chunk, d)| {
                d.clear(k, life, policy.num_lanes());
                for moves in chunk {
                    for m in moves {
                        d.record(m, k, &policy);
                    }
                }
            });
        outcome.t = t;
        outcome.reconsidered = reconsidered;
        outcome.moves = 0;
        reset(&mut outcome.flows, k * k);
        reset(&mut outcome.flows_high, k * k);
        reset(&mut outcome.returns, k);
        reset(&mut outcome.return_flows, k * k);
        reset(&mut outcome.return_flows_high, k * k);
        let kk = if life { k * k } else { 0 };
        let kl = if life { k } else { 0 };
        reset(&mut outcome.flows_temporary, kk);
        reset(&mut outcome.flows_seasonal, kk);
        reset(&mut outcome.flows_irregular, kk);
        reset(&mut outcome.returns_by_motive, kl * MOTIVES);
        reset(&mut outcome.permits, kl);
        reset(&mut outcome.refusals, kl);
        reset(&mut outcome.irregular_entries, kl);
        reset(&mut outcome.postings_out, kl);
        reset(&mut outcome.postings_in, kl);
        outcome.tally = tally;
        for d in &self.deltas[..parts] {
            world.counts.apply(&d.counts);
            add_to(&mut outcome.flows, &d.flows);
            add_to(&mut outcome.flows_high, &d.flows_high);
            add_to(&mut outcome.returns, &d.returns);
            add_to(&mut outcome.return_flows, &d.return_flows);
            add_to(&mut outcome.return_flows_high, &d.return_flows_high);
            for (w, &dw) in world.brain_waste.iter_mut().zip(&d.brain_waste) {
                *w = w.wrapping_add_signed(dw as i64);
            }
            outcome.moves += d.moves;
            if life {
                add_to(&mut outcome.flows_temporary, &d.form_flows[..k * k]);
                add_to(&mut outcome.flows_seasonal, &d.form_flows[k * k..2 * k * k]);
                add_to(&mut outcome.flows_irregular, &d.form_flows[2 * k * k..]);
                add_to(&mut outcome.returns_by_motive, &d.motive_returns);
                add_to(&mut outcome.permits, &d.entries[..k]);
                add_to(&mut outcome.refusals, &d.entries[k..2 * k]);
                add_to(&mut outcome.irregular_entries, &d.entries[2 * k..3 * k]);
                add_to(&mut outcome.postings_out, &d.entries[3 * k..4 * k]);
                add_to(&mut outcome.postings_in, &d.entries[4 * k..5 * k]);
            }
        }
        if life {
            self.applicants.clear();
            self.applicants.resize(policy.num_lanes(), 0);
            for d in &self.deltas[..parts] {
                add_to(&mut self.applicants, &d.entries[5 * k..]);
            }
        }
        // 6. Internal migration between regions (nothing to do when no
        //    country is divided).
        internal_migration(scenario, world, t, &state, &mut outcome.regions);
        // 7. People leave and enter working age (only when populations
        //    follow data).
        if scenario.data.demography() {
            self.demography
                .step(scenario, world, t, &mut outcome.entries, &mut outcome.exits);
        } else {
            outcome.entries.clear();
            outcome.exits.clear();
        }
        state
    }
}

/// Step 4 of the [`Strategy::Tables`] kernel: decisions block by block in
/// parallel; each agent writes only its own residence, and the block's moves
/// go to its own buffer. Returns the number of reconsidering agents.
fn decide_with_tables(
    world: &mut World,
    tables: &ChoiceTables,
    block_moves: &mut [Vec<Move>],
    p: f64,
    arrival: Arrival<'_>,
    rules: Option<&Rules<'_>>,
) -> u64 {
    let (seed, t) = (arrival.seed, arrival.t);
    let agents = &mut world.agents;
    let mut lives = life_blocks(&mut world.life, block_moves.len());
    agents
        .residence
        .par_chunks_mut(BLOCK)
        .zip(agents.origin.par_chunks(BLOCK))
        .zip(agents.skill.par_chunks_mut(BLOCK))
        .zip(block_moves.par_iter_mut())
        .zip(lives.par_iter_mut())
        .enumerate()
        .map_init(
            Vec::new,
            |chosen, (b, ((((res, org), skl), moves), life))| {
                moves.clear();
                select_block(res.len(), p, seed, t, b, chosen);
                let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Decide);
                let block = Block {
                    res,
                    org,
                    skl,
                    life: life.take(),
                    first: b * BLOCK,
                };
                decide_block(block, tables, chosen, &mut stream, moves, &arrival, rules);
                chosen.len() as u64
            },
        )
        .sum()
}

/// The life pass of a step (only when the scenario uses forms): every
/// block, in parallel, runs [`Block::live`], appending its moves to its own
/// buffer; the counts by form are summed (integers, in any order).
fn life_pass(
    world: &mut World,
    block_moves: &mut [Vec<Move>],
    arrival: Arrival<'_>,
    rules: &Rules<'_>,
) -> Tally {
    let k = world.num_countries();
    let agents = &mut world.agents;
    let mut lives = life_blocks(&mut world.life, block_moves.len());
    agents
        .residence
        .par_chunks_mut(BLOCK)
        .zip(agents.origin.par_chunks(BLOCK))
        .zip(agents.skill.par_chunks_mut(BLOCK))
        .zip(block_moves.par_iter_mut())
        .zip(lives.par_iter_mut())
        .enumerate()
        .fold(
            || Tally::new(k),
            |mut tally, (b, ((((res, org), skl), moves), life))| {
                let mut block = Block {
                    res,
                    org,
                    skl,
                    life: life.take(),
                    first: b * BLOCK,
                };
                block.live(rules, &arrival, moves, &mut tally);
                tally
            },
        )
        .reduce(
            || Tally::new(k),
            |mut a, b| {
                a += &b;
                a
            },
        )
}

impl Grouped {
    /// Chooses the reconsidering agents of every block (in parallel) with
    /// their cells and random bits, from the same streams, in the same
    /// order, as the tables strategy.
    fn select(&mut self, world: &World, p: f64, seed: u64, t: u32) {
        let k = world.num_countries();
        let agents = &world.agents;
        agents
            .residence
            .par_chunks(BLOCK)
            .zip(agents.origin.par_chunks(BLOCK))
            .zip(agents.skill.par_chunks(BLOCK))
            .zip(self.deciders.par_iter_mut())
            .enumerate()
            .for_each_init(Vec::new, |chosen, (b, (((res, org), skl), out))| {
                out.clear();
                select_block(res.len(), p, seed, t, b, chosen);
                let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Decide);
                out.extend(chosen.iter().map(|&i| {
                    let (c, o, s) = (
                        res[i as usize] as usize,
                        org[i as usize] as usize,
                        (skl[i as usize] & SKILL_MASK) as usize,
                    );
                    Decider {
                        agent: i,
                        cell: ((c * k + o) * 2 + s) as u32,
                        r: stream.next_u32(),
                    }
                }));
            });
    }

    /// Counting sort of the deciders by cell (stable: within a cell, in
    /// block and agent order).
    fn sort_by_cell(&mut self, k: usize) {
        let cells = k * k * 2;
        reset(&mut self.start, cells + 1);
        let mut total = 0u32;
        for (b, dec) in self.deciders.iter().enumerate() {
            self.base[b] = total;
            total += dec.len() as u32;
            for d in dec {
                self.start[d.cell as usize + 1] += 1;
            }
        }
        self.busy.clear();
        for cell in 0..cells {
            if self.start[cell + 1] > 0 {
                self.busy.push(cell as u32);
            }
            self.start[cell + 1] += self.start[cell];
        }
        self.cursor.clear();
        self.cursor.extend_from_slice(&self.start[..cells]);
        self.order.clear();
        self.order.resize(total as usize, (0, 0));
        for (b, dec) in self.deciders.iter().enumerate() {
            for (l, d) in dec.iter().enumerate() {
                let at = &mut self.cursor[d.cell as usize];
                self.order[*at as usize] = (self.base[b] + l as u32, d.r);
                *at += 1;
            }
        }
        if self.dest.len() < total as usize {
            self.dest.resize_with(total as usize, || AtomicU16::new(0));
        }
    }

    /// Builds the row of every busy cell once (in parallel over cells) and
    /// draws the destinations of all its deciders from it.
    fn draw(&self, k: usize, factors: &Factors, costs: &CostFactors) {
        self.busy.par_iter().with_min_len(16).for_each_init(
            || RowTable::new(k),
            |row, &cell| {
                let cell = cell as usize;
                row.build(factors, costs, cell / 2 / k, cell / 2 % k, cell % 2);
                let range = self.start[cell] as usize..self.start[cell + 1] as usize;
                for &(g, r) in &self.order[range] {
                    self.dest[g as usize].store(row.choose(r) as u16, Ordering::Relaxed);
                }
            },
        );
    }

    /// Moves the deciders to their drawn destinations, block by block in
    /// parallel, recording each block's moves. Returns the number of deciders.
    fn apply(
        &self,
        world: &mut World,
        block_moves: &mut [Vec<Move>],
        arrival: Arrival<'_>,
        rules: Option<&Rules<'_>>,
    ) -> u64 {
        let agents = &mut world.agents;
        let mut lives = life_blocks(&mut world.life, block_moves.len());
        agents
            .residence
            .par_chunks_mut(BLOCK)
            .zip(agents.origin.par_chunks(BLOCK))
            .zip(agents.skill.par_chunks_mut(BLOCK))
            .zip(block_moves.par_iter_mut())
            .zip(self.deciders.par_iter())
            .zip(self.base.par_iter())
            .zip(lives.par_iter_mut())
            .enumerate()
            .map(|(b, ((((((res, org), skl), moves), dec), &base), life))| {
                moves.clear();
                let mut block = Block {
                    res,
                    org,
                    skl,
                    life: life.take(),
                    first: b * BLOCK,
                };
                for (l, d) in dec.iter().enumerate() {
                    let j = self.dest[base as usize + l].load(Ordering::Relaxed) as CountryId;
                    block.relocate(d.agent as usize, j, &arrival, rules, moves);
                }
                dec.len() as u64
            })
            .sum()
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
    block: Block<'_>,
    tables: &ChoiceTables,
    chosen: &[u32],
    stream: &mut Stream,
    moves: &mut Vec<Move>,
    arrival: &Arrival<'_>,
    rules: Option<&Rules<'_>>,
) {
    let mut block = block;
    for &i in chosen {
        let i = i as usize;
        let (c, o, s) = (block.res[i], block.org[i], block.skl[i] & SKILL_MASK);
        let j = tables.choose(c as usize, o as usize, s as usize, stream.next_u32()) as CountryId;
        block.relocate(i, j, arrival, rules, moves);
    }
}

/// One block's agent columns, and the global index of its first agent.
pub(super) struct Block<'a> {
    pub(super) res: &'a mut [CountryId],
    pub(super) org: &'a [CountryId],
    pub(super) skl: &'a mut [Skill],
    /// The block's life columns, when the scenario uses forms.
    pub(super) life: Option<Columns<'a>>,
    pub(super) first: usize,
}

/// Cuts the life columns of `world` into blocks: one `Some` per block when
/// they are kept, else one `None` per block.
pub(super) fn life_blocks(
    life: &mut crate::world::Life,
    blocks: usize,
) -> Vec<Option<Columns<'_>>> {
    if !life.is_on() {
        return (0..blocks).map(|_| None).collect();
    }
    let mut form = life.form.chunks_mut(BLOCK);
    let mut clock = life.clock.chunks_mut(BLOCK);
    let mut place = life.place.chunks_mut(BLOCK);
    let mut status = life.status.chunks_mut(BLOCK);
    let mut stay = life.stay.chunks_mut(BLOCK);
    let mut idle = life.idle.chunks_mut(BLOCK);
    let mut ban = life.ban.chunks_mut(BLOCK);
    let mut barred = life.barred.chunks_mut(BLOCK);
    let mut savings = life.savings.chunks_mut(BLOCK);
    let mut age = life.age.chunks_mut(BLOCK);
    let mut out = Vec::with_capacity(blocks);
    while let (
        Some(age),
        Some(form),
        Some(clock),
        Some(place),
        Some(status),
        Some(stay),
        Some(idle),
        Some(ban),
        Some(barred),
        Some(savings),
    ) = (
        age.next(),
        form.next(),
        clock.next(),
        place.next(),
        status.next(),
        stay.next(),
        idle.next(),
        ban.next(),
        barred.next(),
        savings.next(),
    ) {
        out.push(Some(Columns {
            form,
            clock,
            place,
            status,
            stay,
            idle,
            ban,
            barred,
            savings,
            age,
        }));
    }
    out
}

impl Block<'_> {
    /// Agent `i` of the block has chosen `j`: with life columns, its form
    /// and legality are settled first (a bound agent stays; a commuter or a
    /// newly hired seasonal worker stays at home; a refused permit
    /// applicant stays and is counted); then it moves unless it lives in
    /// `j` already.
    #[inline]
    pub(super) fn relocate(
        &mut self,
        i: usize,
        j: CountryId,
        arrival: &Arrival<'_>,
        rules: Option<&Rules<'_>>,
        moves: &mut Vec<Move>,
    ) {
        let c = self.res[i];
        let (form, legal, motive) = match (&mut self.life, rules) {
            (Some(l), Some(rules)) => {
                let o = self.org[i];
                if Rules::bound(l.form[i], c, o) {
                    return;
                }
                let skill = self.skl[i] & SKILL_MASK;
                match rules.settle(l, i, (c, o, skill), j, self.first + i) {
                    Settled::Stay => return,
                    Settled::Refused => {
                        moves.push(Move {
                            origin: o,
                            from: j,
                            to: j,
                            skill: self.skl[i] & SKILL_MASK,
                            recognition: 0,
                            form: PERMANENT,
                            motive: DECIDED,
                            legal: REFUSED,
                        });
                        return;
                    }
                    Settled::Move(form, legal, motive) => (form, legal, motive),
                }
            }
            _ => (PERMANENT, 0, DECIDED),
        };
        self.shift(i, j, (form, motive, legal), arrival, moves);
    }

    /// Moves agent `i` to `j` by force (a refugee fleeing or going home):
    /// no decision and no entry rules (refugees are protected); its life
    /// columns, where kept, start afresh as a permanent stay.
    pub(super) fn force(
        &mut self,
        i: usize,
        j: CountryId,
        arrival: &Arrival<'_>,
        moves: &mut Vec<Move>,
    ) {
        if let Some(l) = &mut self.life {
            l.reset(i);
        }
        self.shift(i, j, (PERMANENT, DECIDED, 0), arrival, moves);
    }

    /// Moves agent `i` of the block to `j` (unless it lives there already):
    /// settles its recognition on arrival and records the move with its
    /// form, motive and entry.
    #[inline]
    fn shift(
        &mut self,
        i: usize,
        j: CountryId,
        (form, motive, legal): (Form, u8, u8),
        arrival: &Arrival<'_>,
        moves: &mut Vec<Move>,
    ) {
        let c = self.res[i];
        if j == c {
            return;
        }
        self.res[i] = j;
        let o = self.org[i];
        let skill = self.skl[i] & SKILL_MASK;
        let recognition = arrival.settle(&mut self.skl[i], o, j, self.first + i);
        moves.push(Move {
            origin: o,
            from: c,
            to: j,
            skill,
            recognition,
            form,
            motive,
            legal,
        });
    }

    /// The life pass of the block at the end of a step: enforcement,
    /// permits, contracts and seasons (moves appended to `moves`), and the
    /// count of agents by state.
    fn live(
        &mut self,
        rules: &Rules<'_>,
        arrival: &Arrival<'_>,
        moves: &mut Vec<Move>,
        tally: &mut Tally,
    ) {
        let Some(mut l) = self.life.take() else {
            return;
        };
        let ageing = rules.ageing();
        let n = l.form.len();
        let mut start = 0;
        while start < n {
            let end = (start + QUIET_RUN).min(n);
            // Most agents have no life state (at home, permanent, nothing
            // pending): a run's busy agents are found with loads the
            // compiler can vectorise, and only they are visited, in order.
            if !ageing && end - start == QUIET_RUN {
                let mut mask = rules.busy_mask(&l, start, (self.res, self.org, self.skl));
                while mask != 0 {
                    let i = start + mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    self.live_one(&mut l, i, false, (rules, arrival), moves, tally);
                }
                start = end;
                continue;
            }
            for i in start..end {
                self.live_one(&mut l, i, ageing, (rules, arrival), moves, tally);
            }
            start = end;
        }
        self.life = Some(l);
    }

    /// The life pass of agent `i` of the block (see [`Block::live`]).
    #[inline]
    fn live_one(
        &mut self,
        l: &mut Columns<'_>,
        i: usize,
        ageing: bool,
        (rules, arrival): (&Rules<'_>, &Arrival<'_>),
        moves: &mut Vec<Move>,
        tally: &mut Tally,
    ) {
        if ageing && rules.grow_older(l, i, self.org[i], tally) {
            if l.age[i] == super::demography::EXIT_MARK {
                // Leaves working age at the end of the month.
                return;
            }
            // Retired: replaced by a young native at home.
            let o = self.org[i];
            self.shift(i, o, (PERMANENT, DECIDED, REPLACED), arrival, moves);
            tally.count(l, i, o, o);
            return;
        }
        let (c, o) = (self.res[i], self.org[i]);
        if c == o
            && let Some(to) = rules.post(l, i, (o, self.skl[i]), self.first + i)
        {
            // Posted by its employer: the company's own staff, whose
            // qualification goes with it (no recognition draw).
            let own = Arrival {
                p: None,
                ..*arrival
            };
            self.shift(i, to, (TEMPORARY, POSTING, 0), &own, moves);
            tally.count(l, i, to, o);
            return;
        }
        if !rules.busy(l, i, c, o) {
            return;
        }
        if let Some(Event { to, form, motive }) =
            rules.event(l, i, (c, o, self.skl[i]), self.first + i, tally)
        {
            self.shift(i, to, (form, motive, 0), arrival, moves);
        }
        tally.count(l, i, self.res[i], o);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::synthetic::reference_scenario;
    use crate::world::layout::build_world;

    #[test]
    fn grouped_and_table_strategies_make_the_same_draws() {
        for (k, p) in [(70usize, 1.0 / 24.0), (12, 1.0), (65, 0.5)] {
            let mut s = reference_scenario(60_000, k, 12, 9);
            s.decision.reconsider_probability = p;
            let mut a = build_world(&s).unwrap();
            let mut b = a.clone();
            let mut ka = Kernel::with_strategy(&a, Strategy::Tables);
            let mut kb = Kernel::with_strategy(&b, Strategy::Grouped);
            let (mut oa, mut ob) = (StepOutcome::default(), StepOutcome::default());
            let mut moved = 0;
            for t in 0..12 {
                ka.step(&s, &mut a, t, &mut oa);
                kb.step(&s, &mut b, t, &mut ob);
                assert_eq!(a.agents.residence, b.agents.residence, "K={k} t={t}");
                assert_eq!(oa.flows, ob.flows);
                assert_eq!(oa.reconsidered, ob.reconsidered);
                moved += oa.moves;
            }
            assert!(moved > 1000, "the worlds must actually move: {moved}");
        }
    }

    #[test]
    fn both_strategies_settle_the_same_forms() {
        for k in [70usize, 12] {
            let mut s = reference_scenario(60_000, k, 14, 5);
            s.decision.reconsider_probability = 0.3;
            s.forms.temporary_share = 0.5;
            s.forms.contract_months = 4;
            s.forms.renewal_probability = 0.5;
            s.forms.commuting_km = 1500.0;
            s.seasons.push(crate::scenario::Season {
                country: k - 1,
                start: 11,
                end: 2,
                share: 0.8,
            });
            s.entries.push(crate::scenario::Entry {
                country: k - 2,
                rule: crate::scenario::EntryRule::Permit,
                quota: Some(1e6),
                one_window: None,
                detection: Some(0.1),
                family: true,
            });
            s.entries.push(crate::scenario::Entry {
                country: k - 3,
                rule: crate::scenario::EntryRule::Closed,
                quota: None,
                one_window: None,
                detection: None,
                family: true,
            });
            s.legality.lapse_months = 1;
            s.returns.target_share = 0.3;
            s.returns.savings_target = 5000.0;
            s.age = Some(crate::scenario::Age {
                reunification_share: 0.5,
                reunification_after: 3,
                ..crate::scenario::Age::default()
            });
            let mut a = build_world(&s).unwrap();
            let mut b = a.clone();
            let mut ka = Kernel::with_strategy(&a, Strategy::Tables);
            let mut kb = Kernel::with_strategy(&b, Strategy::Grouped);
            let (mut oa, mut ob) = (StepOutcome::default(), StepOutcome::default());
            for t in 0..14 {
                ka.step(&s, &mut a, t, &mut oa);
                kb.step(&s, &mut b, t, &mut ob);
                assert_eq!(a.agents, b.agents, "K={k} t={t}");
                assert_eq!(a.life, b.life, "K={k} t={t}");
                assert_eq!(oa.tally, ob.tally);
                assert_eq!(oa.flows_seasonal, ob.flows_seasonal);
                assert_eq!(a.counts, a.recount());
            }
            assert!(oa.tally.temporary.iter().sum::<u32>() > 100, "K={k}");
            assert!(oa.tally.irregular.iter().sum::<u32>() > 10, "K={k}");
            assert_eq!(oa.permits, ob.permits);
        }
    }

    #[test]
    fn both_strategies_draw_the_same_recognitions() {
        for k in [70usize, 12] {
            let mut s = reference_scenario(60_000, k, 12, 4);
            s.decision.reconsider_probability = 0.5;
            s.recognition.probability = 0.3;
            s.blocs[0].recognition = Some(0.9);
            let mut a = build_world(&s).unwrap();
            let mut b = a.clone();
            let mut ka = Kernel::with_strategy(&a, Strategy::Tables);
            let mut kb = Kernel::with_strategy(&b, Strategy::Grouped);
            let (mut oa, mut ob) = (StepOutcome::default(), StepOutcome::default());
            for t in 0..12 {
                ka.step(&s, &mut a, t, &mut oa);
                kb.step(&s, &mut b, t, &mut ob);
                assert_eq!(a.agents, b.agents, "K={k} t={t}");
                assert_eq!(a.brain_waste, b.brain_waste);
                assert_eq!(a.brain_waste, a.recount_brain_waste());
                assert_eq!(a.counts, a.recount());
            }
            assert!(a.brain_waste.iter().sum::<u64>() > 100, "K={k}");
        }
    }
}
