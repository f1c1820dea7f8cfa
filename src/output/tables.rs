//! The CSV tables of a run folder. Column names are stable (documented in
//! the README); numbers are written with a fixed number of decimals so that
//! files are byte-identical across machines and thread counts. Every count is
//! in people (agents × people per agent, rounded: `observe::summary::to_people`);
//! the one column in agents is called `agents`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::error::Error;
use crate::observe::Recorded;
use crate::observe::forms::{Direction, Territory};
use crate::observe::summary::{ratio, to_people};
use crate::scenario::Scenario;

/// Columns of timeseries.csv.
pub const TIMESERIES_COLUMNS: &[&str] = &[
    "step",
    "date",
    "country",
    "population",
    "agents",
    "natives_at_home",
    "immigrants",
    "emigrants_abroad",
    "immigration",
    "emigration",
    "net_migration",
    "return_migration",
    "high_skilled_natives",
    "high_skilled_emigrants_abroad",
    "brain_drain_rate",
    "wage_low",
    "wage_high",
    "unemployment",
    "cycle",
    "labour_supply",
    "labour_supply_index",
    "emigration_intercontinental",
    "emigration_intracontinental",
    "high_skilled_immigrants",
    "brain_waste",
    "phase",
    "shock",
    "refugees_new",
    "refugees",
    "refugee_returns",
    "refugees_moved_home",
    "idps_new",
    "idps",
    "idp_returns",
    "fdi_inflow",
    "fdi_stock",
    "fdi_demand",
    "temporary_workers",
    "seasonal_workers",
    "commuters_in",
    "commuters_out",
    "contract_renewals",
    "returns_decision",
    "returns_contract_end",
    "returns_season_end",
    "returns_leave_order",
    "returns_expelled",
    "returns_permit_lapse",
    "irregular_immigrants",
    "permit_holders",
    "permanent_residents",
    "permits_granted",
    "permit_refusals",
    "irregular_entries",
    "detected_legalised",
    "detected_ordered_to_leave",
    "detected_expelled",
    "fines",
    "permit_lapses",
    "residence_granted",
    "returns_savings_target",
    "returns_programme",
    "programme_payments",
    "target_earners",
    "replacements",
    "reunifications",
    "postings_out",
    "postings_in",
    "posted_workers",
];

/// Columns added to timeseries.csv when the scenario has a `[data]`
/// series: people entering and leaving working age (people), and the
/// observed drivers next to the simulated outcomes (empty where the series
/// has no data for the country).
pub const DATA_COLUMNS: &[&str] = &[
    "entries",
    "exits",
    "population_observed",
    "wage_low_observed",
    "wage_high_observed",
    "unemployment_observed",
    "high_skilled_share_observed",
];

/// Columns of flows.csv.
pub const FLOWS_COLUMNS: &[&str] = &[
    "step",
    "date",
    "origin",
    "destination",
    "movers",
    "high_skilled",
    "territory",
    "direction",
    "direction_high_skilled",
    "returns",
    "high_skilled_returns",
    "movers_permanent",
    "movers_temporary",
    "movers_seasonal",
    "movers_irregular",
];

/// Columns of stocks.csv.
pub const STOCKS_COLUMNS: &[&str] = &[
    "step",
    "date",
    "origin",
    "residence",
    "migrants",
    "high_skilled",
];

/// Columns of regions.csv (written only when a country is divided).
pub const REGIONS_COLUMNS: &[&str] = &[
    "step",
    "date",
    "country",
    "region",
    "agents",
    "population",
    "internal_in",
    "internal_out",
    "wage_low",
    "wage_high",
    "unemployment",
];

/// Columns of countries.csv.
pub const COUNTRIES_COLUMNS: &[&str] = &[
    "index",
    "code",
    "name",
    "continent",
    "group",
    "population",
    "wage_low",
    "wage_high",
    "unemployment",
    "high_skilled_share",
];

fn writer(path: &Path, header: &[&str]) -> Result<csv::Writer<BufWriter<File>>, Error> {
    let f = File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, f));
    w.write_record(header).map_err(|e| csv_error(path, e))?;
    Ok(w)
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn finish(path: &Path, w: csv::Writer<BufWriter<File>>) -> Result<(), Error> {
    let inner = w.into_inner().map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let f = inner
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    f.sync_all().map_err(|e| Error::io(path, e))
}

/// Writes countries.csv: the countries as the run saw them.
pub fn write_countries(path: &Path, s: &Scenario) -> Result<(), Error> {
    let mut w = writer(path, COUNTRIES_COLUMNS)?;
    for (i, c) in s.countries.iter().enumerate() {
        w.write_record([
            i.to_string(),
            c.code.clone(),
            c.name.clone(),
            c.continent.clone(),
            c.group.as_str().to_string(),
            format!("{:.0}", c.population),
            format!("{:.2}", c.wage_low),
            format!("{:.2}", c.wage_high),
            format!("{:.6}", c.unemployment),
            format!("{:.6}", c.high_skilled_share),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

/// Writes timeseries.csv: a row per month per country.
pub fn write_timeseries(path: &Path, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let data = s.data.series.is_some();
    let columns: Vec<&str> = if data {
        TIMESERIES_COLUMNS
            .iter()
            .chain(DATA_COLUMNS)
            .copied()
            .collect()
    } else {
        TIMESERIES_COLUMNS.to_vec()
    };
    let mut w = writer(path, &columns)?;
    let ppa = rec.people_per_agent;
    let p = |agents: i64| to_people(agents, ppa).to_string();
    for r in &rec.series {
        let c = &s.countries[r.country as usize];
        let date = rec.months[r.t as usize].to_string();
        let mut row = Vec::from([
            r.t.to_string(),
            date,
            c.code.clone(),
            p(r.residents as i64),
            r.residents.to_string(),
            p(r.natives_at_home as i64),
            p(r.immigrants as i64),
            p(r.emigrants_abroad as i64),
            p(r.immigration as i64),
            p(r.emigration as i64),
            p(r.immigration as i64 - r.emigration as i64),
            p(r.return_migration as i64),
            p(r.high_skilled_natives as i64),
            p(r.high_skilled_abroad as i64),
            format!(
                "{:.6}",
                ratio(r.high_skilled_abroad, r.high_skilled_natives)
            ),
            format!("{:.2}", r.wage_low),
            format!("{:.2}", r.wage_high),
            format!("{:.6}", r.unemployment),
            format!("{:.6}", r.cycle),
            p(r.labour_supply as i64),
            format!("{:.6}", r.labour_supply_index),
            p(r.emigration_intercontinental as i64),
            p(r.emigration_intracontinental as i64),
            p(r.high_skilled_immigrants as i64),
            p(r.brain_waste as i64),
            r.phase.map_or("", |p| p.as_str()).to_string(),
            r.shock.map_or("", |s| s.as_str()).to_string(),
            p(r.refugees_new as i64),
            p(r.refugees as i64),
            p(r.refugee_returns as i64),
            p(r.refugees_moved_home as i64),
            p(r.idps_new as i64),
            p(r.idps as i64),
            p(r.idp_returns as i64),
            format!("{:.2}", r.fdi_inflow),
            format!("{:.2}", r.fdi_stock),
            format!("{:.6}", r.fdi_demand),
            p(r.temporary_workers as i64),
            p(r.seasonal_workers as i64),
            p(r.commuters_in as i64),
            p(r.commuters_out as i64),
            p(r.contract_renewals as i64),
            p((r.return_migration
                - r.refugees_moved_home
                - r.returns_contract_end
                - r.returns_season_end
                - r.returns_leave_order
                - r.returns_expelled
                - r.returns_permit_lapse
                - r.returns_savings_target
                - r.returns_programme) as i64),
            p(r.returns_contract_end as i64),
            p(r.returns_season_end as i64),
            p(r.returns_leave_order as i64),
            p(r.returns_expelled as i64),
            p(r.returns_permit_lapse as i64),
            p(r.irregular_immigrants as i64),
            p(r.permit_holders as i64),
            p(r.permanent_residents as i64),
            p(r.permits_granted as i64),
            p(r.permit_refusals as i64),
            p(r.irregular_entries as i64),
            p(r.detected_legalised as i64),
            p(r.detected_ordered_to_leave as i64),
            p(r.detected_expelled as i64),
            format!(
                "{:.0}",
                r.detected_legalised as f64 * rec.people_per_agent * s.legality.fine
            ),
            p(r.permit_lapses as i64),
            p(r.residence_granted as i64),
            p(r.returns_savings_target as i64),
            p(r.returns_programme as i64),
            format!(
                "{:.0}",
                r.returns_programme as f64 * rec.people_per_agent * s.returns.programme_payment
            ),
            p(r.target_earners as i64),
            p(r.replacements as i64),
            p(r.reunifications as i64),
            p(r.postings_out as i64),
            p(r.postings_in as i64),
            p(r.posted_workers as i64),
        ]);
        if data {
            row.extend(data_cells(s, r, ppa));
        }
        w.write_record(&row).map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

/// The [`DATA_COLUMNS`] of a row of timeseries.csv.
fn data_cells(s: &Scenario, r: &crate::observe::CountryMonth, ppa: f64) -> [String; 7] {
    use crate::scenario::SeriesVar::*;
    let j = r.country as usize;
    let v = |var, decimals: usize| {
        s.data
            .value(var, j, r.t)
            .map_or(String::new(), |x| format!("{x:.decimals$}"))
    };
    [
        to_people(r.entries as i64, ppa).to_string(),
        to_people(r.exits as i64, ppa).to_string(),
        v(Population, 0),
        v(WageLow, 2),
        v(WageHigh, 2),
        v(Unemployment, 6),
        v(HighSkilledShare, 6),
    ]
}

/// Writes flows.csv: movers by month, country left (origin) and country
/// entered (destination); non-zero rows only.
pub fn write_flows(path: &Path, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let mut w = writer(path, FLOWS_COLUMNS)?;
    let ppa = rec.people_per_agent;
    let p = |agents: i64| to_people(agents, ppa).to_string();
    for (i, f) in rec.flows.iter().enumerate() {
        let x = rec.flow_forms.get(i).copied().unwrap_or_default();
        let (from, to) = (f.from as usize, f.to as usize);
        w.write_record([
            f.t.to_string(),
            rec.months[f.t as usize].to_string(),
            s.countries[f.from as usize].code.clone(),
            s.countries[f.to as usize].code.clone(),
            p(f.movers as i64),
            p(f.high_skilled as i64),
            Territory::of(s, from, to).as_str().to_string(),
            Direction::of(s, from, to, false, false)
                .as_str()
                .to_string(),
            Direction::of(s, from, to, true, false).as_str().to_string(),
            p(f.returns as i64),
            p(f.high_skilled_returns as i64),
            p((f.movers - x.temporary - x.seasonal) as i64),
            p(x.temporary as i64),
            p(x.seasonal as i64),
            p(x.irregular as i64),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

/// Writes stocks.csv: migrants by origin and residence at each December and
/// after the last month; non-zero rows with origin ≠ residence only.
pub fn write_stocks(path: &Path, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let mut w = writer(path, STOCKS_COLUMNS)?;
    let ppa = rec.people_per_agent;
    let p = |agents: i64| to_people(agents, ppa).to_string();
    for r in &rec.stocks {
        w.write_record([
            r.t.to_string(),
            rec.months[r.t as usize].to_string(),
            s.countries[r.origin as usize].code.clone(),
            s.countries[r.residence as usize].code.clone(),
            p(r.migrants as i64),
            p(r.high_skilled as i64),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

/// Writes regions.csv: a row per month per `[[region]]`, with its residents
/// and the internal moves into and out of it.
pub fn write_regions(path: &Path, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let mut w = writer(path, REGIONS_COLUMNS)?;
    let ppa = rec.people_per_agent;
    let p = |agents: i64| to_people(agents, ppa).to_string();
    for r in &rec.regions {
        w.write_record([
            r.t.to_string(),
            rec.months[r.t as usize].to_string(),
            s.countries[r.country as usize].code.clone(),
            s.regions[r.region as usize].name.clone(),
            r.residents.to_string(),
            p(r.residents as i64),
            p(r.moved_in as i64),
            p(r.moved_out as i64),
            format!("{:.2}", r.wage_low),
            format!("{:.2}", r.wage_high),
            format!("{:.6}", r.unemployment),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}
