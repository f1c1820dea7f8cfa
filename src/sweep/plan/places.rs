//! Where a sweep file's keys were written (file:line:column for every
//! problem), read from the loader's positioned TOML tree
//! ([`crate::scenario::tree`]), and the small checks of values shared by
//! the parsers.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::types::Value;
use crate::scenario::tree::{self, Pos, Table};

/// Positions of the keys of a sweep file, by dotted path (`axes.x`, and
/// `metrics.0` for the first `[[metrics]]` table).
pub(super) struct Places {
    file: Arc<str>,
    positions: BTreeMap<String, Pos>,
}

impl Places {
    /// The places of the keys of `text`, a valid TOML text read from `file`.
    pub(super) fn new(file: &Path, text: &str) -> Places {
        let file: Arc<str> = Arc::from(file.display().to_string());
        let (root, _) = tree::parse(text, &file);
        let mut positions = BTreeMap::new();
        collect_positions(&root, "", &mut positions);
        Places { file, positions }
    }

    /// Where `key` was written: the key itself, or the nearest enclosing
    /// key that was written, or the start of the file.
    pub(super) fn pos(&self, key: &str) -> Pos {
        let mut k = key;
        loop {
            if let Some(p) = self.positions.get(k) {
                return p.clone();
            }
            match k.rfind('.') {
                Some(i) => k = &k[..i],
                None => return Pos::start_of(&self.file),
            }
        }
    }

    /// `file:line:column` of `key` (see [`Places::pos`]).
    pub(super) fn at(&self, key: &str) -> String {
        self.pos(key).to_string()
    }
}

/// Adds the position of every key of `t` (under `prefix`) to `out`; the
/// tables of an array are `path.0`, `path.1`, ... at their first key.
fn collect_positions(t: &Table, prefix: &str, out: &mut BTreeMap<String, Pos>) {
    for e in &t.entries {
        let path = tree::join(prefix, &e.key);
        out.entry(path.clone()).or_insert_with(|| e.key_pos.clone());
        match &e.item.value {
            tree::Value::Table(inner) => collect_positions(inner, &path, out),
            tree::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let tree::Value::Table(inner) = &item.value {
                        let at = format!("{path}.{i}");
                        // Entries are in file order: the first is written first.
                        let start = inner.entries.first().map_or(&item.pos, |k| &k.key_pos);
                        out.entry(at.clone()).or_insert_with(|| start.clone());
                        collect_positions(inner, &at, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Problems found in a sweep file, collected before failing.
pub(super) struct Problems(pub(super) Vec<String>);

impl Problems {
    pub(super) fn push(&mut self, place: String, msg: impl std::fmt::Display) {
        self.0.push(format!("{place}: {msg}"));
    }
}

/// The loader's "did you mean" hint for a misspelt `k` among `allowed`, as
/// a suffix of a message: ` (did you mean "replicates"?)`, or nothing.
pub(super) fn suggest(k: &str, allowed: &[&str]) -> String {
    crate::scenario::words::did_you_mean(k, allowed.iter().copied())
        .map_or(String::new(), |hint| format!(" ({hint})"))
}

pub(super) fn non_negative(
    v: &toml::Value,
    key: &str,
    places: &Places,
    p: &mut Problems,
) -> Option<u64> {
    match v {
        toml::Value::Integer(i) if *i >= 0 => Some(*i as u64),
        _ => {
            p.push(
                places.at(key),
                format!("`{key}` must be a non-negative integer, found {v}"),
            );
            None
        }
    }
}

pub(super) fn number(
    t: &toml::Table,
    k: &str,
    key: &str,
    places: &Places,
    p: &mut Problems,
) -> Option<f64> {
    match t.get(k) {
        Some(toml::Value::Integer(i)) => Some(*i as f64),
        Some(toml::Value::Float(f)) if f.is_finite() => Some(*f),
        Some(v) => {
            p.push(
                places.at(&format!("{key}.{k}")),
                format!("axis `{key}`: `{k}` must be a finite number, found {v}"),
            );
            None
        }
        None => None,
    }
}

pub(super) fn scalar(v: &toml::Value) -> Option<Value> {
    match v {
        toml::Value::Integer(i) => Some(Value::Int(*i)),
        toml::Value::Float(f) => Some(Value::Float(*f)),
        toml::Value::Boolean(b) => Some(Value::Bool(*b)),
        toml::Value::String(s) => Some(Value::Str(s.clone())),
        _ => None,
    }
}

/// Rounds to 12 significant digits, so that ranges give 0.3, not
/// 0.30000000000000004.
pub(super) fn tidy(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}
