//! Writers: the run folder (CSV tables, manifest, plots), written under a
//! temporary name and renamed into place only when complete.

pub mod atomic;
pub mod manifest;
pub mod pairs;
pub mod policy;
pub mod tables;
pub mod target;

pub use atomic::write_dir_atomically;
pub use manifest::Manifest;

use std::path::Path;

use crate::Run;
use crate::error::Error;
use crate::scenario::Scenario;

/// Names of the files every run folder holds.
pub const TIMESERIES: &str = "timeseries.csv";
/// Bilateral flows by month.
pub const FLOWS: &str = "flows.csv";
/// Bilateral stocks at each year's end.
pub const STOCKS: &str = "stocks.csv";
/// Countries of the run (code, name, group, continent, wages...).
pub const COUNTRIES: &str = "countries.csv";
/// Regions by month (only when a country is divided into regions).
pub const REGIONS: &str = "regions.csv";
/// Policy instruments by country and month (only when the scenario has
/// entry rules, `[[policy]]` or a return programme).
pub const POLICY: &str = "policy.csv";
/// Refugees by country fled and country of asylum (only when a shock
/// sends refugees abroad).
pub const REFUGEES: &str = "refugees.csv";
/// What produced the run.
pub const MANIFEST: &str = "manifest.json";

/// Writes a run's folder at `dir` (replacing an earlier one only once the
/// new one is complete).
/// Only an empty folder or a run folder holding nothing but migrasim's
/// files is replaced (see [`target`]).
pub fn write_run_dir(dir: &Path, scenario: &Scenario, run: &Run) -> Result<(), Error> {
    target::stage(dir, target::Policy::ANY_RUN)?.commit(|tmp| write_run_files(tmp, scenario, run))
}

/// Writes the files of a run into an existing folder.
pub fn write_run_files(dir: &Path, scenario: &Scenario, run: &Run) -> Result<(), Error> {
    tables::write_countries(&dir.join(COUNTRIES), scenario)?;
    tables::write_timeseries(&dir.join(TIMESERIES), scenario, &run.recorded)?;
    tables::write_flows(&dir.join(FLOWS), scenario, &run.recorded)?;
    tables::write_stocks(&dir.join(STOCKS), scenario, &run.recorded)?;
    pairs::write_pairs(&dir.join(pairs::PAIRS), scenario)?;
    if !scenario.regions.is_empty() {
        tables::write_regions(&dir.join(REGIONS), scenario, &run.recorded)?;
    }
    if crate::policy::has_policy(scenario) {
        policy::write_policy(&dir.join(POLICY), scenario)?;
    }
    if policy::has_refugees(scenario) {
        policy::write_refugees(&dir.join(REFUGEES), scenario, &run.recorded)?;
    }
    // A teaching scenario's exercise sheets go with its run (the report shows them).
    crate::teaching::copy_sheets(dir, scenario).map_err(|e| Error::io(dir, e))?;
    let manifest = Manifest::new(scenario, run);
    manifest.write(&dir.join(MANIFEST))
}
