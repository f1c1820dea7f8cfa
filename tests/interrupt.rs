//! Ctrl-C during `migrasim run`: the run stops between months, exits with
//! 130 and leaves no output folder (not even a partial one).

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_run_and_writes_nothing() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .args(["run", "scenarios/reference.toml", "-q", "--threads", "1"])
        .args(["--set", "simulation.months=90000"])
        // The disk check's upper bound for 90,000 months (6.1 GB) is not
        // what this test is about: it never gets to write.
        .arg("--force")
        .arg("--out")
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Let it get going (scenario loaded, handler installed, months running).
    std::thread::sleep(Duration::from_millis(2000));
    // SIGINT, as Ctrl-C sends it (no external `kill` program needed).
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let started = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "it must stop soon"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted after"), "{stderr}");
    assert!(
        stderr.contains("of 90000 months; nothing was written"),
        "{stderr}"
    );
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
