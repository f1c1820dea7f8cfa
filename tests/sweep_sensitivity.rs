//! Sensitivity designs in sweeps: a Morris sweep runs through the
//! `migrasim` program and `sweep analyse` gives the indices, with the
//! expected sign for a parameter whose effect is known.

mod common;

use common::*;

#[test]
fn a_morris_sweep_is_analysed_with_the_known_direction() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan.toml");
    std::fs::write(
        &plan,
        format!(
            "scenario = {:?}\nname = \"morris\"\nseed = 3\nreplicates = 2\n\
             [design]\nkind = \"morris\"\nsamples = 4\n\
             [axes]\nsimulation.agents = 4000\nsimulation.months = 24\n\
             decision.home_bias = {{ distribution = \"uniform\", min = 0.5, max = 4.0 }}\n\
             costs.border_barrier = {{ distribution = \"uniform\", min = 1.0, max = 4.0 }}\n",
            quickstart().display().to_string()
        ),
    )
    .unwrap();
    let dir = tmp.path().join("sweep");
    ok(&["sweep", s(&plan), "--out", s(&dir), "-q"]);
    // 4 trajectories × (2 axes + 1) points × 2 replicates.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(m["runs"].as_array().unwrap().len(), 24);
    let out = ok(&[
        "sweep",
        "analyse",
        s(&dir),
        "--metric",
        "share_abroad",
        "--metric",
        "moves",
    ]);
    assert!(out.contains("share_abroad"), "{out}");
    let csv = std::fs::read_to_string(dir.join("sensitivity.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "metric,axis,mu,mu_star,sigma");
    assert_eq!(lines.len(), 1 + 2 * 2);
    // A stronger home bias keeps people at home: every elementary effect
    // of decision.home_bias on the share abroad is negative (mu = -mu*).
    let row = lines
        .iter()
        .find(|l| l.starts_with("share_abroad,decision.home_bias,"))
        .unwrap();
    let f: Vec<f64> = row.split(',').skip(2).map(|x| x.parse().unwrap()).collect();
    assert!(f[0] < 0.0 && (f[0] + f[1]).abs() < 1e-12, "{row}");
    if cfg!(feature = "plots") {
        assert!(dir.join("plots/sensitivity-share_abroad.png").is_file());
    }
    // A grid sweep cannot be analysed.
    let grid = tmp.path().join("grid.toml");
    std::fs::write(
        &grid,
        format!(
            "scenario = {:?}\nname = \"grid\"\n[axes]\nsimulation.agents = 2000\nsimulation.months = 6\n\
             decision.home_bias = [1.0, 2.0]\n",
            quickstart().display().to_string()
        ),
    )
    .unwrap();
    let gdir = tmp.path().join("g");
    ok(&["sweep", s(&grid), "--out", s(&gdir), "-q"]);
    let o = migrasim(&["sweep", "analyse", s(&gdir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("needs design kind = \"morris\" or \"sobol\"")
    );
}
