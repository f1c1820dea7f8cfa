//! Invariants and directional effects of the engine (issue 2, item 10):
//! no agent is lost or duplicated, stocks change exactly by the flows,
//! output is byte-identical for any thread count, and the economics push
//! the right way.

mod common;

use common::csv_bytes;
use migrasim::observe::Summary;
use migrasim::scenario::Scenario;
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::simulation::{RunOptions, simulate_world};
use proptest::prelude::*;

fn opts(threads: usize) -> RunOptions {
    RunOptions {
        threads: Some(threads),
        cancel: None,
    }
}

/// Every month: residents sum to N, immigrant and emigrant stocks agree,
/// and each country's residents change by exactly immigration − emigration.
fn check_conservation(s: &Scenario, threads: usize) {
    let run = migrasim::run(s, &opts(threads)).unwrap();
    let rec = &run.recorded;
    let n = rec.agents;
    let mut previous: Vec<u64> = migrasim::world::layout::agents_per_country(s);
    assert_eq!(previous.iter().sum::<u64>(), n);
    for t in 0..rec.months.len() as u32 {
        let rows = rec.month(t);
        assert_eq!(
            rows.iter().map(|r| r.residents).sum::<u64>(),
            n,
            "month {t}"
        );
        assert_eq!(
            rows.iter().map(|r| r.immigrants).sum::<u64>(),
            rows.iter().map(|r| r.emigrants_abroad).sum::<u64>()
        );
        for r in rows {
            let j = r.country as usize;
            assert_eq!(
                r.residents as i64 - previous[j] as i64,
                r.immigration as i64 - r.emigration as i64,
                "country {j} month {t}"
            );
            assert!(r.return_migration <= r.immigration);
            assert_eq!(r.natives_at_home + r.immigrants, r.residents);
            previous[j] = r.residents;
        }
        // Monthly flows add up to the immigration column.
        let flow_sum: u64 = rec
            .flows
            .iter()
            .filter(|f| f.t == t)
            .map(|f| f.movers as u64)
            .sum();
        assert_eq!(flow_sum, rows.iter().map(|r| r.immigration).sum::<u64>());
    }
    let (_, world) = simulate_world(s, &opts(threads), &mut ()).unwrap();
    assert_eq!(
        world.counts,
        world.recount(),
        "aggregates drifted from the agents"
    );
    let mut origins = vec![0u64; s.num_countries()];
    for &o in &world.agents.origin {
        origins[o as usize] += 1;
    }
    assert_eq!(origins, migrasim::world::layout::agents_per_country(s));
}

#[test]
fn no_agent_is_lost_or_duplicated() {
    // N not a multiple of the block size, K odd.
    check_conservation(&reference_scenario(23_456, 7, 60, 3), 2);
}

#[test]
fn every_agent_reconsidering_every_month_still_conserves() {
    let mut s = reference_scenario(5_000, 5, 12, 9);
    s.decision.reconsider_probability = 1.0;
    check_conservation(&s, 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn conservation_holds_for_random_small_worlds(
        n in 1u64..3_000,
        k in 2usize..7,
        months in 1u32..30,
        seed in any::<u64>(),
        p in 0.01f64..1.0,
        home_bias in -2.0f64..3.0,
        barrier in 0.0f64..5.0,
        elasticity in 0.0f64..1.0,
    ) {
        let mut s = reference_scenario(n, k, months, seed);
        s.decision.reconsider_probability = p;
        s.decision.home_bias = home_bias;
        s.costs.border_barrier = barrier;
        s.economy.wage_elasticity = elasticity;
        check_conservation(&s, 1 + (seed % 3) as usize);
    }
}

#[test]
fn output_is_byte_identical_for_1_2_and_8_threads_and_reruns() {
    let s = reference_scenario(50_001, 12, 36, 42);
    let one = csv_bytes(&s, 1);
    assert_eq!(one.len(), 5, "countries, timeseries, flows, stocks, pairs");
    assert!(one.iter().all(|(_, b)| !b.is_empty()));
    assert_eq!(one, csv_bytes(&s, 2), "1 vs 2 threads");
    assert_eq!(one, csv_bytes(&s, 8), "1 vs 8 threads");
    assert_eq!(one, csv_bytes(&s, 8), "8 threads, second run");
    // A different seed gives a different run.
    let other = csv_bytes(&reference_scenario(50_001, 12, 36, 43), 2);
    assert_ne!(one, other);
}

fn summary(s: &Scenario) -> (Summary, migrasim::observe::Recorded) {
    let run = migrasim::run(s, &opts(2)).unwrap();
    (run.summary.unwrap(), run.recorded)
}

fn immigration_into(rec: &migrasim::observe::Recorded, j: usize) -> u64 {
    rec.series
        .iter()
        .filter(|r| r.country as usize == j)
        .map(|r| r.immigration)
        .sum()
}

#[test]
fn raising_a_wage_raises_immigration() {
    let base = reference_scenario(60_000, 10, 48, 5);
    let mut richer = base.clone();
    richer.countries[6].wage_low *= 1.5;
    richer.countries[6].wage_high *= 1.5;
    let (_, a) = summary(&base);
    let (_, b) = summary(&richer);
    let (ia, ib) = (immigration_into(&a, 6), immigration_into(&b, 6));
    assert!(ib as f64 > 1.2 * ia as f64, "immigration {ia} → {ib}");
}

#[test]
fn a_higher_border_barrier_lowers_cross_border_moves() {
    let base = reference_scenario(60_000, 10, 48, 5);
    let mut closed = base.clone();
    closed.costs.border_barrier = 4.0;
    // Moves between non-members of the bloc all pay the barrier.
    let outside = |rec: &migrasim::observe::Recorded| -> u64 {
        rec.flows
            .iter()
            .filter(|f| f.from < 5 && f.to < 5)
            .map(|f| f.movers as u64)
            .sum()
    };
    let (sa, a) = summary(&base);
    let (sb, b) = summary(&closed);
    assert!(
        outside(&b) * 2 < outside(&a),
        "{} → {}",
        outside(&a),
        outside(&b)
    );
    assert!(sb.share_abroad < sa.share_abroad);
}

#[test]
fn a_free_movement_bloc_raises_moves_among_members() {
    let with_bloc = reference_scenario(60_000, 10, 48, 5);
    let mut without = with_bloc.clone();
    without.blocs[0].free_movement = false;
    let among = |rec: &migrasim::observe::Recorded| -> u64 {
        rec.flows
            .iter()
            .filter(|f| f.from >= 5 && f.to >= 5)
            .map(|f| f.movers as u64)
            .sum()
    };
    let (_, a) = summary(&with_bloc);
    let (_, b) = summary(&without);
    assert!(among(&a) > 2 * among(&b), "{} vs {}", among(&a), among(&b));
}

#[test]
fn a_bloc_starting_later_has_no_effect_before_its_start() {
    let mut s = reference_scenario(40_000, 10, 24, 5);
    s.blocs[0].start = Some(s.date_of_step(12));
    let mut never = s.clone();
    never.blocs[0].free_movement = false;
    let (_, a) = summary(&s);
    let (_, b) = summary(&never);
    // Same seed, same rules for the first 12 months: identical flows.
    let before = |rec: &migrasim::observe::Recorded| -> Vec<_> {
        rec.flows.iter().filter(|f| f.t < 12).copied().collect()
    };
    assert_eq!(before(&a), before(&b));
    let after = |rec: &migrasim::observe::Recorded| -> u64 {
        rec.flows
            .iter()
            .filter(|f| f.t >= 12 && f.from >= 5 && f.to >= 5)
            .map(|f| f.movers as u64)
            .sum()
    };
    assert!(after(&a) > after(&b));
}
