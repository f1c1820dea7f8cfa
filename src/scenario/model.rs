//! The validated scenario: the only form of a scenario the engine accepts.
//!
//! Values of these types are built by [`crate::scenario::load`] (or
//! [`crate::scenario::from_str`]) after every check has passed, so the engine
//! never re-checks ranges. Every field is public for reading; building one by
//! hand in a test is allowed, but the loader is the front door.

use serde::Serialize;

/// A calendar month: the unit of simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct YearMonth {
    /// Calendar year, e.g. 2004.
    pub year: i32,
    /// Month of the year, 1 (January) to 12 (December).
    pub month: u8,
}

impl YearMonth {
    /// Months since year 0, month 1: a total order usable for arithmetic.
    pub fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    /// The month `n` months after `self`.
    pub fn plus(self, n: i64) -> YearMonth {
        let i = self.index() + n;
        YearMonth {
            year: i.div_euclid(12) as i32,
            month: (i.rem_euclid(12) + 1) as u8,
        }
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How the real population maps onto agents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationScale {
    /// A total number of agents, shared among countries by population
    /// (largest-remainder rounding).
    Agents(u64),
    /// People represented by one agent; each country gets
    /// round(population / people_per_agent) agents.
    PeoplePerAgent(f64),
}

/// The `[simulation]` table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// First simulated month.
    pub start: YearMonth,
    /// Number of monthly steps.
    pub months: u32,
    /// Seed of every random stream of the run.
    pub seed: u64,
    /// Agents in total, or people per agent.
    pub scale: PopulationScale,
}

/// Development group of a country (docs/model.md §2, direction of flows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DevGroup {
    /// Industrialised (developed market) economy.
    Industrialised,
    /// Developing economy.
    Developing,
    /// Transition (former socialist) economy.
    Transition,
}

impl DevGroup {
    /// The word used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            DevGroup::Industrialised => "industrialised",
            DevGroup::Developing => "developing",
            DevGroup::Transition => "transition",
        }
    }
}

/// A smooth business cycle: g(t) = amplitude · sin(2π t / period + 2π phase).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cycle {
    /// Relative amplitude of the cycle (0.10 = ±10 %).
    pub amplitude: f64,
    /// Length of one full cycle in months (> 0).
    pub period: f64,
    /// Phase as a fraction of the period, in [0, 1).
    pub phase: f64,
}

impl Default for Cycle {
    /// Every key at its schema default.
    fn default() -> Cycle {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

/// One country of the world.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (or a synthetic code such as `C07`); unique.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Continent, used to tag moves intercontinental or intracontinental.
    pub continent: String,
    /// Development group.
    pub group: DevGroup,
    /// Population in people (working-age people represented by agents).
    pub population: f64,
    /// Base monthly wage of the low-skilled, in US dollars.
    pub wage_low: f64,
    /// Base monthly wage of the high-skilled, in US dollars.
    pub wage_high: f64,
    /// Base unemployment rate in [0, 1).
    pub unemployment: f64,
    /// Share of high-skilled among the country's natives, in [0, 1].
    pub high_skilled_share: f64,
    /// Latitude and longitude in degrees, when given.
    pub location: Option<(f64, f64)>,
    /// Business cycle of the country.
    pub cycle: Cycle,
    /// Probability that the country recognises a high-skilled foreigner's
    /// qualification (`None`: `[recognition] probability`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recognition: Option<f64>,
    /// Yearly growth of the skill premium here, overriding
    /// [`Technology::skill_premium_growth`] (`None`: the scenario's).
    pub skill_premium_growth: Option<f64>,
    /// Share of the native wage a foreign worker does not get here where
    /// equal treatment does not hold, overriding
    /// [`Economy::migrant_wage_discount`] (`None`: the scenario's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrant_wage_discount: Option<f64>,
}

/// Whether η is at its default (keeps it out of the manifest).
fn is_default_fdi_elasticity(x: &f64) -> bool {
    *x == Economy::default().fdi_elasticity
}

fn is_default_fdi_depreciation(x: &f64) -> bool {
    *x == Economy::default().fdi_depreciation
}

fn is_default_fdi_demand_max(x: &f64) -> bool {
    *x == Economy::default().fdi_demand_max
}

/// Whether a number is 0 (keeps default keys out of the parameter hash).
fn is_zero_pair(x: &[f64; 2]) -> bool {
    x[0] == 0.0 && x[1] == 0.0
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// Kind of a cycle phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Labour demand above trend: the cycle term gets +depth.
    Boom,
    /// Labour demand below trend: the cycle term gets −depth.
    Recession,
}

impl PhaseKind {
    /// The word used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Boom => "boom",
            PhaseKind::Recession => "recession",
        }
    }
}

/// A dated boom or recession (`[[phase]]`), on top of the smooth cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    /// Index of the country it hits; `None`: every country.
    pub country: Option<usize>,
    /// Boom or recession.
    pub kind: PhaseKind,
    /// First month of the phase.
    pub start: YearMonth,
    /// Last month of the phase (inclusive).
    pub end: YearMonth,
    /// Depth added to (boom) or taken from (recession) the cycle term g.
    pub depth: f64,
}

impl Phase {
    /// Whether the phase is under way in `date` and hits country `j`.
    pub fn hits(&self, j: usize, date: YearMonth) -> bool {
        self.country.is_none_or(|c| c == j) && self.start <= date && date <= self.end
    }

    /// The signed change of the cycle term while the phase lasts.
    pub fn shift(&self) -> f64 {
        match self.kind {
            PhaseKind::Boom => self.depth,
            PhaseKind::Recession => -self.depth,
        }
    }
}

/// Kind of a `[[shock]]` (docs/model.md §3 non-economic drivers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShockKind {
    /// Armed conflict or war.
    Conflict,
    /// Political, ethnic or religious persecution.
    Persecution,
    /// A sudden natural or industrial disaster.
    Disaster,
    /// Slow ecological degradation (drought, desertification).
    Ecological,
}

impl ShockKind {
    /// The word used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ShockKind::Conflict => "conflict",
            ShockKind::Persecution => "persecution",
            ShockKind::Disaster => "disaster",
            ShockKind::Ecological => "ecological",
        }
    }
}

/// A dated shock in one country (`[[shock]]`): while it lasts, living there
/// costs `intensity` utility; at its start a share of the natives living
/// there is forced out at once, abroad (refugees) or inside the country
/// (internally displaced people); after its end the displaced come back
/// at a monthly hazard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shock {
    /// Conflict, persecution, disaster or ecological.
    pub kind: ShockKind,
    /// Index of the country it hits.
    pub country: usize,
    /// The `[[region]]` of the country it hits (index into
    /// [`Scenario::regions`]); `None`: the whole country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<usize>,
    /// First month of the shock (the forced displacement happens then).
    pub start: YearMonth,
    /// Last month of the shock (inclusive).
    pub end: YearMonth,
    /// Utility subtracted from living in the country while the shock lasts.
    pub intensity: f64,
    /// Share of the natives living in the country who flee abroad at the start.
    pub refugees: f64,
    /// Share of the natives living in the country displaced inside it at the start.
    pub idps: f64,
    /// Monthly probability that a displaced person returns, from the month
    /// after the end.
    pub return_rate: f64,
    /// Distance scale of the refugees' destinations: weight e^(−d / scale).
    pub distance_km: f64,
    /// Who is displaced and where refugees go besides distance (issue 15).
    #[serde(skip_serializing_if = "Flight::is_default")]
    pub flight: Flight,
}

/// Who a `[[shock]]` displaces and how its refugees choose their country
/// of asylum (issue 15; see [`crate::kernel::displacement`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flight {
    /// Origins of the displaced: agents of these countries living in the
    /// shocked country (e.g. Armenians living in Azerbaijan); empty: the
    /// shocked country's own natives.
    pub origins: Vec<usize>,
    /// User-given shares of the refugees going to named countries (kin
    /// states), (country, share), adding up to at most 1; the rest go by
    /// the weights.
    pub shares: Vec<(usize, f64)>,
    /// Share of the refugees who settle for good in their country of
    /// asylum: they are not brought home after the shock.
    pub settle_share: f64,
    /// Utility bonus of a neighbour (a country within `neighbour_km`).
    pub contiguity: f64,
    /// Largest distance, km, at which a country counts as a neighbour
    /// (0: none does).
    pub neighbour_km: f64,
    /// Weight of ln(population / largest population) (the size of the
    /// country of asylum).
    pub size_weight: f64,
    /// Weight of the `[[tie]]` strength between the shocked country and the
    /// country of asylum.
    pub tie_weight: f64,
}

impl Default for Flight {
    fn default() -> Flight {
        Flight {
            origins: Vec::new(),
            shares: Vec::new(),
            settle_share: 0.0,
            contiguity: 0.0,
            neighbour_km: 0.0,
            size_weight: 0.0,
            tie_weight: 1.0,
        }
    }
}

impl Flight {
    /// Whether this is the default (natives, by distance and ties).
    pub fn is_default(&self) -> bool {
        *self == Flight::default()
    }
}

/// The defaults that differ by [`ShockKind`] (issue 15).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindDefaults {
    /// Share of the displaced who flee abroad, when `displaced` is given.
    pub abroad: f64,
    /// Monthly chance that a displaced person returns after the end.
    pub return_rate: f64,
    /// Distance scale of the refugees' destinations, km.
    pub distance_km: f64,
    /// Share of the refugees who settle for good abroad.
    pub settle_share: f64,
}

impl ShockKind {
    /// The defaults of this kind (docs/policy.md, *Forced migration*):
    /// disasters displace mostly inside the country, nearby and briefly;
    /// persecution mostly abroad, far and for long; ecological crises
    /// for longest; conflict in between.
    pub fn defaults(self) -> KindDefaults {
        let (abroad, return_rate, distance_km, settle_share) = match self {
            ShockKind::Conflict => (0.3, 0.02, 1000.0, 0.2),
            ShockKind::Persecution => (0.8, 0.005, 2000.0, 0.5),
            ShockKind::Disaster => (0.05, 0.15, 500.0, 0.0),
            ShockKind::Ecological => (0.2, 0.003, 1000.0, 0.3),
        };
        KindDefaults {
            abroad,
            return_rate,
            distance_km,
            settle_share,
        }
    }
}

impl Shock {
    /// Whether the shock is under way in `date`.
    pub fn active(&self, date: YearMonth) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the shock displaces an agent of origin `o` living in its
    /// country.
    #[inline]
    pub fn displaces(&self, o: usize) -> bool {
        if self.flight.origins.is_empty() {
            o == self.country
        } else {
            self.flight.origins.contains(&o)
        }
    }
}

/// Capital export (`[[capital_flow]]`): foreign direct investment from one
/// country into another, an amount per year over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapitalFlow {
    /// Index of the investing country.
    pub from: usize,
    /// Index of the receiving country (never `from`).
    pub to: usize,
    /// Investment per year, in millions of US dollars (paid in twelfths,
    /// one each month from `start` to `end`).
    pub amount: f64,
    /// First month of the investment.
    pub start: YearMonth,
    /// Last month of the investment (inclusive).
    pub end: YearMonth,
    /// High-skilled staff of `from` that its companies post to `to`, people
    /// per US$ million invested (0: none). Each month of the flow,
    /// postings × amount / 12 natives of `from` go to `to` on a temporary
    /// posting of [`CapitalFlow::posting_months`].
    #[serde(skip_serializing_if = "is_zero")]
    pub postings: f64,
    /// Length of a posting in months (`None`: `[forms] contract_months`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posting_months: Option<u32>,
}

impl CapitalFlow {
    /// Whether the flow is paid in `date` (start ≤ date ≤ end).
    pub fn active(&self, date: YearMonth) -> bool {
        self.start <= date && date <= self.end
    }

    /// Staff posted a month while the flow lasts, people.
    pub fn postings_per_month(&self) -> f64 {
        self.postings * self.amount / 12.0
    }

    /// Length of a posting in months under `forms`.
    pub fn posting_months(&self, forms: &Forms) -> u32 {
        self.posting_months.unwrap_or(forms.contract_months)
    }

    /// Months of investment made up to and including `date`.
    pub fn months_paid(&self, date: YearMonth) -> i64 {
        let last = self.end.index() - self.start.index() + 1;
        (date.index() - self.start.index() + 1).clamp(0, last)
    }
}

/// A region of a country (`[[region]]`): internal migration moves agents
/// between the regions of their country of residence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// Index of the country it belongs to.
    pub country: usize,
    /// Name, unique within the country.
    pub name: String,
    /// Share of the country's residents living here at the start; the
    /// shares of a country add up to 1.
    pub population_share: f64,
    /// Factor on the country's wages here (1: the national wage).
    pub wage_factor: f64,
    /// Unemployment rate here (`None`: the country's).
    pub unemployment: Option<f64>,
    /// Latitude and longitude in degrees, when given.
    pub location: Option<(f64, f64)>,
}

/// A structural reform (`[[barrier_change]]`): from `date` on, the border
/// barrier of moves into (entry) or out of (exit) a country is multiplied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarrierChange {
    /// Index of the country.
    pub country: usize,
    /// First month of the new multipliers.
    pub date: YearMonth,
    /// New multiplier of the barrier on moves into the country (`None`: unchanged).
    pub entry: Option<f64>,
    /// New multiplier of the barrier on moves out of the country (`None`: unchanged).
    pub exit: Option<f64>,
}

/// What ties two countries (`[[tie]]` `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TieKind {
    /// A common official language.
    Language,
    /// A colonial or other shared past.
    History,
    /// A people or language living in both.
    Ethnic,
}

impl TieKind {
    /// The word used in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            TieKind::Language => "language",
            TieKind::History => "history",
            TieKind::Ethnic => "ethnic",
        }
    }
}

/// An ethnic, language or historical tie between two countries (`[[tie]]`):
/// natives of either get `strength` added to the utility of the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tie {
    /// Index of one country.
    pub a: usize,
    /// Index of the other (never `a`).
    pub b: usize,
    /// What ties them.
    pub kind: TieKind,
    /// Utility added (the kind's `[ties]` default where not given).
    pub strength: f64,
}

/// A free-movement bloc (e.g. the EU).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bloc {
    /// Name of the bloc.
    pub name: String,
    /// Indices into [`Scenario::countries`] of its members.
    pub members: Vec<usize>,
    /// Whether members' workers move between members without a border barrier.
    pub free_movement: bool,
    /// The month from which the bloc is in force (`None`: from the start).
    pub start: Option<YearMonth>,
    /// Probability that a member recognises the qualification of a
    /// high-skilled native of another member while the bloc is in force
    /// (`None`: the destination's own probability).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recognition: Option<f64>,
    /// Members that join later: (member index, month of accession). Members
    /// not listed belong from the bloc's start.
    pub accession: Vec<(usize, YearMonth)>,
    /// Members that leave: (member index, first month outside the bloc).
    pub leave: Vec<(usize, YearMonth)>,
    /// Transitional arrangements: old members keeping their labour market
    /// closed to some newcomers for a while.
    pub transitions: Vec<Transition>,
}

/// The `[recognition]` table: skill recognition ("brain waste").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recognition {
    /// Probability that a destination recognises a high-skilled foreigner's
    /// qualification, where no country or bloc sets its own.
    pub probability: f64,
}

impl Default for Recognition {
    /// Every key at its schema default.
    fn default() -> Recognition {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

impl Recognition {
    /// Whether this is the default (everything recognised).
    pub fn is_default(&self) -> bool {
        *self == Recognition::default()
    }
}

/// The `[forms]` table: forms of migration by duration (docs/model.md §2).
/// Every move abroad is permanent unless these keys make it otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Forms {
    /// Chance that a move abroad (not a return home) is a temporary
    /// contract rather than permanent.
    pub temporary_share: f64,
    /// Length of a contract, in months.
    pub contract_months: u32,
    /// Chance that a contract is renewed (for another `contract_months`)
    /// when it ends; otherwise the worker goes home.
    pub renewal_probability: f64,
    /// Largest distance between home and a country of work for daily
    /// commuting, in km (0: nobody commutes).
    pub commuting_km: f64,
    /// Chance that a worker at home who chooses a country within
    /// `commuting_km` commutes daily instead of moving there.
    pub commuting_share: f64,
}

impl Default for Forms {
    /// Every key at its schema default.
    fn default() -> Forms {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

impl Forms {
    /// Whether this is the default (every move permanent, nobody commutes).
    pub fn is_default(&self) -> bool {
        *self == Forms::default()
    }
}

/// How a destination admits workers who do not move freely into it
/// (`[[entry]] rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryRule {
    /// Anyone may come and work.
    Open,
    /// A work permit is needed, within a yearly quota.
    Permit,
    /// No work permits: only irregular entry.
    Closed,
}

/// An `[[entry]]`: a destination's entry rules and enforcement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Entry {
    /// Index of the destination.
    pub country: usize,
    /// Its rule.
    pub rule: EntryRule,
    /// Work permits a year, in people (`None`: no quota).
    pub quota: Option<f64>,
    /// Month from which a "one window" procedure lowers the cost (fee and
    /// wait) of a permit.
    pub one_window: Option<YearMonth>,
    /// Monthly chance that an irregular worker is detected (`None`:
    /// `[legality] detection`).
    pub detection: Option<f64>,
    /// Whether the country lets settled migrants bring their families.
    pub family: bool,
}

/// The `[legality]` table: permits, irregular migration and enforcement
/// (docs/model.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Legality {
    /// Cost of getting a permit, in utility (fee and wait).
    pub permit_cost: f64,
    /// Multiplier of `permit_cost` under a one-window procedure.
    pub one_window_factor: f64,
    /// Chance that a worker who cannot get a permit goes irregularly.
    pub irregular_share: f64,
    /// Cost and risk of going irregularly, in utility.
    pub irregular_cost: f64,
    /// Share of the wage an irregular worker loses.
    pub irregular_discount: f64,
    /// Monthly chance of detection where `[[entry]]` gives none.
    pub detection: f64,
    /// Share of the detected who are legalised with a fine.
    pub legalised_share: f64,
    /// Share of the detected who are ordered to leave within 48 hours.
    pub leave_share: f64,
    /// Share of the detected who are expelled (with a re-entry ban).
    pub expelled_share: f64,
    /// Fine paid on legalisation, US$ a person.
    pub fine: f64,
    /// Length of the re-entry ban of the expelled, in months.
    pub ban_months: u32,
    /// ILO Convention 143: a legal migrant who loses the job stays legal.
    pub c143: bool,
    /// Months of unemployment after which a permit lapses (C143 off).
    pub lapse_months: u32,
    /// Chance that a worker whose permit lapsed goes home (else stays
    /// irregularly).
    pub lapse_leave_share: f64,
    /// Months abroad after which a permit turns into permanent residence
    /// (Convention 97).
    pub permanent_after_months: u32,
    /// Weight of the expected fine and re-entry ban in the decision to go
    /// irregularly (issue 15; 0: not seen).
    #[serde(skip_serializing_if = "is_default_deterrence")]
    pub deterrence: f64,
    /// Monthly chance that an employer of irregular workers is inspected
    /// (employer sanctions; 0: none).
    #[serde(skip_serializing_if = "is_zero")]
    pub inspection: f64,
    /// Fine of an inspected employer per irregular worker found, US$.
    #[serde(skip_serializing_if = "is_zero")]
    pub employer_fine: f64,
}

/// Whether the deterrence weight is at its default (keeps it out of the
/// manifest).
fn is_default_deterrence(x: &f64) -> bool {
    *x == Legality::default().deterrence
}

impl Default for Legality {
    /// Every key at its schema default.
    fn default() -> Legality {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

impl Legality {
    /// Whether this is the default.
    pub fn is_default(&self) -> bool {
        *self == Legality::default()
    }
}

/// The `[returns]` table: return migration besides the decision rule
/// (docs/model.md §2): target earners and a voluntary-return programme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Returns {
    /// Share of movers abroad who are target earners: they save and go
    /// home once their savings reach `savings_target`.
    pub target_share: f64,
    /// Share of its wage a target earner saves each month.
    pub saving_rate: f64,
    /// Savings, in US$, at which a target earner goes home.
    pub savings_target: f64,
    /// First month of a voluntary-return programme (`None`: none).
    pub programme_start: Option<YearMonth>,
    /// The programme's payment to a migrant who goes home, US$.
    pub programme_payment: f64,
}

impl Default for Returns {
    /// Every key at its schema default.
    fn default() -> Returns {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

impl Returns {
    /// Whether this is the default (no target earners, no programme).
    pub fn is_default(&self) -> bool {
        *self == Returns::default()
    }

    /// Whether the programme pays at `date`.
    pub fn programme_on(&self, date: YearMonth) -> bool {
        self.programme_payment > 0.0 && self.programme_start.is_some_and(|m| m <= date)
    }
}

/// The `[age]` table: ages, retirement and replacement, the age schedule
/// of the propensity to move, liability, family reunification.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Age {
    /// First working age; replacements enter at this age.
    pub working_from: u32,
    /// Age of retirement: an agent reaching it is replaced by a native of
    /// its origin aged `working_from`.
    pub retire_at: u32,
    /// Age up to which the propensity to move does not fall.
    pub peak: u32,
    /// Yearly rate at which the propensity to move falls after `peak`:
    /// a reconsidering agent acts with chance e^(−decline · (age − peak)).
    pub decline: f64,
    /// Age from which detected irregular workers are liable (younger:
    /// minors, never fined, ordered to leave or expelled).
    pub liable_from: u32,
    /// Months abroad after which a legal migrant may bring its family.
    pub reunification_after: u32,
    /// Chance that it does then, where the destination allows it.
    pub reunification_share: f64,
}

impl Default for Age {
    /// Every key at its schema default.
    fn default() -> Age {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

/// A `[[season]]`: a destination's season for seasonal work.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Season {
    /// Index of the destination.
    pub country: usize,
    /// First month of the season (1-12).
    pub start: u8,
    /// Last month of the season (1-12; before `start`: the season runs
    /// over the new year).
    pub end: u8,
    /// How much seasonal labour the destination wants: the chance that a
    /// worker at home who chooses the country is hired for its seasons.
    pub share: f64,
}

impl Season {
    /// Whether calendar month `month` (1-12) is in the season.
    pub fn contains(&self, month: u8) -> bool {
        if self.start <= self.end {
            self.start <= month && month <= self.end
        } else {
            month >= self.start || month <= self.end
        }
    }
}

/// A transitional arrangement of a bloc: until `until`, free movement from
/// the `newcomers` into `member` does not apply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    /// Index of the restricting (old) member.
    pub member: usize,
    /// Indices of the newcomers it stays closed to.
    pub newcomers: Vec<usize>,
    /// First month in which free movement applies.
    pub until: YearMonth,
}

impl Bloc {
    /// Whether the bloc is in force at `date`.
    pub fn in_force(&self, date: YearMonth) -> bool {
        self.start.is_none_or(|s| date >= s)
    }

    /// Whether country `m` (a member index) belongs to the bloc at `date`.
    pub fn member_at(&self, m: usize, date: YearMonth) -> bool {
        self.in_force(date)
            && self.members.contains(&m)
            && self
                .accession
                .iter()
                .all(|&(c, joined)| c != m || date >= joined)
            && self.leave.iter().all(|&(c, left)| c != m || date < left)
    }

    /// Whether a transitional arrangement still closes `member` to workers
    /// from `from` at `date`.
    pub fn closed(&self, from: usize, member: usize, date: YearMonth) -> bool {
        self.transitions
            .iter()
            .any(|t| t.member == member && date < t.until && t.newcomers.contains(&from))
    }
}

/// The `[costs]` table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Costs {
    /// τ: utility cost per 1000 km of distance between residence and destination.
    pub transport_per_1000km: f64,
    /// Utility cost of crossing a border (outside a free-movement bloc, not
    /// returning home).
    pub border_barrier: f64,
    /// Yearly rate at which τ falls: τ(t) = τ · (1 − rate)^(t / 12).
    pub transport_decline: f64,
}

impl Default for Costs {
    /// Every key at its schema default.
    fn default() -> Costs {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

/// The `[decision]` table: docs/model.md §6.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Decision {
    /// p: probability that an agent reconsiders its residence in a month.
    pub reconsider_probability: f64,
    /// β_w: weight of log expected income.
    pub wage_weight: f64,
    /// β_n: weight of the diaspora network term.
    pub network_weight: f64,
    /// Scale inside the network term: ln(1 + scale · M_oj / max(L_j, 1)).
    pub network_scale: f64,
    /// h: utility bonus of the agent's origin country.
    pub home_bias: f64,
    /// Yearly growth of β_n (global integration, information):
    /// β_n(t) = β_n · (1 + rate)^(t / 12).
    pub network_growth: f64,
    /// Utility cost of a move between two regions of one country.
    #[serde(skip_serializing_if = "is_default_internal_move_cost")]
    pub internal_move_cost: f64,
    /// The terms of the gravity rule (`rule = "gravity"`, the default);
    /// `None` for the reference rule of docs/model.md §6 as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gravity: Option<Gravity>,
}

impl Default for Decision {
    /// Every key at its schema default (the gravity rule, its terms at
    /// their defaults).
    fn default() -> Decision {
        let mut d: Decision = crate::scenario::keys::Keyed::from_defaults();
        if let Some(g) = d.gravity.as_mut() {
            *g = Gravity::default();
        }
        d
    }
}

impl Decision {
    /// Applies `[decision] rule`: the gravity rule (its terms at their
    /// defaults until set) for `"gravity"`, the reference rule otherwise.
    pub fn set_rule(&mut self, rule: &str) {
        self.gravity = (rule == "gravity").then(Gravity::default);
    }
}

/// The terms of the gravity decision rule (docs/model.md, "The gravity
/// decision rule"), each a `[decision]` key.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gravity {
    /// β_L: weight of ln(residents of the destination).
    pub size_weight: f64,
    /// β_d: cost of a move per unit of ln(distance / 1000 km).
    pub distance_elasticity: f64,
    /// γ_c: bonus of a move into a contiguous country.
    pub contiguity: f64,
    /// β_J: weight of ln((1 − u_j) / u_j) on moves.
    pub jobs_weight: f64,
    /// m_s: fixed cost of leaving the country one lives in, [low, high].
    pub move_cost: [f64; 2],
    /// ρ: share of m_s a return home pays.
    pub return_cost_share: f64,
    /// φ: the barrier a free-movement move still pays (0: none).
    pub foreignness: f64,
    /// β_a: weight of ln(1 + C / B).
    pub afford_weight: f64,
    /// C_0: money cost of a move, US$.
    pub move_cost_usd: f64,
    /// C_d: money cost per 1000 km, US$.
    pub move_cost_usd_per_1000km: f64,
    /// S: months of expected income a mover can pay.
    pub savings_months: f64,
    /// λ: tenure cost per year lived abroad.
    pub tenure_cost: f64,
    /// Years after which the tenure cost stops growing.
    pub tenure_cap_years: f64,
}

impl Default for Gravity {
    /// Every key at its schema default.
    fn default() -> Gravity {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

/// Pair-specific terms of the gravity rule (`[[pair]]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Index of the country whose natives weigh `to`.
    pub from: usize,
    /// Index of the destination (never `from`).
    pub to: usize,
    /// Utility added for natives of `from` weighing `to`.
    pub utility: f64,
    /// Whether `utility` also holds the other way.
    pub both_ways: bool,
    /// Whether the two share a land border.
    pub contiguous: bool,
}

/// Whether the internal move cost is at its default (keeps it out of the
/// parameter hash).
fn is_default_internal_move_cost(x: &f64) -> bool {
    *x == Decision::default().internal_move_cost
}

/// The `[economy]` table: docs/model.md §6 country state.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Economy {
    /// ε: wage elasticity to labour supply, wage ∝ (L/L0)^(−ε).
    pub wage_elasticity: f64,
    /// κ: response of unemployment to the cycle, u·(1 − κ g).
    pub okun: f64,
    /// ε_s by skill (low, high): the wage of skill s is also multiplied by
    /// (L_s / L_s0)^(−ε_s), L_s the residents of skill s.
    #[serde(skip_serializing_if = "is_zero_pair")]
    pub skill_elasticity: [f64; 2],
    /// φ: unemployment × (1 + φ (L/L0 − 1)), the response to supply shocks.
    #[serde(skip_serializing_if = "is_zero")]
    pub supply_unemployment: f64,
    /// Lower clamp of the unemployment rate.
    pub unemployment_min: f64,
    /// Upper clamp of the unemployment rate.
    pub unemployment_max: f64,
    /// Share of the native wage a foreign worker does not get where equal
    /// treatment does not hold (0: equal treatment everywhere); a country's
    /// own `migrant_wage_discount` overrides it.
    #[serde(skip_serializing_if = "is_zero")]
    pub migrant_wage_discount: f64,
    /// η: labour demand raised by the foreign direct investment stock, per
    /// unit of the receiver's yearly wage bill (see [`crate::economy`]).
    #[serde(skip_serializing_if = "is_default_fdi_elasticity")]
    pub fdi_elasticity: f64,
    /// Yearly depreciation rate of FDI stocks (issue 15).
    #[serde(skip_serializing_if = "is_default_fdi_depreciation")]
    pub fdi_depreciation: f64,
    /// Largest labour-demand term FDI can add: the term saturates,
    /// D_max · (1 − e^(−η · stock / bill / D_max)) (issue 15).
    #[serde(skip_serializing_if = "is_default_fdi_demand_max")]
    pub fdi_demand_max: f64,
}

impl Default for Economy {
    /// Every key at its schema default.
    fn default() -> Economy {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

/// The `[technology]` table: skill-biased technical progress.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Technology {
    /// Yearly growth rate of wage_high relative to wage_low, compounded
    /// monthly: wage_high · (1 + rate / 12)^t after t months.
    pub skill_premium_growth: f64,
}

impl Default for Technology {
    /// Every key at its schema default.
    fn default() -> Technology {
        crate::scenario::keys::Keyed::from_defaults()
    }
}

/// A file that went into the scenario (the file itself and each `extends`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFile {
    /// Path as given (relative paths resolved against the extending file).
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

/// A fully validated scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Scenario name (default: the file stem); names the output folder.
    pub name: String,
    /// Free text shown in reports.
    pub description: String,
    /// Files read, the named file first, then what it extends.
    pub sources: Vec<SourceFile>,
    /// `key=value` overrides given on the command line, in order.
    pub overrides: Vec<String>,
    /// The `[simulation]` table.
    pub simulation: Simulation,
    /// Countries, in file order (or k = 0..K-1 for a synthetic world).
    pub countries: Vec<Country>,
    /// Distance in km between every pair of countries, row-major K×K,
    /// symmetric with a zero diagonal.
    pub distance_km: Vec<f64>,
    /// Blocs.
    pub blocs: Vec<Bloc>,
    /// The `[costs]` table.
    pub costs: Costs,
    /// The `[decision]` table.
    pub decision: Decision,
    /// The `[economy]` table.
    pub economy: Economy,
    /// The `[recognition]` table.
    pub recognition: Recognition,
    /// Dated booms and recessions (`[[phase]]`), in file order; phases of
    /// one country never overlap.
    pub phases: Vec<Phase>,
    /// The `[technology]` table.
    pub technology: Technology,
    /// Structural reforms (`[[barrier_change]]`), in date order.
    pub barrier_changes: Vec<BarrierChange>,
    /// Ethnic, language and historical ties (`[[tie]]`), in file order,
    /// strengths resolved.
    pub ties: Vec<Tie>,
    /// Pair-specific terms of the gravity rule (`[[pair]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<Pair>,
    /// Conflicts, persecution, disasters and ecological crises
    /// (`[[shock]]`), in file order; shocks of one country never overlap.
    pub shocks: Vec<Shock>,
    /// Capital export (`[[capital_flow]]`), in file order.
    pub capital_flows: Vec<CapitalFlow>,
    /// Regions (`[[region]]`), grouped by country in country order; empty
    /// when no country is divided.
    pub regions: Vec<Region>,
    /// The `[forms]` table.
    pub forms: Forms,
    /// Seasons of seasonal work (`[[season]]`), at most one per country.
    pub seasons: Vec<Season>,
    /// The `[legality]` table.
    pub legality: Legality,
    /// Entry rules (`[[entry]]`), at most one per country; a country
    /// without one is open.
    pub entries: Vec<Entry>,
    /// The `[returns]` table.
    pub returns: Returns,
    /// The `[age]` table, if given (agents then have ages).
    pub age: Option<Age>,
    /// Dated policy (`[[policy]]`): changes of instruments by country and
    /// month (see [`crate::policy`]).
    #[serde(skip_serializing_if = "crate::policy::Policy::is_empty")]
    pub policy: crate::policy::Policy,
    /// The `[data]` tables and `[[stock]]`s (issue 13): series, initial
    /// stocks, demography.
    #[serde(skip_serializing_if = "super::data::Data::is_empty")]
    pub data: super::data::Data,
    /// One-line notices from validation that are not errors (dated
    /// elements left out because they start after the run); the CLI
    /// prints them.
    #[serde(skip)]
    pub notices: Vec<String>,
}

impl Scenario {
    /// The fields that say where a scenario came from, not what it
    /// simulates: the parameter hash leaves them out (every other field,
    /// present or future, is in it).
    pub const PROVENANCE: &'static [&'static str] =
        &["name", "description", "sources", "overrides"];
}

impl Scenario {
    /// Whether any agent can be in a form other than permanent (temporary,
    /// seasonal, commuting): only then does the engine keep the agents'
    /// life columns.
    pub fn has_forms(&self) -> bool {
        self.forms.temporary_share > 0.0
            || (self.forms.commuting_km > 0.0 && self.forms.commuting_share > 0.0)
            || self.seasons.iter().any(|s| s.share > 0.0)
            || self.has_entry_rules()
            || self.age.is_some()
            || self.returns.target_share > 0.0
            || crate::policy::has_programme(self)
            || self.has_postings()
            || self.decision.gravity.is_some_and(|g| g.tenure_cost > 0.0)
    }

    /// Whether a `[[capital_flow]]` posts staff (switches the life columns
    /// on: posted staff are temporary workers).
    pub fn has_postings(&self) -> bool {
        self.capital_flows.iter().any(|f| f.postings > 0.0)
    }

    /// The utility bonus of going home for a native of each country abroad
    /// at `date` (0 everywhere unless a return programme pays):
    /// wage_weight · ln(1 + payment / (12 · wage_low of the origin)), the
    /// payment weighed against a year's low-skill wage at home.
    pub fn return_bonus(&self, date: YearMonth) -> Vec<f64> {
        crate::policy::PolicyMonth::at(self, date).return_bonus(self)
    }

    /// Whether some destination is not open (permits, irregular migration
    /// and enforcement are simulated only then).
    pub fn has_entry_rules(&self) -> bool {
        crate::policy::has_entry_rules(self)
    }

    /// Entry cost of every destination at `date`, in utility, added to the
    /// border barrier of moves that are not free (see
    /// [`crate::policy::PolicyMonth::entry_costs`]): a permit's cost
    /// (lowered by a one-window procedure) where a permit is needed; the
    /// cost and risk of irregular entry, the expected wage loss and the
    /// expected fine and ban where the country is closed.
    pub fn entry_costs(&self, date: YearMonth) -> Vec<f64> {
        crate::policy::PolicyMonth::at(self, date).entry_costs(self)
    }

    /// Number of countries K.
    pub fn num_countries(&self) -> usize {
        self.countries.len()
    }

    /// Distance in km between countries `i` and `j`.
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        self.distance_km[i * self.countries.len() + j]
    }

    /// Probability that a high-skilled native of `origin` has its
    /// qualification recognised in `destination` at `date`: 1 at home;
    /// otherwise the largest `recognition` of the blocs that hold both
    /// countries as members at `date` (accession and leaving included), else the destination's own `recognition`, else
    /// `[recognition] probability`.
    pub fn recognition(&self, origin: usize, destination: usize, date: YearMonth) -> f64 {
        if origin == destination {
            return 1.0;
        }
        let bloc = self
            .blocs
            .iter()
            .filter(|b| b.member_at(origin, date) && b.member_at(destination, date))
            .filter_map(|b| b.recognition)
            .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.max(p))));
        bloc.or(self.countries[destination].recognition)
            .unwrap_or(self.recognition.probability)
    }

    /// Whether every qualification is recognised everywhere at every date
    /// (the default; the engine then skips the recognition draws).
    pub fn recognises_everything(&self) -> bool {
        self.recognition.probability == 1.0
            && self
                .countries
                .iter()
                .all(|c| c.recognition.is_none_or(|p| p == 1.0))
            && self
                .blocs
                .iter()
                .all(|b| b.recognition.is_none_or(|p| p == 1.0))
    }

    /// Share of the native wage a foreigner from outside `j`'s free-movement
    /// blocs does not get in `j`: the country's own discount, else the
    /// `[economy]` one (0: equal treatment).
    pub fn migrant_wage_discount(&self, j: usize) -> f64 {
        self.countries[j]
            .migrant_wage_discount
            .unwrap_or(self.economy.migrant_wage_discount)
    }

    /// The factor on country `j`'s high-skilled wage at step `t` from the
    /// growing skill premium: (1 + rate / 12)^t (exactly 1 at rate 0).
    pub fn skill_premium_factor(&self, j: usize, t: u32) -> f64 {
        let rate = self.countries[j]
            .skill_premium_growth
            .unwrap_or(self.technology.skill_premium_growth);
        if rate == 0.0 {
            1.0
        } else {
            libm::pow(1.0 + rate / 12.0, t as f64)
        }
    }

    /// τ at step `t`: transport_per_1000km · (1 − transport_decline)^(t / 12)
    /// (exactly τ without a decline).
    pub fn transport_cost(&self, t: u32) -> f64 {
        let c = &self.costs;
        if c.transport_decline == 0.0 {
            c.transport_per_1000km
        } else {
            c.transport_per_1000km * libm::pow(1.0 - c.transport_decline, t as f64 / 12.0)
        }
    }

    /// (1 − transport_decline)^(t / 12): how far the gravity rule's
    /// distance costs have fallen by step `t` (exactly 1 without decline).
    pub fn transport_factor(&self, t: u32) -> f64 {
        let c = &self.costs;
        if c.transport_decline == 0.0 {
            1.0
        } else {
            libm::pow(1.0 - c.transport_decline, t as f64 / 12.0)
        }
    }

    /// β_n at step `t`: network_weight · (1 + network_growth)^(t / 12)
    /// (exactly β_n without growth).
    pub fn network_weight(&self, t: u32) -> f64 {
        let d = &self.decision;
        if d.network_growth == 0.0 {
            d.network_weight
        } else {
            d.network_weight * libm::pow(1.0 + d.network_growth, t as f64 / 12.0)
        }
    }

    /// Entry and exit multipliers of the border barrier of every country at
    /// `date` (1 where no `[[barrier_change]]` has taken effect).
    pub fn barrier_multipliers(&self, date: YearMonth) -> (Vec<f64>, Vec<f64>) {
        let k = self.countries.len();
        let (mut entry, mut exit) = (vec![1.0; k], vec![1.0; k]);
        for b in self.barrier_changes.iter().filter(|b| b.date <= date) {
            if let Some(x) = b.entry {
                entry[b.country] = x;
            }
            if let Some(x) = b.exit {
                exit[b.country] = x;
            }
        }
        (entry, exit)
    }

    /// The sum of the strengths of the ties between countries `a` and `b`
    /// (0 without one; symmetric).
    pub fn tie_strength(&self, a: usize, b: usize) -> f64 {
        self.ties
            .iter()
            .filter(|t| (t.a == a && t.b == b) || (t.a == b && t.b == a))
            .map(|t| t.strength)
            .sum()
    }

    /// The month of step `t` (step 0 is the start month).
    pub fn date_of_step(&self, t: u32) -> YearMonth {
        self.simulation.start.plus(t as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_arithmetic_wraps_years() {
        let m = YearMonth {
            year: 2004,
            month: 11,
        };
        assert_eq!(m.plus(2).to_string(), "2005-01");
        assert_eq!(m.plus(-11).to_string(), "2003-12");
        assert_eq!(m.plus(0), m);
        assert_eq!(m.plus(14).index() - m.index(), 14);
    }
}
