//! The classroom kit (issue 17): exercise sheets beside teaching scenarios,
//! their machine-readable "what to try" claims, and the metrics those claims
//! name.
//!
//! A teaching scenario `scenarios/teaching/NAME.toml` has an exercise sheet
//! in English (`NAME.en.md`) and in Azerbaijani (`NAME.az.md`) beside it, and
//! a teacher's answer key in `scenarios/teaching/answers/NAME.md`. Each
//! "what to try" item of a sheet is a list line holding, in this order, an
//! override in backticks, a metric in backticks and an arrow:
//!
//! ```text
//! - Set `decision.home_bias=1.5` and watch `emigration@POL:total`: it falls ↓.
//! ```
//!
//! The words around them are free (and in the sheet's language); the test
//! `tests/teaching.rs` runs every claim over three seeds, so a sheet cannot
//! promise a direction the model does not give.
//!
//! A metric is `FIELD[@CODE]:AGG`: FIELD is a column of the recorded series
//! ([`crate::observe::recorder::CountryMonth`], e.g. `emigration`,
//! `irregular_immigrants`) or `brain_drain_rate` / `net_migration`; CODE a
//! country (omitted: all countries summed); AGG `total` (sum over months),
//! `end` (last month), `mean` or `max` (over months). Counts are in people
//! (agents × people per agent).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::model::Scenario;
use crate::observe::Recorded;

/// The language suffixes of exercise sheets, in the order a report shows them.
pub const LANGUAGES: [&str; 2] = ["en", "az"];

/// Name of the copy of a sheet in a run folder, for language `lang`.
pub fn sheet_file_name(lang: &str) -> String {
    format!("exercise.{lang}.md")
}

/// Which way a metric moves when an override is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The metric is larger with the override (↑).
    Rises,
    /// The metric is smaller with the override (↓).
    Falls,
}

impl Direction {
    /// Whether `changed` relative to `base` goes this way (strictly).
    pub fn holds(self, base: f64, changed: f64) -> bool {
        match self {
            Direction::Rises => changed > base,
            Direction::Falls => changed < base,
        }
    }

    /// The arrow used in sheets.
    pub fn arrow(self) -> char {
        match self {
            Direction::Rises => '↑',
            Direction::Falls => '↓',
        }
    }
}

/// How a metric folds the months of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Sum over months (flows).
    Total,
    /// The last month (stocks).
    End,
    /// Mean over months.
    Mean,
    /// Largest month.
    Max,
}

/// A number computed from a recorded run (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    /// The column, e.g. `emigration`.
    pub field: String,
    /// The country's code; `None`: all countries summed.
    pub country: Option<String>,
    /// How months are folded.
    pub aggregate: Aggregate,
}

/// Columns that are rates, not counts: not scaled to people, and a rate of
/// "all countries" is their mean rather than their sum.
const RATES: [&str; 6] = [
    "brain_drain_rate",
    "wage_low",
    "wage_high",
    "unemployment",
    "cycle",
    "labour_supply_index",
];

impl Metric {
    /// Parses `FIELD[@CODE]:AGG`.
    pub fn parse(text: &str) -> Result<Metric, String> {
        let (head, agg) = text.rsplit_once(':').ok_or_else(|| {
            format!("metric `{text}` needs an aggregate: FIELD[@CODE]:total|end|mean|max")
        })?;
        let aggregate = match agg {
            "total" => Aggregate::Total,
            "end" => Aggregate::End,
            "mean" => Aggregate::Mean,
            "max" => Aggregate::Max,
            other => {
                return Err(format!(
                    "metric `{text}`: unknown aggregate `{other}`; allowed: total, end, mean, max"
                ));
            }
        };
        let (field, country) = match head.split_once('@') {
            Some((f, c)) => (f, Some(c.to_string())),
            None => (head, None),
        };
        if field.is_empty() || !field.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(format!("metric `{text}`: `{field}` is not a column name"));
        }
        Ok(Metric {
            field: field.to_string(),
            country,
            aggregate,
        })
    }

    /// Whether the metric is a rate (not scaled to people).
    pub fn is_rate(&self) -> bool {
        RATES.contains(&self.field.as_str())
    }

    /// The metric of a recorded run of `scenario` (counts in people).
    pub fn eval(&self, scenario: &Scenario, rec: &Recorded) -> Result<f64, String> {
        let countries: Vec<usize> = match &self.country {
            Some(code) => vec![
                scenario
                    .countries
                    .iter()
                    .position(|c| &c.code == code)
                    .ok_or_else(|| format!("metric: `{code}` is not a country of the scenario"))?,
            ],
            None => (0..rec.k).collect(),
        };
        let months = rec.months.len() as u32;
        if months == 0 {
            return Err("metric: the run recorded no month".into());
        }
        let mut per_month = Vec::with_capacity(months as usize);
        for t in 0..months {
            let rows = rec.month(t);
            let mut v = 0.0;
            for &c in &countries {
                v += self.row_value(&rows[c])?;
            }
            if self.is_rate() {
                v /= countries.len() as f64;
            }
            per_month.push(v);
        }
        let folded = match self.aggregate {
            Aggregate::Total => per_month.iter().sum(),
            Aggregate::End => per_month[per_month.len() - 1],
            Aggregate::Mean => per_month.iter().sum::<f64>() / per_month.len() as f64,
            Aggregate::Max => per_month.iter().copied().fold(f64::MIN, f64::max),
        };
        Ok(if self.is_rate() {
            folded
        } else {
            folded * rec.people_per_agent
        })
    }

    fn row_value(&self, row: &crate::observe::recorder::CountryMonth) -> Result<f64, String> {
        match self.field.as_str() {
            "brain_drain_rate" => Ok(crate::observe::summary::ratio(
                row.high_skilled_abroad,
                row.high_skilled_natives,
            )),
            "net_migration" => Ok(row.immigration as f64 - row.emigration as f64),
            f => {
                let v = serde_json::to_value(row).map_err(|e| e.to_string())?;
                match v.get(f) {
                    Some(Value::Number(n)) => Ok(n.as_f64().unwrap_or(0.0)),
                    Some(_) => Err(format!("metric: column `{f}` is not a number")),
                    None => Err(format!("metric: `{f}` is not a column of the series")),
                }
            }
        }
    }
}

/// One "what to try" claim of a sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Try {
    /// The override, `KEY=VALUE`.
    pub set: String,
    /// What to watch.
    pub metric: Metric,
    /// The metric's text as written.
    pub metric_text: String,
    /// Which way it moves.
    pub direction: Direction,
    /// Line number in the sheet (1-based).
    pub line: usize,
}

impl Try {
    /// The override's key (before `=`).
    pub fn key(&self) -> &str {
        self.set
            .split_once('=')
            .map_or(&self.set, |(k, _)| k.trim())
    }
}

/// Every claim line of a sheet: list items (`- ` or `* `) holding an arrow
/// (↑ or ↓), an override in backticks and a metric in backticks.
pub fn parse_tries(sheet: &str) -> Result<Vec<Try>, String> {
    let mut out = Vec::new();
    for (i, line) in sheet.lines().enumerate() {
        let l = line.trim_start();
        if !(l.starts_with("- ") || l.starts_with("* ")) {
            continue;
        }
        let up = l.contains('↑');
        let down = l.contains('↓');
        if !up && !down {
            continue;
        }
        if up && down {
            return Err(format!("line {}: a claim has both ↑ and ↓", i + 1));
        }
        let ticks: Vec<&str> = l.split('`').skip(1).step_by(2).collect();
        let set = ticks.iter().find(|t| t.contains('='));
        let metric = ticks.iter().find(|t| !t.contains('=') && t.contains(':'));
        let (Some(set), Some(metric)) = (set, metric) else {
            return Err(format!(
                "line {}: a claim needs `KEY=VALUE` and `FIELD[@CODE]:AGG` in backticks",
                i + 1
            ));
        };
        out.push(Try {
            set: set.to_string(),
            metric: Metric::parse(metric).map_err(|e| format!("line {}: {e}", i + 1))?,
            metric_text: metric.to_string(),
            direction: if up {
                Direction::Rises
            } else {
                Direction::Falls
            },
            line: i + 1,
        });
    }
    Ok(out)
}

/// The sheet of a scenario file in language `lang`, if it exists:
/// `NAME.toml` → `NAME.LANG.md` beside it.
pub fn sheet_path(scenario_path: &Path, lang: &str) -> Option<PathBuf> {
    let stem = scenario_path.file_stem()?.to_str()?;
    let p = scenario_path.with_file_name(format!("{stem}.{lang}.md"));
    p.is_file().then_some(p)
}

/// Copies the exercise sheets of the scenario's own file (the first of its
/// sources) into the run folder `dir` as `exercise.LANG.md`, so that the
/// report (and `migrasim plot` later) shows them. Returns how many were
/// copied; a scenario without sheets copies none.
pub fn copy_sheets(dir: &Path, scenario: &Scenario) -> std::io::Result<usize> {
    let Some(src) = scenario.sources.first() else {
        return Ok(0);
    };
    let mut n = 0;
    for lang in LANGUAGES {
        if let Some(p) = sheet_path(Path::new(&src.path), lang) {
            std::fs::copy(&p, dir.join(sheet_file_name(lang)))?;
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_claims_in_any_language() {
        let sheet = "# x\n\n- Set `decision.home_bias=1.5`, watch `emigration@POL:total`: it falls ↓\n\
                     - `forms.commuting_share=0.9` → `commuters_in:mean` artır ↑\n- plain item\n";
        let t = parse_tries(sheet).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].set, "decision.home_bias=1.5");
        assert_eq!(t[0].key(), "decision.home_bias");
        assert_eq!(t[0].metric.country.as_deref(), Some("POL"));
        assert_eq!(t[0].direction, Direction::Falls);
        assert_eq!(t[1].metric.aggregate, Aggregate::Mean);
        assert_eq!(t[1].direction, Direction::Rises);
        assert_eq!(t[1].line, 4);
    }

    #[test]
    fn rejects_malformed_claims() {
        assert!(parse_tries("- watch `emigration:total` ↑\n").is_err());
        assert!(parse_tries("- `a=1` `emigration:total` ↑↓\n").is_err());
        assert!(Metric::parse("emigration").is_err());
        assert!(Metric::parse("emigration:sum").is_err());
        assert!(Metric::parse("Emig:total").is_err());
    }

    #[test]
    fn directions_are_strict() {
        assert!(Direction::Rises.holds(1.0, 2.0));
        assert!(!Direction::Rises.holds(1.0, 1.0));
        assert!(Direction::Falls.holds(2.0, 1.0));
        assert!(!Direction::Falls.holds(1.0, 1.0));
    }
}
