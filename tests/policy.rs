//! Dated policy, expected fines and bans, employer sanctions and
//! skill-selective admission (issue 15; docs/model.md §5, docs/policy.md).
//! Directional effects over three seeds, with common random numbers: two
//! runs of one seed differ only by the lever under test.

// Expected values computed in the test with std float functions: the
// engine's own results come from libm (clippy.toml); tolerances cover an ulp.
#![allow(clippy::disallowed_methods)]
#![allow(clippy::needless_range_loop)]

mod common;

use common::{errors, step_checked, two_countries, ym};

use migrasim::kernel::StepOutcome;
use migrasim::policy::{Instrument, PolicyChange, PolicyMonth, Scope, timeline};
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{self, Entry, EntryRule, Scenario};
use migrasim::world::life::{IRREGULAR, PERMIT};
use migrasim::world::{HIGH, LOW};

const SEEDS: [u64; 3] = [1, 2, 3];
/// The richest of the four synthetic countries (C02 and C03 form the
/// free-movement bloc "North"; natives of C00 and C01 need entry).
const DEST: usize = 3;

/// Four synthetic countries, agents reconsidering often; C03 has `rule`.
fn with_rule(seed: u64, months: u32, rule: EntryRule) -> Scenario {
    let mut s = reference_scenario(20_000, 4, months, seed);
    s.decision.reconsider_probability = 0.2;
    s.costs.border_barrier = 0.5;
    s.entries.push(Entry {
        country: DEST,
        rule,
        quota: None,
        one_window: None,
        detection: None,
        family: true,
    });
    s
}

/// A change of `set` in C03 at step `t` of `s`.
fn change(s: &Scenario, t: u32, set: Instrument) -> PolicyChange {
    PolicyChange {
        country: DEST,
        date: s.date_of_step(t),
        scope: Scope::default(),
        set,
    }
}

/// Sums `f` over the steps of a run (conservation checked every step).
fn total(s: &Scenario, mut f: impl FnMut(u32, &StepOutcome) -> u64) -> u64 {
    let mut sum = 0;
    step_checked(s, |t, _, _, out| sum += f(t, out));
    sum
}

fn irregular_entries(s: &Scenario) -> u64 {
    total(s, |_, out| out.counters.irregular_entries[DEST] as u64)
}

#[test]
fn a_dated_entry_rule_takes_effect_in_its_month() {
    for seed in SEEDS {
        let mut s = reference_scenario(20_000, 4, 36, seed);
        s.decision.reconsider_probability = 0.2;
        s.costs.border_barrier = 0.5;
        s.legality.irregular_share = 1.0;
        s.policy.changes = vec![
            change(&s, 12, Instrument::Rule(EntryRule::Closed)),
            change(&s, 24, Instrument::Rule(EntryRule::Permit)),
            change(&s, 24, Instrument::Quota(1e9)),
        ];
        let mut by_period = [[0u64; 2]; 3];
        step_checked(&s, |t, _, _, out| {
            let p = (t / 12) as usize;
            by_period[p][0] += out.counters.irregular_entries[DEST] as u64;
            by_period[p][1] += out.counters.permits[DEST] as u64;
        });
        assert_eq!(by_period[0], [0, 0], "seed {seed}: open in the first year");
        assert!(by_period[1][0] > 50, "seed {seed}: {by_period:?}");
        assert_eq!(by_period[1][1], 0, "seed {seed}: closed, no permits");
        assert!(by_period[2][1] > 50, "seed {seed}: {by_period:?}");
        let p = |t| PolicyMonth::at(&s, s.date_of_step(t));
        assert_eq!(p(11).rule(DEST), EntryRule::Open);
        assert_eq!(p(12).rule(DEST), EntryRule::Closed);
        assert_eq!(p(23).rule(DEST), EntryRule::Closed);
        assert_eq!(p(24).rule(DEST), EntryRule::Permit);
        assert_eq!(p(24).lanes[DEST].quota, Some(1e9));
    }
}

#[test]
fn a_change_of_detection_leaves_every_month_before_it_as_it_was() {
    for seed in SEEDS {
        let mut s = with_rule(seed, 36, EntryRule::Closed);
        s.legality.irregular_share = 1.0;
        let per_month = |s: &Scenario| {
            let mut v = Vec::new();
            step_checked(s, |_, _, after, out| {
                v.push((
                    after.counts.residents(),
                    out.tally.legalised[DEST] + out.tally.expelled[DEST],
                    out.tally.ordered_to_leave[DEST],
                ))
            });
            v
        };
        let before = per_month(&s);
        s.policy.changes = vec![change(&s, 18, Instrument::Detection(0.2))];
        let after = per_month(&s);
        assert_eq!(before[..18], after[..18], "seed {seed}");
        let detected = |v: &[(Vec<u64>, u32, u32)]| -> u64 {
            v[18..].iter().map(|x| (x.1 + x.2) as u64).sum()
        };
        assert!(
            detected(&after) > 2 * detected(&before),
            "seed {seed}: {} vs {}",
            detected(&after),
            detected(&before)
        );
    }
}

#[test]
fn a_higher_expected_fine_lowers_irregular_entries() {
    for seed in SEEDS {
        for rule in [EntryRule::Closed, EntryRule::Permit] {
            let entries = |fine: f64| {
                let mut s = with_rule(seed, 36, rule);
                s.entries[0].quota = Some(0.0);
                s.legality.detection = 0.1;
                s.legality.legalised_share = 1.0;
                s.legality.fine = fine;
                irregular_entries(&s)
            };
            let (cheap, dear) = (entries(0.0), entries(200_000.0));
            assert!(cheap > 300, "seed {seed} {rule:?}: {cheap}");
            assert!(
                (dear as f64) < 0.95 * cheap as f64,
                "seed {seed} {rule:?}: fine 200000 gives {dear}, fine 0 gives {cheap}"
            );
        }
    }
}

#[test]
fn a_longer_reentry_ban_lowers_irregular_entries() {
    for seed in SEEDS {
        for rule in [EntryRule::Closed, EntryRule::Permit] {
            let entries = |ban: u32| {
                let mut s = with_rule(seed, 36, rule);
                s.entries[0].quota = Some(0.0);
                s.legality.detection = 0.1;
                s.legality.ban_months = ban;
                irregular_entries(&s)
            };
            let (none, long) = (entries(0), entries(120));
            assert!(
                (long as f64) < 0.95 * none as f64,
                "seed {seed} {rule:?}: ban 120 gives {long}, ban 0 gives {none}"
            );
        }
    }
}

#[test]
fn the_expected_risk_follows_its_formula() {
    let mut s = with_rule(1, 12, EntryRule::Closed);
    s.legality.detection = 0.1;
    s.legality.fine = 50_000.0;
    s.legality.ban_months = 120;
    let p = PolicyMonth::at(&s, s.simulation.start);
    let l = &s.legality;
    let total = l.legalised_share + l.leave_share + l.expelled_share;
    let caught = 1.0 - 0.9f64.powi(12);
    let year = 12.0 * s.countries[DEST].wage_low * (1.0 - l.irregular_discount);
    let want = (1.0 + caught * l.legalised_share / total * 50_000.0 / year).ln()
        + (1.0 + caught * l.expelled_share / total * 10.0).ln();
    assert!((p.irregular_risk(&s, DEST) - want).abs() < 1e-12);
    let cost = p.entry_costs(&s)[DEST];
    let base = l.irregular_cost - (1.0 - l.irregular_discount).ln();
    assert!((cost - base - want).abs() < 1e-12);
    s.legality.deterrence = 0.0;
    assert_eq!(
        PolicyMonth::at(&s, s.simulation.start).irregular_risk(&s, DEST),
        0.0
    );
}

#[test]
fn employer_sanctions_lower_irregular_entries_and_are_counted() {
    for seed in SEEDS {
        let run = |inspection: f64, fine: f64| {
            let mut s = with_rule(seed, 36, EntryRule::Closed);
            s.legality.irregular_share = 1.0;
            s.legality.inspection = inspection;
            s.legality.employer_fine = fine;
            let mut found = 0;
            let entries = total(&s, |_, out| {
                found += out.tally.found_at_work[DEST] as u64;
                out.counters.irregular_entries[DEST] as u64
            });
            (entries, found, s)
        };
        let (free, none_found, _) = run(0.0, 0.0);
        let (sanctioned, found, s) = run(0.5, 10_000.0);
        assert_eq!(none_found, 0);
        assert!(found > 100, "seed {seed}: {found}");
        assert!(
            (sanctioned as f64) < 0.95 * free as f64,
            "seed {seed}: {sanctioned} with sanctions vs {free}"
        );
        let p = PolicyMonth::at(&s, s.simulation.start);
        let want = 0.3 + 0.5 * 10_000.0 / s.countries[DEST].wage_low;
        assert!((p.irregular_discount(&s, DEST) - want).abs() < 1e-12);
    }
}

#[test]
fn employer_sanctions_have_their_own_columns() {
    let mut s = with_rule(1, 24, EntryRule::Closed);
    s.legality.irregular_share = 1.0;
    s.legality.inspection = 0.3;
    s.legality.employer_fine = 5_000.0;
    let files = common::csv_bytes(&s, 2);
    let ts = &files.iter().find(|(n, _)| n == "timeseries.csv").unwrap().1;
    let text = String::from_utf8_lossy(ts);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let found = header.iter().position(|h| *h == "found_at_work").unwrap();
    let fines = header.iter().position(|h| *h == "employer_fines").unwrap();
    let (mut n, mut usd) = (0.0, 0.0);
    for line in lines {
        let v: Vec<&str> = line.split(',').collect();
        let (f, u): (f64, f64) = (v[found].parse().unwrap(), v[fines].parse().unwrap());
        // Both in people: the fines are the workers found × the fine (up to
        // the rounding of agents to people).
        assert!((u - f * 5_000.0).abs() <= 5_000.0, "{line}");
        n += f;
        usd += u;
    }
    assert!(n > 0.0 && usd > 0.0);
}

/// Share of high-skilled among the movers into C03 from outside its bloc.
fn high_share_of_inflow(s: &Scenario) -> f64 {
    let (mut all, mut high) = (0u64, 0u64);
    step_checked(s, |_, _, _, out| {
        for from in 0..2 {
            all += out.counters.flows[(from, DEST)] as u64;
            high += out.counters.flows_high[(from, DEST)] as u64;
        }
    });
    assert!(all > 200, "{all}");
    high as f64 / all as f64
}

#[test]
fn a_points_based_destination_draws_a_more_high_skilled_inflow() {
    for seed in SEEDS {
        let mut uniform = with_rule(seed, 36, EntryRule::Permit);
        uniform.legality.irregular_share = 0.0;
        let mut points = uniform.clone();
        let lane = |skill, set| PolicyChange {
            country: DEST,
            date: points.simulation.start,
            scope: Scope {
                origins: Vec::new(),
                skill: Some(skill),
            },
            set,
        };
        points.policy.changes = vec![
            lane(HIGH, Instrument::Rule(EntryRule::Open)),
            lane(LOW, Instrument::Quota(0.0)),
        ];
        let (u, p) = (
            high_share_of_inflow(&uniform),
            high_share_of_inflow(&points),
        );
        assert!(p > u + 0.1, "seed {seed}: points {p} vs uniform {u}");
    }
}

#[test]
fn an_origin_group_has_its_own_rule_and_quota() {
    for seed in SEEDS {
        let mut s = with_rule(seed, 24, EntryRule::Permit);
        s.legality.irregular_share = 0.0;
        // Permits do not lapse into irregular stay (C143).
        s.legality.c143 = true;
        s.policy.changes = vec![PolicyChange {
            country: DEST,
            date: s.simulation.start,
            scope: Scope {
                origins: vec![0],
                skill: None,
            },
            set: Instrument::Quota(0.0),
        }];
        let mut world = None;
        step_checked(&s, |_, _, after, _| world = Some(after.clone()));
        let w = world.unwrap();
        let mut permits = [0u32; 2];
        for i in 0..w.agents.len() {
            let (r, o) = (w.agents.residence[i] as usize, w.agents.origin[i] as usize);
            if r == DEST && o < 2 && w.life.status[i] & PERMIT != 0 {
                permits[o] += 1;
            }
            if r == DEST && o < 2 {
                assert_eq!(w.life.status[i] & IRREGULAR, 0);
            }
        }
        assert_eq!(permits[0], 0, "seed {seed}: C00's quota is 0");
        assert!(permits[1] > 20, "seed {seed}: {permits:?}");
        let p = PolicyMonth::at(&s, s.simulation.start);
        assert_eq!(p.lane(0, LOW, DEST), 4);
        assert_eq!(p.lane(1, LOW, DEST), DEST);
    }
}

#[test]
fn programmes_equal_treatment_and_conventions_change_at_their_dates() {
    let mut s = with_rule(1, 36, EntryRule::Permit);
    s.economy.migrant_wage_discount = 0.3;
    s.policy.changes = vec![
        PolicyChange {
            country: 0,
            date: s.date_of_step(12),
            scope: Scope::default(),
            set: Instrument::ReturnPayment(5_000.0),
        },
        change(&s, 12, Instrument::EqualTreatment(true)),
        change(&s, 12, Instrument::C97(false)),
    ];
    s.legality.permanent_after_months = 6;
    s.legality.c143 = true;
    let mut programme = [[0u64; 2]; 2];
    let mut granted = [0u64; 2];
    step_checked(&s, |t, _, _, out| {
        let p = usize::from(t >= 12);
        for o in 0..2 {
            programme[p][o] +=
                out.counters.returns_for(migrasim::kernel::life::PROGRAMME)[o] as u64;
        }
        if t >= 13 {
            granted[1] += out.tally.residence_granted[DEST] as u64;
        } else if t < 12 {
            granted[0] += out.tally.residence_granted[DEST] as u64;
        }
    });
    assert_eq!(programme[0], [0, 0]);
    assert!(programme[1][0] > 0, "{programme:?}");
    assert_eq!(programme[1][1], 0, "only C00 pays");
    assert!(granted[0] > 0, "{granted:?}");
    assert_eq!(granted[1], 0, "C97 off from month 12");
    let d = |t| migrasim::economy::migrant_discount(&s, s.date_of_step(t)).unwrap();
    assert_eq!(d(11)[4 + DEST], 0.3);
    assert_eq!(d(12)[4 + DEST], 0.0);
    assert_eq!(d(12)[1], 0.3, "C01 still discounts");
}

const POLICY_ROWS: &str = r#"
[[entry]]
country = "DEU"
rule = "permit"
quota = 1000

[[policy]]
country = "DEU"
date = "2004-07"
fine = 350
detection = 0.05

[[policy]]
country = "DEU"
date = "2005-01"
skill = "high"
rule = "open"

[[policy]]
country = "DEU"
date = "2005-01"
origins = ["POL"]
skill = "low"
quota = 200

[[policy]]
country = "POL"
date = "2006-03"
c143 = true
"#;

#[test]
fn policy_rows_are_read_into_dated_changes_and_written_to_policy_csv() {
    let s = scenario::from_str(&two_countries(POLICY_ROWS), "s.toml", &[]).unwrap();
    let c = &s.policy.changes;
    assert_eq!(c.len(), 4, "{c:?}");
    assert_eq!(c[0].date, ym(2004, 7));
    assert!(c.contains(&PolicyChange {
        country: 0,
        date: ym(2004, 7),
        scope: Scope::default(),
        set: Instrument::Fine(350.0),
    }));
    assert_eq!(
        c[0].set,
        Instrument::Detection(0.05),
        "instruments in schema order"
    );
    assert_eq!(c[3].scope.origins, vec![1]);
    assert_eq!(
        s.notices,
        vec![
            "policy.3: the policy change of POL in 2006-03 is after the run's last month \
             2005-12: left out"
                .to_string()
        ]
    );
    let rows: Vec<String> = timeline(&s)
        .into_iter()
        .map(|r| {
            let codes = ["DEU", "POL"];
            format!(
                "{},{},{},{},{}",
                r.date,
                codes[r.country],
                r.scope.label(&codes),
                r.instrument,
                r.value
            )
        })
        .collect();
    for want in [
        "2004-01,DEU,,fine,2000",
        "2004-01,DEU,,rule,permit",
        "2004-01,DEU,,quota,1000",
        "2004-01,POL,,rule,open",
        "2004-07,DEU,,fine,350",
        "2004-07,DEU,,detection,0.05",
        "2005-01,DEU,skill=high,rule,open",
        "2005-01,DEU,skill=high,quota,none",
        "2005-01,DEU,origins=POL;skill=low,rule,permit",
        "2005-01,DEU,origins=POL;skill=low,quota,200",
    ] {
        assert!(
            rows.iter().any(|r| r == want),
            "missing {want} in\n{rows:#?}"
        );
    }
    assert!(
        !rows
            .iter()
            .any(|r| r.starts_with("2004-07,DEU,,ban_months"))
    );
    let files = common::csv_bytes(&s, 1);
    let csv = &files.iter().find(|(n, _)| n == "policy.csv").unwrap().1;
    let text = String::from_utf8_lossy(csv);
    assert!(text.starts_with("date,country,scope,instrument,value\n"));
    assert!(text.contains("2004-07,DEU,,fine,350\n"), "{text}");
    // The fines column uses the fine in force in each month.
    let ts = &files.iter().find(|(n, _)| n == "timeseries.csv").unwrap().1;
    assert!(!ts.is_empty());
}

#[test]
fn bad_policy_rows_are_reported_with_their_place() {
    let e = errors(&two_countries(
        r#"
[[policy]]
country = "DEU"
date = "2003-12"
fine = 300

[[policy]]
country = "DEU"
date = "2004-05"
fine = 300
ban_months = 12

[[policy]]
country = "DEU"
date = "2004-05"
fine = 400

[[policy]]
country = "DEU"
date = "2004-05"
skill = "high"
detection = 0.1

[[policy]]
country = "DEU"
date = "2004-06"

[[policy]]
country = "DEU"
date = "2004-06"
origins = ["DEU"]
rule = "closed"

[[policy]]
country = "DEU"
date = "2004-06"
quota = -1
"#,
    ));
    let expected = [
        "s.toml:33:8: policy.0.date: 2003-12 is before the run starts; allowed: a month from \
         2004-01 on (set starting values in [legality], [[entry]] or [returns])",
        "s.toml:45:8: policy.2.fine: a second change of fine of DEU in 2004-05; allowed: one \
         change of an instrument per country and month (first at s.toml:39:8)",
        "s.toml:51:13: policy.3.detection: detection cannot be set for some origins or one \
         skill; allowed: rule and quota in a row with origins or skill (move detection to a \
         row without origins and skill)",
        "s.toml:53:1: policy.4: a policy row that changes nothing; allowed: one or more of rule,",
        "s.toml:60:12: policy.5.origins[0]: \"DEU\" is the country itself: its natives need no \
         entry; allowed: other countries' codes",
        "s.toml:66:9: policy.6.quota: -1 is out of range; allowed: a number ≥ 0",
    ];
    for line in expected {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    assert!(e.ends_with("6 errors in scenario"), "{e}");
}

#[test]
fn overlapping_origin_groups_are_rejected() {
    let three = two_countries(
        r#"
[[country]]
code = "UKR"
continent = "Europe"
group = "transition"
population = 4e7
wage_low = 300
wage_high = 700
unemployment = 0.1
high_skilled_share = 0.3
latitude = 50.0
longitude = 30.0

[[policy]]
country = "DEU"
date = "2004-05"
origins = ["POL", "UKR"]
quota = 100

[[policy]]
country = "DEU"
date = "2004-06"
origins = ["UKR"]
quota = 50
"#,
    );
    let e = errors(&three);
    assert!(
        e.contains(
            "policy.1.origins: these origins overlap another origin group of DEU at s.toml:"
        ),
        "{e}"
    );
}

const FDI: &str = r#"
[[capital_flow]]
from = "DEU"
to = "POL"
amount = 8000
start = "2004-01"
end = "2004-12"
"#;

#[test]
fn fdi_stocks_depreciate_after_the_investment_ends() {
    let s = scenario::from_str(&two_countries(FDI), "s.toml", &[]).unwrap();
    assert_eq!(s.economy.fdi_depreciation, 0.05);
    let rec = common::run(&s);
    let stock = |t: u32| rec.month(t)[1].fdi_stock;
    // A year after the last payment the stock is 95 % of what it was.
    assert!(
        (stock(23) / stock(11) - 0.95).abs() < 1e-9,
        "{}",
        stock(23) / stock(11)
    );
    // While paid, it stays below the sum of the payments.
    assert!(
        stock(11) < 8000.0 && stock(11) > 0.97 * 8000.0,
        "{}",
        stock(11)
    );
    for t in 12..23 {
        assert!(stock(t + 1) < stock(t));
    }
}

#[test]
fn the_labour_demand_of_fdi_is_bounded() {
    for amount in [8000.0, 1e6, 1e9] {
        let text = two_countries(&FDI.replace("8000", &amount.to_string()));
        let s = scenario::from_str(&text, "s.toml", &[]).unwrap();
        let rec = common::run(&s);
        let mut last = 0.0;
        for t in 0..12 {
            let r = &rec.month(t)[1];
            assert!(r.fdi_demand <= s.economy.fdi_demand_max, "{amount}: {r:?}");
            assert!(r.fdi_demand >= last);
            last = r.fdi_demand;
            let bill = 2.5e7 * (600.0 * 0.6 + 1300.0 * 0.4) * 12.0 / 1e6;
            let x = 0.5 * r.fdi_stock / bill;
            let want = 0.3 * (1.0 - (-x / 0.3).exp());
            assert!((r.fdi_demand - want).abs() < 1e-12, "{amount} {t}");
        }
        if amount >= 1e9 {
            // An investment of a thousand times the wage bill raises wages
            // by at most the bound: not tenfold.
            assert!(last > 0.29, "{last}");
            let w = rec.month(11)[1].wage_low / rec.month(0)[1].wage_low;
            assert!(w < 1.5, "{w}");
        }
    }
}
