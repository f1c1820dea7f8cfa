//! CSV files beside a scenario read strictly: a file in memory with the
//! columns of its fields, its header checked against the expected columns,
//! and fields read as countries or numbers, every problem a [`Diagnostic`]
//! with file:line:column. Used by the readers in [`super::data`].

use std::path::Path;

use sha2::{Digest, Sha256};

use super::diagnostic::{Code, Diagnostic};
use super::schema::{self, Kind};
use super::words::did_you_mean;
use crate::model::SourceFile;

/// A CSV file read into memory, with what locates its fields.
pub(super) struct Csv {
    pub(super) label: String,
    pub(super) text: String,
}

/// Column (1-based, in characters) where each field of `line` starts,
/// quotes respected.
pub(super) fn field_columns(line: &str) -> Vec<usize> {
    let mut cols = vec![1];
    let mut quoted = false;
    for (n, ch) in line.chars().enumerate() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => cols.push(n + 2),
            _ => {}
        }
    }
    cols
}

/// One record of a CSV: its line, its fields and where they start.
pub(super) struct Row {
    pub(super) line: usize,
    /// Characters in the line.
    pub(super) len: usize,
    pub(super) fields: Vec<String>,
    pub(super) cols: Vec<usize>,
}

impl Csv {
    pub(super) fn read(path: &Path, label: &str) -> Result<(Csv, SourceFile), String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read \"{label}\": {e}"))?;
        let source = SourceFile {
            path: label.to_string(),
            sha256: crate::util::hex(&Sha256::digest(&bytes)),
        };
        let text =
            String::from_utf8(bytes).map_err(|_| format!("\"{label}\" is not UTF-8 text"))?;
        Ok((
            Csv {
                label: label.to_string(),
                text,
            },
            source,
        ))
    }

    /// Reads `path` and splits its records into the header and the body;
    /// a file that cannot be read or holds no record is an error whose
    /// hint names the expected `layout`. Malformed records go to `problems`.
    pub(super) fn open(
        path: &Path,
        label: &str,
        layout: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Result<(Csv, SourceFile, Row, Vec<Row>), Vec<Diagnostic>> {
        let (csv, source) = Csv::read(path, label).map_err(|m| {
            vec![Diagnostic {
                file: label.to_string(),
                line: 0,
                column: 0,
                key: String::new(),
                message: m,
                allowed: None,
                hint: None,
                code: Code::Invalid,
            }]
        })?;
        let mut rows = csv.rows(problems);
        if rows.is_empty() {
            problems.push(csv.error(
                1,
                1,
                "",
                "the file is empty".into(),
                Some(layout.to_string()),
                None,
            ));
            return Err(std::mem::take(problems));
        }
        let head = rows.remove(0);
        Ok((csv, source, head, rows))
    }

    pub(super) fn error(
        &self,
        line: usize,
        column: usize,
        key: &str,
        message: String,
        allowed: Option<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: self.label.clone(),
            line,
            column,
            key: key.to_string(),
            message,
            allowed,
            hint,
            code: Code::Invalid,
        }
    }

    /// The records (header first), skipping blank lines; a malformed
    /// record (e.g. an unclosed quote) is reported.
    pub(super) fn rows(&self, problems: &mut Vec<Diagnostic>) -> Vec<Row> {
        let lines: Vec<&str> = self.text.lines().collect();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let mut out = Vec::new();
        for rec in reader.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line() as usize);
                    if r.iter().all(|f| f.trim().is_empty()) {
                        continue;
                    }
                    let text = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
                    out.push(Row {
                        line,
                        len: text.chars().count(),
                        fields: r.iter().map(|f| f.trim().to_string()).collect(),
                        cols: field_columns(text),
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    problems.push(self.error(
                        line,
                        1,
                        "",
                        format!("cannot read the CSV record: {e}"),
                        Some("comma-separated values, one record a line".into()),
                        None,
                    ));
                    break;
                }
            }
        }
        out
    }
}

impl Row {
    pub(super) fn col(&self, i: usize) -> usize {
        self.cols.get(i).copied().unwrap_or(1)
    }
}

/// The header of a CSV: which column holds each known name.
pub(super) struct Header {
    pub(super) names: Vec<String>,
}

/// Checks the header `row` of `csv` against the `required` leading columns
/// and the `optional` others; returns the column names.
pub(super) fn header(
    csv: &Csv,
    row: &Row,
    required: &[&str],
    optional: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> Option<Header> {
    let mut ok = true;
    for (i, want) in required.iter().enumerate() {
        if row.fields.get(i).map(String::as_str) != Some(*want) {
            let found = row.fields.get(i).cloned().unwrap_or_default();
            problems.push(csv.error(
                row.line,
                row.col(i),
                want,
                format!(
                    "column {} of the header is \"{found}\", not \"{want}\"",
                    i + 1
                ),
                Some(format!("a header that starts {}", required.join(","))),
                None,
            ));
            ok = false;
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, name) in row.fields.iter().enumerate().skip(required.len()) {
        if !optional.contains(&name.as_str()) {
            problems.push(csv.error(
                row.line,
                row.col(i),
                name,
                "unknown column".into(),
                Some(format!("one of {}", optional.join(", "))),
                did_you_mean(name, optional.iter().copied()),
            ));
            ok = false;
        } else if seen.contains(&name.as_str()) {
            problems.push(csv.error(
                row.line,
                row.col(i),
                name,
                "duplicate column".into(),
                Some("each column once".into()),
                None,
            ));
            ok = false;
        }
        seen.push(name);
    }
    ok.then(|| Header {
        names: row.fields.clone(),
    })
}

/// Checks that `row` has as many fields as the header.
pub(super) fn field_count(
    csv: &Csv,
    row: &Row,
    header: &Header,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    if row.fields.len() == header.names.len() {
        return true;
    }
    // Where the first missing field would start, or the first extra one.
    let column = if row.fields.len() < header.names.len() {
        row.len + 1
    } else {
        row.col(header.names.len())
    };
    problems.push(csv.error(
        row.line,
        column,
        "",
        format!(
            "the record has {} fields, the header {}",
            row.fields.len(),
            header.names.len()
        ),
        Some(format!(
            "{} fields: {}",
            header.names.len(),
            header.names.join(",")
        )),
        None,
    ));
    false
}

/// The country of field `i` of `row`: its index, `Ok(None)` for a country
/// not in the scenario that is to be ignored, or an error (reported).
pub(super) fn country(
    csv: &Csv,
    row: &Row,
    i: usize,
    column: &str,
    codes: &[&str],
    ignore_others: bool,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<usize>, ()> {
    let code = &row.fields[i];
    if let Some(j) = codes.iter().position(|c| c == code) {
        return Ok(Some(j));
    }
    if ignore_others && super::words::is_code(code) {
        return Ok(None);
    }
    problems.push(csv.error(
        row.line,
        row.col(i),
        column,
        format!("\"{code}\" is not a country of this scenario"),
        Some("the code of a country of the scenario".into()),
        did_you_mean(code, codes.iter().copied()).or_else(|| {
            (!ignore_others).then(|| {
                "set [data] other_countries = \"ignore\" to skip rows of other countries".into()
            })
        }),
    ));
    Err(())
}

/// A number in field `i` of `row`, checked against `kind`; `Ok(None)` for
/// an empty field.
pub(super) fn number(
    csv: &Csv,
    row: &Row,
    i: usize,
    column: &str,
    kind: Kind,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<f64>, ()> {
    let text = &row.fields[i];
    if text.is_empty() {
        return Ok(None);
    }
    let allowed = kind.describe();
    let x = match text.parse::<f64>() {
        Ok(x) if x.is_finite() => x,
        _ => {
            problems.push(csv.error(
                row.line,
                row.col(i),
                column,
                format!("\"{text}\" is not a number"),
                Some(allowed),
                None,
            ));
            return Err(());
        }
    };
    if let Kind::Number(r) = kind
        && !r.contains(x)
    {
        let hint = (matches!(
            column,
            "unemployment" | "high_skilled_share" | "legal_share"
        ) && x > 1.0
            && x <= 100.0)
            .then(|| format!("write shares as fractions: {x} % is {}", x / 100.0));
        problems.push(csv.error(
            row.line,
            row.col(i),
            column,
            format!("{} is out of range", schema::fmt_num(x)),
            Some(allowed),
            hint,
        ));
        return Err(());
    }
    Ok(Some(x))
}
