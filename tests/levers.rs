//! The rest of issue 4's levers: equal treatment of migrants, shocks
//! (refugees and internally displaced people), capital export, and regions
//! with internal migration. Each
//! lever is checked in the right direction over 3 seeds against the same
//! scenario without it, its keys are validated with exact messages, and the
//! engine's invariants hold with it on.

mod common;

use common::{errors, run, run_on, two_countries, ym};

use migrasim::observe::Recorded;
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{self, CapitalFlow, Shock, ShockKind};

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

/// A conflict in country 2 (poor, South) of the reference world during
/// 2001 (steps 12 to 23): 10 % of its natives flee abroad, 10 % are
/// displaced inside; a fifth of the displaced come back each month after.
fn conflict() -> Shock {
    Shock {
        kind: ShockKind::Conflict,
        country: 2,
        region: None,
        start: ym(2001, 1),
        end: ym(2001, 12),
        intensity: 1.0,
        refugees: 0.1,
        idps: 0.1,
        return_rate: 0.2,
        distance_km: 1000.0,
        flight: migrasim::scenario::Flight::default(),
    }
}

#[test]
fn shocks_parse_and_bad_ones_are_reported_with_their_place() {
    let good = two_countries(
        r#"
[[shock]]
kind = "conflict"
country = "POL"
start = "2004-06"
end = "2004-09"
refugees = 0.05
idps = 0.1
"#,
    );
    let s = scenario::from_str(&good, "s.toml", &[]).unwrap();
    assert_eq!(
        s.shocks[0],
        Shock {
            kind: ShockKind::Conflict,
            country: 1,
            region: None,
            start: ym(2004, 6),
            end: ym(2004, 9),
            intensity: 1.0,
            refugees: 0.05,
            idps: 0.1,
            // Issue 15: the kinds of shock differ by their defaults (a
            // conflict: 0.02 a month, 1000 km, a fifth settles abroad);
            // before, every kind had 0.05 and 1000 km.
            return_rate: 0.02,
            distance_km: 1000.0,
            flight: migrasim::scenario::Flight {
                settle_share: 0.2,
                ..migrasim::scenario::Flight::default()
            },
        }
    );
    let bad = two_countries(
        r#"
[[shock]]
kind = "war"
country = "PLO"
start = "2003-06"
end = "2004-09"
refugees = 5

[[shock]]
kind = "disaster"
country = "POL"
start = "2004-06"
end = "2004-03"

[[shock]]
kind = "persecution"
country = "POL"
start = "2004-06"
end = "2004-12"
refugees = 0.6
idps = 0.5

[[shock]]
kind = "ecological"
country = "DEU"
start = "2004-06"
end = "2005-06"

[[shock]]
kind = "conflict"
country = "DEU"
start = "2005-01"
end = "2005-02"
distance_km = 0
"#,
    );
    let e = errors(&bad);
    let expected = [
        "s.toml:32:8: shock.0.kind: \"war\" is not allowed; allowed: one of \"conflict\", \"persecution\", \"disaster\", \"ecological\"",
        "s.toml:33:11: shock.0.country: \"PLO\" is not a country of this scenario; allowed: the code of a country of the scenario (did you mean \"POL\"?)",
        "s.toml:34:9: shock.0.start: 2003-06 is outside the run; allowed: a month from 2004-01 to 2005-12",
        "s.toml:36:12: shock.0.refugees: 5 is out of range; allowed: a number in [0, 1] (write shares as fractions: 5 % is 0.05)",
        "s.toml:42:7: shock.1.end: the shock ends (2004-03) before it starts (2004-06); allowed: start ≤ end",
        "s.toml:50:8: shock.2.idps: refugees (0.6) and idps (0.5) add up to more than 1; allowed: refugees + idps ≤ 1",
        "s.toml:63:15: shock.4.distance_km: 0 is out of range; allowed: a number > 0",
    ];
    for line in expected {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    assert!(e.ends_with("7 errors in scenario"), "{e}");
    let overlap = two_countries(
        r#"
[[shock]]
kind = "ecological"
country = "DEU"
start = "2004-06"
end = "2005-06"

[[shock]]
kind = "conflict"
country = "DEU"
start = "2005-01"
end = "2005-02"
"#,
    );
    let e = errors(&overlap);
    assert!(
        e.contains("s.toml:37:1: shock.1: the conflict in DEU (2005-01 to 2005-02) overlaps the ecological there (2004-06 to 2005-06) at s.toml:31:1; allowed: shocks of one country that do not overlap (end one shock before the other starts)"),
        "{e}"
    );
}

#[test]
fn a_conflict_produces_refugees_and_idps_on_its_dates_and_they_return_after() {
    let (shocked, start, end) = (2usize, 12u32, 23u32);
    let (mut emigration, mut emigration_base) = (0, 0);
    for seed in 1..=3 {
        let base = reference_scenario(60_000, 10, 48, seed);
        let mut s = base.clone();
        s.shocks.push(conflict());
        let (rec, plain) = (run(&s), run(&base));
        let natives_home = plain.month(start - 1)[shocked].natives_at_home as f64;
        for t in 0..48 {
            let r = &rec.month(t)[shocked];
            assert_eq!(r.shock.is_some(), (start..=end).contains(&t), "t={t}");
            if t == start {
                // About 10 % each of the natives at home.
                for n in [r.refugees_new, r.idps_new] {
                    let share = n as f64 / natives_home;
                    assert!((0.08..0.12).contains(&share), "share {share} seed {seed}");
                }
            } else {
                assert_eq!(r.refugees_new + r.idps_new, 0, "t={t}");
            }
            if t <= end {
                // Nobody is brought home before the end (a refugee may go
                // home by its own decision, and then stops being displaced).
                assert_eq!(r.refugees_moved_home + r.idp_returns, 0, "t={t}");
            }
            for j in (0..10).filter(|&j| j != shocked) {
                assert_eq!(rec.month(t)[j].refugees + rec.month(t)[j].idps, 0);
            }
        }
        let at = |t: u32| &rec.month(t)[shocked];
        // During the shock refugees leave the stock only by going home on
        // their own.
        let early: u64 = (start + 1..=end).map(|t| at(t).refugee_returns).sum();
        assert_eq!(at(end).refugees + early, at(start).refugees_new);
        for t in start + 1..=end {
            assert!(
                at(t).refugee_returns <= at(t - 1).refugees,
                "t={t}: more found home than were away"
            );
        }
        assert_eq!(at(end).idps, at(start).idps_new);
        // After the end they come back: most within two years.
        let back: u64 = (end + 1..48).map(|t| at(t).refugee_returns).sum();
        let idps_back: u64 = (end + 1..48).map(|t| at(t).idp_returns).sum();
        assert_eq!(back + at(47).refugees, at(end).refugees);
        assert_eq!(idps_back + at(47).idps, at(end).idps);
        assert!(at(47).refugees * 10 < at(end).refugees, "seed {seed}");
        assert!(at(47).idps * 10 < at(end).idps, "seed {seed}");
        let returns = |r: &Recorded| -> u64 {
            (end + 1..48)
                .map(|t| r.month(t)[shocked].return_migration)
                .sum()
        };
        assert!(returns(&rec) > returns(&plain) + back / 2, "seed {seed}");
        // The push of the conflict raises emigration beyond the refugees.
        let out = |r: &Recorded| -> u64 {
            (start + 1..=end)
                .map(|t| r.month(t)[shocked].emigration)
                .sum()
        };
        emigration += out(&rec);
        emigration_base += out(&plain);
        // Refugees go mostly to the nearest countries.
        let nearest = (0..10)
            .filter(|&j| j != shocked)
            .min_by(|&a, &b| s.distance(shocked, a).total_cmp(&s.distance(shocked, b)))
            .unwrap();
        let fled = |j: usize| inflow(&rec, &[shocked], &[j], start, start + 1);
        for j in (0..10).filter(|&j| j != shocked) {
            assert!(
                fled(j) <= fled(nearest),
                "seed {seed}: {j} {} vs {}",
                fled(j),
                fled(nearest)
            );
        }
    }
    assert!(
        emigration as f64 > 1.2 * emigration_base as f64,
        "emigration during the conflict {emigration} vs {emigration_base}"
    );
}

#[test]
fn with_shocks_no_agent_is_lost_and_threads_and_strategies_agree() {
    use migrasim::kernel::step::Strategy;
    use migrasim::kernel::{Kernel, StepOutcome};
    for k in [12usize, 70] {
        let mut s = reference_scenario(50_000, k, 36, 5);
        s.decision.reconsider_probability = 0.2;
        s.shocks.push(conflict());
        let mut quake = conflict();
        quake.kind = ShockKind::Disaster;
        quake.country = 7;
        quake.start = ym(2000, 1);
        quake.end = ym(2000, 3);
        quake.refugees = 0.3;
        quake.idps = 0.4;
        s.shocks.push(quake);
        let mut a = migrasim::world::layout::build_world(&s).unwrap();
        let mut b = a.clone();
        let mut ka = Kernel::with_strategy(&a, Strategy::Tables);
        let mut kb = Kernel::with_strategy(&b, Strategy::Grouped);
        let (mut oa, mut ob) = (StepOutcome::default(), StepOutcome::default());
        let n = a.agents.len() as u64;
        let mut most = [0u64; 2];
        for t in 0..36 {
            ka.step(&s, &mut a, t, &mut oa);
            kb.step(&s, &mut b, t, &mut ob);
            assert_eq!(a.agents, b.agents, "K={k} t={t}");
            assert_eq!(a.displaced, b.displaced);
            assert_eq!(oa.displacement, ob.displacement);
            assert_eq!(a.counts, a.recount(), "K={k} t={t}");
            assert_eq!(a.counts.residents().iter().sum::<u64>(), n);
            assert_eq!(a.displaced_by_shock, a.recount_displaced());
            for (m, d) in most.iter_mut().zip(&a.displaced_by_shock) {
                *m = (*m).max(d[0] + d[1]);
            }
        }
        assert!(most.iter().all(|&m| m > 10), "K={k}: {most:?}");
    }
    let mut s = reference_scenario(40_000, 10, 36, 2);
    s.shocks.push(conflict());
    assert_eq!(run_on(&s, 1), run_on(&s, 2));
}

#[test]
fn the_shocks_scenario_displaces_ukrainians_in_2014_identically_on_1_and_2_threads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/shocks.toml");
    let s = scenario::load(
        std::path::Path::new(path),
        &["simulation.agents=50000".into()],
    )
    .unwrap();
    let (a, b) = (run_on(&s, 1), run_on(&s, 2));
    assert_eq!(a, b);
    let ukr = s.countries.iter().position(|c| c.code == "UKR").unwrap();
    let t = a.months.iter().position(|m| *m == ym(2014, 4)).unwrap() as u32;
    let r = &a.month(t)[ukr];
    assert_eq!(r.shock, Some(ShockKind::Conflict));
    assert!(r.refugees_new > 0 && r.idps_new > r.refugees_new, "{r:?}");
    assert_eq!(a.month(t - 1)[ukr].refugees + a.month(t - 1)[ukr].idps, 0);
    let last = a.last_month().unwrap();
    assert!(last[ukr].refugees < r.refugees_new);
    assert!(last[ukr].idps < r.idps_new);
}

#[test]
fn capital_flows_parse_and_bad_ones_are_reported_with_their_place() {
    let good = two_countries(
        r#"
[economy]
fdi_elasticity = 0.8
fdi_depreciation = 0
fdi_demand_max = 1e9

[[capital_flow]]
from = "DEU"
to = "POL"
amount = 8000
start = "2004-06"
end = "2005-05"
"#,
    );
    let s = scenario::from_str(&good, "s.toml", &[]).unwrap();
    assert_eq!(s.economy.fdi_elasticity, 0.8);
    let flow = CapitalFlow {
        from: 0,
        to: 1,
        amount: 8000.0,
        start: ym(2004, 6),
        end: ym(2005, 5),
        postings: 0.0,
        posting_months: None,
    };
    assert_eq!(s.capital_flows, vec![flow.clone()]);
    assert_eq!(flow.months_paid(ym(2004, 5)), 0);
    assert_eq!(flow.months_paid(ym(2004, 6)), 1);
    assert_eq!(flow.months_paid(ym(2005, 12)), 12);
    // The stock grows by twelfths while the flow lasts, then stays.
    let rec = run(&s);
    let pol = |t: u32| &rec.month(t)[1];
    assert_eq!(pol(4).fdi_stock, 0.0);
    assert!((pol(5).fdi_inflow - 8000.0 / 12.0).abs() < 1e-9);
    assert!((pol(16).fdi_stock - 8000.0).abs() < 1e-6);
    assert_eq!(pol(17).fdi_inflow, 0.0);
    assert_eq!(pol(23).fdi_stock, pol(16).fdi_stock);
    assert_eq!(rec.month(10)[0].fdi_stock, 0.0);
    // Issue 15: depreciation and the bound of the demand term are switched
    // off above (fdi_depreciation = 0, a huge fdi_demand_max), so the term
    // is η · stock / bill up to the saturating form's rounding.
    let bill = 2.5e7 * (600.0 * 0.6 + 1300.0 * 0.4) * 12.0 / 1e6;
    assert!((pol(23).fdi_demand - 0.8 * 8000.0 / bill).abs() < 1e-9);
    let bad = two_countries(
        r#"
[[capital_flow]]
from = "DEU"
to = "PLO"
amount = -5
start = "2004-06"
end = "2006-05"

[[capital_flow]]
from = "POL"
to = "POL"
amount = 100
start = "2004-06"
end = "2005-05"

[[capital_flow]]
from = "DEU"
to = "POL"
amount = 100
start = "2005-06"
end = "2005-05"
"#,
    );
    let e = errors(&bad);
    let expected = [
        "s.toml:33:6: capital_flow.0.to: \"PLO\" is not a country of this scenario; allowed: the code of a country of the scenario (did you mean \"POL\"?)",
        "s.toml:34:10: capital_flow.0.amount: -5 is out of range; allowed: a number > 0",
        "s.toml:40:6: capital_flow.1.to: POL cannot invest in itself; allowed: a country other than `from`",
        "s.toml:50:7: capital_flow.2.end: the flow ends (2005-05) before it starts (2005-06); allowed: start ≤ end",
    ];
    for line in expected {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    // An end after the run is no error since issue 13 (in force to the end).
    assert!(!e.contains("capital_flow.0.end"), "{e}");
    assert!(e.ends_with("4 errors in scenario"), "{e}");
}

#[test]
fn capital_export_to_a_poor_country_raises_its_wages_and_lowers_its_emigration() {
    let poor = 2usize;
    let (mut out, mut out_base) = (0, 0);
    for seed in 1..=3 {
        let base = reference_scenario(60_000, 10, 48, seed);
        let mut s = base.clone();
        s.capital_flows.push(CapitalFlow {
            from: 9,
            to: poor,
            amount: 10_000.0,
            start: ym(2000, 7),
            end: ym(2003, 12),
            postings: 0.0,
            posting_months: None,
        });
        let (rec, plain) = (run(&s), run(&base));
        let at = |r: &Recorded, t: u32| r.month(t)[poor].clone();
        assert!(at(&rec, 30).wage_low > at(&plain, 30).wage_low);
        assert!(at(&rec, 30).unemployment < at(&plain, 30).unemployment);
        assert_eq!(at(&rec, 30).cycle, at(&plain, 30).cycle);
        let emigration = |r: &Recorded| -> u64 {
            (12..48)
                .map(|t| r.month(t)[poor].emigration - r.month(t)[poor].refugees_new)
                .sum()
        };
        out += emigration(&rec);
        out_base += emigration(&plain);
    }
    assert!(
        (out as f64) < 0.9 * out_base as f64,
        "emigration with capital inflow {out} vs without {out_base}"
    );
}

/// POL divided into a rich capital region and a poorer rest.
const POL_REGIONS: &str = r#"
[[region]]
country = "POL"
name = "Mazowieckie"
population_share = 0.3
wage_factor = 1.5
unemployment = 0.08
latitude = 52.2
longitude = 21.0

[[region]]
country = "POL"
name = "Rest"
population_share = 0.7
wage_factor = 0.8
latitude = 51.0
longitude = 19.0
"#;

#[test]
fn regions_parse_and_bad_ones_are_reported_with_their_place() {
    let s = scenario::from_str(&two_countries(POL_REGIONS), "s.toml", &[]).unwrap();
    assert_eq!(s.regions.len(), 2);
    assert_eq!(s.regions[0].name, "Mazowieckie");
    assert_eq!(s.regions[0].country, 1);
    assert_eq!(s.regions[1].unemployment, None);
    assert_eq!(s.regions[1].location, Some((51.0, 19.0)));
    let bad = two_countries(
        r#"
[[region]]
country = "PLO"
name = "North"
population_share = 0.5

[[region]]
country = "POL"
name = "North"
population_share = 0.5
wage_factor = 0

[[region]]
country = "POL"
name = "South"
population_share = 0.4
latitude = 50.0

[[region]]
country = "POL"
name = "West"
population_share = 0.4

[[region]]
country = "POL"
name = "West"
population_share = 0.2

[[region]]
country = "DEU"
name = "All"
population_share = 1
"#,
    );
    let e = errors(&bad);
    let expected = [
        "s.toml:32:11: region.0.country: \"PLO\" is not a country of this scenario; allowed: the code of a country of the scenario (did you mean \"POL\"?)",
        "s.toml:40:15: region.1.wage_factor: 0 is out of range; allowed: a number > 0",
        "s.toml:42:1: region.2.longitude: latitude is given without longitude; allowed: both latitude and longitude, or neither",
        "s.toml:55:8: region.4.name: a second region \"West\" in POL; allowed: a name used by no other region of the country (first at s.toml:48:1)",
        "s.toml:58:1: region.DEU: DEU has a single region; allowed: two or more regions per divided country (a country without [[region]] tables is one region)",
        "s.toml:48:1: region.POL: POL has a single region",
    ];
    for line in &expected[..5] {
        assert!(e.contains(line), "missing\n{line}\nin\n{e}");
    }
    // Only "West" (0.4) is left of POL's valid regions: a single region
    // whose share is not 1.
    assert!(e.contains("s.toml:48:1: region.POL.population_share: the population shares of POL's regions add up to 0.4; allowed: shares that add up to 1"), "{e}");
    assert!(e.contains(expected[5]), "{e}");
}

#[test]
fn internal_moves_go_toward_the_richer_region_and_leave_international_migration_alone() {
    let (mut to_rich, mut to_poor) = (0u64, 0u64);
    for seed in 1..=3 {
        let text = two_countries(POL_REGIONS)
            .replace("months = 24", "months = 48\nseed = SEED")
            .replace("agents = 1000", "agents = 20000")
            .replace("SEED", &seed.to_string());
        let s = scenario::from_str(&text, "s.toml", &[]).unwrap();
        let mut plain = s.clone();
        plain.regions.clear();
        let (rec, base) = (run(&s), run(&plain));
        // A country without regions is one region: the country-level
        // results do not change at all.
        assert_eq!(rec.series, base.series);
        assert_eq!(rec.flows, base.flows);
        assert!(base.regions.is_empty());
        let rows = |t: u32| -> Vec<&migrasim::observe::RegionRow> {
            rec.regions.iter().filter(|r| r.t == t).collect()
        };
        for t in 0..48 {
            let r = rows(t);
            assert_eq!(r.len(), 2);
            assert_eq!(
                r[0].residents + r[1].residents,
                rec.month(t)[1].residents,
                "t={t}"
            );
            assert_eq!(r[0].moved_in, r[1].moved_out);
            assert_eq!(r[1].moved_in, r[0].moved_out);
            assert!(r[0].wage_low > r[1].wage_low);
            to_rich += r[0].moved_in as u64;
            to_poor += r[1].moved_in as u64;
        }
        let share = |t: u32| rows(t)[0].residents as f64 / rec.month(t)[1].residents as f64;
        assert!(
            (0.27..0.33).contains(&share(0)) || share(0) > 0.3,
            "{}",
            share(0)
        );
        assert!(
            share(47) > share(0) + 0.05,
            "seed {seed}: {} → {}",
            share(0),
            share(47)
        );
    }
    assert!(
        to_rich * 10 > 13 * to_poor,
        "to the rich region {to_rich}, to the poor {to_poor}"
    );
}

#[test]
fn with_regions_and_shocks_no_agent_is_lost_and_one_or_two_threads_agree() {
    let text = two_countries(POL_REGIONS).replace("agents = 1000", "agents = 30000")
        + r#"
[[shock]]
kind = "disaster"
country = "POL"
start = "2004-03"
end = "2004-08"
refugees = 0.2
idps = 0.2
return_rate = 0.3
"#;
    let s = scenario::from_str(&text, "s.toml", &[]).unwrap();
    assert_eq!(run_on(&s, 1), run_on(&s, 2));
    let mut w = migrasim::world::layout::build_world(&s).unwrap();
    let mut kernel = migrasim::kernel::Kernel::new(&w);
    let mut o = migrasim::kernel::StepOutcome::default();
    let map = migrasim::regions::RegionMap::new(&s);
    for t in 0..24 {
        kernel.step(&s, &mut w, t, &mut o);
        assert_eq!(w.counts, w.recount(), "t={t}");
        assert_eq!(w.displaced_by_shock, w.recount_displaced());
        for (i, &r) in w.region.iter().enumerate() {
            assert_eq!(
                map.country[r as usize], w.agents.residence[i],
                "t={t} agent {i}"
            );
        }
        let pol: u64 = o.regions.residents[1..3].iter().sum();
        assert_eq!(pol, w.counts.residents()[1]);
    }
}

#[test]
fn a_regional_shock_displaces_only_its_region_and_its_idps_move_to_the_others_and_back() {
    let shock = r#"
[[shock]]
kind = "disaster"
country = "POL"
region = "Mazowieckie"
start = "2004-06"
end = "2004-09"
refugees = 0.05
idps = 0.3
return_rate = 0.5
"#;
    let text =
        two_countries(&format!("{POL_REGIONS}{shock}")).replace("agents = 1000", "agents = 20000");
    let s = scenario::from_str(&text, "s.toml", &[]).unwrap();
    assert_eq!(s.shocks[0].region, Some(0));
    let rec = run_on(&s, 1);
    assert_eq!(rec, run_on(&s, 2));
    let maz = |t: u32| {
        rec.regions
            .iter()
            .find(|r| r.t == t && r.region == 0)
            .unwrap()
    };
    let pol = |t: u32| &rec.month(t)[1];
    let (before, at) = (maz(4).residents, maz(5).residents);
    let displaced = pol(5).refugees_new + pol(5).idps_new;
    // About 35 % of Mazowieckie's natives leave it at once (a few of its
    // residents are foreigners or move for other reasons).
    assert!(
        displaced as f64 > 0.3 * before as f64,
        "{displaced} of {before}"
    );
    assert!(at as f64 <= 0.72 * before as f64, "{at} vs {before}");
    assert!(pol(5).idps_new > 4 * pol(5).refugees_new);
    // After the end the IDPs come back to the region.
    assert!(
        maz(16).residents as f64 > 0.9 * before as f64,
        "{}",
        maz(16).residents
    );
    assert_eq!(
        pol(16).idps
            + pol(16).refugees
            + (6..17)
                .map(|t| pol(t).idp_returns + pol(t).refugee_returns)
                .sum::<u64>(),
        displaced
    );
    let mut w = migrasim::world::layout::build_world(&s).unwrap();
    let mut kernel = migrasim::kernel::Kernel::new(&w);
    let mut o = migrasim::kernel::StepOutcome::default();
    let map = migrasim::regions::RegionMap::new(&s);
    for t in 0..24 {
        kernel.step(&s, &mut w, t, &mut o);
        assert_eq!(w.counts, w.recount(), "t={t}");
        assert_eq!(w.displaced_by_shock, w.recount_displaced());
        for (i, &r) in w.region.iter().enumerate() {
            assert_eq!(
                map.country[r as usize], w.agents.residence[i],
                "t={t} agent {i}"
            );
        }
    }
    let bad = two_countries(&format!(
        "{POL_REGIONS}{}",
        shock.replace("\"Mazowieckie\"", "\"Mazowiecke\"")
    ));
    let e = errors(&bad);
    assert!(e.contains("s.toml:51:10: shock.0.region: \"Mazowiecke\" is not a region of POL; allowed: one of its regions: Mazowieckie, Rest (did you mean \"Mazowieckie\"?)"), "{e}");
    let undivided = bad.replace("country = \"POL\"\nregion", "country = \"DEU\"\nregion");
    let e = errors(&undivided);
    assert!(e.contains("shock.0.region: \"Mazowiecke\" is not a region of DEU; allowed: no region: DEU is not divided into [[region]]s"), "{e}");
}

#[test]
fn skill_elasticities_and_supply_unemployment_parse_and_are_validated() {
    let s = scenario::from_str(
        &two_countries(
            "\n[economy]\nskill_elasticity_low = 0.1\nskill_elasticity_high = 0.4\nsupply_unemployment = 0.5\n",
        ),
        "s.toml",
        &[],
    )
    .unwrap();
    assert_eq!(s.economy.skill_elasticity, [0.1, 0.4]);
    assert_eq!(s.economy.supply_unemployment, 0.5);
    let plain = scenario::from_str(&two_countries(""), "s.toml", &[]).unwrap();
    assert_eq!(plain.economy.skill_elasticity, [0.0, 0.0]);
    assert_eq!(plain.economy.supply_unemployment, 0.0);
    let text = two_countries("\n[economy]\nskill_elasticity_high = -1\nsupply_unemployment = 11\n");
    let line = |key: &str| text.lines().position(|l| l.starts_with(key)).unwrap() + 1;
    let e = errors(&text);
    assert!(
        e.contains(&format!(
            "s.toml:{}:25: economy.skill_elasticity_high: -1 is out of range; allowed: a number ≥ 0",
            line("skill_elasticity_high")
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "s.toml:{}:23: economy.supply_unemployment: 11 is out of range; allowed: a number in [0, 10]",
            line("supply_unemployment")
        )),
        "{e}"
    );
}

#[test]
fn wages_by_skill_follow_the_supply_of_their_skill_and_unemployment_follows_supply() {
    // The reference world: the high-skilled leave poor countries (0-4) for
    // rich ones (5-9). With an elasticity for the high-skill wage the
    // poor countries' high-skill wages end higher and the rich ones' lower
    // than without; the low-skill wage, with no elasticity of its own, is
    // left as it was for a given supply. With supply_unemployment,
    // unemployment ends higher where residents grew and lower where they
    // fell.
    let (poor, rich) = (0..5, 5..10);
    for seed in 1..=3 {
        let s = reference_scenario(60_000, 10, 60, seed);
        let mut e = s.clone();
        e.economy.skill_elasticity = [0.0, 1.0];
        let mut u = s.clone();
        u.economy.supply_unemployment = 2.0;
        let (a, b, c) = (run(&s), run(&e), run(&u));
        let last = |r: &Recorded, j: usize| r.month(59)[j].clone();
        let high_premium = |r: &Recorded, j: usize| last(r, j).wage_high / last(r, j).wage_low;
        for j in poor.clone() {
            let left =
                s.countries[j].high_skilled_share > 0.0 && last(&a, j).high_skilled_abroad > 0;
            if left {
                assert!(
                    high_premium(&b, j) > high_premium(&a, j),
                    "seed {seed} country {j}: {} vs {}",
                    high_premium(&b, j),
                    high_premium(&a, j)
                );
            }
        }
        let grew: Vec<usize> = rich
            .clone()
            .filter(|&j| last(&c, j).labour_supply_index > 1.02)
            .collect();
        let shrank: Vec<usize> = poor
            .clone()
            .filter(|&j| last(&c, j).labour_supply_index < 0.98)
            .collect();
        assert!(!grew.is_empty() && !shrank.is_empty(), "seed {seed}");
        for &j in &grew {
            assert!(
                last(&c, j).unemployment > last(&a, j).unemployment,
                "seed {seed} {j}"
            );
        }
        for &j in &shrank {
            assert!(
                last(&c, j).unemployment < last(&a, j).unemployment,
                "seed {seed} {j}"
            );
        }
    }
}

#[test]
#[allow(clippy::needless_range_loop)] // several columns indexed by agent
fn refugees_leave_their_commuting_or_seasonal_form_behind() {
    // Commuters and seasonal workers live at home, so a conflict displaces
    // them too: a refugee abroad is never left a commuter or a seasonal
    // worker (whose life pass would send it to and fro), and never counts
    // as irregular.
    use migrasim::scenario::Season;
    use migrasim::world::life::{COMMUTER, IRREGULAR, SEASONAL};
    for seed in 1..=3 {
        let mut s = reference_scenario(40_000, 6, 36, seed);
        s.decision.reconsider_probability = 0.3;
        s.costs.border_barrier = 0.5;
        s.forms.commuting_km = 20_000.0;
        s.forms.commuting_share = 0.5;
        s.seasons.push(Season {
            country: 3,
            start: 4,
            end: 9,
            share: 0.5,
        });
        let mut shock = conflict();
        shock.refugees = 0.3;
        s.shocks.push(shock);
        let (mut fled, mut formed_before) = (0, 0);
        // Refugees who have stayed abroad since they fled (one who went
        // home by its own decision may leave again in any form).
        let mut away = Vec::new();
        common::step_checked(&s, |t, before, w, _| {
            assert_eq!(w.displaced_by_shock, w.recount_displaced(), "t={t}");
            away.resize(w.agents.len(), false);
            for i in 0..w.agents.len() {
                // Without ages, a refugee back home (by its own decision)
                // stops being displaced in the same month.
                assert!(
                    w.displaced[i] == 0
                        || w.displaced[i] & migrasim::world::IDP != 0
                        || w.agents.residence[i] != w.agents.origin[i],
                    "t={t}: refugee {i} at home still displaced"
                );
                if w.agents.residence[i] == w.agents.origin[i] || w.displaced[i] == 0 {
                    away[i] = false;
                    continue;
                }
                let refugee = w.displaced[i] & migrasim::world::IDP == 0;
                if refugee && before.displaced[i] == 0 {
                    away[i] = true;
                    fled += 1;
                    let f = before.life.form[i];
                    formed_before += u32::from(f == COMMUTER || f == SEASONAL);
                }
                if away[i] {
                    let form = w.life.form[i];
                    assert!(form != COMMUTER && form != SEASONAL, "t={t} agent {i}");
                    assert_eq!(w.life.status[i] & IRREGULAR, 0, "t={t} agent {i}");
                }
            }
        });
        assert!(fled > 1000, "seed {seed}: {fled}");
        assert!(
            formed_before > 10,
            "seed {seed}: {formed_before} commuters or seasonal fled"
        );
    }
}
