//! The recorded outputs of a run folder, read back from its files
//! (countries.csv, timeseries.csv, flows.csv, manifest.json) into plain
//! structs, and the figures the charts and the report are made of.
//!
//! Nothing here looks at the engine: a folder written by any version that
//! keeps the documented columns can be drawn (extra columns are ignored).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::output::tables::FlowsRow;

pub use super::figures::Summary;
use crate::output::{Manifest, read_table};
use crate::world::Square;

/// A row of countries.csv (the writer's row type).
pub use crate::output::tables::CountriesRow as CountryRow;

/// A row of timeseries.csv, one country and one month (the writer's row
/// type; columns newer than the first versions read as 0 or empty from
/// folders written before them).
pub use crate::output::timeseries::TimeseriesRow as SeriesRow;

/// A row of regions.csv, one region and one month (the writer's row type).
pub use crate::output::tables::RegionsRow as RegionRow;

/// A count column of timeseries.csv (missing from older folders: 0).
pub type Count = fn(&SeriesRow) -> u64;

/// Return motives as (label, column), in the order of the README; the
/// columns add up to `return_migration`.
pub const RETURN_MOTIVES: [(&str, Count); 9] = [
    ("own decision", |r| r.returns_decision),
    ("contract ended", |r| r.returns_contract_end),
    ("season ended", |r| r.returns_season_end),
    ("ordered to leave", |r| r.returns_leave_order),
    ("expelled", |r| r.returns_expelled),
    ("permit lapsed", |r| r.returns_permit_lapse),
    ("savings target reached", |r| r.returns_savings_target),
    ("return programme", |r| r.returns_programme),
    ("refugees brought home", |r| r.refugees_moved_home),
];

/// Outcomes of detecting an irregular resident, as (label, column).
pub const ENFORCEMENT: [(&str, Count); 3] = [
    ("legalised (with a fine)", |r| r.detected_legalised),
    ("ordered to leave", |r| r.detected_ordered_to_leave),
    ("expelled (re-entry ban)", |r| r.detected_expelled),
];

/// Direction of a move (README, *Forms of migration*): the vocabulary of
/// flows.csv, shared with the writers.
pub use crate::observe::forms::Direction;

/// The forms-of-migration columns of a flows.csv row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowForms {
    /// Whether the two countries are on different continents.
    pub intercontinental: bool,
    /// Direction of the low-skilled movers that are not returning home.
    pub direction: Direction,
    /// Direction of the high-skilled movers that are not returning home.
    pub direction_high_skilled: Direction,
    /// Movers entering their country of birth.
    pub returns: u64,
    /// High-skilled among `returns`.
    pub high_skilled_returns: u64,
}

/// The forms-of-migration columns of a flows.csv row (a folder that has
/// them: [`Columns::forms`]).
fn forms(f: &FlowsRow) -> FlowForms {
    let direction = Direction::parse(&f.direction);
    FlowForms {
        intercontinental: f.territory.trim() == "intercontinental",
        direction,
        direction_high_skilled: Direction::parse(&f.direction_high_skilled),
        returns: f.returns,
        high_skilled_returns: f.high_skilled_returns,
    }
}

/// A row of flows.csv with country indices.
#[derive(Debug, Clone, Copy)]
pub struct FlowRow {
    /// Month index.
    pub step: usize,
    /// Index of the country left.
    pub origin: usize,
    /// Index of the country entered.
    pub destination: usize,
    /// People who moved.
    pub movers: u64,
    /// Of whom high-skilled.
    pub high_skilled: u64,
    /// Territory, direction and returns (`None` in run folders written
    /// before forms of migration were recorded).
    pub forms: Option<FlowForms>,
}

/// Which of the newer columns a run folder has (older folders lack them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    /// timeseries.csv has `phase`.
    pub phase: bool,
    /// timeseries.csv has `emigration_intercontinental` and `emigration_intracontinental`.
    pub territory: bool,
    /// timeseries.csv has `high_skilled_immigrants` and `brain_waste`.
    pub brain_waste: bool,
    /// flows.csv has `territory`, `direction`, `direction_high_skilled`,
    /// `returns` and `high_skilled_returns`.
    pub forms: bool,
    /// timeseries.csv has the forms-by-duration, legality and
    /// return-motive columns (`temporary_workers`, `irregular_immigrants`,
    /// `returns_decision`, ...).
    pub life: bool,
    /// timeseries.csv has `shock`, `refugees` and `idps`.
    pub shocks: bool,
}

/// A divided country: its index and, per region (in order of first
/// appearance in regions.csv), the region's name and its share of the
/// country's residents in each month.
pub type DividedCountry = (usize, Vec<(String, Vec<f64>)>);

/// Everything the charts and the report use.
#[derive(Debug, Clone)]
pub struct RunData {
    /// The run folder.
    pub dir: PathBuf,
    /// manifest.json as read (`None` if the folder has none).
    pub manifest: Option<Manifest>,
    /// Countries in the order of countries.csv.
    pub countries: Vec<CountryRow>,
    /// Date (YYYY-MM) of each month index.
    pub dates: Vec<String>,
    /// Time of each month index in fractional years (2004-07 → 2004.5),
    /// the x coordinate of time charts.
    pub times: Vec<f64>,
    /// timeseries.csv as `series[country][step]`.
    pub series: Vec<Vec<SeriesRow>>,
    /// flows.csv.
    pub flows: Vec<FlowRow>,
    /// Which newer columns the folder has.
    pub columns: Columns,
    /// regions.csv (empty when the folder has none: no divided country).
    pub regions: Vec<RegionRow>,
}

fn bad(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Plot {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// The rows of table `name` (CSV or Parquet) of a run folder.
pub(crate) fn read_rows<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    name: &str,
) -> Result<Vec<T>, Error> {
    Ok(read_rows_with_headers(dir, name)?.2)
}

/// The file, the column names and the rows of table `name` of a run folder.
fn read_rows_with_headers<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    name: &str,
) -> Result<(PathBuf, Vec<String>, Vec<T>), Error> {
    let t = read_table(dir, name).map_err(|e| match e {
        Error::Output { path, message } => bad(&path, message),
        e => e,
    })?;
    let rows = t.deserialize().map_err(|e| match e {
        Error::Output { path, message } => bad(&path, message),
        e => e,
    })?;
    Ok((t.path, t.headers, rows))
}

impl RunData {
    /// Reads a run folder.
    pub fn read(dir: &Path) -> Result<RunData, Error> {
        let (cpath, _, countries): (_, _, Vec<CountryRow>) =
            read_rows_with_headers(dir, "countries")?;
        if countries.is_empty() {
            return Err(bad(&cpath, "no countries"));
        }
        let index: HashMap<&str, usize> = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let (ts_path, ts_headers, rows): (_, _, Vec<SeriesRow>) =
            read_rows_with_headers(dir, "timeseries")?;
        let has = |h: &[String], names: &[&str]| names.iter().all(|n| h.iter().any(|x| x == n));
        let months = rows.iter().map(|r| r.step + 1).max().unwrap_or(0);
        if months == 0 {
            return Err(bad(&ts_path, "no months recorded"));
        }
        let mut dates = vec![String::new(); months];
        let mut series: Vec<Vec<Option<SeriesRow>>> = vec![vec![None; months]; countries.len()];
        for r in rows {
            let k = *index
                .get(r.country.as_str())
                .ok_or_else(|| bad(&ts_path, format!("unknown country {}", r.country)))?;
            dates[r.step] = r.date.clone();
            let step = r.step;
            series[k][step] = Some(r);
        }
        let series = series
            .into_iter()
            .enumerate()
            .map(|(k, s)| {
                s.into_iter()
                    .enumerate()
                    .map(|(t, r)| {
                        r.ok_or_else(|| {
                            bad(
                                &ts_path,
                                format!("no row for {} at step {t}", countries[k].code),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (fl_path, fl_headers, fl_rows) = read_rows_with_headers::<FlowsRow>(dir, "flows")?;
        let columns = Columns {
            phase: has(&ts_headers, &["phase"]),
            territory: has(
                &ts_headers,
                &["emigration_intercontinental", "emigration_intracontinental"],
            ),
            brain_waste: has(&ts_headers, &["high_skilled_immigrants", "brain_waste"]),
            life: has(
                &ts_headers,
                &[
                    "temporary_workers",
                    "seasonal_workers",
                    "commuters_out",
                    "irregular_immigrants",
                    "detected_legalised",
                    "returns_decision",
                ],
            ),
            shocks: has(&ts_headers, &["shock", "refugees", "idps"]),
            forms: has(
                &fl_headers,
                &[
                    "territory",
                    "direction",
                    "direction_high_skilled",
                    "returns",
                    "high_skilled_returns",
                ],
            ),
        };
        let flows = fl_rows
            .into_iter()
            .map(|f| {
                let o = index.get(f.origin.as_str());
                let d = index.get(f.destination.as_str());
                match (o, d) {
                    (Some(&origin), Some(&destination)) if f.step < months => Ok(FlowRow {
                        step: f.step,
                        origin,
                        destination,
                        movers: f.movers,
                        high_skilled: f.high_skilled,
                        forms: columns.forms.then(|| forms(&f)),
                    }),
                    _ => Err(bad(
                        &fl_path,
                        format!(
                            "flow {} → {} at step {} does not match the countries or months",
                            f.origin, f.destination, f.step
                        ),
                    )),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let manifest = Manifest::read(dir).map_err(|e| match e {
            Error::Output { path, message } => bad(&path, message),
            e => e,
        })?;
        let times = (0..months)
            .map(|t| year_fraction(&dates[t]).unwrap_or(t as f64 / 12.0))
            .collect();
        let rpath = crate::output::format::find_table(dir, "regions")
            .map_or_else(|| dir.join("regions.csv"), |(p, _)| p);
        let regions: Vec<RegionRow> = if rpath.exists() {
            read_rows(dir, "regions")?
        } else {
            Vec::new()
        };
        if let Some(r) = regions
            .iter()
            .find(|r| r.step >= months || !index.contains_key(r.country.as_str()))
        {
            return Err(bad(
                &rpath,
                format!(
                    "region {} of {} at step {} does not match the countries or months",
                    r.region, r.country, r.step
                ),
            ));
        }
        Ok(RunData {
            dir: dir.to_path_buf(),
            manifest,
            countries,
            dates,
            times,
            series,
            flows,
            columns,
            regions,
        })
    }

    /// Number of countries.
    pub fn k(&self) -> usize {
        self.countries.len()
    }

    /// Number of months.
    pub fn months(&self) -> usize {
        self.dates.len()
    }

    /// The last month's row of country `k`.
    pub fn last(&self, k: usize) -> &SeriesRow {
        &self.series[k][self.months() - 1]
    }

    /// Country indices from the poorest to the richest (base low-skilled wage).
    pub fn by_wage(&self) -> Vec<usize> {
        let mut o: Vec<usize> = (0..self.k()).collect();
        o.sort_by(|&a, &b| {
            self.countries[a]
                .wage_low
                .total_cmp(&self.countries[b].wage_low)
                .then(a.cmp(&b))
        });
        o
    }

    /// Cumulative `of(flow row)` over the run by (origin, destination):
    /// movers with `|f| f.movers`.
    pub fn cumulative_flows(&self, of: impl Fn(&FlowRow) -> u64) -> Square<u64> {
        let mut m = Square::new(self.k(), 0u64);
        for f in &self.flows {
            m[(f.origin, f.destination)] += of(f);
        }
        m
    }

    /// Per month: (all moves, high-skilled moves, returns home).
    pub fn moves_by_month(&self) -> Vec<(u64, u64, u64)> {
        let mut v = vec![(0u64, 0u64, 0u64); self.months()];
        for f in &self.flows {
            v[f.step].0 += f.movers;
            v[f.step].1 += f.high_skilled;
        }
        for s in &self.series {
            for r in s {
                v[r.step].2 += r.return_migration;
            }
        }
        v
    }

    /// Per month, moves by direction (indexed as [`Direction::ALL`]), each
    /// flows.csv row split into its return, low-skilled and high-skilled
    /// parts; `None` when flows.csv has no direction columns.
    pub fn moves_by_direction(&self) -> Option<Vec<[u64; 7]>> {
        if !self.columns.forms {
            return None;
        }
        let mut v = vec![[0u64; 7]; self.months()];
        for f in &self.flows {
            let Some(x) = f.forms else { continue };
            let m = &mut v[f.step];
            let low_returns = x.returns.saturating_sub(x.high_skilled_returns);
            m[Direction::Return.index()] += x.returns;
            m[x.direction.index()] += f
                .movers
                .saturating_sub(f.high_skilled)
                .saturating_sub(low_returns);
            m[x.direction_high_skilled.index()] +=
                f.high_skilled.saturating_sub(x.high_skilled_returns);
        }
        Some(v)
    }

    /// Per month, (intercontinental, intracontinental) moves, from
    /// flows.csv's `territory` or else timeseries.csv's emigration split;
    /// `None` when neither is recorded.
    pub fn moves_by_territory(&self) -> Option<Vec<(u64, u64)>> {
        let mut v = vec![(0u64, 0u64); self.months()];
        if self.columns.forms {
            for f in &self.flows {
                if let Some(x) = f.forms {
                    if x.intercontinental {
                        v[f.step].0 += f.movers;
                    } else {
                        v[f.step].1 += f.movers;
                    }
                }
            }
        } else if self.columns.territory {
            for r in self.series.iter().flatten() {
                v[r.step].0 += r.emigration_intercontinental;
                v[r.step].1 += r.emigration_intracontinental;
            }
        } else {
            return None;
        }
        Some(v)
    }

    /// Whether any destination ever holds a high-skilled immigrant whose
    /// qualification it did not recognise.
    pub fn has_brain_waste(&self) -> bool {
        self.series.iter().flatten().any(|r| r.brain_waste > 0)
    }

    /// Per month, `f` summed over the countries (missing columns count 0).
    pub fn total(&self, f: Count) -> Vec<u64> {
        let mut v = vec![0u64; self.months()];
        for r in self.series.iter().flatten() {
            v[r.step] += f(r);
        }
        v
    }

    /// Whether `f` is above zero in some month of some country.
    pub fn any(&self, f: Count) -> bool {
        self.series.iter().flatten().any(|r| f(r) > 0)
    }

    /// Whether the run has migrants in a form other than permanent or
    /// irregular residents (see the forms-and-legality chart).
    pub fn has_forms_or_legality(&self) -> bool {
        let cols: [Count; 4] = [
            |r| r.temporary_workers,
            |r| r.seasonal_workers,
            |r| r.commuters_out,
            |r| r.irregular_immigrants,
        ];
        cols.into_iter()
            .chain(ENFORCEMENT.map(|e| e.1))
            .any(|f| self.any(f))
    }

    /// Whether some return home had a motive other than the decision rule.
    pub fn has_return_motives(&self) -> bool {
        RETURN_MOTIVES[1..].iter().any(|m| self.any(m.1))
    }

    /// Countries hit by a `[[shock]]` or with people displaced by one, in
    /// the order of countries.csv.
    pub fn shocked(&self) -> Vec<usize> {
        (0..self.k())
            .filter(|&c| {
                self.series[c]
                    .iter()
                    .any(|r| !r.shock.trim().is_empty() || r.refugees > 0 || r.idps > 0)
            })
            .collect()
    }

    /// Divided countries, in the order of countries.csv, each with its
    /// regions (in order of first appearance) and, per region, its share
    /// of the country's residents (summed over its regions) in each month.
    pub fn region_shares(&self) -> Vec<DividedCountry> {
        let index: HashMap<&str, usize> = self
            .countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let mut out: Vec<DividedCountry> = Vec::new();
        let mut totals: HashMap<usize, Vec<f64>> = HashMap::new();
        for r in &self.regions {
            let c = index[r.country.as_str()];
            let pos = match out.iter().position(|x| x.0 == c) {
                Some(p) => p,
                None => {
                    out.push((c, Vec::new()));
                    out.len() - 1
                }
            };
            let regions = &mut out[pos].1;
            let j = match regions.iter().position(|x| x.0 == r.region) {
                Some(j) => j,
                None => {
                    regions.push((r.region.clone(), vec![0.0; self.months()]));
                    regions.len() - 1
                }
            };
            regions[j].1[r.step] += r.population as f64;
            totals.entry(c).or_insert_with(|| vec![0.0; self.months()])[r.step] +=
                r.population as f64;
        }
        for (c, regions) in &mut out {
            let total = &totals[c];
            for (_, v) in regions.iter_mut() {
                for (x, t) in v.iter_mut().zip(total) {
                    *x = if *t > 0.0 { *x / t } else { 0.0 };
                }
            }
        }
        out.sort_by_key(|x| x.0);
        out
    }
}

/// `YYYY-MM` as fractional years: year + (month − 1) / 12.
pub fn year_fraction(date: &str) -> Option<f64> {
    let (y, m) = date.split_once('-')?;
    let y: i32 = y.trim().parse().ok()?;
    let m: u32 = m.trim().parse().ok()?;
    (1..=12)
        .contains(&m)
        .then(|| y as f64 + (m - 1) as f64 / 12.0)
}
