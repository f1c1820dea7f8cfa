//! A comparison as text: compare.csv, compare_cells.csv and the report's
//! HTML section.

use std::fmt::Write as _;

use super::section::esc;
use super::types::{Comparison, Figures, Predictor, Set, log_floor, log10_floored};
use crate::observed::{Kind, Skill};

/// Columns of compare.csv.
pub const COMPARE_COLUMNS: &[&str] = &[
    "kind",
    "set",
    "predictor",
    "cells",
    "scale",
    "spearman",
    "pearson",
    "rmse_log10",
    "rmse",
    "ard",
];

/// Columns of compare_cells.csv.
pub const CELLS_COLUMNS: &[&str] = &[
    "kind",
    "origin",
    "dest",
    "year",
    "period_years",
    "skill",
    "observed",
    "simulated",
    "start_year",
    "start_observed",
    "log10_ratio",
];

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or(String::new(), |v| format!("{v:.decimals$}"))
}

/// A value in its kind's units: whole people, or a share.
fn value(kind: Kind, x: f64) -> String {
    if kind.is_count() {
        format!("{x:.0}")
    } else {
        format!("{x:.6}")
    }
}

impl Comparison {
    /// The figures of one kind, set and predictor.
    pub fn get(&self, kind: Kind, set: Set, predictor: Predictor) -> Option<&Figures> {
        self.figures
            .iter()
            .find(|f| f.kind == kind && f.set == set && f.predictor == predictor)
    }

    /// compare.csv as text.
    pub fn to_csv(&self) -> String {
        let mut s = COMPARE_COLUMNS.join(",");
        s.push('\n');
        for f in &self.figures {
            let rmse = f.rmse.map(|v| {
                if f.kind.is_count() {
                    format!("{v:.0}")
                } else {
                    format!("{v:.6}")
                }
            });
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{}",
                f.kind,
                f.set.as_str(),
                f.predictor.as_str(),
                f.cells,
                if f.log { "log10" } else { "linear" },
                opt(f.spearman, 4),
                opt(f.pearson, 4),
                opt(f.rmse_log10, 4),
                rmse.unwrap_or_default(),
                opt(f.ard, 4),
            );
        }
        s
    }

    /// compare_cells.csv as text: every matched cell.
    pub fn cells_csv(&self) -> String {
        let mut s = CELLS_COLUMNS.join(",");
        s.push('\n');
        for c in &self.cells {
            let o = &self.observed.rows[c.row];
            let floor = log_floor(o.kind, self.people_per_agent);
            let ratio = if o.kind.is_log() {
                format!(
                    "{:.4}",
                    log10_floored(c.simulated, floor) - log10_floored(c.observed, floor)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{},{}",
                o.kind,
                o.origin,
                o.dest,
                o.year,
                if o.period_years > 0 {
                    o.period_years.to_string()
                } else {
                    String::new()
                },
                if o.skill == Skill::Total {
                    ""
                } else {
                    o.skill.as_str()
                },
                value(o.kind, c.observed),
                value(o.kind, c.simulated),
                c.start.map_or(String::new(), |s| s.year.to_string()),
                c.start.map_or(String::new(), |s| value(o.kind, s.value)),
                ratio
            );
        }
        s
    }

    /// A plain-text table for the terminal.
    pub fn table(&self) -> String {
        let mut s = String::new();
        for (kind, c) in &self.coverage {
            let _ = write!(
                s,
                "{kind}: {} of {} observations matched",
                c.matched, c.observed
            );
            let mut why = Vec::new();
            if c.no_country > 0 {
                why.push(format!("{} name a country the run lacks", c.no_country));
            }
            if c.no_time > 0 {
                why.push(format!("{} fall outside the simulated months", c.no_time));
            }
            if c.no_skill > 0 {
                why.push(format!("{} are of a skill the engine lacks", c.no_skill));
            }
            if !why.is_empty() {
                let _ = write!(s, " ({})", why.join(", "));
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "\n{:<16} {:<7} {:<19} {:>6} {:>9} {:>8} {:>8} {:>12} {:>7}",
            "kind", "set", "predictor", "cells", "spearman", "pearson", "rmse_lg", "rmse", "ard"
        );
        for f in &self.figures {
            let rmse = f.rmse.map_or(String::new(), |v| {
                if f.kind.is_count() {
                    format!("{v:.0}")
                } else {
                    format!("{v:.4}")
                }
            });
            let _ = writeln!(
                s,
                "{:<16} {:<7} {:<19} {:>6} {:>9} {:>8} {:>8} {:>12} {:>7}",
                f.kind.as_str(),
                f.set.as_str(),
                f.predictor.as_str(),
                f.cells,
                opt(f.spearman, 3),
                opt(f.pearson, 3),
                opt(f.rmse_log10, 3),
                rmse,
                opt(f.ard, 3)
            );
        }
        s
    }

    /// The report section (an HTML fragment).
    pub fn html(&self, observed_label: &str, charts: &[(Kind, String)]) -> String {
        let mut h = String::new();
        h.push_str("<h2 id=\"compare\">Comparison with observed data</h2>\n");
        let _ = writeln!(
            h,
            "<p class=\"note\">Observed: <code>{}</code>, compared by <code>migrasim compare</code>. \
             <em>all</em>: every matched cell; <em>later</em>: cells also observed in an earlier year, \
             next to the persistence forecasts (the earliest value, and that value scaled by the kind's \
             total growth); <em>change</em>: the change since the earliest year. rmse in people \
             (emigration rates: shares); ard is Flee's averaged relative difference.</p>",
            esc(observed_label)
        );
        h.push_str("<ul>\n");
        for (kind, c) in &self.coverage {
            let _ = writeln!(
                h,
                "<li>{}: {} of {} observations matched</li>",
                kind, c.matched, c.observed
            );
        }
        h.push_str("</ul>\n<table>\n<tr>");
        for c in COMPARE_COLUMNS {
            let _ = write!(h, "<th>{c}</th>");
        }
        h.push_str("</tr>\n");
        for line in self.to_csv().lines().skip(1) {
            h.push_str("<tr>");
            for (i, f) in line.split(',').enumerate() {
                if i < 3 || i == 4 {
                    let _ = write!(h, "<td>{}</td>", esc(f));
                } else {
                    let _ = write!(h, "<td class=\"num\">{}</td>", esc(f));
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
        for (kind, svg) in charts {
            let _ = writeln!(
                h,
                "<figure>{svg}<figcaption>Simulated against observed {kind} (log scales; the largest misses labelled)</figcaption></figure>"
            );
        }
        h
    }
}
