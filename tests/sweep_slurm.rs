//! Sweeps on a real Slurm: a job array gives the same results.csv as the
//! same sweep run locally, byte for byte; a failing task is reported and
//! resubmitted; a killed array finishes only the rest when re-run.
//!
//! Needs a working cluster (`scripts/slurm-node.sh start` sets up one on
//! this machine). Without one these tests skip loudly, unless
//! MIGRASIM_REQUIRE_SLURM=1, which makes them fail (CI sets it).

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;

/// One Slurm test at a time: they share the node's CPUs.
static NODE: Mutex<()> = Mutex::new(());

/// Waits until job `id` has left the queue.
fn wait_job(id: &str) {
    let start = Instant::now();
    loop {
        let o = Command::new("squeue")
            .args(["-h", "-j", id, "-o", "%i %t"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        if text.trim().is_empty() {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "job {id} still queued after 10 minutes:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Submits with `--slurm` and returns (job id, stdout).
fn submit(plan: &Path, dir: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec!["sweep", s(plan), "--out", s(dir), "--slurm"];
    args.extend_from_slice(extra);
    let out = ok(&args);
    let id = out.lines().last().unwrap().trim().to_string();
    assert!(
        id.chars().all(|c| c.is_ascii_digit()),
        "no job id in\n{out}"
    );
    (id, out)
}

fn local_reference(tmp: &Path, plan: &Path) -> String {
    let d = tmp.join("local");
    ok(&["sweep", s(plan), "--out", s(&d), "-j", "2", "-q"]);
    ok(&["sweep", "collect", s(&d), "--no-plots"]);
    std::fs::read_to_string(d.join("results.csv")).unwrap()
}

fn logs(dir: &Path) -> String {
    let mut all = String::new();
    if let Ok(rd) = std::fs::read_dir(dir.join("slurm")) {
        for e in rd.flatten() {
            all.push_str(&format!("--- {}\n", e.path().display()));
            all.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    all
}

#[test]
fn a_job_array_gives_the_same_results_csv_as_a_local_run() {
    let _node = NODE.lock().unwrap_or_else(|p| p.into_inner());
    if !slurm_ready("sweep") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let plan = write_plan(tmp.path(), 4, GRID_AXES, "");
    let reference = local_reference(tmp.path(), &plan);
    let d = tmp.path().join("slurm");
    // 36 runs, 5 per task: 8 tasks, the last one short.
    let (id, out) = submit(&plan, &d, &["--runs-per-task", "5", "--cpus-per-task", "2"]);
    assert!(out.contains("8 task(s) (0-7)"), "{out}");
    wait_job(&id);
    // Each task sized its pool from SLURM_CPUS_PER_TASK: 5 runs on 2 cores.
    let log = logs(&d);
    assert!(log.contains("(2 side by side, 1 thread(s) each)"), "{log}");
    let st = ok(&["sweep", "status", s(&d)]);
    assert!(
        st.contains("36 done, 0 failed, 0 missing"),
        "{st}\n{}",
        logs(&d)
    );
    ok(&["sweep", "collect", s(&d), "--no-plots"]);
    let got = std::fs::read_to_string(d.join("results.csv")).unwrap();
    assert!(got == reference, "results.csv differs from the local run");
    // Nothing left to submit.
    let again = ok(&["sweep", s(&plan), "--out", s(&d), "--slurm"]);
    assert!(again.contains("all 36 runs are done"), "{again}");
}

#[test]
fn a_failing_task_is_reported_and_resubmitted() {
    let _node = NODE.lock().unwrap_or_else(|p| p.into_inner());
    if !slurm_ready("sweep") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let axes =
        "simulation.agents = 1000\nsimulation.months = 6\ndecision.home_bias = [0.5, 1.0, 2.0]\n";
    let plan = write_plan(tmp.path(), 2, axes, "");
    let reference = local_reference(tmp.path(), &plan);
    let d = tmp.path().join("slurm");
    // Run p0001-r00 (run 2, task 2) cannot write its result: the place is
    // taken by a folder.
    std::fs::create_dir_all(d.join("runs/p0001-r00.json")).unwrap();
    let (id, _) = submit(&plan, &d, &[]);
    wait_job(&id);
    let st = common::status(&d, 4);
    assert!(
        st.contains("6 runs: 5 done, 1 failed, 0 missing"),
        "{st}\n{}",
        logs(&d)
    );
    assert!(st.contains("p0001-r00: "), "{st}");
    assert!(st.contains("array indices to resubmit: 2"), "{st}");
    assert_eq!(ok(&["sweep", "status", s(&d), "--indices"]).trim(), "2");
    let o = migrasim(&["sweep", "collect", s(&d)]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 failed"));
    // Fix the cause and resubmit: only task 2 goes.
    std::fs::remove_dir(d.join("runs/p0001-r00.json")).unwrap();
    let (id, out) = submit(&plan, &d, &[]);
    assert!(out.contains("1 task(s) (2), 1 run(s) to do"), "{out}");
    wait_job(&id);
    let st = ok(&["sweep", "status", s(&d)]);
    assert!(
        st.contains("6 done, 0 failed, 0 missing"),
        "{st}\n{}",
        logs(&d)
    );
    ok(&["sweep", "collect", s(&d), "--no-plots"]);
    assert!(std::fs::read_to_string(d.join("results.csv")).unwrap() == reference);
}

#[test]
fn a_killed_array_finishes_only_the_rest_when_re_run() {
    let _node = NODE.lock().unwrap_or_else(|p| p.into_inner());
    if !slurm_ready("sweep") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // Runs long enough (about a second each) to be caught half-way, one
    // task at a time.
    let axes = "simulation.agents = 5000000\nsimulation.months = 120\ndecision.home_bias = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5]\n";
    let plan = write_plan(tmp.path(), 1, axes, "");
    let d = tmp.path().join("slurm");
    let (id, _) = submit(&plan, &d, &["--max-concurrent", "1"]);
    let runs = d.join("runs");
    let done = |runs: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(runs)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let start = Instant::now();
    while done(&runs).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "no progress\n{}",
            logs(&d)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Into the next run.
    std::thread::sleep(Duration::from_millis(300));
    let status = Command::new("scancel").arg(&id).status().unwrap();
    assert!(status.success());
    wait_job(&id);
    let finished = done(&runs);
    eprintln!(
        "killed the array after {} of 6 runs; a task was cancelled mid-run: {}",
        finished.len(),
        logs(&d).contains("CANCELLED")
    );
    assert!(
        finished.len() < 6,
        "the array finished before it was killed; make the runs longer"
    );
    let stamps: Vec<_> = finished
        .iter()
        .map(|n| std::fs::metadata(runs.join(n)).unwrap().modified().unwrap())
        .collect();
    let st = common::status(&d, if finished.len() == 6 { 0 } else { 3 });
    assert!(
        st.contains(&format!(
            "{} done, 0 failed, {} missing",
            finished.len(),
            6 - finished.len()
        )),
        "{st}"
    );
    // Every result present reads back whole.
    for n in &finished {
        let text = std::fs::read_to_string(runs.join(n)).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap();
    }
    let (id, out) = submit(&plan, &d, &[]);
    assert!(
        out.contains(&format!("{} run(s) to do", 6 - finished.len())),
        "{out}"
    );
    wait_job(&id);
    let st = ok(&["sweep", "status", s(&d)]);
    assert!(
        st.contains("6 done, 0 failed, 0 missing"),
        "{st}\n{}",
        logs(&d)
    );
    for (n, t) in finished.iter().zip(&stamps) {
        assert_eq!(
            std::fs::metadata(runs.join(n)).unwrap().modified().unwrap(),
            *t,
            "{n} was redone"
        );
    }
}
