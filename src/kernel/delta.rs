//! The aggregates of a step's moves: each thread sums the moves of a run
//! of blocks into its own [`Delta`] (counts as differences, flows,
//! returns, entries), which the step then adds up in a fixed order.

use super::block::{ARRIVED_UNRECOGNISED, LEFT_UNRECOGNISED, Move, MoveKind};
use super::life::{Entry, MOTIVES, Motive, POSTING};
use crate::policy::PolicyMonth;
use crate::world::Counts;
use crate::world::life::Form;

/// What a run of blocks' moves change: the counts (as differences), the
/// flows and the returns.
#[derive(Debug, Default)]
pub(super) struct Delta {
    pub(super) counts: Vec<i32>,
    pub(super) flows: Vec<u32>,
    pub(super) flows_high: Vec<u32>,
    pub(super) returns: Vec<u32>,
    pub(super) return_flows: Vec<u32>,
    pub(super) return_flows_high: Vec<u32>,
    pub(super) brain_waste: Vec<i32>,
    pub(super) moves: u64,
    /// Temporary, seasonal and irregular flows, [kind][from·K + to] (kept
    /// only when the scenario uses forms).
    pub(super) form_flows: Vec<u32>,
    /// Returns by motive, [motive][to].
    pub(super) motive_returns: Vec<u32>,
    /// Permits, refusals, irregular entries, postings out (by `from`) and
    /// postings in (by `to`), [kind][country]; then permit applicants by
    /// lane ([`PolicyMonth::lane`]), for the quotas.
    pub(super) entries: Vec<u32>,
}

impl Delta {
    pub(super) fn clear(&mut self, k: usize, life: bool, lanes: usize) {
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
    pub(super) fn record(&mut self, m: &Move, k: usize, policy: &PolicyMonth) {
        match m.kind {
            MoveKind::Flow => {}
            MoveKind::Refused => return self.refused(m, k, policy),
            MoveKind::Replaced => return self.shift_counts(m, k),
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
        if m.form != Form::Permanent || m.motive != Motive::Decided || m.entry != Entry::Free {
            self.record_life(m, k, f, policy);
        }
        self.moves += 1;
    }

    /// A refused permit applicant (counted; not a move).
    #[cold]
    fn refused(&mut self, m: &Move, k: usize, policy: &PolicyMonth) {
        self.entries[k + m.to as usize] += 1;
        self.applicant(m, k, policy);
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
        match m.form {
            Form::Temporary => self.form_flows[f] += 1,
            Form::Seasonal => self.form_flows[k * k + f] += 1,
            // A commuter lives at home and never moves as one.
            Form::Permanent | Form::Commuter => {}
        }
        if m.to == m.origin {
            self.motive_returns[m.motive as usize * k + m.to as usize] += 1;
        }
        if m.motive == POSTING {
            self.entries[3 * k + m.from as usize] += 1;
            self.entries[4 * k + m.to as usize] += 1;
        }
        match m.entry {
            Entry::Permit => {
                self.entries[m.to as usize] += 1;
                self.applicant(m, k, policy);
            }
            Entry::Irregular => {
                self.form_flows[2 * k * k + f] += 1;
                self.entries[2 * k + m.to as usize] += 1;
                self.applicant(m, k, policy);
            }
            Entry::Free => {}
        }
    }
}

pub(super) fn add_to(total: &mut [u32], part: &[u32]) {
    for (t, &p) in total.iter_mut().zip(part) {
        *t += p;
    }
}

pub(super) fn reset(v: &mut Vec<u32>, len: usize) {
    v.clear();
    v.resize(len, 0);
}
