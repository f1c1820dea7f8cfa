//! Merging every run's metrics into `results.csv`: one row per run, sorted
//! by run id; columns run_id, point, replicate, seed, every swept key,
//! every metric. The text of each value is the run's own, so the table is
//! byte for byte the same however and wherever the runs ran.

use std::path::PathBuf;

use super::status::{self, RunState};
pub use super::table::{Row, Table};
use super::{RESULTS, SweepDir};
use crate::error::Error;
use crate::output::atomic::write_file_atomically;

/// Reads every run's result; fails, naming them, if any is not done.
pub fn table(dir: &SweepDir) -> Result<Table, Error> {
    let st = status::read(dir)?;
    if !st.complete() {
        let (d, f, m) = st.counts();
        let mut msg = format!(
            "{}: {f} failed and {m} missing of {} runs ({d} done); nothing collected\n",
            dir.root.display(),
            st.states.len()
        );
        msg.push_str(&st.report(10));
        msg.push_str(&format!(
            "finish them by re-running the sweep (locally or with --slurm), see `migrasim sweep status {}`",
            dir.root.display()
        ));
        return Err(Error::Sweep(msg));
    }
    let manifest = &st.manifest;
    let mut metrics: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut results = Vec::with_capacity(manifest.runs.len());
    for (r, s) in manifest.runs.iter().zip(&st.states) {
        debug_assert_eq!(*s, RunState::Done);
        let res = status::read_result(dir, manifest, &r.id).ok_or_else(|| {
            Error::Sweep(format!(
                "{}: disappeared while collecting",
                dir.result(&r.id).display()
            ))
        })?;
        for (name, _) in &res.metrics {
            if !index.contains_key(name) {
                index.insert(name.clone(), metrics.len());
                metrics.push(name.clone());
            }
        }
        results.push((r, res));
    }
    let mut rows: Vec<Row> = results
        .into_iter()
        .map(|(r, res)| {
            let mut vals = vec![String::new(); metrics.len()];
            for (name, v) in res.metrics {
                vals[index[&name]] = v;
            }
            Row {
                id: r.id.clone(),
                point: r.point,
                replicate: r.replicate,
                seed: r.seed,
                values: r.values.clone(),
                metrics: vals,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Table {
        axes: manifest.axes.clone(),
        metrics,
        rows,
    })
}

/// The CSV text of a table.
pub fn to_csv(t: &Table) -> Result<Vec<u8>, Error> {
    let enc = |e: csv::Error| Error::Sweep(format!("cannot write {RESULTS}: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = vec!["run_id", "point", "replicate", "seed"];
    header.extend(t.axes.iter().map(String::as_str));
    header.extend(t.metrics.iter().map(String::as_str));
    w.write_record(&header).map_err(enc)?;
    for r in &t.rows {
        let mut rec = vec![
            r.id.clone(),
            r.point.to_string(),
            r.replicate.to_string(),
            r.seed.to_string(),
        ];
        rec.extend(r.values.iter().cloned());
        rec.extend(r.metrics.iter().cloned());
        w.write_record(&rec).map_err(enc)?;
    }
    w.into_inner()
        .map_err(|e| Error::Sweep(format!("cannot write {RESULTS}: {e}")))
}

/// What [`collect`] wrote.
#[derive(Debug, Clone)]
pub struct Collected {
    /// `results.csv`.
    pub results: PathBuf,
    /// Runs in it.
    pub runs: usize,
    /// Metrics per run.
    pub metrics: usize,
    /// Plot files drawn.
    pub plots: Vec<PathBuf>,
}

/// Writes `results.csv` (and, with `plots`, the sweep plots) for a sweep
/// whose runs are all done.
pub fn collect(dir: &SweepDir, plots: bool) -> Result<Collected, Error> {
    let t = table(dir)?;
    let path = dir.root.join(RESULTS);
    write_file_atomically(&path, &to_csv(&t)?)?;
    #[cfg(feature = "plots")]
    let drawn = if plots {
        super::plot::draw(&t, &dir.root.join("plots"))?
    } else {
        Vec::new()
    };
    #[cfg(not(feature = "plots"))]
    let drawn = {
        let _ = plots;
        Vec::new()
    };
    Ok(Collected {
        results: path,
        runs: t.rows.len(),
        metrics: t.metrics.len(),
        plots: drawn,
    })
}
