//! Where a sweep file's keys were written (file:line:column for every
//! problem) and the small checks of values shared by the parsers.

use std::collections::BTreeMap;
use std::path::Path;

use super::types::Value;

/// Positions of keys in a TOML text, by dotted path.
pub(super) struct Places<'a> {
    pub(super) file: String,
    pub(super) text: &'a str,
    pub(super) offsets: BTreeMap<String, usize>,
}

impl<'a> Places<'a> {
    pub(super) fn new(file: &Path, text: &'a str) -> Places<'a> {
        let mut offsets = BTreeMap::new();
        if let Ok(t) = toml::de::DeTable::parse(text) {
            collect_offsets(t.get_ref(), "", &mut offsets);
        }
        Places {
            file: file.display().to_string(),
            text,
            offsets,
        }
    }

    pub(super) fn offset(&self, key: &str) -> usize {
        // The key itself, or the nearest enclosing key that was written.
        let mut k = key;
        loop {
            if let Some(&o) = self.offsets.get(k) {
                return o;
            }
            match k.rfind('.') {
                Some(i) => k = &k[..i],
                None => return 0,
            }
        }
    }

    pub(super) fn at(&self, key: &str) -> String {
        let (line, col) = line_col(self.text, self.offset(key));
        format!("{}:{line}:{col}", self.file)
    }
}

pub(super) fn collect_offsets(
    t: &toml::de::DeTable<'_>,
    prefix: &str,
    out: &mut BTreeMap<String, usize>,
) {
    for (k, v) in t.iter() {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        out.entry(path.clone()).or_insert(k.span().start);
        match v.get_ref() {
            toml::de::DeValue::Table(inner) => collect_offsets(inner, &path, out),
            // Arrays of tables ([[metrics]]): `path.0`, `path.0.key`, ...
            toml::de::DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let toml::de::DeValue::Table(inner) = item.get_ref() {
                        let at = format!("{path}.{i}");
                        let start = inner
                            .iter()
                            .map(|(k, _)| k.span().start)
                            .min()
                            .unwrap_or(item.span().start);
                        out.entry(at.clone()).or_insert(start);
                        collect_offsets(inner, &at, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Problems found in a sweep file, collected before failing.
pub(super) struct Problems(pub(super) Vec<String>);

impl Problems {
    pub(super) fn push(&mut self, place: String, msg: impl std::fmt::Display) {
        self.0.push(format!("{place}: {msg}"));
    }
}

pub(super) fn suggest(k: &str, allowed: &[&str]) -> String {
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(k, a), a))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(String::new(), |(_, a)| format!(" (did you mean `{a}`?)"))
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
