//! Return migration besides the decision rule (docs/model.md §2, issue 3):
//! target earners and a voluntary-return programme.

mod common;

use common::csv_bytes;

use migrasim::kernel::life::{PROGRAMME, SAVINGS_TARGET};
use migrasim::kernel::{Kernel, StepOutcome};
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{Scenario, YearMonth};
use migrasim::world::layout::build_world;

const SEEDS: [u64; 3] = [1, 2, 3];

fn base(seed: u64, months: u32) -> Scenario {
    let mut s = reference_scenario(20_000, 4, months, seed);
    s.decision.reconsider_probability = 0.2;
    s.costs.border_barrier = 0.5;
    s
}

/// Runs `s`, checking conservation after every step; calls `each` with
/// the outcome and the savings of every agent.
fn run(s: &Scenario, mut each: impl FnMut(u32, &StepOutcome, &[f32])) {
    let mut world = build_world(s).unwrap();
    let mut kernel = Kernel::new(&world);
    let mut out = StepOutcome::default();
    for t in 0..s.simulation.months {
        kernel.step(s, &mut world, t, &mut out);
        assert_eq!(world.counts, world.recount(), "t={t}");
        let savings = if world.life.is_on() {
            world.life.savings.clone()
        } else {
            Vec::new()
        };
        each(t, &out, &savings);
    }
}

fn returns(v: &[u32]) -> u64 {
    v.iter().map(|&x| x as u64).sum()
}

#[test]
fn a_return_bonus_raises_returns() {
    for seed in SEEDS {
        let total = |payment: f64| {
            let mut s = base(seed, 36);
            s.returns.programme_start = Some(YearMonth {
                year: 2001,
                month: 1,
            });
            s.returns.programme_payment = payment;
            let (mut before, mut after, mut paid) = (0, 0, 0);
            run(&s, |t, out, _| {
                if t < 12 {
                    before += returns(&out.counters.returns);
                    assert_eq!(returns(out.counters.returns_for(PROGRAMME)), 0);
                } else {
                    after += returns(&out.counters.returns);
                    paid += returns(out.counters.returns_for(PROGRAMME));
                }
            });
            (before, after, paid)
        };
        let (b0, a0, p0) = total(0.0);
        let (b1, a1, p1) = total(20_000.0);
        assert_eq!(b0, b1, "seed {seed}: no effect before the start");
        assert_eq!(p0, 0);
        assert!(a1 > a0, "seed {seed}: {a1} vs {a0} returns");
        assert_eq!(
            p1, a1,
            "seed {seed}: every return under the programme is paid"
        );
    }
}

#[test]
fn target_earners_go_home_when_they_have_saved_enough() {
    for seed in SEEDS {
        let run_with = |target: f64| {
            let mut s = base(seed, 36);
            s.returns.target_share = 1.0;
            s.returns.savings_target = target;
            let mut home = 0;
            run(&s, |_, out, savings| {
                home += returns(out.counters.returns_for(SAVINGS_TARGET));
                assert!(
                    savings.iter().all(|&x| (x as f64) < target),
                    "nobody keeps savings above the target"
                );
            });
            home
        };
        let low = run_with(5_000.0);
        let high = run_with(50_000.0);
        assert!(low > 500, "seed {seed}: {low}");
        assert!(low > high, "seed {seed}: {low} vs {high}");
    }
}

#[test]
fn returns_are_byte_identical_for_1_and_2_threads() {
    let mut s = base(5, 18);
    s.returns.target_share = 0.5;
    s.returns.savings_target = 8_000.0;
    s.returns.programme_start = Some(YearMonth {
        year: 2000,
        month: 6,
    });
    s.returns.programme_payment = 5_000.0;
    let one = csv_bytes(&s, 1);
    assert_eq!(one, csv_bytes(&s, 2));
}

#[test]
fn bad_return_keys_are_reported_with_their_place() {
    let text = format!(
        "{}\n[returns]\ntarget_share = 2\nsavings_target = 0\nprogramme_start = \"2008-13\"\n\
         programme_pay = 100\n",
        common::TWO_COUNTRIES
    );
    let e = migrasim::scenario::from_str(&text, "s.toml", &[])
        .expect_err("rejected")
        .to_string();
    let expected = [
        "s.toml:27:16: returns.target_share: 2 is out of range; allowed: a number in [0, 1]",
        "s.toml:28:18: returns.savings_target: 0 is out of range; allowed: a number > 0",
        "s.toml:29:19: returns.programme_start: \"2008-13\" is not a month; allowed: a month \
         written \"YYYY-MM\", e.g. \"2004-05\"",
        "s.toml:30:1: returns.programme_pay: unknown key; allowed: one of target_share, \
         saving_rate, savings_target, programme_start, programme_payment (did you mean \
         \"programme_payment\"?)",
    ];
    for line in expected {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    assert!(e.ends_with("4 errors in scenario"), "{e}");
}

#[test]
fn target_earners_save_from_the_wage_they_earn_without_equal_treatment() {
    // One step in which nobody reconsiders: every migrant abroad is made a
    // target earner, and saves saving_rate of the wage it earns. Without
    // equal treatment a foreigner earns (1 − discount) of the native wage.
    let savings_after = |discount: f64| {
        let mut s = base(1, 1);
        s.decision.reconsider_probability = 1e-12;
        s.returns.target_share = 0.5;
        s.returns.savings_target = 1e12;
        s.economy.migrant_wage_discount = discount;
        let mut world = build_world(&s).unwrap();
        let k = world.num_countries() as u16;
        for i in (0..world.agents.len()).step_by(10) {
            world.agents.residence[i] = (world.agents.origin[i] + 1) % k;
            world.life.savings[i] = 0.0;
        }
        world.counts = world.recount();
        let mut kernel = Kernel::new(&world);
        let mut out = StepOutcome::default();
        kernel.step(&s, &mut world, 0, &mut out);
        assert_eq!(out.moves, 0);
        let d = migrasim::economy::migrant_discount(&s, s.date_of_step(0));
        (world, d)
    };
    let (equal, _) = savings_after(0.0);
    let (unequal, d) = savings_after(0.5);
    let d = d.unwrap();
    let k = equal.num_countries();
    let mut checked = 0;
    for i in 0..equal.agents.len() {
        let (o, j) = (
            equal.agents.origin[i] as usize,
            equal.agents.residence[i] as usize,
        );
        if o == j {
            continue;
        }
        let (a, b) = (equal.life.savings[i], unequal.life.savings[i]);
        assert!(a > 0.0, "agent {i} saved nothing");
        let want = a as f64 * (1.0 - d[o * k + j]);
        assert!(
            (b as f64 - want).abs() <= 1e-3 * want,
            "agent {i} of {o} in {j}: saved {b}, expected {want} (discount {})",
            d[o * k + j]
        );
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}
