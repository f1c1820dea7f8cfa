//! The settings tables of a scenario (`[costs]`, `[decision]`, `[economy]`,
//! `[forms]`, `[legality]`, `[returns]`, `[age]`, …) and the rows that go
//! with them (`[[entry]]`, `[[season]]`, `[[pair]]`). Their defaults come
//! from the schema ([`super::defaults`]).

use super::country::{YearMonth, is_zero, is_zero_pair};
use serde::Serialize;

/// The `[recognition]` table: skill recognition ("brain waste").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recognition {
    /// Probability that a destination recognises a high-skilled foreigner's
    /// qualification, where no country or bloc sets its own.
    pub probability: f64,
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

impl EntryRule {
    /// The rule of a word of the schema's choice (any other word: closed).
    pub fn from_word(w: &str) -> EntryRule {
        match w {
            "open" => EntryRule::Open,
            "permit" => EntryRule::Permit,
            _ => EntryRule::Closed,
        }
    }
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

/// The `[technology]` table: skill-biased technical progress.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Technology {
    /// Yearly growth rate of wage_high relative to wage_low, compounded
    /// monthly: wage_high · (1 + rate / 12)^t after t months.
    pub skill_premium_growth: f64,
}
