//! The three utility factors of a step (income, network, cost), as pure
//! functions of the scenario, the date and the start-of-step aggregates.

use crate::economy::CountryState;
use crate::scenario::{Scenario, YearMonth};
use crate::world::Counts;

/// Which pairs of countries are inside one active free-movement bloc at a
/// date: row-major K×K ([from · K + to]), true on the diagonal. Members
/// count from their accession to their leaving; a transitional arrangement
/// closes a member to workers from the listed newcomers until its date.
pub fn free_movement(scenario: &Scenario, date: YearMonth) -> Vec<bool> {
    let k = scenario.num_countries();
    let mut free = vec![false; k * k];
    for i in 0..k {
        free[i * k + i] = true;
    }
    for bloc in &scenario.blocs {
        if !bloc.free_movement || !bloc.in_force(date) {
            continue;
        }
        let members: Vec<usize> = if bloc.accession.is_empty() && bloc.leave.is_empty() {
            bloc.members.clone()
        } else {
            let now = |&m: &usize| bloc.member_at(m, date);
            bloc.members.iter().copied().filter(now).collect()
        };
        for &a in &members {
            for &b in &members {
                if bloc.transitions.is_empty() || !bloc.closed(a, b, date) {
                    free[a * k + b] = true;
                }
            }
        }
    }
    free
}

/// Recognition probabilities p(o, j) at a date, row-major [o·K + j] (see
/// [`Scenario::recognition`]); `None` when every qualification is
/// recognised everywhere, so that the default model does no extra work.
pub fn recognition_matrix(scenario: &Scenario, date: YearMonth) -> Option<Vec<f64>> {
    if scenario.recognises_everything() {
        return None;
    }
    // The same rule as `Scenario::recognition`, in O(K² + Σ members²).
    let k = scenario.num_countries();
    let mut bloc: Vec<Option<f64>> = vec![None; k * k];
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
                let x = &mut bloc[o * k + j];
                *x = Some(x.map_or(q, |m| m.max(q)));
            }
        }
    }
    let mut p = Vec::with_capacity(k * k);
    for o in 0..k {
        for j in 0..k {
            p.push(if o == j {
                1.0
            } else {
                bloc[o * k + j]
                    .or(scenario.countries[j].recognition)
                    .unwrap_or(scenario.recognition.probability)
            });
        }
    }
    Some(p)
}

/// What the cost factors of a month depend on: when it is unchanged from the
/// month before, so are they.
#[derive(Debug, Clone, PartialEq)]
pub struct CostKey {
    /// The free-movement pattern ([`free_movement`]).
    pub free: Vec<bool>,
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
            free: free_movement(scenario, date),
            tau: scenario.transport_cost(t),
            entry,
            exit,
            entry_cost: policy.entry_costs(scenario),
            return_bonus: policy.return_bonus(scenario),
        }
    }
}

/// Cost factors: e^(−τ d/1000 − barrier) for a move c → j, and the same
/// without the barrier (for a return to the origin, which never pays it).
#[derive(Debug, Clone, PartialEq)]
pub struct CostFactors {
    /// With the border barrier where one applies, row-major [c·K + j].
    pub with_barrier: Vec<f64>,
    /// Without any barrier, row-major [c·K + j].
    pub no_barrier: Vec<f64>,
    /// ln of `with_barrier`, computed directly (no underflow).
    pub ln_with_barrier: Vec<f64>,
    /// ln of `no_barrier`, computed directly (no underflow).
    pub ln_no_barrier: Vec<f64>,
}

impl CostFactors {
    /// Cost factors for the free-movement pattern `free` (from
    /// [`free_movement`]) at the scenario's starting τ.
    pub fn new(scenario: &Scenario, free: &[bool]) -> CostFactors {
        let k = scenario.num_countries();
        let ones = vec![1.0; k];
        let key = CostKey {
            free: free.to_vec(),
            tau: scenario.costs.transport_per_1000km,
            entry: ones.clone(),
            exit: ones,
            entry_cost: vec![0.0; k],
            return_bonus: vec![0.0; k],
        };
        CostFactors::for_key(scenario, &key)
    }

    /// Cost factors for what `key` gives: the free-movement pattern, τ and
    /// the barrier multipliers of a month.
    pub fn for_key(scenario: &Scenario, key: &CostKey) -> CostFactors {
        let k = scenario.num_countries();
        let (free, tau) = (&key.free, key.tau);
        let barrier = scenario.costs.border_barrier;
        let mut ln_with_barrier = Vec::with_capacity(k * k);
        let mut ln_no_barrier = Vec::with_capacity(k * k);
        for c in 0..k {
            for j in 0..k {
                let transport = tau * scenario.distance(c, j) / 1000.0;
                let b = if free[c * k + j] {
                    0.0
                } else if key.exit[c] == 1.0 && key.entry[j] == 1.0 {
                    barrier + key.entry_cost[j]
                } else {
                    barrier * key.exit[c] * key.entry[j] + key.entry_cost[j]
                };
                // `no_barrier` serves only returns home (j = origin): a
                // return programme's bonus goes there.
                ln_no_barrier.push(if c == j {
                    -transport
                } else {
                    -transport + key.return_bonus[j]
                });
                ln_with_barrier.push(-transport - b);
            }
        }
        let exp_all = |v: &[f64]| v.iter().map(|&x| libm::exp(x)).collect::<Vec<f64>>();
        CostFactors {
            with_barrier: exp_all(&ln_with_barrier),
            no_barrier: exp_all(&ln_no_barrier),
            ln_with_barrier,
            ln_no_barrier,
        }
    }
}

/// The per-step factors of exp(V_j) that do not depend on the residence.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors {
    /// Number of countries.
    pub k: usize,
    /// Income factor by skill: `income[s][j]`, largest = 1.
    pub income: [Vec<f64>; 2],
    /// Network factor with home bias, ties and the push of shocks under way,
    /// row-major [o·K + j], largest of a row = 1.
    pub network: Vec<f64>,
    /// Log of the normalised income factor (for the overflow-safe fallback).
    pub ln_income: [Vec<f64>; 2],
    /// Log of the normalised network factor.
    pub ln_network: Vec<f64>,
    /// Log income factor of the high-skilled by origin, [o·K + j], from the
    /// expected wage p(o,j)·wage_high + (1 − p(o,j))·wage_low, less the
    /// migrant wage discount δ(o,j) (each row normalised to a largest value
    /// of 0); `None` when every qualification is recognised and migrants
    /// are treated equally everywhere (then `ln_income[1]` holds for every
    /// origin).
    pub ln_income_high: Option<Vec<f64>>,
    /// Log income factor of the low-skilled by origin, [o·K + j], from
    /// wage_low · (1 − δ(o,j)); `None` when migrants are treated equally
    /// everywhere (then `ln_income[0]` holds for every origin).
    pub ln_income_low: Option<Vec<f64>>,
    /// income · network for each (origin, skill): the part of a cell's
    /// weights that does not depend on the residence, [(o·2 + s)·K + j].
    pub pull: Vec<f64>,
}

impl Factors {
    /// Computes the factors of a step from the country state, the
    /// start-of-step aggregates M_oj and the recognition probabilities of
    /// the step (from [`recognition_matrix`]; `None`: all recognised).
    pub fn new(
        scenario: &Scenario,
        state: &CountryState,
        counts: &Counts,
        recognition: Option<&[f64]>,
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
        let mut ln_network = vec![0.0; k * k];
        for (o, row) in ln_network.chunks_mut(k).enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                let m = counts.stock(o, j) as f64;
                let l = state.residents[j].max(1) as f64;
                *v = state.network_weight * libm::log1p(d.network_scale * m / l)
                    + if j == o { d.home_bias } else { 0.0 };
            }
        }
        // Ethnic, language and historical ties: + strength on (o, j) and
        // (j, o), with the migrant's origin (none by default: no change).
        for t in &scenario.ties {
            ln_network[t.a * k + t.b] += t.strength;
            ln_network[t.b * k + t.a] += t.strength;
        }
        // Shocks under way: living in a shocked country costs its intensity,
        // whatever the origin (a push to leave, a brake on returning).
        if let Some(push) = &state.shock_push {
            for row in ln_network.chunks_mut(k) {
                for (v, &x) in row.iter_mut().zip(push) {
                    *v -= x;
                }
            }
        }
        for row in ln_network.chunks_mut(k) {
            normalise_ln(row);
        }
        let ln_income_by_origin = |s: usize| {
            let mut v = vec![0.0; k * k];
            for (o, row) in v.chunks_mut(k).enumerate() {
                for (j, x) in row.iter_mut().enumerate() {
                    let wage = match recognition {
                        Some(p) if s == 1 => {
                            let q = p[o * k + j];
                            q * state.wage(j, 1) + (1.0 - q) * state.wage(j, 0)
                        }
                        _ => state.wage(j, s),
                    };
                    let kept = state
                        .migrant_discount
                        .as_ref()
                        .map_or(1.0, |d| 1.0 - d[o * k + j]);
                    *x = d.wage_weight * libm::log(wage * kept * (1.0 - state.unemployment[j]));
                }
                normalise_ln(row);
            }
            v
        };
        let discount = state.migrant_discount.is_some();
        let ln_income_high = (recognition.is_some() || discount).then(|| ln_income_by_origin(1));
        let ln_income_low = discount.then(|| ln_income_by_origin(0));
        let exp_all = |v: &Vec<f64>| v.iter().map(|&x| libm::exp(x)).collect::<Vec<f64>>();
        let income = [exp_all(&ln_income[0]), exp_all(&ln_income[1])];
        let income_high = ln_income_high.as_ref().map(exp_all);
        let income_low = ln_income_low.as_ref().map(exp_all);
        let network = exp_all(&ln_network);
        let mut pull = Vec::with_capacity(2 * k * k);
        for o in 0..k {
            for (s, inc) in income.iter().enumerate() {
                let by_origin = if s == 1 { &income_high } else { &income_low };
                let inc = match by_origin {
                    Some(h) => &h[o * k..(o + 1) * k],
                    None => &inc[..],
                };
                pull.extend((0..k).map(|j| inc[j] * network[o * k + j]));
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
        let k = self.k;
        let ln_cost = if j == o {
            costs.ln_no_barrier[c * k + j]
        } else {
            costs.ln_with_barrier[c * k + j]
        };
        let by_origin = if s == 1 {
            &self.ln_income_high
        } else {
            &self.ln_income_low
        };
        let ln_income = match by_origin {
            Some(h) => h[o * k + j],
            None => self.ln_income[s][j],
        };
        ln_income + self.ln_network[o * k + j] + ln_cost
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
    use crate::scenario::synthetic::{bloc, reference_scenario};

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
                    assert_eq!(p[o * 9 + j], s.recognition(o, j, date), "{o} {j} {t}");
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
