//! policy.csv (issue 15): the value of every policy instrument of every
//! country at the start of the run and each dated change after it, from
//! [`crate::policy::timeline`]. Written when the scenario has an entry
//! rule, a `[[policy]]` row or a return programme.

use crate::error::Error;
use crate::model::Scenario;
use crate::observe::Recorded;
use crate::observe::summary::to_people;

use super::columns::Column;
use super::format::TableWriter;
use super::row::{Row, table_row};

/// Columns of policy.csv.
pub const POLICY_COLUMNS: &[Column] = PolicyRow::COLUMNS;

table_row! {
    /// A row of policy.csv: an instrument's value from a month on.
    pub struct PolicyRow {
        date: String => month(),
        country: String => text("country code of the country whose policy it is"),
        #[serde(default)]
        scope: String => text("whom the value applies to: all, or an origin group and/or skill lane"),
        instrument: String => text("the policy instrument (see docs/policy.md)"),
        value: String => text("its value from this month on (a number, a rule or a switch)"),
    }
}

/// Rows of policy.csv: a row per instrument, country and month in which its
/// value starts (the run's first month for the starting values).
pub fn fill_policy(w: &mut TableWriter, s: &Scenario, _: &Recorded) -> Result<(), Error> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    for row in crate::policy::timeline(s) {
        w.serialize(&PolicyRow {
            date: row.date.to_string(),
            country: codes[row.country].to_string(),
            scope: row.scope.label(&codes),
            instrument: row.instrument.to_string(),
            value: row.value,
        })?;
    }
    Ok(())
}

/// Columns of refugees.csv.
pub const REFUGEES_COLUMNS: &[Column] = RefugeesRow::COLUMNS;

table_row! {
    /// A row of refugees.csv: refugees by country fled and country of asylum at a year's end.
    pub struct RefugeesRow {
        step: usize => month_index(),
        date: String => month(),
        origin: String => text("country code of the country fled"),
        asylum: String => text("country code of the country of asylum"),
        refugees: u64 => count("refugees from origin still displaced, living in asylum"),
        in_kin_state: u64 => count("among them, people born in the country of asylum (refugees in their kin state)"),
    }
}

/// Rows of refugees.csv: UNHCR-style refugee stocks by country fled
/// (`origin`) and country of asylum at each December and after the last
/// month (issue 15), in people like stocks.csv.
pub fn fill_refugees(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    let p = |agents: u64| to_people(agents as i64, rec.people_per_agent) as u64;
    for r in &rec.refugee_stocks {
        w.serialize(&RefugeesRow {
            step: r.t as usize,
            date: rec.months[r.t as usize].to_string(),
            origin: codes[r.origin as usize].to_string(),
            asylum: codes[r.asylum as usize].to_string(),
            refugees: p(r.refugees),
            in_kin_state: p(r.in_kin_state),
        })?;
    }
    Ok(())
}

/// Whether a run of `s` writes refugees.csv (some shock sends refugees
/// abroad).
pub fn has_refugees(s: &Scenario) -> bool {
    s.shocks.iter().any(|x| x.refugees > 0.0)
}
