//! The step kernel: aggregates → country state → choice tables → decisions
//! of the reconsidering agents (in parallel over agent blocks) → moves
//! applied to the aggregates in block order.

use rayon::prelude::*;

use super::block::{Arrival, Move, Relocate, select_block};
use super::delta::{Delta, merge};
use super::displacement::displace;
use super::grouped::Grouped;
use super::life::{Rules, Tally};
use super::life_pass::life_pass;
pub use super::outcome::StepOutcome;
use crate::decision::utility::{CostFactors, CostKey, recognition_matrix};
use crate::decision::{ChoiceTables, Factors};
use crate::economy::{CountryState, country_state_in, has_skill_feedback, skill_supply_feedback};
use crate::model::Scenario;
use crate::policy::PolicyMonth;
use crate::regions::internal_migration;
use crate::rng::{Purpose, Stream};
use crate::world::{Block, CountryId, SKILL_MASK, World};

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
        let blocks = world.num_blocks();
        let k = world.num_countries();
        Kernel {
            strategy,
            tables: match strategy {
                Strategy::Tables => ChoiceTables::new(k),
                Strategy::Grouped => ChoiceTables::default(),
            },
            grouped: Grouped::new(blocks),
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
        let blocks = world.num_blocks();
        if self.block_moves.len() != blocks {
            self.block_moves.resize_with(blocks, Vec::new);
            self.grouped.resize(blocks);
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
        if self.costs.as_ref().is_some_and(|(k, _)| *k != key) {
            self.costs = None;
        }
        let (base_key, base_costs) = &*self.costs.get_or_insert_with(|| {
            let costs = CostFactors::for_key(scenario, &key);
            (key, costs)
        });
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
        let factors = Factors::new(scenario, &state, &world.counts, recognition.as_ref());
        // 4. Decisions of the reconsidering agents, written to their own
        //    residence entries; each block's moves go to its own buffer.
        let p = scenario.decision.reconsider_probability;
        let seed = scenario.simulation.seed;
        let arrival = Arrival {
            p: recognition.as_ref(),
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
                        d.record(m, &policy);
                    }
                }
            });
        outcome.t = t;
        outcome.reconsidered = reconsidered;
        outcome.tally = tally;
        let lanes = (life, policy.num_lanes());
        merge(
            &self.deltas[..parts],
            world,
            outcome,
            lanes,
            &mut self.applicants,
        );
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
    world
        .blocks()
        .into_par_iter()
        .zip(block_moves.par_iter_mut())
        .map_init(Vec::new, |chosen, (block, moves)| {
            moves.clear();
            let b = block.index();
            select_block(block.len(), p, seed, t, b, chosen);
            let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Decide);
            decide_block(block, tables, chosen, &mut stream, moves, &arrival, rules);
            chosen.len() as u64
        })
        .sum()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;
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
                assert_eq!(oa.counters.flows, ob.counters.flows);
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
            s.seasons.push(crate::model::Season {
                country: k - 1,
                start: 11,
                end: 2,
                share: 0.8,
            });
            s.entries.push(crate::model::Entry {
                country: k - 2,
                rule: crate::model::EntryRule::Permit,
                quota: Some(1e6),
                one_window: None,
                detection: Some(0.1),
                family: true,
            });
            s.entries.push(crate::model::Entry {
                country: k - 3,
                rule: crate::model::EntryRule::Closed,
                quota: None,
                one_window: None,
                detection: None,
                family: true,
            });
            s.legality.lapse_months = 1;
            s.returns.target_share = 0.3;
            s.returns.savings_target = 5000.0;
            s.age = Some(crate::model::Age {
                reunification_share: 0.5,
                reunification_after: 3,
                ..crate::model::Age::default()
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
                assert_eq!(oa.counters, ob.counters);
                assert_eq!(a.counts, a.recount());
            }
            assert!(oa.tally.temporary.iter().sum::<u32>() > 100, "K={k}");
            assert!(oa.tally.irregular.iter().sum::<u32>() > 10, "K={k}");
            assert_eq!(oa.counters.permits, ob.counters.permits);
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
