//! `migrasim._native`: the extension module under the `migrasim` Python
//! package. It runs the same engine as the command line and hands each
//! table to Python as an Arrow IPC stream (typed columns, read by pyarrow
//! without going through text), and the manifest and codebook as JSON.
//! The Python side (`pysrc/migrasim/__init__.py`) turns them into pandas
//! DataFrames and dicts.

use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_ipc::writer::StreamWriter;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use migrasim::Error;
use migrasim::output::{self, Format, Manifest, datapackage, tables};
use migrasim::simulation::RunOptions;
use migrasim::sweep::run::{ExecOptions, file_loader, run_local};
use migrasim::sweep::{SweepDir, absolute, collect};

create_exception!(
    _native,
    MigrasimError,
    PyException,
    "An error of migrasim; its message is the command line's (file:line:column, key, what is allowed, a hint)."
);
create_exception!(
    _native,
    InputError,
    MigrasimError,
    "Bad input (scenario, overrides, options, sweep file): what makes the command line exit with 2."
);

fn py_err(e: Error) -> PyErr {
    if e.is_input_error() {
        InputError::new_err(e.to_string())
    } else {
        MigrasimError::new_err(e.to_string())
    }
}

fn encode(label: &str, e: impl std::fmt::Display) -> Error {
    Error::Output {
        path: PathBuf::from(label),
        message: e.to_string(),
    }
}

/// A record batch as an Arrow IPC stream.
fn ipc(name: &str, batch: &RecordBatch) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    let mut w = StreamWriter::try_new(&mut buf, &batch.schema()).map_err(|e| encode(name, e))?;
    w.write(batch).map_err(|e| encode(name, e))?;
    w.finish().map_err(|e| encode(name, e))?;
    drop(w);
    Ok(buf)
}

/// What a run hands to Python.
struct Ran {
    tables: Vec<(&'static str, Vec<u8>)>,
    manifest: String,
    datapackage: String,
}

fn parse_format(format: &str) -> Result<Format, Error> {
    format
        .parse()
        .map_err(|m: String| Error::Options(format!("format: {m}")))
}

#[allow(clippy::too_many_arguments)]
fn run_inner(
    scenario: PathBuf,
    mut sets: Vec<String>,
    seed: Option<u64>,
    threads: Option<usize>,
    out: Option<PathBuf>,
    format: Format,
    plots: bool,
) -> Result<Ran, Error> {
    if let Some(seed) = seed {
        sets.push(format!("simulation.seed={seed}"));
    }
    let s = migrasim::scenario::load(&scenario, &sets)?;
    // The output place is checked before the run (a folder that is not a
    // migrasim run folder is never replaced).
    let staging = out
        .map(|o| output::target::stage(&o, output::target::Policy::ANY_RUN))
        .transpose()?;
    let run = migrasim::run(
        &s,
        &RunOptions {
            threads,
            cancel: None,
        },
    )?;
    let tables = tables::tables_of(&s)
        .map(|t| {
            Ok((
                t.name,
                ipc(t.name, &tables::table_batch(t, &s, &run.recorded)?)?,
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let manifest = serde_json::to_string(&Manifest::new(&s, &run, format))
        .map_err(|e| encode(output::MANIFEST, e))?;
    let datapackage = serde_json::to_string(&datapackage::package(&s, format))
        .map_err(|e| encode(output::DATAPACKAGE, e))?;
    if let Some(staging) = staging {
        staging.commit(|tmp| {
            output::write_run_files(tmp, &s, &run, format)?;
            #[cfg(feature = "plots")]
            {
                if plots {
                    migrasim::plots::draw_all(tmp)?;
                }
            }
            let _ = plots;
            Ok(())
        })?;
    }
    Ok(Ran {
        tables,
        manifest,
        datapackage,
    })
}

/// Runs a scenario; returns a dict with `tables` (name → Arrow IPC stream
/// bytes), `manifest` and `datapackage` (JSON text). With `out`, also
/// writes the run folder there, as `migrasim run --out` does.
#[pyfunction]
#[pyo3(signature = (scenario, sets = Vec::new(), seed = None, threads = None, out = None, format = "csv", plots = true))]
#[allow(clippy::too_many_arguments)]
fn run<'py>(
    py: Python<'py>,
    scenario: PathBuf,
    sets: Vec<String>,
    seed: Option<u64>,
    threads: Option<usize>,
    out: Option<PathBuf>,
    format: &str,
    plots: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let format = parse_format(format).map_err(py_err)?;
    let ran = py
        .detach(move || run_inner(scenario, sets, seed, threads, out, format, plots))
        .map_err(py_err)?;
    let tables = PyDict::new(py);
    for (name, bytes) in &ran.tables {
        tables.set_item(name, PyBytes::new(py, bytes))?;
    }
    let d = PyDict::new(py);
    d.set_item("tables", tables)?;
    d.set_item("manifest", ran.manifest)?;
    d.set_item("datapackage", ran.datapackage)?;
    Ok(d)
}

/// Checks a scenario (with overrides) and returns the summary that
/// `migrasim validate` prints.
#[pyfunction]
#[pyo3(signature = (scenario, sets = Vec::new()))]
fn validate(py: Python<'_>, scenario: PathBuf, sets: Vec<String>) -> PyResult<String> {
    py.detach(move || {
        let s = migrasim::scenario::load(&scenario, &sets).map_err(Error::from)?;
        Ok(migrasim::scenario::describe::summary(&s))
    })
    .map_err(py_err)
}

/// Runs a sweep file locally (the runs not done yet) and collects it;
/// returns the path of `results.csv`. Failed runs raise, as the command
/// line fails.
#[pyfunction]
#[pyo3(signature = (plan, out = None, jobs = None, threads = None, plots = false))]
fn sweep(
    py: Python<'_>,
    plan: PathBuf,
    out: Option<PathBuf>,
    jobs: Option<usize>,
    threads: Option<usize>,
    plots: bool,
) -> PyResult<String> {
    py.detach(move || -> Result<String, Error> {
        let plan = migrasim::sweep::plan::Plan::read(&plan)?;
        let out = out
            .or_else(|| plan.file.out.clone())
            .unwrap_or_else(|| PathBuf::from("output/sweeps").join(&plan.file.name));
        let dir = SweepDir::new(absolute(&out));
        let scenario = plan.file.scenario.clone();
        let loader = file_loader(&scenario);
        let opts = ExecOptions {
            jobs,
            threads,
            cores: None,
            quiet: true,
            log_each: false,
        };
        let o = run_local(&plan, &dir, &loader, &opts)?;
        if !o.failed.is_empty() {
            let mut msg = format!("{} run(s) failed:\n", o.failed.len());
            for (id, e) in o.failed.iter().take(10) {
                msg.push_str(&format!("  {id}: {e}\n"));
            }
            msg.push_str(&format!(
                "see `migrasim sweep status {}`; running the sweep again redoes only these",
                dir.root.display()
            ));
            return Err(Error::SweepRuns(msg));
        }
        let c = collect::collect(&dir, plots)?;
        Ok(c.results.display().to_string())
    })
    .map_err(py_err)
}

/// Compares a run folder (CSV or Parquet) with an observed file, as
/// `migrasim compare` does; returns a dict with `figures` (compare.csv
/// text), `cells` (compare_cells.csv text), `coverage` (one tuple per kind:
/// kind, observed, matched, no_country, no_time, no_skill) and `table` (the
/// text the command line prints). With `write`, also writes
/// `run_dir/compare/` (and the report section) as the command line does.
#[pyfunction]
#[pyo3(signature = (run_dir, observed, write = false, plots = false))]
fn compare<'py>(
    py: Python<'py>,
    run_dir: PathBuf,
    observed: PathBuf,
    write: bool,
    plots: bool,
) -> PyResult<Bound<'py, PyDict>> {
    type Cover = (String, usize, usize, usize, usize, usize);
    let (figures, cells, coverage, table) = py
        .detach(
            move || -> Result<(String, String, Vec<Cover>, String), Error> {
                let c = migrasim::compare::compare_dir(&run_dir, &observed)?;
                if write {
                    migrasim::compare::write(&run_dir, &c, &observed.display().to_string(), plots)?;
                }
                let coverage = c
                    .coverage
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().to_string(),
                            v.observed,
                            v.matched,
                            v.no_country,
                            v.no_time,
                            v.no_skill,
                        )
                    })
                    .collect();
                Ok((c.to_csv(), c.cells_csv(), coverage, c.table()))
            },
        )
        .map_err(py_err)?;
    let d = PyDict::new(py);
    d.set_item("figures", figures)?;
    d.set_item("cells", cells)?;
    d.set_item("coverage", coverage)?;
    d.set_item("table", table)?;
    Ok(d)
}

/// Measures the stylised facts of a run folder (CSV or Parquet), as
/// `migrasim facts` does; returns a dict of table name (`facts`,
/// `gravity`, `origins`, `hump`) → CSV text, and `table` (the text the
/// command line prints). With `write`, also writes `run_dir/facts/`.
#[pyfunction]
#[pyo3(signature = (run_dir, write = false))]
fn facts<'py>(py: Python<'py>, run_dir: PathBuf, write: bool) -> PyResult<Bound<'py, PyDict>> {
    type Measured = (Vec<(&'static str, String)>, String);
    let (tables, table) = py
        .detach(move || -> Result<Measured, Error> {
            let f = migrasim::facts::measure(&run_dir)?;
            if write {
                f.write(&run_dir)?;
            }
            Ok((f.csv_tables(), f.table()))
        })
        .map_err(py_err)?;
    let d = PyDict::new(py);
    for (name, text) in tables {
        d.set_item(name.trim_end_matches(".csv"), text)?;
    }
    d.set_item("table", table)?;
    Ok(d)
}

/// The module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("MigrasimError", m.py().get_type::<MigrasimError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(facts, m)?)?;
    Ok(())
}
