//! The aggregates of a step's moves: each thread sums the moves of a run
//! of blocks into its own [`Delta`] (counts as differences, and one table
//! per [`Counter`]), which [`merge`] then adds up in a fixed order into
//! the world and the [`StepOutcome`].
//!
//! A counter of moves is defined once, as a [`Counter`]: its table's size
//! ([`Counter::len`]) and where it goes in the outcome ([`Counter::of`])
//! are exhaustive matches, so a new one cannot be left out of clearing,
//! resetting or merging; [`Delta::record`] says which moves it counts.

use super::block::{ARRIVED_UNRECOGNISED, LEFT_UNRECOGNISED, Move, MoveKind};
use super::life::{Entry, MOTIVES, Motive, POSTING};
use super::outcome::StepOutcome;
use crate::policy::PolicyMonth;
use crate::world::life::Form;
use crate::world::{Counts, HIGH, World};

/// A table of move counts kept by a step, by (from, to) or by country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Counter {
    /// Moves by (from, to).
    Flows,
    /// Moves of high-skilled agents by (from, to).
    FlowsHigh,
    /// Returns (moves into the mover's origin) by country returned to.
    Returns,
    /// Returns by (from, to).
    ReturnFlows,
    /// High-skilled returns by (from, to).
    ReturnFlowsHigh,
    /// Moves of temporary workers by (from, to) (forms only).
    FlowsTemporary,
    /// Moves of seasonal workers by (from, to) (forms only).
    FlowsSeasonal,
    /// Moves entering irregularly by (from, to) (forms only).
    FlowsIrregular,
    /// Returns by motive and country returned to, [motive·K + to] (forms
    /// only).
    ReturnsByMotive,
    /// Permits granted by destination (forms only).
    Permits,
    /// Permit applicants refused (and staying) by destination (forms only).
    Refusals,
    /// Irregular entries by destination (forms only).
    IrregularEntries,
    /// Staff posted abroad by sender (forms only).
    PostingsOut,
    /// Staff posted here by receiver (forms only).
    PostingsIn,
}

impl Counter {
    /// Number of counters.
    const N: usize = 14;

    /// Every counter, in the order of their tables.
    const ALL: [Counter; Counter::N] = [
        Counter::Flows,
        Counter::FlowsHigh,
        Counter::Returns,
        Counter::ReturnFlows,
        Counter::ReturnFlowsHigh,
        Counter::FlowsTemporary,
        Counter::FlowsSeasonal,
        Counter::FlowsIrregular,
        Counter::ReturnsByMotive,
        Counter::Permits,
        Counter::Refusals,
        Counter::IrregularEntries,
        Counter::PostingsOut,
        Counter::PostingsIn,
    ];

    /// Length of the counter's table for `k` countries; `life`: whether
    /// the scenario uses forms (the tables of the life tags are empty
    /// otherwise).
    fn len(self, k: usize, life: bool) -> usize {
        let on = usize::from(life);
        match self {
            Counter::Flows | Counter::FlowsHigh | Counter::ReturnFlows => k * k,
            Counter::ReturnFlowsHigh => k * k,
            Counter::Returns => k,
            Counter::FlowsTemporary | Counter::FlowsSeasonal | Counter::FlowsIrregular => {
                on * k * k
            }
            Counter::ReturnsByMotive => on * MOTIVES * k,
            Counter::Permits | Counter::Refusals | Counter::IrregularEntries => on * k,
            Counter::PostingsOut | Counter::PostingsIn => on * k,
        }
    }

    /// The counter's table in the step's outcome.
    fn of(self, o: &mut StepOutcome) -> &mut Vec<u32> {
        match self {
            Counter::Flows => &mut o.flows,
            Counter::FlowsHigh => &mut o.flows_high,
            Counter::Returns => &mut o.returns,
            Counter::ReturnFlows => &mut o.return_flows,
            Counter::ReturnFlowsHigh => &mut o.return_flows_high,
            Counter::FlowsTemporary => &mut o.flows_temporary,
            Counter::FlowsSeasonal => &mut o.flows_seasonal,
            Counter::FlowsIrregular => &mut o.flows_irregular,
            Counter::ReturnsByMotive => &mut o.returns_by_motive,
            Counter::Permits => &mut o.permits,
            Counter::Refusals => &mut o.refusals,
            Counter::IrregularEntries => &mut o.irregular_entries,
            Counter::PostingsOut => &mut o.postings_out,
            Counter::PostingsIn => &mut o.postings_in,
        }
    }
}

/// What a run of blocks' moves change: the counts (as differences), the
/// unrecognised residents, one table per [`Counter`], the moves, and the
/// permit applicants by lane ([`PolicyMonth::lane`]) for the quotas.
#[derive(Debug, Default)]
pub(super) struct Delta {
    counts: Vec<i32>,
    brain_waste: Vec<i32>,
    tables: [Vec<u32>; Counter::N],
    moves: u64,
    applicants: Vec<u32>,
}

impl Delta {
    /// Zero differences for `k` countries and `lanes` permit lanes.
    pub(super) fn clear(&mut self, k: usize, life: bool, lanes: usize) {
        for c in Counter::ALL {
            reset(&mut self.tables[c as usize], c.len(k, life));
        }
        reset(&mut self.applicants, if life { lanes } else { 0 });
        self.counts.clear();
        self.counts.resize(k * k * 2, 0);
        self.brain_waste.clear();
        self.brain_waste.resize(k, 0);
        self.moves = 0;
    }

    /// Adds one to entry `i` of `counter`'s table.
    #[inline]
    fn add(&mut self, counter: Counter, i: usize) {
        self.tables[counter as usize][i] += 1;
    }

    /// Records move `m` in a world of `k` countries.
    #[inline]
    pub(super) fn record(&mut self, m: &Move, k: usize, policy: &PolicyMonth) {
        match m.kind {
            MoveKind::Flow => {}
            MoveKind::Refused => return self.refused(m, policy),
            MoveKind::Replaced => return self.shift_counts(m, k),
        }
        self.shift_counts(m, k);
        let f = m.from as usize * k + m.to as usize;
        self.add(Counter::Flows, f);
        let high = m.skill == HIGH;
        if high {
            self.add(Counter::FlowsHigh, f);
        }
        if m.to == m.origin {
            self.add(Counter::Returns, m.to as usize);
            self.add(Counter::ReturnFlows, f);
            if high {
                self.add(Counter::ReturnFlowsHigh, f);
            }
        }
        if m.recognition & ARRIVED_UNRECOGNISED != 0 {
            self.brain_waste[m.to as usize] += 1;
        }
        if m.form != Form::Permanent || m.motive != Motive::Decided || m.entry != Entry::Free {
            self.record_life(m, k, f, policy);
        }
        self.moves += 1;
    }

    /// A refused permit applicant (counted; not a move).
    #[cold]
    fn refused(&mut self, m: &Move, policy: &PolicyMonth) {
        self.add(Counter::Refusals, m.to as usize);
        self.applicant(m, policy);
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
    fn applicant(&mut self, m: &Move, policy: &PolicyMonth) {
        let lane = policy.lane(m.origin as usize, m.skill, m.to as usize);
        self.applicants[lane] += 1;
    }

    /// The life tags of a move: its form, motive and entry.
    #[cold]
    fn record_life(&mut self, m: &Move, k: usize, f: usize, policy: &PolicyMonth) {
        match m.form {
            Form::Temporary => self.add(Counter::FlowsTemporary, f),
            Form::Seasonal => self.add(Counter::FlowsSeasonal, f),
            // A commuter lives at home and never moves as one.
            Form::Permanent | Form::Commuter => {}
        }
        if m.to == m.origin {
            self.add(
                Counter::ReturnsByMotive,
                m.motive as usize * k + m.to as usize,
            );
        }
        if m.motive == POSTING {
            self.add(Counter::PostingsOut, m.from as usize);
            self.add(Counter::PostingsIn, m.to as usize);
        }
        match m.entry {
            Entry::Permit => {
                self.add(Counter::Permits, m.to as usize);
                self.applicant(m, policy);
            }
            Entry::Irregular => {
                self.add(Counter::FlowsIrregular, f);
                self.add(Counter::IrregularEntries, m.to as usize);
                self.applicant(m, policy);
            }
            Entry::Free => {}
        }
    }
}

/// Adds the `deltas` of a step, in order, to the world's counts and
/// unrecognised residents, to the tables and moves of `outcome` (reset
/// first), and, with forms (`life`), into `applicants` by lane (reset to
/// `lanes` entries). Integer sums: the result does not depend on how the
/// blocks were shared.
pub(super) fn merge(
    deltas: &[Delta],
    world: &mut World,
    outcome: &mut StepOutcome,
    (life, lanes): (bool, usize),
    applicants: &mut Vec<u32>,
) {
    let k = world.num_countries();
    for d in deltas {
        world.counts.apply(&d.counts);
        for (w, &dw) in world.brain_waste.iter_mut().zip(&d.brain_waste) {
            *w = w.wrapping_add_signed(dw as i64);
        }
    }
    outcome.moves = deltas.iter().map(|d| d.moves).sum();
    for c in Counter::ALL {
        let out = c.of(outcome);
        reset(out, c.len(k, life));
        for d in deltas {
            add_to(out, &d.tables[c as usize]);
        }
    }
    if life {
        reset(applicants, lanes);
        for d in deltas {
            add_to(applicants, &d.applicants);
        }
    }
}

fn add_to(total: &mut [u32], part: &[u32]) {
    for (t, &p) in total.iter_mut().zip(part) {
        *t += p;
    }
}

/// Empties `v` and fills it with `len` zeros (keeping its allocation).
pub(super) fn reset(v: &mut Vec<u32>, len: usize) {
    v.clear();
    v.resize(len, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_is_listed_once_and_has_its_own_table_in_the_outcome() {
        let mut o = StepOutcome::default();
        for (i, c) in Counter::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i, "{c:?} out of order");
            reset(c.of(&mut o), 1 + i);
        }
        for (i, c) in Counter::ALL.into_iter().enumerate() {
            assert_eq!(c.of(&mut o).len(), 1 + i, "{c:?} shares a table");
        }
    }
}
