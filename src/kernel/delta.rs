//! The aggregates of a step's moves: each thread sums the moves of a run
//! of blocks into its own [`Delta`] (counts as differences, and the
//! step's [`Counters`]), which [`merge`] then adds up in a fixed order
//! into the world and the [`StepOutcome`].
//!
//! The tables of counts are defined once, with [`Counters`] (clearing and
//! adding come with them); [`Delta::record`] says which moves each counts.

use super::block::{ARRIVED_UNRECOGNISED, LEFT_UNRECOGNISED, Move, MoveKind};
use super::life::{Entry, Motive, POSTING};
use super::outcome::{Counters, StepOutcome};
use crate::policy::PolicyMonth;
use crate::world::life::Form;
use crate::world::{HIGH, Square, World};

/// What a run of blocks' moves change: the counts (as differences), the
/// unrecognised residents, the [`Counters`], the moves, and the permit
/// applicants by lane ([`PolicyMonth::lane`]) for the quotas.
#[derive(Debug, Default)]
pub(super) struct Delta {
    counts: Square<[i32; 2]>,
    brain_waste: Vec<i32>,
    tables: Counters,
    moves: u64,
    applicants: Vec<u32>,
}

impl Delta {
    /// Zero differences for `k` countries and `lanes` permit lanes.
    pub(super) fn clear(&mut self, k: usize, life: bool, lanes: usize) {
        self.tables.clear(k, life);
        reset(&mut self.applicants, if life { lanes } else { 0 });
        self.counts.reset(k, k, [0; 2]);
        self.brain_waste.clear();
        self.brain_waste.resize(k, 0);
        self.moves = 0;
    }

    /// Records move `m` in a world of `k` countries.
    #[inline]
    pub(super) fn record(&mut self, m: &Move, policy: &PolicyMonth) {
        match m.kind {
            MoveKind::Flow => {}
            MoveKind::Refused => return self.refused(m, policy),
            MoveKind::Replaced => return self.shift_counts(m),
        }
        self.shift_counts(m);
        let f = (m.from as usize, m.to as usize);
        let t = &mut self.tables;
        t.flows[f] += 1;
        let high = m.skill == HIGH;
        if high {
            t.flows_high[f] += 1;
        }
        if m.to == m.origin {
            t.returns[f.1] += 1;
            t.return_flows[f] += 1;
            if high {
                t.return_flows_high[f] += 1;
            }
        }
        if m.recognition & ARRIVED_UNRECOGNISED != 0 {
            self.brain_waste[m.to as usize] += 1;
        }
        if m.form != Form::Permanent || m.motive != Motive::Decided || m.entry != Entry::Free {
            self.record_life(m, f, policy);
        }
        self.moves += 1;
    }

    /// A refused permit applicant (counted; not a move).
    #[cold]
    fn refused(&mut self, m: &Move, policy: &PolicyMonth) {
        self.tables.refusals[m.to as usize] += 1;
        self.applicant(m, policy);
    }

    /// The agent of `m` leaves its cell of the counts for the one it
    /// enters, and the unrecognised residents of the country it left.
    #[inline]
    fn shift_counts(&mut self, m: &Move) {
        let (o, s) = (m.origin as usize, m.skill as usize);
        self.counts[(o, m.from as usize)][s] -= 1;
        self.counts[(o, m.to as usize)][s] += 1;
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
    fn record_life(&mut self, m: &Move, f: (usize, usize), policy: &PolicyMonth) {
        let t = &mut self.tables;
        match m.form {
            Form::Temporary => t.flows_temporary[f] += 1,
            Form::Seasonal => t.flows_seasonal[f] += 1,
            // A commuter lives at home and never moves as one.
            Form::Permanent | Form::Commuter => {}
        }
        if m.to == m.origin {
            t.returns_by_motive[(m.motive as usize, f.1)] += 1;
        }
        if m.motive == POSTING {
            t.postings_out[f.0] += 1;
            t.postings_in[f.1] += 1;
        }
        match m.entry {
            Entry::Permit => {
                t.permits[f.1] += 1;
                self.applicant(m, policy);
            }
            Entry::Irregular => {
                t.flows_irregular[f] += 1;
                t.irregular_entries[f.1] += 1;
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
    outcome.counters.clear(k, life);
    for d in deltas {
        outcome.counters += &d.tables;
    }
    if life {
        reset(applicants, lanes);
        for d in deltas {
            for (t, &p) in applicants.iter_mut().zip(&d.applicants) {
                *t += p;
            }
        }
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
    use crate::model::synthetic::reference_scenario;

    #[test]
    fn a_return_is_counted_in_its_tables_and_shifts_its_cell_of_the_counts() {
        let s = reference_scenario(100, 3, 12, 1);
        let policy = PolicyMonth::at(&s, s.date_of_step(0));
        let mut d = Delta::default();
        d.clear(3, true, policy.num_lanes());
        let m = Move {
            origin: 2,
            from: 0,
            to: 2,
            skill: HIGH,
            recognition: 0,
            form: Form::Temporary,
            motive: Motive::ContractEnd,
            entry: Entry::Free,
            kind: MoveKind::Flow,
        };
        d.record(&m, &policy);
        let t = &d.tables;
        for table in [
            &t.flows,
            &t.flows_high,
            &t.return_flows,
            &t.return_flows_high,
        ] {
            assert_eq!(table[(0, 2)], 1);
            assert_eq!(table.as_slice().iter().sum::<u32>(), 1);
        }
        assert_eq!(t.flows_temporary[(0, 2)], 1);
        assert_eq!(t.flows_seasonal.as_slice().iter().sum::<u32>(), 0);
        assert_eq!(t.returns, vec![0, 0, 1]);
        assert_eq!(t.returns_for(Motive::ContractEnd), &[0, 0, 1]);
        assert_eq!(t.returns_for(Motive::Decided), &[0, 0, 0]);
        assert_eq!(t.permits, vec![0; 3]);
        assert_eq!(d.counts[(2, 0)], [0, -1]);
        assert_eq!(d.counts[(2, 2)], [0, 1]);
        assert_eq!(d.moves, 1);
    }
}
