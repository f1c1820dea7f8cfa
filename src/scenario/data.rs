//! Data beside a scenario (issue 13): the `[data]` tables (`series.csv`,
//! per-country series interpolated to months; `stocks.csv`, initial
//! bilateral migrant stocks; `pairs.csv`, distances and shared borders of
//! pairs of countries) and the inline `[[stock]]` tables.
//!
//! CSV files are read as strictly as scenario files: every problem is
//! reported with file:line:column, the column, what is wrong and what is
//! allowed (docs/data-tables.md describes the formats).

use std::path::Path;

use super::diagnostic::Diagnostic;
use super::schema::{self, Kind};
use super::words::did_you_mean;
use crate::model::keys::Keyed;
use crate::model::{SourceFile, YearMonth};
use crate::world::Grid;

pub use crate::model::data::*;

use super::csv_file::{Csv, country, field_count, header, number};

/// Parses a series date: `YYYY` (July of that year) or `YYYY-MM`.
pub fn parse_date(s: &str) -> Option<YearMonth> {
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        let year: i32 = s.parse().ok()?;
        return (year >= 1).then_some(YearMonth { year, month: 7 });
    }
    super::words::parse_month(s)
}

/// The kind of values a series variable (or stock column) takes: the
/// range of the `[[country]]` key of the same name.
fn var_kind(name: &str) -> Kind {
    match name {
        // A resident population may be zero in a month of the data.
        "population" => Kind::Number(schema::Range::NON_NEGATIVE),
        _ => schema::COUNTRY
            .field(name)
            .map_or(Kind::Number(schema::Range::NON_NEGATIVE), |f| f.kind),
    }
}

/// Reads a `series.csv` for the countries `codes` and the months
/// `start ..= start + months` (every step and the month after the last).
pub fn read_series(
    path: &Path,
    label: &str,
    codes: &[&str],
    ignore_others: bool,
    start: YearMonth,
    months: u32,
) -> Result<(Series, SourceFile), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let (csv, source, head, body) = Csv::open(
        path,
        label,
        "a header country,date,<variable>... and one row per country and date",
        &mut problems,
    )?;
    let (head, body) = (&head, &body[..]);
    let Some(header) = header(
        &csv,
        head,
        &["country", "date"],
        &SERIES_COLUMNS,
        &mut problems,
    ) else {
        return Err(problems);
    };
    let k = codes.len();
    let vars: Vec<usize> = header.names[2..]
        .iter()
        .map(|n| SERIES_COLUMNS.iter().position(|c| c == n).unwrap_or(0))
        .collect();
    // Observations by (var, country): (month index, value).
    let mut obs: Grid<Vec<(i64, f64)>> = Grid::rect(SERIES_COLUMNS.len(), k, Vec::new());
    let mut seen: Vec<((usize, i64), usize)> = Vec::new();
    for row in body {
        if !field_count(&csv, row, &header, &mut problems) {
            continue;
        }
        let Ok(j) = country(&csv, row, 0, "country", codes, ignore_others, &mut problems) else {
            continue;
        };
        let Some(date) = parse_date(&row.fields[1]) else {
            problems.push(csv.error(
                row.line,
                row.col(1),
                "date",
                format!("\"{}\" is not a date", row.fields[1]),
                Some("a year YYYY (taken as July) or a month YYYY-MM".into()),
                None,
            ));
            continue;
        };
        let Some(j) = j else { continue };
        let m = date.index();
        if let Some((_, first)) = seen.iter().find(|(key, _)| *key == (j, m)) {
            problems.push(csv.error(
                row.line,
                row.col(1),
                "date",
                format!("{} {} is given twice", codes[j], row.fields[1]),
                Some("one row per country and date".into()),
                Some(format!("first given at line {first}")),
            ));
            continue;
        }
        seen.push(((j, m), row.line));
        for (n, &v) in vars.iter().enumerate() {
            let name = SERIES_COLUMNS[v];
            if let Ok(Some(x)) = number(&csv, row, n + 2, name, var_kind(name), &mut problems) {
                obs[(v, j)].push((m, x));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let first = start.index();
    let paths = obs.map(|o| {
        if o.is_empty() {
            return None;
        }
        let mut o = o.clone();
        o.sort_by_key(|&(m, _)| m);
        Some(
            (0..=months as i64)
                .map(|t| interpolate(&o, first + t))
                .collect(),
        )
    });
    Ok((Series::from_paths(paths), source))
}

/// The value at month `m` of observations sorted by month: linear between
/// observations, the nearest one before the first and after the last.
pub fn interpolate(obs: &[(i64, f64)], m: i64) -> f64 {
    let after = obs.partition_point(|&(x, _)| x <= m);
    if after == 0 {
        return obs[0].1;
    }
    let (m0, v0) = obs[after - 1];
    if after == obs.len() || m0 == m {
        return v0;
    }
    let (m1, v1) = obs[after];
    v0 + (v1 - v0) * (m - m0) as f64 / (m1 - m0) as f64
}

/// Reads a `stocks.csv` (`origin,residence,people[,skill][,legal_share]`).
pub fn read_stocks(
    path: &Path,
    label: &str,
    codes: &[&str],
    ignore_others: bool,
) -> Result<(Vec<Stock>, SourceFile), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let (csv, source, head, body) = Csv::open(
        path,
        label,
        "a header origin,residence,people[,skill][,legal_share] and one row per stock",
        &mut problems,
    )?;
    let (head, body) = (&head, &body[..]);
    let Some(header) = header(
        &csv,
        head,
        &["origin", "residence", "people"],
        &["skill", "legal_share"],
        &mut problems,
    ) else {
        return Err(problems);
    };
    let skill_at = header.names.iter().position(|n| n == "skill");
    let legal_at = header.names.iter().position(|n| n == "legal_share");
    let mut out = Vec::new();
    let mut seen: Vec<((usize, usize, StockSkill), usize)> = Vec::new();
    for row in body {
        if !field_count(&csv, row, &header, &mut problems) {
            continue;
        }
        let o = country(&csv, row, 0, "origin", codes, ignore_others, &mut problems);
        let r = country(
            &csv,
            row,
            1,
            "residence",
            codes,
            ignore_others,
            &mut problems,
        );
        let people = number(
            &csv,
            row,
            2,
            "people",
            Kind::Number(schema::Range::NON_NEGATIVE),
            &mut problems,
        );
        let skill = match skill_at.map(|i| (i, row.fields[i].as_str())) {
            None | Some((_, "" | "all")) => Some(StockSkill::All),
            Some((_, "low")) => Some(StockSkill::Low),
            Some((_, "high")) => Some(StockSkill::High),
            Some((i, other)) => {
                problems.push(csv.error(
                    row.line,
                    row.col(i),
                    "skill",
                    format!("\"{other}\" is not allowed"),
                    Some(Kind::Choice(STOCK_SKILLS).describe()),
                    did_you_mean(other, STOCK_SKILLS.iter().copied()),
                ));
                None
            }
        };
        let legal = match legal_at {
            Some(i) => number(
                &csv,
                row,
                i,
                "legal_share",
                Kind::Number(schema::Range::closed(0.0, 1.0)),
                &mut problems,
            )
            .map(|x| x.unwrap_or_else(default_legal_share)),
            None => Ok(default_legal_share()),
        };
        let (Ok(Some(o)), Ok(Some(r)), Ok(people), Some(skill), Ok(legal_share)) =
            (o, r, people, skill, legal)
        else {
            continue;
        };
        if o == r {
            problems.push(csv.error(
                row.line,
                row.col(1),
                "residence",
                format!("{} is the origin itself", codes[r]),
                Some("a country other than the origin (natives at home are the population less the immigrants)".into()),
                None,
            ));
            continue;
        }
        let Some(people) = people else {
            problems.push(csv.error(
                row.line,
                row.col(2),
                "people",
                "empty".into(),
                Some("a number ≥ 0".into()),
                None,
            ));
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(key, _)| *key == (o, r, skill)) {
            problems.push(csv.error(
                row.line,
                row.col(0),
                "origin",
                format!("the stock {} → {} is given twice", codes[o], codes[r]),
                Some("one row per origin, residence and skill".into()),
                Some(format!("first given at line {first}")),
            ));
            continue;
        }
        seen.push(((o, r, skill), row.line));
        out.push(Stock {
            origin: o,
            residence: r,
            people,
            skill,
            legal_share,
        });
    }
    if problems.is_empty() {
        Ok((out, source))
    } else {
        Err(problems)
    }
}

/// Reads a `pairs.csv` (`a,b,km[,contiguous][,common_language][,colony][,source]`):
/// one row per pair of countries, in either order.
pub fn read_pairs(
    path: &Path,
    label: &str,
    codes: &[&str],
    ignore_others: bool,
) -> Result<(Vec<PairRow>, SourceFile), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let (csv, source, head, body) = Csv::open(
        path,
        label,
        "a header a,b,km[,contiguous] and one row per pair of countries",
        &mut problems,
    )?;
    let (head, body) = (&head, &body[..]);
    let Some(header) = header(&csv, head, &["a", "b", "km"], &PAIR_COLUMNS, &mut problems) else {
        return Err(problems);
    };
    let contiguous_at = header.names.iter().position(|n| n == "contiguous");
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    for row in body {
        if !field_count(&csv, row, &header, &mut problems) {
            continue;
        }
        let a = country(&csv, row, 0, "a", codes, ignore_others, &mut problems);
        let b = country(&csv, row, 1, "b", codes, ignore_others, &mut problems);
        let km = number(
            &csv,
            row,
            2,
            "km",
            Kind::Number(schema::Range::NON_NEGATIVE),
            &mut problems,
        );
        let contiguous = match contiguous_at.map(|i| (i, row.fields[i].as_str())) {
            None | Some((_, "" | "0")) => Some(false),
            Some((_, "1")) => Some(true),
            Some((i, other)) => {
                problems.push(csv.error(
                    row.line,
                    row.col(i),
                    "contiguous",
                    format!("\"{other}\" is not allowed"),
                    Some("1 (a shared land border), 0 or empty (none)".into()),
                    None,
                ));
                None
            }
        };
        let (Ok(Some(a)), Ok(Some(b)), Ok(km), Some(contiguous)) = (a, b, km, contiguous) else {
            continue;
        };
        if a == b {
            problems.push(csv.error(
                row.line,
                row.col(1),
                "b",
                format!("{} is a itself", codes[b]),
                Some("a country other than a".into()),
                None,
            ));
            continue;
        }
        let key = (a.min(b), a.max(b));
        if let Some(first) = seen.get(&key) {
            problems.push(csv.error(
                row.line,
                row.col(0),
                "a",
                format!("the pair {} – {} is given twice", codes[a], codes[b]),
                Some("one row per pair of countries, in either order".into()),
                Some(format!("first given at line {first}")),
            ));
            continue;
        }
        seen.insert(key, row.line);
        out.push(PairRow {
            a,
            b,
            km,
            contiguous,
        });
    }
    if problems.is_empty() {
        Ok((out, source))
    } else {
        Err(problems)
    }
}

/// The `legal_share` of a stock row that gives none: the schema's default
/// (`[[stock]] legal_share`).
fn default_legal_share() -> f64 {
    <Stock as Keyed>::from_defaults().legal_share
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::csv_file::field_columns;

    #[test]
    fn interpolation_is_linear_and_flat_outside() {
        let o = [(10, 1.0), (22, 13.0)];
        assert_eq!(interpolate(&o, 0), 1.0);
        assert_eq!(interpolate(&o, 10), 1.0);
        assert_eq!(interpolate(&o, 16), 7.0);
        assert_eq!(interpolate(&o, 22), 13.0);
        assert_eq!(interpolate(&o, 40), 13.0);
    }

    #[test]
    fn columns_of_fields_respect_quotes() {
        assert_eq!(field_columns("ab,c,,\"x,y\",z"), vec![1, 4, 6, 7, 13]);
    }

    #[test]
    fn years_are_july_and_months_are_months() {
        assert_eq!(
            parse_date("1990"),
            Some(YearMonth {
                year: 1990,
                month: 7
            })
        );
        assert_eq!(
            parse_date("1990-02"),
            Some(YearMonth {
                year: 1990,
                month: 2
            })
        );
        assert_eq!(parse_date("1990-13"), None);
        assert_eq!(parse_date("90"), None);
    }
}
