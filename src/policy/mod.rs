//! Dated state policy (docs/model.md §5, issue 15): every policy instrument of a
//! country — entry rule and quota (per origin group and skill), one window,
//! detection and the shares of its outcomes, fines, re-entry bans, the ILO
//! C143 and C97 switches, return programmes, equal treatment, employer
//! sanctions — starts from the scenario's `[legality]`, `[[entry]]`,
//! `[returns]` and `[economy]` tables and changes at the dates of
//! `[[policy]]` rows.
//!
//! [`PolicyMonth::at`] resolves the policy in force in one month; the
//! kernel computes it once per step and hands it to everything that reads
//! policy (the decision's entry costs, the settlement of entries, the life
//! pass, equal treatment in the country state), so that every part of a
//! step sees the same values. It is a pure function of the scenario and the
//! date, so it also serves the writers (policy.csv, the `fines` column).
//!
//! The expected cost of irregular stay ([`PolicyMonth::irregular_risk`],
//! issue 15 item 2) and the irregular wage discount raised by employer
//! sanctions ([`PolicyMonth::irregular_discount`], item 3) live here too.

use crate::model::{EntryRule, Scenario};

mod month;
mod timeline;

pub use crate::model::policy::{
    INSTRUMENTS, Instrument, Policy, PolicyChange, Scope, rule_word, skill_word,
};
pub use month::{PolicyMonth, entry_costs, free_movement, free_pairs, return_bonus};
pub use timeline::{TimelineRow, timeline};

/// The entry rule and quota of one lane in a month: a destination's
/// general lane (lane id = country index) or a lane scoped to some origins
/// and/or a skill.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// The destination.
    pub country: usize,
    /// Who it applies to.
    pub scope: Scope,
    /// Its rule; `None`: the general lane's (scoped lanes only).
    pub rule: Option<EntryRule>,
    /// Work permits a year, people (`None`: no quota).
    pub quota: Option<f64>,
    /// Whether a change has set it up by this month (scoped lanes only;
    /// general lanes always are).
    pub active: bool,
}

/// The policy of one country in one month (besides its lanes).
#[derive(Debug, Clone, PartialEq)]
pub struct CountryPolicy {
    /// Whether a one-window procedure is in force.
    pub one_window: bool,
    /// Monthly chance that an irregular worker is detected.
    pub detection: f64,
    /// Weights of the detection outcomes: legalised, ordered to leave,
    /// expelled (scaled to add up to 1 where used).
    pub shares: [f64; 3],
    /// Fine on legalisation, US$ a person.
    pub fine: f64,
    /// Re-entry ban of the expelled, months.
    pub ban_months: u32,
    /// ILO C143 in force.
    pub c143: bool,
    /// ILO C97 in force (permits turn into permanent residence).
    pub c97: bool,
    /// Voluntary-return programme: payment to natives coming home, US$.
    pub return_payment: f64,
    /// Equal treatment of foreign workers.
    pub equal_treatment: bool,
    /// Monthly chance that an employer of irregular workers is inspected.
    pub inspection: f64,
    /// Fine per irregular worker found, US$.
    pub employer_fine: f64,
}

impl CountryPolicy {
    /// The detection outcome shares scaled to add up to 1 (all detected
    /// are ordered to leave when every weight is 0).
    pub fn outcome_shares(&self) -> [f64; 3] {
        let total: f64 = self.shares.iter().sum();
        if total > 0.0 {
            self.shares.map(|x| x / total)
        } else {
            [0.0, 1.0, 0.0]
        }
    }

    /// The value of instrument `name` ([`INSTRUMENTS`], not rule or quota)
    /// as written in policy.csv.
    fn value(&self, name: &str) -> Option<Instrument> {
        Some(match name {
            "one_window" => Instrument::OneWindow(self.one_window),
            "detection" => Instrument::Detection(self.detection),
            "legalised_share" => Instrument::LegalisedShare(self.shares[0]),
            "leave_share" => Instrument::LeaveShare(self.shares[1]),
            "expelled_share" => Instrument::ExpelledShare(self.shares[2]),
            "fine" => Instrument::Fine(self.fine),
            "ban_months" => Instrument::BanMonths(self.ban_months),
            "c143" => Instrument::C143(self.c143),
            "c97" => Instrument::C97(self.c97),
            "return_payment" => Instrument::ReturnPayment(self.return_payment),
            "equal_treatment" => Instrument::EqualTreatment(self.equal_treatment),
            "inspection" => Instrument::Inspection(self.inspection),
            "employer_fine" => Instrument::EmployerFine(self.employer_fine),
            _ => return None,
        })
    }

    /// Every instrument of the country (rule and quota are the lanes'),
    /// in [`INSTRUMENTS`] order.
    pub fn instruments(&self) -> Vec<Instrument> {
        INSTRUMENTS.iter().filter_map(|n| self.value(n)).collect()
    }
}

/// Largest irregular wage discount employer sanctions can push it to.
pub const MAX_IRREGULAR_DISCOUNT: f64 = 0.95;

/// Whether some lane of the scenario is not open at some date (permits,
/// irregular migration and enforcement are simulated only then).
pub fn has_entry_rules(scenario: &Scenario) -> bool {
    scenario.has_entry_rules()
}

/// Whether some country runs a voluntary-return programme at some date.
pub fn has_programme(scenario: &Scenario) -> bool {
    scenario.has_programme()
}

/// Whether equal treatment may be lifted somewhere at some date.
pub fn has_migrant_discount(scenario: &Scenario) -> bool {
    (0..scenario.num_countries()).any(|j| scenario.migrant_wage_discount(j) > 0.0)
}

/// Whether the scenario has any policy to report in policy.csv: an entry
/// rule, a `[[policy]]` change or a return programme.
pub fn has_policy(scenario: &Scenario) -> bool {
    !scenario.entries.is_empty() || !scenario.policy.is_empty() || has_programme(scenario)
}
