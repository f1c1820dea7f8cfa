//! Tests of `target.rs`.

use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn fake_run(dir: &Path, scenario: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        format!(
            "{{\"engine\": \"migrasim\", \"scenario\": \"{scenario}\", \"files\": [\"countries.csv\"]}}"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("countries.csv"), "x\n").unwrap();
}

fn policy(name: &str, force: bool) -> Policy<'_> {
    Policy {
        scenario: Some(name),
        force,
        option: "--out",
    }
}

#[test]
fn stale_names_are_parsed_strictly() {
    assert_eq!(stale_owner(".run.tmp-12"), Some((None, 12)));
    assert_eq!(
        stale_owner(".a.b.tmp-my-host-77"),
        Some((Some("my-host".into()), 77))
    );
    assert_eq!(stale_owner(".run.old-vm-5"), Some((Some("vm".into()), 5)));
    assert_eq!(stale_owner("run.tmp-12"), None);
    assert_eq!(stale_owner(".run.tmp-x"), None);
    assert_eq!(stale_owner(".tmp-12"), None);
}

#[test]
fn a_users_folder_or_file_is_never_replaced() {
    let root = tempfile::tempdir().unwrap();
    let thesis = root.path().join("thesis");
    std::fs::create_dir(&thesis).unwrap();
    std::fs::write(thesis.join("ch1.tex"), "work").unwrap();
    let e = stage(&thesis, policy("q", true)).unwrap_err().to_string();
    assert!(e.contains("not a migrasim run folder"), "{e}");
    let file = root.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    let e = stage(&file, policy("q", true)).unwrap_err().to_string();
    assert!(e.contains("a file is already there"), "{e}");
    assert_eq!(names(root.path()), ["notes.txt", "thesis"]);
    assert_eq!(
        std::fs::read_to_string(thesis.join("ch1.tex")).unwrap(),
        "work"
    );
}

#[test]
fn only_a_readable_manifest_of_migrasim_with_a_scenario_marks_a_run_folder() {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("manifest.json");
    let files = r#""files": ["countries.csv"]"#;
    for (text, read) in [
        (
            format!(r#"{{"engine": "migrasim", "scenario": "q", {files}}}"#),
            true,
        ),
        (
            format!(r#"{{"engine": "other", "scenario": "q", {files}}}"#),
            false,
        ),
        (format!(r#"{{"engine": "migrasim", {files}}}"#), false),
        (
            format!(r#"{{"engine": "migrasim", "scenario": "q", "seed": "x", {files}}}"#),
            false,
        ),
        ("not json".to_string(), false),
    ] {
        std::fs::write(&path, &text).unwrap();
        let expected = read.then(|| ("q".to_string(), vec!["countries.csv".to_string()]));
        assert_eq!(read_manifest(&path), expected, "{text}");
    }
    // A manifest without a file list marks a folder of nothing else.
    std::fs::write(&path, r#"{"engine": "migrasim", "scenario": "q"}"#).unwrap();
    assert_eq!(read_manifest(&path), Some(("q".to_string(), Vec::new())));
}

#[test]
fn a_run_folder_with_a_users_file_is_not_replaced() {
    let root = tempfile::tempdir().unwrap();
    let run = root.path().join("run");
    fake_run(&run, "q");
    std::fs::write(run.join("notes.txt"), "mine").unwrap();
    let e = stage(&run, policy("q", true)).unwrap_err().to_string();
    assert!(
        e.contains("files migrasim did not write (notes.txt)"),
        "{e}"
    );
}

#[test]
fn a_run_folder_of_another_scenario_needs_force() {
    let root = tempfile::tempdir().unwrap();
    let run = root.path().join("run");
    fake_run(&run, "other");
    let e = stage(&run, policy("q", false)).unwrap_err().to_string();
    assert!(e.contains("add --force"), "{e}");
    let s = stage(&run, policy("q", true)).unwrap();
    s.commit(|d| std::fs::write(d.join("timeseries.csv"), "new").map_err(|e| Error::io(d, e)))
        .unwrap();
    assert_eq!(names(&run), ["timeseries.csv"]);
    assert_eq!(names(root.path()), ["run"]);
}

#[test]
fn a_dropped_staging_leaves_nothing_not_even_created_parents() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("a/b/run");
    let s = stage(&dir, policy("q", false)).unwrap();
    assert!(s.temp().join(MARKER).is_file());
    drop(s);
    assert!(names(root.path()).is_empty());
}

#[test]
fn stale_folders_of_dead_processes_are_removed_others_kept() {
    let root = tempfile::tempdir().unwrap();
    // A pid above the kernel's limit (4194304) is never alive.
    let dead = root.path().join(format!(".run.tmp-{}-4194399", host()));
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(MARKER), "").unwrap();
    let legacy = root.path().join(".old.tmp-4194398");
    fake_run(&legacy, "q");
    let foreign_host = root.path().join(".run.tmp-elsewhere-4194397");
    std::fs::create_dir(&foreign_host).unwrap();
    std::fs::write(foreign_host.join(MARKER), "").unwrap();
    let users = root.path().join(".mine.tmp-4194396");
    std::fs::create_dir(&users).unwrap();
    std::fs::write(users.join("data.txt"), "").unwrap();
    let alive = root
        .path()
        .join(format!(".run.tmp-{}-{}", host(), std::process::id()));
    std::fs::create_dir(&alive).unwrap();
    let s = stage(&root.path().join("x"), policy("q", false)).unwrap();
    let mut left = names(root.path());
    left.retain(|n| !n.starts_with(".x.tmp-"));
    let mut kept = vec![
        ".mine.tmp-4194396".to_string(),
        format!(".run.tmp-{}-{}", host(), std::process::id()),
        ".run.tmp-elsewhere-4194397".into(),
    ];
    kept.sort();
    assert_eq!(left, kept);
    drop(s);
}
