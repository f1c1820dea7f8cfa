//! Reading an observed CSV: strict columns and values, every problem
//! reported together with file:line:column, like a scenario's.

use std::collections::HashMap;
use std::path::Path;

use super::types::{COLUMNS, Kind, Observation, Observed, REQUIRED, Skill};
use crate::error::ObservedError;
use crate::scenario::Diagnostic;

/// Reads and checks an observed-data file.
pub fn load(path: &Path) -> Result<Observed, ObservedError> {
    let label = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&text, &label),
            Err(_) => Err(ObservedError {
                diagnostics: vec![whole(&label, "the file is not UTF-8 text", None)],
            }),
        },
        Err(e) => Err(ObservedError {
            diagnostics: vec![whole(&label, &format!("cannot read the file: {e}"), None)],
        }),
    }
}

fn whole(label: &str, message: &str, hint: Option<&str>) -> Diagnostic {
    Diagnostic {
        file: label.into(),
        line: 0,
        column: 0,
        key: String::new(),
        message: message.into(),
        allowed: Some("a CSV file with the columns kind,origin,dest,year,period_years,skill,value (docs/calibration.md)".into()),
        hint: hint.map(str::to_string),
        code: crate::scenario::diagnostic::Code::Invalid,
    }
}

/// Checks observed data given as text; `label` names it in messages.
pub fn parse(text: &str, label: &str) -> Result<Observed, ObservedError> {
    let mut p = Parser {
        label,
        text,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        problems: Vec::new(),
    };
    let rows = p.rows();
    if p.problems.is_empty() {
        Ok(Observed {
            label: label.to_string(),
            rows,
        })
    } else {
        p.problems.sort_by_key(|d| (d.line, d.column));
        Err(ObservedError {
            diagnostics: p.problems,
        })
    }
}

/// The cells of one row: text and byte offset by column name.
struct Fields(HashMap<&'static str, (String, usize)>);

impl Fields {
    fn get(&self, name: &str) -> Option<(&str, usize)> {
        self.0.get(name).map(|(t, o)| (t.as_str(), *o))
    }
}

struct Parser<'a> {
    label: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
    problems: Vec<Diagnostic>,
}

/// Where a field is: line and column (1-based).
#[derive(Clone, Copy)]
struct At {
    line: usize,
    column: usize,
}

impl Parser<'_> {
    fn problem(&mut self, at: At, key: &str, message: String, allowed: &str, hint: Option<String>) {
        self.problems.push(Diagnostic {
            file: self.label.to_string(),
            line: at.line,
            column: at.column,
            key: key.to_string(),
            message,
            allowed: Some(allowed.to_string()),
            hint,
            code: crate::scenario::diagnostic::Code::Invalid,
        });
    }

    /// Line and column of byte `offset` of the text.
    fn at(&self, offset: usize) -> At {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        At { line, column }
    }

    fn rows(&mut self) -> Vec<Observation> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .comment(Some(b'#'))
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let mut records = reader.records();
        // The header.
        let header = match records.next() {
            None => {
                self.problems
                    .push(whole(self.label, "the file is empty", None));
                return Vec::new();
            }
            Some(Err(e)) => {
                self.unreadable(&e);
                return Vec::new();
            }
            Some(Ok(r)) => r,
        };
        let start = header.position().map_or(0, |p| p.byte() as usize);
        let mut index: HashMap<&'static str, usize> = HashMap::new();
        let header_starts = self.field_starts(start);
        for (i, name) in header.iter().enumerate() {
            let at = self.at(header_starts.get(i).copied().unwrap_or(start));
            let name = name.trim();
            match COLUMNS.iter().find(|c| **c == name) {
                Some(c) => {
                    if index.insert(c, i).is_some() {
                        self.problem(
                            at,
                            name,
                            "the column appears twice".into(),
                            "each column once",
                            None,
                        );
                    }
                }
                None => {
                    let hint = crate::scenario::build::did_you_mean(name, COLUMNS.iter().copied());
                    self.problem(at, name, "unknown column".into(), &COLUMNS.join(", "), hint)
                }
            }
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| !index.contains_key(c))
            .collect();
        if !missing.is_empty() {
            let at = self.at(start);
            self.problem(
                at,
                "",
                format!(
                    "the header lacks the column{} {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", ")
                ),
                "a header with kind, origin, dest, year and value (period_years, skill and source optional)",
                Some("the first line that is not a # comment is the header".into()),
            );
        }
        if !self.problems.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut seen: HashMap<(Kind, String, String, i32, u32, Skill), usize> = HashMap::new();
        for record in records {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    self.unreadable(&e);
                    continue;
                }
            };
            let start = record.position().map_or(0, |p| p.byte() as usize);
            let line = self.at(start).line;
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if record.len() != header.len() {
                self.problem(
                    At { line, column: 1 },
                    "",
                    format!(
                        "the row has {} fields, the header {}",
                        record.len(),
                        header.len()
                    ),
                    "one field per column of the header (an empty field is an empty cell)",
                    None,
                );
                continue;
            }
            let starts = self.field_starts(start);
            let fields = Fields(
                index
                    .iter()
                    .map(|(&name, &i)| {
                        (
                            name,
                            (
                                record.get(i).unwrap_or("").trim().to_string(),
                                starts.get(i).copied().unwrap_or(start),
                            ),
                        )
                    })
                    .collect(),
            );
            let field = |name: &str| fields.get(name);
            if let Some(o) = self.row(&fields) {
                let key = (
                    o.kind,
                    o.origin.clone(),
                    o.dest.clone(),
                    o.year,
                    o.period_years,
                    o.skill,
                );
                if let Some(&first) = seen.get(&key) {
                    let (_, off) = field("kind").unwrap_or(("", start));
                    let at = self.at(off);
                    self.problem(
                        at,
                        "",
                        format!(
                            "the same figure is given twice ({}, first on line {first})",
                            o.label()
                        ),
                        "one value per kind, origin, dest, year, period and skill",
                        Some("remove one of the rows".into()),
                    );
                    continue;
                }
                seen.insert(key, o.line);
                out.push(o);
            }
        }
        out
    }

    /// Byte offsets of the fields of the record starting at `start` (commas
    /// inside double quotes do not separate fields).
    fn field_starts(&self, start: usize) -> Vec<usize> {
        let mut out = vec![start];
        let mut quoted = false;
        for (i, c) in self.text[start..].char_indices() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(start + i + 1),
                '\n' if !quoted => break,
                _ => {}
            }
        }
        out
    }

    /// A record the CSV reader could not read, reported where it stopped.
    fn unreadable(&mut self, e: &csv::Error) {
        let at = self.csv_error_at(e);
        self.problem(
            at,
            "",
            format!("unreadable CSV: {e}"),
            "comma-separated values",
            None,
        );
    }

    fn csv_error_at(&self, e: &csv::Error) -> At {
        match e.position() {
            Some(p) => self.at(p.byte() as usize),
            None => At { line: 0, column: 0 },
        }
    }

    /// Checks one row; `field` gives a column's text and byte offset.
    fn row(&mut self, fields: &Fields) -> Option<Observation> {
        let field = |name: &str| fields.get(name);
        let before = self.problems.len();
        let (kind_text, kind_off) = field("kind")?;
        let line = self.at(kind_off).line;
        let kind = Kind::parse(kind_text);
        if kind.is_none() {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            let hint = crate::scenario::build::did_you_mean(kind_text, names.iter().copied());
            let at = self.at(kind_off);
            self.problem(
                at,
                "kind",
                format!("unknown kind \"{kind_text}\""),
                &names.join(", "),
                hint,
            );
        }
        let code = |p: &mut Parser, name: &str, needed: Option<bool>| -> String {
            let Some((text, off)) = field(name) else {
                return String::new();
            };
            let at = p.at(off);
            match needed {
                Some(true) if text.is_empty() => p.problem(
                    at,
                    name,
                    format!("missing: {} figures name a country here", kind_text),
                    "a country code, e.g. POL",
                    None,
                ),
                Some(false) if !text.is_empty() => p.problem(
                    at,
                    name,
                    format!("{kind_text} figures have no {name}"),
                    "an empty cell",
                    Some(
                        if name == "origin" {
                            "the country of inflow, return_inflow and net_migration goes in dest"
                        } else {
                            "the country of outflow and emigration_rate goes in origin"
                        }
                        .into(),
                    ),
                ),
                _ => {}
            }
            if !text.is_empty()
                && !text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                p.problem(
                    at,
                    name,
                    format!("\"{text}\" is not a country code"),
                    "letters, digits, '_' or '-', e.g. POL",
                    None,
                );
            }
            text.to_string()
        };
        let origin = code(self, "origin", kind.map(Kind::needs_origin));
        let dest = code(self, "dest", kind.map(Kind::needs_dest));
        if (kind == Some(Kind::Stock) || kind == Some(Kind::Flow))
            && !origin.is_empty()
            && origin == dest
        {
            let (_, off) = field("dest")?;
            let at = self.at(off);
            self.problem(
                at,
                "dest",
                format!("origin and dest are both {origin}"),
                "two different countries",
                None,
            );
        }
        let (year_text, year_off) = field("year")?;
        let year = match year_text.parse::<i32>() {
            Ok(y) if (1800..=2200).contains(&y) => y,
            _ => {
                let at = self.at(year_off);
                self.problem(
                    at,
                    "year",
                    format!("\"{year_text}\" is not a year"),
                    "a whole year in 1800..=2200, e.g. 1990",
                    None,
                );
                0
            }
        };
        let period_years = match field("period_years") {
            None | Some(("", _)) => {
                if kind.is_some_and(Kind::is_period) {
                    let (off, name) = match field("period_years") {
                        Some((_, off)) => (off, "period_years"),
                        None => (year_off, "year"),
                    };
                    let at = self.at(off);
                    self.problem(
                        at,
                        name,
                        format!("{kind_text} figures count movers over a period; its length is missing"),
                        "a whole number of years ≥ 1 in the column period_years",
                        Some("Abel-Cohen flows cover 5 years: year = the first year, period_years = 5".into()),
                    );
                }
                0
            }
            Some((text, off)) => {
                let at = self.at(off);
                match text.parse::<u32>() {
                    Ok(n) if kind.is_some_and(|k| !k.is_period()) => {
                        self.problem(
                            at,
                            "period_years",
                            format!(
                                "{kind_text} figures are taken at one date, not over {n} years"
                            ),
                            "an empty cell",
                            None,
                        );
                        0
                    }
                    Ok(n) if (1..=100).contains(&n) => n,
                    _ => {
                        self.problem(
                            at,
                            "period_years",
                            format!("\"{text}\" is not a number of years"),
                            "a whole number of years in 1..=100",
                            None,
                        );
                        0
                    }
                }
            }
        };
        let skill = match field("skill") {
            None | Some(("", _)) | Some(("total", _)) => Skill::Total,
            Some(("low", _)) => Skill::Low,
            Some(("medium", _)) => Skill::Medium,
            Some(("high", _)) => Skill::High,
            Some((text, off)) => {
                let at = self.at(off);
                self.problem(
                    at,
                    "skill",
                    format!("unknown skill \"{text}\""),
                    "empty or total, low, medium, high",
                    None,
                );
                Skill::Total
            }
        };
        if skill == Skill::Medium && kind.is_some_and(|k| k != Kind::EmigrationRate) {
            let (_, off) = field("skill")?;
            let at = self.at(off);
            self.problem(
                at,
                "skill",
                format!("{kind_text} figures have no medium skill"),
                "empty or total, low, high",
                Some("only emigration_rate has the IAB's medium education".into()),
            );
        }
        let (value_text, value_off) = field("value")?;
        let at = self.at(value_off);
        let value = match value_text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                self.problem(
                    at,
                    "value",
                    format!("\"{value_text}\" is not a number"),
                    "a number, e.g. 125000 (no thousands separators)",
                    None,
                );
                0.0
            }
        };
        match kind {
            Some(Kind::EmigrationRate) if !(0.0..=1.0).contains(&value) => self.problem(
                at,
                "value",
                format!("{value_text} is out of range"),
                "a share in [0, 1]",
                Some("write shares as fractions: 12 % is 0.12".into()),
            ),
            Some(k) if k != Kind::NetMigration && value < 0.0 => self.problem(
                at,
                "value",
                format!("{value_text} is negative"),
                "a number of people ≥ 0",
                None,
            ),
            _ => {}
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Observation {
            kind: kind?,
            origin,
            dest,
            year,
            period_years,
            skill,
            value,
            line,
        })
    }
}
