//! The CSV tables of a run folder. Column names are stable (documented in
//! the README); numbers are written with a fixed number of decimals so that
//! files are byte-identical across machines and thread counts.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::error::Error;
use crate::observe::Recorded;
use crate::observe::forms::{Direction, Territory};
use crate::observe::summary::ratio;
use crate::scenario::Scenario;

/// Columns of timeseries.csv.
pub const TIMESERIES_COLUMNS: &[&str] = &[
    "step",
    "date",
    "country",
    "population",
    "residents",
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
    "refugees_settled",
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
    "found_at_work",
    "employer_fines",
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
    "residents",
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
    let mut w = writer(path, TIMESERIES_COLUMNS)?;
    // Fines and payments in force in the row's month (dated policy).
    let mut policy: Option<crate::policy::PolicyMonth> = None;
    for r in &rec.series {
        let month = rec.months[r.t as usize];
        if policy.as_ref().is_none_or(|p| p.date != month) {
            policy = Some(crate::policy::PolicyMonth::at(s, month));
        }
        let Some(p) = policy.as_ref() else {
            unreachable!("the month's policy was resolved just above")
        };
        let cp = &p.countries[r.country as usize];
        let c = &s.countries[r.country as usize];
        let date = rec.months[r.t as usize].to_string();
        w.write_record([
            r.t.to_string(),
            date,
            c.code.clone(),
            format!("{:.0}", r.residents as f64 * rec.people_per_agent),
            r.residents.to_string(),
            r.natives_at_home.to_string(),
            r.immigrants.to_string(),
            r.emigrants_abroad.to_string(),
            r.immigration.to_string(),
            r.emigration.to_string(),
            (r.immigration as i64 - r.emigration as i64).to_string(),
            r.return_migration.to_string(),
            r.high_skilled_natives.to_string(),
            r.high_skilled_abroad.to_string(),
            format!(
                "{:.6}",
                ratio(r.high_skilled_abroad, r.high_skilled_natives)
            ),
            format!("{:.2}", r.wage_low),
            format!("{:.2}", r.wage_high),
            format!("{:.6}", r.unemployment),
            format!("{:.6}", r.cycle),
            r.labour_supply.to_string(),
            format!("{:.6}", r.labour_supply_index),
            r.emigration_intercontinental.to_string(),
            r.emigration_intracontinental.to_string(),
            r.high_skilled_immigrants.to_string(),
            r.brain_waste.to_string(),
            r.phase.map_or("", |p| p.as_str()).to_string(),
            r.shock.map_or("", |s| s.as_str()).to_string(),
            r.refugees_new.to_string(),
            r.refugees.to_string(),
            r.refugee_returns.to_string(),
            r.refugees_moved_home.to_string(),
            r.refugees_settled.to_string(),
            r.idps_new.to_string(),
            r.idps.to_string(),
            r.idp_returns.to_string(),
            format!("{:.2}", r.fdi_inflow),
            format!("{:.2}", r.fdi_stock),
            format!("{:.6}", r.fdi_demand),
            r.temporary_workers.to_string(),
            r.seasonal_workers.to_string(),
            r.commuters_in.to_string(),
            r.commuters_out.to_string(),
            r.contract_renewals.to_string(),
            (r.return_migration
                - r.refugees_moved_home
                - r.returns_contract_end
                - r.returns_season_end
                - r.returns_leave_order
                - r.returns_expelled
                - r.returns_permit_lapse
                - r.returns_savings_target
                - r.returns_programme)
                .to_string(),
            r.returns_contract_end.to_string(),
            r.returns_season_end.to_string(),
            r.returns_leave_order.to_string(),
            r.returns_expelled.to_string(),
            r.returns_permit_lapse.to_string(),
            r.irregular_immigrants.to_string(),
            r.permit_holders.to_string(),
            r.permanent_residents.to_string(),
            r.permits_granted.to_string(),
            r.permit_refusals.to_string(),
            r.irregular_entries.to_string(),
            r.detected_legalised.to_string(),
            r.detected_ordered_to_leave.to_string(),
            r.detected_expelled.to_string(),
            format!(
                "{:.0}",
                r.detected_legalised as f64 * rec.people_per_agent * cp.fine
            ),
            r.permit_lapses.to_string(),
            r.residence_granted.to_string(),
            r.returns_savings_target.to_string(),
            r.returns_programme.to_string(),
            format!(
                "{:.0}",
                r.returns_programme as f64 * rec.people_per_agent * cp.return_payment
            ),
            r.target_earners.to_string(),
            r.replacements.to_string(),
            r.reunifications.to_string(),
            r.postings_out.to_string(),
            r.postings_in.to_string(),
            r.posted_workers.to_string(),
            r.found_at_work.to_string(),
            format!(
                "{:.0}",
                r.found_at_work as f64 * rec.people_per_agent * cp.employer_fine
            ),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

/// Writes flows.csv: movers by month, country left (origin) and country
/// entered (destination); non-zero rows only.
pub fn write_flows(path: &Path, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let mut w = writer(path, FLOWS_COLUMNS)?;
    for (i, f) in rec.flows.iter().enumerate() {
        let x = rec.flow_forms.get(i).copied().unwrap_or_default();
        let (from, to) = (f.from as usize, f.to as usize);
        w.write_record([
            f.t.to_string(),
            rec.months[f.t as usize].to_string(),
            s.countries[f.from as usize].code.clone(),
            s.countries[f.to as usize].code.clone(),
            f.movers.to_string(),
            f.high_skilled.to_string(),
            Territory::of(s, from, to).as_str().to_string(),
            Direction::of(s, from, to, false, false)
                .as_str()
                .to_string(),
            Direction::of(s, from, to, true, false).as_str().to_string(),
            f.returns.to_string(),
            f.high_skilled_returns.to_string(),
            (f.movers - x.temporary - x.seasonal).to_string(),
            x.temporary.to_string(),
            x.seasonal.to_string(),
            x.irregular.to_string(),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

/// Writes stocks.csv: migrants by origin and residence at each December and
/// after the last month; non-zero rows with origin ≠ residence only.
pub fn write_stocks(path: &Path, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let mut w = writer(path, STOCKS_COLUMNS)?;
    for r in &rec.stocks {
        w.write_record([
            r.t.to_string(),
            rec.months[r.t as usize].to_string(),
            s.countries[r.origin as usize].code.clone(),
            s.countries[r.residence as usize].code.clone(),
            r.migrants.to_string(),
            r.high_skilled.to_string(),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

/// Writes regions.csv: a row per month per `[[region]]`, with its residents
/// and the internal moves into and out of it.
pub fn write_regions(path: &Path, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let mut w = writer(path, REGIONS_COLUMNS)?;
    for r in &rec.regions {
        w.write_record([
            r.t.to_string(),
            rec.months[r.t as usize].to_string(),
            s.countries[r.country as usize].code.clone(),
            s.regions[r.region as usize].name.clone(),
            r.residents.to_string(),
            format!("{:.0}", r.residents as f64 * rec.people_per_agent),
            r.moved_in.to_string(),
            r.moved_out.to_string(),
            format!("{:.2}", r.wage_low),
            format!("{:.2}", r.wage_high),
            format!("{:.6}", r.unemployment),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}
