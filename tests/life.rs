//! Forms of migration by duration (docs/model.md §2, issue 3): temporary
//! contracts, seasonal work and daily commuting as agent states.

#![allow(clippy::needless_range_loop)]

mod common;

use common::step_checked as run;

use common::csv_bytes;

use migrasim::kernel::life::{CONTRACT_END, SEASON_END};
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{Scenario, Season};
use migrasim::world::layout::build_world;
use migrasim::world::life::{COMMUTER, PERMANENT, SEASONAL, TEMPORARY};

const SEEDS: [u64; 3] = [1, 2, 3];

/// Four synthetic countries; low borders and home bias so that many move.
fn base(seed: u64, months: u32) -> Scenario {
    let mut s = reference_scenario(20_000, 4, months, seed);
    s.decision.reconsider_probability = 0.2;
    s.costs.border_barrier = 0.5;
    s
}

fn seasonal(seed: u64) -> Scenario {
    let mut s = base(seed, 36);
    // The richest country hires seasonal workers from April to September.
    s.seasons.push(Season {
        country: 3,
        start: 4,
        end: 9,
        share: 1.0,
    });
    s
}

#[test]
fn seasonal_workers_are_abroad_only_in_season_every_year() {
    for seed in SEEDS {
        let s = seasonal(seed);
        let mut abroad_by_month = vec![0u64; 36];
        let mut first_year_workers = Vec::new();
        let mut back_next_year = 0;
        run(&s, |t, _, w, out| {
            let month = s.date_of_step(t).month;
            let in_season = (4..=9).contains(&month);
            let life = &w.life;
            for i in 0..w.agents.len() {
                if life.form[i] != SEASONAL {
                    continue;
                }
                assert_eq!(life.place[i], 3);
                let abroad = w.agents.residence[i] != w.agents.origin[i];
                assert_eq!(abroad, in_season, "seed {seed} t={t} agent {i}");
                if abroad {
                    assert_eq!(w.agents.residence[i], 3);
                    abroad_by_month[t as usize] += 1;
                    if t == 8 {
                        first_year_workers.push(i);
                    }
                    if t == 20 && first_year_workers.binary_search(&i).is_ok() {
                        back_next_year += 1;
                    }
                }
            }
            assert_eq!(
                out.tally.seasonal_abroad[3] as u64, abroad_by_month[t as usize],
                "t={t}"
            );
        });
        for (t, &n) in abroad_by_month.iter().enumerate() {
            let month = s.date_of_step(t as u32).month;
            if (4..=9).contains(&month) {
                assert!(n > 50, "seed {seed}: {n} seasonal workers in season, t={t}");
            } else {
                assert_eq!(n, 0, "seed {seed} t={t}");
            }
        }
        // The pattern repeats: many of last summer's workers are back.
        assert!(
            back_next_year * 2 > first_year_workers.len() / 4,
            "seed {seed}: {back_next_year} of {} back",
            first_year_workers.len()
        );
    }
}

#[test]
fn seasonal_moves_are_tagged_and_returns_counted() {
    let s = seasonal(4);
    let (mut out_seasonal, mut home) = (0u64, 0u64);
    run(&s, |t, _, _, out| {
        let month = s.date_of_step(t).month;
        let k = 4;
        let c = &out.counters;
        let into_3: u64 = (0..k).map(|o| c.flows_seasonal[(o, 3)] as u64).sum();
        if month == 4 {
            out_seasonal += into_3;
        }
        if month == 10 {
            home += c
                .returns_for(SEASON_END)
                .iter()
                .map(|&x| x as u64)
                .sum::<u64>();
            assert_eq!(into_3, 0);
        }
        for (x, y) in c.flows_seasonal.as_slice().iter().zip(c.flows.as_slice()) {
            assert!(x <= y);
        }
        assert_eq!((c.flows_seasonal.rows(), c.flows_seasonal.k()), (k, k));
    });
    assert!(out_seasonal > 100 && home > 100, "{out_seasonal} {home}");
}

fn commuting(seed: u64, km: f64) -> Scenario {
    let mut s = base(seed, 24);
    s.forms.commuting_km = km;
    s.forms.commuting_share = 1.0;
    s
}

#[test]
fn commuters_never_change_residence_and_live_within_the_distance() {
    for seed in SEEDS {
        let s = commuting(seed, 2500.0);
        let within: Vec<(usize, usize)> = (0..4)
            .flat_map(|a| (0..4).map(move |b| (a, b)))
            .filter(|&(a, b)| a != b && s.distance(a, b) <= 2500.0)
            .collect();
        assert!(!within.is_empty() && within.len() < 12, "{within:?}");
        let mut commuters = 0u64;
        run(&s, |t, before, w, out| {
            let mut n = 0;
            for i in 0..w.agents.len() {
                if w.life.form[i] != COMMUTER {
                    continue;
                }
                n += 1;
                let (home, work) = (w.agents.residence[i], w.life.place[i]);
                assert_eq!(home, w.agents.origin[i], "t={t}");
                assert!(within.contains(&(home as usize, work as usize)), "t={t}");
                if before.life.form[i] == COMMUTER {
                    assert_eq!(before.agents.residence[i], home, "t={t}");
                }
            }
            assert_eq!(n, out.tally.commuters_in.iter().sum::<u32>());
            assert_eq!(n, out.tally.commuters_out.iter().sum::<u32>());
            commuters += n as u64;
        });
        assert!(commuters > 1000, "seed {seed}: {commuters}");
        // Beyond the distance nobody commutes.
        run(&commuting(seed, 1.0), |_, _, w, _| {
            assert!(w.life.form.iter().all(|&f| f != COMMUTER));
        });
    }
}

#[test]
fn contracts_end_on_time_unless_renewed() {
    for seed in SEEDS {
        let mut s = base(seed, 30);
        s.forms.temporary_share = 1.0;
        s.forms.contract_months = 6;
        // Month each agent arrived on its current contract.
        let mut arrived = vec![None; 20_000];
        let (mut ended, mut abroad) = (0u64, 0u64);
        run(&s, |t, before, w, out| {
            let mut ended_now = 0;
            for i in 0..w.agents.len() {
                let (r, o) = (w.agents.residence[i], w.agents.origin[i]);
                let was_temp = before.life.form[i] == TEMPORARY;
                let is_temp = w.life.form[i] == TEMPORARY;
                if is_temp {
                    assert_ne!(r, o, "a temporary worker lives abroad");
                    abroad += 1;
                    if !was_temp {
                        arrived[i] = Some(t);
                    }
                    let since = t - arrived[i].unwrap();
                    assert!(
                        since < 6,
                        "seed {seed} t={t} agent {i} abroad {since} months"
                    );
                    assert_eq!(w.life.clock[i] as u32, since + 1);
                } else if was_temp {
                    // Contract over: home after exactly six months.
                    assert_eq!(r, o, "seed {seed} t={t}");
                    assert_eq!(w.life.form[i], PERMANENT);
                    assert_eq!(t - arrived[i].unwrap(), 6, "seed {seed} t={t}");
                    ended_now += 1;
                }
            }
            assert_eq!(
                out.counters.returns_for(CONTRACT_END).iter().sum::<u32>(),
                ended_now
            );
            ended += ended_now as u64;
        });
        assert!(
            ended > 500 && abroad > 5000,
            "seed {seed}: {ended} {abroad}"
        );
    }
}

#[test]
fn renewals_keep_workers_abroad_in_proportion() {
    let mut s = base(5, 36);
    s.forms.temporary_share = 1.0;
    s.forms.contract_months = 3;
    s.forms.renewal_probability = 0.25;
    let (mut renewed, mut ended) = (0u64, 0u64);
    run(&s, |_, _, _, out| {
        renewed += out.tally.renewals.iter().map(|&x| x as u64).sum::<u64>();
        ended += out
            .counters
            .returns_for(CONTRACT_END)
            .iter()
            .map(|&x| x as u64)
            .sum::<u64>();
    });
    let share = renewed as f64 / (renewed + ended) as f64;
    let n = (renewed + ended) as f64;
    let se = (0.25 * 0.75 / n).sqrt();
    assert!(
        (share - 0.25).abs() < 4.0 * se,
        "{share} over {n} contract ends"
    );
    s.forms.renewal_probability = 1.0;
    run(&s, |_, _, _, out| {
        assert_eq!(
            out.counters.returns_for(CONTRACT_END).iter().sum::<u32>(),
            0
        );
    });
}

/// Every form at once, for conservation and determinism.
fn all_forms(seed: u64) -> Scenario {
    let mut s = seasonal(seed);
    s.simulation.months = 18;
    s.forms.temporary_share = 0.4;
    s.forms.contract_months = 5;
    s.forms.renewal_probability = 0.3;
    s.forms.commuting_km = 2500.0;
    s.forms.commuting_share = 0.5;
    s.recognition.probability = 0.5;
    s
}

#[test]
fn every_form_at_once_conserves_the_population() {
    for seed in SEEDS {
        let s = all_forms(seed);
        let mut seen = [false; 4];
        run(&s, |_, _, w, _| {
            for &f in &w.life.form {
                seen[f as usize] = true;
            }
        });
        assert_eq!(seen, [true; 4], "seed {seed}");
    }
}

#[test]
fn forms_are_byte_identical_for_1_and_2_threads() {
    let s = all_forms(9);
    let one = csv_bytes(&s, 1);
    assert_eq!(one, csv_bytes(&s, 2), "1 vs 2 threads");
    let flows = &one.iter().find(|(n, _)| n == "flows.csv").unwrap().1;
    let text = String::from_utf8_lossy(flows);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("movers_permanent,movers_temporary,movers_seasonal")
    );
}

#[test]
fn a_scenario_without_forms_keeps_no_life_columns() {
    let s = base(1, 2);
    let w = build_world(&s).unwrap();
    assert!(!w.life.is_on());
    assert!(build_world(&all_forms(1)).unwrap().life.is_on());
}

fn errors(text: &str) -> String {
    migrasim::scenario::from_str(text, "s.toml", &[])
        .expect_err("the scenario should be rejected")
        .to_string()
}

#[test]
fn bad_forms_and_seasons_are_reported_with_their_place() {
    let text = format!(
        "{}\n[forms]\ntemporary_share = 1.5\ncontract_months = 0\ncommuting_kms = 30\n\
         \n[[season]]\ncountry = \"DUE\"\nstart = 4\nend = 9\n\
         \n[[season]]\ncountry = \"POL\"\nstart = 13\nend = 9\n\
         \n[[season]]\ncountry = \"DEU\"\nstart = 5\nend = 8\n\
         \n[[season]]\ncountry = \"DEU\"\nstart = 6\nend = 8\nshare = 0.2\n",
        common::TWO_COUNTRIES
    );
    let e = errors(&text);
    let expected = [
        "s.toml:27:19: forms.temporary_share: 1.5 is out of range; allowed: a number in [0, 1]",
        "s.toml:28:19: forms.contract_months: 0 is out of range; allowed: an integer in [1, 600]",
        "s.toml:29:1: forms.commuting_kms: unknown key; allowed: one of temporary_share, \
         contract_months, renewal_probability, commuting_km, commuting_share (did you mean \
         \"commuting_km\"?)",
        "s.toml:32:11: season.0.country: \"DUE\" is not a country of this scenario; allowed: \
         the code of a country of the scenario (did you mean \"DEU\"?)",
        "s.toml:38:9: season.1.start: 13 is out of range; allowed: an integer in [1, 12]",
        "s.toml:46:1: season.3: a second season of DEU; allowed: one [[season]] per country \
         (first at s.toml:41:1)",
    ];
    for line in expected {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    assert!(e.ends_with("6 errors in scenario"), "{e}");
}

#[test]
fn forms_and_seasons_load_from_a_file() {
    let text = format!(
        "{}\n[forms]\ntemporary_share = 0.3\ncontract_months = 12\nrenewal_probability = 0.4\n\
         commuting_km = 600\n\n[[season]]\ncountry = \"DEU\"\nstart = 11\nend = 2\n",
        common::TWO_COUNTRIES
    );
    let s = migrasim::scenario::from_str(&text, "s.toml", &[]).unwrap();
    assert_eq!(s.forms.contract_months, 12);
    assert_eq!(s.forms.commuting_share, 0.5);
    assert_eq!(s.seasons.len(), 1);
    let season = s.seasons[0];
    assert_eq!(
        (season.country, season.start, season.end, season.share),
        (0, 11, 2, 0.5)
    );
    assert!(season.contains(12) && season.contains(1) && !season.contains(3));
    assert!(s.has_forms());
}
