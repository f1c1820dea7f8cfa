//! Scenario files: parse TOML, resolve `extends` and `--set`, validate
//! everything at once, and build the [`Scenario`] the engine trusts.
//!
//! The flow: [`tree`] reads each file into a tree that remembers positions;
//! `extends` chains are merged (tables key by key, other values replaced);
//! [`overrides`] applies `--set`; [`build`] checks the result against the
//! [`schema`] and builds the scenario. Every problem is collected and
//! returned together as a [`ScenarioError`].

pub mod build;
mod checker;
mod csv_file;
pub mod data;
mod data_build;
pub mod describe;
pub mod diagnostic;
pub mod overrides;
pub mod schema;
pub mod tree;
pub mod words;

pub use diagnostic::{Code, Diagnostic, ScenarioError};
// The model lives in `crate::model`; its old paths under `scenario` still work.
pub use crate::model::synthetic;
pub use crate::model::*;
pub use crate::model::{self as model, keys};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use tree::{Pos, Table, Value};

/// Load, merge (`extends`), override (`key=value` strings) and validate a
/// scenario file.
pub fn load(path: &Path, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let mut loader = Loader::default();
    let label = path.display().to_string();
    let root = loader.file(path, &label, None);
    let default_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    finish(loader, root, &label, default_name, overrides)
}

/// Validates a scenario given as text (`extends` is resolved against the
/// current directory); `label` names it in messages and gives its default
/// name.
pub fn from_str(text: &str, label: &str, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let mut loader = Loader::default();
    let root = loader.text(text.as_bytes(), Path::new(label), label);
    let default_name = Path::new(label)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    finish(loader, root, label, default_name, overrides)
}

fn finish(
    mut loader: Loader,
    root: Option<Table>,
    label: &str,
    default_name: String,
    overrides: &[String],
) -> Result<Scenario, ScenarioError> {
    let Some(mut root) = root else {
        return Err(loader.error());
    };
    let file_sets = std::mem::take(&mut loader.sets);
    loader
        .problems
        .extend(overrides::apply_in_file(&mut root, &file_sets));
    loader
        .problems
        .extend(overrides::apply(&mut root, overrides));
    let cx = build::Context {
        default_name,
        top: Pos::start_of(&Arc::from(label)),
        sources: std::mem::take(&mut loader.sources),
        overrides: overrides.to_vec(),
    };
    let built = build::build(&root, cx);
    if loader.problems.is_empty() {
        return built.map_err(|d| {
            loader.problems = d;
            loader.error()
        });
    }
    // Reading went wrong somewhere (syntax, a missing `extends` file): still
    // report what the checks find, except the absences that the unread part
    // would likely have filled.
    if let Err(found) = built {
        // A syntax error (an unclosed `[simulation`) loses the part of the
        // file after it: what seems absent then is not worth reporting.
        let missing_base = loader.missing_base || loader.syntax;
        loader.problems.extend(
            found
                .into_iter()
                .filter(|d| !(missing_base && d.code == diagnostic::Code::Absent)),
        );
    }
    Err(loader.error())
}

/// Reads files and follows `extends`, collecting problems.
#[derive(Default)]
struct Loader {
    problems: Vec<Diagnostic>,
    sources: Vec<SourceFile>,
    /// Canonical paths of the files being read (to find cycles).
    stack: Vec<PathBuf>,
    /// Whether a file named by `extends` could not be read (missing, or it
    /// would close a cycle).
    missing_base: bool,
    /// Whether a file has TOML syntax errors (the parser then skips parts).
    syntax: bool,
    /// The `set = ["KEY=VALUE", ...]` lists of the files, base files first.
    sets: Vec<(String, Pos)>,
}

impl Loader {
    fn error(&mut self) -> ScenarioError {
        let mut diagnostics = std::mem::take(&mut self.problems);
        diagnostics.sort_by(|a, b| {
            (a.file == overrides::LABEL, &a.file, a.line, a.column).cmp(&(
                b.file == overrides::LABEL,
                &b.file,
                b.line,
                b.column,
            ))
        });
        diagnostics.dedup();
        ScenarioError { diagnostics }
    }

    /// Reads `path`; `from` is the `extends` value that named it, if any.
    fn file(&mut self, path: &Path, label: &str, from: Option<&tree::Item>) -> Option<Table> {
        match std::fs::read(path) {
            Ok(bytes) => self.text(&bytes, path, label),
            Err(e) => {
                self.missing_base = true;
                let message = format!("cannot read \"{label}\": {e}");
                match from {
                    Some(item) => self.problem(
                        &item.pos,
                        "extends",
                        message,
                        Some(schema::Kind::Path.describe()),
                        None,
                    ),
                    None => self.problems.push(Diagnostic {
                        file: label.to_string(),
                        line: 0,
                        column: 0,
                        key: String::new(),
                        message: format!("cannot read the scenario file: {e}"),
                        allowed: None,
                        hint: None,
                        code: Code::Invalid,
                    }),
                }
                None
            }
        }
    }

    fn problem(
        &mut self,
        pos: &Pos,
        key: &str,
        message: String,
        allowed: Option<String>,
        hint: Option<String>,
    ) {
        self.problems.push(Diagnostic {
            file: pos.file.to_string(),
            line: pos.line,
            column: pos.column,
            key: key.to_string(),
            message,
            allowed,
            hint,
            code: Code::Invalid,
        });
    }

    fn text(&mut self, bytes: &[u8], path: &Path, label: &str) -> Option<Table> {
        let file: Arc<str> = Arc::from(label);
        self.sources.push(SourceFile {
            path: label.to_string(),
            sha256: output_hex(&Sha256::digest(bytes)),
        });
        let Ok(text) = std::str::from_utf8(bytes) else {
            let p = Pos::start_of(&file);
            self.problem(
                &p,
                "",
                "the file is not UTF-8 text".into(),
                Some("a TOML file in UTF-8".into()),
                None,
            );
            return None;
        };
        let (mut table, errors) = tree::parse(text, &file);
        self.syntax |= !errors.is_empty();
        self.problems.extend(errors);
        let own_sets = self.file_sets(&mut table);
        let Some(ext) = table.remove("extends") else {
            self.sets.extend(own_sets);
            return Some(table);
        };
        let Value::String(target) = &ext.item.value else {
            self.problem(
                &ext.item.pos,
                "extends",
                format!("expected a string, found {}", ext.item.value.type_name()),
                Some(schema::Kind::Path.describe()),
                None,
            );
            self.sets.extend(own_sets);
            return Some(table);
        };
        let base_path = path.parent().unwrap_or(Path::new("")).join(target);
        let base_label = base_path.display().to_string();
        let me = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let them = std::fs::canonicalize(&base_path).unwrap_or_else(|_| base_path.clone());
        if them == me || self.stack.contains(&them) {
            let mut chain: Vec<String> = self.sources.iter().map(|s| s.path.clone()).collect();
            chain.push(base_label);
            self.missing_base = true;
            self.problem(
                &ext.item.pos,
                "extends",
                format!("extends makes a cycle: {}", chain.join(" → ")),
                Some("a chain of files that ends".into()),
                None,
            );
            self.sets.extend(own_sets);
            return Some(table);
        }
        self.stack.push(me);
        let base = self.file(&base_path, &base_label, Some(&ext.item));
        self.stack.pop();
        self.sets.extend(own_sets);
        match base {
            Some(mut base) => {
                tree::merge(&mut base, table, "");
                Some(base)
            }
            None => Some(table),
        }
    }
}

impl Loader {
    /// Takes the file's `set` list out of `table`: strings `KEY=VALUE`
    /// applied like `--set` after `extends` is merged (a calibrated
    /// scenario sets values of countries this way).
    fn file_sets(&mut self, table: &mut Table) -> Vec<(String, Pos)> {
        let Some(entry) = table.remove("set") else {
            return Vec::new();
        };
        let allowed = Some(
            "a list of \"KEY=VALUE\" strings, e.g. set = [\"country.POL.wage_low=900\"]"
                .to_string(),
        );
        let Value::Array(items) = entry.item.value else {
            self.problem(
                &entry.item.pos,
                "set",
                format!("expected a list, found {}", entry.item.value.type_name()),
                allowed,
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            match item.value {
                Value::String(s) => out.push((s, item.pos)),
                other => self.problem(
                    &item.pos,
                    &format!("set[{i}]"),
                    format!("expected a string, found {}", other.type_name()),
                    allowed.clone(),
                    None,
                ),
            }
        }
        out
    }
}

fn output_hex(bytes: &[u8]) -> String {
    crate::util::hex(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absences_are_not_reported_when_part_of_the_file_is_unread() {
        // Without a syntax error, each absence is reported, typed Absent.
        let e = from_str("[[country]]\ncode = \"DEU\"\n", "a.toml", &[]).unwrap_err();
        let absent: Vec<_> = e
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Absent)
            .collect();
        assert!(!absent.is_empty(), "{e}");
        assert!(absent.iter().all(|d| d.message == "missing required key"));
        let e = from_str("name = \"x\"\n", "a.toml", &[]).unwrap_err();
        assert!(
            e.diagnostics
                .iter()
                .any(|d| d.code == Code::Absent && d.message == "the scenario has no countries")
        );
        // A syntax error hides the absences, not the other problems.
        let text = "[decision]\nhome_bias = -1\n[simulation\n[[country]]\ncode = \"DEU\"\n";
        let e = from_str(text, "a.toml", &[]).unwrap_err();
        assert!(e.diagnostics.iter().all(|d| d.code == Code::Invalid), "{e}");
        assert!(
            e.to_string().contains("home_bias: -1 is out of range"),
            "{e}"
        );
    }
}
