//! Forced migration that goes where people really go (issue 15): origin
//! groups displaced, kin-state shares, a destination mix of distance,
//! contiguity, size and ties, refugees settling for good, defaults by kind
//! of shock, and UNHCR-style stocks. A small Armenia-Azerbaijan-like world,
//! 1988-1994, three seeds.

mod common;

use common::errors;

use migrasim::kernel::{Kernel, StepOutcome};
use migrasim::scenario::{self, Scenario, ShockKind};
use migrasim::world::World;
use migrasim::world::layout::build_world;

const SEEDS: [u64; 3] = [1, 2, 3];
const ARM: usize = 0;
const AZE: usize = 1;
const GEO: usize = 2;
const RUS: usize = 3;

/// Six countries of the South Caucasus and around (working-age people,
/// rough 1990 wages in US$ a month, capitals' coordinates), 1988 to mid-1994.
const WORLD: &str = r#"
[simulation]
start = "1988-01"
months = 78
agents = 200000

[[country]]
code = "ARM"
continent = "Asia"
group = "transition"
population = 3.5e6
wage_low = 100
wage_high = 250
unemployment = 0.1
high_skilled_share = 0.3
latitude = 40.18
longitude = 44.51

[[country]]
code = "AZE"
continent = "Asia"
group = "transition"
population = 7e6
wage_low = 100
wage_high = 250
unemployment = 0.1
high_skilled_share = 0.25
latitude = 40.41
longitude = 49.87

[[country]]
code = "GEO"
continent = "Asia"
group = "transition"
population = 5e6
wage_low = 100
wage_high = 250
unemployment = 0.1
high_skilled_share = 0.3
latitude = 41.72
longitude = 44.78

[[country]]
code = "RUS"
continent = "Europe"
group = "transition"
population = 1.48e8
wage_low = 150
wage_high = 400
unemployment = 0.08
high_skilled_share = 0.3
latitude = 55.76
longitude = 37.62

[[country]]
code = "TUR"
continent = "Asia"
group = "developing"
population = 5.5e7
wage_low = 300
wage_high = 700
unemployment = 0.08
high_skilled_share = 0.15
latitude = 39.93
longitude = 32.86

[[country]]
code = "IRN"
continent = "Asia"
group = "developing"
population = 5.5e7
wage_low = 200
wage_high = 500
unemployment = 0.1
high_skilled_share = 0.15
latitude = 35.69
longitude = 51.39
"#;

/// The conflict: Armenians living in Azerbaijan flee from February 1988
/// (Sumgait) on; the ceasefire of May 1994 ends it.
const ARMENIANS_FROM_AZE: &str = r#"
[[shock]]
kind = "conflict"
country = "AZE"
origins = ["ARM"]
start = "1988-02"
end = "1994-05"
intensity = 0.5
refugees = 0.9
idps = 0.0
"#;

fn scenario(seed: u64, extra: &str) -> Scenario {
    let text = format!("{WORLD}{extra}");
    let mut s = scenario::from_str(&text, "s.toml", &[]).unwrap();
    s.simulation.seed = seed;
    s
}

/// The world of `s` with `n` natives of `from` living in `to` at the start
/// (the engine starts everyone at home; here the Armenians of Azerbaijan
/// and the Azerbaijanis of Armenia are placed by hand).
fn with_minorities(s: &Scenario, moves: &[(usize, usize, usize)]) -> World {
    let mut w = build_world(s).unwrap();
    for &(from, to, n) in moves {
        let mut left = n;
        for i in 0..w.agents.len() {
            if left == 0 {
                break;
            }
            if w.agents.origin[i] as usize == from && w.agents.residence[i] as usize == from {
                w.agents.residence[i] = to as u16;
                left -= 1;
            }
        }
        assert_eq!(left, 0);
    }
    w.counts = w.recount();
    w.initial_residents = w.counts.residents();
    w.initial_by_skill = w.counts.residents_by_skill();
    w
}

/// Runs `s` from `world`, checking that nobody is lost, and calls `each`
/// after every step.
fn run(s: &Scenario, mut world: World, mut each: impl FnMut(u32, &World, &StepOutcome)) {
    let total = world.agents.len() as u64;
    let mut kernel = Kernel::new(&world);
    let mut out = StepOutcome::default();
    for t in 0..s.simulation.months {
        kernel.step(s, &mut world, t, &mut out);
        assert_eq!(world.counts, world.recount(), "t={t}");
        assert_eq!(world.counts.total(), total);
        assert_eq!(world.displaced_by_shock, world.recount_displaced(), "t={t}");
        each(t, &world, &out);
    }
}

/// Refugees of the shock by country of residence, right after the flight.
fn where_they_went(s: &Scenario, world: World) -> (Vec<u64>, World) {
    let k = s.num_countries();
    let mut at = vec![0u64; k];
    let mut last = None;
    let t0 = s
        .shocks
        .first()
        .map(|x| (x.start.index() - s.simulation.start.index()) as u32)
        .unwrap();
    run(s, world, |t, w, out| {
        if t == t0 {
            for i in 0..w.agents.len() {
                if w.displaced[i] != 0 && w.displaced[i] & migrasim::world::IDP == 0 {
                    at[w.agents.residence[i] as usize] += 1;
                }
            }
            assert_eq!(
                at.iter().sum::<u64>(),
                out.displacement.refugees_new[AZE] as u64
            );
        }
        last = Some(w.clone());
    });
    (at, last.unwrap())
}

#[test]
fn a_shock_displaces_the_group_it_names_and_a_kin_state_share_takes_them_in() {
    for seed in SEEDS {
        // About 390,000 Armenians lived in Azerbaijan in 1989 (census):
        // some 350 agents at ~1,100 people an agent.
        let minority = [(ARM, AZE, 350)];
        let by_distance = scenario(seed, ARMENIANS_FROM_AZE);
        let (spread, _) = where_they_went(&by_distance, with_minorities(&by_distance, &minority));
        let kin = scenario(
            seed,
            &format!("{ARMENIANS_FROM_AZE}shares = {{ ARM = 0.8, RUS = 0.15 }}\n"),
        );
        let (went, end) = where_they_went(&kin, with_minorities(&kin, &minority));
        let n: u64 = went.iter().sum();
        assert!(n > 280, "seed {seed}: {n} of 350 fled");
        // Only the group: every refugee is an Armenian.
        for i in 0..end.agents.len() {
            if end.displaced[i] != 0 {
                assert_eq!(end.agents.origin[i] as usize, ARM, "seed {seed}");
            }
        }
        let arm = went[ARM] as f64 / n as f64;
        let rus = went[RUS] as f64 / n as f64;
        assert!((arm - 0.8).abs() < 0.08, "seed {seed}: {arm} to ARM");
        assert!((rus - 0.15).abs() < 0.06, "seed {seed}: {rus} to RUS");
        // By distance alone, the nearest capital (Tbilisi) and Yerevan share
        // most; the kin state gets far more with its share.
        let arm_spread = spread[ARM] as f64 / spread.iter().sum::<u64>() as f64;
        assert!(arm > arm_spread + 0.2, "seed {seed}: {arm} vs {arm_spread}");
        assert!(
            spread[GEO] > went[GEO],
            "seed {seed}: {spread:?} vs {went:?}"
        );
    }
}

#[test]
fn settling_refugees_are_not_brought_home() {
    for seed in SEEDS {
        let minority = [(ARM, AZE, 350)];
        let home = |settle: f64| {
            let s = scenario(
                seed,
                &ARMENIANS_FROM_AZE.replace("1994-05", "1990-12").replace(
                    "idps = 0.0",
                    &format!("idps = 0.0\nreturn_rate = 0.2\nsettle_share = {settle}"),
                ),
            );
            let (mut moved, mut settled) = (0u64, 0u64);
            run(&s, with_minorities(&s, &minority), |_, _, out| {
                moved += out.displacement.refugees_moved_home[AZE] as u64;
                settled += out.displacement.refugees_settled[AZE] as u64;
            });
            (moved, settled)
        };
        let (moved_none, settled_none) = home(0.0);
        let (moved_all, settled_all) = home(1.0);
        let (moved_half, settled_half) = home(0.5);
        assert!(moved_none > 200, "seed {seed}: {moved_none}");
        assert_eq!(settled_none, 0);
        assert_eq!(moved_all, 0, "seed {seed}");
        assert!(settled_all > 200, "seed {seed}: {settled_all}");
        assert!(
            moved_half > 50 && settled_half > 50,
            "seed {seed}: {moved_half} {settled_half}"
        );
    }
}

#[test]
fn refugee_stocks_by_origin_and_asylum_add_up_to_the_refugees_column() {
    let s = scenario(
        1,
        &format!("{ARMENIANS_FROM_AZE}shares = {{ ARM = 0.8 }}\n"),
    );
    let world = with_minorities(&s, &[(ARM, AZE, 350)]);
    let mut rec = migrasim::observe::Recorder::new();
    use migrasim::observe::Observer;
    let mut world0 = world.clone();
    rec.init(&s, &world0);
    let mut kernel = Kernel::new(&world0);
    let mut out = StepOutcome::default();
    for t in 0..s.simulation.months {
        let state = kernel.step(&s, &mut world0, t, &mut out);
        rec.step(&migrasim::observe::StepView {
            t,
            date: s.date_of_step(t),
            scenario: &s,
            world: &world0,
            state: &state,
            outcome: &out,
        });
    }
    let r = rec.into_recorded();
    assert!(!r.refugee_stocks.is_empty());
    for row in &r.refugee_stocks {
        assert_eq!(row.origin as usize, AZE);
        assert_ne!(row.asylum as usize, AZE);
    }
    for t in r.refugee_stocks.iter().map(|x| x.t) {
        let total: u64 = r
            .refugee_stocks
            .iter()
            .filter(|x| x.t == t)
            .map(|x| x.refugees)
            .sum();
        assert_eq!(total, r.month(t)[AZE].refugees, "t={t}");
        let kin = r
            .refugee_stocks
            .iter()
            .find(|x| x.t == t && x.asylum as usize == ARM)
            .unwrap();
        // Armenians in Armenia: refugees in their kin state.
        assert_eq!(kin.in_kin_state, kin.refugees);
    }
}

#[test]
fn size_contiguity_and_ties_weigh_the_destinations() {
    const TUR: usize = 4;
    const IRN: usize = 5;
    for seed in SEEDS {
        // Azerbaijan's own natives this time.
        let base = ARMENIANS_FROM_AZE.replace("origins = [\"ARM\"]\n", "");
        let shares = |extra: &str| {
            let s = scenario(seed, &format!("{base}{extra}"));
            let (went, _) = where_they_went(&s, build_world(&s).unwrap());
            let n = went.iter().sum::<u64>() as f64;
            assert!(n > 1000.0, "seed {seed}: {n}");
            went.iter().map(|&x| x as f64 / n).collect::<Vec<f64>>()
        };
        let by_distance = shares("");
        // Size: the largest country, Russia, weighs more.
        let sized = shares("size_weight = 1\n");
        assert!(sized[RUS] > by_distance[RUS] + 0.1, "seed {seed}");
        // Contiguity: Armenia, Georgia and Iran lie within 600 km of Baku,
        // Turkey and Russia do not.
        let near = |v: &[f64]| v[ARM] + v[GEO] + v[IRN];
        let contiguous = shares("contiguity = 2\nneighbour_km = 600\n");
        assert!(near(&contiguous) > near(&by_distance) + 0.08, "seed {seed}");
        // Ties: an ethnic tie with Turkey draws refugees there.
        let tied = shares(
            "tie_weight = 2\n\n[[tie]]\na = \"AZE\"\nb = \"TUR\"\nkind = \"ethnic\"\nstrength = 1\n",
        );
        assert!(tied[TUR] > by_distance[TUR] + 0.1, "seed {seed}");
    }
}

#[test]
fn kinds_of_shock_differ_by_their_defaults() {
    let shock = |kind: &str| {
        let s = scenario(
            1,
            &format!(
                "[[shock]]\nkind = \"{kind}\"\ncountry = \"AZE\"\nstart = \"1990-01\"\n\
                 end = \"1990-06\"\ndisplaced = 0.1\n"
            ),
        );
        s.shocks[0].clone()
    };
    let disaster = shock("disaster");
    let persecution = shock("persecution");
    let ecological = shock("ecological");
    let conflict = shock("conflict");
    assert_eq!(disaster.kind, ShockKind::Disaster);
    // Disasters: mostly internal and short; persecution: mostly abroad and
    // long; ecological displacement: the longest.
    assert!(disaster.idps > 10.0 * disaster.refugees);
    assert!(persecution.refugees > 3.0 * persecution.idps);
    assert!((persecution.refugees + persecution.idps - 0.1).abs() < 1e-12);
    assert!(disaster.return_rate > conflict.return_rate);
    assert!(conflict.return_rate > persecution.return_rate);
    assert!(persecution.return_rate > ecological.return_rate);
    assert!(persecution.distance_km > disaster.distance_km);
    assert!(persecution.flight.settle_share > disaster.flight.settle_share);
    // Given values win over the kind's.
    let s = scenario(
        1,
        "[[shock]]\nkind = \"disaster\"\ncountry = \"AZE\"\nstart = \"1990-01\"\n\
         end = \"1990-06\"\nrefugees = 0.1\nreturn_rate = 0.01\nsettle_share = 0.7\n",
    );
    assert_eq!(s.shocks[0].refugees, 0.1);
    assert_eq!(s.shocks[0].return_rate, 0.01);
    assert_eq!(s.shocks[0].flight.settle_share, 0.7);
}

#[test]
fn bad_forced_migration_keys_are_reported() {
    let e = errors(&format!(
        "{WORLD}
[[shock]]
kind = \"conflict\"
country = \"AZE\"
start = \"1990-01\"
end = \"1990-06\"
displaced = 0.1
refugees = 0.05
shares = {{ ARM = 0.7, AZE = 0.2 }}

[[shock]]
kind = \"conflict\"
country = \"ARM\"
start = \"1990-01\"
end = \"1990-06\"
origins = [\"AZE\", \"AZE\"]
shares = {{ GEO = 0.7, RUS = 0.6 }}
"
    ));
    for want in [
        "shock.0.displaced: displaced is given with refugees or idps",
        "shock.0.shares.AZE: \"AZE\" is the shocked country itself",
        "shock.1.origins[1]: \"AZE\" is listed twice",
        "shock.1.shares: the shares add up to 1.3 (more than 1)",
    ] {
        assert!(e.contains(want), "missing {want} in\n{e}");
    }
}
