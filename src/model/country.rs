//! Time, scale and the countries of a scenario: [`YearMonth`], [`Simulation`],
//! [`Country`] with its [`Cycle`], and [`SyntheticWorld`] (`[world.synthetic]`).

use serde::Serialize;

/// A calendar month: the unit of simulated time.
///
/// Its `Default` (year 0, month 0) is the blank of a month field before
/// its key is read, never a month of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct YearMonth {
    /// Calendar year, e.g. 2004.
    pub year: i32,
    /// Month of the year, 1 (January) to 12 (December).
    pub month: u8,
}

impl YearMonth {
    /// The month written `"YYYY-MM"` (a four-digit year from 1, a month
    /// 01-12), or `None`.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        ((1..=12).contains(&month) && year >= 1).then_some(YearMonth { year, month })
    }

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

/// The `[world.synthetic]` table: how many countries, and whether they
/// form one free-movement bloc.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntheticWorld {
    /// Number of countries K.
    pub countries: u32,
    /// Whether all K countries form one bloc with free movement.
    pub bloc: bool,
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
    /// The group of a word of the schema's choice (any other word:
    /// transition).
    pub fn from_word(w: &str) -> DevGroup {
        match w {
            "industrialised" => DevGroup::Industrialised,
            "developing" => DevGroup::Developing,
            _ => DevGroup::Transition,
        }
    }

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

/// Whether a number is 0 (keeps default keys out of the parameter hash).
pub(super) fn is_zero_pair(x: &[f64; 2]) -> bool {
    x[0] == 0.0 && x[1] == 0.0
}

pub(super) fn is_zero(x: &f64) -> bool {
    *x == 0.0
}
