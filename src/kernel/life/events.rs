//! The life events of an agent at the end of a step ([`Rules::event`]):
//! detection of irregular workers and its outcomes, permits lapsing,
//! permanent residence, target earners' savings, contracts and seasons;
//! and postings abroad by employers ([`Rules::post`]) and ageing
//! ([`Rules::grow_older`]).

use super::{
    CONTRACT_END, Columns, EXPELLED, Event, LAPSE, LEAVE_ORDER, Rules, SAVINGS_TARGET, SEASON_END,
    SEASON_START, Tally, go_home,
};
use crate::rng::{Purpose, Stream};
use crate::world::life::{
    COMMUTER, IRREGULAR, PERMANENT, PERMIT, POSTED, RESIDENT, SEASONAL, TEMPORARY,
};
use crate::world::{CountryId, HIGH, SKILL_MASK, UNRECOGNISED};

impl Rules<'_> {
    /// The life events of agent `i` of the block (global index `agent`),
    /// living in `c`, born in `o`, with skill byte `skill`, at the end of
    /// the step: updates its columns, counts what happened in `tally`, and
    /// returns the move it makes, if any.
    #[inline]
    pub fn event(
        &self,
        l: &mut Columns<'_>,
        i: usize,
        (c, o, skill): (CountryId, CountryId, u8),
        agent: usize,
        tally: &mut Tally,
    ) -> Option<Event> {
        let cu = c as usize;
        if l.ban[i] > 0 {
            l.ban[i] -= 1;
        }
        let mut stream = Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Life);
        if c != o {
            l.stay[i] = l.stay[i].saturating_add(1);
            let status = l.status[i];
            let minor = self
                .age
                .is_some_and(|a| u32::from(l.age[i]) < a.liable_from);
            if let Some(a) = &self.age
                && !status.intersects(IRREGULAR)
                && u32::from(l.stay[i]) == a.reunification_after
                && l.form[i] != SEASONAL
                && self.family[cu]
                && stream.uniform() < a.reunification_share
            {
                tally.reunifications[cu] += 1;
            }
            if status.intersects(IRREGULAR) && self.inspection[cu] > 0.0 {
                // Employer sanctions: the worker's employer is inspected
                // and fined for it (the worker is not thereby detected:
                // ILO C143 Art. 9; see docs/policy.md).
                if stream.uniform() < self.inspection[cu] {
                    tally.found_at_work[cu] += 1;
                }
            }
            if status.intersects(IRREGULAR) && !minor {
                if stream.uniform() < self.detection[cu] {
                    let u = stream.uniform();
                    if u < self.outcome[cu][0] {
                        l.status[i] = PERMIT;
                        l.idle[i] = 0;
                        tally.legalised[cu] += 1;
                    } else {
                        let motive = if u < self.outcome[cu][1] {
                            tally.ordered_to_leave[cu] += 1;
                            LEAVE_ORDER
                        } else {
                            tally.expelled[cu] += 1;
                            l.ban[i] = self.ban_months[cu];
                            l.barred[i] = c;
                            EXPELLED
                        };
                        return Some(go_home(l, i, o, motive));
                    }
                }
            } else if status.intersects(PERMIT) {
                if self.c97[cu] && u32::from(l.stay[i]) >= self.legality.permanent_after_months {
                    l.status[i] = RESIDENT;
                    tally.residence_granted[cu] += 1;
                } else if !self.c143[cu] {
                    if stream.uniform() < self.unemployment[cu] {
                        l.idle[i] = l.idle[i].saturating_add(1);
                    } else {
                        l.idle[i] = 0;
                    }
                    if u32::from(l.idle[i]) >= self.legality.lapse_months {
                        tally.lapses[cu] += 1;
                        l.idle[i] = 0;
                        if stream.uniform() < self.legality.lapse_leave_share {
                            return Some(go_home(l, i, o, LAPSE));
                        }
                        l.status[i] = IRREGULAR;
                    }
                }
            }
            if l.savings[i] >= 0.0 {
                let s = if skill & SKILL_MASK == HIGH && skill & UNRECOGNISED == 0 {
                    1
                } else {
                    0
                };
                let mut earned = self.wage[s][cu] * (1.0 - self.unemployment[cu]);
                if let Some(d) = &self.migrant_discount {
                    earned *= 1.0 - d[(o as usize, cu)];
                }
                if l.status[i].intersects(IRREGULAR) {
                    earned *= 1.0 - self.irregular_discount[cu];
                }
                let saved = f64::from(l.savings[i]) + self.returns.saving_rate * earned;
                l.savings[i] = saved as f32;
                if saved >= self.returns.savings_target {
                    return Some(go_home(l, i, o, SAVINGS_TARGET));
                }
                tally.target_earners[cu] += 1;
            }
        }
        match l.form[i] {
            TEMPORARY => {
                // The clock counts the months abroad, this one included;
                // a contract of L months ends in the month after the L-th.
                l.clock[i] = l.clock[i].saturating_add(1);
                let posted = l.status[i].intersects(POSTED);
                let length = if posted {
                    self.posting_months[(o as usize, cu)]
                } else {
                    self.forms.contract_months
                };
                if u32::from(l.clock[i]) <= length {
                    return None;
                }
                if !posted
                    && self.forms.renewal_probability > 0.0
                    && stream.uniform() < self.forms.renewal_probability
                {
                    l.clock[i] = 1;
                    tally.renewals[cu] += 1;
                    None
                } else {
                    Some(go_home(l, i, o, CONTRACT_END))
                }
            }
            SEASONAL => {
                let place = l.place[i];
                let season = self.in_season(place);
                if season && c == o {
                    l.stay[i] = 0;
                    Some(Event {
                        to: place,
                        form: SEASONAL,
                        motive: SEASON_START,
                    })
                } else if !season && c != o {
                    Some(Event {
                        to: o,
                        form: SEASONAL,
                        motive: SEASON_END,
                    })
                } else {
                    None
                }
            }
            PERMANENT | COMMUTER => None,
        }
    }

    /// Whether agent `i` of the block (global index `agent`), a native of
    /// `o` living at home with skill byte `skill`, is posted abroad by its
    /// employer this step: for a high-skilled permanent resident of a
    /// sender, one draw from its own stream against the cumulative chances
    /// of the sender's flows. A posted agent becomes a temporary worker
    /// with the [`POSTED`] status (its month abroad counted) and the
    /// receiver is returned: the caller moves it there.
    #[inline]
    pub fn post(
        &self,
        l: &mut Columns<'_>,
        i: usize,
        (o, skill): (CountryId, u8),
        agent: usize,
    ) -> Option<CountryId> {
        if !self.postable(l, i, (o, skill)) {
            return None;
        }
        let flows = self.posting.get(o as usize)?;
        let u = Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Posting).uniform();
        let &(to, _) = flows.iter().find(|&&(_, p)| u < p)?;
        if l.ban[i] > 0 && l.barred[i] == to {
            // A re-entry ban bars a posting there too.
            return None;
        }
        l.reset(i);
        l.form[i] = TEMPORARY;
        l.status[i] = POSTED;
        l.clock[i] = 1;
        Some(to)
    }

    /// Whether agents grow a year older this step (each January, with ages).
    pub fn ageing(&self) -> bool {
        self.age.is_some() && self.month == 1
    }

    /// Agent `i`, born in `o`, grows a year older; at retirement it is
    /// replaced by a young native of `o` (columns reset, counted in
    /// `tally`) and this returns true: the caller moves it home.
    #[inline]
    pub fn grow_older(
        &self,
        l: &mut Columns<'_>,
        i: usize,
        o: CountryId,
        tally: &mut Tally,
    ) -> bool {
        let Some(a) = &self.age else {
            return false;
        };
        l.age[i] = l.age[i].saturating_add(1);
        if u32::from(l.age[i]) < a.retire_at {
            return false;
        }
        if self.exits {
            // Leaves working age at the end of the month (demography).
            l.age[i] = crate::kernel::demography::EXIT_MARK;
            return true;
        }
        l.age[i] = a.working_from.min(u8::MAX as u32) as u8;
        l.reset(i);
        l.ban[i] = 0;
        tally.replacements[o as usize] += 1;
        true
    }
}
