//! The plain implementation of docs/reference-model.md (RB-1).
//!
//! This module is deliberately the simplest thing that is obviously correct:
//! a `Vec` of agent structs, one random generator, and for every step
//!
//! 1. recount the aggregates `L_j` (residents of j) and `M_oj` (residents of j
//!    born in o) from all agents;
//! 2. compute the country state of the step (wage by skill, unemployment);
//! 3. for each agent in order, draw "reconsider" with probability p; an agent
//!    who reconsiders scores every country with the full RB-1 utility and
//!    draws its destination from the softmax over all K countries.
//!
//! Decisions only ever read the start-of-step aggregates of step 1 (they are
//! not updated while agents move), so every decision of a step sees the same
//! world, exactly as if the moves were applied after all decisions.
//!
//! It serves two purposes: the statistical oracle that the engine's outcomes
//! are compared with, and the "plain implementation" speed baseline. It is
//! single-threaded and makes no attempt to be clever; it only avoids
//! allocating inside the per-agent loop.
//!
//! Every parameter is read from the [`Scenario`] (wages, unemployment,
//! distances, cycles, blocs, costs, decision and economy tables), so the same
//! code runs any RB-1-shaped scenario, e.g. the one built by
//! [`crate::model::synthetic::reference_scenario`].
//!
//! The shared readings of RB-1 are followed:
//! - the high-skilled natives of country k are the first `round(h_k · n_k)`
//!   of its `n_k` natives (a count, not a draw);
//! - initial populations are `N · share_k` with largest-remainder rounding;
//! - the wage term uses `max(L_j, 1) / L_j0`, like the diaspora term (and
//!   `max(L_j0, 1)` in the denominator, which only matters for a country that
//!   starts with no agents, possible only when N is tiny);
//! - stocks are counted after the step's moves (the figures at T are the
//!   state after the last step);
//! - a move is `j != c`; a return is a move with `j == o`.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::model::{PopulationScale, Scenario};
use crate::world::{Grid, Square};

/// One agent of the plain implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Agent {
    /// Current country of residence c.
    residence: u16,
    /// Country of origin o (the initial residence).
    origin: u16,
    /// Skill: high (true) or low (false).
    high_skilled: bool,
}

/// What a plain RB-1 run produces: the outcomes compared across systems.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineOutcome {
    /// Share of all agents living outside their origin at T.
    pub share_abroad: f64,
    /// Share of high-skilled agents living outside their origin at T
    /// (0 when there are no high-skilled agents).
    pub share_high_abroad: f64,
    /// For each origin k: high-skilled natives of k living abroad at T divided
    /// by the high-skilled natives of k (0 where k has none).
    pub brain_drain_by_origin: Vec<f64>,
    /// Moves (`j != c`) over the whole run.
    pub moves: u64,
    /// Returns (moves with `j == o`) over the whole run.
    pub returns: u64,
    /// Agents resident in each country at T.
    pub population_by_country: Vec<u64>,
    /// Agents × steps simulated (N · T).
    pub agent_steps: u64,
}

/// Initial number of agents of each country.
///
/// With [`PopulationScale::Agents`]`(N)` the shares are the countries'
/// populations over their sum and the counts are `N · share` rounded by
/// largest remainder (ties to the lower index), so they sum to N exactly.
/// With [`PopulationScale::PeoplePerAgent`]`(q)` each country gets
/// `round(population / q)`.
fn initial_counts(scenario: &Scenario) -> Vec<u64> {
    let pops: Vec<f64> = scenario.countries.iter().map(|c| c.population).collect();
    match scenario.simulation.scale {
        PopulationScale::PeoplePerAgent(q) => pops.iter().map(|p| (p / q).round() as u64).collect(),
        PopulationScale::Agents(n) => {
            let total: f64 = pops.iter().sum();
            let quotas: Vec<f64> = pops.iter().map(|p| n as f64 * p / total).collect();
            let mut counts: Vec<u64> = quotas.iter().map(|q| q.floor() as u64).collect();
            let assigned: u64 = counts.iter().sum();
            let mut order: Vec<usize> = (0..pops.len()).collect();
            // Largest fractional part first; the sort is stable, so ties keep
            // the lower index first.
            order.sort_by(|&a, &b| {
                let (fa, fb) = (quotas[a] - quotas[a].floor(), quotas[b] - quotas[b].floor());
                fb.total_cmp(&fa)
            });
            let left = n.saturating_sub(assigned) as usize;
            for &k in order.iter().cycle().take(left) {
                counts[k] += 1;
            }
            counts
        }
    }
}

/// The agents at t = 0, natives of country 0 first, then 1, ...; the first
/// `round(h_k · n_k)` natives of each country k are high-skilled. Also
/// returns the number of high-skilled natives of each country.
fn initial_agents(scenario: &Scenario, counts: &[u64]) -> (Vec<Agent>, Vec<u64>) {
    let mut agents = Vec::with_capacity(counts.iter().sum::<u64>() as usize);
    let mut high_natives = Vec::with_capacity(counts.len());
    for (k, &n_k) in counts.iter().enumerate() {
        let high = (scenario.countries[k].high_skilled_share * n_k as f64).round() as u64;
        let high = high.min(n_k);
        high_natives.push(high);
        for i in 0..n_k {
            agents.push(Agent {
                residence: k as u16,
                origin: k as u16,
                high_skilled: i < high,
            });
        }
    }
    (agents, high_natives)
}

/// Run RB-1 on `scenario` with the plain implementation and return its
/// outcomes at T = `scenario.simulation.months`.
///
/// # Panics
///
/// If the scenario has more than 65 536 countries (residence is a `u16`), or
/// a reconsider probability outside [0, 1].
pub fn run_baseline(scenario: &Scenario) -> BaselineOutcome {
    let kk = scenario.num_countries();
    assert!(kk <= u16::MAX as usize + 1, "too many countries for u16");
    let months = scenario.simulation.months;
    let dec = scenario.decision;
    let eco = scenario.economy;
    let costs = scenario.costs;

    let counts = initial_counts(scenario);
    let n_total: u64 = counts.iter().sum();
    let (mut agents, high_natives) = initial_agents(scenario, &counts);

    // L_j0: residents at t = 0 (the agents have not moved yet).
    let l0: Vec<f64> = counts.iter().map(|&n| n as f64).collect();

    let mut rng = StdRng::seed_from_u64(scenario.simulation.seed);

    // Buffers reused every step / every decision.
    let mut l = vec![0u64; kk]; // L_j
    let mut m = Square::new(kk, 0u64); // M_oj
    let mut log_income = Grid::rect(2, kk, 0.0f64); // by (skill, j), skill 1 = high
    let mut free = Square::new(kk, false); // c and j in one active free-movement bloc
    let mut scores = vec![0.0f64; kk];

    let mut moves = 0u64;
    let mut returns = 0u64;

    for t in 0..months {
        // 1. Aggregates at the start of the step.
        l.fill(0);
        m.as_mut_slice().fill(0);
        for a in &agents {
            let (c, o) = (a.residence as usize, a.origin as usize);
            l[c] += 1;
            m[(o, c)] += 1;
        }

        // 2. Country state for this step.
        for (j, country) in scenario.countries.iter().enumerate() {
            let cy = country.cycle;
            let g = cy.amplitude
                * libm::sin(2.0 * std::f64::consts::PI * (t as f64 / cy.period + cy.phase));
            let supply = l[j].max(1) as f64 / l0[j].max(1.0);
            let factor = (1.0 + g) * libm::pow(supply, -eco.wage_elasticity);
            let unemp = (country.unemployment * (1.0 - eco.okun * g))
                .clamp(eco.unemployment_min, eco.unemployment_max);
            let wage_low = country.wage_low * factor;
            let wage_high = country.wage_high * factor;
            log_income[(0, j)] = dec.wage_weight * libm::log(wage_low * (1.0 - unemp));
            log_income[(1, j)] = dec.wage_weight * libm::log(wage_high * (1.0 - unemp));
        }
        let date = scenario.date_of_step(t);
        free.as_mut_slice().fill(false);
        for bloc in &scenario.blocs {
            if !bloc.free_movement || bloc.start.is_some_and(|s| date < s) {
                continue;
            }
            for &c in &bloc.members {
                for &j in &bloc.members {
                    free[(c, j)] = true;
                }
            }
        }

        // 3. Decisions. `l` and `m` are not touched below, so every decision
        // of this step uses the start-of-step aggregates.
        for a in agents.iter_mut() {
            if !rng.random_bool(dec.reconsider_probability) {
                continue;
            }
            let c = a.residence as usize;
            let o = a.origin as usize;
            let income = log_income.row(a.high_skilled as usize);
            let mut best = f64::NEG_INFINITY;
            for (j, v) in scores.iter_mut().enumerate() {
                let barrier = if j == c || j == o || free[(c, j)] {
                    0.0
                } else {
                    costs.border_barrier
                };
                let network = dec.network_weight
                    * libm::log(1.0 + dec.network_scale * m[(o, j)] as f64 / l[j].max(1) as f64);
                let home = if j == o { dec.home_bias } else { 0.0 };
                *v = income[j]
                    - costs.transport_per_1000km * scenario.distance(c, j) / 1000.0
                    - barrier
                    + network
                    + home;
                best = best.max(*v);
            }
            // Softmax (shifted by the maximum for stability) and one draw.
            let mut sum = 0.0;
            for v in scores.iter_mut() {
                *v = libm::exp(*v - best);
                sum += *v;
            }
            let mut u = rng.random::<f64>() * sum;
            let mut dest = kk - 1;
            for (j, &w) in scores.iter().enumerate() {
                if u < w {
                    dest = j;
                    break;
                }
                u -= w;
            }
            if dest != c {
                moves += 1;
                if dest == o {
                    returns += 1;
                }
                a.residence = dest as u16;
            }
        }
    }

    // --- Outcomes at T: the state after the last step's moves.
    let mut population_by_country = vec![0u64; kk];
    let mut abroad = 0u64;
    let mut high_total = 0u64;
    let mut high_abroad = 0u64;
    let mut high_abroad_by_origin = vec![0u64; kk];
    for a in &agents {
        population_by_country[a.residence as usize] += 1;
        let away = a.residence != a.origin;
        abroad += away as u64;
        if a.high_skilled {
            high_total += 1;
            if away {
                high_abroad += 1;
                high_abroad_by_origin[a.origin as usize] += 1;
            }
        }
    }
    let ratio = |num: u64, den: u64| {
        if den == 0 {
            0.0
        } else {
            num as f64 / den as f64
        }
    };
    BaselineOutcome {
        share_abroad: ratio(abroad, n_total),
        share_high_abroad: ratio(high_abroad, high_total),
        brain_drain_by_origin: (0..kk)
            .map(|k| ratio(high_abroad_by_origin[k], high_natives[k]))
            .collect(),
        moves,
        returns,
        population_by_country,
        agent_steps: n_total * months as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;

    #[test]
    fn initial_counts_use_largest_remainder() {
        // Shares ∝ 4, 3, 2, 1 (K = 4) over 10 agents: exactly 4, 3, 2, 1.
        let s = reference_scenario(10, 4, 0, 1);
        assert_eq!(initial_counts(&s), vec![4, 3, 2, 1]);
        // 11 agents: quotas 4.4, 3.3, 2.2, 1.1 -> floors 10, one left for k = 0.
        let s = reference_scenario(11, 4, 0, 1);
        assert_eq!(initial_counts(&s), vec![5, 3, 2, 1]);
        // 13 agents: quotas 5.2, 3.9, 2.6, 1.3 -> floors 11, then 3.9 and 2.6.
        let s = reference_scenario(13, 4, 0, 1);
        assert_eq!(initial_counts(&s), vec![5, 4, 3, 1]);
        for n in [0, 1, 7, 999, 12_345] {
            let s = reference_scenario(n, 20, 0, 1);
            assert_eq!(initial_counts(&s).iter().sum::<u64>(), n);
        }
    }

    #[test]
    fn zero_steps_leave_everyone_at_home() {
        let s = reference_scenario(1000, 5, 0, 3);
        let out = run_baseline(&s);
        assert_eq!(out.share_abroad, 0.0);
        assert_eq!(out.moves, 0);
        assert_eq!(out.agent_steps, 0);
        assert_eq!(out.population_by_country, initial_counts(&s));
    }

    #[test]
    fn population_is_conserved() {
        for (n, k, t) in [(5000, 20, 24), (3000, 7, 36), (1000, 2, 60), (3, 5, 12)] {
            let s = reference_scenario(n, k, t, 42);
            let out = run_baseline(&s);
            assert_eq!(out.population_by_country.len(), k);
            assert_eq!(out.population_by_country.iter().sum::<u64>(), n);
            assert_eq!(out.brain_drain_by_origin.len(), k);
            assert_eq!(out.agent_steps, n * t as u64);
            assert!(out.returns <= out.moves);
            assert!((0.0..=1.0).contains(&out.share_abroad));
            assert!((0.0..=1.0).contains(&out.share_high_abroad));
            assert!(
                out.brain_drain_by_origin
                    .iter()
                    .all(|b| (0.0..=1.0).contains(b))
            );
        }
    }

    #[test]
    fn two_countries_edge_case() {
        // K = 2: country 1 is rich and alone in the bloc (K/2 = 1).
        let s = reference_scenario(4000, 2, 120, 7);
        let out = run_baseline(&s);
        assert_eq!(out.population_by_country.iter().sum::<u64>(), 4000);
        // Shares ∝ 4 and 1.
        assert_eq!(initial_counts(&s), vec![3200, 800]);
        // 10 % of 3200 and 50 % of 800 are high-skilled; people leave the
        // poor country, and returns are moves.
        assert!(out.moves > 0);
        assert!(out.population_by_country[1] > 800);
        assert!(out.returns <= out.moves);
    }

    #[test]
    fn same_seed_same_outcome() {
        let a = run_baseline(&reference_scenario(2000, 10, 24, 9));
        let b = run_baseline(&reference_scenario(2000, 10, 24, 9));
        assert_eq!(a, b);
        let c = run_baseline(&reference_scenario(2000, 10, 24, 10));
        assert_ne!(a.moves, 0);
        assert_ne!(a, c);
    }

    #[test]
    fn high_skilled_are_the_first_natives_by_count() {
        // K = 5, 1000 agents: shares ∝ 4, 3.25, 2.5, 1.75, 1 -> 320, 260,
        // 200, 140, 80; h_k = 0.1, 0.2, 0.3, 0.4, 0.5.
        let s = reference_scenario(1000, 5, 0, 1);
        let counts = initial_counts(&s);
        assert_eq!(counts, vec![320, 260, 200, 140, 80]);
        let (agents, high) = initial_agents(&s, &counts);
        assert_eq!(high, vec![32, 52, 60, 56, 40]);
        let mut start = 0;
        for (k, &n_k) in counts.iter().enumerate() {
            let natives = &agents[start..start + n_k as usize];
            assert!(
                natives
                    .iter()
                    .all(|a| a.origin as usize == k && a.residence as usize == k)
            );
            let h = high[k] as usize;
            assert!(natives[..h].iter().all(|a| a.high_skilled));
            assert!(natives[h..].iter().all(|a| !a.high_skilled));
            start += n_k as usize;
        }
        assert_eq!(start, agents.len());
    }
}
