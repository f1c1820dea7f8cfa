//! `migrasim facts RUN_DIR`: the stylised facts of migration measured on a
//! run folder, read back from its files only (the countries, timeseries,
//! flows and pairs tables, CSV or Parquet), set against the published values
//! of issue 14 (docs/facts.md):
//!
//! - the gravity regression: ln(moves from i to j over the run) on ln
//!   distance, ln populations (residents in the first month), contiguity,
//!   a common language and ln income per head of both, by OLS with
//!   classical standard errors, over the pairs with moves;
//! - gross moves per 5 years as a share of the world's residents (people);
//! - the return share of moves;
//! - the tertiary / total emigration ratio by origin (share of
//!   high-skilled natives abroad over share of all natives abroad, at the
//!   end of the run);
//! - the migration hump: share of natives abroad at the end against the
//!   origin's income per head, with the peak of a quadratic in ln income.
//!
//! Income per head is 12 × the mean base wage of the country's workers
//! ((1 − h) · wage_low + h · wage_high, US$ a year), the income the
//! scenario gives it.

#[cfg(feature = "plots")]
mod charts;
pub mod ols;
mod table;
pub mod types;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::write_dir_atomically;
use crate::world::Square;
use ols::ols;

pub use crate::output::FACTS_DIR;
pub use types::{Band, Facts, GRAVITY_TERMS, Gravity, Origin, Row};

/// A table of a run folder (CSV or Parquet) read whole, columns found by name.
struct Csv {
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

impl Csv {
    /// Reads table `name` (`countries`, `flows`, ...) of a run folder,
    /// CSV or Parquet.
    fn read(dir: &Path, name: &str) -> Result<Csv, Error> {
        let Some((path, _)) = crate::output::format::find_table(dir, name) else {
            return Err(Error::Facts {
                path: dir.join(format!("{name}.csv")),
                message: format!(
                    "no {name}.csv or {name}.parquet in the run folder; `migrasim facts` needs a \
                     folder written by `migrasim run` (pairs is written since the gravity rule; \
                     run the scenario again)"
                ),
            });
        };
        let t = crate::output::read_table(dir, name).map_err(|e| match e {
            Error::Output { path, message } => Error::Facts { path, message },
            e => Error::Facts {
                path: path.clone(),
                message: e.to_string(),
            },
        })?;
        Ok(Csv {
            path: t.path,
            header: t.headers,
            rows: t.rows,
        })
    }

    fn col(&self, name: &str) -> Result<usize, Error> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::Facts {
                path: self.path.clone(),
                message: format!("no column `{name}`"),
            })
    }

    fn num(&self, row: &csv::StringRecord, col: usize) -> Result<f64, Error> {
        let v = row.get(col).unwrap_or("");
        v.parse::<f64>().map_err(|_| Error::Facts {
            path: self.path.clone(),
            message: format!(
                "{}`{v}` in column `{}` is not a number",
                row.position()
                    .map_or(String::new(), |p| format!("line {}: ", p.line())),
                self.header[col]
            ),
        })
    }
}

/// Measures the facts of the run folder `dir`.
pub fn measure(dir: &Path) -> Result<Facts, Error> {
    let countries = Csv::read(dir, "countries")?;
    let series = Csv::read(dir, "timeseries")?;
    let flows = Csv::read(dir, "flows")?;
    let pairs = Csv::read(dir, "pairs")?;

    // Countries and their income per head.
    let (cc, wl, wh, hs) = (
        countries.col("code")?,
        countries.col("wage_low")?,
        countries.col("wage_high")?,
        countries.col("high_skilled_share")?,
    );
    let mut index = HashMap::new();
    let mut codes = Vec::new();
    let mut income = Vec::new();
    for r in &countries.rows {
        let h = countries.num(r, hs)?;
        let y = 12.0 * ((1.0 - h) * countries.num(r, wl)? + h * countries.num(r, wh)?);
        index.insert(r.get(cc).unwrap_or("").to_string(), codes.len());
        codes.push(r.get(cc).unwrap_or("").to_string());
        income.push(y);
    }
    let k = codes.len();
    let find = |t: &Csv, r: &csv::StringRecord, c: usize| -> Result<usize, Error> {
        let code = r.get(c).unwrap_or("");
        index.get(code).copied().ok_or_else(|| Error::Facts {
            path: t.path.clone(),
            message: format!("country `{code}` is not in the run's countries table"),
        })
    };

    // Time series: first-month population, mean world residents, and the
    // end-of-run stocks.
    let (st, sc) = (series.col("step")?, series.col("country")?);
    let pop = series.col("population")?;
    let (home, abroad) = (
        series.col("natives_at_home")?,
        series.col("emigrants_abroad")?,
    );
    let (hn, ha) = (
        series.col("high_skilled_natives")?,
        series.col("high_skilled_emigrants_abroad")?,
    );
    let mut last_step = 0.0f64;
    for r in &series.rows {
        last_step = last_step.max(series.num(r, st)?);
    }
    let months = last_step as usize + 1;
    let mut population = vec![0.0; k];
    let mut residents_sum = 0.0;
    let mut end = vec![[0.0f64; 4]; k];
    for r in &series.rows {
        let (t, c) = (series.num(r, st)?, find(&series, r, sc)?);
        residents_sum += series.num(r, pop)?;
        if t == 0.0 {
            population[c] = series.num(r, pop)?;
        }
        if t == last_step {
            end[c] = [
                series.num(r, home)?,
                series.num(r, abroad)?,
                series.num(r, hn)?,
                series.num(r, ha)?,
            ];
        }
    }
    let world = residents_sum / months as f64;

    // Flows over the run.
    let (fo, fd) = (flows.col("origin")?, flows.col("destination")?);
    let (fm, fr, fp) = (
        flows.col("movers")?,
        flows.col("returns")?,
        flows.col("movers_permanent")?,
    );
    let mut moved = Square::new(k, 0.0);
    let (mut moves, mut returns, mut permanent) = (0.0, 0.0, 0.0);
    for r in &flows.rows {
        let (a, b) = (find(&flows, r, fo)?, find(&flows, r, fd)?);
        let m = flows.num(r, fm)?;
        moved[(a, b)] += m;
        moves += m;
        returns += flows.num(r, fr)?;
        permanent += flows.num(r, fp)?;
    }
    let per_5y = 60.0 / months as f64 / world.max(1e-300);

    // Pairs.
    let (pf, pt) = (pairs.col("from")?, pairs.col("to")?);
    let (pd, pc, pl) = (
        pairs.col("distance_km")?,
        pairs.col("contiguous")?,
        pairs.col("common_language")?,
    );
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for r in &pairs.rows {
        let (a, b) = (find(&pairs, r, pf)?, find(&pairs, r, pt)?);
        let m = moved[(a, b)];
        if m <= 0.0 || population[a] <= 0.0 || population[b] <= 0.0 {
            continue;
        }
        y.push(libm::log(m));
        rows.push(vec![
            1.0,
            libm::log(pairs.num(r, pd)?.max(1.0)),
            libm::log(population[a]),
            libm::log(population[b]),
            pairs.num(r, pc)?,
            pairs.num(r, pl)?,
            libm::log(income[a].max(1e-9)),
            libm::log(income[b].max(1e-9)),
        ]);
    }
    let gravity = gravity_fit(&y, &rows);

    // Origins.
    let origins: Vec<Origin> = (0..k)
        .map(|c| {
            let [home, abroad, high, high_abroad] = end[c];
            let natives = home + abroad;
            let rate = if natives > 0.0 { abroad / natives } else { 0.0 };
            let tertiary = if high > 0.0 { high_abroad / high } else { 0.0 };
            Origin {
                code: codes[c].clone(),
                income: income[c],
                emigration_rate: rate,
                tertiary_rate: tertiary,
                ratio: (rate > 0.0 && high > 0.0).then(|| tertiary / rate),
            }
        })
        .collect();
    let mut ratios: Vec<f64> = origins.iter().filter_map(|o| o.ratio).collect();
    ratios.sort_by(f64::total_cmp);
    let ratio_median = median(&ratios);
    let ratio_above_one = (!ratios.is_empty())
        .then(|| ratios.iter().filter(|&&r| r > 1.0).count() as f64 / ratios.len() as f64);
    let (hump_peak, hump_bins) = hump(&origins);
    Ok(Facts {
        months,
        gravity,
        moves_5y_share: moves * per_5y,
        permanent_moves_5y_share: permanent * per_5y,
        return_share: if moves > 0.0 { returns / moves } else { 0.0 },
        ratio_median,
        ratio_above_one,
        hump_peak,
        hump_bins,
        origins,
    })
}

/// The gravity regression, dropping the terms that do not vary.
pub fn gravity_fit(y: &[f64], rows: &[Vec<f64>]) -> Option<Gravity> {
    let first = rows.first()?;
    let mut keep = vec![0usize];
    let mut dropped = Vec::new();
    for (t, &name) in GRAVITY_TERMS.iter().enumerate().skip(1) {
        if rows.iter().any(|r| r[t] != first[t]) {
            keep.push(t);
        } else {
            dropped.push(name);
        }
    }
    let x: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| keep.iter().map(|&t| r[t]).collect())
        .collect();
    let fit = ols(y, &x)?;
    Some(Gravity {
        terms: keep.iter().map(|&t| GRAVITY_TERMS[t]).collect(),
        fit,
        dropped,
    })
}

fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    (n > 0).then(|| {
        if n % 2 == 1 {
            sorted[n / 2]
        } else {
            0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
        }
    })
}

/// The hump: the peak of a quadratic in ln income, and the mean rate by
/// income band (bands doubling from US$ 500 a year).
pub fn hump(origins: &[Origin]) -> (Option<f64>, Vec<Band>) {
    let usable: Vec<&Origin> = origins.iter().filter(|o| o.income > 0.0).collect();
    let rows: Vec<Vec<f64>> = usable
        .iter()
        .map(|o| {
            let l = libm::log(o.income);
            vec![1.0, l, l * l]
        })
        .collect();
    let y: Vec<f64> = usable.iter().map(|o| o.emigration_rate).collect();
    let lo = usable
        .iter()
        .map(|o| o.income)
        .fold(f64::INFINITY, f64::min);
    let hi = usable.iter().map(|o| o.income).fold(0.0, f64::max);
    let peak = ols(&y, &rows).and_then(|f| {
        let (b, c) = (f.coef[1], f.coef[2]);
        let top = libm::exp(-b / (2.0 * c));
        (c < 0.0 && top > lo && top < hi).then_some(top)
    });
    let mut bins = Vec::new();
    let mut a = 500.0;
    while a < hi.max(1000.0) * 2.0 && bins.len() < 16 {
        let b = a * 2.0;
        let inside: Vec<f64> = usable
            .iter()
            .filter(|o| (o.income >= a || (bins.is_empty() && o.income < a)) && o.income < b)
            .map(|o| o.emigration_rate)
            .collect();
        if !inside.is_empty() {
            let lower = if bins.is_empty() { 0.0 } else { a };
            bins.push((
                lower,
                b,
                inside.iter().sum::<f64>() / inside.len() as f64,
                inside.len(),
            ));
        }
        a = b;
    }
    (peak, bins)
}

impl Facts {
    /// Writes `dir/facts/` (facts.csv, gravity.csv, origins.csv, hump.csv
    /// and, with the `plots` feature, the charts), replacing an earlier
    /// one only when complete.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, Error> {
        let out = dir.join(FACTS_DIR);
        write_dir_atomically(&out, |tmp| {
            for (name, text) in self.csv_tables() {
                let p = tmp.join(name);
                std::fs::write(&p, text).map_err(|e| Error::io(&p, e))?;
            }
            #[cfg(feature = "plots")]
            charts::draw(self, tmp)?;
            Ok(())
        })?;
        Ok(out)
    }
}
