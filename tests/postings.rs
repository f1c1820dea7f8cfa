//! Postings with capital export (issue 4, docs/model.md §4): transnational
//! companies post high-skilled staff of the investing country to the
//! receiving one on temporary postings, who come home when the posting
//! ends. Keys validated with exact messages; the effects checked over 3
//! seeds against the same scenario without them; the engine's invariants,
//! thread counts and both kernel strategies with postings on.

mod common;

use common::{run_on, two_countries, ym};

use migrasim::kernel::life::{MOTIVES, POSTING};
use migrasim::kernel::step::Strategy;
use migrasim::kernel::{Kernel, StepOutcome};
use migrasim::observe::Recorded;
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{self, CapitalFlow, Scenario};
use migrasim::world::HIGH;
use migrasim::world::layout::build_world;
use migrasim::world::life::{POSTED, TEMPORARY};

#[test]
fn posting_keys_parse_and_bad_ones_are_reported_with_their_place() {
    let good = two_countries(
        r#"
[forms]
contract_months = 9

[[capital_flow]]
from = "DEU"
to = "POL"
amount = 8000
start = "2004-06"
end = "2005-05"
postings = 0.25
posting_months = 6

[[capital_flow]]
from = "DEU"
to = "POL"
amount = 100
start = "2004-06"
end = "2005-05"
"#,
    );
    let s = scenario::from_str(&good, "s.toml", &[]).unwrap();
    let (a, b) = (&s.capital_flows[0], &s.capital_flows[1]);
    assert_eq!((a.postings, a.posting_months), (0.25, Some(6)));
    assert_eq!(a.posting_months(&s.forms), 6);
    assert!((a.postings_per_month() - 0.25 * 8000.0 / 12.0).abs() < 1e-12);
    // Defaults: no postings, and a posting lasts a contract.
    assert_eq!((b.postings, b.posting_months), (0.0, None));
    assert_eq!(b.posting_months(&s.forms), 9);
    assert!(s.has_postings() && s.has_forms());
    let mut plain = s.clone();
    plain.capital_flows[0].postings = 0.0;
    plain.forms = Default::default();
    // The gravity rule's tenure cost also keeps the life columns (issue 14).
    if let Some(g) = plain.decision.gravity.as_mut() {
        g.tenure_cost = 0.0;
    }
    assert!(!plain.has_postings() && !plain.has_forms());

    let bad = two_countries(
        r#"
[[capital_flow]]
from = "DEU"
to = "POL"
amount = 100
start = "2004-06"
end = "2005-05"
postings = -1
posting_months = 0

[[capital_flow]]
from = "DEU"
to = "POL"
amount = 100
start = "2004-06"
end = "2005-05"
postings = "many"
posting_months = 2.5
"#,
    );
    let e = scenario::from_str(&bad, "s.toml", &[])
        .expect_err("the scenario should be rejected")
        .to_string();
    let expected = [
        "s.toml:37:12: capital_flow.0.postings: -1 is out of range; allowed: a number ≥ 0",
        "s.toml:38:18: capital_flow.0.posting_months: 0 is out of range; allowed: an integer in [1, 600]",
        "s.toml:46:12: capital_flow.1.postings: expected a number, found a string; allowed: a number ≥ 0",
        "s.toml:47:18: capital_flow.1.posting_months: expected an integer, found a float; allowed: an integer in [1, 600]",
    ];
    for line in expected {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    assert!(e.ends_with("4 errors in scenario"), "{e}");
}

const RICH: usize = 9;
const POOR: usize = 2;
/// The flow runs over steps 6..=41 (2000-07 to 2003-06).
const FIRST: u32 = 6;
const LAST: u32 = 41;
const MONTHS: u32 = 6;

/// The reference scenario with a capital flow from the richest country to
/// a poor one over steps 6..=41; with `postings`, about `per_month` agents
/// posted a month on 6-month postings.
fn invested(seed: u64, per_month: f64) -> Scenario {
    let mut s = reference_scenario(60_000, 10, 48, seed);
    let ppa = build_world(&s).unwrap().people_per_agent;
    let amount = 10_000.0;
    // Contracts of others would be renewed half the time: postings never are.
    s.forms.renewal_probability = 0.5;
    s.capital_flows.push(CapitalFlow {
        from: RICH,
        to: POOR,
        amount,
        start: ym(2000, 7),
        end: ym(2003, 6),
        postings: per_month * ppa * 12.0 / amount,
        posting_months: Some(MONTHS),
    });
    s
}

#[test]
fn capital_export_posts_high_skilled_staff_who_come_home_after_the_posting() {
    let (mut out, mut out_base, mut out_plain) = (0, 0, 0);
    let (mut high_in, mut high_in_plain) = (0, 0);
    for seed in 1..=3 {
        let s = invested(seed, 10.0);
        let mut no_postings = s.clone();
        no_postings.capital_flows[0].postings = 0.0;
        let mut base = no_postings.clone();
        base.capital_flows.clear();
        let (rec, plain, base) = (run_on(&s, 2), run_on(&no_postings, 2), run_on(&base, 2));
        let at = |t: u32, j: usize| rec.month(t)[j].clone();
        let mut posted = 0;
        for t in 0..48 {
            let (sender, receiver) = (at(t, RICH), at(t, POOR));
            if (FIRST..=LAST).contains(&t) {
                posted += receiver.postings_in;
            } else {
                assert_eq!(receiver.postings_in, 0, "seed {seed} t={t}");
            }
            assert_eq!(sender.postings_out, receiver.postings_in, "t={t}");
            for j in (0..10).filter(|&j| j != RICH) {
                assert_eq!(at(t, j).postings_out, 0);
            }
            for j in (0..10).filter(|&j| j != POOR) {
                assert_eq!(at(t, j).postings_in, 0);
                assert_eq!(at(t, j).posted_workers, 0);
            }
            // Every posting ends after MONTHS months, never renewed: the
            // only contracts that end are postings (no other temporaries).
            let back = if t >= MONTHS {
                at(t - MONTHS, RICH).postings_out
            } else {
                0
            };
            assert_eq!(sender.returns_contract_end, back, "seed {seed} t={t}");
            let serving: u64 = (t.saturating_sub(MONTHS - 1)..=t)
                .map(|u| at(u, POOR).postings_in)
                .sum();
            assert_eq!(receiver.posted_workers, serving, "t={t}");
            assert_eq!(receiver.temporary_workers, serving);
            assert_eq!(receiver.contract_renewals, 0);
        }
        // About 10 a month over 36 months.
        assert!((200..=600).contains(&posted), "seed {seed}: {posted}");
        assert_eq!(at(47, POOR).posted_workers, 0);
        // The posted staff are high-skilled: their moves are high-skilled.
        let high = |r: &Recorded| -> u64 {
            r.flows
                .iter()
                .filter(|f| f.from as usize == RICH && f.to as usize == POOR)
                .filter(|f| (FIRST..=LAST).contains(&f.t))
                .map(|f| u64::from(f.high_skilled))
                .sum()
        };
        high_in += high(&rec);
        high_in_plain += high(&plain);
        // Natives leaving (posted staff going home from the receiver are
        // part of its `emigration`, as moves out of it, but not natives).
        let emigration = |r: &Recorded| -> u64 {
            r.flows
                .iter()
                .filter(|f| f.from as usize == POOR && (12..48).contains(&f.t))
                .map(|f| u64::from(f.movers - f.returns))
                .sum()
        };
        out += emigration(&rec);
        out_plain += emigration(&plain);
        out_base += emigration(&base);
    }
    assert!(
        high_in >= high_in_plain + 360,
        "high-skilled moves into the receiver {high_in} vs {high_in_plain} without postings"
    );
    // Capital export to a poor country still lowers its emigration, with
    // postings as without.
    assert!(
        (out as f64) < 0.9 * out_base as f64,
        "emigration with capital and postings {out} vs without capital {out_base}"
    );
    assert!(
        (out_plain as f64) < 0.9 * out_base as f64,
        "emigration with capital alone {out_plain} vs without {out_base}"
    );
}

#[test]
fn with_postings_no_agent_is_lost_and_threads_and_strategies_agree() {
    for k in [12usize, 70] {
        let mut s = reference_scenario(50_000, k, 30, 5);
        s.decision.reconsider_probability = 0.2;
        s.forms.temporary_share = 0.3;
        s.forms.contract_months = 4;
        let ppa = build_world(&s).unwrap().people_per_agent;
        for (from, to) in [(k - 1, 2), (k - 1, 3), (k - 2, 2)] {
            s.capital_flows.push(CapitalFlow {
                from,
                to,
                amount: 5000.0,
                start: ym(2000, 3),
                end: ym(2001, 6),
                postings: 8.0 * ppa * 12.0 / 5000.0,
                posting_months: None,
            });
        }
        let mut a = build_world(&s).unwrap();
        let mut b = a.clone();
        let mut ka = Kernel::with_strategy(&a, Strategy::Tables);
        let mut kb = Kernel::with_strategy(&b, Strategy::Grouped);
        let (mut oa, mut ob) = (StepOutcome::default(), StepOutcome::default());
        let n = a.agents.len() as u64;
        let mut posted = 0u64;
        for t in 0..30 {
            ka.step(&s, &mut a, t, &mut oa);
            kb.step(&s, &mut b, t, &mut ob);
            assert_eq!(a.agents, b.agents, "K={k} t={t}");
            assert_eq!(a.life, b.life, "K={k} t={t}");
            assert_eq!(oa.tally, ob.tally);
            assert_eq!(oa.counters.postings_in, ob.counters.postings_in);
            assert_eq!(oa.counters.postings_out, ob.counters.postings_out);
            assert_eq!(a.counts, a.recount(), "K={k} t={t}");
            assert_eq!(a.counts.residents().iter().sum::<u64>(), n);
            posted += oa
                .counters
                .postings_in
                .iter()
                .map(|&x| u64::from(x))
                .sum::<u64>();
            assert_eq!(
                oa.counters.postings_in.iter().sum::<u32>(),
                oa.counters.postings_out.iter().sum::<u32>()
            );
            // Every posted agent is a high-skilled native of a sender,
            // working at one of its receivers on a temporary posting.
            let mut serving = vec![0u32; k];
            for i in 0..a.agents.len() {
                if a.life.status[i] & POSTED != 0 {
                    let (o, r) = (a.agents.origin[i] as usize, a.agents.residence[i] as usize);
                    assert!(s.capital_flows.iter().any(|f| f.from == o && f.to == r));
                    assert_eq!(a.agents.skill[i] & migrasim::world::SKILL_MASK, HIGH);
                    assert_eq!(a.life.form[i], TEMPORARY);
                    serving[r] += 1;
                }
            }
            assert_eq!(serving, oa.tally.posted, "K={k} t={t}");
            // Before and after the flows (and their 4-month postings)
            // nobody is posted.
            if !(2..=21).contains(&t) {
                assert!(oa.tally.posted.iter().all(|&x| x == 0), "K={k} t={t}");
            }
        }
        assert!(posted > 200, "K={k}: {posted}");
        assert_eq!(POSTING as usize + 1, MOTIVES);
    }
    let s = invested(2, 20.0);
    assert_eq!(run_on(&s, 1), run_on(&s, 2));
    assert_eq!(common::csv_bytes(&s, 1), common::csv_bytes(&s, 2));
}

#[test]
fn the_drivers_scenario_posts_german_staff_to_poland_while_capital_flows() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/drivers.toml");
    let s = scenario::load(
        std::path::Path::new(path),
        &["simulation.agents=1000000".into()],
    )
    .unwrap();
    let code = |c: &str| s.countries.iter().position(|x| x.code == c).unwrap();
    let (deu, pol) = (code("DEU"), code("POL"));
    let flow = s
        .capital_flows
        .iter()
        .find(|f| f.from == deu && f.to == pol)
        .unwrap();
    assert!(flow.postings > 0.0);
    let rec = run_on(&s, 2);
    let mut posted = 0;
    for (t, date) in rec.months.iter().enumerate() {
        let m = rec.month(t as u32);
        assert_eq!(m[deu].postings_out, m[pol].postings_in, "{date}");
        if !flow.active(*date) {
            assert_eq!(m[pol].postings_in, 0, "{date}");
        }
        posted += m[pol].postings_in;
    }
    assert!(posted > 3, "{posted}");
}
