//! The facts as tables: the rows of facts.csv with their target ranges, the
//! printed table and the CSV files of `dir/facts/`.

use std::fmt::Write as _;

use super::types::{Facts, Row};

/// A target range of issue 14 and whether a value meets it.
fn target(value: Option<f64>, lo: f64, hi: f64) -> &'static str {
    match value {
        Some(v) if v >= lo && v <= hi => "yes",
        Some(_) => "no",
        None => "n/a",
    }
}

impl Facts {
    /// The rows of the facts table: (fact, value, standard error, target,
    /// met).
    pub fn rows(&self) -> Vec<Row> {
        let g = |name: &str| self.gravity.as_ref().and_then(|g| g.term(name));
        let mut out = Vec::new();
        let mut push = |fact: &str, v: Option<(f64, f64)>, t: &str, lo: f64, hi: f64| {
            out.push((
                fact.to_string(),
                v.map(|x| x.0),
                v.map(|x| x.1),
                t.to_string(),
                target(v.map(|x| x.0), lo, hi),
            ));
        };
        push(
            "distance elasticity",
            g("ln_distance"),
            "[-1.1, -0.8]",
            -1.1,
            -0.8,
        );
        push(
            "origin population elasticity",
            g("ln_population_origin"),
            "[0.3, 1.0]",
            0.3,
            1.0,
        );
        push(
            "destination population elasticity",
            g("ln_population_destination"),
            "[0.3, 1.0]",
            0.3,
            1.0,
        );
        push("contiguity", g("contiguity"), "> 0", 1e-12, f64::INFINITY);
        push(
            "common language",
            g("common_language"),
            "> 0",
            1e-12,
            f64::INFINITY,
        );
        push(
            "ln income origin",
            g("ln_income_origin"),
            "",
            f64::NAN,
            f64::NAN,
        );
        push(
            "ln income destination",
            g("ln_income_destination"),
            "",
            f64::NAN,
            f64::NAN,
        );
        let plain = |v: Option<f64>| v.map(|x| (x, f64::NAN));
        push(
            "gross moves per 5 years, % of world",
            Some((100.0 * self.moves_5y_share, f64::NAN)),
            "[0.4, 1.0]",
            0.4,
            1.0,
        );
        push(
            "  of which permanent, %",
            Some((100.0 * self.permanent_moves_5y_share, f64::NAN)),
            "",
            f64::NAN,
            f64::NAN,
        );
        push(
            "returns, % of moves",
            Some((100.0 * self.return_share, f64::NAN)),
            "[20, 35]",
            20.0,
            35.0,
        );
        push(
            "tertiary/total emigration, median",
            plain(self.ratio_median),
            "[2.2, 8.5]",
            2.2,
            8.5,
        );
        push(
            "origins with ratio > 1, %",
            plain(self.ratio_above_one.map(|x| 100.0 * x)),
            ">= 90",
            90.0,
            100.0,
        );
        push(
            "hump peak, US$ a year",
            plain(self.hump_peak),
            "[3000, 12000]",
            3000.0,
            12000.0,
        );
        for r in &mut out {
            if r.2.is_some_and(f64::is_nan) {
                r.2 = None;
            }
            if r.3.is_empty() {
                r.4 = "";
            }
        }
        out
    }

    /// The facts as a plain-text table.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<38} {:>12} {:>10}  {:<14} met",
            "fact", "value", "s.e.", "target"
        );
        for (fact, v, se, t, met) in self.rows() {
            let v = v.map_or("-".into(), |x| format!("{x:.3}"));
            let se = se.map_or(String::new(), |x| format!("{x:.3}"));
            let _ = writeln!(s, "{fact:<38} {v:>12} {se:>10}  {t:<14} {met}");
        }
        match &self.gravity {
            Some(g) => {
                let _ = writeln!(
                    s,
                    "gravity: OLS of ln moves over the run on {} pairs with moves, R² {:.3}{}",
                    g.fit.n,
                    g.fit.r2,
                    if g.dropped.is_empty() {
                        String::new()
                    } else {
                        format!("; not identified (no variation): {}", g.dropped.join(", "))
                    }
                );
            }
            None => {
                let _ = writeln!(s, "gravity: too few pairs with moves for the regression");
            }
        }
        let _ = writeln!(s, "months: {}", self.months);
        s
    }

    /// The tables `write` puts in `dir/facts/`, as CSV text: facts.csv,
    /// gravity.csv, origins.csv and hump.csv (the Python package hands
    /// them over as DataFrames).
    pub fn csv_tables(&self) -> Vec<(&'static str, String)> {
        fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
            let mut w = csv::Writer::from_writer(Vec::new());
            // Writing to memory cannot fail.
            let _ = w.write_record(header);
            for r in rows {
                let _ = w.write_record(&r);
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        let f = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x}"));
        let facts = self
            .rows()
            .into_iter()
            .map(|(fact, v, se, t, met)| vec![fact, f(v), f(se), t, met.to_string()])
            .collect();
        let gravity = self.gravity.as_ref().map_or_else(Vec::new, |g| {
            g.terms
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    vec![
                        t.to_string(),
                        format!("{}", g.fit.coef[i]),
                        format!("{}", g.fit.se[i]),
                        g.fit.n.to_string(),
                        format!("{}", g.fit.r2),
                    ]
                })
                .collect()
        });
        let origins = self
            .origins
            .iter()
            .map(|o| {
                vec![
                    o.code.clone(),
                    format!("{:.0}", o.income),
                    format!("{}", o.emigration_rate),
                    format!("{}", o.tertiary_rate),
                    o.ratio.map_or(String::new(), |r| format!("{r}")),
                ]
            })
            .collect();
        let hump = self
            .hump_bins
            .iter()
            .map(|(a, b, m, n)| {
                vec![
                    format!("{a}"),
                    format!("{b}"),
                    format!("{m}"),
                    n.to_string(),
                ]
            })
            .collect();
        vec![
            (
                "facts.csv",
                table(&["fact", "value", "se", "target", "met"], facts),
            ),
            (
                "gravity.csv",
                table(&["term", "coefficient", "se", "pairs", "r2"], gravity),
            ),
            (
                "origins.csv",
                table(
                    &[
                        "origin",
                        "income_per_head_usd",
                        "emigration_rate",
                        "tertiary_emigration_rate",
                        "tertiary_total_ratio",
                    ],
                    origins,
                ),
            ),
            (
                "hump.csv",
                table(
                    &[
                        "income_from_usd",
                        "income_to_usd",
                        "mean_emigration_rate",
                        "origins",
                    ],
                    hump,
                ),
            ),
        ]
    }
}
