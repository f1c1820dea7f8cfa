//! The recorder: keeps, for every month, the per-country series, the
//! non-zero bilateral flows, and the bilateral stocks at each year's end.
//! Writers and plots read only what it recorded.

use serde::Serialize;

use super::forms::Territory;
use super::{Observer, StepView};
use crate::kernel::life::{
    CONTRACT_END, EXPELLED, LAPSE, LEAVE_ORDER, PROGRAMME, SAVINGS_TARGET, SEASON_END,
};
use crate::model::{PhaseKind, Scenario, ShockKind, YearMonth};
use crate::world::{Grid, HIGH, Square, World};

/// One country in one month (counts in agents; see `people_per_agent`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryMonth {
    /// Step index.
    pub t: u32,
    /// Country index.
    pub country: u16,
    /// Agents living in the country after the step.
    pub residents: u64,
    /// Natives living at home.
    pub natives_at_home: u64,
    /// Residents born elsewhere (immigrant stock).
    pub immigrants: u64,
    /// Natives living abroad (emigrant stock).
    pub emigrants_abroad: u64,
    /// Moves into the country this month (returns of natives included).
    pub immigration: u64,
    /// Moves out of the country this month.
    pub emigration: u64,
    /// Moves out of the country this month to another continent (part of
    /// `emigration`).
    pub emigration_intercontinental: u64,
    /// Moves out of the country this month within its continent (part of
    /// `emigration`).
    pub emigration_intracontinental: u64,
    /// Natives coming home this month (part of immigration).
    pub return_migration: u64,
    /// High-skilled natives, wherever they live.
    pub high_skilled_natives: u64,
    /// High-skilled natives living abroad.
    pub high_skilled_abroad: u64,
    /// Monthly wage of the low-skilled used this month.
    pub wage_low: f64,
    /// Monthly wage of the high-skilled used this month.
    pub wage_high: f64,
    /// Unemployment rate used this month.
    pub unemployment: f64,
    /// Business cycle g used this month.
    pub cycle: f64,
    /// Labour supply: residents at the start of the month (L_j, agents),
    /// the figure the wage feedback uses.
    pub labour_supply: u64,
    /// Labour supply relative to the first month (L_j / L_j0).
    pub labour_supply_index: f64,
    /// High-skilled residents born elsewhere.
    pub high_skilled_immigrants: u64,
    /// People entering working age here this month (natives at home;
    /// agents; 0 unless populations follow data).
    pub entries: u64,
    /// Residents leaving working age here this month (retirement, death;
    /// agents; 0 unless populations follow data).
    pub exits: u64,
    /// High-skilled residents born elsewhere whose qualification the country
    /// did not recognise ("brain waste"; part of `high_skilled_immigrants`).
    pub brain_waste: u64,
    /// The `[[phase]]` under way this month, if any.
    pub phase: Option<PhaseKind>,
    /// The `[[shock]]` under way this month, if any.
    pub shock: Option<ShockKind>,
    /// Natives forced abroad by a shock here this month (refugees; part of
    /// `emigration`).
    pub refugees_new: u64,
    /// Refugees of shocks here still displaced after the month, wherever
    /// they live.
    pub refugees: u64,
    /// Refugees of shocks here who stopped being displaced this month
    /// (coming back is part of `return_migration`).
    pub refugee_returns: u64,
    /// Refugees moved home this month at the end of their displacement
    /// (part of `refugee_returns` and of `return_migration`).
    pub refugees_moved_home: u64,
    /// Refugees from the country who settled for good abroad this month
    /// (issue 15).
    pub refugees_settled: u64,
    /// Natives displaced inside the country by a shock this month (IDPs).
    pub idps_new: u64,
    /// Internally displaced people of shocks here after the month.
    pub idps: u64,
    /// IDPs of shocks here who went home this month.
    pub idp_returns: u64,
    /// Foreign direct investment received this month, US$ million.
    pub fdi_inflow: f64,
    /// Foreign direct investment stock after the month, US$ million.
    pub fdi_stock: f64,
    /// Labour demand the FDI stock adds to the cycle term.
    pub fdi_demand: f64,
    /// Residents on a temporary contract after the step.
    pub temporary_workers: u64,
    /// Seasonal workers working in the country after the step.
    pub seasonal_workers: u64,
    /// Daily commuters working in the country (living in another).
    pub commuters_in: u64,
    /// Residents commuting daily to work in another country.
    pub commuters_out: u64,
    /// Contracts renewed in the country this month.
    pub contract_renewals: u64,
    /// Natives coming home this month because their contract ended (part
    /// of `return_migration`).
    pub returns_contract_end: u64,
    /// Natives coming home this month because their season ended (part of
    /// `return_migration`).
    pub returns_season_end: u64,
    /// Natives coming home this month, ordered to leave where they were
    /// detected irregularly (part of `return_migration`).
    pub returns_leave_order: u64,
    /// Natives coming home this month, expelled (part of `return_migration`).
    pub returns_expelled: u64,
    /// Natives coming home this month because their permit lapsed (part of
    /// `return_migration`).
    pub returns_permit_lapse: u64,
    /// Irregular residents after the step.
    pub irregular_immigrants: u64,
    /// Residents holding a work permit after the step.
    pub permit_holders: u64,
    /// Permanent residents (a permit held long enough) after the step.
    pub permanent_residents: u64,
    /// Work permits granted this month.
    pub permits_granted: u64,
    /// Permit applicants refused this month (who stayed where they were).
    pub permit_refusals: u64,
    /// Irregular entries this month.
    pub irregular_entries: u64,
    /// Detected irregular workers legalised with a fine this month.
    pub detected_legalised: u64,
    /// Detected irregular workers ordered to leave this month.
    pub detected_ordered_to_leave: u64,
    /// Detected irregular workers expelled this month.
    pub detected_expelled: u64,
    /// Permits lapsed after unemployment this month.
    pub permit_lapses: u64,
    /// Permits turned into permanent residence this month.
    pub residence_granted: u64,
    /// Natives coming home this month with their savings target reached
    /// (part of `return_migration`).
    pub returns_savings_target: u64,
    /// Natives coming home this month by their own decision while a
    /// voluntary-return programme paid (part of `return_migration`).
    pub returns_programme: u64,
    /// Target earners saving in the country after the step.
    pub target_earners: u64,
    /// Natives of the country who retired this month and were replaced by
    /// young natives at home.
    pub replacements: u64,
    /// Migrants in the country who brought their families this month.
    pub reunifications: u64,
    /// High-skilled natives posted abroad by their employers with a
    /// `[[capital_flow]]` this month (part of `emigration`).
    pub postings_out: u64,
    /// Staff posted here from abroad with a `[[capital_flow]]` this month
    /// (part of `immigration`).
    pub postings_in: u64,
    /// Posted staff working in the country after the step (part of
    /// `temporary_workers`).
    pub posted_workers: u64,
    /// Irregular workers found at inspections of their employers this
    /// month (employer sanctions; their employers are fined).
    pub found_at_work: u64,
}

/// Movers from one country to another in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FlowRow {
    /// Step index.
    pub t: u32,
    /// Country left.
    pub from: u16,
    /// Country entered.
    pub to: u16,
    /// Movers.
    pub movers: u32,
    /// High-skilled movers among them.
    pub high_skilled: u32,
    /// Movers among them entering their country of origin (returns).
    pub returns: u32,
    /// High-skilled movers among the returns.
    pub high_skilled_returns: u32,
}

/// One region of a divided country in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRow {
    /// Step index.
    pub t: u32,
    /// Country index.
    pub country: u16,
    /// Index of the region in [`Scenario::regions`].
    pub region: u16,
    /// Agents living in the region after the month.
    pub residents: u64,
    /// Internal moves into the region this month (from other regions of
    /// the country).
    pub moved_in: u32,
    /// Internal moves out of the region this month.
    pub moved_out: u32,
    /// Monthly wage of the low-skilled here.
    pub wage_low: f64,
    /// Monthly wage of the high-skilled here.
    pub wage_high: f64,
    /// Unemployment rate here.
    pub unemployment: f64,
}

/// The movers of a [`FlowRow`] by form and entry (kept only when the
/// scenario uses forms, so that big runs without them do not pay for it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FlowForms {
    /// Movers on a temporary contract (going out, or home at its end).
    pub temporary: u32,
    /// Seasonal workers (going out for a season, or home at its end).
    pub seasonal: u32,
    /// Movers entering irregularly.
    pub irregular: u32,
}

/// Bilateral migrant stock at the end of a year (or of the run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StockRow {
    /// Step index of the month the stock was taken after.
    pub t: u32,
    /// Origin country.
    pub origin: u16,
    /// Country of residence.
    pub residence: u16,
    /// Agents of `origin` living in `residence`.
    pub migrants: u64,
    /// High-skilled among them.
    pub high_skilled: u64,
}

/// Everything a run recorded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorded {
    /// Months of the recorded steps, `months[t]`.
    pub months: Vec<YearMonth>,
    /// Number of countries.
    pub k: usize,
    /// Total agents.
    pub agents: u64,
    /// People per agent.
    pub people_per_agent: f64,
    /// The rows by (month, country).
    pub series: Grid<CountryMonth>,
    /// Non-zero flows, by month then from then to.
    pub flows: Vec<FlowRow>,
    /// The movers of each of `flows` by form and entry, in the same order;
    /// empty when the scenario uses no forms.
    pub flow_forms: Vec<FlowForms>,
    /// Non-zero bilateral stocks (origin ≠ residence) at each December and
    /// after the last step.
    pub stocks: Vec<StockRow>,
    /// One row per month per `[[region]]` (empty without regions).
    pub regions: Vec<RegionRow>,
    /// Refugees by country fled and country of asylum at each December and
    /// after the last step (empty without refugees).
    pub refugee_stocks: Vec<super::refugees::RefugeeRow>,
}

impl Recorded {
    /// The rows of step `t`, one per country.
    pub fn month(&self, t: u32) -> &[CountryMonth] {
        self.series.row(t as usize)
    }

    /// The rows of the last recorded step.
    pub fn last_month(&self) -> Option<&[CountryMonth]> {
        let n = self.months.len() as u32;
        (n > 0).then(|| self.month(n - 1))
    }
}

/// The observer that fills a [`Recorded`].
#[derive(Debug, Default)]
pub struct Recorder {
    /// What has been recorded so far.
    pub recorded: Recorded,
    months: u32,
    /// Whether two countries share a continent, by (from, to).
    same_continent: Square<bool>,
}

impl Recorder {
    /// A new, empty recorder.
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// Takes what was recorded.
    pub fn into_recorded(self) -> Recorded {
        self.recorded
    }
}

/// `v[i]`, or 0 where `v` is empty (a count the run did not keep).
fn at(v: &[u32], i: usize) -> u32 {
    v.get(i).copied().unwrap_or(0)
}

impl Observer for Recorder {
    fn init(&mut self, scenario: &Scenario, world: &World) {
        let k = world.num_countries();
        self.months = scenario.simulation.months;
        self.same_continent = Square::from_fn(k, |a, b| {
            Territory::of(scenario, a, b) == Territory::Intracontinental
        });
        self.recorded = Recorded {
            months: Vec::with_capacity(self.months as usize),
            k,
            agents: world.agents.len() as u64,
            people_per_agent: world.people_per_agent,
            series: Grid::rect_from_vec(0, k, Vec::with_capacity(self.months as usize * k))
                .unwrap_or_default(),
            flows: Vec::new(),
            flow_forms: Vec::new(),
            stocks: Vec::new(),
            regions: Vec::new(),
            refugee_stocks: Vec::new(),
        };
    }

    fn step(&mut self, v: &StepView<'_>) {
        let rec = &mut self.recorded;
        let k = rec.k;
        let counts = &v.world.counts;
        let c = &v.outcome.counters;
        let mut immigration = vec![0u64; k];
        let mut emigration = vec![0u64; k];
        let mut emigration_intra = vec![0u64; k];
        for from in 0..k {
            for (to, &m) in c.flows.row(from).iter().enumerate() {
                if m > 0 {
                    immigration[to] += m as u64;
                    emigration[from] += m as u64;
                    if self.same_continent[(from, to)] {
                        emigration_intra[from] += m as u64;
                    }
                    rec.flows.push(FlowRow {
                        t: v.t,
                        from: from as u16,
                        to: to as u16,
                        movers: m,
                        high_skilled: c.flows_high[(from, to)],
                        returns: c.return_flows[(from, to)],
                        high_skilled_returns: c.return_flows_high[(from, to)],
                    });
                    if !c.flows_temporary.is_empty() {
                        rec.flow_forms.push(FlowForms {
                            temporary: c.flows_temporary[(from, to)],
                            seasonal: c.flows_seasonal[(from, to)],
                            irregular: c.flows_irregular[(from, to)],
                        });
                    }
                }
            }
        }
        let residents = counts.residents();
        let mut displaced = vec![[0u64; 2]; k];
        for (s, away) in v.scenario.shocks.iter().zip(&v.world.displaced_by_shock) {
            displaced[s.country][0] += away[0];
            displaced[s.country][1] += away[1];
        }
        let d = &v.outcome.displacement;
        let of = |col: &[u32], j: usize| col.get(j).copied().unwrap_or(0) as u64;
        let tally = &v.outcome.tally;
        let mut row = Vec::with_capacity(k);
        for j in 0..k {
            let mut abroad = 0;
            let mut high = 0;
            let mut high_abroad = 0;
            for r in 0..k {
                let h = counts.get(j, r, HIGH as usize) as u64;
                high += h;
                if r != j {
                    abroad += counts.stock(j, r);
                    high_abroad += h;
                }
            }
            let home = counts.stock(j, j);
            let high_immigrants: u64 = (0..k)
                .filter(|&o| o != j)
                .map(|o| counts.get(o, j, HIGH as usize) as u64)
                .sum();
            row.push(CountryMonth {
                t: v.t,
                country: j as u16,
                residents: residents[j],
                natives_at_home: home,
                immigrants: residents[j] - home,
                emigrants_abroad: abroad,
                immigration: immigration[j],
                emigration: emigration[j],
                emigration_intercontinental: emigration[j] - emigration_intra[j],
                emigration_intracontinental: emigration_intra[j],
                return_migration: c.returns[j] as u64,
                high_skilled_natives: high,
                high_skilled_abroad: high_abroad,
                wage_low: v.state.wage_low[j],
                wage_high: v.state.wage_high[j],
                unemployment: v.state.unemployment[j],
                cycle: v.state.cycle[j],
                labour_supply: v.state.residents[j],
                labour_supply_index: v.state.residents[j] as f64
                    / v.world.initial_residents[j].max(1) as f64,
                high_skilled_immigrants: high_immigrants,
                entries: of(&v.outcome.entries, j),
                exits: of(&v.outcome.exits, j),
                brain_waste: v.world.brain_waste[j],
                phase: v.state.phase[j],
                shock: v.state.shock[j],
                refugees_new: of(&d.refugees_new, j),
                refugees: displaced[j][0],
                refugee_returns: of(&d.refugee_returns, j),
                refugees_moved_home: of(&d.refugees_moved_home, j),
                refugees_settled: of(&d.refugees_settled, j),
                idps_new: of(&d.idps_new, j),
                idps: displaced[j][1],
                idp_returns: of(&d.idp_returns, j),
                fdi_inflow: v.state.fdi_inflow[j],
                fdi_stock: v.state.fdi_stock[j],
                fdi_demand: v.state.fdi_demand[j],
                temporary_workers: at(&tally.temporary, j) as u64,
                seasonal_workers: at(&tally.seasonal_abroad, j) as u64,
                commuters_in: at(&tally.commuters_in, j) as u64,
                commuters_out: at(&tally.commuters_out, j) as u64,
                contract_renewals: at(&tally.renewals, j) as u64,
                returns_contract_end: at(c.returns_for(CONTRACT_END), j) as u64,
                returns_season_end: at(c.returns_for(SEASON_END), j) as u64,
                returns_leave_order: at(c.returns_for(LEAVE_ORDER), j) as u64,
                returns_expelled: at(c.returns_for(EXPELLED), j) as u64,
                returns_permit_lapse: at(c.returns_for(LAPSE), j) as u64,
                irregular_immigrants: at(&tally.irregular, j) as u64,
                permit_holders: at(&tally.permit_holders, j) as u64,
                permanent_residents: at(&tally.permanent_residents, j) as u64,
                permits_granted: at(&c.permits, j) as u64,
                permit_refusals: at(&c.refusals, j) as u64,
                irregular_entries: at(&c.irregular_entries, j) as u64,
                detected_legalised: at(&tally.legalised, j) as u64,
                detected_ordered_to_leave: at(&tally.ordered_to_leave, j) as u64,
                detected_expelled: at(&tally.expelled, j) as u64,
                permit_lapses: at(&tally.lapses, j) as u64,
                residence_granted: at(&tally.residence_granted, j) as u64,
                returns_savings_target: at(c.returns_for(SAVINGS_TARGET), j) as u64,
                returns_programme: at(c.returns_for(PROGRAMME), j) as u64,
                target_earners: at(&tally.target_earners, j) as u64,
                replacements: at(&tally.replacements, j) as u64,
                reunifications: at(&tally.reunifications, j) as u64,
                postings_out: at(&c.postings_out, j) as u64,
                postings_in: at(&c.postings_in, j) as u64,
                posted_workers: at(&tally.posted, j) as u64,
                found_at_work: at(&tally.found_at_work, j) as u64,
            });
        }
        rec.series.push_row(row);
        if v.date.month == 12 || v.t + 1 == self.months {
            for o in 0..k {
                for r in 0..k {
                    let m = counts.stock(o, r);
                    if r != o && m > 0 {
                        rec.stocks.push(StockRow {
                            t: v.t,
                            origin: o as u16,
                            residence: r as u16,
                            migrants: m,
                            high_skilled: counts.get(o, r, HIGH as usize) as u64,
                        });
                    }
                }
            }
            rec.refugee_stocks
                .extend(super::refugees::stocks(v.scenario, v.world, v.t));
        }
        let r = &v.outcome.regions;
        if !r.residents.is_empty() {
            let map = crate::regions::RegionMap::new(v.scenario);
            for (g, explicit) in map.explicit.iter().enumerate() {
                let Some(i) = *explicit else { continue };
                rec.regions.push(RegionRow {
                    t: v.t,
                    country: map.country[g],
                    region: i as u16,
                    residents: r.residents[g],
                    moved_in: r.moved_in[g],
                    moved_out: r.moved_out[g],
                    wage_low: r.wage_low[g],
                    wage_high: r.wage_high[g],
                    unemployment: r.unemployment[g],
                });
            }
        }
        rec.months.push(v.date);
    }
}
