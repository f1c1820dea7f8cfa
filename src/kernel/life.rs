//! Forms of migration by duration (MODEL.md §2) in the kernel: the rules
//! that settle the form of a chosen stay (permanent, temporary contract,
//! seasonal work, daily commuting), and the per-block life pass that runs
//! after the decisions of a step — contracts end or are renewed, seasonal
//! workers leave at the start of their season and come home at its end —
//! and counts the agents in each form.
//!
//! Every random number comes from the agent's own stream (seed, step,
//! agent), and every count is an integer sum, so nothing depends on how the
//! blocks are shared among threads.

use std::ops::AddAssign;

use crate::rng::{Purpose, Stream};
use crate::scenario::{Forms, Scenario, Season};
use crate::world::CountryId;
use crate::world::life::{COMMUTER, Form, PERMANENT, SEASONAL, TEMPORARY};

/// Why a move took place ([`super::Move::motive`]).
pub type Motive = u8;
/// The decision rule (every move that is not one of the others).
pub const DECIDED: Motive = 0;
/// A temporary contract ended without renewal: the worker goes home.
pub const CONTRACT_END: Motive = 1;
/// A seasonal worker's season ended: the worker goes home.
pub const SEASON_END: Motive = 2;
/// A seasonal worker's season began: the worker goes to work abroad.
pub const SEASON_START: Motive = 3;

/// What a step needs to settle forms and run the life pass.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    forms: &'a Forms,
    /// The season of each country, if it has one.
    season: Vec<Option<Season>>,
    /// Whether a worker at home in c may commute to j, [c·K + j].
    commute: Vec<bool>,
    k: usize,
    /// Calendar month of the step (1-12).
    month: u8,
    seed: u64,
    t: u32,
}

/// The outcome of settling a decision of an agent that has life columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// No move (stays, starts commuting, or is hired for a season that
    /// begins later or this month: the life pass moves it).
    Stay,
    /// Moves to the chosen country in this form.
    Move(Form),
}

impl<'a> Rules<'a> {
    /// The rules of `scenario` at step `t`.
    pub fn new(scenario: &'a Scenario, t: u32) -> Rules<'a> {
        let k = scenario.num_countries();
        let mut season = vec![None; k];
        for s in &scenario.seasons {
            season[s.country] = Some(*s);
        }
        let f = &scenario.forms;
        let on = f.commuting_km > 0.0 && f.commuting_share > 0.0;
        let commute = (0..k * k)
            .map(|x| on && x / k != x % k && scenario.distance(x / k, x % k) <= f.commuting_km)
            .collect();
        Rules {
            forms: f,
            season,
            commute,
            k,
            month: scenario.date_of_step(t).month,
            seed: scenario.simulation.seed,
            t,
        }
    }

    /// Whether an agent in `form` living in `residence`, born in `origin`,
    /// is bound where it is and does not reconsider (on a contract, or
    /// abroad for a season).
    #[inline]
    pub fn bound(form: Form, residence: CountryId, origin: CountryId) -> bool {
        (form == TEMPORARY || form == SEASONAL) && residence != origin
    }

    /// Whether commuting from `home` to `work` is within the distance.
    pub fn can_commute(&self, home: usize, work: usize) -> bool {
        self.commute[home * self.k + work]
    }

    /// Settles the decision of agent `agent` (global index), not bound, in
    /// `form` (with `place`), living in `c`, born in `o`, that chose `j`:
    /// updates its form, clock and place and says whether it moves.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn settle(
        &self,
        form: &mut Form,
        clock: &mut u16,
        place: &mut CountryId,
        c: CountryId,
        o: CountryId,
        j: CountryId,
        agent: usize,
    ) -> Settled {
        if j == c {
            // Choosing to stay where one lives ends commuting and seasonal
            // work (the worker chooses home over the job abroad).
            if *form == COMMUTER || *form == SEASONAL {
                *form = PERMANENT;
            }
            return Settled::Stay;
        }
        let mut stream = Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Form);
        if c == o {
            if self.can_commute(c as usize, j as usize)
                && stream.uniform() < self.forms.commuting_share
            {
                *form = COMMUTER;
                *place = j;
                return Settled::Stay;
            }
            if let Some(s) = self.season[j as usize]
                && stream.uniform() < s.share
            {
                *form = SEASONAL;
                *place = j;
                return Settled::Stay;
            }
        }
        if j != o && stream.uniform() < self.forms.temporary_share {
            *form = TEMPORARY;
            *clock = 0;
        } else {
            *form = PERMANENT;
        }
        Settled::Move(*form)
    }

    /// Whether `country` is in its season this month.
    #[inline]
    pub fn in_season(&self, country: CountryId) -> bool {
        self.season[country as usize].is_some_and(|s| s.contains(self.month))
    }

    /// The life event of agent `agent` (global index) in `form`, living in
    /// `c`, born in `o`, at the end of the step: returns where it moves (if
    /// anywhere), why, and whether a contract was renewed.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn event(
        &self,
        form: &mut Form,
        clock: &mut u16,
        place: CountryId,
        c: CountryId,
        o: CountryId,
        agent: usize,
    ) -> Event {
        match *form {
            TEMPORARY => {
                // The clock counts the months abroad, this one included;
                // a contract of L months ends in the month after the L-th.
                *clock = clock.saturating_add(1);
                if u32::from(*clock) <= self.forms.contract_months {
                    return Event::None;
                }
                let renew = self.forms.renewal_probability > 0.0
                    && Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Life).uniform()
                        < self.forms.renewal_probability;
                if renew {
                    *clock = 1;
                    Event::Renewed
                } else {
                    *form = PERMANENT;
                    Event::Move(o, TEMPORARY, CONTRACT_END)
                }
            }
            SEASONAL => {
                let season = self.in_season(place);
                if season && c == o {
                    Event::Move(place, SEASONAL, SEASON_START)
                } else if !season && c != o {
                    Event::Move(o, SEASONAL, SEASON_END)
                } else {
                    Event::None
                }
            }
            _ => Event::None,
        }
    }
}

/// A life event at the end of a step ([`Rules::event`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Nothing happens.
    None,
    /// A contract was renewed.
    Renewed,
    /// The agent moves to a country, in a form, for a motive.
    Move(CountryId, Form, Motive),
}

/// Agents by form and country after a step, and the contract renewals of
/// the step: integer counts, summed over blocks in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Temporary workers by country of residence.
    pub temporary: Vec<u32>,
    /// Seasonal workers abroad by country of residence (their season's
    /// country).
    pub seasonal_abroad: Vec<u32>,
    /// Seasonal workers at home (between seasons) by origin.
    pub seasonal_at_home: Vec<u32>,
    /// Daily commuters by country of work.
    pub commuters_in: Vec<u32>,
    /// Daily commuters by country of residence (their origin).
    pub commuters_out: Vec<u32>,
    /// Contracts renewed by country of residence.
    pub renewals: Vec<u32>,
}

impl Tally {
    /// Zero counts for `k` countries.
    pub fn new(k: usize) -> Tally {
        Tally {
            temporary: vec![0; k],
            seasonal_abroad: vec![0; k],
            seasonal_at_home: vec![0; k],
            commuters_in: vec![0; k],
            commuters_out: vec![0; k],
            renewals: vec![0; k],
        }
    }

    /// Counts one agent after its life event.
    #[inline]
    pub fn count(&mut self, form: Form, residence: CountryId, origin: CountryId, place: CountryId) {
        let r = residence as usize;
        match form {
            TEMPORARY => self.temporary[r] += 1,
            SEASONAL if residence != origin => self.seasonal_abroad[r] += 1,
            SEASONAL => self.seasonal_at_home[r] += 1,
            COMMUTER => {
                self.commuters_in[place as usize] += 1;
                self.commuters_out[r] += 1;
            }
            _ => {}
        }
    }
}

fn add(a: &mut [u32], b: &[u32]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, o: &Tally) {
        add(&mut self.temporary, &o.temporary);
        add(&mut self.seasonal_abroad, &o.seasonal_abroad);
        add(&mut self.seasonal_at_home, &o.seasonal_at_home);
        add(&mut self.commuters_in, &o.commuters_in);
        add(&mut self.commuters_out, &o.commuters_out);
        add(&mut self.renewals, &o.renewals);
    }
}
