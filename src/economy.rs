//! The country state of each step (docs/model.md §6): business cycle, wages with
//! their labour-supply feedback, and unemployment with its Okun-type response.
//!
//! Pure functions of the scenario, the step and the start-of-step residents;
//! computed once per step, before any agent decides.

use crate::model::{PhaseKind, Scenario, SeriesVar, ShockKind, YearMonth};
use crate::policy::PolicyMonth;
use crate::world::Square;

/// The state of every country during one step.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryState {
    /// The step this state is for.
    pub t: u32,
    /// Cycle g_j(t), a relative deviation (0.05 = 5 % above trend): the
    /// smooth cycle plus the depth of a `[[phase]]` under way.
    pub cycle: Vec<f64>,
    /// The `[[phase]]` under way in each country, if any.
    pub phase: Vec<Option<PhaseKind>>,
    /// Monthly wage of the low-skilled.
    pub wage_low: Vec<f64>,
    /// Monthly wage of the high-skilled.
    pub wage_high: Vec<f64>,
    /// Unemployment rate.
    pub unemployment: Vec<f64>,
    /// Residents L_j at the start of the step (agents).
    pub residents: Vec<u64>,
    /// β_n of the step (the diaspora weight, growing with integration).
    pub network_weight: f64,
    /// Share of the wage a native of `o` loses in `j` for lack of equal
    /// treatment, by (origin, destination) (see [`migrant_discount_in`]);
    /// `None` when every country treats migrants equally.
    pub migrant_discount: Option<Square<f64>>,
    /// The `[[shock]]` under way in each country, if any.
    pub shock: Vec<Option<ShockKind>>,
    /// Utility subtracted from living in each country by the shocks under
    /// way; `None` when no shock is under way.
    pub shock_push: Option<Vec<f64>>,
    /// Foreign direct investment received this month, US$ million
    /// ([[capital_flow]]; all 0 without).
    pub fdi_inflow: Vec<f64>,
    /// Foreign direct investment stock after this month's inflow, US$ million.
    pub fdi_stock: Vec<f64>,
    /// Labour demand added by the FDI stock: η · stock / yearly wage bill,
    /// added to the cycle term for wages and unemployment.
    pub fdi_demand: Vec<f64>,
}

impl CountryState {
    /// Wage of skill `s` (0 low, 1 high) in country `j`.
    #[inline]
    pub fn wage(&self, j: usize, s: usize) -> f64 {
        if s == 0 {
            self.wage_low[j]
        } else {
            self.wage_high[j]
        }
    }
}

/// Smallest factor (1 + g) applied to wages, however deep a recession.
pub const MIN_CYCLE_FACTOR: f64 = 0.05;

/// Cycle of country `j` at step `t`: amplitude · sin(2π t / period + 2π phase).
pub fn cycle(scenario: &Scenario, j: usize, t: u32) -> f64 {
    let c = &scenario.countries[j].cycle;
    let tau = std::f64::consts::TAU;
    c.amplitude * libm::sin(tau * t as f64 / c.period + tau * c.phase)
}

/// Computes the country state of step `t` from the start-of-step residents
/// and the initial residents L_j0 (under the policy of the month, resolved
/// here; the kernel resolves it once and calls [`country_state_in`]).
pub fn country_state(
    scenario: &Scenario,
    t: u32,
    residents: Vec<u64>,
    initial: &[u64],
) -> CountryState {
    let policy = PolicyMonth::at(scenario, scenario.date_of_step(t));
    country_state_in(scenario, t, residents, initial, &policy)
}

/// [`country_state`] under the month's `policy` (equal treatment).
pub fn country_state_in(
    scenario: &Scenario,
    t: u32,
    residents: Vec<u64>,
    initial: &[u64],
    policy: &PolicyMonth,
) -> CountryState {
    let k = scenario.num_countries();
    let eco = &scenario.economy;
    let mut st = CountryState {
        t,
        cycle: Vec::with_capacity(k),
        phase: vec![None; k],
        wage_low: Vec::with_capacity(k),
        wage_high: Vec::with_capacity(k),
        unemployment: Vec::with_capacity(k),
        residents,
        network_weight: scenario.network_weight(t),
        migrant_discount: None,
        shock: vec![None; k],
        shock_push: None,
        fdi_inflow: vec![0.0; k],
        fdi_stock: vec![0.0; k],
        fdi_demand: vec![0.0; k],
    };
    let date = scenario.date_of_step(t);
    st.migrant_discount = migrant_discount_in(scenario, policy);
    for s in scenario.shocks.iter().filter(|s| s.active(date)) {
        st.shock[s.country] = Some(s.kind);
        let share = s
            .region
            .map_or(1.0, |r| scenario.regions[r].population_share);
        st.shock_push.get_or_insert_with(|| vec![0.0; k])[s.country] += s.intensity * share;
    }
    let mut shift = vec![0.0; k];
    for p in &scenario.phases {
        if p.start <= date && date <= p.end {
            let hit = |j: usize| p.country.is_none_or(|c| c == j);
            for j in (0..k).filter(|&j| hit(j)) {
                shift[j] += p.shift();
                st.phase[j] = Some(p.kind);
            }
        }
    }
    if !scenario.capital_flows.is_empty() {
        capital(scenario, date, &mut st);
    }
    for (j, c) in scenario.countries.iter().enumerate() {
        let smooth = cycle(scenario, j, t);
        let g = if shift[j] == 0.0 {
            smooth
        } else {
            smooth + shift[j]
        };
        st.cycle.push(g);
        // Capital moving to labour raises demand like a boom (not shown in
        // the cycle column).
        let g = if st.fdi_demand[j] == 0.0 {
            g
        } else {
            g + st.fdi_demand[j]
        };
        let supply = st.residents[j].max(1) as f64 / expected_residents(scenario, j, t, initial[j]);
        // A deep recession on a cycle trough must not make wages vanish.
        let feedback = (1.0 + g).max(MIN_CYCLE_FACTOR) * libm::pow(supply, -eco.wage_elasticity);
        // The data path (a [data] series) where given, else the base value:
        // the feedback acts on top of it.
        let data = &scenario.data;
        let wage_low = data.value(SeriesVar::WageLow, j, t).unwrap_or(c.wage_low);
        let wage_high = data.value(SeriesVar::WageHigh, j, t).unwrap_or(c.wage_high);
        let base_u = data
            .value(SeriesVar::Unemployment, j, t)
            .unwrap_or(c.unemployment);
        st.wage_low.push(wage_low * feedback);
        let premium = scenario.skill_premium_factor(j, t);
        st.wage_high.push(if premium == 1.0 {
            wage_high * feedback
        } else {
            wage_high * premium * feedback
        });
        // A supply shock (more residents than at the start) raises
        // unemployment before wages adjust; emigration lowers it.
        let shock = if eco.supply_unemployment == 0.0 {
            1.0
        } else {
            (1.0 + eco.supply_unemployment * (supply - 1.0)).max(0.0)
        };
        st.unemployment.push(
            (base_u * (1.0 - eco.okun * g) * shock)
                .clamp(eco.unemployment_min, eco.unemployment_max),
        );
    }
    st
}

/// Residents of country `j` at step `t` on the data path, in agents: the
/// residents at the start `initial`, times P_j(t) / P_j(0) where a
/// population series is followed (demography), else `initial` itself.
/// Labour supply is measured against it, so that growth the data already
/// has does not lower wages; only migration (and the difference between
/// the simulated and the observed path) does.
#[inline]
pub fn expected_residents(scenario: &Scenario, j: usize, t: u32, initial: u64) -> f64 {
    let base = initial.max(1) as f64;
    match scenario.data.value(SeriesVar::Population, j, t) {
        Some(p) if scenario.data.demography() => {
            let p0 = scenario.countries[j].population;
            if p0 > 0.0 {
                (base * p / p0).max(1.0)
            } else {
                base
            }
        }
        _ => base,
    }
}

/// Whether the scenario sets a wage elasticity to the supply of a skill
/// ([`skill_supply_feedback`] then has work to do).
pub fn has_skill_feedback(scenario: &Scenario) -> bool {
    scenario.economy.skill_elasticity != [0.0; 2]
}

/// Wages by skill respond to the supply of that skill (docs/model.md §6, issue
/// 4): multiplies the wage of skill s in each country by
/// (L_s / L_s0)^(−ε_s), from the start-of-step residents of each skill
/// `by_skill` and those of the first month `initial_by_skill` ([low, high]
/// per country). Emigration of the high-skilled raises the high-skill wage
/// at home; their arrival lowers it abroad.
pub fn skill_supply_feedback(
    scenario: &Scenario,
    st: &mut CountryState,
    by_skill: &[[u64; 2]],
    initial_by_skill: &[[u64; 2]],
) {
    let eps = scenario.economy.skill_elasticity;
    for (j, (now, first)) in by_skill.iter().zip(initial_by_skill).enumerate() {
        for s in 0..2 {
            if eps[s] == 0.0 {
                continue;
            }
            let path = if scenario.data.demography() {
                expected_residents(scenario, j, st.t, first[s])
            } else {
                first[s].max(1) as f64
            };
            let supply = now[s].max(1) as f64 / path;
            let factor = libm::pow(supply, -eps[s]);
            if s == 0 {
                st.wage_low[j] *= factor;
            } else {
                st.wage_high[j] *= factor;
            }
        }
    }
}

/// Capital export (docs/model.md §4, issue 15): the FDI inflow and stock of
/// every receiver at `date` and the labour demand they add.
///
/// Each `[[capital_flow]]` pays a twelfth of its yearly amount a month; the
/// stock keeps r = (1 − fdi_depreciation)^(1/12) of itself each month
/// before the month's inflow, so n payments of a, the last g months ago,
/// leave a · r^g · (1 − r^n) / (1 − r). With x = stock / (population ·
/// mean base wage · 12), the yearly wage bill in US$ million at base
/// wages, the demand term is D_max · (1 − e^(−η x / D_max)): η x for small
/// stocks, never above D_max = fdi_demand_max.
fn capital(scenario: &Scenario, date: YearMonth, st: &mut CountryState) {
    let eco = &scenario.economy;
    let r = libm::pow(1.0 - eco.fdi_depreciation, 1.0 / 12.0);
    for f in &scenario.capital_flows {
        let paid = f.months_paid(date);
        if paid > 0 {
            let a = f.amount / 12.0;
            let since = (date.index() - f.end.index()).max(0) as f64;
            st.fdi_stock[f.to] += if r >= 1.0 {
                a * paid as f64
            } else {
                a * libm::pow(r, since) * (1.0 - libm::pow(r, paid as f64)) / (1.0 - r)
            };
            if date <= f.end {
                st.fdi_inflow[f.to] += a;
            }
        }
    }
    let (eta, cap) = (eco.fdi_elasticity, eco.fdi_demand_max);
    for (j, c) in scenario.countries.iter().enumerate() {
        if st.fdi_stock[j] > 0.0 {
            let h = c.high_skilled_share;
            let wage = c.wage_low * (1.0 - h) + c.wage_high * h;
            let bill = c.population * wage * 12.0 / 1e6;
            let x = st.fdi_stock[j] / bill;
            st.fdi_demand[j] = cap * -libm::expm1(-eta * x / cap);
        }
    }
}

/// Equal treatment: the share of the native wage a native of `o` does not
/// get in `j`, row-major [o·K + j]. Natives (o = j) and workers from a
/// free-movement partner of `j` at `date` (equal treatment is part of free
/// movement) lose nothing; any other foreigner loses `j`'s
/// [`Scenario::migrant_wage_discount`]. `None` when no country sets a discount, so that
/// the default model does no extra work.
pub fn migrant_discount(scenario: &Scenario, date: YearMonth) -> Option<Vec<f64>> {
    migrant_discount_in(scenario, &PolicyMonth::at(scenario, date)).map(Square::into_vec)
}

/// [`migrant_discount`] under the month's `policy`: a country whose
/// `equal_treatment` is in force ([[policy]]) gives no discount.
/// By (origin, destination).
pub fn migrant_discount_in(scenario: &Scenario, policy: &PolicyMonth) -> Option<Square<f64>> {
    let k = scenario.num_countries();
    let own = |j: usize| {
        if policy.countries[j].equal_treatment {
            0.0
        } else {
            scenario.migrant_wage_discount(j)
        }
    };
    if (0..k).all(|j| own(j) == 0.0) {
        return None;
    }
    let free = &policy.free;
    Some(Square::from_fn(
        k,
        |o, j| if free[(o, j)] { 0.0 } else { own(j) },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;

    #[test]
    fn reference_state_follows_the_formulas() {
        let s = reference_scenario(1000, 20, 12, 1);
        let init = vec![50u64; 20];
        let mut res = init.clone();
        res[3] = 100; // twice the initial supply
        let st = country_state(&s, 24, res, &init);
        let g3 = 0.10
            * libm::sin(std::f64::consts::TAU * 24.0 / 96.0 + std::f64::consts::TAU * 3.0 / 20.0);
        assert!((st.cycle[3] - g3).abs() < 1e-12);
        let w3 = 500.0 * libm::pow(40.0, 3.0 / 19.0) * (1.0 + g3) * libm::pow(2.0, -0.3);
        assert!((st.wage_low[3] - w3).abs() < 1e-9 * w3);
        assert!((st.wage_high[3] - 2.5 * w3).abs() < 1e-9 * w3);
        let u3 = ((0.25 - 0.2 * 3.0 / 19.0) * (1.0 - 2.0 * g3)).clamp(0.01, 0.5);
        assert!((st.unemployment[3] - u3).abs() < 1e-12);
    }

    #[test]
    fn more_workers_lower_wages_and_the_cycle_moves_unemployment() {
        let s = reference_scenario(1000, 4, 12, 1);
        let init = vec![100u64; 4];
        let base = country_state(&s, 0, init.clone(), &init);
        let crowded = country_state(&s, 0, vec![200, 100, 100, 100], &init);
        assert!(crowded.wage_low[0] < base.wage_low[0]);
        assert_eq!(crowded.wage_low[1], base.wage_low[1]);
        // A boom (g > 0) lowers unemployment; clamp keeps it in range.
        for t in 0..96 {
            let st = country_state(&s, t, init.clone(), &init);
            for j in 0..4 {
                let u0 = s.countries[j].unemployment;
                if st.cycle[j] > 0.0 {
                    assert!(st.unemployment[j] <= u0);
                }
                assert!((0.01..=0.5).contains(&st.unemployment[j]));
            }
        }
    }

    #[test]
    fn an_emptied_country_does_not_divide_by_zero() {
        let s = reference_scenario(1000, 2, 12, 1);
        let st = country_state(&s, 0, vec![0, 10], &[0, 10]);
        assert!(st.wage_low[0].is_finite() && st.wage_low[0] > 0.0);
    }
}
