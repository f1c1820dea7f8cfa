//! The tables of a run folder, and the rows of countries.csv, flows.csv,
//! stocks.csv and regions.csv: one typed row per table (see [`super::row`])
//! whose fields are its columns, and how the rows are made. Column names
//! are stable (documented in docs/outputs.md and in each folder's
//! `datapackage.json`); numbers are written with a fixed number of decimals
//! so that files are byte-identical across machines and thread counts.
//! Every count is in people (agents × people per agent, rounded:
//! `observe::summary::to_people`); the one column in agents is called
//! `agents`.

use std::path::Path;

use super::columns::{AGENTS, Column, NONE, PEOPLE, SHARE, USD_MONTH};
use super::format::{Format, TableWriter};
use super::row::{Row, table_row};
use super::timeseries::{TimeseriesDataRow, TimeseriesRow, fill_timeseries, has_data_series};
use crate::error::Error;
use crate::model::Scenario;
use crate::observe::Recorded;
use crate::observe::forms::{Direction, Territory};
use crate::observe::summary::to_people;

/// Fills a table's rows from the scenario and what the run recorded.
pub type Fill = fn(&mut TableWriter, &Scenario, &Recorded) -> Result<(), Error>;

/// One table of a run folder.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Name (the file is `name.csv` or `name.parquet`).
    pub name: &'static str,
    /// What a row is.
    pub description: &'static str,
    /// Its columns, in order.
    pub columns: &'static [Column],
    /// Columns added after them when `extra_if` holds for the scenario.
    pub extra: &'static [Column],
    /// Whether a scenario's table has the `extra` columns.
    pub extra_if: fn(&Scenario) -> bool,
    /// Columns that identify a row.
    pub primary_key: &'static [&'static str],
    /// Columns holding a country code of countries.csv.
    pub country_columns: &'static [&'static str],
    /// Whether a run of the scenario has the table.
    pub present: fn(&Scenario) -> bool,
    /// Makes its rows.
    pub fill: Fill,
}

/// The table of countries.
pub const COUNTRIES: Table = Table {
    name: "countries",
    description: "one row per country: the inputs as the run used them",
    columns: COUNTRIES_COLUMNS,
    extra: &[],
    extra_if: never,
    primary_key: &["code"],
    country_columns: &[],
    present: always,
    fill: fill_countries,
};

/// The monthly series by country.
pub const TIMESERIES: Table = Table {
    name: "timeseries",
    description: "one row per month per country",
    columns: TIMESERIES_COLUMNS,
    extra: DATA_COLUMNS,
    extra_if: has_data_series,
    primary_key: &["step", "country"],
    country_columns: &["country"],
    present: always,
    fill: fill_timeseries,
};

/// Bilateral flows by month.
pub const FLOWS: Table = Table {
    name: "flows",
    description: "one row per month, origin and destination with at least one mover",
    columns: FLOWS_COLUMNS,
    extra: &[],
    extra_if: never,
    primary_key: &["step", "origin", "destination"],
    country_columns: &["origin", "destination"],
    present: always,
    fill: fill_flows,
};

/// Bilateral stocks at each December and after the last month.
pub const STOCKS: Table = Table {
    name: "stocks",
    description: "one row per origin and residence pair with migrants, at each December and after the last month",
    columns: STOCKS_COLUMNS,
    extra: &[],
    extra_if: never,
    primary_key: &["step", "origin", "residence"],
    country_columns: &["origin", "residence"],
    present: always,
    fill: fill_stocks,
};

/// Regions by month.
pub const REGIONS: Table = Table {
    name: "regions",
    description: "one row per month per region: residents and internal moves (only when a country is divided)",
    columns: REGIONS_COLUMNS,
    extra: &[],
    extra_if: never,
    primary_key: &["step", "country", "region"],
    country_columns: &["country"],
    present: has_regions,
    fill: fill_regions,
};

fn never(_: &Scenario) -> bool {
    false
}

fn always(_: &Scenario) -> bool {
    true
}

fn has_regions(s: &Scenario) -> bool {
    !s.regions.is_empty()
}

/// Distances, borders and pair terms of each ordered pair of countries.
pub const PAIRS: Table = Table {
    name: "pairs",
    description: "one row per ordered pair of different countries: distance, border, language and pair terms (what migrasim facts needs)",
    columns: super::pairs::PAIRS_COLUMNS,
    extra: &[],
    extra_if: never,
    primary_key: &["from", "to"],
    country_columns: &["from", "to"],
    present: always,
    fill: super::pairs::fill_pairs,
};

/// Every policy instrument's value at the start and each dated change.
pub const POLICY: Table = Table {
    name: "policy",
    description: "one row per country, instrument and month its value starts (written when the scenario has entry rules, [[policy]] rows or a return programme)",
    columns: super::policy::POLICY_COLUMNS,
    extra: &[],
    extra_if: never,
    primary_key: &["date", "country", "scope", "instrument"],
    country_columns: &["country"],
    present: crate::policy::has_policy,
    fill: super::policy::fill_policy,
};

/// UNHCR-style refugee stocks by country fled and country of asylum.
pub const REFUGEES: Table = Table {
    name: "refugees",
    description: "one row per country fled and country of asylum with refugees, at each December and after the last month",
    columns: super::policy::REFUGEES_COLUMNS,
    extra: &[],
    extra_if: never,
    primary_key: &["step", "origin", "asylum"],
    country_columns: &["origin", "asylum"],
    present: super::policy::has_refugees,
    fill: super::policy::fill_refugees,
};

impl Table {
    /// The columns of this table in a run of `s`.
    pub fn columns_of(&self, s: &Scenario) -> Vec<Column> {
        let mut c = self.columns.to_vec();
        if (self.extra_if)(s) {
            c.extend_from_slice(self.extra);
        }
        c
    }
}

/// Every table, in the order they are written.
pub const TABLES: &[Table] = &[
    COUNTRIES, TIMESERIES, FLOWS, STOCKS, REGIONS, PAIRS, POLICY, REFUGEES,
];

/// The tables a run of `s` writes.
pub fn tables_of(s: &Scenario) -> impl Iterator<Item = &'static Table> {
    TABLES.iter().filter(move |t| (t.present)(s))
}

/// Writes `table` into folder `dir` in `format`.
pub fn write_table(
    dir: &Path,
    table: &Table,
    format: Format,
    s: &Scenario,
    rec: &Recorded,
) -> Result<(), Error> {
    let mut w = TableWriter::create(
        &dir.join(format.file_name(table.name)),
        format,
        &table.columns_of(s),
    )?;
    (table.fill)(&mut w, s, rec)?;
    w.finish()
}

/// `table` as an Arrow record batch in memory (typed as in Parquet).
pub fn table_batch(
    table: &Table,
    s: &Scenario,
    rec: &Recorded,
) -> Result<arrow_array::RecordBatch, Error> {
    let mut w = TableWriter::memory(table.name, &table.columns_of(s));
    (table.fill)(&mut w, s, rec)?;
    w.into_batch()
}

/// Columns of timeseries.csv.
pub const TIMESERIES_COLUMNS: &[Column] = TimeseriesRow::COLUMNS;

/// Columns added to timeseries.csv when the scenario has a `[data]` series.
pub const DATA_COLUMNS: &[Column] = TimeseriesDataRow::COLUMNS;

/// Columns of flows.csv.
pub const FLOWS_COLUMNS: &[Column] = FlowsRow::COLUMNS;

/// Columns of stocks.csv.
pub const STOCKS_COLUMNS: &[Column] = StocksRow::COLUMNS;

/// Columns of regions.csv (written only when a country is divided).
pub const REGIONS_COLUMNS: &[Column] = RegionsRow::COLUMNS;

/// Columns of countries.csv.
pub const COUNTRIES_COLUMNS: &[Column] = CountriesRow::COLUMNS;

table_row! {
    /// A row of countries.csv: a country as the run used it.
    pub struct CountriesRow {
        #[serde(default)]
        index: usize => int[NONE]("position of the country in the scenario, counted from 0"),
        code: String => text("country code"),
        name: String => text("country name"),
        continent: String => text("continent"),
        group: String => text("development group (industrialised, transition, developing)"),
        #[serde(serialize_with = "crate::output::row::d0")]
        population: f64 => int[PEOPLE]("population at the start"),
        #[serde(serialize_with = "crate::output::row::d2")]
        wage_low: f64 => num[USD_MONTH]("monthly wage of the low-skilled at the start"),
        #[serde(serialize_with = "crate::output::row::d2")]
        wage_high: f64 => num[USD_MONTH]("monthly wage of the high-skilled at the start"),
        #[serde(serialize_with = "crate::output::row::d6", default)]
        unemployment: f64 => num[SHARE]("unemployment rate at the start"),
        #[serde(serialize_with = "crate::output::row::d6", default)]
        high_skilled_share: f64 => num[SHARE]("share of the high-skilled among the population at the start"),
    }
}

table_row! {
    /// A row of flows.csv: the movers of one month from one country to another.
    ///
    /// Columns newer than the first versions default when missing.
    pub struct FlowsRow {
        step: usize => month_index(),
        #[serde(default)]
        date: String => month(),
        origin: String => text("country left (not necessarily the movers' country of birth)"),
        destination: String => text("country entered"),
        movers: u64 => count("people who made this move this month"),
        high_skilled: u64 => count("high-skilled among the movers"),
        #[serde(default)]
        territory: String => text("intercontinental or intracontinental (see Forms of migration)"),
        #[serde(default)]
        direction: String => text("direction of the row's low-skilled movers that are not returning home"),
        #[serde(default)]
        direction_high_skilled: String => text("direction of the row's high-skilled movers that are not returning home (differs from direction only for industrialised → developing)"),
        #[serde(default)]
        returns: u64 => count("movers entering their own country of birth; their direction is return"),
        #[serde(default)]
        high_skilled_returns: u64 => count("high-skilled among returns"),
        #[serde(default)]
        movers_permanent: u64 => count("movers not in one of the two forms below"),
        #[serde(default)]
        movers_temporary: u64 => count("movers on a temporary contract: going abroad on one, or home at its end"),
        #[serde(default)]
        movers_seasonal: u64 => count("seasonal workers: going abroad at the start of a season, or home at its end; the three movers_ add up to movers"),
        #[serde(default)]
        movers_irregular: u64 => count("movers entering the destination without a permit (part of movers, whatever their form)"),
    }
}

table_row! {
    /// A row of stocks.csv: migrants by origin and residence at a year's end.
    pub struct StocksRow {
        step: usize => month_index(),
        date: String => month(),
        origin: String => text("country of birth"),
        residence: String => text("country of residence"),
        migrants: u64 => count("people born in origin living in residence"),
        high_skilled: u64 => count("high-skilled among migrants"),
    }
}

table_row! {
    /// A row of regions.csv: one region, one month.
    ///
    /// Columns the charts do not need default when missing.
    pub struct RegionsRow {
        step: usize => month_index(),
        #[serde(default)]
        date: String => month(),
        country: String => text("country code"),
        region: String => text("region name"),
        #[serde(default)]
        agents: u64 => int[AGENTS]("agents living in the region after the month"),
        population: u64 => int[PEOPLE]("people living in the region after the month"),
        #[serde(default)]
        internal_in: u64 => count("internal moves into the region this month, from other regions of the country"),
        #[serde(default)]
        internal_out: u64 => count("internal moves out of the region this month; a country's internal_in and internal_out add up to the same"),
        #[serde(serialize_with = "crate::output::row::d2", default)]
        wage_low: f64 => num[USD_MONTH]("monthly wage of the low-skilled here (the country's × wage_factor)"),
        #[serde(serialize_with = "crate::output::row::d2", default)]
        wage_high: f64 => num[USD_MONTH]("monthly wage of the high-skilled here (the country's × wage_factor)"),
        #[serde(serialize_with = "crate::output::row::d6", default)]
        unemployment: f64 => num[SHARE]("unemployment rate here"),
    }
}

/// People of a count of agents.
fn people(agents: u64, ppa: f64) -> u64 {
    to_people(agents as i64, ppa) as u64
}

/// Rows of countries.csv: the countries as the run saw them.
fn fill_countries(w: &mut TableWriter, s: &Scenario, _: &Recorded) -> Result<(), Error> {
    for (i, c) in s.countries.iter().enumerate() {
        w.serialize(&CountriesRow {
            index: i,
            code: c.code.clone(),
            name: c.name.clone(),
            continent: c.continent.clone(),
            group: c.group.as_str().to_string(),
            population: c.population,
            wage_low: c.wage_low,
            wage_high: c.wage_high,
            unemployment: c.unemployment,
            high_skilled_share: c.high_skilled_share,
        })?;
    }
    Ok(())
}

/// Rows of flows.csv: movers by month, country left (origin) and country
/// entered (destination); non-zero rows only.
fn fill_flows(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let p = |agents: u64| people(agents, rec.people_per_agent);
    for (i, f) in rec.flows.iter().enumerate() {
        let x = rec.flow_forms.get(i).copied().unwrap_or_default();
        let (from, to) = (f.from as usize, f.to as usize);
        w.serialize(&FlowsRow {
            step: f.t as usize,
            date: rec.months[f.t as usize].to_string(),
            origin: s.countries[from].code.clone(),
            destination: s.countries[to].code.clone(),
            movers: p(f.movers as u64),
            high_skilled: p(f.high_skilled as u64),
            territory: Territory::of(s, from, to).as_str().to_string(),
            direction: Direction::of(s, from, to, false, false)
                .as_str()
                .to_string(),
            direction_high_skilled: Direction::of(s, from, to, true, false).as_str().to_string(),
            returns: p(f.returns as u64),
            high_skilled_returns: p(f.high_skilled_returns as u64),
            movers_permanent: p((f.movers - x.temporary - x.seasonal) as u64),
            movers_temporary: p(x.temporary as u64),
            movers_seasonal: p(x.seasonal as u64),
            movers_irregular: p(x.irregular as u64),
        })?;
    }
    Ok(())
}

/// Rows of stocks.csv: migrants by origin and residence at each December and
/// after the last month; non-zero rows with origin ≠ residence only.
fn fill_stocks(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let p = |agents: u64| people(agents, rec.people_per_agent);
    for r in &rec.stocks {
        w.serialize(&StocksRow {
            step: r.t as usize,
            date: rec.months[r.t as usize].to_string(),
            origin: s.countries[r.origin as usize].code.clone(),
            residence: s.countries[r.residence as usize].code.clone(),
            migrants: p(r.migrants),
            high_skilled: p(r.high_skilled),
        })?;
    }
    Ok(())
}

/// Rows of regions.csv: a row per month per `[[region]]`, with its residents
/// and the internal moves into and out of it.
fn fill_regions(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let p = |agents: u64| people(agents, rec.people_per_agent);
    for r in &rec.regions {
        w.serialize(&RegionsRow {
            step: r.t as usize,
            date: rec.months[r.t as usize].to_string(),
            country: s.countries[r.country as usize].code.clone(),
            region: s.regions[r.region as usize].name.clone(),
            agents: r.residents,
            population: p(r.residents),
            internal_in: p(r.moved_in as u64),
            internal_out: p(r.moved_out as u64),
            wage_low: r.wage_low,
            wage_high: r.wage_high,
            unemployment: r.unemployment,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The row types against what serde writes (here, not in `row`, which
    //! knows no table).
    use super::*;
    use crate::output::pairs::PairsRow;
    use crate::output::policy::{PolicyRow, RefugeesRow};

    /// The header serde writes for `R` and the cells of `row`.
    fn written<R: Row>(row: &R) -> (Vec<String>, Vec<String>) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let cells = r.records().next().unwrap().unwrap();
        (header, cells.iter().map(String::from).collect())
    }

    fn columns_are_the_fields<R: Row + Default>() {
        let (header, cells) = written(&R::default());
        let names: Vec<&str> = R::COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(header, names, "{}", std::any::type_name::<R>());
        assert_eq!(cells.len(), names.len());
    }

    #[test]
    fn every_table_s_columns_are_its_row_s_fields_in_order() {
        columns_are_the_fields::<CountriesRow>();
        columns_are_the_fields::<TimeseriesRow>();
        columns_are_the_fields::<TimeseriesDataRow>();
        columns_are_the_fields::<FlowsRow>();
        columns_are_the_fields::<StocksRow>();
        columns_are_the_fields::<RegionsRow>();
        columns_are_the_fields::<PairsRow>();
        columns_are_the_fields::<PolicyRow>();
        columns_are_the_fields::<RefugeesRow>();
    }

    #[test]
    fn numbers_keep_their_decimals_and_read_back() {
        let row = RegionsRow {
            step: 3,
            date: "2004-04".into(),
            country: "DE".into(),
            region: "East, \"new\" Länder".into(),
            agents: 12,
            population: 1200,
            internal_in: 0,
            internal_out: 7,
            wage_low: 1234.5,
            wage_high: 2.0 / 3.0,
            unemployment: 0.1,
        };
        let (_, cells) = written(&row);
        assert_eq!(cells[8..], ["1234.50", "0.67", "0.100000"]);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(&row).unwrap();
        let bytes = w.into_inner().unwrap();
        let back: RegionsRow = csv::Reader::from_reader(bytes.as_slice())
            .deserialize()
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(
            back,
            RegionsRow {
                wage_high: 0.67,
                ..row
            }
        );
        let data = TimeseriesDataRow {
            population_observed: Some(1e6 + 0.4),
            ..Default::default()
        };
        let (_, cells) = written(&data);
        assert_eq!(cells[2..], ["1000000", "", "", "", ""]);
        let pair = PairsRow {
            tie_utility: 1.0,
            pair_utility: 0.25,
            distance_km: 10.06,
            ..Default::default()
        };
        assert_eq!(written(&pair).1[2..], ["10.1", "0", "0", "1", "0.25"]);
    }
}
