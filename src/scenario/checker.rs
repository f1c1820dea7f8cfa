//! The loader's checker: reads typed values from the TOML tree against the
//! schema ([`super::schema`]) and collects every problem as a [`Diagnostic`];
//! [`At`] says where a table was written. Shared by the section readers of
//! [`super::build`] and by [`super::data_build`]; it imports nothing of them.

use super::diagnostic::{Code, Diagnostic};
use super::schema::{self, Default, Field, Kind, Section};
use super::tree::{Item, Pos, Table, Value, join};
use super::words::{did_you_mean, is_code, is_name, parse_month};
use crate::model::YearMonth;
use crate::model::keys::{Keyed, Slot};

/// Collects diagnostics (and notices) while reading the tree.
pub(super) struct Checker {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// One-line notices about the scenario that are not errors (dated
    /// elements left out because they start after the run).
    pub(super) notices: Vec<String>,
}

/// Where a table was written and its key path, for messages about it.
#[derive(Clone)]
pub(super) struct At<'t> {
    pub(super) table: &'t Table,
    pub(super) pos: Pos,
    pub(super) path: String,
}

impl Checker {
    pub(super) fn error(
        &mut self,
        pos: &Pos,
        key: &str,
        message: impl Into<String>,
        allowed: Option<String>,
        hint: Option<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            file: pos.file.to_string(),
            line: pos.line,
            column: pos.column,
            key: key.to_string(),
            message: message.into(),
            allowed,
            hint,
            code: Code::Invalid,
        });
    }

    /// The schema entry of `name` in `section`; `None` (reported as a bug
    /// of the loader, which asks only for keys its schema has) otherwise.
    pub(super) fn field(&mut self, section: &Section, name: &str) -> Option<&'static Field> {
        let f = section.field(name);
        if f.is_none() {
            self.diagnostics.push(Diagnostic {
                file: String::new(),
                line: 0,
                column: 0,
                key: join(section.path, name),
                message: "the loader reads a key its schema lacks (a bug in migrasim)".into(),
                allowed: None,
                hint: None,
                code: Code::Invalid,
            });
        }
        f
    }

    /// Reports that something required is absent ([`Code::Absent`]).
    pub(super) fn absent(&mut self, pos: &Pos, key: &str, message: &str, allowed: String) {
        self.error(pos, key, message, Some(allowed), None);
        if let Some(d) = self.diagnostics.last_mut() {
            d.code = Code::Absent;
        }
    }

    /// Reports every key of `at.table` that `section` does not know.
    pub(super) fn unknown_keys(&mut self, at: &At<'_>, section: &Section) {
        for e in &at.table.entries {
            if section.field(&e.key).is_none() {
                let names = section.names();
                self.error(
                    &e.key_pos,
                    &join(&at.path, &e.key),
                    "unknown key",
                    Some(format!("one of {}", names.join(", "))),
                    did_you_mean(&e.key, names.iter().copied()),
                );
            }
        }
    }

    /// The item of `name`, or `None` (reporting it when it is required).
    pub(super) fn item<'t>(&mut self, at: &At<'t>, field: &Field) -> Option<&'t Item> {
        match at.table.get(field.name) {
            Some(e) => Some(&e.item),
            None => {
                if field.default == Default::Required {
                    self.absent(
                        &at.pos,
                        &join(&at.path, field.name),
                        "missing required key",
                        field.kind.describe(),
                    );
                }
                None
            }
        }
    }

    pub(super) fn wrong_type(&mut self, item: &Item, key: &str, field: &Field) {
        let expected = match field.kind {
            Kind::Number(_) => "a number",
            Kind::Integer { .. } => "an integer",
            Kind::Bool => "true or false",
            Kind::Codes => "an array of strings",
            Kind::CodeMonths | Kind::CodeShares => "a table",
            Kind::Table => "a table",
            _ => "a string",
        };
        self.error(
            &item.pos,
            key,
            format!("expected {expected}, found {}", item.value.type_name()),
            Some(field.kind.describe()),
            None,
        );
    }

    /// [`Checker::wrong_type`] for the key `name` of `section`.
    pub(super) fn wrong_type_of(&mut self, item: &Item, key: &str, section: &Section, name: &str) {
        if let Some(field) = self.field(section, name) {
            self.wrong_type(item, key, field);
        }
    }

    /// A number key, or its default; `None` where absent without a default
    /// or wrong (reported).
    pub(super) fn number(&mut self, at: &At<'_>, section: &Section, name: &str) -> Option<f64> {
        let field = self.field(section, name)?;
        let key = join(&at.path, name);
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Number(x) => Some(x),
                _ => None,
            };
        };
        let x = match item.value {
            Value::Integer(n) => n as f64,
            Value::Float(x) => x,
            _ => {
                self.wrong_type(item, &key, field);
                return None;
            }
        };
        let Kind::Number(range) = field.kind else {
            return Some(x);
        };
        if range.contains(x) {
            return Some(x);
        }
        let hint = (field.unit == "share" && x > 1.0 && x <= 100.0)
            .then(|| format!("write shares as fractions: {} % is {}", x, x / 100.0));
        self.error(
            &item.pos,
            &key,
            format!("{} is out of range", schema::fmt_num(x)),
            Some(range.describe()),
            hint,
        );
        None
    }

    /// An integer key, or its default.
    pub(super) fn integer(&mut self, at: &At<'_>, section: &Section, name: &str) -> Option<i64> {
        let field = self.field(section, name)?;
        let key = join(&at.path, name);
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Integer(n) => Some(n),
                _ => None,
            };
        };
        let n = match item.value {
            Value::Integer(n) => n,
            // An integer literal beyond i64 is kept as a float by the tree.
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() >= 9.2e18 => {
                self.error(
                    &item.pos,
                    &key,
                    format!("{x:.0} is out of range"),
                    Some(field.kind.describe()),
                    None,
                );
                return None;
            }
            _ => {
                self.wrong_type(item, &key, field);
                return None;
            }
        };
        if let Kind::Integer { min, max } = field.kind
            && !(min..=max).contains(&n)
        {
            self.error(
                &item.pos,
                &key,
                format!("{n} is out of range"),
                Some(field.kind.describe()),
                None,
            );
            return None;
        }
        Some(n)
    }

    /// A boolean key, or its default.
    pub(super) fn boolean(&mut self, at: &At<'_>, section: &Section, name: &str) -> Option<bool> {
        let field = self.field(section, name)?;
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Bool(b) => Some(b),
                _ => None,
            };
        };
        match item.value {
            Value::Boolean(b) => Some(b),
            _ => {
                self.wrong_type(item, &join(&at.path, name), field);
                None
            }
        }
    }

    /// A string key (checked against its kind), or its default; also returns
    /// where it was written.
    pub(super) fn string(
        &mut self,
        at: &At<'_>,
        section: &Section,
        name: &str,
    ) -> Option<(String, Pos)> {
        let field = self.field(section, name)?;
        let key = join(&at.path, name);
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Text(s) => Some((s.to_string(), at.pos.clone())),
                _ => None,
            };
        };
        let Value::String(s) = &item.value else {
            self.wrong_type(item, &key, field);
            return None;
        };
        let ok = match field.kind {
            Kind::Code => is_code(s),
            Kind::Name => is_name(s),
            Kind::Choice(words) => words.contains(&s.as_str()),
            Kind::Text => !s.trim().is_empty() || field.default != Default::Required,
            _ => true,
        };
        if !ok {
            let hint = match field.kind {
                Kind::Choice(words) => did_you_mean(s, words.iter().copied()),
                Kind::Code if is_code(&s.to_uppercase()) => {
                    Some(format!("did you mean \"{}\"?", s.to_uppercase()))
                }
                _ => None,
            };
            self.error(
                &item.pos,
                &key,
                format!("\"{s}\" is not allowed"),
                Some(field.kind.describe()),
                hint,
            );
            return None;
        }
        Some((s.clone(), item.pos.clone()))
    }

    /// A month key (`"YYYY-MM"`), `Some(None)` where absent and optional.
    pub(super) fn month(
        &mut self,
        at: &At<'_>,
        section: &Section,
        name: &str,
    ) -> Option<Option<YearMonth>> {
        let field = self.field(section, name)?;
        let (text, pos) = match self.string(at, section, name) {
            Some(x) => x,
            None => {
                return (at.table.get(name).is_none() && field.default == Default::Optional)
                    .then_some(None);
            }
        };
        match parse_month(&text) {
            Some(m) => Some(Some(m)),
            None => {
                self.error(
                    &pos,
                    &join(&at.path, name),
                    format!("\"{text}\" is not a month"),
                    Some(field.kind.describe()),
                    None,
                );
                None
            }
        }
    }

    /// The sub-table `name` of `at` (an empty one where absent).
    pub(super) fn table<'t>(
        &mut self,
        at: &At<'t>,
        name: &str,
        section: &Section,
    ) -> Option<At<'t>> {
        static EMPTY: Table = Table {
            entries: Vec::new(),
        };
        let path = join(&at.path, name);
        let Some(e) = at.table.get(name) else {
            return Some(At {
                table: &EMPTY,
                pos: at.pos.clone(),
                path,
            });
        };
        match &e.item.value {
            Value::Table(t) => {
                let sub = At {
                    table: t,
                    pos: e.item.pos.clone(),
                    path,
                };
                self.unknown_keys(&sub, section);
                Some(sub)
            }
            v => {
                self.error(
                    &e.item.pos,
                    &path,
                    format!("expected a table, found {}", v.type_name()),
                    Some(format!("a table [{path}]")),
                    None,
                );
                None
            }
        }
    }

    /// The tables of an array of tables `name` (`[[name]]`), with positions.
    pub(super) fn array_of_tables<'t>(
        &mut self,
        at: &At<'t>,
        name: &str,
    ) -> Vec<(usize, &'t Table, Pos)> {
        let Some(e) = at.table.get(name) else {
            return Vec::new();
        };
        let Value::Array(items) = &e.item.value else {
            self.error(
                &e.item.pos,
                name,
                format!(
                    "expected an array of tables, found {}",
                    e.item.value.type_name()
                ),
                Some(format!("[[{name}]] tables")),
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match &item.value {
                Value::Table(t) => out.push((i, t, item.pos.clone())),
                v => self.error(
                    &item.pos,
                    &format!("{name}.{i}"),
                    format!("expected a table, found {}", v.type_name()),
                    Some(format!("[[{name}]] tables")),
                    None,
                ),
            }
        }
        out
    }

    /// The index in `codes` of the country named by the code key `name`;
    /// `None` where absent, wrong or unknown (reported).
    pub(super) fn country(
        &mut self,
        at: &At<'_>,
        section: &Section,
        name: &str,
        codes: &[&str],
    ) -> Option<usize> {
        let (code, pos) = self.string(at, section, name)?;
        lookup_code(self, &code, &pos, &join(&at.path, name), codes)
    }

    /// The tables of the array of tables `name` of `top`, each at its
    /// path `name.i`, their unknown keys reported.
    pub(super) fn elements<'t>(
        &mut self,
        top: &At<'t>,
        name: &str,
        section: &Section,
    ) -> Vec<At<'t>> {
        let mut out = Vec::new();
        for (i, table, pos) in self.array_of_tables(top, name) {
            let at = At {
                table,
                pos,
                path: format!("{name}.{i}"),
            };
            self.unknown_keys(&at, section);
            out.push(at);
        }
        out
    }

    /// A model value filled from the keys of its section in `at` (each
    /// absent or wrong key at its schema default; wrong ones reported).
    pub(super) fn keyed<T: Keyed>(&mut self, at: Option<&At<'_>>) -> T {
        let mut v = T::from_defaults();
        if let Some(at) = at {
            self.fill(&mut v, at, |_| true);
        }
        v
    }

    /// An element of an array of tables (or a table) filled from the keys
    /// of its section in `at`, with the keys that were wrong or missing.
    pub(super) fn element<T: Keyed>(&mut self, at: &At<'_>) -> Filled<T> {
        let mut value = T::from_defaults();
        let failed = self.fill(&mut value, at, |_| true);
        Filled { value, failed }
    }

    /// Reads the keys of `T` in `at` that `which` picks, in the order of the
    /// schema, into `v` (a key absent or wrong leaves its field as it is);
    /// returns the keys that were reported (wrong, or required and absent).
    pub(super) fn fill<T: Keyed>(
        &mut self,
        v: &mut T,
        at: &At<'_>,
        which: impl Fn(&str) -> bool,
    ) -> Vec<&'static str> {
        let s = T::SECTION;
        let mut failed = Vec::new();
        for (f, slot) in T::keys().filter(|(f, _)| which(f.name)) {
            let before = self.diagnostics.len();
            match slot {
                Slot::Number(p) => {
                    if let Some(x) = self.number(at, s, f.name) {
                        *p(v) = x;
                    }
                }
                Slot::Maybe(p) => {
                    if let Some(x) = self.number(at, s, f.name) {
                        *p(v) = Some(x);
                    }
                }
                Slot::Count(p) => {
                    if let Some(n) = self
                        .integer(at, s, f.name)
                        .and_then(|n| u32::try_from(n).ok())
                    {
                        *p(v) = n;
                    }
                }
                Slot::MaybeCount(p) => {
                    if let Some(n) = self
                        .integer(at, s, f.name)
                        .and_then(|n| u32::try_from(n).ok())
                    {
                        *p(v) = Some(n);
                    }
                }
                Slot::Small(p) => {
                    if let Some(n) = self
                        .integer(at, s, f.name)
                        .and_then(|n| u8::try_from(n).ok())
                    {
                        *p(v) = n;
                    }
                }
                Slot::Whole(p) => {
                    if let Some(n) = self
                        .integer(at, s, f.name)
                        .and_then(|n| u64::try_from(n).ok())
                    {
                        *p(v) = n;
                    }
                }
                Slot::Flag(p) => {
                    if let Some(b) = self.boolean(at, s, f.name) {
                        *p(v) = b;
                    }
                }
                Slot::Date(p) => {
                    if let Some(Some(m)) = self.month(at, s, f.name) {
                        *p(v) = m;
                    }
                }
                Slot::Month(p) => {
                    if let Some(m) = self.month(at, s, f.name) {
                        *p(v) = m;
                    }
                }
                Slot::Text(p) => {
                    if let Some((t, _)) = self.string(at, s, f.name) {
                        *p(v) = t;
                    }
                }
                Slot::Choice(p) => {
                    if let Some((w, _)) = self.string(at, s, f.name) {
                        p(v, &w);
                    }
                }
            }
            if self.diagnostics.len() > before {
                failed.push(f.name);
            }
        }
        failed
    }
}

/// A model value filled by [`Checker::element`] and the keys that were
/// reported (wrong, or required and absent): their fields are blank, or
/// at their schema defaults.
pub(super) struct Filled<T> {
    pub(super) value: T,
    pub(super) failed: Vec<&'static str>,
}

impl<T> Filled<T> {
    /// Whether every key was read (absent ones at their defaults).
    pub(super) fn ok(&self) -> bool {
        self.failed.is_empty()
    }

    /// Whether the key `name` was read (or absent with a default).
    pub(super) fn read(&self, name: &str) -> bool {
        !self.failed.contains(&name)
    }
}

/// Element `n` of the country-code list at `key`: its code and its key
/// (`key[n]`), or `None` after reporting an element that is not a string.
pub(super) fn list_code<'t>(
    c: &mut Checker,
    key: &str,
    n: usize,
    x: &'t Item,
) -> Option<(&'t str, String)> {
    let nkey = format!("{key}[{n}]");
    let Value::String(code) = &x.value else {
        c.error(
            &x.pos,
            &nkey,
            format!("expected a country code, found {}", x.value.type_name()),
            Some(Kind::Codes.describe()),
            None,
        );
        return None;
    };
    Some((code, nkey))
}

pub(super) fn lookup_code(
    c: &mut Checker,
    code: &str,
    pos: &Pos,
    key: &str,
    codes: &[&str],
) -> Option<usize> {
    if let Some(i) = codes.iter().position(|x| *x == code) {
        return Some(i);
    }
    if !codes.is_empty() {
        c.error(
            pos,
            key,
            format!("\"{code}\" is not a country of this scenario"),
            Some("the code of a country of the scenario".into()),
            did_you_mean(code, codes.iter().copied()),
        );
    }
    None
}
