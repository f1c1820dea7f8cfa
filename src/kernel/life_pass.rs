//! The life pass of a step (only when the scenario uses forms): after the
//! decisions and the displacement, every block runs its agents' life events
//! (enforcement, permits, contracts, seasons, postings, ageing) in
//! parallel, appending the moves to the block's buffer, and counts the
//! agents by state.

use rayon::prelude::*;

use super::block::{Arrival, Move, MoveKind, Relocate};
use super::life::{DECIDED, Entry, Event, POSTING, QUIET_RUN, Rules, Tally};
use crate::world::life::{Columns, PERMANENT, TEMPORARY};
use crate::world::{Block, World};

/// The life pass of a step (only when the scenario uses forms): every
/// block, in parallel, runs [`Live::live`], appending its moves to its own
/// buffer; the counts by form are summed (integers, in any order).
pub(super) fn life_pass(
    world: &mut World,
    block_moves: &mut [Vec<Move>],
    arrival: Arrival<'_>,
    rules: &Rules<'_>,
) -> Tally {
    let k = world.num_countries();
    world
        .blocks()
        .into_par_iter()
        .zip(block_moves.par_iter_mut())
        .fold(
            || Tally::new(k),
            |mut tally, (mut block, moves)| {
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

/// The life pass of one block.
trait Live {
    /// The life pass of the block at the end of a step.
    fn live(
        &mut self,
        rules: &Rules<'_>,
        arrival: &Arrival<'_>,
        moves: &mut Vec<Move>,
        tally: &mut Tally,
    );
    /// The life pass of agent `i` of the block.
    fn live_one(
        &mut self,
        l: &mut Columns<'_>,
        i: usize,
        ageing: bool,
        rules: (&Rules<'_>, &Arrival<'_>),
        moves: &mut Vec<Move>,
        tally: &mut Tally,
    );
}

impl Live for Block<'_> {
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
            if !ageing
                && let Some(mut mask) = rules.busy_mask(&l, start, (self.res, self.org, self.skl))
            {
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
            self.shift(
                i,
                o,
                (PERMANENT, DECIDED, Entry::Free, MoveKind::Replaced),
                arrival,
                moves,
            );
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
            self.shift(
                i,
                to,
                (TEMPORARY, POSTING, Entry::Free, MoveKind::Flow),
                &own,
                moves,
            );
            tally.count(l, i, to, o);
            return;
        }
        if !rules.busy(l, i, c, o) {
            return;
        }
        if let Some(Event { to, form, motive }) =
            rules.event(l, i, (c, o, self.skl[i]), self.first + i, tally)
        {
            self.shift(
                i,
                to,
                (form, motive, Entry::Free, MoveKind::Flow),
                arrival,
                moves,
            );
        }
        tally.count(l, i, self.res[i], o);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::life::{QUIET_RUN, Rules};
    use crate::economy::country_state_in;
    use crate::model::synthetic::reference_scenario;
    use crate::model::{Age, CapitalFlow, Scenario};
    use crate::policy::PolicyMonth;
    use crate::world::layout::build_world;
    use crate::world::life::{Columns, Form, Status};

    const K: usize = 4;

    /// A small world with forms, where `saving` makes target earners
    /// possible, `stay` counts every migrant's months abroad, and `posting`
    /// has country 0 post staff to country 1 this month.
    fn scenario(saving: bool, stay: bool, posting: bool) -> Scenario {
        let mut s = reference_scenario(2_000, K, 12, 7);
        s.forms.temporary_share = 0.5;
        if saving {
            s.returns.target_share = 0.5;
            s.returns.savings_target = 1000.0;
        }
        if stay {
            s.age = Some(Age {
                reunification_share: 0.5,
                reunification_after: 3,
                ..Age::default()
            });
        }
        if posting {
            s.capital_flows.push(CapitalFlow {
                from: 0,
                to: 1,
                amount: 10_000.0,
                start: s.simulation.start,
                end: s.simulation.start,
                postings: 1.0,
                posting_months: Some(6),
            });
        }
        s
    }

    /// One agent's columns: form code, status bits, ban, savings,
    /// residence, origin, skill byte.
    type Agent = (u8, u8, u16, f32, u16, u16, u8);

    fn agent() -> impl Strategy<Value = Agent> {
        (
            0u8..4,
            0u8..16,
            prop::sample::select(vec![0u16, 1, 7]),
            prop::sample::select(vec![-1.0f32, 0.0, 250.0]),
            0..K as u16,
            0..K as u16,
            0u8..4,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// The life pass skips runs of agents by [`Rules::busy_mask`] (a
        /// vectorised rule) and visits single agents by [`Rules::visits`]
        /// (the scalar rules `busy` and `postable`): on random agents under
        /// every switch of the rules, the two agree bit for bit.
        #[test]
        fn the_vectorised_skip_agrees_with_the_scalar_rules(
            (saving, stay, posting) in (any::<bool>(), any::<bool>(), any::<bool>()),
            agents in prop::collection::vec(agent(), QUIET_RUN),
        ) {
            let s = scenario(saving, stay, posting);
            let world = build_world(&s).expect("the test world builds");
            let policy = PolicyMonth::at(&s, s.date_of_step(0));
            let residents = world.counts.residents();
            let state = country_state_in(&s, 0, residents, &world.initial_residents, &policy);
            let rules = Rules::new(
                &s,
                0,
                (&state, &policy),
                &[],
                world.people_per_agent,
                &world.counts,
            );
            let mut form: Vec<Form> = agents
                .iter()
                .map(|a| Form::try_from(a.0).expect("codes 0..4 are forms"))
                .collect();
            let mut status: Vec<Status> = agents.iter().map(|a| Status::from_bits(a.1)).collect();
            let mut ban: Vec<u16> = agents.iter().map(|a| a.2).collect();
            // Savings are kept (≥ 0) only for target earners, who exist
            // only when the scenario makes them possible.
            let mut savings: Vec<f32> = agents
                .iter()
                .map(|a| if saving { a.3 } else { -1.0 })
                .collect();
            let res: Vec<u16> = agents.iter().map(|a| a.4).collect();
            let org: Vec<u16> = agents.iter().map(|a| a.5).collect();
            let skl: Vec<u8> = agents.iter().map(|a| a.6).collect();
            let (mut clock, mut stay_m, mut ban_c) = (vec![0u16; QUIET_RUN], vec![0u16; QUIET_RUN], vec![0u16; QUIET_RUN]);
            let (mut place, mut idle, mut age) = (vec![0u16; QUIET_RUN], vec![0u8; QUIET_RUN], vec![30u8; QUIET_RUN]);
            let l = Columns {
                form: &mut form,
                clock: &mut clock,
                place: &mut place,
                status: &mut status,
                stay: &mut stay_m,
                idle: &mut idle,
                ban: &mut ban,
                barred: &mut ban_c,
                savings: &mut savings,
                age: &mut age,
            };
            let mask = rules
                .busy_mask(&l, 0, (&res, &org, &skl))
                .expect("a whole run");
            for i in 0..QUIET_RUN {
                let scalar = rules.visits(&l, i, (res[i], org[i], skl[i]));
                prop_assert_eq!(mask >> i & 1 == 1, scalar, "agent {}: {:?}", i, agents[i]);
            }
            // Past the end of the columns there is no whole run to skip.
            prop_assert_eq!(rules.busy_mask(&l, 1, (&res, &org, &skl)), None);
        }
    }
}
