//! Legality and enforcement (docs/model.md §5, issue 3): entry rules, permits
//! within quotas, irregular migration, detection and its outcomes, ILO
//! Conventions 143 and 97.

#![allow(clippy::needless_range_loop)]

mod common;

use common::errors;

use common::csv_bytes;

use migrasim::kernel::life::{EXPELLED, LEAVE_ORDER};
use migrasim::kernel::{Kernel, StepOutcome};
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{Entry, EntryRule, Phase, PhaseKind, Scenario, YearMonth};
use migrasim::world::World;
use migrasim::world::layout::build_world;
use migrasim::world::life::{IRREGULAR, PERMIT, RESIDENT};

const SEEDS: [u64; 3] = [1, 2, 3];

/// Four synthetic countries (C02 and C03 a free-movement bloc), every
/// agent reconsidering often; the richest, C03, has an entry rule.
fn with_rule(seed: u64, months: u32, rule: EntryRule) -> Scenario {
    let mut s = reference_scenario(20_000, 4, months, seed);
    s.decision.reconsider_probability = 0.2;
    s.costs.border_barrier = 0.5;
    s.entries.push(Entry {
        country: 3,
        rule,
        quota: None,
        one_window: None,
        detection: None,
        family: true,
    });
    s
}

/// Totals of a run: (sum over steps of `per_step`, the world at the end),
/// checking conservation and the ban after every step.
fn run(s: &Scenario, mut per_step: impl FnMut(u32, &World, &StepOutcome)) -> World {
    let mut world = build_world(s).unwrap();
    let total = world.agents.len() as u64;
    let mut kernel = Kernel::new(&world);
    let mut out = StepOutcome::default();
    for t in 0..s.simulation.months {
        kernel.step(s, &mut world, t, &mut out);
        assert_eq!(world.counts, world.recount(), "t={t}");
        assert_eq!(world.counts.total(), total);
        let l = &world.life;
        for i in 0..if l.is_on() { world.agents.len() } else { 0 } {
            let (r, o) = (world.agents.residence[i], world.agents.origin[i]);
            if l.ban[i] > 0 {
                assert_ne!(
                    r, l.barred[i],
                    "t={t}: banned agent {i} of {o} is back, ban {} status {} form {}",
                    l.ban[i], l.status[i], l.form[i]
                );
            }
            if l.status[i] != 0 {
                assert_ne!(
                    r, o,
                    "t={t}: status {} at home, form {} agent {i}",
                    l.status[i], l.form[i]
                );
            }
        }
        per_step(t, &world, &out);
    }
    world
}

fn sum(v: &[u32]) -> u64 {
    v.iter().map(|&x| x as u64).sum()
}

#[test]
fn raising_detection_raises_expulsions_and_lowers_the_irregular_stock() {
    for seed in SEEDS {
        let result = |detection: f64| {
            let mut s = with_rule(seed, 48, EntryRule::Closed);
            s.legality.irregular_share = 1.0;
            s.legality.detection = detection;
            let mut expelled = 0;
            let mut stock = 0;
            run(&s, |_, _, out| {
                expelled += sum(&out.tally.expelled) + sum(&out.tally.ordered_to_leave);
                stock = sum(&out.tally.irregular);
            });
            (expelled, stock)
        };
        let (low_out, low_stock) = result(0.01);
        let (high_out, high_stock) = result(0.08);
        assert!(low_stock > 200, "seed {seed}: {low_stock}");
        assert!(high_out > low_out, "seed {seed}: {high_out} vs {low_out}");
        assert!(
            high_stock < low_stock,
            "seed {seed}: {high_stock} vs {low_stock}"
        );
    }
}

#[test]
fn detection_outcomes_follow_the_scenario_shares() {
    for seed in SEEDS {
        let mut s = with_rule(seed, 36, EntryRule::Closed);
        s.legality.irregular_share = 1.0;
        s.legality.detection = 0.3;
        let (mut legalised, mut leave, mut expelled) = (0, 0, 0);
        let (mut leave_returns, mut expelled_returns) = (0, 0);
        run(&s, |_, _, out| {
            legalised += sum(&out.tally.legalised);
            leave += sum(&out.tally.ordered_to_leave);
            expelled += sum(&out.tally.expelled);
            leave_returns += sum(out.counters.returns_for(LEAVE_ORDER));
            expelled_returns += sum(out.counters.returns_for(EXPELLED));
        });
        assert_eq!(leave, leave_returns);
        assert_eq!(expelled, expelled_returns);
        let n = (legalised + leave + expelled) as f64;
        assert!(n > 3000.0, "seed {seed}: {n}");
        let total = 0.183 + 0.727 + 0.087;
        for (got, want) in [(legalised, 0.183), (leave, 0.727), (expelled, 0.087)] {
            let p = want / total;
            let se = (p * (1.0 - p) / n).sqrt();
            let share = got as f64 / n;
            assert!(
                (share - p).abs() < 4.0 * se,
                "seed {seed}: {share} vs {p} (n = {n})"
            );
        }
    }
}

#[test]
fn c143_lowers_the_irregular_stock_after_a_recession() {
    for seed in SEEDS {
        let stock = |c143: bool| {
            let mut s = with_rule(seed, 48, EntryRule::Permit);
            s.legality.irregular_share = 0.3;
            s.legality.c143 = c143;
            s.legality.lapse_months = 1;
            s.phases.push(Phase {
                country: Some(3),
                kind: PhaseKind::Recession,
                start: YearMonth {
                    year: 2001,
                    month: 1,
                },
                end: YearMonth {
                    year: 2002,
                    month: 6,
                },
                depth: 0.4,
            });
            let mut lapses = 0;
            let mut last = 0;
            run(&s, |_, _, out| {
                lapses += sum(&out.tally.lapses);
                last = sum(&out.tally.irregular);
            });
            (last, lapses)
        };
        let (on, on_lapses) = stock(true);
        let (off, off_lapses) = stock(false);
        assert_eq!(on_lapses, 0);
        assert!(off_lapses > 100, "seed {seed}: {off_lapses}");
        assert!(on < off, "seed {seed}: C143 on {on} vs off {off}");
    }
}

#[test]
fn permits_stay_within_the_quota_and_the_rest_go_irregular_or_stay() {
    for seed in SEEDS {
        let mut s = with_rule(seed, 24, EntryRule::Permit);
        // 1200 permits a year, in people: 100 a month.
        let ppa = build_world(&s).unwrap().people_per_agent;
        let per_month_agents = 100.0;
        s.entries[0].quota = Some(per_month_agents * 12.0 * ppa);
        let (mut permits, mut refused, mut irregular) = (0u64, 0u64, 0u64);
        let world = run(&s, |t, _, out| {
            if t > 0 {
                permits += out.counters.permits[3] as u64;
            }
            refused += out.counters.refusals[3] as u64;
            irregular += out.counters.irregular_entries[3] as u64;
        });
        let per_month = permits as f64 / 23.0;
        assert!(
            (per_month - per_month_agents).abs() < 0.25 * per_month_agents,
            "seed {seed}: {per_month} permits a month"
        );
        assert!(refused > 0 && irregular > 0, "seed {seed}");
        // About irregular_share (0.3) of those without a permit go anyway.
        let share = irregular as f64 / (irregular + refused) as f64;
        assert!((share - 0.3).abs() < 0.05, "seed {seed}: {share}");
        let l = &world.life;
        assert!(l.status.contains(&PERMIT));
        assert!(l.status.contains(&IRREGULAR));
    }
}

#[test]
fn a_closed_country_receives_fewer_movers_and_a_one_window_more() {
    for seed in SEEDS {
        let into_3 = |s: &Scenario| {
            let mut n = 0u64;
            run(s, |_, _, out| {
                n += (0..2)
                    .map(|c| out.counters.flows[(c, 3)] as u64)
                    .sum::<u64>();
            });
            n
        };
        let open = into_3(&with_rule(seed, 24, EntryRule::Open));
        let permit = into_3(&with_rule(seed, 24, EntryRule::Permit));
        let mut window = with_rule(seed, 24, EntryRule::Permit);
        window.legality.permit_cost = 2.0;
        let costly = into_3(&window);
        window.entries[0].one_window = Some(YearMonth {
            year: 2000,
            month: 1,
        });
        let easy = into_3(&window);
        let closed = into_3(&with_rule(seed, 24, EntryRule::Closed));
        assert!(
            open > permit && permit > closed,
            "seed {seed}: {open} {permit} {closed}"
        );
        assert!(easy > costly, "seed {seed}: {easy} vs {costly}");
    }
}

#[test]
fn permits_turn_into_permanent_residence_after_the_qualifying_period() {
    let mut s = with_rule(4, 30, EntryRule::Permit);
    s.legality.permanent_after_months = 12;
    s.legality.c143 = true;
    let mut granted_by = Vec::new();
    let world = run(&s, |t, w, out| {
        granted_by.push(sum(&out.tally.residence_granted));
        // An agent arriving in month 0 has been abroad 12 months after month 11.
        if t < 11 {
            assert!(w.life.status.iter().all(|&x| x != RESIDENT), "t={t}");
        }
    });
    assert!(granted_by.iter().sum::<u64>() > 100);
    assert!(world.life.status.contains(&RESIDENT));
}

#[test]
fn legality_is_byte_identical_for_1_and_2_threads() {
    let mut s = with_rule(7, 18, EntryRule::Permit);
    s.entries[0].quota = Some(1e6);
    s.legality.detection = 0.1;
    s.legality.irregular_share = 0.5;
    s.forms.temporary_share = 0.3;
    s.forms.contract_months = 6;
    s.entries.push(Entry {
        country: 2,
        rule: EntryRule::Closed,
        quota: None,
        one_window: None,
        detection: Some(0.05),
        family: true,
    });
    let one = csv_bytes(&s, 1);
    assert_eq!(one, csv_bytes(&s, 2), "1 vs 2 threads");
    let ts = &one.iter().find(|(n, _)| n == "timeseries.csv").unwrap().1;
    let text = String::from_utf8_lossy(ts);
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (legalised, fines) = (col("detected_legalised"), col("fines"));
    let mut any = false;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let n: f64 = f[legalised].parse().unwrap();
        let fine: f64 = f[fines].parse().unwrap();
        if n > 0.0 {
            any = true;
            // Both columns are in people: the fine per legalised person is
            // the scenario's fine (up to the rounding of each column).
            let per_person = fine / n;
            let rel = (per_person - s.legality.fine).abs() / s.legality.fine;
            assert!(rel < 1e-3, "fine per legalised person {per_person}");
        } else {
            assert_eq!(fine, 0.0);
        }
    }
    assert!(any);
}

#[test]
fn bad_entry_rules_are_reported_with_their_place() {
    let text = format!(
        "{}\n[legality]\nlegalised_share = 0\nleave_share = 0\nexpelled_share = 0\nc143 = 1\n\
         \n[[entry]]\ncountry = \"DEU\"\nrule = \"permitted\"\n\
         \n[[entry]]\ncountry = \"POL\"\nrule = \"closed\"\nquota = -5\n\
         \n[[entry]]\ncountry = \"DEU\"\nrule = \"open\"\n\
         \n[[entry]]\ncountry = \"DEU\"\nrule = \"open\"\n",
        common::TWO_COUNTRIES
    );
    let e = errors(&text);
    let expected = [
        "s.toml:30:8: legality.c143: expected true or false, found an integer; allowed: true or \
         false",
        "s.toml:26:1: legality: legalised_share, leave_share and expelled_share are all 0; \
         allowed: shares of the detected that add up to more than 0",
        "s.toml:34:8: entry.0.rule: \"permitted\" is not allowed; allowed: one of \"open\", \
         \"permit\", \"closed\" (did you mean \"permit\"?)",
        "s.toml:39:9: entry.1.quota: -5 is out of range; allowed: a number ≥ 0",
        "s.toml:45:1: entry.3: a second entry rule of DEU; allowed: one [[entry]] per country \
         (first at s.toml:41:1)",
    ];
    for line in expected {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    assert!(e.ends_with("5 errors in scenario"), "{e}");
}

#[test]
fn a_quota_of_zero_grants_no_permit_even_in_the_first_month() {
    let mut s = with_rule(1, 6, EntryRule::Permit);
    s.entries[0].quota = Some(0.0);
    let mut permits = 0u64;
    let mut refused = 0u64;
    run(&s, |_, _, out| {
        permits += out.counters.permits[3] as u64;
        refused += out.counters.refusals[3] as u64;
    });
    assert!(refused > 0, "applicants must have been refused");
    assert_eq!(permits, 0, "a quota of 0 must grant no permit");
}

#[test]
fn an_expelled_worker_is_not_hired_for_the_seasons_of_the_country_that_barred_it() {
    // Every detected irregular worker is expelled with a long ban; the
    // barring country also hires seasonal workers all year round. `run`
    // checks after every step that no banned agent lives where it is barred.
    let mut s = with_rule(2, 36, EntryRule::Closed);
    s.legality.detection = 0.3;
    s.legality.legalised_share = 0.0;
    s.legality.leave_share = 0.0;
    s.legality.expelled_share = 1.0;
    s.legality.ban_months = 600;
    s.seasons.push(migrasim::scenario::Season {
        country: 3,
        start: 1,
        end: 12,
        share: 0.5,
    });
    let mut expelled = 0u64;
    run(&s, |_, _, out| expelled += sum(&out.tally.expelled));
    assert!(expelled > 10, "{expelled}");
}

#[test]
fn an_expelled_worker_is_not_posted_to_the_country_that_barred_it() {
    // Every detected irregular worker is expelled with a long ban, and the
    // barring country receives capital with postings from every other one.
    // `run` checks after every step that no banned agent lives where it is
    // barred.
    let mut s = with_rule(3, 36, EntryRule::Closed);
    s.legality.detection = 0.3;
    s.legality.legalised_share = 0.0;
    s.legality.leave_share = 0.0;
    s.legality.expelled_share = 1.0;
    s.legality.ban_months = 600;
    let ppa = build_world(&s).unwrap().people_per_agent;
    for from in 0..3 {
        s.capital_flows.push(migrasim::scenario::CapitalFlow {
            from,
            to: 3,
            amount: 5000.0,
            start: common::ym(2000, 1),
            end: common::ym(2002, 12),
            postings: 300.0 * ppa * 12.0 / 5000.0,
            posting_months: Some(2),
        });
    }
    let (mut expelled, mut posted) = (0u64, 0u64);
    run(&s, |_, _, out| {
        expelled += sum(&out.tally.expelled);
        posted += sum(&out.counters.postings_in);
    });
    assert!(expelled > 10 && posted > 1000, "{expelled} {posted}");
}
