//! Issue 11: never lose a user's files, and refuse what cannot finish
//! before it starts. One test per case of the issue's two lists (each
//! failed before the fix).

mod common;

use std::path::Path;
use std::process::Output;

use common::{migrasim, quickstart, s};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Asserts exit code 2 and that stderr contains every piece.
fn refused(o: &Output, pieces: &[&str]) -> String {
    let e = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "stderr:\n{e}\nstdout:\n{}",
        stdout(o)
    );
    for p in pieces {
        assert!(e.contains(p), "missing {p:?} in:\n{e}");
    }
    e
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A small fast scenario file in `dir` with `extra` lines after the
/// two countries, named `name`.
fn small(dir: &Path, file: &str, name: &str, sim: &str, extra: &str) -> String {
    let path = dir.join(file);
    std::fs::write(
        &path,
        format!(
            "name = \"{name}\"\n[simulation]\nstart = \"2004-01\"\n{sim}\n{}{extra}",
            common::TWO_COUNTRIES
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

// ---- 1. --out never deletes or moves what migrasim did not write ----

#[test]
fn issue11_out_on_a_users_folder_is_refused_and_the_folder_kept() {
    let root = tempfile::tempdir().unwrap();
    let thesis = root.path().join("thesis");
    std::fs::create_dir(&thesis).unwrap();
    std::fs::write(thesis.join("ch1.tex"), "work").unwrap();
    let sc = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["run", &sc, "-q", "--no-plots", "--out", s(&thesis)];
        args.extend_from_slice(extra);
        let o = migrasim(&args);
        refused(&o, &["not a migrasim run folder", "never replaces it"]);
    }
    assert_eq!(names(&thesis), ["ch1.tex"]);
    assert_eq!(
        std::fs::read_to_string(thesis.join("ch1.tex")).unwrap(),
        "work"
    );
    assert_eq!(names(root.path()), ["a.toml", "thesis"]);
}

#[test]
fn issue11_out_on_a_file_is_refused_and_the_file_not_moved() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    let sc = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    let o = migrasim(&["run", &sc, "-q", "--no-plots", "--out", s(&file)]);
    refused(&o, &["a file is already there"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(names(root.path()), ["a.toml", "notes.txt"]);
}

#[test]
fn issue11_a_run_folder_is_replaced_but_another_scenarios_needs_force() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let a = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    let b = small(root.path(), "b.toml", "b", "months = 3\nagents = 500", "");
    let run = |sc: &str, extra: &[&str]| {
        let mut args = vec!["run", sc, "-q", "--no-plots", "--out", s(&out)];
        args.extend_from_slice(extra);
        migrasim(&args)
    };
    assert!(run(&a, &[]).status.success());
    // The same scenario again: replaced.
    assert!(run(&a, &["--seed", "2"]).status.success());
    // Another scenario: refused without --force, replaced with it.
    refused(&run(&b, &[]), &["holds a run of scenario \"a\"", "--force"]);
    let o = run(&b, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(m.contains("\"scenario\": \"b\""), "{m}");
    // A user's file put into the run folder: never deleted.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    refused(
        &run(&b, &["--force"]),
        &["files migrasim did not write (notes.txt)"],
    );
    assert!(out.join("notes.txt").exists());
    assert_eq!(names(root.path()), ["a.toml", "b.toml", "out"]);
}

#[test]
fn issue11_a_run_folder_with_facts_and_compare_results_is_still_a_run_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let a = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    let run = || migrasim(&["run", &a, "-q", "--no-plots", "--out", s(&out)]);
    assert!(run().status.success());
    // What `migrasim facts` and `migrasim compare` write inside it.
    for d in ["facts", "compare"] {
        std::fs::create_dir(out.join(d)).unwrap();
        std::fs::write(out.join(d).join("x.csv"), "a\n1\n").unwrap();
    }
    let o = run();
    assert!(o.status.success(), "{}", stderr(&o));
    // A user's file inside one of them makes it the user's.
    std::fs::create_dir(out.join("facts")).unwrap();
    std::fs::write(out.join("facts").join("notes.txt"), "mine").unwrap();
    refused(&run(), &["files migrasim did not write (facts)"]);
    assert!(out.join("facts").join("notes.txt").exists());
}

#[test]
fn issue11_an_empty_folder_takes_the_run() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("empty");
    std::fs::create_dir(&out).unwrap();
    let a = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    let o = migrasim(&["run", &a, "-q", "--no-plots", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("manifest.json").is_file());
}

// ---- 2. a bad output place is found before simulating ----

/// A run that would take many minutes: if the place were checked only at
/// the end, these tests would not finish.
const LONG: &[&str] = &[
    "--no-plots",
    "--set",
    "simulation.months=90000",
    "--set",
    "simulation.agents=1000000",
];

#[test]
fn issue11_an_uncreatable_out_fails_before_simulating() {
    let q = quickstart();
    let mut args = vec!["run", s(&q), "-q", "--out", "/proc/x/y"];
    args.extend_from_slice(LONG);
    let o = migrasim(&args);
    refused(&o, &["--out /proc/x/y: cannot create the folder /proc/x"]);
}

#[test]
fn issue11_an_unwritable_out_fails_before_simulating() {
    // Nothing can be created in /proc/self, not even by root.
    let out = Path::new("/proc/self/run");
    let q = quickstart();
    let mut args = vec!["run", s(&q), "-q", "--out", s(out)];
    args.extend_from_slice(LONG);
    let o = migrasim(&args);
    refused(&o, &["--out /proc/self/run: cannot write in /proc/self"]);
}

#[test]
fn issue11_a_300_character_name_is_refused_before_simulating() {
    let root = tempfile::tempdir().unwrap();
    let long = "n".repeat(300);
    let sc = small(root.path(), "a.toml", &long, "months = 3\nagents = 500", "");
    let o = migrasim(&["run", &sc, "-q"]);
    refused(&o, &["a.toml:1:8: name:", "at most 200 characters"]);
    let sc = small(root.path(), "b.toml", "b", "months = 3\nagents = 500", "");
    let out = root.path().join(&long);
    let o = migrasim(&["run", &sc, "-q", "--out", s(&out)]);
    refused(&o, &["the folder name is 300 bytes long; at most 200"]);
    assert_eq!(names(root.path()), ["a.toml", "b.toml"]);
}

// ---- 3. memory: estimated and refused, never an abort ----

#[test]
fn issue11_four_billion_agents_are_refused_not_aborted() {
    let o = migrasim(&[
        "run",
        s(&quickstart()),
        "-q",
        "--set",
        "simulation.agents=4000000000",
        "--out",
        "/tmp/issue11-never-written",
    ]);
    refused(
        &o,
        &["the run would need up to", "4000000000 agents", "more than"],
    );
    assert!(!Path::new("/tmp/issue11-never-written").exists());
}

#[test]
fn issue11_two_hundred_countries_for_90000_months_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let sc = root.path().join("w.toml");
    std::fs::write(
        &sc,
        "name = \"w\"\n[simulation]\nstart = \"2000-01\"\nmonths = 90000\nagents = 100000\n\
         [world.synthetic]\ncountries = 200\n",
    )
    .unwrap();
    let o = migrasim(&["run", s(&sc), "-q", "--max-memory", "16G"]);
    refused(
        &o,
        &["more than --max-memory 16.0 GB", "for the recorded series"],
    );
}

#[test]
fn issue11_max_memory_is_checked_and_parsed() {
    let o = migrasim(&["run", s(&quickstart()), "-q", "--max-memory", "1MB"]);
    refused(&o, &["more than --max-memory 1.0 MB"]);
    let o = migrasim(&["run", s(&quickstart()), "-q", "--max-memory", "lots"]);
    refused(&o, &["--max-memory: \"lots\" is not a size"]);
}

#[test]
fn issue11_validate_prints_both_estimates() {
    let o = migrasim(&["validate", s(&quickstart())]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.contains("estimated peak memory: up to "), "{out}");
    assert!(out.contains("estimated run folder: up to "), "{out}");
}

// ---- 4. threads ----

#[test]
fn issue11_threads_above_the_cores_are_capped_with_a_notice() {
    let root = tempfile::tempdir().unwrap();
    let sc = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    let out = root.path().join("out");
    let o = migrasim(&[
        "run",
        &sc,
        "--no-plots",
        "--threads",
        "10000",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "note: --threads 10000 is more than the {cores} core"
        )),
        "{e}"
    );
    assert_eq!(e.lines().filter(|l| !l.is_empty()).count(), 1, "{e}");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["run"]["threads"], cores);
    let o = migrasim(&["run", &sc, "--threads", "0", "--out", s(&out)]);
    refused(&o, &["--threads 0: a run needs at least 1 thread"]);
}

// ---- 5. stale temporary folders; --out . and .. ----

#[test]
fn issue11_stale_temporary_folders_of_dead_runs_are_removed() {
    let root = tempfile::tempdir().unwrap();
    // A pid above the kernel's limit (2^22) never runs: a dead run's folder.
    let stale = root.path().join(".out.tmp-4194390");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("timeseries.csv"), "half").unwrap();
    let users = root.path().join(".keep.tmp-4194391");
    std::fs::create_dir(&users).unwrap();
    std::fs::write(users.join("mine.txt"), "mine").unwrap();
    let sc = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    let out = root.path().join("out");
    let o = migrasim(&["run", &sc, "-q", "--no-plots", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names(root.path()), [".keep.tmp-4194391", "a.toml", "out"]);
}

#[test]
fn issue11_out_dot_and_dotdot_are_clear_errors() {
    let root = tempfile::tempdir().unwrap();
    let sc = small(root.path(), "a.toml", "a", "months = 3\nagents = 500", "");
    for place in [".", "..", "/", "sub/.."] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_migrasim"))
            .args(["run", &sc, "-q", "--no-plots", "--out", place])
            .current_dir(root.path())
            .output()
            .unwrap();
        refused(
            &o,
            &["names no folder of its own", "e.g. --out results/run1"],
        );
    }
    // The current folder by its path, too.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .args(["run", &sc, "-q", "--no-plots", "--out", s(root.path())])
        .current_dir(root.path())
        .output()
        .unwrap();
    refused(&o, &["is the current folder or holds it"]);
    assert_eq!(names(root.path()), ["a.toml"]);
}

// ---- 6. sweeps ----

#[test]
fn issue11_a_sweep_of_ten_million_points_is_refused_at_once() {
    let root = tempfile::tempdir().unwrap();
    let plan = common::write_plan(
        root.path(),
        1,
        "decision.home_bias = { start = 0.0, stop = 1.0, num = 10000 }\n\
         costs.border_barrier = { start = 1.0, stop = 4.0, num = 1000 }\n",
        "",
    );
    let o = migrasim(&["sweep", s(&plan), "-q", "--out", s(&root.path().join("sw"))]);
    refused(
        &o,
        &["10000000 runs, more than the 1000000 a sweep may have"],
    );
    assert!(!root.path().join("sw").exists());
}

#[test]
fn issue11_sweep_jobs_zero_is_an_error() {
    let root = tempfile::tempdir().unwrap();
    let plan = common::write_plan(root.path(), 1, common::GRID_AXES, "");
    let o = migrasim(&[
        "sweep",
        s(&plan),
        "-j",
        "0",
        "--out",
        s(&root.path().join("sw")),
    ]);
    refused(&o, &["-j 0: a sweep runs at least 1 run at a time"]);
    assert!(!root.path().join("sw").exists());
}

#[test]
fn issue11_sweep_status_exits_non_zero_when_runs_are_missing_or_failed() {
    let root = tempfile::tempdir().unwrap();
    let plan = common::write_plan(
        root.path(),
        1,
        "simulation.agents = 500\nsimulation.months = 3\ndecision.home_bias = [0.5, 1.0]\n",
        "",
    );
    let sw = root.path().join("sw");
    common::ok(&["sweep", s(&plan), "-q", "--out", s(&sw)]);
    let status = |dir: &Path| migrasim(&["sweep", "status", s(dir)]);
    assert_eq!(status(&sw).status.code(), Some(0));
    // One result removed: missing.
    let runs = sw.join("runs");
    let first = names(&runs)
        .into_iter()
        .find(|n| n.ends_with(".json"))
        .unwrap();
    std::fs::remove_file(runs.join(&first)).unwrap();
    let o = status(&sw);
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 missing"), "{}", stdout(&o));
    // A failed run: 4.
    std::fs::write(runs.join(first.replace(".json", ".failed")), "boom").unwrap();
    let o = status(&sw);
    assert_eq!(o.status.code(), Some(4), "{}", stdout(&o));
}

// ---- 7. nonsense refused ----

#[test]
fn issue11_wage_high_below_wage_low_is_refused() {
    let e =
        common::errors(&common::two_countries("").replace("wage_high = 4500", "wage_high = 2000"));
    assert!(
        e.contains("country.DEU.wage_high: the high-skill wage 2000 is below the low-skill wage 2500; allowed: a wage ≥ wage_low (2500) (are wage_low and wage_high swapped?)"),
        "{e}"
    );
}

#[test]
fn issue11_a_population_beyond_the_world_is_refused() {
    let e = common::errors(
        &common::two_countries("").replace("population = 5e7", "population = 1e300"),
    );
    assert!(
        e.contains("country.DEU.population: 1e300 people is more than the whole world's population; allowed: a number of working-age people in (0, 1e10]"),
        "{e}"
    );
    assert!(!e.contains("agents"), "{e}");
}

#[test]
fn issue11_a_run_past_year_9999_is_refused() {
    let text = common::two_countries("")
        .replace("start = \"2004-01\"", "start = \"9999-12\"")
        .replace("months = 24", "months = 120000");
    let e = common::errors(&text);
    assert!(
        e.contains("simulation.months: a run of 120000 months from 9999-12 would end in 19999-11; allowed: a run that ends by 9999-12 (at most 1 months from 9999-12"),
        "{e}"
    );
    // The last possible months are fine.
    let ok = common::two_countries("").replace("start = \"2004-01\"", "start = \"9998-01\"");
    assert!(migrasim::scenario::from_str(&ok, "s.toml", &[]).is_ok());
}

#[test]
fn issue11_bench_refuses_zero_months_and_one_country() {
    for (flag, value) in [
        ("-t", "0"),
        ("-k", "1"),
        ("-n", "0"),
        ("-r", "0"),
        ("-j", "0"),
    ] {
        let o = migrasim(&["bench", flag, value, "--single"]);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "bench {flag} {value}: {e}");
        assert!(e.contains("is not in"), "bench {flag} {value}: {e}");
        assert!(stdout(&o).is_empty(), "no table of zeros: {}", stdout(&o));
    }
}

// ---- 8. clear messages ----

#[test]
fn issue11_an_unclosed_table_is_reported_as_such_first() {
    let e = common::errors("name = \"a\"\n[simulation\nmonths = 12\n");
    let first = e.lines().next().unwrap();
    assert!(
        first.contains("s.toml:2:12: invalid TOML: unclosed table"),
        "{e}"
    );
    assert!(!e.contains("no countries"), "{e}");
}

#[test]
fn issue11_a_duplicate_key_is_named() {
    let text = common::two_countries("").replace("months = 24", "months = 24\nmonths = 36");
    let e = common::errors(&text);
    assert!(
        e.contains("s.toml:5:1: months: invalid TOML: duplicate key `months`; allowed: each key once in a table (remove one of the two `months` lines)"),
        "{e}"
    );
}

#[test]
fn issue11_an_absurd_agent_count_is_not_shown_as_u64_max() {
    let text = common::two_countries("").replace("agents = 1000", "people_per_agent = 1e-300");
    let e = common::errors(&text);
    assert!(e.contains("the scenario gives about 7.5e307 agents"), "{e}");
    assert!(!e.contains("18446744073709551615"), "{e}");
}

#[test]
fn issue11_a_seed_beyond_i64_is_out_of_range_not_a_float() {
    let o = migrasim(&[
        "validate",
        s(&quickstart()),
        "--seed",
        "9223372036854775808",
    ]);
    refused(
        &o,
        &[
            "simulation.seed: 9223372036854775808 is out of range; allowed: an integer in [0, 9223372036854775807]",
        ],
    );
    assert!(!stderr(&o).contains("float"));
}

#[test]
fn issue11_a_sweep_file_given_to_run_says_so_and_vice_versa() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep-example.toml");
    let o = migrasim(&["run", s(&plan), "-q"]);
    let e = refused(
        &o,
        &[
            "this is a sweep file, not a scenario",
            "run it with `migrasim sweep ",
        ],
    );
    assert_eq!(e.lines().count(), 2, "one problem only:\n{e}");
    let o = migrasim(&["sweep", s(&quickstart()), "-q"]);
    let e = refused(
        &o,
        &[
            "this is a scenario file, not a sweep file",
            "run it with `migrasim run ",
        ],
    );
    assert_eq!(e.lines().count(), 1, "one problem only:\n{e}");
}

#[test]
fn issue11_names_say_ascii_letters() {
    let e = common::errors(&format!(
        "name = \"Ünïcode\"\n{}",
        common::two_countries("")
    ));
    assert!(
        e.contains("a string of ASCII letters (a-z, A-Z), digits"),
        "{e}"
    );
}

// ---- the estimates against a measured run ----

/// The memory and output estimates are upper bounds, within a factor of
/// four of a measured run (docs/safety.md gives more figures).
#[test]
fn issue11_the_estimates_bound_a_measured_run() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("run");
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference.toml");
    let sets = [
        "simulation.months=2400".to_string(),
        "simulation.agents=200000".to_string(),
    ];
    let mut args = vec!["run", s(&reference), "-q", "--no-plots", "--out", s(&out)];
    for x in &sets {
        args.extend(["--set", x.as_str()]);
    }
    common::ok(&args);
    let sc = migrasim::scenario::load(&reference, &sets).unwrap();
    let e = migrasim::preflight::estimate(&sc, false);
    let bytes: u64 = std::fs::read_dir(&out)
        .unwrap()
        .map(|f| f.unwrap().metadata().unwrap().len())
        .sum();
    eprintln!(
        "output: estimated {} bytes, written {bytes}",
        e.output_bytes
    );
    assert!(bytes <= e.output_bytes, "{bytes} > {}", e.output_bytes);
    assert!(
        e.output_bytes <= 4 * bytes,
        "{} > 4 × {bytes}",
        e.output_bytes
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    if let Some(peak) = m["run"]["peak_memory_bytes"].as_u64() {
        eprintln!("memory: estimated {} bytes, peak {peak}", e.memory_bytes);
        assert!(peak <= e.memory_bytes, "{peak} > {}", e.memory_bytes);
        assert!(
            e.memory_bytes <= 4 * peak,
            "{} > 4 × {peak}",
            e.memory_bytes
        );
    }
}
