//! The synthetic world of docs/reference-model.md (RB-1): K countries, richer as k grows.
//!
//! Used by `[world.synthetic]` in scenario files, by the benchmarks and by the
//! reference scenario, so that a world of any size needs no country file.

use super::country::{Country, Cycle, DevGroup, PopulationScale, Simulation, YearMonth};
use super::data::Data;
use super::dated::Bloc;
use super::scenario::Scenario;
use super::settings::{
    Costs, Decision, Economy, Forms, Legality, Recognition, Returns, Technology,
};
use crate::world::Square;

/// Population (people) of synthetic country `k` of `K`: ∝ 1 + 3·(K−1−k)/(K−1),
/// scaled so that the poorest country has four million people.
pub fn population(k: usize, kk: usize) -> f64 {
    1_000_000.0 * (1.0 + 3.0 * (kk - 1 - k) as f64 / (kk - 1) as f64)
}

/// The countries of RB-1 for `kk` ≥ 2 countries.
///
/// Codes are `C00`, `C01`, … (width grows with K); the richer half (k ≥ K/2)
/// is industrialised, the rest alternates developing / transition. All lie on
/// one synthetic continent, except that the poorer half is put on a second
/// one so that the intercontinental split has both kinds.
pub fn countries(kk: usize) -> Vec<Country> {
    let width = (kk - 1).to_string().len().max(2);
    (0..kk)
        .map(|k| {
            let r = k as f64 / (kk - 1) as f64;
            let wage_low = 500.0 * libm::pow(40.0, r);
            let group = if k >= kk / 2 {
                DevGroup::Industrialised
            } else if k % 2 == 0 {
                DevGroup::Developing
            } else {
                DevGroup::Transition
            };
            Country {
                code: format!("C{k:0width$}"),
                name: format!("Country {k}"),
                continent: if k >= kk / 2 { "North" } else { "South" }.to_string(),
                group,
                population: population(k, kk),
                wage_low,
                wage_high: 2.5 * wage_low,
                unemployment: 0.25 - 0.20 * r,
                high_skilled_share: 0.10 + 0.40 * r,
                location: None,
                cycle: Cycle {
                    phase: k as f64 / kk as f64,
                    ..Cycle::default()
                },
                recognition: None,
                skill_premium_growth: None,
                migrant_wage_discount: None,
            }
        })
        .collect()
}

/// Distances of RB-1 in km by pair: 5000 km × Euclidean distance of the
/// points (frac(0.618…·(k+1)), frac(0.754…·(k+1))).
pub fn distances(kk: usize) -> Square<f64> {
    let pos: Vec<(f64, f64)> = (0..kk)
        .map(|k| {
            let f = (k + 1) as f64;
            ((0.6180339887 * f).fract(), (0.7548776662 * f).fract())
        })
        .collect();
    Square::from_fn(kk, |i, j| {
        let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
        5000.0 * (dx * dx + dy * dy).sqrt()
    })
}

/// The single free-movement bloc of RB-1: countries k ≥ K/2, from the start.
pub fn bloc(kk: usize) -> Bloc {
    Bloc {
        name: "North".to_string(),
        members: (kk / 2..kk).collect(),
        free_movement: true,
        start: None,
        recognition: None,
        accession: Vec::new(),
        leave: Vec::new(),
        transitions: Vec::new(),
    }
}

/// The whole of docs/reference-model.md as a scenario: N agents, K countries,
/// T months, seed S, every parameter at its docs/model.md §6 default.
pub fn reference_scenario(agents: u64, kk: usize, months: u32, seed: u64) -> Scenario {
    Scenario {
        name: format!("reference-k{kk}"),
        description: "docs/reference-model.md (RB-1), synthetic world".to_string(),
        sources: Vec::new(),
        overrides: Vec::new(),
        simulation: Simulation {
            start: YearMonth {
                year: 2000,
                month: 1,
            },
            months,
            seed,
            scale: PopulationScale::Agents(agents),
        },
        countries: countries(kk),
        distance_km: distances(kk),
        blocs: vec![bloc(kk)],
        costs: Costs::default(),
        // RB-1 is the reference rule of docs/model.md §6 as written.
        decision: Decision {
            gravity: None,
            ..Decision::default()
        },
        economy: Economy::default(),
        recognition: Recognition::default(),
        phases: Vec::new(),
        technology: Technology::default(),
        barrier_changes: Vec::new(),
        ties: Vec::new(),
        pairs: Vec::new(),
        shocks: Vec::new(),
        capital_flows: Vec::new(),
        regions: Vec::new(),
        forms: Forms::default(),
        seasons: Vec::new(),
        legality: Legality::default(),
        entries: Vec::new(),
        returns: Returns::default(),
        age: None,
        policy: crate::policy::Policy::default(),
        data: Data::default(),
        notices: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_world_matches_rb1_formulas() {
        let c = countries(20);
        assert_eq!(c.len(), 20);
        assert!((c[0].wage_low - 500.0).abs() < 1e-9);
        assert!((c[19].wage_low - 20_000.0).abs() < 1e-6);
        assert!((c[19].wage_high - 50_000.0).abs() < 1e-6);
        assert!((c[0].unemployment - 0.25).abs() < 1e-12);
        assert!((c[19].unemployment - 0.05).abs() < 1e-12);
        assert!((c[19].high_skilled_share - 0.5).abs() < 1e-12);
        assert_eq!(population(0, 20) / population(19, 20), 4.0);
        assert_eq!(bloc(20).members, (10..20).collect::<Vec<_>>());
        let d = distances(20);
        assert_eq!(d[(0, 0)], 0.0);
        assert_eq!(d[(3, 7)], d[(7, 3)]);
        let (x0, y0) = (0.6180339887f64, 0.7548776662f64);
        let (x1, y1) = (
            (0.6180339887f64 * 2.0).fract(),
            (0.7548776662f64 * 2.0).fract(),
        );
        assert!(
            (d[(0, 1)] - 5000.0 * ((x0 - x1) * (x0 - x1) + (y0 - y1) * (y0 - y1)).sqrt()).abs()
                < 1e-9
        );
    }
}
