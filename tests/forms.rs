//! Forms of migration (docs/model.md §2, issue 3): territory and direction of
//! every move, and skill recognition ("brain waste").

mod common;

use common::csv_bytes;
use std::collections::{BTreeMap, BTreeSet};

use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{DevGroup, Scenario};
use migrasim::simulation::RunOptions;

fn opts(threads: usize) -> RunOptions {
    RunOptions {
        threads: Some(threads),
        cancel: None,
    }
}

/// Five countries: A industrialised (Europe), B industrialised (America),
/// C developing (Europe), D transition (Asia), E developing (America);
/// everybody reconsiders every month and borders cost nothing, so every
/// pair sees moves.
fn five_countries() -> Scenario {
    let mut s = reference_scenario(20_000, 5, 12, 7);
    let spec = [
        ("A", "Europe", DevGroup::Industrialised),
        ("B", "America", DevGroup::Industrialised),
        ("C", "Europe", DevGroup::Developing),
        ("D", "Asia", DevGroup::Transition),
        ("E", "America", DevGroup::Developing),
    ];
    for (c, (code, continent, group)) in s.countries.iter_mut().zip(spec) {
        c.code = code.into();
        c.continent = continent.into();
        c.group = group;
        c.high_skilled_share = 0.5;
    }
    s.decision.reconsider_probability = 1.0;
    s.decision.home_bias = 0.0;
    s.costs.border_barrier = 0.0;
    s
}

/// The tags of every pair, written out by hand from the README rules:
/// (from, to) → (territory, direction, direction_high_skilled).
const EXPECTED: &[(&str, &str, &str, &str, &str)] = &[
    (
        "A",
        "B",
        "intercontinental",
        "industrialised_industrialised",
        "industrialised_industrialised",
    ),
    (
        "A",
        "C",
        "intracontinental",
        "other",
        "industrialised_to_developing_high_skilled",
    ),
    ("A", "D", "intercontinental", "other", "other"),
    (
        "A",
        "E",
        "intercontinental",
        "other",
        "industrialised_to_developing_high_skilled",
    ),
    (
        "B",
        "A",
        "intercontinental",
        "industrialised_industrialised",
        "industrialised_industrialised",
    ),
    (
        "B",
        "C",
        "intercontinental",
        "other",
        "industrialised_to_developing_high_skilled",
    ),
    ("B", "D", "intercontinental", "other", "other"),
    (
        "B",
        "E",
        "intracontinental",
        "other",
        "industrialised_to_developing_high_skilled",
    ),
    (
        "C",
        "A",
        "intracontinental",
        "to_industrialised",
        "to_industrialised",
    ),
    (
        "C",
        "B",
        "intercontinental",
        "to_industrialised",
        "to_industrialised",
    ),
    (
        "C",
        "D",
        "intercontinental",
        "developing_to_transition",
        "developing_to_transition",
    ),
    (
        "C",
        "E",
        "intercontinental",
        "developing_developing",
        "developing_developing",
    ),
    (
        "D",
        "A",
        "intercontinental",
        "to_industrialised",
        "to_industrialised",
    ),
    (
        "D",
        "B",
        "intercontinental",
        "to_industrialised",
        "to_industrialised",
    ),
    ("D", "C", "intercontinental", "other", "other"),
    ("D", "E", "intercontinental", "other", "other"),
    (
        "E",
        "A",
        "intercontinental",
        "to_industrialised",
        "to_industrialised",
    ),
    (
        "E",
        "B",
        "intracontinental",
        "to_industrialised",
        "to_industrialised",
    ),
    (
        "E",
        "C",
        "intercontinental",
        "developing_developing",
        "developing_developing",
    ),
    (
        "E",
        "D",
        "intercontinental",
        "developing_to_transition",
        "developing_to_transition",
    ),
];

/// Runs `s` and returns its CSV tables as header-keyed rows.
fn tables(s: &Scenario, threads: usize) -> BTreeMap<String, Vec<BTreeMap<String, String>>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let run = migrasim::run(s, &opts(threads)).unwrap();
    migrasim::output::write_run_dir(&out, s, &run).unwrap();
    let mut all = BTreeMap::new();
    for name in ["flows.csv", "timeseries.csv"] {
        let mut r = csv::Reader::from_path(out.join(name)).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| {
                let rec = rec.unwrap();
                header
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(String::from))
                    .collect()
            })
            .collect();
        all.insert(name.to_string(), rows);
    }
    all
}

fn num(row: &BTreeMap<String, String>, col: &str) -> u64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {}", row[col]))
}

#[test]
fn every_move_gets_the_territory_and_direction_of_its_pair() {
    let t = tables(&five_countries(), 2);
    let expected: BTreeMap<(&str, &str), (&str, &str, &str)> = EXPECTED
        .iter()
        .map(|&(f, to, a, b, c)| ((f, to), (a, b, c)))
        .collect();
    let mut seen = BTreeSet::new();
    for row in &t["flows.csv"] {
        let pair = (row["origin"].as_str(), row["destination"].as_str());
        let want = expected[&pair];
        let got = (
            row["territory"].as_str(),
            row["direction"].as_str(),
            row["direction_high_skilled"].as_str(),
        );
        assert_eq!(got, want, "{pair:?}");
        seen.insert(pair);
        let (movers, high) = (num(row, "movers"), num(row, "high_skilled"));
        let (ret, ret_high) = (num(row, "returns"), num(row, "high_skilled_returns"));
        assert!(high <= movers && ret <= movers && ret_high <= ret && ret_high <= high);
    }
    assert_eq!(seen.len(), EXPECTED.len(), "every pair must see moves");
}

#[test]
fn territory_and_return_counts_add_up_to_emigration_and_returns() {
    let t = tables(&five_countries(), 2);
    // (step, country) → (intercontinental, intracontinental, returns in)
    let mut from_flows: BTreeMap<(String, String), (u64, u64, u64)> = BTreeMap::new();
    for row in &t["flows.csv"] {
        let m = num(row, "movers");
        let e = from_flows
            .entry((row["step"].clone(), row["origin"].clone()))
            .or_default();
        match row["territory"].as_str() {
            "intercontinental" => e.0 += m,
            "intracontinental" => e.1 += m,
            other => panic!("territory {other}"),
        }
        from_flows
            .entry((row["step"].clone(), row["destination"].clone()))
            .or_default()
            .2 += num(row, "returns");
    }
    let mut emigration = 0;
    for row in &t["timeseries.csv"] {
        let inter = num(row, "emigration_intercontinental");
        let intra = num(row, "emigration_intracontinental");
        assert_eq!(inter + intra, num(row, "emigration"));
        let key = (row["step"].clone(), row["country"].clone());
        let f = from_flows.get(&key).copied().unwrap_or_default();
        assert_eq!((inter, intra), (f.0, f.1), "{key:?}");
        assert_eq!(num(row, "return_migration"), f.2, "{key:?}");
        emigration += inter + intra;
    }
    assert!(emigration > 10_000, "the world must move: {emigration}");
}

// ---------------------------------------------------------------------------
// Skill recognition ("brain waste")

const TWO_COUNTRIES: &str = r#"
[simulation]
agents = 1000

[[country]]
code = "AAA"
continent = "Europe"
group = "industrialised"
population = 1e6
wage_low = 2000
wage_high = 5000
unemployment = 0.05
high_skilled_share = 0.3
latitude = 50
longitude = 10

[[country]]
code = "BBB"
continent = "Europe"
group = "developing"
population = 1e6
wage_low = 300
wage_high = 800
unemployment = 0.15
high_skilled_share = 0.1
latitude = 45
longitude = 20
"#;

#[test]
fn recognition_keys_are_read_and_checked() {
    let text = format!(
        "{TWO_COUNTRIES}recognition = 0.25\n\n[recognition]\nprobability = 0.5\n\n\
         [[bloc]]\nname = \"EU\"\nmembers = [\"AAA\", \"BBB\"]\nfree_movement = false\n\
         recognition = 0.9\nstart = \"2001-01\"\n"
    );
    let s = migrasim::scenario::from_str(&text, "x.toml", &[]).unwrap();
    assert_eq!(s.recognition.probability, 0.5);
    assert_eq!(s.countries[1].recognition, Some(0.25));
    assert_eq!(s.countries[0].recognition, None);
    assert_eq!(s.blocs[0].recognition, Some(0.9));
    let before = migrasim::scenario::YearMonth {
        year: 2000,
        month: 6,
    };
    let after = before.plus(12);
    // Home: always recognised; before the bloc: the destination's own
    // figure or the default; in the bloc: the bloc's figure.
    assert_eq!(s.recognition(1, 1, before), 1.0);
    assert_eq!(s.recognition(0, 1, before), 0.25);
    assert_eq!(s.recognition(1, 0, before), 0.5);
    assert_eq!(s.recognition(0, 1, after), 0.9);
    assert_eq!(s.recognition(1, 0, after), 0.9);
    assert!(!s.recognises_everything());

    // Defaults: everything recognised.
    let d = migrasim::scenario::from_str(TWO_COUNTRIES, "x.toml", &[]).unwrap();
    assert_eq!(d.recognition.probability, 1.0);
    assert!(d.recognises_everything());

    let bad = format!("{TWO_COUNTRIES}recognition = 1.5\n\n[recognition]\nprobability = -0.1\n");
    let err = migrasim::scenario::from_str(&bad, "x.toml", &[])
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "x.toml:28:15: country.BBB.recognition: 1.5 is out of range; allowed: a number in [0, 1]\n\
         x.toml:31:15: recognition.probability: -0.1 is out of range; allowed: a number in [0, 1]\n\
         2 errors in scenario"
    );
    let unknown = format!("{TWO_COUNTRIES}\n[recognition]\nprobabilty = 0.5\n");
    let err = migrasim::scenario::from_str(&unknown, "x.toml", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("recognition.probabilty"), "{err}");
    assert!(err.contains("probability"), "{err}");
}

/// High-skilled movers into `j` that were not returning home.
fn high_skilled_inflow(rec: &migrasim::observe::Recorded, j: u16) -> u64 {
    rec.flows
        .iter()
        .filter(|f| f.to == j)
        .map(|f| (f.high_skilled - f.high_skilled_returns) as u64)
        .sum()
}

#[test]
fn no_recognition_at_a_destination_lowers_its_high_skilled_inflow() {
    let base = reference_scenario(60_000, 10, 48, 5);
    let mut waste = base.clone();
    waste.countries[7].recognition = Some(0.0);
    let a = migrasim::run(&base, &opts(2)).unwrap().recorded;
    let b = migrasim::run(&waste, &opts(2)).unwrap().recorded;
    let (hi_a, hi_b) = (high_skilled_inflow(&a, 7), high_skilled_inflow(&b, 7));
    assert!(hi_a > 500, "the destination must attract: {hi_a}");
    assert!(
        (hi_b as f64) < 0.8 * hi_a as f64,
        "high-skilled inflow {hi_b} with p = 0 vs {hi_a} with p = 1"
    );
    // Every high-skilled foreigner there is unrecognised.
    let last = b.last_month().unwrap();
    assert_eq!(last[7].brain_waste, last[7].high_skilled_immigrants);
    assert!(a.series.iter().all(|r| r.brain_waste == 0));
}

#[test]
fn brain_waste_is_the_unrecognised_share_of_high_skilled_immigrants() {
    let p = 0.6;
    let (mut waste, mut immigrants) = (0u64, 0u64);
    for seed in [1, 2, 3] {
        let mut s = reference_scenario(40_000, 8, 36, seed);
        s.recognition.probability = p;
        let (run, world) = migrasim::simulation::simulate_world(&s, &opts(2), &mut ()).unwrap();
        let _ = run;
        assert_eq!(world.brain_waste, world.recount_brain_waste());
        for i in 0..world.agents.len() {
            if world.agents.unrecognised(i) {
                assert_eq!(world.agents.skill_of(i), migrasim::world::HIGH);
                assert_ne!(world.agents.residence[i], world.agents.origin[i]);
            }
        }
        let rec = migrasim::run(&s, &opts(2)).unwrap().recorded;
        for r in rec.last_month().unwrap() {
            assert!(r.brain_waste <= r.high_skilled_immigrants);
            waste += r.brain_waste;
            immigrants += r.high_skilled_immigrants;
        }
    }
    assert!(
        immigrants > 2000,
        "too few high-skilled immigrants: {immigrants}"
    );
    let share = waste as f64 / immigrants as f64;
    // Each immigrant is unrecognised with 1 − p independently: binomial sd.
    let sd = (p * (1.0 - p) / immigrants as f64).sqrt();
    assert!(
        (share - (1.0 - p)).abs() < 4.0 * sd,
        "unrecognised share {share}, expected {} ± {}",
        1.0 - p,
        4.0 * sd
    );
}

#[test]
fn recognition_output_is_byte_identical_for_1_2_and_8_threads() {
    let mut s = reference_scenario(50_001, 12, 36, 42);
    s.recognition.probability = 0.5;
    s.countries[9].recognition = Some(0.1);
    s.blocs[0].recognition = Some(1.0);
    let one = csv_bytes(&s, 1);
    assert_eq!(one, csv_bytes(&s, 2), "1 vs 2 threads");
    assert_eq!(one, csv_bytes(&s, 8), "1 vs 8 threads");
    let ts = &one.iter().find(|(n, _)| n == "timeseries.csv").unwrap().1;
    let t = tables(&s, 2);
    assert!(
        t["timeseries.csv"]
            .iter()
            .any(|r| num(r, "brain_waste") > 0),
        "recognition must bite"
    );
    assert!(!ts.is_empty());
}
