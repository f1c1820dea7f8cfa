//! timeseries.csv: a row per month per country, its columns declared
//! once as [`TimeseriesRow`] (the writer's row and the charts' row), and
//! how the rows are made from what the run recorded. Every count is in
//! people (agents × people per agent, rounded: `observe::summary::to_people`);
//! the one column in agents is called `agents`.

use super::columns::{AGENTS, PEOPLE, RATIO, SHARE, USD, USD_MILLION, USD_MONTH};
use super::format::TableWriter;
use crate::error::Error;
use crate::model::Scenario;
use crate::observe::summary::{ratio, to_people};
use crate::observe::{CountryMonth, Recorded};
use crate::output::row::table_row;
use crate::policy::PolicyMonth;

table_row! {
    /// A row of timeseries.csv: one country, one month.
    ///
    /// Columns newer than the first versions default when a run folder
    /// written before them lacks them (counts 0, labels empty).
    pub struct TimeseriesRow {
        step: usize => month_index(),
        date: String => month(),
        country: String => text("country code"),
        population: u64 => int[PEOPLE]("people living in the country after the month"),
        #[serde(default)]
        agents: u64 => int[AGENTS]("agents (simulated persons) living in the country after the month"),
        #[serde(default)]
        natives_at_home: u64 => count("natives of the country living in it"),
        #[serde(default)]
        immigrants: u64 => count("residents born elsewhere (immigrant stock)"),
        emigrants_abroad: u64 => count("natives living abroad (emigrant stock)"),
        immigration: u64 => count("moves into the country this month (returns of natives included)"),
        emigration: u64 => count("moves out of the country this month"),
        net_migration: i64 => count("immigration − emigration"),
        return_migration: u64 => count("natives coming home this month (part of immigration)"),
        high_skilled_natives: u64 => count("high-skilled natives, wherever they live"),
        high_skilled_emigrants_abroad: u64 => count("high-skilled natives living abroad"),
        #[serde(serialize_with = "crate::output::row::d6")]
        brain_drain_rate: f64 => num[SHARE]("high_skilled_emigrants_abroad / high_skilled_natives"),
        #[serde(serialize_with = "crate::output::row::d2")]
        wage_low: f64 => num[USD_MONTH]("monthly wage of the low-skilled (US$) of the month, after cycle and labour-supply feedback"),
        #[serde(serialize_with = "crate::output::row::d2")]
        wage_high: f64 => num[USD_MONTH]("monthly wage of the high-skilled (US$) of the month, after cycle and labour-supply feedback"),
        #[serde(serialize_with = "crate::output::row::d6")]
        unemployment: f64 => num[SHARE]("unemployment rate of the month"),
        #[serde(serialize_with = "crate::output::row::d6")]
        cycle: f64 => num[RATIO]("business-cycle term g of the month (negative: recession)"),
        #[serde(default)]
        labour_supply: u64 => count("residents at the start of the month (L, people), what the wage feedback uses"),
        #[serde(serialize_with = "crate::output::row::d6", default)]
        labour_supply_index: f64 => num[RATIO]("labour supply relative to the first month (L / L0)"),
        #[serde(default)]
        emigration_intercontinental: u64 => count("moves out of the country this month to a country of another continent (part of emigration)"),
        #[serde(default)]
        emigration_intracontinental: u64 => count("moves out of the country this month to a country of the same continent; the two add up to emigration"),
        #[serde(default)]
        high_skilled_immigrants: u64 => count("high-skilled residents born elsewhere"),
        #[serde(default)]
        brain_waste: u64 => count("high-skilled residents born elsewhere whose qualification the country did not recognise (part of high_skilled_immigrants; see Skill recognition)"),
        #[serde(default)]
        phase: String => text("the [[phase]] under way: boom, recession, or empty"),
        #[serde(default)]
        shock: String => text("the [[shock]] under way: conflict, persecution, disaster, ecological, or empty"),
        #[serde(default)]
        refugees_new: u64 => count("natives forced abroad by a shock here this month (part of emigration)"),
        #[serde(default)]
        refugees: u64 => count("refugees of shocks here still displaced after the month, wherever they live"),
        #[serde(default)]
        refugee_returns: u64 => count("refugees of shocks here who stopped being displaced this month: brought home after the shock (refugees_moved_home), or found back home, by their own decision (a return migration in an earlier month) or replaced at retirement"),
        #[serde(default)]
        refugees_moved_home: u64 => count("refugees of shocks here brought home this month at the end of their displacement (part of refugee_returns and of return_migration)"),
        #[serde(default)]
        refugees_settled: u64 => count("refugees of shocks here who settled for good in their country of asylum this month instead of being brought home (settle_share)"),
        #[serde(default)]
        idps_new: u64 => count("natives displaced inside the country by a shock this month"),
        #[serde(default)]
        idps: u64 => count("internally displaced people of shocks here after the month"),
        #[serde(default)]
        idp_returns: u64 => count("IDPs of shocks here who went home this month"),
        #[serde(serialize_with = "crate::output::row::d2", default)]
        fdi_inflow: f64 => num[USD_MILLION]("foreign direct investment received this month ([[capital_flow]]), US$ million"),
        #[serde(serialize_with = "crate::output::row::d2", default)]
        fdi_stock: f64 => num[USD_MILLION]("foreign direct investment received so far, US$ million (no depreciation)"),
        #[serde(serialize_with = "crate::output::row::d6", default)]
        fdi_demand: f64 => num[RATIO]("labour demand the FDI stock adds to the cycle term for wages and unemployment (η · stock / yearly wage bill)"),
        #[serde(default)]
        temporary_workers: u64 => count("residents on a temporary contract after the month (see Forms of migration by duration)"),
        #[serde(default)]
        seasonal_workers: u64 => count("seasonal workers working (and living) in the country after the month"),
        #[serde(default)]
        commuters_in: u64 => count("daily commuters working in the country while living in another (not residents: they stay in their home country's population)"),
        #[serde(default)]
        commuters_out: u64 => count("residents commuting daily to work in another country"),
        #[serde(default)]
        contract_renewals: u64 => count("temporary contracts renewed in the country this month"),
        #[serde(default)]
        returns_decision: u64 => count("natives coming home this month by their own decision (the logit rule)"),
        #[serde(default)]
        returns_contract_end: u64 => count("natives coming home this month because their contract ended"),
        #[serde(default)]
        returns_season_end: u64 => count("natives coming home this month because their season ended"),
        #[serde(default)]
        returns_leave_order: u64 => count("natives coming home this month, ordered to leave the country where they were detected irregularly"),
        #[serde(default)]
        returns_expelled: u64 => count("natives coming home this month, expelled (with a re-entry ban)"),
        #[serde(default)]
        returns_permit_lapse: u64 => count("natives coming home this month because their permit lapsed after unemployment"),
        #[serde(default)]
        irregular_immigrants: u64 => count("residents without a right to be there, after the month (see Legality and enforcement)"),
        #[serde(default)]
        permit_holders: u64 => count("residents holding a work permit"),
        #[serde(default)]
        permanent_residents: u64 => count("residents whose permit turned into permanent residence (ILO C97)"),
        #[serde(default)]
        permits_granted: u64 => count("work permits granted this month to movers into the country"),
        #[serde(default)]
        permit_refusals: u64 => count("permit applicants refused this month who stayed where they were"),
        #[serde(default)]
        irregular_entries: u64 => count("moves into the country this month without a permit"),
        #[serde(default)]
        detected_legalised: u64 => count("irregular residents detected this month and legalised with a fine"),
        #[serde(default)]
        detected_ordered_to_leave: u64 => count("irregular residents detected this month and ordered to leave within 48 hours (they go home)"),
        #[serde(default)]
        detected_expelled: u64 => count("irregular residents detected this month and expelled (home, barred for ban_months)"),
        #[serde(serialize_with = "crate::output::row::d0", default)]
        fines: f64 => int[USD]("fines paid this month, US$ (detected_legalised × people per agent × fine)"),
        #[serde(default)]
        permit_lapses: u64 => count("permits lapsed this month after lapse_months out of work (C143 off)"),
        #[serde(default)]
        residence_granted: u64 => count("permits turned into permanent residence this month"),
        #[serde(default)]
        returns_savings_target: u64 => count("natives coming home this month because they had saved their savings_target (see Return migration)"),
        #[serde(default)]
        returns_programme: u64 => count("natives coming home this month by their own decision while a voluntary-return programme paid; the eight returns_ and refugees_moved_home add up to return_migration"),
        #[serde(serialize_with = "crate::output::row::d0", default)]
        programme_payments: f64 => int[USD]("what the programme paid this month, US$ (returns_programme × people per agent × programme_payment)"),
        #[serde(default)]
        target_earners: u64 => count("target earners saving in the country after the month"),
        #[serde(default)]
        replacements: u64 => count("natives of the country who reached retire_at this month (each January) and were replaced by natives aged working_from living at home (see Age)"),
        #[serde(default)]
        reunifications: u64 => count("migrants living in the country who brought their families this month (families are counted, not simulated)"),
        #[serde(default)]
        postings_out: u64 => count("high-skilled natives posted abroad by their employers with a [[capital_flow]] this month (by sender; part of emigration; see Capital export)"),
        #[serde(default)]
        postings_in: u64 => count("staff posted into the country from abroad with a [[capital_flow]] this month (by receiver; part of immigration)"),
        #[serde(default)]
        posted_workers: u64 => count("posted staff working in the country after the month (part of temporary_workers)"),
        #[serde(default)]
        found_at_work: u64 => count("irregular workers found this month at inspections of their employers (employer sanctions)"),
        #[serde(serialize_with = "crate::output::row::d0", default)]
        employer_fines: f64 => int[USD]("fines employers paid this month, US$ (found_at_work × the month's employer_fine)"),
    }
}

table_row! {
    /// The columns timeseries.csv has after [`TimeseriesRow`]'s when the
    /// scenario has a `[data]` series: people entering and leaving working
    /// age, and the observed drivers next to the simulated outcomes (empty
    /// where the series has no value).
    pub struct TimeseriesDataRow {
        #[serde(default)]
        entries: u64 => count("people entering working age this month (natives, at home; [data] demography)"),
        #[serde(default)]
        exits: u64 => count("people leaving working age this month, wherever they live"),
        #[serde(serialize_with = "crate::output::row::opt_d0", default)]
        population_observed: Option<f64> => int[PEOPLE]("population of the [data] series for the month (empty where the series has no value)"),
        #[serde(serialize_with = "crate::output::row::opt_d2", default)]
        wage_low_observed: Option<f64> => num[USD_MONTH]("monthly wage of the low-skilled in the [data] series (empty where none)"),
        #[serde(serialize_with = "crate::output::row::opt_d2", default)]
        wage_high_observed: Option<f64> => num[USD_MONTH]("monthly wage of the high-skilled in the [data] series (empty where none)"),
        #[serde(serialize_with = "crate::output::row::opt_d6", default)]
        unemployment_observed: Option<f64> => num[SHARE]("unemployment rate in the [data] series (empty where none)"),
        #[serde(serialize_with = "crate::output::row::opt_d6", default)]
        high_skilled_share_observed: Option<f64> => num[SHARE]("share of the high-skilled in the [data] series (empty where none)"),
    }
}

/// Whether a run of `s` has the [`TimeseriesDataRow`] columns.
pub fn has_data_series(s: &Scenario) -> bool {
    s.data.series.is_some()
}

/// People of a count of agents.
fn people(agents: u64, ppa: f64) -> u64 {
    to_people(agents as i64, ppa) as u64
}

impl TimeseriesRow {
    /// The row of country month `r`, with the fines and payments of the
    /// month's policy `pm`.
    pub fn of(s: &Scenario, rec: &Recorded, pm: &PolicyMonth, r: &CountryMonth) -> TimeseriesRow {
        let ppa = rec.people_per_agent;
        let p = |agents: u64| people(agents, ppa);
        let cp = &pm.countries[r.country as usize];
        TimeseriesRow {
            step: r.t as usize,
            date: rec.months[r.t as usize].to_string(),
            country: s.countries[r.country as usize].code.clone(),
            population: p(r.residents),
            agents: r.residents,
            natives_at_home: p(r.natives_at_home),
            immigrants: p(r.immigrants),
            emigrants_abroad: p(r.emigrants_abroad),
            immigration: p(r.immigration),
            emigration: p(r.emigration),
            net_migration: to_people(r.immigration as i64 - r.emigration as i64, ppa),
            return_migration: p(r.return_migration),
            high_skilled_natives: p(r.high_skilled_natives),
            high_skilled_emigrants_abroad: p(r.high_skilled_abroad),
            brain_drain_rate: ratio(r.high_skilled_abroad, r.high_skilled_natives),
            wage_low: r.wage_low,
            wage_high: r.wage_high,
            unemployment: r.unemployment,
            cycle: r.cycle,
            labour_supply: p(r.labour_supply),
            labour_supply_index: r.labour_supply_index,
            emigration_intercontinental: p(r.emigration_intercontinental),
            emigration_intracontinental: p(r.emigration_intracontinental),
            high_skilled_immigrants: p(r.high_skilled_immigrants),
            brain_waste: p(r.brain_waste),
            phase: r.phase.map_or("", |p| p.as_str()).to_string(),
            shock: r.shock.map_or("", |s| s.as_str()).to_string(),
            refugees_new: p(r.refugees_new),
            refugees: p(r.refugees),
            refugee_returns: p(r.refugee_returns),
            refugees_moved_home: p(r.refugees_moved_home),
            refugees_settled: p(r.refugees_settled),
            idps_new: p(r.idps_new),
            idps: p(r.idps),
            idp_returns: p(r.idp_returns),
            fdi_inflow: r.fdi_inflow,
            fdi_stock: r.fdi_stock,
            fdi_demand: r.fdi_demand,
            temporary_workers: p(r.temporary_workers),
            seasonal_workers: p(r.seasonal_workers),
            commuters_in: p(r.commuters_in),
            commuters_out: p(r.commuters_out),
            contract_renewals: p(r.contract_renewals),
            returns_decision: p(r.return_migration
                - r.refugees_moved_home
                - r.returns_contract_end
                - r.returns_season_end
                - r.returns_leave_order
                - r.returns_expelled
                - r.returns_permit_lapse
                - r.returns_savings_target
                - r.returns_programme),
            returns_contract_end: p(r.returns_contract_end),
            returns_season_end: p(r.returns_season_end),
            returns_leave_order: p(r.returns_leave_order),
            returns_expelled: p(r.returns_expelled),
            returns_permit_lapse: p(r.returns_permit_lapse),
            irregular_immigrants: p(r.irregular_immigrants),
            permit_holders: p(r.permit_holders),
            permanent_residents: p(r.permanent_residents),
            permits_granted: p(r.permits_granted),
            permit_refusals: p(r.permit_refusals),
            irregular_entries: p(r.irregular_entries),
            detected_legalised: p(r.detected_legalised),
            detected_ordered_to_leave: p(r.detected_ordered_to_leave),
            detected_expelled: p(r.detected_expelled),
            fines: r.detected_legalised as f64 * ppa * cp.fine,
            permit_lapses: p(r.permit_lapses),
            residence_granted: p(r.residence_granted),
            returns_savings_target: p(r.returns_savings_target),
            returns_programme: p(r.returns_programme),
            programme_payments: r.returns_programme as f64 * ppa * cp.return_payment,
            target_earners: p(r.target_earners),
            replacements: p(r.replacements),
            reunifications: p(r.reunifications),
            postings_out: p(r.postings_out),
            postings_in: p(r.postings_in),
            posted_workers: p(r.posted_workers),
            found_at_work: p(r.found_at_work),
            employer_fines: r.found_at_work as f64 * ppa * cp.employer_fine,
        }
    }
}

impl TimeseriesDataRow {
    /// The `[data]` columns of country month `r`.
    pub fn of(s: &Scenario, r: &CountryMonth, ppa: f64) -> TimeseriesDataRow {
        use crate::model::SeriesVar::*;
        let v = |var| s.data.value(var, r.country as usize, r.t);
        TimeseriesDataRow {
            entries: people(r.entries, ppa),
            exits: people(r.exits, ppa),
            population_observed: v(Population),
            wage_low_observed: v(WageLow),
            wage_high_observed: v(WageHigh),
            unemployment_observed: v(Unemployment),
            high_skilled_share_observed: v(HighSkilledShare),
        }
    }
}

/// Rows of timeseries.csv: a row per month per country.
pub fn fill_timeseries(w: &mut TableWriter, s: &Scenario, rec: &Recorded) -> Result<(), Error> {
    let data = has_data_series(s);
    // Fines and payments in force in the row's month (dated policy),
    // resolved once per month.
    let mut policy: Option<PolicyMonth> = None;
    for r in &rec.series {
        let month = rec.months[r.t as usize];
        let pm = match policy.take() {
            Some(pm) if pm.date == month => pm,
            _ => PolicyMonth::at(s, month),
        };
        let row = TimeseriesRow::of(s, rec, &pm, r);
        if data {
            w.serialize(&(row, TimeseriesDataRow::of(s, r, rec.people_per_agent)))?;
        } else {
            w.serialize(&row)?;
        }
        policy = Some(pm);
    }
    Ok(())
}
