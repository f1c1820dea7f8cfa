//! The migrant's life in the kernel (docs/model.md §2, §5): the rules that
//! settle the form of a chosen stay (permanent, temporary contract,
//! seasonal work, daily commuting) and its legality (permit within a
//! quota, irregular entry, refusal), and the per-block life pass that runs
//! after the decisions of a step — detection of irregular workers and its
//! outcomes, permits lapsing after unemployment (ILO C143 off), permanent
//! residence after a qualifying period (C97), contracts ending or renewed,
//! seasonal workers leaving at the start of their season and coming home
//! at its end — and counts the agents in each state.
//!
//! Every random number comes from the agent's own stream (seed, step,
//! agent), and every count is an integer sum, so nothing depends on how the
//! blocks are shared among threads.

use crate::economy::CountryState;
use crate::model::{Age, EntryRule, Forms, Legality, Returns, Scenario, Season};
use crate::policy::PolicyMonth;
use crate::rng::{Purpose, Stream};
use crate::world::life::{
    COMMUTER, Form, IRREGULAR, PERMANENT, PERMIT, SEASONAL, Status, TEMPORARY,
};
use crate::world::{CountryId, Counts, Square};
use crate::world::{HIGH, SKILL_MASK};

mod events;
mod tags;
mod tally;

pub use tags::{
    CONTRACT_END, DECIDED, ENTERED_IRREGULARLY, ENTERED_WITH_PERMIT, EXPELLED, Entry, LAPSE,
    LEAVE_ORDER, MOTIVES, Motive, POSTING, PROGRAMME, SAVINGS_TARGET, SEASON_END, SEASON_START,
};
pub use tally::Tally;

/// Agents the life pass checks at once for having nothing to do
/// ([`Rules::busy_mask`]).
pub const QUIET_RUN: usize = 16;
const _: () = assert!(QUIET_RUN <= 32, "Rules::busy_mask keeps a run in a u32");

pub use crate::world::life::Columns;

/// Agent `i` of `l`, born in `o`, goes home for good for `motive`: the
/// move (in the form it had) and its columns start afresh
/// ([`Columns::reset`]).
pub fn go_home(l: &mut Columns<'_>, i: usize, o: CountryId, motive: Motive) -> Event {
    let form = l.form[i];
    l.reset(i);
    Event {
        to: o,
        form,
        motive,
    }
}

/// What a step needs to settle forms and legality and run the life pass.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    forms: &'a Forms,
    legality: &'a Legality,
    returns: &'a Returns,
    age: Option<Age>,
    /// Whether people leave working age at retirement (populations follow
    /// data) rather than being replaced by young natives.
    exits: bool,
    /// Whether destinations let settled migrants bring their families.
    family: Vec<bool>,
    /// Whether every migrant's months abroad are counted ([`Life::stay`]):
    /// for family reunification and for the gravity rule's tenure cost.
    counts_stay: bool,
    /// Whether any migrant can be a target earner ([`crate::world::Life::savings`] ≥ 0
    /// only then; the column starts at −1).
    saving: bool,
    /// The gravity rule's tenure cost: λ per month and the cap in months
    /// (`None`: no tenure cost).
    tenure: Option<(f64, f64)>,
    /// Whether a voluntary-return programme pays natives of each country
    /// coming home this month, by origin.
    programme: Vec<bool>,
    /// Wages of the month by country, [skill][country].
    wage: [Vec<f64>; 2],
    /// Equal treatment: the share of the wage a native of o does not get
    /// in j, [o·K + j] (`None`: equal treatment everywhere).
    migrant_discount: Option<Square<f64>>,
    /// Whether any destination is not open.
    legal_on: bool,
    /// The season of each country, if it has one.
    season: Vec<Option<Season>>,
    /// Whether a worker at home in c may commute to j, by (c, j).
    commute: Square<bool>,
    /// The month's policy (entry lanes and instruments by country).
    policy: &'a PolicyMonth,
    /// Entry rule of each lane ([`PolicyMonth::lane`]).
    rule: Vec<EntryRule>,
    /// Chance that a permit applicant gets a permit this month, by lane.
    grant: Vec<f64>,
    /// Chance that an applicant refused a permit (or entering by a lane
    /// closed to it) goes irregularly, by destination: irregular_share,
    /// lowered by the expected fine, ban and employer sanctions where the
    /// destination's general rule is not closed (see
    /// [`PolicyMonth::irregular_deterrence`]).
    irregular_go: Vec<f64>,
    /// Share of the wage an irregular worker loses, by country.
    irregular_discount: Vec<f64>,
    /// Monthly detection chance by country.
    detection: Vec<f64>,
    /// Monthly chance that an irregular worker's employer is inspected, by
    /// country (employer sanctions).
    inspection: Vec<f64>,
    /// Unemployment rate of the month by country.
    unemployment: Vec<f64>,
    /// Cumulative shares of the detection outcomes (legalised, leave), by
    /// country.
    outcome: Vec<[f64; 2]>,
    /// Re-entry ban of the expelled by country, months.
    ban_months: Vec<u16>,
    /// ILO C143 in force, by country.
    c143: Vec<bool>,
    /// ILO C97 in force, by country.
    c97: Vec<bool>,
    /// Postings of the month by sender: (receiver, cumulative chance) of
    /// each active `[[capital_flow]]` that posts staff, [sender]; empty
    /// when no flow posts.
    posting: Vec<Vec<(CountryId, f64)>>,
    /// Whether some sender posts staff this month.
    posting_now: bool,
    /// Length of a posting of a native of o in j, [o·K + j] (empty when
    /// no flow posts).
    posting_months: Square<u32>,
    /// Calendar month of the step (1-12).
    month: u8,
    seed: u64,
    t: u32,
}

/// The outcome of settling a decision of an agent that has life columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// No move (stays, starts commuting, or is hired for a season: the
    /// life pass moves it when the season is on).
    Stay,
    /// Refused a permit, stays where it lives.
    Refused,
    /// Moves to the chosen country in this form, entering as
    /// the [`Entry`] says, for a motive ([`DECIDED`] or
    /// [`PROGRAMME`]).
    Move(Form, Entry, Motive),
}

/// A life event at the end of a step ([`Rules::event`]): where the agent
/// moves, in which form, for which motive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Country entered.
    pub to: CountryId,
    /// Form of the move.
    pub form: Form,
    /// Motive of the move.
    pub motive: Motive,
}

impl<'a> Rules<'a> {
    /// The rules of `scenario` at step `t` under the month's `policy`, with
    /// the month's unemployment rates, last month's permit applicants by
    /// lane ([`PolicyMonth::lane`]), and the counts at the start of the
    /// step (for the postings' chances).
    pub fn new(
        scenario: &'a Scenario,
        t: u32,
        (state, policy): (&CountryState, &'a PolicyMonth),
        applicants: &[u32],
        people_per_agent: f64,
        counts: &Counts,
    ) -> Rules<'a> {
        let k = scenario.num_countries();
        let date = scenario.date_of_step(t);
        let mut season = vec![None; k];
        for s in &scenario.seasons {
            season[s.country] = Some(*s);
        }
        let f = &scenario.forms;
        let on = f.commuting_km > 0.0 && f.commuting_share > 0.0;
        let commute = Square::from_fn(k, |c, j| {
            on && c != j && scenario.distance(c, j) <= f.commuting_km
        });
        let l = &scenario.legality;
        let legal_on = scenario.has_entry_rules();
        let mut family = vec![true; k];
        for e in &scenario.entries {
            family[e.country] = e.family;
        }
        let lanes = policy.num_lanes();
        let rule: Vec<EntryRule> = (0..lanes).map(|id| policy.rule(id)).collect();
        let grant = (0..lanes)
            .map(|id| {
                let Some(q) = policy.lanes[id].quota else {
                    return 1.0;
                };
                let per_month = q / 12.0 / people_per_agent;
                let a = applicants.get(id).copied().unwrap_or(0) as f64;
                // With no applicant last month any quota is free this
                // month, but a quota of 0 is never.
                if a > 0.0 {
                    (per_month / a).min(1.0)
                } else if per_month > 0.0 {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        let cp = &policy.countries;
        let irregular_go = (0..k)
            .map(|j| {
                if !legal_on || policy.general_rule(j) == EntryRule::Closed {
                    l.irregular_share
                } else {
                    l.irregular_share * policy.irregular_deterrence(scenario, j)
                }
            })
            .collect();
        let outcome = cp
            .iter()
            .map(|c| {
                let [a, b, _] = c.outcome_shares();
                [a, a + b]
            })
            .collect();
        let (posting, posting_months) = postings(scenario, t, people_per_agent, counts);
        let tenure = scenario
            .decision
            .gravity
            .filter(|g| g.tenure_cost > 0.0 && g.tenure_cap_years > 0.0)
            .map(|g| (g.tenure_cost / 12.0, g.tenure_cap_years * 12.0));
        Rules {
            posting_now: posting.iter().any(|p| !p.is_empty()),
            posting,
            posting_months,
            forms: f,
            legality: l,
            legal_on,
            season,
            commute,
            policy,
            rule,
            grant,
            irregular_go,
            irregular_discount: (0..k)
                .map(|j| policy.irregular_discount(scenario, j))
                .collect(),
            detection: cp.iter().map(|c| c.detection).collect(),
            inspection: cp.iter().map(|c| c.inspection).collect(),
            ban_months: cp
                .iter()
                .map(|c| c.ban_months.min(u16::MAX as u32) as u16)
                .collect(),
            c143: cp.iter().map(|c| c.c143).collect(),
            c97: cp.iter().map(|c| c.c97).collect(),
            unemployment: state.unemployment.clone(),
            wage: [state.wage_low.clone(), state.wage_high.clone()],
            migrant_discount: state.migrant_discount.clone(),
            returns: &scenario.returns,
            age: scenario.age,
            exits: scenario.data.demography(),
            family,
            saving: scenario.returns.target_share > 0.0,
            counts_stay: scenario.age.is_some_and(|a| a.reunification_share > 0.0)
                || tenure.is_some(),
            tenure,
            programme: cp.iter().map(|c| c.return_payment > 0.0).collect(),
            outcome,
            month: date.month,
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
        self.commute[(home, work)]
    }

    /// The chance that a permit applicant by lane `id` ([`PolicyMonth::lane`];
    /// a destination's general lane is its index) gets one this month.
    pub fn grant(&self, id: usize) -> f64 {
        self.grant[id]
    }

    /// Settles the decision of agent `i` of the block (global index
    /// `agent`), not bound, living in `c`, born in `o`, with skill level
    /// `skill`, that chose `j`: updates its form and status and says
    /// whether it moves.
    #[inline]
    pub fn settle(
        &self,
        l: &mut Columns<'_>,
        i: usize,
        (c, o, skill): (CountryId, CountryId, u8),
        j: CountryId,
        agent: usize,
    ) -> Settled {
        if j == c {
            // Choosing to stay where one lives ends commuting and seasonal
            // work (the worker chooses home over the job abroad).
            if l.form[i] == COMMUTER || l.form[i] == SEASONAL {
                l.form[i] = PERMANENT;
            }
            return Settled::Stay;
        }
        if let Some(a) = &self.age {
            let over = f64::from(l.age[i]) - f64::from(a.peak);
            if over > 0.0
                && a.decline > 0.0
                && Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Age).uniform()
                    >= libm::exp(-a.decline * over)
            {
                // Too old to act on it: the propensity falls with age.
                return Settled::Stay;
            }
        }
        if let Some((per_month, cap)) = self.tenure
            && c != o
            && l.stay[i] > 0
            && Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Tenure).uniform()
                >= libm::exp(-per_month * f64::from(l.stay[i]).min(cap))
        {
            // Settled abroad: the cost of leaving grows with the time lived
            // there (gravity rule, docs/model.md).
            return Settled::Stay;
        }
        let mut stream = Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Form);
        // A re-entry ban bars working in the country too: no seasonal job
        // or daily commute there (the entry rules then refuse it).
        let banned = l.ban[i] > 0 && l.barred[i] == j;
        if c == o && !banned {
            if self.can_commute(c as usize, j as usize)
                && stream.uniform() < self.forms.commuting_share
            {
                l.form[i] = COMMUTER;
                l.place[i] = j;
                return Settled::Stay;
            }
            if let Some(s) = self.season[j as usize]
                && stream.uniform() < s.share
            {
                l.form[i] = SEASONAL;
                l.place[i] = j;
                return Settled::Stay;
            }
        }
        let (status, legal) = if self.legal_on {
            match self.entry(l, i, (o, skill), j, &mut stream) {
                Some(x) => x,
                None => {
                    l.form[i] = PERMANENT;
                    return Settled::Refused;
                }
            }
        } else {
            (Status::NONE, Entry::Free)
        };
        l.status[i] = status;
        l.stay[i] = 0;
        l.idle[i] = 0;
        if j != o && stream.uniform() < self.forms.temporary_share {
            l.form[i] = TEMPORARY;
            l.clock[i] = 0;
        } else {
            l.form[i] = PERMANENT;
        }
        let target = j != o
            && self.returns.target_share > 0.0
            && stream.uniform() < self.returns.target_share;
        l.savings[i] = if target { 0.0 } else { -1.0 };
        let motive = if j == o && c != o && self.programme[o as usize] {
            PROGRAMME
        } else {
            DECIDED
        };
        Settled::Move(l.form[i], legal, motive)
    }

    /// How agent `i`, born in `o` with skill level `skill`, enters `j`
    /// (by its lane: [`PolicyMonth::lane`]): its new status and the
    /// [`Entry`], or `None` when refused a permit and
    /// not going irregularly.
    fn entry(
        &self,
        l: &Columns<'_>,
        i: usize,
        (o, skill): (CountryId, u8),
        j: CountryId,
        stream: &mut Stream,
    ) -> Option<(Status, Entry)> {
        let ju = j as usize;
        if j == o || self.policy.free[(o as usize, ju)] {
            // Free movement is a right of the bloc's citizens: it follows
            // the mover's origin, not where it happens to live.
            return Some((Status::NONE, Entry::Free));
        }
        let lane = if self.policy.has_scoped(ju) {
            self.policy.lane(o as usize, skill, ju)
        } else {
            ju
        };
        if self.rule[lane] == EntryRule::Open {
            return Some((Status::NONE, Entry::Free));
        }
        let banned = l.ban[i] > 0 && l.barred[i] == j;
        if banned {
            return None;
        }
        if self.rule[lane] == EntryRule::Permit && stream.uniform() < self.grant[lane] {
            return Some((PERMIT, ENTERED_WITH_PERMIT));
        }
        (stream.uniform() < self.irregular_go[ju]).then_some((IRREGULAR, ENTERED_IRREGULARLY))
    }

    /// Whether `country` is in its season this month.
    #[inline]
    pub fn in_season(&self, country: CountryId) -> bool {
        self.season[country as usize].is_some_and(|s| s.contains(self.month))
    }

    /// The agents among the [`QUIET_RUN`] from `at` that are not quiet, one
    /// bit each (bit k: agent `at + k`): [`Rules::visits`] computed for a
    /// whole run with loads the compiler vectorises. An agent whose bit is
    /// clear has nothing for the life pass to do (no posting draw, not
    /// busy), so a run is walked bit by bit instead of agent by agent.
    /// `None` when fewer than [`QUIET_RUN`] agents follow `at` (the caller
    /// then visits them one by one).
    #[inline]
    pub fn busy_mask(
        &self,
        l: &Columns<'_>,
        at: usize,
        (res, org, skl): (&[CountryId], &[CountryId], &[u8]),
    ) -> Option<u32> {
        fn run<T>(v: &[T], at: usize) -> Option<&[T; QUIET_RUN]> {
            v.get(at..)?.first_chunk::<QUIET_RUN>()
        }
        let (form, status, ban) = (run(&*l.form, at)?, run(&*l.status, at)?, run(&*l.ban, at)?);
        let mut mask = 0u32;
        for k in 0..QUIET_RUN {
            let busy = ((form[k] as u8 | status[k].bits()) != 0) | (ban[k] != 0);
            mask |= u32::from(busy) << k;
        }
        if self.saving {
            for (k, &x) in run(&*l.savings, at)?.iter().enumerate() {
                mask |= u32::from(x >= 0.0) << k;
            }
        }
        if self.counts_stay {
            let (res, org) = (run(res, at)?, run(org, at)?);
            for k in 0..QUIET_RUN {
                mask |= u32::from(res[k] != org[k]) << k;
            }
        }
        if self.posting_now {
            let (res, org, skl) = (run(res, at)?, run(org, at)?, run(skl, at)?);
            for k in 0..QUIET_RUN {
                let postable = res[k] == org[k]
                    && skl[k] & SKILL_MASK == HIGH
                    && !self.posting[org[k] as usize].is_empty();
                mask |= u32::from(postable) << k;
            }
        }
        Some(mask)
    }

    /// Whether the life pass visits agent `i` of the block, living in `c`,
    /// born in `o`, with skill byte `skill`: it is [`Rules::busy`], or at
    /// home and [`Rules::postable`]. The scalar rule that
    /// [`Rules::busy_mask`] computes for a run of agents at once.
    #[inline]
    pub fn visits(
        &self,
        l: &Columns<'_>,
        i: usize,
        (c, o, skill): (CountryId, CountryId, u8),
    ) -> bool {
        self.busy(l, i, c, o) || (c == o && self.postable(l, i, (o, skill)))
    }

    /// Whether agent `i` of the block, a native of `o` living at home with
    /// skill byte `skill`, may be posted abroad this month (it then draws:
    /// [`Rules::post`]): high-skilled, permanent, and `o` posts staff.
    #[inline]
    pub fn postable(&self, l: &Columns<'_>, i: usize, (o, skill): (CountryId, u8)) -> bool {
        self.posting.get(o as usize).is_some_and(|f| !f.is_empty())
            && skill & SKILL_MASK == HIGH
            && l.form[i] == PERMANENT
    }

    /// Whether agent `i` of the block, living in `c`, born in `o`, has
    /// anything for the life pass to do.
    #[inline]
    pub fn busy(&self, l: &Columns<'_>, i: usize, c: CountryId, o: CountryId) -> bool {
        l.form[i] != PERMANENT
            || !l.status[i].is_empty()
            || l.ban[i] != 0
            || l.savings[i] >= 0.0
            || (self.counts_stay && c != o)
    }
}

/// The postings of step `t` ([`Rules::posting`], [`Rules::posting_months`]):
/// each active flow that posts wants postings · amount / 12 people a month,
/// / `people_per_agent` agents, drawn among the sender's high-skilled
/// natives at home at the start of the step (chance = wanted / their
/// count, the sender's flows together capped at 1).
fn postings(
    scenario: &Scenario,
    t: u32,
    people_per_agent: f64,
    counts: &Counts,
) -> (Vec<Vec<(CountryId, f64)>>, Square<u32>) {
    if !scenario.has_postings() {
        return (Vec::new(), Square::default());
    }
    let k = scenario.num_countries();
    let date = scenario.date_of_step(t);
    let mut posting = vec![Vec::new(); k];
    let mut months = Square::new(k, 0u32);
    for f in scenario.capital_flows.iter().filter(|f| f.postings > 0.0) {
        let m = &mut months[(f.from, f.to)];
        *m = (*m).max(f.posting_months(&scenario.forms));
        if !f.active(date) {
            continue;
        }
        let eligible = counts.get(f.from, f.from, HIGH as usize) as f64;
        if eligible <= 0.0 {
            continue;
        }
        let chance = f.postings_per_month() / people_per_agent / eligible;
        let flows: &mut Vec<(CountryId, f64)> = &mut posting[f.from];
        let before = flows.last().map_or(0.0, |&(_, p)| p);
        flows.push((f.to as CountryId, (before + chance).min(1.0)));
    }
    (posting, months)
}
