//! Scenario files end to end: the shipped scenarios load, `extends` and
//! `--set` merge as documented, and bad input gives the exact errors (all
//! together, with file:line:column), exit code 2 and no output folder.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::TWO_COUNTRIES;
use migrasim::scenario::{self, PopulationScale, synthetic};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The error text of loading `path` with `sets`, with the folder prefix cut.
fn errors(dir: &Path, path: &Path, sets: &[&str]) -> String {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let e = scenario::load(path, &sets).expect_err("the scenario should be rejected");
    e.to_string().replace(&format!("{}/", dir.display()), "")
}

#[test]
fn shipped_scenarios_load() {
    let d = scenario::load(&repo("scenarios/drivers.toml"), &[]).unwrap();
    assert_eq!(d.name, "drivers");
    assert!(!d.phases.is_empty());
    let s = scenario::load(&repo("scenarios/shocks.toml"), &[]).unwrap();
    assert_eq!(s.name, "shocks");
    assert_eq!(s.shocks.len(), 3);
    let q = scenario::load(&repo("scenarios/quickstart.toml"), &[]).unwrap();
    assert_eq!(q.name, "quickstart");
    assert!((8..=15).contains(&q.countries.len()));
    let continents: std::collections::BTreeSet<_> =
        q.countries.iter().map(|c| c.continent.as_str()).collect();
    assert!(continents.len() >= 2);
    assert!(q.blocs.iter().any(|b| b.free_movement));
    // The file, the world it extends (built from data/), the mechanisms
    // that world extends, and its three tables.
    assert_eq!(q.sources.len(), 6);
    assert!(q.data.series.is_some() && !q.data.stocks.is_empty());
    // Ties from CEPII: GBR–IND share an official language and a colonial past.
    let code = |c: &str| q.countries.iter().position(|x| x.code == c).unwrap();
    assert_eq!(q.tie_strength(code("GBR"), code("IND")), 0.5 + 0.3);
    assert_eq!(q.tie_strength(code("MEX"), code("USA")), 0.0);
    assert_eq!(q.sources[0].sha256.len(), 64);

    let r = scenario::load(&repo("scenarios/reference.toml"), &[]).unwrap();
    let mut expected = synthetic::reference_scenario(100_000, 20, 120, 1);
    expected.name = r.name.clone();
    expected.description = r.description.clone();
    expected.sources = r.sources.clone();
    assert_eq!(
        r, expected,
        "reference.toml must be exactly RB-1 with K = 20"
    );
}

#[test]
fn great_circle_distances_and_explicit_ones() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{TWO_COUNTRIES}\n[[distance]]\nfrom = \"POL\"\nto = \"DEU\"\nkm = 1234\n");
    let p = write(dir.path(), "d.toml", &text);
    let s = scenario::load(&p, &[]).unwrap();
    assert_eq!(s.distance(0, 1), 1234.0);
    assert_eq!(s.distance(1, 0), 1234.0);
    let p = write(dir.path(), "g.toml", TWO_COUNTRIES);
    let s = scenario::load(&p, &[]).unwrap();
    let d = s.distance(0, 1);
    assert!((600.0..650.0).contains(&d), "DEU–POL centroids: {d}");
    assert_eq!(s.name, "g", "the name defaults to the file stem");
    assert_eq!(s.decision.home_bias, 0.5, "docs/model.md §6 default");
    assert_eq!(s.simulation.scale, PopulationScale::Agents(100_000));
}

#[test]
fn extends_merges_tables_and_set_overrides_last() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        &format!(
            "name = \"base\"\n[simulation]\nmonths = 24\npeople_per_agent = 1000.0\n[decision]\nhome_bias = 0.9\nwage_weight = 1.5\n{TWO_COUNTRIES}"
        ),
    );
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let child = write(
        &dir.path().join("sub"),
        "child.toml",
        "extends = \"../base.toml\"\nname = \"child\"\n[simulation]\nagents = 5000\n[decision]\nhome_bias = 1.2\n",
    );
    let s = scenario::load(
        &child,
        &[
            "country.POL.wage_low=700".into(),
            "decision.wage_weight=2".into(),
        ],
    )
    .unwrap();
    assert_eq!(s.name, "child");
    assert_eq!(s.simulation.months, 24, "kept from the base");
    assert_eq!(
        s.simulation.scale,
        PopulationScale::Agents(5000),
        "agents in the child replaces people_per_agent of the base"
    );
    assert_eq!(s.decision.home_bias, 1.2, "the child wins");
    assert_eq!(s.decision.wage_weight, 2.0, "--set wins over both");
    assert_eq!(s.countries[1].wage_low, 700.0);
    assert_eq!(s.sources.len(), 2);
    assert!(s.sources[1].path.ends_with("base.toml"));
    assert_eq!(s.overrides.len(), 2);
}

#[test]
fn bad_values_are_all_reported_with_place_key_allowed_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "[simulation]\nmonths = 0\nsed = 3\n\n[decision]\nhome_bais = 0.8\nreconsider_probability = 1.5\n{}\n[[bloc]]\nname = \"EU\"\nmembers = [\"DEU\", \"DUE\"]\n",
        TWO_COUNTRIES
            .replace("population = 2.5e7", "population = -5")
            .replace("unemployment = 0.15", "unemployment = 15")
            .replace("group = \"transition\"", "group = \"transitional\"")
            .replace("wage_low = 2500", "wage_low = \"high\"")
            .replace("code = \"POL\"", "code = \"DEU\"")
    );
    let p = write(dir.path(), "bad.toml", &text);
    let got = errors(dir.path(), &p, &["decision.network_weight=-1"]);
    let expected = "\
bad.toml:2:10: simulation.months: 0 is out of range; allowed: an integer in [1, 120000]
bad.toml:3:1: simulation.sed: unknown key; allowed: one of start, months, until, seed, agents, people_per_agent (did you mean \"seed\"?)
bad.toml:6:1: decision.home_bais: unknown key; allowed: one of reconsider_probability, wage_weight, network_weight, network_scale, home_bias, network_growth, internal_move_cost, rule, size_weight, distance_elasticity, contiguity, jobs_weight, move_cost_low, move_cost_high, return_cost_share, foreignness, afford_weight, move_cost_usd, move_cost_usd_per_1000km, savings_months, tenure_cost, tenure_cap_years (did you mean \"home_bias\"?)
bad.toml:7:26: decision.reconsider_probability: 1.5 is out of range; allowed: a number in (0, 1]
bad.toml:14:12: country.DEU.wage_low: expected a number, found a string; allowed: a number > 0
bad.toml:22:8: country.1.code: duplicate country code \"DEU\"; allowed: a code used by no other country (first defined at line 10)
bad.toml:24:9: country.1.group: \"transitional\" is not allowed; allowed: one of \"industrialised\", \"developing\", \"transition\" (did you mean \"transition\"?)
bad.toml:25:14: country.1.population: -5 is out of range; allowed: a number > 0
bad.toml:28:16: country.1.unemployment: 15 is out of range; allowed: a number in [0, 1) (write shares as fractions: 15 % is 0.15)
bad.toml:35:19: bloc.EU.members[1]: \"DUE\" is not a country of this scenario; allowed: the code of a country of the scenario (did you mean \"DEU\"?)
--set:1:25: decision.network_weight: -1 is out of range; allowed: a number ≥ 0
11 errors in scenario";
    assert_eq!(got, expected);
}

#[test]
fn a_missing_extends_file_and_a_cycle_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "lonely.toml",
        "extends = \"nowhere.toml\"\n[decision]\nhome_bias = -1\n",
    );
    let got = errors(dir.path(), &p, &[]);
    assert!(
        got.starts_with(
            "lonely.toml:1:11: extends: cannot read \"nowhere.toml\": No such file or directory"
        ),
        "{got}"
    );
    assert!(
        got.contains("lonely.toml:3:13: decision.home_bias: -1 is out of range"),
        "other problems are still reported: {got}"
    );
    assert!(!got.contains("missing required key"), "{got}");

    write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
    write(dir.path(), "b.toml", "extends = \"a.toml\"\n");
    let got = errors(dir.path(), &dir.path().join("a.toml"), &[]);
    assert!(
        got.starts_with(
            "b.toml:1:11: extends: extends makes a cycle: a.toml → b.toml → a.toml; allowed: a chain of files that ends"
        ),
        "{got}"
    );
}

#[test]
fn world_errors_syntax_errors_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.toml", "[simulation]\nmonths = 12\n");
    assert_eq!(
        errors(dir.path(), &p, &[]),
        "empty.toml:1:1: country: the scenario has no countries; allowed: [[country]] tables (two or more) or [world.synthetic]\n1 error in scenario"
    );
    let p = write(
        dir.path(),
        "both.toml",
        &format!("[world.synthetic]\ncountries = 4\n{TWO_COUNTRIES}"),
    );
    assert!(errors(dir.path(), &p, &[]).starts_with(
        "both.toml:1:1: world.synthetic: both [world.synthetic] and [[country]] tables are given"
    ));
    let p = write(dir.path(), "syntax.toml", "[simulation\nmonths = 3\n");
    assert!(
        errors(dir.path(), &p, &[]).starts_with("syntax.toml:1:"),
        "syntax errors have a place too"
    );
    let p = write(dir.path(), "ok.toml", TWO_COUNTRIES);
    assert_eq!(
        errors(dir.path(), &p, &["country.FRA.wage_low=3"]),
        "--set:1:1: country.FRA: country has no element \"FRA\"; allowed: an index from 0 or the code (countries) or name (blocs) of an element\n1 error in scenario"
    );
    assert_eq!(
        errors(dir.path(), &p, &["decision.home_bias=high"]),
        "--set:1:20: decision.home_bias: expected a number, found a string; allowed: a number ≥ 0\n1 error in scenario"
    );
    let missing = errors(dir.path(), &dir.path().join("absent.toml"), &[]);
    assert!(
        missing.starts_with("absent.toml: cannot read the scenario file:"),
        "{missing}"
    );
}

#[test]
fn no_user_input_makes_the_loader_panic() {
    // Odd but possible inputs: each must give an error or a scenario, never a panic.
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        "country = 3",
        "country = [1, 2]",
        "[[country]]\n[[country]]\n",
        "bloc = \"x\"",
        "[world]\nsynthetic = 5",
        "[world.synthetic]\ncountries = 9999999999999999999999",
        "[world.synthetic]\ncountries = 3\n[simulation]\nagents = 1e3",
        "[world.synthetic]\ncountries = 3\n[simulation]\nstart = \"2004-00\"",
        "[world.synthetic]\ncountries = 3\n[simulation]\npeople_per_agent = 1e-300",
        "[world.synthetic]\ncountries = 3\n[[bloc]]\nname = \"\"\nmembers = []",
        "[world.synthetic]\ncountries = 3\n[economy]\nunemployment_min = 0.4\nunemployment_max = 0.2",
        "\u{feff}[decision]\nhome_bias = nan",
        "[decision]\nhome_bias = inf",
        "[[distance]]\nfrom = 1\nto = \"X\"\nkm = -1",
    ];
    for (i, text) in cases.iter().enumerate() {
        let p = write(dir.path(), &format!("c{i}.toml"), text);
        let _ = scenario::load(&p, &["a.b.c=1".into(), "country.0=2".into(), "=".into()]);
        let _ = scenario::load(&p, &[]);
    }
    std::fs::write(dir.path().join("bin.toml"), [0xff, 0xfe, 0x00]).unwrap();
    assert!(scenario::load(&dir.path().join("bin.toml"), &[]).is_err());
}

#[test]
fn the_cli_exits_2_on_bad_input_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "bad.toml",
        &format!("[decision]\nhome_bias = -1\n{TWO_COUNTRIES}"),
    );
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .args(["run", p.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("bad.toml:2:13: decision.home_bias: -1 is out of range"),
        "{stderr}"
    );
    assert!(!out.exists(), "no output folder on bad input");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing else written either"
    );

    let bad_set = Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .args([
            "validate",
            "scenarios/reference.toml",
            "--set",
            "decision.home_bias=2",
            "--set",
            "simulation.seed=-4",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(bad_set.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad_set.stderr)
            .contains("--set:2:17: simulation.seed: -4 is out of range")
    );
}

#[test]
fn the_scenario_reference_in_the_docs_is_generated_from_the_schema() {
    let generated = scenario::schema::reference_markdown();
    let doc_path = repo("docs/scenario-reference.md");
    if std::env::var_os("MIGRASIM_BLESS").is_some() {
        let text = format!(
            "# Scenario reference\n\nGenerated from the schema: the sections in src/model/schema/ (with the model field each key fills), in the order of src/scenario/schema.rs (`MIGRASIM_BLESS=1 cargo test --release --test scenario_files` rewrites it).\n\n{generated}"
        );
        std::fs::write(&doc_path, text).unwrap();
    }
    let doc = std::fs::read_to_string(&doc_path).unwrap();
    assert!(
        doc.contains(&generated),
        "docs/scenario-reference.md is stale: run MIGRASIM_BLESS=1 cargo test --release --test scenario_files"
    );
}

#[test]
fn the_quickstart_runs_from_the_command_line_identically_on_1_and_2_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let out = dir.path().join(format!("q{threads}"));
        let st = Command::new(env!("CARGO_BIN_EXE_migrasim"))
            .args([
                "run",
                "scenarios/quickstart.toml",
                "-q",
                "--threads",
                threads,
            ])
            .args([
                "--set",
                "simulation.agents=20000",
                "--set",
                "simulation.months=36",
            ])
            .arg("--out")
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(st.success());
        out
    };
    let (a, b) = (run("1"), run("2"));
    for f in ["timeseries.csv", "flows.csv", "stocks.csv", "countries.csv"] {
        let x = std::fs::read(a.join(f)).unwrap();
        assert!(!x.is_empty());
        assert_eq!(x, std::fs::read(b.join(f)).unwrap(), "{f} differs");
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["seed"], 2004);
    assert_eq!(m["sources"][0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["overrides"][1], "simulation.months=36");
    assert!(m["run"]["agent_steps_per_second"].as_f64().unwrap() > 0.0);
    if cfg!(feature = "plots") {
        let report = std::fs::read_to_string(a.join("report.html")).unwrap();
        assert!(report.contains("quickstart"));
        for chart in [
            "flows_heatmap",
            "top_corridors",
            "flows_over_time",
            "brain_drain_curves",
            "brain_drain_vs_wage",
            "net_migration",
            "labour_markets",
        ] {
            for ext in ["png", "svg"] {
                let f = a.join("plots").join(format!("{chart}.{ext}"));
                assert!(f.metadata().unwrap().len() > 1000, "{}", f.display());
            }
        }
    }
}
