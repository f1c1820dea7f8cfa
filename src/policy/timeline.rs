//! The policy of every country over a run, as the rows of policy.csv: every
//! instrument's value at the start, then a row for each value that changes.
//! Apart from `mod.rs` because it reads [`PolicyMonth`], which reads the
//! lanes defined there.

use super::month::PolicyMonth;
use crate::model::policy::{Scope, rule_word};
use crate::model::{EntryRule, Scenario, YearMonth};

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
