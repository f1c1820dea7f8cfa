//! policy.csv (issue 15): the value of every policy instrument of every
//! country at the start of the run and each dated change after it, from
//! [`crate::policy::timeline`]. Written when the scenario has an entry
//! rule, a `[[policy]]` row or a return programme.

use std::path::Path;

use crate::error::Error;
use crate::scenario::Scenario;

/// Columns of policy.csv.
pub const POLICY_COLUMNS: &[&str] = &["date", "country", "scope", "instrument", "value"];

/// Writes policy.csv: a row per instrument, country and month in which its
/// value starts (the run's first month for the starting values).
pub fn write_policy(path: &Path, s: &Scenario) -> Result<(), Error> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    let mut w = csv::Writer::from_path(path).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    w.write_record(POLICY_COLUMNS).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    for row in crate::policy::timeline(s) {
        w.write_record([
            row.date.to_string(),
            codes[row.country].to_string(),
            row.scope.label(&codes),
            row.instrument.to_string(),
            row.value,
        ])
        .map_err(|e| Error::Output {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

/// Columns of refugees.csv.
pub const REFUGEES_COLUMNS: &[&str] = &[
    "step",
    "date",
    "origin",
    "asylum",
    "refugees",
    "in_kin_state",
];

/// Writes refugees.csv: UNHCR-style refugee stocks by country fled
/// (`origin`) and country of asylum at each December and after the last
/// month (issue 15), in agents like stocks.csv.
pub fn write_refugees(
    path: &Path,
    s: &Scenario,
    rec: &crate::observe::Recorded,
) -> Result<(), Error> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    let err = |e: csv::Error| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record(REFUGEES_COLUMNS).map_err(err)?;
    for r in &rec.refugee_stocks {
        w.write_record([
            r.t.to_string(),
            rec.months[r.t as usize].to_string(),
            codes[r.origin as usize].to_string(),
            codes[r.asylum as usize].to_string(),
            r.refugees.to_string(),
            r.in_kin_state.to_string(),
        ])
        .map_err(err)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

/// Whether a run of `s` writes refugees.csv (some shock sends refugees
/// abroad).
pub fn has_refugees(s: &Scenario) -> bool {
    s.shocks.iter().any(|x| x.refugees > 0.0)
}
