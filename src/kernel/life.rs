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

use std::ops::AddAssign;

use crate::decision::utility::free_movement;
use crate::economy::CountryState;
use crate::policy::PolicyMonth;
use crate::rng::{Purpose, Stream};
use crate::scenario::{Age, EntryRule, Forms, Legality, Returns, Scenario, Season};
use crate::world::life::{
    COMMUTER, Form, IRREGULAR, PERMANENT, PERMIT, POSTED, RESIDENT, SEASONAL, Status, TEMPORARY,
};
use crate::world::{CountryId, Counts};
use crate::world::{HIGH, SKILL_MASK, UNRECOGNISED};

/// Why a move took place ([`super::Move::motive`]).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Motive {
    /// The decision rule (every move that is not one of the others).
    #[default]
    Decided = 0,
    /// A temporary contract ended without renewal: the worker goes home.
    ContractEnd = 1,
    /// A seasonal worker's season ended: the worker goes home.
    SeasonEnd = 2,
    /// A seasonal worker's season began: the worker goes to work abroad.
    SeasonStart = 3,
    /// A detected irregular worker was ordered to leave within 48 hours.
    LeaveOrder = 4,
    /// A detected irregular worker was expelled (with a re-entry ban).
    Expelled = 5,
    /// A permit lapsed after unemployment and the worker went home.
    Lapse = 6,
    /// A target earner reached its savings target and went home.
    SavingsTarget = 7,
    /// A migrant went home by its own decision while a voluntary-return
    /// programme paid for it.
    Programme = 8,
    /// A high-skilled native was posted abroad by its employer with a
    /// `[[capital_flow]]` (labour moving with capital).
    Posting = 9,
}

impl Motive {
    /// Every motive, in the order of their codes (the rows of tables
    /// indexed by motive).
    pub const ALL: [Motive; MOTIVES] = [
        Motive::Decided,
        Motive::ContractEnd,
        Motive::SeasonEnd,
        Motive::SeasonStart,
        Motive::LeaveOrder,
        Motive::Expelled,
        Motive::Lapse,
        Motive::SavingsTarget,
        Motive::Programme,
        Motive::Posting,
    ];
}

impl TryFrom<u8> for Motive {
    type Error = u8;

    /// The motive of code `code`, or the code back when it names none.
    fn try_from(code: u8) -> Result<Motive, u8> {
        Motive::ALL.get(usize::from(code)).copied().ok_or(code)
    }
}

/// [`Motive::Decided`] (the names below are kept for callers of the codes).
pub const DECIDED: Motive = Motive::Decided;
/// [`Motive::ContractEnd`].
pub const CONTRACT_END: Motive = Motive::ContractEnd;
/// [`Motive::SeasonEnd`].
pub const SEASON_END: Motive = Motive::SeasonEnd;
/// [`Motive::SeasonStart`].
pub const SEASON_START: Motive = Motive::SeasonStart;
/// [`Motive::LeaveOrder`].
pub const LEAVE_ORDER: Motive = Motive::LeaveOrder;
/// [`Motive::Expelled`].
pub const EXPELLED: Motive = Motive::Expelled;
/// [`Motive::Lapse`].
pub const LAPSE: Motive = Motive::Lapse;
/// [`Motive::SavingsTarget`].
pub const SAVINGS_TARGET: Motive = Motive::SavingsTarget;
/// [`Motive::Programme`].
pub const PROGRAMME: Motive = Motive::Programme;
/// [`Motive::Posting`].
pub const POSTING: Motive = Motive::Posting;
/// Number of motives (the size of tables indexed by motive).
pub const MOTIVES: usize = 10;

/// How a mover entered the country it moved to ([`super::Move::entry`]).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Entry {
    /// Freely (free movement, an open country) or home.
    #[default]
    Free = 0,
    /// With a permit.
    Permit = 1,
    /// Irregularly.
    Irregular = 2,
}

/// [`Entry::Permit`] (the name kept for callers of the codes).
pub const ENTERED_WITH_PERMIT: Entry = Entry::Permit;
/// [`Entry::Irregular`].
pub const ENTERED_IRREGULARLY: Entry = Entry::Irregular;

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
    migrant_discount: Option<Vec<f64>>,
    /// Whether any destination is not open.
    legal_on: bool,
    /// The season of each country, if it has one.
    season: Vec<Option<Season>>,
    /// Whether a worker at home in c may commute to j, [c·K + j].
    commute: Vec<bool>,
    /// Free movement o → j this month, [o·K + j] (legality only).
    free: Vec<bool>,
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
    k: usize,
    /// Postings of the month by sender: (receiver, cumulative chance) of
    /// each active `[[capital_flow]]` that posts staff, [sender]; empty
    /// when no flow posts.
    posting: Vec<Vec<(CountryId, f64)>>,
    /// Whether some sender posts staff this month.
    posting_now: bool,
    /// Length of a posting of a native of o in j, [o·K + j] (empty when
    /// no flow posts).
    posting_months: Vec<u32>,
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
        let commute = (0..k * k)
            .map(|x| on && x / k != x % k && scenario.distance(x / k, x % k) <= f.commuting_km)
            .collect();
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
            free: if legal_on {
                free_movement(scenario, date)
            } else {
                Vec::new()
            },
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
            k,
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
        self.commute[home * self.k + work]
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
                    >= (-a.decline * over).exp()
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
        if j == o || self.free[o as usize * self.k + ju] {
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
                    earned *= 1.0 - d[o as usize * self.k + cu];
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
                    self.posting_months[o as usize * self.k + cu]
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
            l.age[i] = super::demography::EXIT_MARK;
            return true;
        }
        l.age[i] = a.working_from.min(u8::MAX as u32) as u8;
        l.reset(i);
        l.ban[i] = 0;
        tally.replacements[o as usize] += 1;
        true
    }
}

/// Agents by state and country after a step, and the life events of the
/// step: integer counts, summed over blocks in any order.
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
    /// Irregular residents by country.
    pub irregular: Vec<u32>,
    /// Residents holding a permit by country.
    pub permit_holders: Vec<u32>,
    /// Permanent residents (C97) by country.
    pub permanent_residents: Vec<u32>,
    /// Detected irregular workers legalised (with a fine), by country.
    pub legalised: Vec<u32>,
    /// Detected irregular workers ordered to leave, by country.
    pub ordered_to_leave: Vec<u32>,
    /// Detected irregular workers expelled, by country.
    pub expelled: Vec<u32>,
    /// Permits lapsed after unemployment, by country.
    pub lapses: Vec<u32>,
    /// Permits turned into permanent residence, by country.
    pub residence_granted: Vec<u32>,
    /// Target earners saving abroad, by country of residence.
    pub target_earners: Vec<u32>,
    /// Retirees replaced by young natives, by origin.
    pub replacements: Vec<u32>,
    /// Migrants bringing their families, by country of residence.
    pub reunifications: Vec<u32>,
    /// Staff posted by their employers ([`POSTED`]), by country of
    /// residence.
    pub posted: Vec<u32>,
    /// Irregular workers found at inspections of their employers
    /// (employer sanctions), by country.
    pub found_at_work: Vec<u32>,
}

impl Tally {
    /// Zero counts for `k` countries.
    pub fn new(k: usize) -> Tally {
        let z = || vec![0; k];
        Tally {
            temporary: z(),
            seasonal_abroad: z(),
            seasonal_at_home: z(),
            commuters_in: z(),
            commuters_out: z(),
            renewals: z(),
            irregular: z(),
            permit_holders: z(),
            permanent_residents: z(),
            legalised: z(),
            ordered_to_leave: z(),
            expelled: z(),
            lapses: z(),
            residence_granted: z(),
            target_earners: z(),
            replacements: z(),
            reunifications: z(),
            posted: z(),
            found_at_work: z(),
        }
    }

    /// Counts agent `i` of the block after its life events.
    #[inline]
    pub fn count(&mut self, l: &Columns<'_>, i: usize, residence: CountryId, origin: CountryId) {
        let r = residence as usize;
        match l.form[i] {
            TEMPORARY => self.temporary[r] += 1,
            SEASONAL if residence != origin => self.seasonal_abroad[r] += 1,
            SEASONAL => self.seasonal_at_home[r] += 1,
            COMMUTER => {
                self.commuters_in[l.place[i] as usize] += 1;
                self.commuters_out[r] += 1;
            }
            PERMANENT => {}
        }
        let status = l.status[i];
        if status.intersects(POSTED) {
            self.posted[r] += 1;
        }
        if status.intersects(IRREGULAR) {
            self.irregular[r] += 1;
        } else if status.intersects(PERMIT) {
            self.permit_holders[r] += 1;
        } else if status.intersects(RESIDENT) {
            self.permanent_residents[r] += 1;
        }
    }

    fn parts_mut(&mut self) -> [&mut Vec<u32>; 19] {
        [
            &mut self.temporary,
            &mut self.seasonal_abroad,
            &mut self.seasonal_at_home,
            &mut self.commuters_in,
            &mut self.commuters_out,
            &mut self.renewals,
            &mut self.irregular,
            &mut self.permit_holders,
            &mut self.permanent_residents,
            &mut self.legalised,
            &mut self.ordered_to_leave,
            &mut self.expelled,
            &mut self.lapses,
            &mut self.residence_granted,
            &mut self.target_earners,
            &mut self.replacements,
            &mut self.reunifications,
            &mut self.posted,
            &mut self.found_at_work,
        ]
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, o: &Tally) {
        let mut o = o.clone();
        for (a, b) in self.parts_mut().into_iter().zip(o.parts_mut()) {
            for (x, y) in a.iter_mut().zip(b.iter()) {
                *x += y;
            }
        }
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
) -> (Vec<Vec<(CountryId, f64)>>, Vec<u32>) {
    if !scenario.has_postings() {
        return (Vec::new(), Vec::new());
    }
    let k = scenario.num_countries();
    let date = scenario.date_of_step(t);
    let mut posting = vec![Vec::new(); k];
    let mut months = vec![0u32; k * k];
    for f in scenario.capital_flows.iter().filter(|f| f.postings > 0.0) {
        let m = &mut months[f.from * k + f.to];
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
