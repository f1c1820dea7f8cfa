//! An owned TOML tree in which every key and value remembers where it was
//! written (file, line, column), so that checks made after `extends` and
//! `--set` are merged can still point at the right place.

use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::diagnostic::{Code, Diagnostic};

/// Where a key or value was written: a file (or `--set`), line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pos {
    /// File name as the user gave it, or `--set` for command-line overrides.
    pub file: Arc<str>,
    /// 1-based line (for `--set`: the number of the override, from 1).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Pos {
    /// The first character of `file`.
    pub fn start_of(file: &Arc<str>) -> Pos {
        Pos {
            file: file.clone(),
            line: 1,
            column: 1,
        }
    }
}

/// `file:line:column`, as every message that points at a place writes it.
impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub pos: Pos,
}

/// A TOML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Boolean(bool),
    /// A date or time, kept as written (the scenario uses none).
    Datetime(String),
    /// An array (also an array of tables).
    Array(Vec<Item>),
    /// A table (also an inline table).
    Table(Table),
}

impl Value {
    /// The TOML name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

/// One `key = value` of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key (one segment, not dotted).
    pub key: String,
    /// Where the key was written.
    pub key_pos: Pos,
    /// The value.
    pub item: Item,
}

/// A table: its entries in the order they were written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
}

impl Table {
    /// The entry with key `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// The entry with key `key`, mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.key == key)
    }

    /// Removes the entry with key `key`, returning it.
    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(i))
    }

    /// The entry with key `key`, added with the item `make` gives (at
    /// `key_pos`) where there is none.
    pub fn entry_or_insert(
        &mut self,
        key: &str,
        key_pos: Pos,
        make: impl FnOnce() -> Item,
    ) -> &mut Entry {
        let i = match self.entries.iter().position(|e| e.key == key) {
            Some(i) => i,
            None => {
                self.entries.push(Entry {
                    key: key.to_string(),
                    key_pos,
                    item: make(),
                });
                self.entries.len() - 1
            }
        };
        &mut self.entries[i]
    }

    /// Sets `key` to `item`, replacing any earlier value in place.
    pub fn set(&mut self, key: &str, key_pos: Pos, item: Item) {
        match self.get_mut(key) {
            Some(e) => {
                e.key_pos = key_pos;
                e.item = item;
            }
            None => self.entries.push(Entry {
                key: key.to_string(),
                key_pos,
                item,
            }),
        }
    }
}

/// Keys of which at most one may be set in a table: setting one (in an
/// extending file or with `--set`) removes the other.
pub const EXCLUSIVE: &[(&str, &str, &str)] = &[("simulation", "agents", "people_per_agent")];

/// Merges `over` into `base`: tables merge key by key (recursively), any
/// other value (arrays included) replaces the base's value.
pub fn merge(base: &mut Table, over: Table, path: &str) {
    for entry in over.entries {
        if let Some(other) = exclusive_partner(path, &entry.key) {
            base.remove(other);
        }
        let child_path = join(path, &entry.key);
        match (base.get_mut(&entry.key), entry.item.value) {
            (Some(existing), Value::Table(t)) if matches!(existing.item.value, Value::Table(_)) => {
                if let Value::Table(bt) = &mut existing.item.value {
                    merge(bt, t, &child_path);
                }
            }
            (_, value) => base.set(
                &entry.key,
                entry.key_pos,
                Item {
                    value,
                    pos: entry.item.pos,
                },
            ),
        }
    }
}

/// The key that `key` in table `path` excludes, if any.
pub fn exclusive_partner(path: &str, key: &str) -> Option<&'static str> {
    EXCLUSIVE.iter().find_map(|&(t, a, b)| {
        if t != path {
            None
        } else if key == a {
            Some(b)
        } else if key == b {
            Some(a)
        } else {
            None
        }
    })
}

/// `path.key`, or `key` at the top.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Maps byte offsets of one source text to 1-based (line, column in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// Line and column of byte `offset` (clamped to the text).
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// Parses TOML `text` from `file` into a [`Table`]; syntax errors become
/// diagnostics (the parser recovers and goes on where it can).
pub fn parse(text: &str, file: &Arc<str>) -> (Table, Vec<Diagnostic>) {
    let index = LineIndex::new(text);
    let pos = |offset: usize| {
        let (line, column) = index.locate(offset);
        Pos {
            file: file.clone(),
            line,
            column,
        }
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    let diagnostics = errors
        .iter()
        .map(|e| {
            let p = pos(e.span().map_or(0, |s| s.start));
            let message = e.message().trim_end();
            // Name the key a duplicate-key error is about.
            let duplicate = message
                .starts_with("duplicate key")
                .then(|| e.span().and_then(|s| text.get(s)))
                .flatten()
                .map(|k| k.trim().trim_matches(['"', '\'']).to_string())
                .filter(|k| !k.is_empty() && !k.contains('\n'));
            match duplicate {
                Some(k) => Diagnostic {
                    file: file.to_string(),
                    line: p.line,
                    column: p.column,
                    key: k.clone(),
                    message: format!("invalid TOML: duplicate key `{k}`"),
                    allowed: Some("each key once in a table".into()),
                    hint: Some(format!("remove one of the two `{k}` lines")),
                    code: Code::Invalid,
                },
                None => Diagnostic {
                    file: file.to_string(),
                    line: p.line,
                    column: p.column,
                    key: String::new(),
                    message: format!("invalid TOML: {message}"),
                    allowed: None,
                    hint: None,
                    code: Code::Invalid,
                },
            }
        })
        .collect();
    (convert_table(root.get_ref(), &pos), diagnostics)
}

/// Parses one value as written after `=` (for `--set`), or `None` if it is
/// not valid TOML (the caller then takes the text as a string).
pub fn parse_value(text: &str, pos: &dyn Fn(usize) -> Pos) -> Option<Item> {
    let v = DeValue::parse(text).ok()?;
    Some(Item {
        value: convert_value(v.get_ref(), pos),
        pos: pos(v.span().start),
    })
}

fn convert_table(t: &DeTable<'_>, pos: &dyn Fn(usize) -> Pos) -> Table {
    let mut entries: Vec<(usize, Entry)> = t
        .iter()
        .map(|(k, v)| {
            (
                k.span().start,
                Entry {
                    key: k.get_ref().to_string(),
                    key_pos: pos(k.span().start),
                    item: Item {
                        value: convert_value(v.get_ref(), pos),
                        pos: pos(v.span().start),
                    },
                },
            )
        })
        .collect();
    entries.sort_by_key(|(offset, _)| *offset);
    Table {
        entries: entries.into_iter().map(|(_, e)| e).collect(),
    }
}

fn convert_value(v: &DeValue<'_>, pos: &dyn Fn(usize) -> Pos) -> Value {
    match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Integer(n),
            // Beyond i64: keep it as a float so range checks report it.
            Err(_) => Value::Float(i.as_str().parse().unwrap_or(f64::INFINITY)),
        },
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Boolean(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|x| Item {
                    value: convert_value(x.get_ref(), pos),
                    pos: pos(x.span().start),
                })
                .collect(),
        ),
        DeValue::Table(t) => Value::Table(convert_table(t, pos)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        Arc::from("t.toml")
    }

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let (t, errs) = parse("a = 1\n[b]\n\"näme\" = \"x\"\nc = [1, 2.5]\n", &file());
        assert!(errs.is_empty());
        let a = t.get("a").unwrap();
        assert_eq!((a.key_pos.line, a.key_pos.column), (1, 1));
        assert_eq!((a.item.pos.line, a.item.pos.column), (1, 5));
        let Value::Table(b) = &t.get("b").unwrap().item.value else {
            panic!("b is a table")
        };
        let c = b.get("c").unwrap();
        assert_eq!((c.item.pos.line, c.item.pos.column), (4, 5));
        let Value::Array(xs) = &c.item.value else {
            panic!("c is an array")
        };
        assert_eq!(xs[1].value, Value::Float(2.5));
        assert_eq!((xs[1].pos.line, xs[1].pos.column), (4, 9));
        let n = b.get("näme").unwrap();
        assert_eq!((n.item.pos.line, n.item.pos.column), (3, 10));
    }

    #[test]
    fn a_position_prints_as_file_line_column() {
        let (t, _) = parse("a = 1\n\n  [b]\n  c = 2\n", &file());
        let Value::Table(b) = &t.get("b").unwrap().item.value else {
            panic!("b is a table")
        };
        assert_eq!(b.get("c").unwrap().key_pos.to_string(), "t.toml:4:3");
        assert_eq!(Pos::start_of(&file()).to_string(), "t.toml:1:1");
    }

    #[test]
    fn entries_keep_file_order() {
        let (t, _) = parse("z = 1\na = 2\nm = 3\n", &file());
        let keys: Vec<_> = t.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn syntax_errors_point_at_their_line() {
        let (_, errs) = parse("a = 1\nb = = 2\n", &file());
        assert!(!errs.is_empty());
        assert_eq!(errs[0].line, 2);
        assert!(errs[0].message.starts_with("invalid TOML"), "{}", errs[0]);
    }

    #[test]
    fn merge_joins_tables_and_replaces_arrays() {
        let (mut base, _) = parse(
            "[simulation]\nmonths = 12\npeople_per_agent = 100.0\n[x]\nlist = [1, 2]\n",
            &file(),
        );
        let (over, _) = parse("[simulation]\nagents = 5\n[x]\nlist = [3]\n", &file());
        merge(&mut base, over, "");
        let Value::Table(sim) = &base.get("simulation").unwrap().item.value else {
            panic!()
        };
        assert!(sim.get("months").is_some());
        assert!(sim.get("people_per_agent").is_none(), "agents excludes it");
        assert_eq!(sim.get("agents").unwrap().item.value, Value::Integer(5));
        let Value::Table(x) = &base.get("x").unwrap().item.value else {
            panic!()
        };
        let Value::Array(l) = &x.get("list").unwrap().item.value else {
            panic!()
        };
        assert_eq!(l.len(), 1);
    }
}
