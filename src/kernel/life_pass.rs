//! The life pass of a step (only when the scenario uses forms): after the
//! decisions and the displacement, every block runs its agents' life events
//! (enforcement, permits, contracts, seasons, postings, ageing) in
//! parallel, appending the moves to the block's buffer, and counts the
//! agents by state.

use rayon::prelude::*;

use super::block::{Arrival, Move, Relocate};
use super::life::{DECIDED, Event, POSTING, QUIET_RUN, REPLACED, Rules, Tally};
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
