//! Where a run folder goes, checked before anything is simulated, and never
//! at the cost of a user's files.
//!
//! [`stage`] checks the output place (`--out`): its name is a folder's name
//! that fits the file system; whatever is already there is either nothing,
//! an empty folder, or a migrasim run folder (recognised by its
//! `manifest.json`) holding only files migrasim writes, and of the same
//! scenario unless `force`; its parent can be created and written. It then
//! removes the temporary folders that dead migrasim processes left beside
//! it and creates the run's own temporary folder, so that a bad place fails
//! in a second rather than after hours of simulation. [`Staging::commit`]
//! fills the temporary folder and renames it into place; a [`Staging`]
//! dropped without committing removes what it created.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// Longest file name (bytes) accepted for a run folder: file systems allow
/// 255 bytes per name, and the temporary name adds up to 50 bytes.
pub const MAX_NAME_BYTES: usize = 200;

/// Name of the marker file inside a temporary folder while a run fills it.
pub const MARKER: &str = ".migrasim-partial";

/// Files and folders of a run folder besides those its manifest lists.
pub const EXTRA_FILES: &[&str] = &[
    super::names::MANIFEST,
    super::names::DATAPACKAGE,
    super::names::COUNTRIES,
    super::names::TIMESERIES,
    super::names::FLOWS,
    super::names::STOCKS,
    super::names::REGIONS,
    "report.html",
    "exercise.en.md",
    "exercise.az.md",
];

/// Folder of a run folder holding its charts (PNG and SVG files only).
pub const PLOTS_DIR: &str = "plots";

/// Folders migrasim writes inside a run folder, with the file endings they
/// may hold: the charts, and what `migrasim facts` and `migrasim compare`
/// write. A run replaces them with the folder; anything else in them makes
/// the folder a user's.
const OWN_DIRS: &[(&str, &[&str])] = &[
    (PLOTS_DIR, &["png", "svg"]),
    (super::names::FACTS_DIR, &["csv", "png", "svg"]),
    (super::names::COMPARE_DIR, &["csv", "png", "svg", "html"]),
];

/// What may be replaced at the output place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy<'a> {
    /// The scenario about to be written: an existing run folder of another
    /// scenario is replaced only with `force`. `None`: any run folder.
    pub scenario: Option<&'a str>,
    /// Replace a run folder of another scenario.
    pub force: bool,
    /// The option that named the place, for messages (e.g. `--out`).
    pub option: &'a str,
}

impl Policy<'_> {
    /// Any run folder may be replaced (for library callers and sweeps).
    pub const ANY_RUN: Policy<'static> = Policy {
        scenario: None,
        force: true,
        option: "the output folder",
    };
}

/// What is at the output place now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// Nothing.
    Nothing,
    /// An empty folder.
    Empty,
    /// A run folder of the named scenario.
    RunFolder(String),
}

fn refuse(msg: String) -> Error {
    Error::Options(msg)
}

/// The name the output place gives its folder, checked: not `.`, `..` or
/// a root; not the current folder or one that holds it; short enough.
pub fn folder_name(dir: &Path, option: &str) -> Result<String, Error> {
    let shown = dir.display();
    let last = dir.components().next_back();
    let name = match last {
        Some(Component::Normal(n)) => n.to_string_lossy().into_owned(),
        _ => {
            return Err(refuse(format!(
                "{option} {shown}: names no folder of its own (`.`, `..` or a root); \
                 give the name of a new folder, e.g. {option} results/run1"
            )));
        }
    };
    if name.len() > MAX_NAME_BYTES {
        return Err(refuse(format!(
            "{option}: the folder name is {} bytes long; at most {MAX_NAME_BYTES} \
             (file systems allow 255 bytes per name); choose a shorter name",
            name.len()
        )));
    }
    if let (Ok(here), Ok(there)) = (std::env::current_dir(), std::fs::canonicalize(dir))
        && let Ok(here) = std::fs::canonicalize(here)
        && here.starts_with(&there)
    {
        return Err(refuse(format!(
            "{option} {shown}: is the current folder or holds it; \
             give the name of a new folder, e.g. {option} results/run1"
        )));
    }
    Ok(name)
}

/// What is at `dir`, or an error where it may not be replaced.
pub fn check_replaceable(dir: &Path, policy: Policy<'_>) -> Result<Existing, Error> {
    let option = policy.option;
    let shown = dir.display();
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(e) => return Err(refuse(format!("{option} {shown}: cannot be examined: {e}"))),
    };
    if !meta.is_dir() {
        let what = if meta.file_type().is_symlink() {
            "a symbolic link"
        } else {
            "a file"
        };
        return Err(refuse(format!(
            "{option} {shown}: {what} is already there; migrasim replaces only a run \
             folder it wrote, never anything else (choose another {option}, or move it away)"
        )));
    }
    let entries: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| refuse(format!("{option} {shown}: cannot be read: {e}")))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if entries.is_empty() {
        return Ok(Existing::Empty);
    }
    let Some((scenario, listed)) = read_manifest(&dir.join(super::names::MANIFEST)) else {
        return Err(refuse(format!(
            "{option} {shown}: a folder is already there and it is not a migrasim run \
             folder (no manifest.json of migrasim); migrasim never replaces it \
             (choose a new folder, e.g. {option} {})",
            dir.join("run1").display()
        )));
    };
    let mut foreign: Vec<String> = entries
        .iter()
        .filter(|n| {
            if let Some((_, endings)) = OWN_DIRS.iter().find(|(d, _)| d == n) {
                return !only_files(&dir.join(n.as_str()), endings);
            }
            !(EXTRA_FILES.contains(&n.as_str()) || listed.iter().any(|l| l == *n))
                || !dir.join(n).is_file()
        })
        .cloned()
        .collect();
    if !foreign.is_empty() {
        foreign.sort();
        let more = foreign.len().saturating_sub(5);
        foreign.truncate(5);
        return Err(refuse(format!(
            "{option} {shown}: this run folder holds files migrasim did not write ({}{}); \
             migrasim never deletes them (move them out, or choose another {option})",
            foreign.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )));
    }
    if let Some(name) = policy.scenario
        && name != scenario
        && !policy.force
    {
        return Err(refuse(format!(
            "{option} {shown}: holds a run of scenario \"{scenario}\", not of \"{name}\"; \
             add --force to replace it, or choose another {option}"
        )));
    }
    Ok(Existing::RunFolder(scenario))
}

/// The scenario name and file list of a migrasim manifest, if `path` is one
/// (a manifest that does not read, or names no scenario, is not).
fn read_manifest(path: &Path) -> Option<(String, Vec<String>)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 256 << 20 {
        return None;
    }
    let m = super::manifest::Manifest::from_slice(&std::fs::read(path).ok()?, path).ok()?;
    (m.engine == "migrasim" && !m.scenario.is_empty()).then_some((m.scenario, m.files))
}

/// Whether `dir` is a folder of charts (PNG and SVG files) only.
fn only_files(dir: &Path, endings: &[&str]) -> bool {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return false;
    };
    rd.filter_map(|e| e.ok()).all(|e| {
        let p = e.path();
        e.file_type().is_ok_and(|t| t.is_file())
            && p.extension()
                .is_some_and(|x| endings.iter().any(|w| x == *w))
    })
}

/// This machine's name, cut to letters, digits and `-` (at most 32).
fn host() -> String {
    let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_default();
    let h: String = raw
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(32)
        .collect();
    if h.is_empty() { "host".into() } else { h }
}

/// `.NAME.KIND-HOST-PID`, the name of this process's temporary folder.
fn temp_name(name: &str, kind: &str) -> String {
    format!(".{name}.{kind}-{}-{}", host(), std::process::id())
}

/// Whether process `pid` of this machine is alive; `None` where the system
/// does not tell (no /proc).
fn alive(pid: u32) -> Option<bool> {
    if !Path::new("/proc/self").exists() {
        return None;
    }
    Some(Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes, in `parent`, the temporary folders (`.NAME.tmp-…`, `.NAME.old-…`)
/// that migrasim processes of this machine left when they died; returns
/// them. A folder is removed only when its process is gone and it holds
/// only what migrasim writes. Nothing is removed where the system cannot
/// tell whether a process is alive.
pub fn remove_stale(parent: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let me = host();
    let mut removed = Vec::new();
    for e in rd.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(owner) = stale_owner(&name) else {
            continue;
        };
        let (h, pid) = owner;
        if h.as_deref().is_some_and(|h| h != me) || pid == std::process::id() {
            continue;
        }
        if alive(pid) != Some(false) {
            continue;
        }
        let path = e.path();
        if !e.file_type().is_ok_and(|t| t.is_dir()) || !looks_ours(&path) {
            continue;
        }
        if std::fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// (host, pid) of a temporary folder name `.NAME.tmp-HOST-PID` or (older
/// engines) `.NAME.tmp-PID`.
fn stale_owner(name: &str) -> Option<(Option<String>, u32)> {
    let rest = name.strip_prefix('.')?;
    let at = rest.rfind(".tmp-").or_else(|| rest.rfind(".old-"))?;
    if at == 0 {
        return None;
    }
    let suffix = &rest[at + 5..];
    match suffix.rsplit_once('-') {
        Some((h, pid)) => Some((Some(h.to_string()), pid.parse().ok()?)),
        None => Some((None, suffix.parse().ok()?)),
    }
}

/// Whether a folder holds only what migrasim writes: its marker, or a
/// run folder's files.
fn looks_ours(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return false;
    };
    rd.filter_map(|e| e.ok()).all(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        if let Some((_, endings)) = OWN_DIRS.iter().find(|(d, _)| *d == n) {
            only_files(&e.path(), endings)
        } else {
            EXTRA_FILES.contains(&n.as_str()) && e.file_type().is_ok_and(|t| t.is_file())
        }
    })
}

/// Free bytes for an unprivileged user on the file system of `path`
/// (`None` where the system does not tell).
pub fn free_space(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let s = rustix::fs::statvfs(path).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A run folder being written: a temporary folder beside its final place.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    tmp: PathBuf,
    parent: PathBuf,
    name: String,
    /// Folders created for the parent (deepest last), removed again when
    /// empty if the run fails.
    created: Vec<PathBuf>,
    policy_scenario: Option<String>,
    force: bool,
    option: String,
    done: bool,
}

/// Checks the output place `dir` and creates the temporary folder beside
/// it (see the module documentation).
pub fn stage(dir: &Path, policy: Policy<'_>) -> Result<Staging, Error> {
    let option = policy.option;
    let name = folder_name(dir, option)?;
    check_replaceable(dir, policy)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut created = Vec::new();
    let mut missing = Vec::new();
    let mut p = parent.as_path();
    while !p.as_os_str().is_empty() && std::fs::symlink_metadata(p).is_err() {
        missing.push(p.to_path_buf());
        match p.parent() {
            Some(q) => p = q,
            None => break,
        }
    }
    for m in missing.iter().rev() {
        if let Err(e) = std::fs::create_dir(m) {
            undo(&created);
            return Err(refuse(format!(
                "{option} {}: cannot create the folder {}: {e}",
                dir.display(),
                m.display()
            )));
        }
        created.push(m.clone());
    }
    if !parent.is_dir() {
        undo(&created);
        return Err(refuse(format!(
            "{option} {}: {} is not a folder",
            dir.display(),
            parent.display()
        )));
    }
    remove_stale(&parent);
    let tmp = parent.join(temp_name(&name, "tmp"));
    if std::fs::symlink_metadata(&tmp).is_ok() && looks_ours(&tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    let made = std::fs::create_dir(&tmp).and_then(|_| {
        std::fs::write(
            tmp.join(MARKER),
            format!(
                "a migrasim run (process {} on {}) is writing this folder; \
                 it is removed or renamed to {name} when the run ends\n",
                std::process::id(),
                host()
            ),
        )
    });
    if let Err(e) = made {
        let _ = std::fs::remove_dir_all(&tmp);
        undo(&created);
        return Err(refuse(format!(
            "{option} {}: cannot write in {}: {e}",
            dir.display(),
            parent.display()
        )));
    }
    Ok(Staging {
        dir: dir.to_path_buf(),
        tmp,
        parent,
        name,
        created,
        policy_scenario: policy.scenario.map(String::from),
        force: policy.force,
        option: option.to_string(),
        done: false,
    })
}

fn undo(created: &[PathBuf]) {
    for c in created.iter().rev() {
        let _ = std::fs::remove_dir(c);
    }
}

impl Staging {
    /// The temporary folder being filled.
    pub fn temp(&self) -> &Path {
        &self.tmp
    }

    /// The folder the run will have.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder the run folder goes in.
    pub fn parent(&self) -> &Path {
        &self.parent
    }

    /// Lets `fill` write into the temporary folder, then renames it to the
    /// final place, replacing what is there only if it still may be
    /// replaced. On any error nothing is left under the final name that was
    /// not there before, and the temporary folder is removed.
    pub fn commit(mut self, fill: impl FnOnce(&Path) -> Result<(), Error>) -> Result<(), Error> {
        fill(&self.tmp)?;
        std::fs::remove_file(self.tmp.join(MARKER)).map_err(|e| Error::io(&self.tmp, e))?;
        let policy = Policy {
            scenario: self.policy_scenario.as_deref(),
            force: self.force,
            option: &self.option,
        };
        let dir = self.dir.clone();
        match check_replaceable(&dir, policy)? {
            Existing::Nothing => {
                std::fs::rename(&self.tmp, &dir).map_err(|e| Error::io(&dir, e))?;
            }
            Existing::Empty => {
                if std::fs::rename(&self.tmp, &dir).is_err() {
                    std::fs::remove_dir(&dir).map_err(|e| Error::io(&dir, e))?;
                    std::fs::rename(&self.tmp, &dir).map_err(|e| Error::io(&dir, e))?;
                }
            }
            Existing::RunFolder(_) => {
                let old = self.parent.join(temp_name(&self.name, "old"));
                std::fs::rename(&dir, &old).map_err(|e| Error::io(&dir, e))?;
                if let Err(e) = std::fs::rename(&self.tmp, &dir) {
                    let _ = std::fs::rename(&old, &dir);
                    return Err(Error::io(&dir, e));
                }
                std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
            }
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
            undo(&self.created);
        }
    }
}

#[cfg(test)]
mod tests;
