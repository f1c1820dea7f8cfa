//! Age (docs/model.md §2, issue 3): ageing, retirement and replacement, the age
//! schedule of the propensity to move, minors, family reunification.

#![allow(clippy::needless_range_loop)]

mod common;

use common::step_checked as run;

use common::csv_bytes;

use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{Age, Entry, EntryRule, Scenario};
use migrasim::world::layout::build_world;
use migrasim::world::life::IRREGULAR;

const SEEDS: [u64; 3] = [1, 2, 3];

fn aged(seed: u64, months: u32) -> Scenario {
    let mut s = reference_scenario(20_000, 4, months, seed);
    s.decision.reconsider_probability = 0.2;
    s.costs.border_barrier = 0.5;
    s.age = Some(Age::default());
    s
}

fn sum(v: &[u32]) -> u64 {
    v.iter().map(|&x| x as u64).sum()
}

#[test]
fn agents_age_each_january_and_retirees_are_replaced_at_home() {
    for seed in SEEDS {
        let mut s = aged(seed, 26);
        s.recognition.probability = 0.5;
        let start = build_world(&s).unwrap();
        assert!(start.life.age.iter().all(|&a| (15..65).contains(&a)));
        let mut replaced = 0;
        run(&s, |t, before, w, out| {
            let january = s.date_of_step(t).month == 1;
            let n = sum(&out.tally.replacements);
            if !january {
                assert_eq!(n, 0);
            }
            for i in 0..w.agents.len() {
                let (a0, a1) = (before.life.age[i], w.life.age[i]);
                if !january {
                    assert_eq!(a0, a1);
                } else if a0 == 64 {
                    assert_eq!(a1, 15, "t={t}");
                    assert_eq!(w.agents.residence[i], w.agents.origin[i]);
                } else {
                    assert_eq!(a1, a0 + 1, "t={t}");
                }
            }
            replaced += n;
        });
        // About one in fifty a year, three Januaries.
        let expected = 3.0 * 20_000.0 / 50.0;
        assert!(
            (replaced as f64 - expected).abs() < 0.2 * expected,
            "seed {seed}: {replaced}"
        );
    }
}

#[test]
fn the_propensity_to_move_falls_with_age() {
    for seed in SEEDS {
        let moves = |decline: f64| {
            let mut s = aged(seed, 12);
            s.age.as_mut().unwrap().decline = decline;
            let mut n = 0;
            let mut by_age = [0u64; 2];
            run(&s, |_, before, w, _| {
                for i in 0..w.agents.len() {
                    if before.agents.residence[i] != w.agents.residence[i] {
                        n += 1;
                        by_age[usize::from(before.life.age[i] >= 45)] += 1;
                    }
                }
            });
            (n, by_age)
        };
        let (flat, flat_by_age) = moves(0.0);
        let (steep, steep_by_age) = moves(0.08);
        assert!(steep < flat, "seed {seed}: {steep} vs {flat}");
        // With the decline, the old move much less than the young.
        let ratio = |b: [u64; 2]| b[1] as f64 / b[0] as f64;
        assert!(
            ratio(steep_by_age) < 0.5 * ratio(flat_by_age),
            "seed {seed}: {steep_by_age:?} vs {flat_by_age:?}"
        );
    }
}

#[test]
fn minors_are_never_liable() {
    for seed in SEEDS {
        let mut s = aged(seed, 24);
        s.entries.push(Entry {
            country: 3,
            rule: EntryRule::Closed,
            quota: None,
            one_window: None,
            detection: Some(1.0),
            family: true,
        });
        s.legality.irregular_share = 1.0;
        // No permit lapses: every adult turned irregular is one just arrived.
        s.legality.c143 = true;
        s.age.as_mut().unwrap().liable_from = 20;
        let (mut minors, mut detected) = (0, 0);
        run(&s, |_, _, w, out| {
            // Every liable irregular worker is detected the month it comes;
            // only minors stay irregular.
            for i in 0..w.agents.len() {
                if w.life.status[i] & IRREGULAR != 0 {
                    assert!(w.life.age[i] < 20, "an adult escaped detection");
                    minors += 1;
                }
            }
            detected += sum(&out.tally.legalised)
                + sum(&out.tally.ordered_to_leave)
                + sum(&out.tally.expelled);
        });
        assert!(
            minors > 50 && detected > 500,
            "seed {seed}: {minors} {detected}"
        );
    }
}

#[test]
fn families_join_settled_migrants_where_allowed() {
    for seed in SEEDS {
        let mut s = aged(seed, 24);
        let a = s.age.as_mut().unwrap();
        a.reunification_after = 6;
        a.reunification_share = 0.5;
        s.entries.push(Entry {
            country: 3,
            rule: EntryRule::Open,
            quota: None,
            one_window: None,
            detection: None,
            family: false,
        });
        let mut by_country = [0u64; 4];
        run(&s, |_, _, _, out| {
            for (j, n) in out.tally.reunifications.iter().enumerate() {
                by_country[j] += *n as u64;
            }
        });
        assert_eq!(by_country[3], 0, "seed {seed}");
        assert!(by_country[2] > 100, "seed {seed}: {by_country:?}");
    }
}

#[test]
fn ages_are_byte_identical_for_1_and_2_threads() {
    let mut s = aged(6, 26);
    s.age.as_mut().unwrap().reunification_share = 0.3;
    s.forms.temporary_share = 0.3;
    let one = csv_bytes(&s, 1);
    assert_eq!(one, csv_bytes(&s, 2));
}

#[test]
fn a_bad_age_table_is_reported_with_its_place() {
    let text = format!(
        "{}\n[age]\nworking_from = 20\nretire_at = 18\ndecline = -1\n",
        common::TWO_COUNTRIES
    );
    let e = migrasim::scenario::from_str(&text, "s.toml", &[])
        .expect_err("rejected")
        .to_string();
    for line in [
        "s.toml:28:13: age.retire_at: retire_at (18) is not above working_from (20); allowed: \
         working_from < retire_at",
        "s.toml:29:11: age.decline: -1 is out of range; allowed: a number ≥ 0",
    ] {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    assert!(e.ends_with("2 errors in scenario"), "{e}");
}
