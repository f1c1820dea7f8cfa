//! Checking chosen metrics against a scenario and computing them from a
//! finished run.

use crate::compare::{RunTables, compare};
use crate::model::{Scenario, YearMonth};
use crate::observe::Recorded;
use crate::output::columns::Column;
use crate::output::tables::{TIMESERIES_COLUMNS, tables_of};
use crate::sweep::number::fmt_f64;

use super::types::*;

/// Whether a column of timeseries holds numbers (not codes or dates).
pub(super) fn numeric(c: &Column) -> bool {
    use crate::output::columns::Kind as K;
    !matches!(c.kind, K::String | K::Yearmonth)
}

/// The numeric timeseries columns of a run of `s`.
pub fn columns_of(s: &Scenario) -> Vec<&'static str> {
    tables_of(s)
        .find(|t| t.name == "timeseries")
        .map(|t| t.columns_of(s))
        .unwrap_or_else(|| TIMESERIES_COLUMNS.to_vec())
        .into_iter()
        .filter(numeric)
        .map(|c| c.name)
        .collect()
}

/// Checks the metrics against a run of `s`: countries, columns, window.
pub fn check(chosen: &[Chosen], s: &Scenario) -> Result<(), String> {
    let codes: Vec<&str> = s.countries.iter().map(|c| c.code.as_str()).collect();
    let code = |m: &Chosen, c: &str| -> Result<(), String> {
        if codes.contains(&c) {
            return Ok(());
        }
        let shown: Vec<&str> = codes.iter().copied().take(12).collect();
        Err(format!(
            "{}: metric `{}`: unknown country code \"{c}\"; the scenario has {}{}",
            m.place,
            m.name,
            shown.join(", "),
            if codes.len() > 12 { ", …" } else { "" }
        ))
    };
    let first = s.simulation.start;
    let months = s.simulation.months;
    let last = first.plus(i64::from(months.saturating_sub(1)));
    for m in chosen {
        match &m.what {
            What::Column { column, country } => {
                code(m, country)?;
                let cols = columns_of(s);
                if !cols.contains(&column.as_str()) {
                    return Err(format!(
                        "{}: metric `{}`: `{column}` is not a numeric column of timeseries for this scenario; allowed: {}",
                        m.place,
                        m.name,
                        cols.join(", ")
                    ));
                }
            }
            What::Corridor { origin, dest, .. } => {
                code(m, origin)?;
                code(m, dest)?;
            }
            What::Compare { .. } => {}
        }
        let (from, to) = (m.from.unwrap_or(first), m.to.unwrap_or(last));
        if from > to || to < first || from > last {
            return Err(format!(
                "{}: metric `{}`: the window {from} to {to} holds no month of the run ({first} to {last}); \
                 hint: from and to are YYYY-MM within the run",
                m.place, m.name
            ));
        }
    }
    Ok(())
}

/// The values of the chosen metrics of a finished run, as text.
pub fn compute(
    chosen: &[Chosen],
    s: &Scenario,
    rec: &Recorded,
) -> Result<Vec<(String, String)>, String> {
    let index = |c: &str| s.countries.iter().position(|x| x.code == c);
    let ppa = rec.people_per_agent;
    let mut timeseries = None;
    let mut tables = None;
    let mut out = Vec::with_capacity(chosen.len());
    for m in chosen {
        let inside = |ym: YearMonth| m.from.is_none_or(|f| ym >= f) && m.to.is_none_or(|t| ym <= t);
        let value = match &m.what {
            What::Column { column, country } => {
                if timeseries.is_none() {
                    let t = tables_of(s)
                        .find(|t| t.name == "timeseries")
                        .ok_or("no timeseries table")?;
                    timeseries = Some(
                        crate::output::tables::table_batch(t, s, rec).map_err(|e| e.to_string())?,
                    );
                }
                let batch = timeseries.as_ref().expect("built above");
                let c = index(country).ok_or_else(|| format!("unknown country {country}"))?;
                let col = batch
                    .column_by_name(column)
                    .ok_or_else(|| format!("no column {column}"))?;
                let mut v = Vec::new();
                let mut integer = true;
                // The table's lines are the recorded series', in order.
                for (t, ym) in rec.months.iter().enumerate() {
                    if !inside(*ym) {
                        continue;
                    }
                    let row = rec.series.position(t, c);
                    use arrow_array::Array;
                    use arrow_array::cast::AsArray;
                    use arrow_array::types::{Float64Type, Int64Type};
                    if let Some(a) = col.as_primitive_opt::<Int64Type>() {
                        if a.is_valid(row) {
                            v.push(a.value(row) as f64);
                        }
                    } else if let Some(a) = col.as_primitive_opt::<Float64Type>() {
                        integer = false;
                        if a.is_valid(row) {
                            v.push(a.value(row));
                        }
                    }
                }
                format_value(m.aggregate.of(&v), m.aggregate, integer)
            }
            What::Corridor {
                origin,
                dest,
                quantity,
            } => {
                let (a, b) = (
                    index(origin).ok_or_else(|| format!("unknown country {origin}"))? as u16,
                    index(dest).ok_or_else(|| format!("unknown country {dest}"))? as u16,
                );
                // Values in agents, then in people.
                let agents: Vec<f64> = match quantity {
                    Quantity::Flow => {
                        let mut per = vec![0u64; rec.months.len()];
                        for f in rec.flows.iter().filter(|f| f.from == a && f.to == b) {
                            per[f.t as usize] += f.movers as u64;
                        }
                        rec.months
                            .iter()
                            .zip(per)
                            .filter(|(ym, _)| inside(**ym))
                            .map(|(_, x)| x as f64)
                            .collect()
                    }
                    Quantity::Stock => {
                        let mut steps: Vec<u32> = rec.stocks.iter().map(|x| x.t).collect();
                        steps.dedup();
                        steps
                            .into_iter()
                            .filter(|&t| inside(rec.months[t as usize]))
                            .map(|t| {
                                rec.stocks
                                    .iter()
                                    .filter(|x| x.t == t && x.origin == a && x.residence == b)
                                    .map(|x| x.migrants as f64)
                                    .sum()
                            })
                            .collect()
                    }
                };
                let people = m.aggregate.of(&agents).map(|x| x * ppa);
                format_value(people, m.aggregate, true)
            }
            What::Compare {
                observed,
                kind,
                set,
                predictor,
                figure,
            } => {
                let t = tables.get_or_insert_with(|| RunTables::from_recorded(s, rec));
                let c = compare(observed, t);
                match c.get(*kind, *set, *predictor) {
                    None => String::new(),
                    Some(f) => match figure.as_str() {
                        "cells" => f.cells.to_string(),
                        "spearman" => f.spearman.map(fmt_f64).unwrap_or_default(),
                        "pearson" => f.pearson.map(fmt_f64).unwrap_or_default(),
                        "rmse_log10" => f.rmse_log10.map(fmt_f64).unwrap_or_default(),
                        "rmse" => f.rmse.map(fmt_f64).unwrap_or_default(),
                        _ => f.ard.map(fmt_f64).unwrap_or_default(),
                    },
                }
            }
        };
        out.push((m.name.clone(), value));
    }
    Ok(out)
}

/// A value as results.csv holds it: counts (integers) rounded to whole
/// units unless averaged; empty when the window held no value.
pub(super) fn format_value(v: Option<f64>, agg: Aggregate, integer: bool) -> String {
    match v {
        None => String::new(),
        Some(x) if integer && agg != Aggregate::Mean => format!("{}", x.round() as i64),
        Some(x) => fmt_f64(x),
    }
}
