//! policy.csv (issue 15): the value of every policy instrument of every
//! country at the start of the run and each dated change after it, from
//! [`crate::policy::timeline`]. Written when the scenario has an entry
//! rule, a `[[policy]]` row or a return programme.

use crate::error::Error;
use crate::observe::Recorded;
use crate::observe::summary::to_people;
use crate::scenario::Scenario;

use super::columns::{Column, DATE, STEP, count, text};
use super::format::TableWriter;

/// Columns of policy.csv.
pub const POLICY_COLUMNS: &[Column] = &[
    DATE,
    text("country", "country code of the country whose policy it is"),
    text(
        "scope",
        "whom the value applies to: all, or an origin group and/or skill lane",
    ),
    text("instrument", "the policy instrument (see docs/policy.md)"),
    text(
        "value",
        "its value from this month on (a number, a rule or a switch)",
    ),
];

/// Rows of policy.csv: a row per instrument, country and month in which its
/// value starts (the run's first month for the starting values).
pub fn fill_policy(w: &mut TableWriter, s: &Scenario, _: &Recorded) -> Result<(), Error> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    for row in crate::policy::timeline(s) {
        w.write_record([
            row.date.to_string(),
            codes[row.country].to_string(),
            row.scope.label(&codes),
            row.instrument.to_string(),
            row.value,
        ])?;
    }
    Ok(())
}

/// Columns of refugees.csv.
pub const REFUGEES_COLUMNS: &[Column] = &[
    STEP,
    DATE,
    text("origin", "country code of the country fled"),
    text("asylum", "country code of the country of asylum"),
    count(
        "refugees",
        "refugees from origin still displaced, living in asylum",
    ),
    count(
        "in_kin_state",
        "among them, people born in the country of asylum (refugees in their kin state)",
    ),
];

/// Rows of refugees.csv: UNHCR-style refugee stocks by country fled
/// (`origin`) and country of asylum at each December and after the last
/// month (issue 15), in people like stocks.csv.
pub fn fill_refugees(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    let p = |agents: u64| to_people(agents as i64, rec.people_per_agent).to_string();
    for r in &rec.refugee_stocks {
        w.write_record([
            r.t.to_string(),
            rec.months[r.t as usize].to_string(),
            codes[r.origin as usize].to_string(),
            codes[r.asylum as usize].to_string(),
            p(r.refugees),
            p(r.in_kin_state),
        ])?;
    }
    Ok(())
}

/// Whether a run of `s` writes refugees.csv (some shock sends refugees
/// abroad).
pub fn has_refugees(s: &Scenario) -> bool {
    s.shocks.iter().any(|x| x.refugees > 0.0)
}
