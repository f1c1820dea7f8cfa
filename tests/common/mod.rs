//! Helpers shared by the integration tests: a minimal two-country world,
//! the CSV bytes of a run, and for the sweep tests writing sweep files over
//! the quickstart scenario and running the `migrasim` program.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The quickstart scenario of the repository.
pub fn quickstart() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quickstart.toml")
}

/// Writes `plan.toml` in `dir`: the quickstart scenario with `constants`
/// and `axes` (TOML lines of the `[axes]` table) and `replicates`.
pub fn write_plan(dir: &Path, replicates: u32, axes: &str, outputs: &str) -> PathBuf {
    let path = dir.join("plan.toml");
    let text = format!(
        "scenario = {:?}\nname = \"test\"\nseed = 42\nreplicates = {replicates}\n[axes]\n{axes}\n{outputs}\n",
        quickstart().display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// The 2 axes × 3 values sweep of the issue (with small constants).
pub const GRID_AXES: &str = "simulation.agents = 2000\nsimulation.months = 12\n\
decision.home_bias = [0.25, 0.5, 1.0]\ncosts.border_barrier = [1.0, 2.0, 3.0]\n";

/// Runs `migrasim` with arguments; returns its output.
pub fn migrasim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .args(args)
        .output()
        .expect("cannot run migrasim")
}

/// Runs `migrasim` and panics with its output unless it succeeds.
pub fn ok(args: &[&str]) -> String {
    let o = migrasim(args);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "migrasim {args:?} failed ({:?})\nstdout:\n{out}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// Runs `migrasim sweep status DIR`, checks its exit code (0 complete, 3
/// runs missing, 4 runs failed) and returns what it printed.
pub fn status(dir: &Path, code: i32) -> String {
    let o = migrasim(&["sweep", "status", dir.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        o.status.code(),
        Some(code),
        "sweep status {}:\n{out}{}",
        dir.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// `p` as &str.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Two European countries with coordinates: the smallest valid list of
/// `[[country]]` tables.
pub const TWO_COUNTRIES: &str = include_str!("../fixtures/two-countries.toml");

/// Runs `s` on `threads` threads, writes its folder and returns the bytes of
/// its CSV files, by name.
pub fn csv_bytes(s: &migrasim::scenario::Scenario, threads: usize) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let options = migrasim::simulation::RunOptions {
        threads: Some(threads),
        cancel: None,
    };
    let run = migrasim::run(s, &options).unwrap();
    migrasim::output::write_run_dir(&out, s, &run).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Runs `s` on two threads and returns what was recorded.
pub fn run(s: &migrasim::scenario::Scenario) -> migrasim::observe::Recorded {
    run_on(s, 2)
}

/// Runs `s` on `threads` threads and returns what was recorded.
pub fn run_on(s: &migrasim::scenario::Scenario, threads: usize) -> migrasim::observe::Recorded {
    let opts = migrasim::simulation::RunOptions {
        threads: Some(threads),
        cancel: None,
    };
    migrasim::run(s, &opts).unwrap().recorded
}

/// The error text of a scenario that must be rejected (file "s.toml").
pub fn errors(text: &str) -> String {
    migrasim::scenario::from_str(text, "s.toml", &[])
        .expect_err("the scenario should be rejected")
        .to_string()
}

/// A month.
pub fn ym(year: i32, month: u8) -> migrasim::scenario::YearMonth {
    migrasim::scenario::YearMonth { year, month }
}

/// Two countries (DEU, POL) 2004-01 to 2005-12, plus `extra` TOML.
pub fn two_countries(extra: &str) -> String {
    format!(
        r#"
[simulation]
start = "2004-01"
months = 24
agents = 1000
{TWO_COUNTRIES}{extra}"#
    )
}

/// Runs `s` step by step on the current thread pool, checking after every
/// step that no agent is lost or duplicated (counts equal a recount, the
/// total is constant, brain waste equals a recount), and calls `each` with
/// the step, the world before and after it, and the step's outcome.
pub fn step_checked(
    s: &migrasim::scenario::Scenario,
    mut each: impl FnMut(
        u32,
        &migrasim::world::World,
        &migrasim::world::World,
        &migrasim::kernel::StepOutcome,
    ),
) {
    let mut world = migrasim::world::layout::build_world(s).unwrap();
    let total = world.agents.len() as u64;
    let mut kernel = migrasim::kernel::Kernel::new(&world);
    let mut out = migrasim::kernel::StepOutcome::default();
    for t in 0..s.simulation.months {
        let before = world.clone();
        kernel.step(s, &mut world, t, &mut out);
        assert_eq!(world.counts, world.recount(), "t={t}");
        assert_eq!(world.counts.total(), total, "t={t}");
        assert_eq!(world.brain_waste, world.recount_brain_waste(), "t={t}");
        each(t, &before, &world, &out);
    }
}

/// Whether a Slurm cluster answers (`sinfo` shows a usable node and
/// `sbatch` runs). Without one the `what` tests skip loudly, unless
/// MIGRASIM_REQUIRE_SLURM=1, which makes them fail (CI sets it).
pub fn slurm_ready(what: &str) -> bool {
    let up = Command::new("sinfo")
        .args(["-h", "-o", "%t"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .is_some_and(|t| {
            t.lines()
                .any(|l| l.starts_with("idle") || l.starts_with("mix") || l.starts_with("alloc"))
        });
    let has_sbatch = Command::new("sbatch").arg("--version").output().is_ok();
    if up && has_sbatch {
        return true;
    }
    let msg = "no working Slurm cluster (sbatch/sinfo missing or no idle node); \
               start one with `scripts/slurm-node.sh start`";
    if std::env::var("MIGRASIM_REQUIRE_SLURM").is_ok_and(|v| v == "1") {
        panic!("MIGRASIM_REQUIRE_SLURM=1 but {msg}");
    }
    // Straight to stderr, past the test harness' capture, so it is seen.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!! SKIPPING Slurm {what} test: {msg} !!!!!!!!\n"
    );
    false
}
