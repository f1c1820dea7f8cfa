//! manifest.json read back from a run folder by the report, `compare` and
//! the run-folder guard, through the one `output::Manifest` type: a
//! written manifest is read as written, a minimal `{}` still gives a
//! report (with empty "not recorded" cells), and a field of the wrong type
//! is an error naming the file.

use std::path::{Path, PathBuf};

use migrasim::compare::RunTables;
use migrasim::output::Manifest;
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::simulation::RunOptions;

/// Simulates a small synthetic world into `root/run`; returns the folder
/// and the run.
fn run_dir(root: &Path) -> (PathBuf, migrasim::Run) {
    let s = reference_scenario(3_000, 4, 12, 7);
    let run = migrasim::run(
        &s,
        &RunOptions {
            threads: Some(1),
            cancel: None,
        },
    )
    .unwrap();
    let dir = root.join("run");
    migrasim::output::write_run_dir(&dir, &s, &run).unwrap();
    (dir, run)
}

#[test]
fn a_run_folder_reads_back_its_run_and_summary() {
    let root = tempfile::tempdir().unwrap();
    let (dir, run) = run_dir(root.path());
    let m = Manifest::read(&dir).unwrap().unwrap();
    assert_eq!(m.run.as_ref(), Some(&run.stats));
    assert_eq!(m.summary, run.summary);
    // compare reads the run's own factor, not an estimate from the tables.
    let tables = RunTables::read_dir(&dir).unwrap();
    assert_eq!(
        Some(tables.people_per_agent),
        run.summary.as_ref().map(|s| s.people_per_agent)
    );
    let path = dir.join("manifest.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    json["summary"]["people_per_agent"] = 123.5.into();
    std::fs::write(&path, json.to_string()).unwrap();
    assert_eq!(RunTables::read_dir(&dir).unwrap().people_per_agent, 123.5);
    // Without a summary, the ratio of the population column to the agents.
    json["summary"] = serde_json::Value::Null;
    std::fs::write(&path, json.to_string()).unwrap();
    let estimate = RunTables::read_dir(&dir).unwrap().people_per_agent;
    let ppa = run.summary.as_ref().unwrap().people_per_agent;
    assert!((estimate / ppa - 1.0).abs() < 1e-3, "{estimate} {ppa}");
}

#[test]
fn a_field_of_the_wrong_type_is_an_error_naming_the_manifest() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_dir(root.path());
    let path = dir.join("manifest.json");
    std::fs::write(
        &path,
        r#"{"engine": "migrasim", "summary": {"agents": "all"}}"#,
    )
    .unwrap();
    let e = Manifest::read(&dir).unwrap_err().to_string();
    assert!(e.contains(&path.display().to_string()), "{e}");
    assert!(e.contains("invalid type"), "{e}");
    let e = RunTables::read_dir(&dir).unwrap_err().to_string();
    assert!(e.contains(&path.display().to_string()), "{e}");
    #[cfg(feature = "plots")]
    {
        let e = migrasim::plots::draw_all(&dir).unwrap_err().to_string();
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert!(e.contains("invalid type"), "{e}");
    }
}

#[cfg(feature = "plots")]
#[test]
fn a_minimal_manifest_still_gives_a_report() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_dir(root.path());
    std::fs::write(dir.join("manifest.json"), "{}").unwrap();
    migrasim::plots::draw_all(&dir).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    // The folder's name stands for the scenario's.
    assert!(html.contains("<h1 id=\"scenario\">run</h1>"));
    assert!(!html.contains("id=\"description\""));
    assert!(html.contains("each of the  agents (simulated persons) stands for  people"));
    assert!(html.contains("<p>manifest.json has no parameters.</p>"));
    for key in ["engine", "version", "seed", "threads", "wall seconds"] {
        assert!(
            html.contains(&format!("<tr><th>{key}</th><td></td></tr>")),
            "{key}"
        );
    }
    assert!(!html.contains("<th>source "));
}
