//! Tests of the choice tables ([`super`]).

use super::*;
use crate::economy::country_state;
use crate::model::synthetic::reference_scenario;
use crate::world::layout::build_world;

/// The logit probabilities of RB-1 computed straight from the formula.
fn direct_probabilities(
    s: &crate::model::Scenario,
    st: &crate::economy::CountryState,
    counts: &Counts,
    c: usize,
    o: usize,
    skill: usize,
) -> Vec<f64> {
    let k = s.num_countries();
    let half = k / 2;
    let v: Vec<f64> = (0..k)
        .map(|j| {
            let barrier = if j == c || j == o || (c >= half && j >= half) {
                0.0
            } else {
                2.0
            };
            let m = counts.stock(o, j) as f64;
            libm::log(st.wage(j, skill) * (1.0 - st.unemployment[j]))
                - 0.3 * s.distance(c, j) / 1000.0
                - barrier
                + 0.5 * libm::log(1.0 + 1000.0 * m / st.residents[j].max(1) as f64)
                + if j == o { 0.5 } else { 0.0 }
        })
        .collect();
    let z: f64 = v.iter().map(|&x| libm::exp(x)).sum();
    v.iter().map(|&x| libm::exp(x) / z).collect()
}

#[test]
fn tables_reproduce_the_logit_probabilities() {
    let s = reference_scenario(20_000, 12, 12, 1);
    let mut w = build_world(&s).unwrap();
    // Move some agents abroad so that off-diagonal cells exist.
    // The first agents of origin 0 are high-skilled, the later ones low.
    for i in (0..200).chain(1000..1200) {
        let (o, r, sk) = (w.agents.origin[i], 7u16, w.agents.skill[i]);
        w.counts.relocate(o, sk, w.agents.residence[i], r);
        w.agents.residence[i] = r;
    }
    let res = w.counts.residents();
    let st = country_state(&s, 5, res, &w.initial_residents);
    let date = s.date_of_step(5);
    let costs = CostFactors::new(&s, &crate::policy::free_pairs(&s, date));
    let f = Factors::new(&s, &st, &w.counts, None);
    let mut t = ChoiceTables::new(12);
    t.build(&f, &costs, &w.counts);
    for &(c, o, sk) in &[
        (0usize, 0usize, 0usize),
        (7, 0, 0),
        (7, 0, 1),
        (11, 11, 1),
        (3, 3, 1),
    ] {
        let got = t.probabilities(c, o, sk).unwrap();
        let want = direct_probabilities(&s, &st, &w.counts, c, o, sk);
        for j in 0..12 {
            assert!(
                (got[j] - want[j]).abs() < 1e-8,
                "cell ({c},{o},{sk}) dest {j}: {} vs {}",
                got[j],
                want[j]
            );
        }
    }
    // Unoccupied cells have no table.
    assert!(t.probabilities(5, 2, 0).is_none());
}

/// The reference world of `n` agents and `k` countries and the tables
/// of its first month.
fn first_month_tables(n: u64, k: usize) -> (crate::world::World, ChoiceTables) {
    let s = reference_scenario(n, k, 12, 1);
    let w = build_world(&s).unwrap();
    let st = country_state(&s, 0, w.counts.residents(), &w.initial_residents);
    let costs = CostFactors::new(&s, &crate::policy::free_pairs(&s, s.date_of_step(0)));
    let f = Factors::new(&s, &st, &w.counts, None);
    let mut t = ChoiceTables::new(k);
    t.build(&f, &costs, &w.counts);
    (w, t)
}

#[test]
fn row_tables_draw_exactly_what_the_full_tables_draw_at_every_threshold() {
    for k in [5usize, 70, 201] {
        let s = reference_scenario(40_000, k, 12, 3);
        let mut w = build_world(&s).unwrap();
        // Spread some agents so that off-diagonal cells exist.
        for i in (0..w.agents.len()).step_by(7) {
            let (o, sk, c) = (w.agents.origin[i], w.agents.skill[i], w.agents.residence[i]);
            let r = ((i / 7) % k) as u16;
            w.counts.relocate(o, sk, c, r);
            w.agents.residence[i] = r;
        }
        let st = country_state(&s, 3, w.counts.residents(), &w.initial_residents);
        let costs = CostFactors::new(&s, &crate::policy::free_pairs(&s, s.date_of_step(3)));
        let f = Factors::new(&s, &st, &w.counts, None);
        let mut t = ChoiceTables::new(k);
        t.build(&f, &costs, &w.counts);
        let mut row = RowTable::new(k);
        let mut checked = 0;
        for &cell in &t.cells {
            let (c, o, sk) = cell.parts(k);
            row.build(&f, &costs, c, o, sk);
            let slot = t.slot[cell.index()] as usize;
            let thresholds = t.thresholds.row(slot);
            for &th in thresholds {
                for r in [th.saturating_sub(1), th, th.saturating_add(1), 0, u32::MAX] {
                    assert_eq!(
                        row.choose(r),
                        t.choose(c, o, sk, r),
                        "K={k} cell {cell:?} r={r}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000);
    }
}

#[test]
fn choose_maps_bits_to_destinations_by_threshold() {
    let (_, t) = first_month_tables(1000, 3);
    assert_eq!(t.choose(0, 0, 0, 0), 0);
    assert_eq!(t.choose(0, 0, 0, u32::MAX), 2);
    let p = t.probabilities(0, 0, 0).unwrap();
    let edge = (p[0] * u32::MAX as f64) as u32;
    assert_eq!(t.choose(0, 0, 0, edge.saturating_sub(2)), 0);
    assert_eq!(t.choose(0, 0, 0, edge.saturating_add(2)), 1);
}

#[test]
fn prefix_sums_are_running_totals() {
    for n in 0..11 {
        let mut v: Vec<f64> = (1..=n).map(|x| x as f64).collect();
        let total = prefix_sum(&mut v);
        let want: Vec<f64> = (1..=n).map(|x| (x * (x + 1) / 2) as f64).collect();
        assert_eq!(v, want);
        assert_eq!(total, (n * (n + 1) / 2) as f64);
    }
}

#[test]
fn first_above_agrees_with_partition_point() {
    let rows: Vec<Vec<u32>> = vec![
        vec![u32::MAX],
        vec![5, u32::MAX],
        vec![0, 0, 7, 7, 9, u32::MAX],
        (1..=200).map(|x| x * 1000).chain([u32::MAX]).collect(),
    ];
    for row in &rows {
        for r in [0, 1, 4, 5, 6, 7, 8, 9, 10, 999, 1000, 150_000, u32::MAX - 1] {
            assert_eq!(
                first_above(row, r),
                row.partition_point(|&t| t <= r),
                "{row:?} {r}"
            );
        }
    }
}

#[test]
fn two_level_search_agrees_with_the_plain_one() {
    for k in [64usize, 65, 100, 200] {
        let (_, t) = first_month_tables(50_000, k);
        let mut stream = crate::rng::Stream::new(1, 2, 3, crate::rng::Purpose::Decide);
        for c in [0, k / 2, k - 1] {
            let slot = t.slot[Cell::new(k, c, c, 0).index()] as usize;
            let row = t.thresholds.row(slot);
            for _ in 0..2000 {
                let r = stream.next_u32();
                let want = first_above(row, r.min(u32::MAX - 1));
                assert_eq!(t.choose(c, c, 0, r), want, "k {k} c {c} r {r}");
            }
            for &r in row.iter().take(k - 1) {
                for r in [r.saturating_sub(1), r, r.saturating_add(1)] {
                    assert_eq!(t.choose(c, c, 0, r), first_above(row, r.min(u32::MAX - 1)));
                }
            }
        }
    }
}

#[test]
fn underflowing_utilities_fall_back_to_logs() {
    let mut s = reference_scenario(1000, 3, 12, 1);
    s.decision.wage_weight = 400.0; // income factors of poor countries underflow
    s.costs.transport_per_1000km = 1e4;
    let w = build_world(&s).unwrap();
    let st = country_state(&s, 0, w.counts.residents(), &w.initial_residents);
    let costs = CostFactors::new(&s, &crate::policy::free_pairs(&s, s.date_of_step(0)));
    let f = Factors::new(&s, &st, &w.counts, None);
    let mut t = ChoiceTables::new(3);
    t.build(&f, &costs, &w.counts);
    let p = t.probabilities(0, 0, 0).unwrap();
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-6);
    assert!(p[0] > 0.99, "far destinations are out of reach: {p:?}");
}

#[test]
fn a_cell_number_gives_back_its_residence_origin_and_skill_in_cell_order() {
    let k = 3;
    let mut seen = Vec::new();
    for c in 0..k {
        for o in 0..k {
            for s in 0..2 {
                let cell = Cell::new(k, c, o, s);
                assert_eq!(cell.parts(k), (c, o, s));
                assert_eq!(Cell::nth(cell.index()), cell);
                seen.push(cell.index());
            }
        }
    }
    assert_eq!(seen, (0..Cell::count(k)).collect::<Vec<_>>());
}
