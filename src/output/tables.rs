//! The tables of a run folder: their columns (one definition each, see
//! [`super::columns`]) and how their rows are made. Column names are stable
//! (documented in the README and in each folder's `datapackage.json`);
//! numbers are written with a fixed number of decimals so that files are
//! byte-identical across machines and thread counts. Every count is in
//! people (agents × people per agent, rounded: `observe::summary::to_people`);
//! the one column in agents is called `agents`.

use std::path::Path;

use super::columns::{
    AGENTS, Column, DATE, NONE, PEOPLE, RATIO, SHARE, STEP, USD, USD_MILLION, USD_MONTH,
};
use super::columns::{count, int, num, text};
use super::format::{Format, TableWriter};
use crate::error::Error;
use crate::observe::Recorded;
use crate::observe::forms::{Direction, Territory};
use crate::observe::summary::{ratio, to_people};
use crate::scenario::Scenario;

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

fn has_data_series(s: &Scenario) -> bool {
    s.data.series.is_some()
}

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
pub const TIMESERIES_COLUMNS: &[Column] = &[
    STEP,
    DATE,
    text("country", "country code"),
    int(
        "population",
        PEOPLE,
        "people living in the country after the month",
    ),
    int(
        "agents",
        AGENTS,
        "agents (simulated persons) living in the country after the month",
    ),
    count("natives_at_home", "natives of the country living in it"),
    count("immigrants", "residents born elsewhere (immigrant stock)"),
    count("emigrants_abroad", "natives living abroad (emigrant stock)"),
    count(
        "immigration",
        "moves into the country this month (returns of natives included)",
    ),
    count("emigration", "moves out of the country this month"),
    count("net_migration", "immigration − emigration"),
    count(
        "return_migration",
        "natives coming home this month (part of immigration)",
    ),
    count(
        "high_skilled_natives",
        "high-skilled natives, wherever they live",
    ),
    count(
        "high_skilled_emigrants_abroad",
        "high-skilled natives living abroad",
    ),
    num(
        "brain_drain_rate",
        SHARE,
        "high_skilled_emigrants_abroad / high_skilled_natives",
    ),
    num(
        "wage_low",
        USD_MONTH,
        "monthly wage of the low-skilled (US$) of the month, after cycle and labour-supply feedback",
    ),
    num(
        "wage_high",
        USD_MONTH,
        "monthly wage of the high-skilled (US$) of the month, after cycle and labour-supply feedback",
    ),
    num("unemployment", SHARE, "unemployment rate of the month"),
    num(
        "cycle",
        RATIO,
        "business-cycle term g of the month (negative: recession)",
    ),
    count(
        "labour_supply",
        "residents at the start of the month (L, people), what the wage feedback uses",
    ),
    num(
        "labour_supply_index",
        RATIO,
        "labour supply relative to the first month (L / L0)",
    ),
    count(
        "emigration_intercontinental",
        "moves out of the country this month to a country of another continent (part of emigration)",
    ),
    count(
        "emigration_intracontinental",
        "moves out of the country this month to a country of the same continent; the two add up to emigration",
    ),
    count(
        "high_skilled_immigrants",
        "high-skilled residents born elsewhere",
    ),
    count(
        "brain_waste",
        "high-skilled residents born elsewhere whose qualification the country did not recognise (part of high_skilled_immigrants; see Skill recognition)",
    ),
    text(
        "phase",
        "the [[phase]] under way: boom, recession, or empty",
    ),
    text(
        "shock",
        "the [[shock]] under way: conflict, persecution, disaster, ecological, or empty",
    ),
    count(
        "refugees_new",
        "natives forced abroad by a shock here this month (part of emigration)",
    ),
    count(
        "refugees",
        "refugees of shocks here still displaced after the month, wherever they live",
    ),
    count(
        "refugee_returns",
        "refugees of shocks here who stopped being displaced this month: brought home after the shock (refugees_moved_home), or found back home, by their own decision (a return migration in an earlier month) or replaced at retirement",
    ),
    count(
        "refugees_moved_home",
        "refugees of shocks here brought home this month at the end of their displacement (part of refugee_returns and of return_migration)",
    ),
    count(
        "refugees_settled",
        "refugees of shocks here who settled for good in their country of asylum this month instead of being brought home (settle_share)",
    ),
    count(
        "idps_new",
        "natives displaced inside the country by a shock this month",
    ),
    count(
        "idps",
        "internally displaced people of shocks here after the month",
    ),
    count(
        "idp_returns",
        "IDPs of shocks here who went home this month",
    ),
    num(
        "fdi_inflow",
        USD_MILLION,
        "foreign direct investment received this month ([[capital_flow]]), US$ million",
    ),
    num(
        "fdi_stock",
        USD_MILLION,
        "foreign direct investment received so far, US$ million (no depreciation)",
    ),
    num(
        "fdi_demand",
        RATIO,
        "labour demand the FDI stock adds to the cycle term for wages and unemployment (η · stock / yearly wage bill)",
    ),
    count(
        "temporary_workers",
        "residents on a temporary contract after the month (see Forms of migration by duration)",
    ),
    count(
        "seasonal_workers",
        "seasonal workers working (and living) in the country after the month",
    ),
    count(
        "commuters_in",
        "daily commuters working in the country while living in another (not residents: they stay in their home country's population)",
    ),
    count(
        "commuters_out",
        "residents commuting daily to work in another country",
    ),
    count(
        "contract_renewals",
        "temporary contracts renewed in the country this month",
    ),
    count(
        "returns_decision",
        "natives coming home this month by their own decision (the logit rule)",
    ),
    count(
        "returns_contract_end",
        "natives coming home this month because their contract ended",
    ),
    count(
        "returns_season_end",
        "natives coming home this month because their season ended",
    ),
    count(
        "returns_leave_order",
        "natives coming home this month, ordered to leave the country where they were detected irregularly",
    ),
    count(
        "returns_expelled",
        "natives coming home this month, expelled (with a re-entry ban)",
    ),
    count(
        "returns_permit_lapse",
        "natives coming home this month because their permit lapsed after unemployment",
    ),
    count(
        "irregular_immigrants",
        "residents without a right to be there, after the month (see Legality and enforcement)",
    ),
    count("permit_holders", "residents holding a work permit"),
    count(
        "permanent_residents",
        "residents whose permit turned into permanent residence (ILO C97)",
    ),
    count(
        "permits_granted",
        "work permits granted this month to movers into the country",
    ),
    count(
        "permit_refusals",
        "permit applicants refused this month who stayed where they were",
    ),
    count(
        "irregular_entries",
        "moves into the country this month without a permit",
    ),
    count(
        "detected_legalised",
        "irregular residents detected this month and legalised with a fine",
    ),
    count(
        "detected_ordered_to_leave",
        "irregular residents detected this month and ordered to leave within 48 hours (they go home)",
    ),
    count(
        "detected_expelled",
        "irregular residents detected this month and expelled (home, barred for ban_months)",
    ),
    int(
        "fines",
        USD,
        "fines paid this month, US$ (detected_legalised × people per agent × fine)",
    ),
    count(
        "permit_lapses",
        "permits lapsed this month after lapse_months out of work (C143 off)",
    ),
    count(
        "residence_granted",
        "permits turned into permanent residence this month",
    ),
    count(
        "returns_savings_target",
        "natives coming home this month because they had saved their savings_target (see Return migration)",
    ),
    count(
        "returns_programme",
        "natives coming home this month by their own decision while a voluntary-return programme paid; the eight returns_ and refugees_moved_home add up to return_migration",
    ),
    int(
        "programme_payments",
        USD,
        "what the programme paid this month, US$ (returns_programme × people per agent × programme_payment)",
    ),
    count(
        "target_earners",
        "target earners saving in the country after the month",
    ),
    count(
        "replacements",
        "natives of the country who reached retire_at this month (each January) and were replaced by natives aged working_from living at home (see Age)",
    ),
    count(
        "reunifications",
        "migrants living in the country who brought their families this month (families are counted, not simulated)",
    ),
    count(
        "postings_out",
        "high-skilled natives posted abroad by their employers with a [[capital_flow]] this month (by sender; part of emigration; see Capital export)",
    ),
    count(
        "postings_in",
        "staff posted into the country from abroad with a [[capital_flow]] this month (by receiver; part of immigration)",
    ),
    count(
        "posted_workers",
        "posted staff working in the country after the month (part of temporary_workers)",
    ),
    count(
        "found_at_work",
        "irregular workers found this month at inspections of their employers (employer sanctions)",
    ),
    int(
        "employer_fines",
        USD,
        "fines employers paid this month, US$ (found_at_work × the month's employer_fine)",
    ),
];

/// Columns added to timeseries.csv when the scenario has a `[data]` series:
/// people entering and leaving working age, and the observed drivers next
/// to the simulated outcomes (empty where the series has no data).
pub const DATA_COLUMNS: &[Column] = &[
    count(
        "entries",
        "people entering working age this month (natives, at home; [data] demography)",
    ),
    count(
        "exits",
        "people leaving working age this month, wherever they live",
    ),
    int(
        "population_observed",
        PEOPLE,
        "population of the [data] series for the month (empty where the series has no value)",
    ),
    num(
        "wage_low_observed",
        USD_MONTH,
        "monthly wage of the low-skilled in the [data] series (empty where none)",
    ),
    num(
        "wage_high_observed",
        USD_MONTH,
        "monthly wage of the high-skilled in the [data] series (empty where none)",
    ),
    num(
        "unemployment_observed",
        SHARE,
        "unemployment rate in the [data] series (empty where none)",
    ),
    num(
        "high_skilled_share_observed",
        SHARE,
        "share of the high-skilled in the [data] series (empty where none)",
    ),
];

/// Columns of flows.csv.
pub const FLOWS_COLUMNS: &[Column] = &[
    STEP,
    DATE,
    text(
        "origin",
        "country left (not necessarily the movers' country of birth)",
    ),
    text("destination", "country entered"),
    count("movers", "people who made this move this month"),
    count("high_skilled", "high-skilled among the movers"),
    text(
        "territory",
        "intercontinental or intracontinental (see Forms of migration)",
    ),
    text(
        "direction",
        "direction of the row's low-skilled movers that are not returning home",
    ),
    text(
        "direction_high_skilled",
        "direction of the row's high-skilled movers that are not returning home (differs from direction only for industrialised → developing)",
    ),
    count(
        "returns",
        "movers entering their own country of birth; their direction is return",
    ),
    count("high_skilled_returns", "high-skilled among returns"),
    count(
        "movers_permanent",
        "movers not in one of the two forms below",
    ),
    count(
        "movers_temporary",
        "movers on a temporary contract: going abroad on one, or home at its end",
    ),
    count(
        "movers_seasonal",
        "seasonal workers: going abroad at the start of a season, or home at its end; the three movers_ add up to movers",
    ),
    count(
        "movers_irregular",
        "movers entering the destination without a permit (part of movers, whatever their form)",
    ),
];

/// Columns of stocks.csv.
pub const STOCKS_COLUMNS: &[Column] = &[
    STEP,
    DATE,
    text("origin", "country of birth"),
    text("residence", "country of residence"),
    count("migrants", "people born in origin living in residence"),
    count("high_skilled", "high-skilled among migrants"),
];

/// Columns of regions.csv (written only when a country is divided).
pub const REGIONS_COLUMNS: &[Column] = &[
    STEP,
    DATE,
    text("country", "country code"),
    text("region", "region name"),
    int(
        "agents",
        AGENTS,
        "agents living in the region after the month",
    ),
    int(
        "population",
        PEOPLE,
        "people living in the region after the month",
    ),
    count(
        "internal_in",
        "internal moves into the region this month, from other regions of the country",
    ),
    count(
        "internal_out",
        "internal moves out of the region this month; a country's internal_in and internal_out add up to the same",
    ),
    num(
        "wage_low",
        USD_MONTH,
        "monthly wage of the low-skilled here (the country's × wage_factor)",
    ),
    num(
        "wage_high",
        USD_MONTH,
        "monthly wage of the high-skilled here (the country's × wage_factor)",
    ),
    num("unemployment", SHARE, "unemployment rate here"),
];

/// Columns of countries.csv.
pub const COUNTRIES_COLUMNS: &[Column] = &[
    int(
        "index",
        NONE,
        "position of the country in the scenario, counted from 0",
    ),
    text("code", "country code"),
    text("name", "country name"),
    text("continent", "continent"),
    text(
        "group",
        "development group (industrialised, transition, developing)",
    ),
    int("population", PEOPLE, "population at the start"),
    num(
        "wage_low",
        USD_MONTH,
        "monthly wage of the low-skilled at the start",
    ),
    num(
        "wage_high",
        USD_MONTH,
        "monthly wage of the high-skilled at the start",
    ),
    num("unemployment", SHARE, "unemployment rate at the start"),
    num(
        "high_skilled_share",
        SHARE,
        "share of the high-skilled among the population at the start",
    ),
];

/// Rows of countries.csv: the countries as the run saw them.
fn fill_countries(w: &mut TableWriter, s: &Scenario, _: &Recorded) -> Result<(), Error> {
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
        ])?;
    }
    Ok(())
}

/// Rows of timeseries.csv: a row per month per country.
fn fill_timeseries(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let data = has_data_series(s);
    let ppa = rec.people_per_agent;
    let p = |agents: i64| to_people(agents, ppa).to_string();
    // Fines and payments in force in the row's month (dated policy).
    let mut policy: Option<crate::policy::PolicyMonth> = None;
    for r in &rec.series {
        let month = rec.months[r.t as usize];
        if policy.as_ref().is_none_or(|m| m.date != month) {
            policy = Some(crate::policy::PolicyMonth::at(s, month));
        }
        let Some(pm) = policy.as_ref() else {
            unreachable!("the month's policy was resolved just above")
        };
        let cp = &pm.countries[r.country as usize];
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
            p(r.refugees_settled as i64),
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
                r.detected_legalised as f64 * rec.people_per_agent * cp.fine
            ),
            p(r.permit_lapses as i64),
            p(r.residence_granted as i64),
            p(r.returns_savings_target as i64),
            p(r.returns_programme as i64),
            format!(
                "{:.0}",
                r.returns_programme as f64 * rec.people_per_agent * cp.return_payment
            ),
            p(r.target_earners as i64),
            p(r.replacements as i64),
            p(r.reunifications as i64),
            p(r.postings_out as i64),
            p(r.postings_in as i64),
            p(r.posted_workers as i64),
            p(r.found_at_work as i64),
            format!("{:.0}", r.found_at_work as f64 * ppa * cp.employer_fine),
        ]);
        if data {
            row.extend(data_cells(s, r, ppa));
        }
        w.write_record(&row)?;
    }
    Ok(())
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

/// Rows of flows.csv: movers by month, country left (origin) and country
/// entered (destination); non-zero rows only.
fn fill_flows(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
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
        ])?;
    }
    Ok(())
}

/// Rows of stocks.csv: migrants by origin and residence at each December and
/// after the last month; non-zero rows with origin ≠ residence only.
fn fill_stocks(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
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
        ])?;
    }
    Ok(())
}

/// Rows of regions.csv: a row per month per `[[region]]`, with its residents
/// and the internal moves into and out of it.
fn fill_regions(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
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
        ])?;
    }
    Ok(())
}
