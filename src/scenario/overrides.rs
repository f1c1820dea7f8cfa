//! `--set KEY=VALUE` overrides, applied to the merged tree before it is
//! checked, so an override is validated exactly like a value in a file.
//!
//! Keys are dotted paths. Elements of an array of tables are chosen by
//! index or by their `code` (countries) or `name` (blocs):
//! `country.POL.wage_low=900`, `country.0.unemployment=0.1`,
//! `bloc.EU.free_movement=false`. The value is read as TOML; text that is
//! not valid TOML is taken as a string (`--set simulation.start=2004-05`).
//! Problems are reported as `--set:N:COL` with N the number of the override.

use std::sync::Arc;

use super::diagnostic::{Code, Diagnostic};
use super::tree::{self, Item, Pos, Table, Value, exclusive_partner};
use super::words::did_you_mean;

/// The file label of problems in overrides.
pub const LABEL: &str = "--set";

/// Applies `overrides` to `root` in order, returning the problems found.
pub fn apply(root: &mut Table, overrides: &[String]) -> Vec<Diagnostic> {
    let label: Arc<str> = Arc::from(LABEL);
    let mut problems = Vec::new();
    for (n, text) in overrides.iter().enumerate() {
        let at = |column: usize| Pos {
            file: label.clone(),
            line: n + 1,
            column,
        };
        if let Err(d) = apply_one(root, text, &at) {
            problems.push(*d);
        }
    }
    problems
}

/// Applies the `set = ["KEY=VALUE", ...]` list of a scenario file, each
/// string given with the place it starts in the file, so that problems
/// point into the file.
pub fn apply_in_file(root: &mut Table, sets: &[(String, Pos)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (text, pos) in sets {
        let at = |column: usize| Pos {
            file: pos.file.clone(),
            line: pos.line,
            column: pos.column + column,
        };
        if let Err(d) = apply_one(root, text, &at) {
            problems.push(*d);
        }
    }
    problems
}

fn problem(
    pos: Pos,
    key: &str,
    message: String,
    allowed: &str,
    hint: Option<String>,
) -> Box<Diagnostic> {
    Box::new(Diagnostic {
        file: pos.file.to_string(),
        line: pos.line,
        column: pos.column,
        key: key.to_string(),
        message,
        allowed: Some(allowed.to_string()),
        hint,
        code: Code::Invalid,
    })
}

fn apply_one(
    root: &mut Table,
    text: &str,
    at: &dyn Fn(usize) -> Pos,
) -> Result<(), Box<Diagnostic>> {
    let Some((key, raw)) = text.split_once('=') else {
        return Err(problem(
            at(1),
            text,
            "an override needs a value".into(),
            "KEY=VALUE, e.g. decision.home_bias=0.8",
            None,
        ));
    };
    let key = key.trim();
    let segments: Vec<&str> = key.split('.').map(str::trim).collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(problem(
            at(1),
            key,
            "the key has an empty part".into(),
            "a dotted key, e.g. country.POL.wage_low",
            None,
        ));
    }
    if segments[0] == "extends" {
        return Err(problem(
            at(1),
            key,
            "extends cannot be overridden".into(),
            "any key but extends",
            Some("name the other file as the scenario instead".into()),
        ));
    }
    let lead = raw.len() - raw.trim_start().len();
    let value_col = key_chars(text) + 2 + raw[..lead].chars().count();
    let value_text = raw.trim();
    let item = tree::parse_value(value_text, &|offset| {
        let chars = value_text
            .get(..offset)
            .map_or(offset, |s| s.chars().count());
        at(value_col + chars)
    })
    .map(|it| Item {
        pos: at(value_col),
        ..it
    })
    .unwrap_or_else(|| Item {
        value: Value::String(value_text.to_string()),
        pos: at(value_col),
    });
    set_path(root, &segments, "", String::new(), item, &at(1))
}

/// Characters before the `=`.
fn key_chars(text: &str) -> usize {
    text.split_once('=').map_or(0, |(k, _)| k.chars().count())
}

fn set_path(
    table: &mut Table,
    segments: &[&str],
    schema_path: &str,
    shown: String,
    item: Item,
    key_pos: &Pos,
) -> Result<(), Box<Diagnostic>> {
    let (seg, rest) = (segments[0], &segments[1..]);
    let shown = tree::join(&shown, seg);
    if rest.is_empty() {
        if let Some(other) = exclusive_partner(schema_path, seg) {
            table.remove(other);
        }
        table.set(seg, key_pos.clone(), item);
        return Ok(());
    }
    let child_path = tree::join(schema_path, seg);
    let entry = table.entry_or_insert(seg, key_pos.clone(), || Item {
        value: Value::Table(Table::default()),
        pos: key_pos.clone(),
    });
    match &mut entry.item.value {
        Value::Table(t) => set_path(t, rest, &child_path, shown, item, key_pos),
        Value::Array(items) => {
            let selector = rest[0];
            let index = select(items, selector).ok_or_else(|| {
                let names: Vec<String> = items.iter().filter_map(element_name).collect();
                problem(
                    key_pos.clone(),
                    &format!("{shown}.{selector}"),
                    format!("{shown} has no element \"{selector}\""),
                    "an index from 0 or the code (countries) or name (blocs) of an element",
                    did_you_mean(selector, names.iter().map(String::as_str)),
                )
            })?;
            let shown = format!("{shown}.{selector}");
            if rest.len() == 1 {
                items[index] = item;
                return Ok(());
            }
            match &mut items[index].value {
                Value::Table(t) => set_path(t, &rest[1..], &child_path, shown, item, key_pos),
                v => Err(not_a_table(key_pos, &shown, v)),
            }
        }
        v => Err(not_a_table(key_pos, &shown, v)),
    }
}

fn not_a_table(pos: &Pos, shown: &str, v: &Value) -> Box<Diagnostic> {
    problem(
        pos.clone(),
        shown,
        format!("{shown} is {}, not a table", v.type_name()),
        "a key inside a table",
        None,
    )
}

/// The element an override selects: by index, or by `code` / `name`.
fn select(items: &[Item], selector: &str) -> Option<usize> {
    if let Ok(i) = selector.parse::<usize>() {
        return (i < items.len()).then_some(i);
    }
    items
        .iter()
        .position(|it| element_name(it).as_deref() == Some(selector))
}

fn element_name(item: &Item) -> Option<String> {
    let Value::Table(t) = &item.value else {
        return None;
    };
    ["code", "name"]
        .iter()
        .find_map(|k| match t.get(k).map(|e| &e.item.value) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Table {
        tree::parse(text, &Arc::from("s.toml")).0
    }

    fn get<'a>(t: &'a Table, path: &[&str]) -> &'a Value {
        let mut v = &t.get(path[0]).unwrap().item.value;
        for seg in &path[1..] {
            v = match v {
                Value::Table(t) => &t.get(seg).unwrap().item.value,
                Value::Array(xs) => &xs[seg.parse::<usize>().unwrap()].value,
                _ => panic!("not a container"),
            };
        }
        v
    }

    #[test]
    fn overrides_set_values_by_path_code_and_index() {
        let mut t = tree(
            "[decision]\nhome_bias = 0.5\n[[country]]\ncode = \"DEU\"\nwage_low = 1\n[[country]]\ncode = \"POL\"\nwage_low = 2\n",
        );
        let problems = apply(
            &mut t,
            &[
                "decision.home_bias=0.8".into(),
                "country.POL.wage_low = 900".into(),
                "country.0.name=Germany".into(),
                "simulation.start=2004-05".into(),
            ],
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(get(&t, &["decision", "home_bias"]), &Value::Float(0.8));
        assert_eq!(get(&t, &["country", "1", "wage_low"]), &Value::Integer(900));
        assert_eq!(
            get(&t, &["country", "0", "name"]),
            &Value::String("Germany".into())
        );
        assert_eq!(
            get(&t, &["simulation", "start"]),
            &Value::String("2004-05".into())
        );
        let Value::Table(d) = get(&t, &["decision"]) else {
            panic!()
        };
        let p = &d.get("home_bias").unwrap().item.pos;
        assert_eq!((&*p.file, p.line, p.column), ("--set", 1, 20));
    }

    #[test]
    fn a_missing_element_is_reported_with_a_hint() {
        let mut t = tree("[[country]]\ncode = \"POL\"\n");
        let problems = apply(&mut t, &["x=1".into(), "country.PLO.wage_low=3".into()]);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "--set:2:1: country.PLO: country has no element \"PLO\"; allowed: an index from 0 \
             or the code (countries) or name (blocs) of an element (did you mean \"POL\"?)"
        );
    }

    #[test]
    fn an_override_without_a_value_is_an_error() {
        let mut t = Table::default();
        let p = apply(&mut t, &["decision.home_bias".into()]);
        assert_eq!(
            p[0].to_string(),
            "--set:1:1: decision.home_bias: an override needs a value; allowed: KEY=VALUE, e.g. decision.home_bias=0.8"
        );
    }

    #[test]
    fn setting_agents_removes_people_per_agent() {
        let mut t = tree("[simulation]\npeople_per_agent = 100.0\n");
        assert!(apply(&mut t, &["simulation.agents=500".into()]).is_empty());
        let Value::Table(s) = get(&t, &["simulation"]) else {
            panic!()
        };
        assert!(s.get("people_per_agent").is_none());
        assert_eq!(s.get("agents").unwrap().item.value, Value::Integer(500));
    }
}
