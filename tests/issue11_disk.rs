//! Issue 11: a full disk. On a small tmpfs (mounted only when the tests run
//! as root, as in CI; skipped otherwise) a run whose files cannot fit is
//! refused before simulating, and with `--force` (write anyway) the full
//! disk while writing ends with a clear error, a non-zero exit, and no
//! folder under the final name nor a temporary one.

use std::path::Path;
use std::process::Command;

/// Unmounts the tmpfs when the test ends, however it ends.
struct Mounted<'a>(&'a Path);

impl Drop for Mounted<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).status();
    }
}

fn mount_tmpfs<'a>(dir: &'a Path, size: &str) -> Option<Mounted<'a>> {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: not root, cannot mount a tmpfs");
        return None;
    }
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: mount -t tmpfs failed (no permission in this container?)");
        return None;
    }
    Some(Mounted(dir))
}

#[test]
fn issue11_a_full_disk_fails_cleanly() {
    let root = tempfile::tempdir().unwrap();
    let disk = root.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let Some(_mounted) = mount_tmpfs(&disk, "256k") else {
        return;
    };
    let out = disk.join("run");
    let quickstart = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quickstart.toml");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_migrasim"))
            .arg("run")
            .arg(&quickstart)
            .args(["-q", "--no-plots", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    // Refused before simulating: the estimate does not fit.
    let o = run(&[]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("the run folder may take up to"), "{e}");
    assert!(e.contains("are free there"), "{e}");
    assert_eq!(std::fs::read_dir(&disk).unwrap().count(), 0);
    // Written anyway: the disk fills while writing.
    let o = run(&["--force"]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{e}");
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains("No space left on device"), "{e}");
    assert!(e.contains(".tmp-"), "the error names the file: {e}");
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(&disk)
        .unwrap()
        .map(|x| x.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
