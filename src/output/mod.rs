//! Writers: the run folder (CSV or Parquet tables, their codebook
//! `datapackage.json`, manifest, plots), written under a temporary name and
//! renamed into place only when complete.

pub mod atomic;
pub mod columns;
pub mod datapackage;
pub mod format;
pub mod manifest;
pub mod names;
pub mod pairs;
pub mod policy;
pub mod read;
pub mod row;
pub mod tables;
pub mod target;
pub mod timeseries;

pub use atomic::write_dir_atomically;
pub use format::{Format, TableData, read_table};
pub use manifest::{BlocView, Manifest, Parameters};
pub use names::{
    COMPARE_DIR, COUNTRIES, DATAPACKAGE, FACTS_DIR, FLOWS, MANIFEST, POLICY, REFUGEES, REGIONS,
    STOCKS, TIMESERIES,
};

use std::path::Path;

use crate::Run;
use crate::error::Error;
use crate::model::Scenario;

/// Writes a run's folder at `dir` with CSV tables (replacing an earlier
/// one only once the new one is complete). Only an empty folder or a run
/// folder holding nothing but migrasim's files is replaced (see [`target`]).
pub fn write_run_dir(dir: &Path, scenario: &Scenario, run: &Run) -> Result<(), Error> {
    write_run_dir_as(dir, scenario, run, Format::Csv)
}

/// Writes a run's folder at `dir` with its tables in `format`.
pub fn write_run_dir_as(
    dir: &Path,
    scenario: &Scenario,
    run: &Run,
    format: Format,
) -> Result<(), Error> {
    target::stage(dir, target::Policy::ANY_RUN)?
        .commit(|tmp| write_run_files(tmp, scenario, run, format))
}

/// Writes the files of a run into an existing folder: the tables in
/// `format`, `datapackage.json` and `manifest.json`.
pub fn write_run_files(
    dir: &Path,
    scenario: &Scenario,
    run: &Run,
    format: Format,
) -> Result<(), Error> {
    for table in tables::tables_of(scenario) {
        tables::write_table(dir, table, format, scenario, &run.recorded)?;
    }
    datapackage::write(&dir.join(DATAPACKAGE), scenario, format)?;
    // A teaching scenario's exercise sheets go with its run (the report shows them).
    crate::teaching::copy_sheets(dir, scenario).map_err(|e| Error::io(dir, e))?;
    let manifest = Manifest::new(scenario, run, format);
    manifest.write(&dir.join(MANIFEST))
}
