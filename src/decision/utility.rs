//! The three utility factors of a step (income, network, cost), as pure
//! functions of the scenario, the date and the start-of-step aggregates.

use crate::economy::CountryState;
use crate::model::{Scenario, YearMonth};
use crate::world::{Counts, Square};

pub use crate::policy::free_movement;

/// Recognition probabilities p(o, j) at a date, by (origin, destination) (see
/// [`Scenario::recognition`]); `None` when every qualification is
/// recognised everywhere, so that the default model does no extra work.
pub fn recognition_matrix(scenario: &Scenario, date: YearMonth) -> Option<Square<f64>> {
    if scenario.recognises_everything() {
        return None;
    }
    // The same rule as `Scenario::recognition`, in O(K² + Σ members²).
    let k = scenario.num_countries();
    let mut bloc: Square<Option<f64>> = Square::new(k, None);
    for b in &scenario.blocs {
        let Some(q) = b.recognition else { continue };
        let members: Vec<usize> = b
            .members
            .iter()
            .copied()
            .filter(|&m| b.member_at(m, date))
            .collect();
        for &o in &members {
            for &j in &members {
                let x = &mut bloc[(o, j)];
                *x = Some(x.map_or(q, |m| m.max(q)));
            }
        }
    }
    Some(Square::from_fn(k, |o, j| {
        if o == j {
            1.0
        } else {
            bloc[(o, j)]
                .or(scenario.countries[j].recognition)
                .unwrap_or(scenario.recognition.probability)
        }
    }))
}

/// What the cost factors of a month depend on: when it is unchanged from the
/// month before, so are they.
#[derive(Debug, Clone, PartialEq)]
pub struct CostKey {
    /// The free-movement pattern ([`free_movement`]).
    pub free: Square<bool>,
    /// τ of the month ([`Scenario::transport_cost`]).
    pub tau: f64,
    /// Entry multipliers of the border barrier ([`Scenario::barrier_multipliers`]).
    pub entry: Vec<f64>,
    /// Exit multipliers of the border barrier.
    pub exit: Vec<f64>,
    /// Entry cost of each destination ([`Scenario::entry_costs`]), added to
    /// the barrier of moves that are not free.
    pub entry_cost: Vec<f64>,
    /// Utility bonus of going home by origin ([`Scenario::return_bonus`]).
    pub return_bonus: Vec<f64>,
    /// (1 − transport_decline)^(months / 12): the factor of the gravity
    /// rule's distance costs ([`Scenario::transport_factor`]).
    pub decline: f64,
}

impl CostKey {
    /// The key of step `t`.
    pub fn at(scenario: &Scenario, t: u32) -> CostKey {
        let policy = crate::policy::PolicyMonth::at(scenario, scenario.date_of_step(t));
        CostKey::with_policy(scenario, t, &policy)
    }

    /// The key of step `t` under the month's `policy` (entry costs and
    /// return programmes).
    pub fn with_policy(
        scenario: &Scenario,
        t: u32,
        policy: &crate::policy::PolicyMonth,
    ) -> CostKey {
        let date = scenario.date_of_step(t);
        let (entry, exit) = scenario.barrier_multipliers(date);
        CostKey {
            free: policy.free.clone(),
            tau: scenario.transport_cost(t),
            entry,
            exit,
            entry_cost: policy.entry_costs(scenario),
            return_bonus: policy.return_bonus(scenario),
            decline: scenario.transport_factor(t),
        }
    }
}

/// Cost factors: e^(−τ d/1000 − barrier) for a move c → j, and the same
/// without the barrier (for a return to the origin, which never pays it).
/// Under the gravity rule the distance cost is β_d(t) · ln(d / 1000 km) less
/// the contiguity bonus, and the month's factors ([`CostFactors::gravity_month`])
/// also hold the costs by skill, jobs and affordability: one row per
/// (skill, residence) instead of per residence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostFactors {
    /// Number of countries.
    pub k: usize,
    /// With the border barrier where one applies: one table by
    /// (residence, destination) for both skills, or one per skill
    /// ([`CostFactors::by_skill`]).
    pub with_barrier: Vec<Square<f64>>,
    /// Without any barrier, laid out as `with_barrier`.
    pub no_barrier: Vec<Square<f64>>,
    /// ln of `with_barrier`, computed directly (no underflow).
    pub ln_with_barrier: Vec<Square<f64>>,
    /// ln of `no_barrier`, computed directly (no underflow).
    pub ln_no_barrier: Vec<Square<f64>>,
}

impl CostFactors {
    /// Cost factors for the free-movement pattern `free` (from
    /// [`crate::policy::free_pairs`]) at the scenario's starting τ.
    pub fn new(scenario: &Scenario, free: &Square<bool>) -> CostFactors {
        let k = scenario.num_countries();
        let ones = vec![1.0; k];
        let key = CostKey {
            free: free.clone(),
            tau: scenario.costs.transport_per_1000km,
            entry: ones.clone(),
            exit: ones,
            entry_cost: vec![0.0; k],
            return_bonus: vec![0.0; k],
            decline: 1.0,
        };
        CostFactors::for_key(scenario, &key)
    }

    /// Cost factors for what `key` gives: the free-movement pattern, τ and
    /// the barrier multipliers of a month.
    pub fn for_key(scenario: &Scenario, key: &CostKey) -> CostFactors {
        let k = scenario.num_countries();
        let (free, tau) = (&key.free, key.tau);
        let barrier = scenario.costs.border_barrier;
        let mut ln_with_barrier = Square::new(k, 0.0);
        let mut ln_no_barrier = Square::new(k, 0.0);
        let gravity = scenario.decision.gravity.map(|g| (g, contiguous(scenario)));
        for c in 0..k {
            for j in 0..k {
                let transport = match &gravity {
                    None => tau * scenario.distance(c, j) / 1000.0,
                    Some(_) if c == j => 0.0,
                    Some((g, contig)) => {
                        g.distance_elasticity * key.decline * log_distance(scenario.distance(c, j))
                            - if contig[(c, j)] { g.contiguity } else { 0.0 }
                    }
                };
                let b = if free[(c, j)] {
                    // Free movement lifts the legal barrier; the gravity
                    // rule's foreignness φ stays on a move abroad.
                    match &gravity {
                        Some((g, _)) if c != j => g.foreignness,
                        _ => 0.0,
                    }
                } else if key.exit[c] == 1.0 && key.entry[j] == 1.0 {
                    barrier + key.entry_cost[j]
                } else {
                    barrier * key.exit[c] * key.entry[j] + key.entry_cost[j]
                };
                // `no_barrier` serves only returns home (j = origin): a
                // return programme's bonus goes there.
                ln_no_barrier[(c, j)] = if c == j {
                    -transport
                } else {
                    -transport + key.return_bonus[j]
                };
                ln_with_barrier[(c, j)] = -transport - b;
            }
        }
        let exp_all = |v: &Square<f64>| {
            Square::from_vec(k, v.as_slice().iter().map(|&x| libm::exp(x)).collect())
                .unwrap_or_default()
        };
        CostFactors {
            k,
            with_barrier: vec![exp_all(&ln_with_barrier)],
            no_barrier: vec![exp_all(&ln_no_barrier)],
            ln_with_barrier: vec![ln_with_barrier],
            ln_no_barrier: vec![ln_no_barrier],
        }
    }

    /// Whether the tables are by skill (one per skill), as under the
    /// gravity rule; else one table serves both skills.
    pub fn by_skill(&self) -> bool {
        self.with_barrier.len() > 1
    }

    /// The table of skill `s` (the only one when not by skill).
    #[inline(always)]
    fn layer(&self, s: usize) -> usize {
        if self.with_barrier.len() > 1 { s } else { 0 }
    }

    /// The factors with the barrier of residence `c` and skill `s`, by destination.
    #[inline(always)]
    pub fn with_barrier_row(&self, c: usize, s: usize) -> &[f64] {
        self.with_barrier[self.layer(s)].row(c)
    }

    /// The factors without a barrier of residence `c` and skill `s`, by destination.
    #[inline(always)]
    pub fn no_barrier_row(&self, c: usize, s: usize) -> &[f64] {
        self.no_barrier[self.layer(s)].row(c)
    }

    /// The factors of a month under the gravity rule, by skill: `base`
    /// (from [`CostFactors::for_key`]) times, on every move c → j (j ≠ c),
    /// e^(β_L ln(L_j / L̄) + β_J ln((1 − u_j) / u_j) − m_s − β_a ln(1 + C_cj / B_cs))
    /// (a return home pays ρ m_s instead of m_s), with
    /// the money cost C_cj = C_0 + C_d · decline · d_cj / 1000 and the
    /// means B_cs = S · wage_c(s) · (1 − u_c). Written into `out`, whose
    /// buffers are reused.
    #[allow(clippy::needless_range_loop)]
    pub fn gravity_month(
        &self,
        scenario: &Scenario,
        g: &crate::model::Gravity,
        state: &CountryState,
        decline: f64,
        out: &mut CostFactors,
    ) {
        let k = self.k;
        out.k = k;
        for v in [
            &mut out.with_barrier,
            &mut out.no_barrier,
            &mut out.ln_with_barrier,
            &mut out.ln_no_barrier,
        ] {
            // Every entry is written below: only the shape is kept.
            if v.len() != 2 || v.iter().any(|m| m.k() != k) {
                *v = vec![Square::new(k, 0.0); 2];
            }
        }
        let (base_with, base_no) = (&self.ln_with_barrier[0], &self.ln_no_barrier[0]);
        // What every move into j gets: jobs (tightness) and size, relative
        // to the mean country (so the scale of agents does not matter).
        let mean = state.residents.iter().sum::<u64>().max(1) as f64 / k as f64;
        let jobs: Vec<f64> = (0..k)
            .map(|j| {
                let u = state.unemployment[j].clamp(1e-4, 1.0 - 1e-4);
                g.jobs_weight * libm::log((1.0 - u) / u)
                    + g.size_weight * libm::log(state.residents[j].max(1) as f64 / mean)
            })
            .collect();
        let per_km = g.move_cost_usd_per_1000km * decline / 1000.0;
        for s in 0..2 {
            for c in 0..k {
                let means = g.savings_months * state.wage(c, s) * (1.0 - state.unemployment[c]);
                let means = means.max(1e-9);
                let (base_with, base_no) = (base_with.row(c), base_no.row(c));
                let ln_with = out.ln_with_barrier[s].row_mut(c);
                let ln_no = out.ln_no_barrier[s].row_mut(c);
                for j in 0..k {
                    let (bw, bn) = (base_with[j], base_no[j]);
                    // `no_barrier` serves only returns home, which pay the
                    // share `return_cost_share` of the fixed cost.
                    let (add, add_home) = if j == c {
                        (0.0, 0.0)
                    } else {
                        let money = g.move_cost_usd + per_km * scenario.distance(c, j);
                        let common = jobs[j] - g.afford_weight * libm::log1p(money / means);
                        (
                            common - g.move_cost[s],
                            common - g.return_cost_share * g.move_cost[s],
                        )
                    };
                    ln_with[j] = bw + add;
                    ln_no[j] = bn + add_home;
                }
                for (x, &l) in out.with_barrier[s]
                    .row_mut(c)
                    .iter_mut()
                    .zip(out.ln_with_barrier[s].row(c))
                {
                    *x = libm::exp(l);
                }
                for (x, &l) in out.no_barrier[s]
                    .row_mut(c)
                    .iter_mut()
                    .zip(out.ln_no_barrier[s].row(c))
                {
                    *x = libm::exp(l);
                }
            }
        }
    }
}

/// ln(max(d, 100 km) / 1000 km): the distance of the gravity rule's cost.
pub fn log_distance(d_km: f64) -> f64 {
    libm::log(d_km.max(100.0) / 1000.0)
}

/// Which pairs of countries share a border (`[[pair]] contiguous`),
/// by (a, b), symmetric.
pub fn contiguous(scenario: &Scenario) -> Square<bool> {
    let mut v = Square::new(scenario.num_countries(), false);
    for p in scenario.pairs.iter().filter(|p| p.contiguous) {
        v[(p.from, p.to)] = true;
        v[(p.to, p.from)] = true;
    }
    v
}

/// [`contiguous`] as a row-major vector, [a·K + b] (kept for callers of the
/// library that index it so).
pub fn contiguity(scenario: &Scenario) -> Vec<bool> {
    contiguous(scenario).into_vec()
}

/// The per-step factors of exp(V_j) that do not depend on the residence.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors {
    /// Number of countries.
    pub k: usize,
    /// Income factor by skill: `income[s][j]`, largest = 1.
    pub income: [Vec<f64>; 2],
    /// Network factor with home bias, ties and the push of shocks under way,
    /// by (origin, destination), largest of a row = 1.
    pub network: Square<f64>,
    /// Log of the normalised income factor (for the overflow-safe fallback).
    pub ln_income: [Vec<f64>; 2],
    /// Log of the normalised network factor.
    pub ln_network: Square<f64>,
    /// Log income factor of the high-skilled by (origin, destination), from the
    /// expected wage p(o,j)·wage_high + (1 − p(o,j))·wage_low, less the
    /// migrant wage discount δ(o,j) (each row normalised to a largest value
    /// of 0); `None` when every qualification is recognised and migrants
    /// are treated equally everywhere (then `ln_income[1]` holds for every
    /// origin).
    pub ln_income_high: Option<Square<f64>>,
    /// Log income factor of the low-skilled by (origin, destination), from
    /// wage_low · (1 − δ(o,j)); `None` when migrants are treated equally
    /// everywhere (then `ln_income[0]` holds for every origin).
    pub ln_income_low: Option<Square<f64>>,
    /// income · network by skill, then (origin, destination): the part of
    /// a cell's weights that does not depend on the residence.
    pub pull: [Square<f64>; 2],
}

impl Factors {
    /// Computes the factors of a step from the country state, the
    /// start-of-step aggregates M_oj and the recognition probabilities of
    /// the step (from [`recognition_matrix`]; `None`: all recognised).
    pub fn new(
        scenario: &Scenario,
        state: &CountryState,
        counts: &Counts,
        recognition: Option<&Square<f64>>,
    ) -> Factors {
        let k = scenario.num_countries();
        let d = &scenario.decision;
        let mut ln_income = [Vec::with_capacity(k), Vec::with_capacity(k)];
        for (s, row) in ln_income.iter_mut().enumerate() {
            for j in 0..k {
                let expected = state.wage(j, s) * (1.0 - state.unemployment[j]);
                row.push(d.wage_weight * libm::log(expected));
            }
            normalise_ln(row);
        }
        // The reference rule counts the natives at home in the diaspora
        // term (docs/model.md §6 as written); the gravity rule counts only
        // migrants abroad.
        let abroad_only = d.gravity.is_some();
        let mut ln_network = Square::new(k, 0.0);
        for o in 0..k {
            let row = ln_network.row_mut(o);
            // Gravity rule: the diaspora as a share of the origin's natives
            // (so it does not favour small destinations).
            let natives = if abroad_only {
                (0..k).map(|r| counts.stock(o, r)).sum::<u64>().max(1) as f64
            } else {
                0.0
            };
            for (j, v) in row.iter_mut().enumerate() {
                let m = if abroad_only && j == o {
                    0.0
                } else {
                    counts.stock(o, j) as f64
                };
                let l = if abroad_only {
                    natives
                } else {
                    state.residents[j].max(1) as f64
                };
                *v = state.network_weight * libm::log1p(d.network_scale * m / l)
                    + if j == o { d.home_bias } else { 0.0 };
            }
        }
        // Pair-specific terms of the gravity rule (`[[pair]] utility`).
        if abroad_only {
            for p in &scenario.pairs {
                ln_network[(p.from, p.to)] += p.utility;
                if p.both_ways {
                    ln_network[(p.to, p.from)] += p.utility;
                }
            }
        }
        // Ethnic, language and historical ties: + strength on (o, j) and
        // (j, o), with the migrant's origin (none by default: no change).
        for t in &scenario.ties {
            ln_network[(t.a, t.b)] += t.strength;
            ln_network[(t.b, t.a)] += t.strength;
        }
        // Shocks under way: living in a shocked country costs its intensity,
        // whatever the origin (a push to leave, a brake on returning).
        if let Some(push) = &state.shock_push {
            for o in 0..k {
                for (v, &x) in ln_network.row_mut(o).iter_mut().zip(push) {
                    *v -= x;
                }
            }
        }
        for o in 0..k {
            normalise_ln(ln_network.row_mut(o));
        }
        let ln_income_by_origin = |s: usize| {
            let mut v = Square::new(k, 0.0);
            for o in 0..k {
                let row = v.row_mut(o);
                for (j, x) in row.iter_mut().enumerate() {
                    let wage = match recognition {
                        Some(p) if s == 1 => {
                            let q = p[(o, j)];
                            q * state.wage(j, 1) + (1.0 - q) * state.wage(j, 0)
                        }
                        _ => state.wage(j, s),
                    };
                    let kept = state
                        .migrant_discount
                        .as_ref()
                        .map_or(1.0, |d| 1.0 - d[(o, j)]);
                    *x = d.wage_weight * libm::log(wage * kept * (1.0 - state.unemployment[j]));
                }
                normalise_ln(row);
            }
            v
        };
        let discount = state.migrant_discount.is_some();
        let ln_income_high = (recognition.is_some() || discount).then(|| ln_income_by_origin(1));
        let ln_income_low = discount.then(|| ln_income_by_origin(0));
        let exp_all = |v: &[f64]| v.iter().map(|&x| libm::exp(x)).collect::<Vec<f64>>();
        let exp_square =
            |v: &Square<f64>| Square::from_vec(k, exp_all(v.as_slice())).unwrap_or_default();
        let income = [exp_all(&ln_income[0]), exp_all(&ln_income[1])];
        let income_high = ln_income_high.as_ref().map(exp_square);
        let income_low = ln_income_low.as_ref().map(exp_square);
        let network = exp_square(&ln_network);
        let mut pull = [Square::new(k, 0.0), Square::new(k, 0.0)];
        for (s, (inc, pull)) in income.iter().zip(pull.iter_mut()).enumerate() {
            let by_origin = if s == 1 { &income_high } else { &income_low };
            for o in 0..k {
                let inc = match by_origin {
                    Some(h) => h.row(o),
                    None => &inc[..],
                };
                for ((x, &i), &n) in pull.row_mut(o).iter_mut().zip(inc).zip(network.row(o)) {
                    *x = i * n;
                }
            }
        }
        Factors {
            k,
            income,
            network,
            ln_income,
            ln_network,
            ln_income_high,
            ln_income_low,
            pull,
        }
    }

    /// The full utility V_j (up to a constant) for a (c, o, s) cell, in logs:
    /// used only when the factor product underflows.
    pub fn ln_weight(&self, costs: &CostFactors, c: usize, o: usize, s: usize, j: usize) -> f64 {
        let layer = if costs.by_skill() { s } else { 0 };
        let ln_cost = if j == o {
            costs.ln_no_barrier[layer][(c, j)]
        } else {
            costs.ln_with_barrier[layer][(c, j)]
        };
        let by_origin = if s == 1 {
            &self.ln_income_high
        } else {
            &self.ln_income_low
        };
        let ln_income = match by_origin {
            Some(h) => h[(o, j)],
            None => self.ln_income[s][j],
        };
        ln_income + self.ln_network[(o, j)] + ln_cost
    }
}

/// Subtracts the largest finite value from a row of logs (so its exp is ≤ 1).
fn normalise_ln(row: &mut [f64]) {
    let max = row
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    if max.is_finite() {
        for v in row.iter_mut() {
            *v -= max;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::{bloc, reference_scenario};

    #[test]
    fn the_recognition_matrix_follows_the_scenario_rule() {
        let mut s = reference_scenario(1000, 9, 12, 1);
        assert!(recognition_matrix(&s, s.simulation.start).is_none());
        s.recognition.probability = 0.4;
        s.countries[2].recognition = Some(0.1);
        s.countries[7].recognition = Some(0.0);
        s.blocs[0].recognition = Some(0.7);
        let mut later = bloc(9);
        later.name = "Later".into();
        later.members = vec![1, 2, 7, 8];
        later.free_movement = false;
        later.recognition = Some(0.95);
        later.start = Some(s.simulation.start.plus(6));
        s.blocs.push(later);
        for t in [0, 6] {
            let date = s.date_of_step(t);
            let p = recognition_matrix(&s, date).unwrap();
            for o in 0..9 {
                for j in 0..9 {
                    assert_eq!(p[(o, j)], s.recognition(o, j, date), "{o} {j} {t}");
                }
            }
        }
        let (before, after) = (s.simulation.start, s.simulation.start.plus(6));
        assert_eq!(s.recognition(1, 2, before), 0.1);
        assert_eq!(s.recognition(1, 2, after), 0.95);
        assert_eq!(s.recognition(7, 8, before), 0.7);
        assert_eq!(s.recognition(7, 8, after), 0.95);
        assert_eq!(s.recognition(0, 7, after), 0.0);
        assert_eq!(s.recognition(0, 3, after), 0.4);
        assert_eq!(s.recognition(7, 7, after), 1.0);
    }
}
