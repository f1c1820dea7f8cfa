//! Forms of migration (MODEL.md §2, issue 3): territory and direction of
//! every move, and skill recognition ("brain waste").

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
