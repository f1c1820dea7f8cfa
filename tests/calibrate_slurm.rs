//! `calibrate --slurm` on a real Slurm: the evaluations run as job arrays
//! and give the same calibration as on this machine's cores, byte for
//! byte; a driver killed while an array runs resumes, waits for that
//! array, and repeats no simulation.
//!
//! Needs a working cluster (`scripts/slurm-node.sh start`). Without one
//! this test skips loudly, unless MIGRASIM_REQUIRE_SLURM=1, which makes it
//! fail (CI sets it).

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use migrasim::compare::RunTables;

const SMALL: [&str; 4] = [
    "--set",
    "simulation.agents=20000",
    "--set",
    "simulation.months=24",
];

/// Targets: the end-of-2005 stocks of the quickstart at home_bias 2.
fn write_targets(dir: &Path) -> std::path::PathBuf {
    let run = dir.join("truth");
    let q = common::quickstart();
    let mut args = vec!["run", s(&q)];
    args.extend(SMALL);
    args.extend([
        "--set",
        "decision.home_bias=2.0",
        "--no-plots",
        "-q",
        "--out",
        s(&run),
    ]);
    ok(&args);
    let t = RunTables::read_dir(&run).unwrap();
    let last = t.stocks.iter().map(|x| x.t).max().unwrap();
    let year = t.months[last as usize].year;
    let mut text = String::from("kind,origin,dest,year,value\n");
    for x in t.stocks.iter().filter(|x| x.t == last) {
        text.push_str(&format!(
            "stock,{},{},{year},{}\n",
            t.codes[x.origin as usize],
            t.codes[x.residence as usize],
            t.people(x.migrants)
        ));
    }
    let path = dir.join("targets.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn calibrate_args<'a>(q: &'a str, targets: &'a str, out: &'a str, slurm: bool) -> Vec<&'a str> {
    let mut a = vec![
        "calibrate",
        q,
        "--targets",
        targets,
        "--param",
        "decision.home_bias=1.0..4.0",
        "--seeds",
        "2",
        "--iterations",
        "4",
        "--profile-points",
        "3",
        "--out",
        out,
        "-j",
        "2",
    ];
    a.extend(SMALL);
    if slurm {
        a.push("--slurm");
    }
    a
}

fn files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn calibrate_on_slurm_matches_the_local_result_and_resumes_after_a_kill() {
    if !slurm_ready("calibration") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let targets = write_targets(tmp.path());
    let q = common::quickstart();

    // On this machine's cores.
    let local = tmp.path().join("local");
    ok(&calibrate_args(s(&q), s(&targets), s(&local), false));

    // On Slurm, the driver killed once a few simulations are done and an
    // array is under way, then run again to the end.
    let remote = tmp.path().join("remote");
    let mut child = Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .args(calibrate_args(s(&q), s(&targets), s(&remote), true))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let evals = files(&remote.join("evals")).len();
        let pending = remote.join("slurm/pending.json").is_file();
        if evals >= 3 && pending {
            break;
        }
        if let Some(st) = child.try_wait().unwrap() {
            panic!("calibrate --slurm ended ({st}) before it could be killed");
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "no array under way after 5 minutes"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let out = ok(&calibrate_args(s(&q), s(&targets), s(&remote), true));
    assert!(out.contains("Slurm job "), "{out}");

    // The same calibration.
    for f in ["history.csv", "profile.csv", "quickstart-calibrated.toml"] {
        assert_eq!(
            std::fs::read_to_string(remote.join(f)).unwrap(),
            std::fs::read_to_string(local.join(f)).unwrap(),
            "{f}"
        );
    }
    // No simulation run twice: every task log line names a different
    // result, and there is one result per journaled point and seed.
    let mut seen = HashSet::new();
    let mut lines = 0;
    for f in files(&remote.join("slurm")) {
        if !f.ends_with(".out") {
            continue;
        }
        let text = std::fs::read_to_string(remote.join("slurm").join(&f)).unwrap();
        for l in text.lines().filter(|l| l.starts_with("evaluated ")) {
            lines += 1;
            assert!(seen.insert(l.to_string()), "run twice: {l}");
        }
    }
    let evals = files(&remote.join("evals")).len();
    let journaled = std::fs::read_to_string(remote.join("journal.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, evals);
    assert_eq!(evals, 2 * journaled);
    assert!(!remote.join("slurm/pending.json").exists());
}
