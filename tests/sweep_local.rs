//! Sweeps run locally through the `migrasim` program: the same results.csv
//! with one or two jobs, resume, validation before running, and a
//! 1,000-point summary-only sweep.

mod common;

use std::time::Instant;

use common::*;

#[test]
fn two_axes_three_values_four_replicates_same_results_with_one_or_two_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = write_plan(tmp.path(), 4, GRID_AXES, "");
    let (d1, d2) = (tmp.path().join("j1"), tmp.path().join("j2"));
    ok(&["sweep", s(&plan), "--out", s(&d1), "-j", "1", "-q"]);
    ok(&[
        "sweep",
        s(&plan),
        "--out",
        s(&d2),
        "-j",
        "2",
        "--threads",
        "1",
        "-q",
    ]);
    let out = ok(&["sweep", "collect", s(&d1)]);
    ok(&["sweep", "collect", s(&d2), "--no-plots"]);
    if cfg!(feature = "plots") {
        // 2 axes × 30 metrics (4 global, 13 countries × 2), each as SVG and PNG.
        assert!(out.contains("and 120 plot(s)"), "{out}");
        let svg = d1.join("plots/share_abroad--decision.home_bias.svg");
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.contains("share of people living abroad against home bias"));
        assert!(
            d1.join("plots/share_abroad--decision.home_bias.png")
                .is_file()
        );
    }
    let r1 = std::fs::read_to_string(d1.join("results.csv")).unwrap();
    let r2 = std::fs::read_to_string(d2.join("results.csv")).unwrap();
    assert_eq!(r1, r2);
    let lines: Vec<&str> = r1.lines().collect();
    assert_eq!(lines.len(), 1 + 36);
    assert!(
        lines[0].starts_with(
            "run_id,point,replicate,seed,decision.home_bias,costs.border_barrier,share_abroad,"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("p0000-r00,0,0,"), "{}", lines[1]);
    assert!(lines[36].starts_with("p0008-r03,8,3,"), "{}", lines[36]);
    // Replicates differ, points share their replicates' seeds.
    let seed = |l: &str| l.split(',').nth(3).unwrap().to_string();
    assert_ne!(seed(lines[1]), seed(lines[2]));
    assert_eq!(seed(lines[1]), seed(lines[5]));
    // Summary only: no CSV folders.
    assert!(!d1.join("full").exists());
    // Re-running does nothing.
    let again = ok(&["sweep", s(&plan), "--out", s(&d1)]);
    assert!(
        again.contains("0 run(s) done now, 36 already done"),
        "{again}"
    );
    let st = ok(&["sweep", "status", s(&d1)]);
    assert!(st.contains("36 runs: 36 done, 0 failed, 0 missing"), "{st}");
}

#[test]
fn a_resumed_sweep_redoes_only_missing_runs_and_keeps_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let axes = "simulation.agents = 1000\nsimulation.months = 6\ndecision.home_bias = [0.5, 1.0]\n";
    let plan = write_plan(
        tmp.path(),
        3,
        axes,
        "[outputs]\nkeep = \"full\"\nmonths = [3, 6]\n",
    );
    let d = tmp.path().join("out");
    ok(&["sweep", s(&plan), "--out", s(&d), "-q"]);
    assert!(d.join("full/p0001-r02/timeseries.csv").is_file());
    let kept = d.join("runs/p0000-r00.json");
    let before = std::fs::metadata(&kept).unwrap().modified().unwrap();
    std::fs::remove_file(d.join("runs/p0001-r01.json")).unwrap();
    std::fs::remove_file(d.join("runs/p0000-r02.json")).unwrap();
    let st = common::status(&d, 3);
    assert!(st.contains("4 done, 0 failed, 2 missing"), "{st}");
    assert!(st.contains("p0001-r01"), "{st}");
    let out = ok(&["sweep", s(&plan), "--out", s(&d)]);
    assert!(out.contains("2 run(s) done now, 4 already done"), "{out}");
    assert_eq!(
        std::fs::metadata(&kept).unwrap().modified().unwrap(),
        before
    );
    ok(&["sweep", "collect", s(&d), "--no-plots"]);
    let csv = std::fs::read_to_string(d.join("results.csv")).unwrap();
    assert!(
        csv.lines().next().unwrap().contains("share_abroad@3,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 7);
}

/// Copies the files of folder `from` into `to` (one level of subfolders).
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_folder(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn folders_written_before_the_draws_moved_to_rand_distr_resume_only_if_their_points_did_not_change()
{
    // The fixtures were written by migrasim before the random and latin
    // designs drew with rand_distr. The plan's fingerprint covers the sweep
    // file's path as given and the scenario's, so the sweep files are named
    // as they were then: relative to the repository (the tests' folder).
    let fixtures = "tests/fixtures/sweep-before-rand-distr";
    let tmp = tempfile::tempdir().unwrap();
    let (grid, latin) = (tmp.path().join("grid"), tmp.path().join("latin"));
    for (from, to) in [("grid-out", &grid), ("latin-out", &latin)] {
        std::fs::create_dir_all(to).unwrap();
        copy_folder(&std::path::Path::new(fixtures).join(from), to);
    }
    // A grid's points and replicate seeds are as they were: every run is
    // found done, nothing runs again.
    let grid_plan = format!("{fixtures}/grid.toml");
    let out = ok(&["sweep", &grid_plan, "--out", s(&grid)]);
    assert!(out.contains("0 run(s) done now, 4 already done"), "{out}");
    // A latin design's points are drawn differently now: the folder is
    // refused as a whole, nothing is run or mixed into it.
    let latin_plan = format!("{fixtures}/latin.toml");
    let runs_before: Vec<_> = std::fs::read_dir(latin.join("runs"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let manifest_before = std::fs::read(latin.join("sweep.json")).unwrap();
    let o = migrasim(&["sweep", &latin_plan, "--out", s(&latin), "-q"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("holds a sweep with a different plan (the sweep file, its scenario or its outputs changed)"),
        "{err}"
    );
    let runs_after: Vec<_> = std::fs::read_dir(latin.join("runs"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(runs_after, runs_before);
    assert_eq!(
        std::fs::read(latin.join("sweep.json")).unwrap(),
        manifest_before
    );
    // Nor is it analysed against today's points.
    let o = migrasim(&["sweep", "analyse", s(&latin)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("the sweep file or scenario changed since the sweep ran"),
        "{err}"
    );
}

#[test]
fn a_bad_point_is_named_and_nothing_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let axes =
        "simulation.agents = 1000\nsimulation.months = 6\ncosts.border_barrier = [1.0, -5.0]\n";
    let plan = write_plan(tmp.path(), 2, axes, "");
    let d = tmp.path().join("out");
    let o = migrasim(&["sweep", s(&plan), "--out", s(&d)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("point p0001 (costs.border_barrier=-5.0)"),
        "{err}"
    );
    assert!(err.contains("axis `costs.border_barrier`"), "{err}");
    assert!(err.contains("plan.toml:8:"), "{err}");
    assert!(!d.join("runs").exists());
    // And an empty list is an error at its place.
    let plan = write_plan(tmp.path(), 2, "decision.home_bias = []\n", "");
    let o = migrasim(&["sweep", s(&plan), "--out", s(&d)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("plan.toml:6:")
            && err.contains("axis `decision.home_bias`: an empty list is an error"),
        "{err}"
    );
    // Collecting an unfinished sweep names what is missing.
    let o = migrasim(&["sweep", "collect", s(&tmp.path().join("nowhere"))]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_thousand_point_summary_sweep_writes_no_csv_folders_and_collects_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let axes = "simulation.agents = 200\nsimulation.months = 3\n\
                decision.home_bias = { start = 0.001, stop = 1.0, num = 1000 }\n";
    let plan = write_plan(tmp.path(), 1, axes, "");
    let d = tmp.path().join("out");
    let t = Instant::now();
    ok(&["sweep", s(&plan), "--out", s(&d), "-q"]);
    let ran = t.elapsed().as_secs_f64();
    assert!(!d.join("full").exists());
    let dirs = walk_dirs(&d);
    assert!(dirs < 10, "{dirs} folders under the sweep folder");
    let t = Instant::now();
    let out = ok(&["sweep", "collect", s(&d), "--no-plots"]);
    let collected = t.elapsed().as_secs_f64();
    let csv = std::fs::read_to_string(d.join("results.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1001);
    eprintln!(
        "1000-point summary-only sweep: ran in {ran:.2} s, collect took {collected:.3} s ({})",
        out.trim()
    );
}

fn walk_dirs(p: &std::path::Path) -> usize {
    std::fs::read_dir(p)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| 1 + walk_dirs(&e.path()))
        .sum()
}
