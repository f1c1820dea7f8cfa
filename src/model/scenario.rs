//! The validated scenario: the only form of a scenario the engine accepts.
//!
//! Values of these types are built by the loader (`crate::scenario::load`)
//! after every check has passed, so the engine never re-checks ranges.
//! Every field is public for reading; building one by hand in a test is
//! allowed, but the loader is the front door.

use super::country::{Country, Simulation, YearMonth};
use super::dated::{BarrierChange, Bloc, CapitalFlow, Phase, Region, Shock, Tie};
use super::settings::{
    Age, Costs, Decision, Economy, Entry, Forms, Legality, Pair, Recognition, Returns, Season,
    Technology,
};
use crate::world::Square;
use serde::{Deserialize, Serialize};

/// A file that went into the scenario (the file itself and each `extends`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    /// Distance in km between every pair of countries (K×K, serialised
    /// as a flat row-major list), symmetric with a zero diagonal.
    pub distance_km: Square<f64>,
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
    #[serde(skip_serializing_if = "super::policy::Policy::is_empty")]
    pub policy: super::policy::Policy,
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
            || self.has_programme()
            || self.has_postings()
            || self.decision.gravity.is_some_and(|g| g.tenure_cost > 0.0)
    }

    /// Whether a `[[capital_flow]]` posts staff (switches the life columns
    /// on: posted staff are temporary workers).
    pub fn has_postings(&self) -> bool {
        self.capital_flows.iter().any(|f| f.postings > 0.0)
    }

    /// Whether some destination is not open (permits, irregular migration
    /// and enforcement are simulated only then).
    pub fn has_entry_rules(&self) -> bool {
        use super::policy::Instrument;
        self.entries
            .iter()
            .any(|e| e.rule != super::EntryRule::Open)
            || self
                .policy
                .changes
                .iter()
                .any(|c| matches!(c.set, Instrument::Rule(r) if r != super::EntryRule::Open))
    }

    /// Whether some country runs a voluntary-return programme at some date.
    pub fn has_programme(&self) -> bool {
        use super::policy::Instrument;
        let r = &self.returns;
        (r.programme_payment > 0.0 && r.programme_start.is_some())
            || self
                .policy
                .changes
                .iter()
                .any(|c| matches!(c.set, Instrument::ReturnPayment(x) if x > 0.0))
    }

    /// Number of countries K.
    pub fn num_countries(&self) -> usize {
        self.countries.len()
    }

    /// Distance in km between countries `i` and `j`.
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        self.distance_km[(i, j)]
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
