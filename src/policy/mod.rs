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

use serde::Serialize;

use crate::model::{EntryRule, Scenario, YearMonth};

mod month;

pub use month::{PolicyMonth, free_movement, free_pairs};

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
            | Instrument::EmployerFine(x) => crate::model::fmt_num(x),
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
    scenario.entries.iter().any(|e| e.rule != EntryRule::Open)
        || scenario
            .policy
            .changes
            .iter()
            .any(|c| matches!(c.set, Instrument::Rule(r) if r != EntryRule::Open))
}

/// Whether some country runs a voluntary-return programme at some date.
pub fn has_programme(scenario: &Scenario) -> bool {
    let r = &scenario.returns;
    (r.programme_payment > 0.0 && r.programme_start.is_some())
        || scenario
            .policy
            .changes
            .iter()
            .any(|c| matches!(c.set, Instrument::ReturnPayment(x) if x > 0.0))
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

/// One row of policy.csv: the value an instrument takes from a month on.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// First month of the value.
    pub date: YearMonth,
    /// Index of the country.
    pub country: usize,
    /// Who it applies to (entry rule and quota of a scoped lane).
    pub scope: Scope,
    /// Instrument name ([`INSTRUMENTS`]).
    pub instrument: &'static str,
    /// The value as written ("none" for no quota).
    pub value: String,
}

/// The policy of every country over the run: every instrument's value at
/// the start (scoped lanes from the month they are set up), then a row for
/// each value that changes, in date order; the rows of policy.csv.
pub fn timeline(scenario: &Scenario) -> Vec<TimelineRow> {
    let first = scenario.simulation.start;
    let last = scenario.date_of_step(scenario.simulation.months.saturating_sub(1));
    let mut dates: Vec<YearMonth> = scenario.policy.changes.iter().map(|c| c.date).collect();
    dates.extend(scenario.entries.iter().filter_map(|e| e.one_window));
    dates.extend(scenario.returns.programme_start);
    dates.retain(|&d| d > first && d <= last);
    dates.sort();
    dates.dedup();
    let mut rows = Vec::new();
    let mut before: Option<PolicyMonth> = None;
    for date in std::iter::once(first).chain(dates) {
        let now = PolicyMonth::at(scenario, date);
        for (j, c) in now.countries.iter().enumerate() {
            let old = before.as_ref().map(|b| b.countries[j].instruments());
            for (i, x) in c.instruments().into_iter().enumerate() {
                if old.as_ref().is_none_or(|o| o[i] != x) {
                    rows.push(TimelineRow {
                        date,
                        country: j,
                        scope: Scope::default(),
                        instrument: x.name(),
                        value: x.value(),
                    });
                }
            }
        }
        for (id, lane) in now.lanes.iter().enumerate() {
            if !lane.active {
                continue;
            }
            let old = before
                .as_ref()
                .map(|b| (b.lanes[id].active, b.rule(id), b.lanes[id].quota));
            let (rule, quota) = (now.rule(id), lane.quota);
            let was = |f: &dyn Fn(EntryRule, Option<f64>) -> bool| {
                old.is_some_and(|(active, r, q)| active && f(r, q))
            };
            if !was(&|r, _| r == rule) {
                rows.push(TimelineRow {
                    date,
                    country: lane.country,
                    scope: lane.scope.clone(),
                    instrument: "rule",
                    value: rule_word(rule).to_string(),
                });
            }
            if !was(&|_, q| q == quota) {
                rows.push(TimelineRow {
                    date,
                    country: lane.country,
                    scope: lane.scope.clone(),
                    instrument: "quota",
                    value: quota.map_or("none".to_string(), crate::model::fmt_num),
                });
            }
        }
        before = Some(now);
    }
    rows
}
