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

use crate::scenario::{EntryRule, Scenario, YearMonth};

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

/// The policy in force in one month: what every part of a step reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyMonth {
    /// The month.
    pub date: YearMonth,
    /// Each country's instruments.
    pub countries: Vec<CountryPolicy>,
    /// Lanes: the general lane of country j at index j, then every scoped
    /// lane of the scenario (active or not yet), in order of first
    /// appearance; ids are the same in every month of a run.
    pub lanes: Vec<Lane>,
    /// Active scoped lanes of each destination, most specific first.
    scoped: Vec<Vec<usize>>,
}

impl PolicyMonth {
    /// The policy of `scenario` in force in `date`: the starting values of
    /// `[legality]`, `[[entry]]` (its `one_window` month included),
    /// `[returns]` (the programme from `programme_start`) and the
    /// migrant wage discounts, then every `[[policy]]` change dated no
    /// later than `date`, in date order.
    pub fn at(scenario: &Scenario, date: YearMonth) -> PolicyMonth {
        let k = scenario.num_countries();
        let l = &scenario.legality;
        let r = &scenario.returns;
        let payment = if r.programme_on(date) {
            r.programme_payment
        } else {
            0.0
        };
        let mut countries: Vec<CountryPolicy> = (0..k)
            .map(|j| CountryPolicy {
                one_window: false,
                detection: l.detection,
                shares: [l.legalised_share, l.leave_share, l.expelled_share],
                fine: l.fine,
                ban_months: l.ban_months,
                c143: l.c143,
                c97: true,
                return_payment: payment,
                equal_treatment: scenario.migrant_wage_discount(j) == 0.0,
                inspection: l.inspection,
                employer_fine: l.employer_fine,
            })
            .collect();
        let mut lanes: Vec<Lane> = (0..k)
            .map(|j| Lane {
                country: j,
                scope: Scope::default(),
                rule: Some(EntryRule::Open),
                quota: None,
                active: true,
            })
            .collect();
        for e in &scenario.entries {
            let lane = &mut lanes[e.country];
            lane.rule = Some(e.rule);
            lane.quota = e.quota;
            let c = &mut countries[e.country];
            c.detection = e.detection.unwrap_or(l.detection);
            c.one_window = e.one_window.is_some_and(|m| m <= date);
        }
        for ch in scenario.policy.changes.iter() {
            if !ch.set.scoped() || ch.scope.is_all() {
                continue;
            }
            if !lanes
                .iter()
                .any(|x| x.country == ch.country && x.scope == ch.scope)
            {
                lanes.push(Lane {
                    country: ch.country,
                    scope: ch.scope.clone(),
                    rule: None,
                    quota: None,
                    active: false,
                });
            }
        }
        for ch in scenario.policy.changes.iter().filter(|c| c.date <= date) {
            let j = ch.country;
            let lane = if ch.scope.is_all() {
                j
            } else {
                lanes
                    .iter()
                    .position(|x| x.country == j && x.scope == ch.scope)
                    .unwrap_or(j)
            };
            let c = &mut countries[j];
            match ch.set {
                Instrument::Rule(x) => {
                    lanes[lane].rule = Some(x);
                    lanes[lane].active = true;
                }
                Instrument::Quota(x) => {
                    lanes[lane].quota = Some(x);
                    lanes[lane].active = true;
                }
                Instrument::OneWindow(x) => c.one_window = x,
                Instrument::Detection(x) => c.detection = x,
                Instrument::LegalisedShare(x) => c.shares[0] = x,
                Instrument::LeaveShare(x) => c.shares[1] = x,
                Instrument::ExpelledShare(x) => c.shares[2] = x,
                Instrument::Fine(x) => c.fine = x,
                Instrument::BanMonths(x) => c.ban_months = x,
                Instrument::C143(x) => c.c143 = x,
                Instrument::C97(x) => c.c97 = x,
                Instrument::ReturnPayment(x) => c.return_payment = x,
                Instrument::EqualTreatment(x) => c.equal_treatment = x,
                Instrument::Inspection(x) => c.inspection = x,
                Instrument::EmployerFine(x) => c.employer_fine = x,
            }
        }
        let mut scoped = vec![Vec::new(); k];
        for (id, lane) in lanes.iter().enumerate().skip(k) {
            if lane.active {
                scoped[lane.country].push(id);
            }
        }
        for ids in &mut scoped {
            // Most specific first; among equals, the first declared.
            ids.sort_by_key(|&id| std::cmp::Reverse(lanes[id].scope.specificity()));
        }
        PolicyMonth {
            date,
            countries,
            lanes,
            scoped,
        }
    }

    /// Number of lanes (the same in every month of a run).
    pub fn num_lanes(&self) -> usize {
        self.lanes.len()
    }

    /// The lane a native of `o` with skill level `s` enters `j` by.
    #[inline]
    pub fn lane(&self, o: usize, s: u8, j: usize) -> usize {
        self.scoped[j]
            .iter()
            .copied()
            .find(|&id| self.lanes[id].scope.matches(o, s))
            .unwrap_or(j)
    }

    /// Whether destination `j` has active scoped lanes this month.
    #[inline]
    pub fn has_scoped(&self, j: usize) -> bool {
        !self.scoped[j].is_empty()
    }

    /// The entry rule of lane `id`.
    #[inline]
    pub fn rule(&self, id: usize) -> EntryRule {
        let lane = &self.lanes[id];
        match lane.rule {
            Some(r) => r,
            None => self.lanes[lane.country].rule.unwrap_or(EntryRule::Open),
        }
    }

    /// The general entry rule of destination `j` (the one the decision
    /// weighs: see docs/policy.md).
    #[inline]
    pub fn general_rule(&self, j: usize) -> EntryRule {
        self.rule(j)
    }

    /// Share of the wage an irregular worker in `j` loses: the
    /// `[legality] irregular_discount` raised by employer sanctions, whose
    /// expected fine per irregular worker and month (inspection chance ×
    /// employer fine) employers pass on to the wage they pay, relative to
    /// `j`'s base low-skill wage; at most [`MAX_IRREGULAR_DISCOUNT`].
    pub fn irregular_discount(&self, scenario: &Scenario, j: usize) -> f64 {
        let base = scenario.legality.irregular_discount;
        let c = &self.countries[j];
        let expected = c.inspection * c.employer_fine;
        if expected == 0.0 {
            return base;
        }
        let wage = scenario.countries[j].wage_low.max(1e-9);
        (base + expected / wage).min(MAX_IRREGULAR_DISCOUNT.max(base))
    }

    /// The expected cost of staying irregularly in `j` in utility (issue 15
    /// item 2), as a person weighing irregular entry sees it: with
    /// P = 1 − (1 − detection)^12 the chance of being detected within a
    /// year and the outcome shares s_L (legalised with a fine) and s_E
    /// (expelled with a ban),
    /// deterrence · β_w · [ln(1 + P·s_L·fine / Y) + ln(1 + P·s_E·ban / 12)],
    /// Y = 12 · wage_low · (1 − irregular discount) a year's irregular
    /// earnings in `j` (base wage), ban in months. 0 when nothing is at
    /// stake.
    pub fn irregular_risk(&self, scenario: &Scenario, j: usize) -> f64 {
        let l = &scenario.legality;
        if l.deterrence == 0.0 {
            return 0.0;
        }
        let c = &self.countries[j];
        let p = 1.0 - libm::pow(1.0 - c.detection, 12.0);
        let [legalised, _, expelled] = c.outcome_shares();
        let year = 12.0
            * scenario.countries[j].wage_low
            * (1.0 - self.irregular_discount(scenario, j)).max(1e-9);
        let fine = libm::log1p(p * legalised * c.fine / year.max(1e-9));
        let ban = libm::log1p(p * expelled * f64::from(c.ban_months) / 12.0);
        l.deterrence * scenario.decision.wage_weight * (fine + ban)
    }

    /// How much less likely than `[legality] irregular_share` a refused
    /// permit applicant for `j` is to go irregularly: e^(−(risk + S)),
    /// with the expected risk ([`PolicyMonth::irregular_risk`]) and S the
    /// extra wage loss from employer sanctions,
    /// β_w · [ln(1 − δ) − ln(1 − δ')], in the same utility units.
    pub fn irregular_deterrence(&self, scenario: &Scenario, j: usize) -> f64 {
        let base = scenario.legality.irregular_discount;
        let now = self.irregular_discount(scenario, j);
        let sanctions = scenario.decision.wage_weight * (libm::log1p(-base) - libm::log1p(-now));
        libm::exp(-(self.irregular_risk(scenario, j) + sanctions))
    }

    /// Entry cost of every destination in utility, added to the border
    /// barrier of moves that are not free (see [`Scenario::entry_costs`]):
    /// by the destination's general rule, a permit's cost (lowered by a
    /// one-window procedure) or, for a closed country, the cost of
    /// irregular entry, the expected wage loss −β_w ln(1 − δ'), and the
    /// expected fine and ban ([`PolicyMonth::irregular_risk`]).
    pub fn entry_costs(&self, scenario: &Scenario) -> Vec<f64> {
        let l = &scenario.legality;
        let k = scenario.num_countries();
        (0..k)
            .map(|j| match self.general_rule(j) {
                EntryRule::Open => 0.0,
                EntryRule::Permit if self.countries[j].one_window => {
                    l.permit_cost * l.one_window_factor
                }
                EntryRule::Permit => l.permit_cost,
                EntryRule::Closed => {
                    l.irregular_cost
                        - scenario.decision.wage_weight
                            * libm::log1p(-self.irregular_discount(scenario, j))
                        + self.irregular_risk(scenario, j)
                }
            })
            .collect()
    }

    /// The utility bonus of going home for a native of each country abroad
    /// (see [`Scenario::return_bonus`]): wage_weight · ln(1 + payment /
    /// (12 · wage_low of the origin)) where the origin's programme pays.
    pub fn return_bonus(&self, scenario: &Scenario) -> Vec<f64> {
        scenario
            .countries
            .iter()
            .zip(&self.countries)
            .map(|(c, p)| {
                if p.return_payment > 0.0 {
                    scenario.decision.wage_weight
                        * libm::log1p(p.return_payment / (12.0 * c.wage_low))
                } else {
                    0.0
                }
            })
            .collect()
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
