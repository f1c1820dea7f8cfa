//! The run tables a comparison needs (countries, months, country series,
//! bilateral flows and stocks), from a finished run in memory or read back
//! from a run folder (CSV or Parquet, through [`crate::output::read_table`]).
//! [`RunTables::read_dir`] is the one place that reads a folder's files.
//!
//! Counts are kept as the source holds them (agents in memory, people in a
//! run folder's CSV files) with the factor to people ([`RunTables::unit`]);
//! [`RunTables::people`] converts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::model::{Scenario, YearMonth};
use crate::observe::Recorded;
use crate::output::format::find_table;
use crate::output::{MANIFEST, Manifest, read_table};
use crate::world::Grid;

/// One country in one month (counts in agents).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Series {
    /// Arrivals this month.
    pub immigration: u64,
    /// Departures this month.
    pub emigration: u64,
    /// Natives coming home this month.
    pub return_migration: u64,
    /// Natives living in the country.
    pub natives_at_home: u64,
    /// Natives living abroad.
    pub emigrants_abroad: u64,
    /// High-skilled natives, wherever they live.
    pub high_skilled_natives: u64,
    /// High-skilled natives living abroad.
    pub high_skilled_abroad: u64,
}

/// Movers of one month in one corridor (agents).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Month index.
    pub t: u32,
    /// Country left.
    pub from: u16,
    /// Country entered.
    pub to: u16,
    /// Movers.
    pub movers: u64,
}

/// A bilateral stock after month `t` (agents).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stock {
    /// Month index the stock was taken after.
    pub t: u32,
    /// Country of birth.
    pub origin: u16,
    /// Country of residence.
    pub residence: u16,
    /// Migrants.
    pub migrants: u64,
    /// High-skilled among them.
    pub high_skilled: u64,
}

/// What a comparison reads of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTables {
    /// Country codes in the run's order.
    pub codes: Vec<String>,
    /// People one agent stands for (the run's resolution).
    pub people_per_agent: f64,
    /// People per unit of the stored counts: `people_per_agent` for counts
    /// in agents, 1 for counts already in people.
    pub unit: f64,
    /// The month of each step.
    pub months: Vec<YearMonth>,
    /// The rows by (month t, country c).
    pub series: Grid<Series>,
    /// Non-zero flows.
    pub flows: Vec<Flow>,
    /// Non-zero stocks at each December and after the last month.
    pub stocks: Vec<Stock>,
}

impl RunTables {
    /// The tables of a run held in memory.
    pub fn from_recorded(scenario: &Scenario, rec: &Recorded) -> RunTables {
        RunTables {
            codes: scenario.countries.iter().map(|c| c.code.clone()).collect(),
            people_per_agent: rec.people_per_agent,
            unit: rec.people_per_agent,
            months: rec.months.clone(),
            series: Grid::rect_from_fn(rec.months.len(), rec.k, |t, c| {
                let r = &rec.month(t as u32)[c];
                Series {
                    immigration: r.immigration,
                    emigration: r.emigration,
                    return_migration: r.return_migration,
                    natives_at_home: r.natives_at_home,
                    emigrants_abroad: r.emigrants_abroad,
                    high_skilled_natives: r.high_skilled_natives,
                    high_skilled_abroad: r.high_skilled_abroad,
                }
            }),
            flows: rec
                .flows
                .iter()
                .map(|f| Flow {
                    t: f.t,
                    from: f.from,
                    to: f.to,
                    movers: f.movers as u64,
                })
                .collect(),
            stocks: rec
                .stocks
                .iter()
                .map(|s| Stock {
                    t: s.t,
                    origin: s.origin,
                    residence: s.residence,
                    migrants: s.migrants,
                    high_skilled: s.high_skilled,
                })
                .collect(),
        }
    }

    /// Number of countries.
    pub fn k(&self) -> usize {
        self.codes.len()
    }

    /// The row of country `c` in month `t`.
    pub fn at(&self, t: usize, c: usize) -> &Series {
        &self.series[(t, c)]
    }

    /// Stored counts as people.
    pub fn people(&self, count: u64) -> f64 {
        count as f64 * self.unit
    }

    /// Reads the tables of a run folder written by `migrasim run`.
    pub fn read_dir(dir: &Path) -> Result<RunTables, Error> {
        #[derive(Deserialize)]
        struct CountryCsv {
            code: String,
        }
        #[derive(Deserialize)]
        struct SeriesCsv {
            step: usize,
            date: String,
            country: String,
            population: f64,
            agents: u64,
            natives_at_home: u64,
            emigrants_abroad: u64,
            immigration: u64,
            emigration: u64,
            return_migration: u64,
            high_skilled_natives: u64,
            high_skilled_emigrants_abroad: u64,
        }
        #[derive(Deserialize)]
        struct FlowCsv {
            step: u32,
            origin: String,
            destination: String,
            movers: u64,
        }
        #[derive(Deserialize)]
        struct StockCsv {
            step: u32,
            origin: String,
            residence: String,
            migrants: u64,
            high_skilled: u64,
        }
        if !dir.join(MANIFEST).is_file() || find_table(dir, "timeseries").is_none() {
            return Err(Error::Calibration(format!(
                "{}: not a run folder (no {MANIFEST}, or no timeseries.csv or timeseries.parquet); write one with `migrasim run SCENARIO --out DIR`",
                dir.display()
            )));
        }
        let (_, countries): (_, Vec<CountryCsv>) = read_rows(dir, "countries")?;
        let codes: Vec<String> = countries.into_iter().map(|c| c.code).collect();
        let index: HashMap<&str, u16> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i as u16))
            .collect();
        let (ts_path, rows): (_, Vec<SeriesCsv>) = read_rows(dir, "timeseries")?;
        let k = codes.len();
        let steps = rows.iter().map(|r| r.step + 1).max().unwrap_or(0);
        if k == 0 || steps == 0 || rows.len() != k * steps {
            return Err(bad(&ts_path, "expected one row per country per month"));
        }
        let mut months = vec![YearMonth { year: 0, month: 1 }; steps];
        let mut series = Grid::rect(steps, k, Series::default());
        let (mut people, mut agents) = (0.0, 0u64);
        for r in &rows {
            let c = *index
                .get(r.country.as_str())
                .ok_or_else(|| bad(&ts_path, format!("unknown country {}", r.country)))?;
            months[r.step] = parse_month(&r.date)
                .ok_or_else(|| bad(&ts_path, format!("bad date {}", r.date)))?;
            people += r.population;
            agents += r.agents;
            series[(r.step, c as usize)] = Series {
                immigration: r.immigration,
                emigration: r.emigration,
                return_migration: r.return_migration,
                natives_at_home: r.natives_at_home,
                emigrants_abroad: r.emigrants_abroad,
                high_skilled_natives: r.high_skilled_natives,
                high_skilled_abroad: r.high_skilled_emigrants_abroad,
            };
        }
        // Counts in the files are people. The factor: the manifest's where
        // it records one, else the ratio of the population column (people)
        // to the agents column.
        let manifest = Manifest::read(dir).map_err(|e| match e {
            Error::Output { path, message } => bad(&path, message),
            e => e,
        })?;
        let people_per_agent =
            manifest
                .and_then(|m| m.people_per_agent())
                .unwrap_or(if agents > 0 {
                    people / agents as f64
                } else {
                    1.0
                });
        let code = |path: &Path, s: &str| {
            index
                .get(s)
                .copied()
                .ok_or_else(|| bad(path, format!("unknown country {s}")))
        };
        let (fl_path, flows) = read_rows::<FlowCsv>(dir, "flows")?;
        let flows = flows
            .into_iter()
            .map(|f| {
                Ok(Flow {
                    t: f.step,
                    from: code(&fl_path, &f.origin)?,
                    to: code(&fl_path, &f.destination)?,
                    movers: f.movers,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let (st_path, stocks) = read_rows::<StockCsv>(dir, "stocks")?;
        let stocks = stocks
            .into_iter()
            .map(|s| {
                Ok(Stock {
                    t: s.step,
                    origin: code(&st_path, &s.origin)?,
                    residence: code(&st_path, &s.residence)?,
                    migrants: s.migrants,
                    high_skilled: s.high_skilled,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(RunTables {
            codes,
            people_per_agent,
            unit: 1.0,
            months,
            series,
            flows,
            stocks,
        })
    }
}

/// `YYYY-MM` as a month.
pub fn parse_month(s: &str) -> Option<YearMonth> {
    let (y, m) = s.split_once('-')?;
    let month: u8 = m.parse().ok()?;
    (1..=12).contains(&month).then_some(YearMonth {
        year: y.parse().ok()?,
        month,
    })
}

fn bad(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Calibration(format!("{}: {message}", path.display()))
}

/// The file and the rows of table `name` of a run folder, CSV or Parquet.
fn read_rows<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    name: &str,
) -> Result<(PathBuf, Vec<T>), Error> {
    let cause = |e: Error| match e {
        Error::Output { path, message } => bad(&path, message),
        e => Error::Calibration(e.to_string()),
    };
    let t = read_table(dir, name).map_err(cause)?;
    let rows = t.deserialize().map_err(cause)?;
    Ok((t.path, rows))
}
