//! The policy a scenario declares (what the model holds): instruments,
//! their scopes and the dated `[[policy]]` changes. How they resolve into
//! the policy in force in a month is the runtime's ([`crate::policy`]).

use serde::Serialize;

use super::{EntryRule, YearMonth};

/// Who a scoped entry rule or quota applies to ([`PolicyChange::scope`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Scope {
    /// Origins (country indices, sorted) the lane is for; empty: every origin.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<usize>,
    /// Skill the lane is for ([`crate::world::LOW`] or [`crate::world::HIGH`]);
    /// `None`: both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill: Option<u8>,
}

impl Scope {
    /// Whether this is the whole country (every origin, both skills).
    pub fn is_all(&self) -> bool {
        self.origins.is_empty() && self.skill.is_none()
    }

    /// Whether a native of `o` with skill level `s` falls in the scope.
    pub fn matches(&self, o: usize, s: u8) -> bool {
        (self.origins.is_empty() || self.origins.binary_search(&o).is_ok())
            && self.skill.is_none_or(|k| k == s)
    }

    /// How specific the scope is: origins and skill 3, origins 2, skill 1,
    /// everyone 0. The most specific lane that matches wins.
    pub fn specificity(&self) -> u8 {
        2 * u8::from(!self.origins.is_empty()) + u8::from(self.skill.is_some())
    }

    /// The scope as written in outputs: `origins=ARM+GEO;skill=high`, or ""
    /// for the whole country.
    pub fn label(&self, codes: &[&str]) -> String {
        let mut parts = Vec::new();
        if !self.origins.is_empty() {
            let o: Vec<&str> = self.origins.iter().map(|&i| codes[i]).collect();
            parts.push(format!("origins={}", o.join("+")));
        }
        if let Some(s) = self.skill {
            parts.push(format!("skill={}", skill_word(s)));
        }
        parts.join(";")
    }
}

/// "low" or "high".
pub fn skill_word(s: u8) -> &'static str {
    if s == crate::world::HIGH {
        "high"
    } else {
        "low"
    }
}

/// One policy instrument and its new value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "instrument", content = "value")]
pub enum Instrument {
    /// Entry rule of the lane.
    Rule(EntryRule),
    /// Work permits a year of the lane, people.
    Quota(f64),
    /// Whether a one-window procedure lowers the permit cost.
    OneWindow(bool),
    /// Monthly chance that an irregular worker is detected.
    Detection(f64),
    /// Share of the detected legalised with a fine (weight).
    LegalisedShare(f64),
    /// Share of the detected ordered to leave within 48 hours (weight).
    LeaveShare(f64),
    /// Share of the detected expelled with a re-entry ban (weight).
    ExpelledShare(f64),
    /// Fine paid on legalisation, US$ a person.
    Fine(f64),
    /// Re-entry ban of the expelled, months.
    BanMonths(u32),
    /// ILO C143: a legal migrant who loses the job stays legal.
    C143(bool),
    /// ILO C97: permanent residence after the qualifying period.
    C97(bool),
    /// Payment of the country's voluntary-return programme to its natives
    /// coming home, US$ a person (0: none).
    ReturnPayment(f64),
    /// Equal treatment: foreigners earn the native wage (no migrant wage
    /// discount).
    EqualTreatment(bool),
    /// Monthly chance that an employer of irregular workers is inspected.
    Inspection(f64),
    /// Fine of an inspected employer per irregular worker found, US$.
    EmployerFine(f64),
}

/// Names of the instruments, as written in `[[policy]]` and policy.csv,
/// in the order of [`Instrument::index`].
pub const INSTRUMENTS: &[&str] = &[
    "rule",
    "quota",
    "one_window",
    "detection",
    "legalised_share",
    "leave_share",
    "expelled_share",
    "fine",
    "ban_months",
    "c143",
    "c97",
    "return_payment",
    "equal_treatment",
    "inspection",
    "employer_fine",
];

impl Instrument {
    /// Position in [`INSTRUMENTS`].
    pub fn index(&self) -> usize {
        match self {
            Instrument::Rule(_) => 0,
            Instrument::Quota(_) => 1,
            Instrument::OneWindow(_) => 2,
            Instrument::Detection(_) => 3,
            Instrument::LegalisedShare(_) => 4,
            Instrument::LeaveShare(_) => 5,
            Instrument::ExpelledShare(_) => 6,
            Instrument::Fine(_) => 7,
            Instrument::BanMonths(_) => 8,
            Instrument::C143(_) => 9,
            Instrument::C97(_) => 10,
            Instrument::ReturnPayment(_) => 11,
            Instrument::EqualTreatment(_) => 12,
            Instrument::Inspection(_) => 13,
            Instrument::EmployerFine(_) => 14,
        }
    }

    /// Its name ([`INSTRUMENTS`]).
    pub fn name(&self) -> &'static str {
        INSTRUMENTS[self.index()]
    }

    /// Whether it may be scoped to origins or a skill (entry rule and quota).
    pub fn scoped(&self) -> bool {
        matches!(self, Instrument::Rule(_) | Instrument::Quota(_))
    }

    /// The value as written in policy.csv.
    pub fn value(&self) -> String {
        match *self {
            Instrument::Rule(r) => rule_word(r).to_string(),
            Instrument::OneWindow(b)
            | Instrument::C143(b)
            | Instrument::C97(b)
            | Instrument::EqualTreatment(b) => b.to_string(),
            Instrument::BanMonths(n) => n.to_string(),
            Instrument::Quota(x)
            | Instrument::Detection(x)
            | Instrument::LegalisedShare(x)
            | Instrument::LeaveShare(x)
            | Instrument::ExpelledShare(x)
            | Instrument::Fine(x)
            | Instrument::ReturnPayment(x)
            | Instrument::Inspection(x)
            | Instrument::EmployerFine(x) => super::fmt_num(x),
        }
    }
}

/// "open", "permit" or "closed".
pub fn rule_word(r: EntryRule) -> &'static str {
    match r {
        EntryRule::Open => "open",
        EntryRule::Permit => "permit",
        EntryRule::Closed => "closed",
    }
}

/// A dated change of one instrument of one country (a `[[policy]]` row
/// with several instruments gives one change each).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyChange {
    /// Index of the country whose policy changes.
    pub country: usize,
    /// First month of the new value.
    pub date: YearMonth,
    /// Who an entry rule or quota applies to (the whole country for any
    /// other instrument).
    #[serde(skip_serializing_if = "Scope::is_all")]
    pub scope: Scope,
    /// The instrument and its new value.
    #[serde(flatten)]
    pub set: Instrument,
}

/// The `[[policy]]` rows of a scenario: dated changes in date order (file
/// order within a month; rows dated after the run are left out with a
/// notice in [`Scenario::notices`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Policy {
    /// The changes, sorted by date (stable).
    pub changes: Vec<PolicyChange>,
}

impl Policy {
    /// Whether the scenario has no `[[policy]]` change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}
