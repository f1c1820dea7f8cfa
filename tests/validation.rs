//! The calibrated world of issue 16 (docs/validation.md): the scenario
//! validates, and a run of it compared with the observed 1990-2000 data
//! gives the figures docs/validation.md prints, next to the uncalibrated
//! world's and persistence's. Ignored by default (a 180-country world at
//! 1e6 agents, 132 months, twice):
//!
//!     cargo test --release --test validation -- --ignored calibrated_world

mod common;

use common::{ok, s};
use std::path::Path;

/// One figure of compare.csv: (kind, set, predictor) → column.
fn figure(csv: &str, kind: &str, set: &str, predictor: &str, column: &str) -> f64 {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == column).unwrap();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        if f[0] == kind && f[1] == set && f[2] == predictor {
            return f[col].parse().unwrap();
        }
    }
    panic!("no {kind} {set} {predictor} in compare.csv");
}

#[test]
fn the_calibrated_world_validates() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = migrasim::scenario::load(&repo.join("scenarios/world-1990-calibrated.toml"), &[])
        .expect("the calibrated scenario validates");
    assert_eq!(s.name, "world-1990-calibrated");
    let base = migrasim::scenario::load(&repo.join("scenarios/world-1990.toml"), &[]).unwrap();
    assert_eq!(s.num_countries(), base.num_countries());
    assert_ne!(s.decision, base.decision, "it sets the found values");
}

#[test]
#[ignore = "slow: a 180-country world at 1e6 agents, 1990-2000, twice"]
fn calibrated_world() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(repo.join("docs/validation.md")).unwrap();
    // The figures docs/validation.md prints, to the digits it prints, for
    // the calibrated and the uncalibrated world (persistence is the same
    // forecast for both).
    for (label, file) in [
        ("calibrated", "scenarios/world-1990-calibrated.toml"),
        ("world-1990", "scenarios/world-1990.toml"),
    ] {
        let dir = std::env::temp_dir().join(format!(
            "migrasim-validation-{label}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        ok(&[
            "run",
            s(&repo.join(file)),
            "--until",
            "2000-12",
            "--set",
            "simulation.agents=1000000",
            "--no-plots",
            "-q",
            "-o",
            s(&dir),
        ]);
        ok(&[
            "compare",
            "--no-plots",
            "-q",
            s(&dir),
            s(&repo.join("data/observed-1990-2000.csv")),
        ]);
        let csv = std::fs::read_to_string(dir.join("compare/compare.csv")).unwrap();
        let checks = [
            ("stock", "later", "model", "spearman", 3),
            ("stock", "later", "model", "rmse_log10", 3),
            ("stock", "change", "model", "rmse", 0),
            ("stock", "later", "persistence", "spearman", 3),
            ("stock", "change", "persistence", "rmse", 0),
        ];
        for (kind, set, predictor, column, digits) in checks {
            let v = figure(&csv, kind, set, predictor, column);
            let text = format!("{v:.digits$}");
            let row = format!("| {label}: {kind} {set} {predictor} {column} | {text} |");
            assert!(
                doc.contains(&row),
                "docs/validation.md lacks the row `{row}`\n{csv}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
