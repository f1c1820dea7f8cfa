//! The rest of issue 4's levers: equal treatment of migrants, shocks
//! (refugees and internally displaced people) and capital export. Each
//! lever is checked in the right direction over 3 seeds against the same
//! scenario without it, its keys are validated with exact messages, and the
//! engine's invariants hold with it on.

mod common;

use migrasim::observe::Recorded;
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{self, Scenario};
use migrasim::simulation::RunOptions;

fn run(s: &Scenario) -> Recorded {
    run_on(s, 2)
}

fn run_on(s: &Scenario, threads: usize) -> Recorded {
    let opts = RunOptions {
        threads: Some(threads),
        cancel: None,
    };
    migrasim::run(s, &opts).unwrap().recorded
}

/// Two countries (DEU, POL) 2004-01 to 2005-12, plus `extra` TOML.
fn two_countries(extra: &str) -> String {
    format!(
        r#"
[simulation]
start = "2004-01"
months = 24
agents = 1000
{two}{extra}"#,
        two = common::TWO_COUNTRIES
    )
}

fn errors(text: &str) -> String {
    scenario::from_str(text, "s.toml", &[])
        .expect_err("the scenario should be rejected")
        .to_string()
}

/// Movers from any of `from` into any of `to` in months `t0..t1`, returns
/// of natives left out.
fn inflow(rec: &Recorded, from: &[usize], to: &[usize], t0: u32, t1: u32) -> u64 {
    rec.flows
        .iter()
        .filter(|f| {
            from.contains(&(f.from as usize))
                && to.contains(&(f.to as usize))
                && (t0..t1).contains(&f.t)
        })
        .map(|f| (f.movers - f.returns) as u64)
        .sum()
}

#[test]
fn a_migrant_wage_discount_parses_and_is_validated() {
    let text = two_countries("").replace(
        "high_skilled_share = 0.5\n",
        "high_skilled_share = 0.5\nmigrant_wage_discount = 0.2\n",
    );
    let s = scenario::from_str(&text, "s.toml", &[]).unwrap();
    assert_eq!(s.migrant_wage_discount(0), 0.2);
    assert_eq!(s.migrant_wage_discount(1), 0.0);
    let all = format!("{text}\n[economy]\nmigrant_wage_discount = 0.1\n");
    let s = scenario::from_str(&all, "s.toml", &[]).unwrap();
    assert_eq!(s.migrant_wage_discount(0), 0.2);
    assert_eq!(s.migrant_wage_discount(1), 0.1);
    let bad = two_countries("").replace(
        "high_skilled_share = 0.5\n",
        "high_skilled_share = 0.5\nmigrant_wage_discount = 20\n",
    );
    let e = errors(&bad);
    assert!(
        e.contains("s.toml:16:25: country.DEU.migrant_wage_discount: 20 is out of range; allowed: a number in [0, 1) (write shares as fractions: 20 % is 0.2)"),
        "{e}"
    );
}

#[test]
fn without_equal_treatment_a_destination_draws_fewer_migrants() {
    // Country 9 (the richest, in the "North" bloc 5-9) pays migrants from
    // outside the bloc 40 % less: fewer of them come; bloc partners keep
    // equal treatment, so their inflow does not fall.
    let south: Vec<usize> = (0..5).collect();
    let north: Vec<usize> = (5..9).collect();
    let (mut equal, mut unequal, mut partners, mut partners_u) = (0, 0, 0, 0);
    for seed in 1..=3 {
        let s = reference_scenario(60_000, 10, 36, seed);
        let mut d = s.clone();
        d.countries[9].migrant_wage_discount = Some(0.4);
        let (a, b) = (run(&s), run(&d));
        equal += inflow(&a, &south, &[9], 0, 36);
        unequal += inflow(&b, &south, &[9], 0, 36);
        partners += inflow(&a, &north, &[9], 0, 36);
        partners_u += inflow(&b, &north, &[9], 0, 36);
    }
    assert!(
        (unequal as f64) < 0.8 * equal as f64,
        "inflow from the South with a discount {unequal} vs equal treatment {equal}"
    );
    assert!(
        partners_u >= partners,
        "bloc partners keep equal treatment: {partners_u} vs {partners}"
    );
}
