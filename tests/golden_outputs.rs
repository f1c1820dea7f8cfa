//! Nothing changes for users: every shipped scenario, run at 30,000 agents
//! with its own seed, writes CSV files whose SHA-256 hashes are the ones
//! kept in `tests/golden/outputs.sha256`. A refactor must leave them all
//! byte-identical; a deliberate change of the model re-blesses them with
//! `MIGRASIM_BLESS=1 cargo test --release --test golden_outputs` and says
//! why in its commit.
//!
//! Every `.toml` under `scenarios/` is either run here or named in
//! [`NOT_RUNS`] with the reason, so a new scenario cannot be left out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// Agents of every golden run: small enough for CI, large enough that every
/// mechanism of the shipped scenarios acts.
const AGENTS: &str = "simulation.agents=30000";

/// Scenario files under `scenarios/` that are not runs of their own.
const NOT_RUNS: &[(&str, &str)] = &[
    ("sweep-example.toml", "a sweep plan, not a scenario"),
    (
        "quickstart/mechanisms.toml",
        "behaviour only: no countries (extended by quickstart/world-2004.toml)",
    ),
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every scenario file, relative to `scenarios/`, sorted.
fn shipped() -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else if p.extension().is_some_and(|e| e == "toml") {
                let rel = p.strip_prefix(base).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let base = repo().join("scenarios");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort();
    out
}

/// `file -> sha256` of every CSV file of a run folder.
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv") {
            let bytes = std::fs::read(&p).unwrap();
            let digest = Sha256::digest(&bytes);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            out.insert(p.file_name().unwrap().to_string_lossy().into_owned(), hex);
        }
    }
    out
}

/// The hashes of `scenario` (relative to `scenarios/`), run in `tmp`.
fn run(scenario: &str, tmp: &Path) -> BTreeMap<String, String> {
    let out = tmp.join(scenario.replace('/', "__"));
    let o = Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .arg("run")
        .arg(repo().join("scenarios").join(scenario))
        // --force: the disk check's upper bound (1.2 GB for the 1990 world)
        // is not what this test is about; the runs write about 40 MB.
        .args([
            "--set",
            AGENTS,
            "--no-plots",
            "-q",
            "-j",
            "2",
            "--force",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("cannot run migrasim");
    assert!(
        o.status.success(),
        "migrasim run {scenario} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let h = hashes(&out);
    assert!(!h.is_empty(), "{scenario} wrote no CSV file");
    h
}

#[test]
fn every_shipped_scenario_writes_the_same_csv_bytes() {
    // Under target/ (the build's disk), not /tmp, which may be small.
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut lines = Vec::new();
    for scenario in shipped() {
        if NOT_RUNS.iter().any(|(s, _)| *s == scenario) {
            continue;
        }
        for (file, hash) in run(&scenario, tmp.path()) {
            lines.push(format!("{scenario} {file} {hash}"));
        }
    }
    let got = lines.join("\n") + "\n";
    let path = repo().join("tests/golden/outputs.sha256");
    if std::env::var_os("MIGRASIM_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    let want_lines: Vec<&str> = want.lines().collect();
    let changed: Vec<&str> = got.lines().filter(|l| !want_lines.contains(l)).collect();
    let gone: Vec<&str> = want_lines
        .iter()
        .copied()
        .filter(|l| !got.lines().any(|g| g == *l))
        .collect();
    assert!(
        changed.is_empty() && gone.is_empty(),
        "CSV output changed (bless with MIGRASIM_BLESS=1 only for a deliberate model change):\n\
         now:\n  {}\nexpected:\n  {}",
        changed.join("\n  "),
        gone.join("\n  ")
    );
}

#[test]
fn not_runs_are_shipped_files() {
    let all = shipped();
    for (s, why) in NOT_RUNS {
        assert!(
            all.iter().any(|a| a == s),
            "{s} ({why}) is not under scenarios/"
        );
    }
}
