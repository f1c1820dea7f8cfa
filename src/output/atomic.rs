//! Nothing half-written: a folder is filled under a temporary name beside
//! its final place and renamed when complete; a failure removes it.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Creates a temporary folder beside `dir`, lets `fill` write into it, and
/// renames it to `dir` (an existing `dir` is replaced only after `fill`
/// succeeded). On error the temporary folder is removed and `dir` is left
/// as it was.
pub fn write_dir_atomically(
    dir: &Path,
    fill: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Options(format!(
            "{}: a file is already there; migrasim replaces only a folder it wrote",
            dir.display()
        )));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
    if let Err(e) = fill(&tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = std::fs::rename(&tmp, dir) {
            let _ = std::fs::rename(&old, dir);
            return Err(Error::io(dir, e));
        }
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    } else {
        std::fs::rename(&tmp, dir).map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// Writes a file under a temporary name beside `path` and renames it.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_the_old_folder_untouched() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("run");
        write_dir_atomically(&dir, |d| {
            std::fs::write(d.join("a.txt"), "first").map_err(|e| Error::io(d, e))
        })
        .unwrap();
        let err = write_dir_atomically(&dir, |d| {
            std::fs::write(d.join("a.txt"), "second").map_err(|e| Error::io(d, e))?;
            Err(Error::Options("boom".into()))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "first");
        // No temporary folder is left behind.
        let names: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["run".to_string()]);
        write_dir_atomically(&dir, |d| {
            std::fs::write(d.join("b.txt"), "third").map_err(|e| Error::io(d, e))
        })
        .unwrap();
        assert!(!dir.join("a.txt").exists());
        assert!(dir.join("b.txt").exists());
    }
}
