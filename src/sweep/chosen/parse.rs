//! Reading `[[metrics]]` tables of a sweep file.

use std::path::Path;

use crate::model::YearMonth;
use crate::observed::Kind;

use super::types::*;

/// Reads `[[metrics]]` of a sweep file. `at(key)` gives the place of a key
/// (`metrics.0.column`); problems are pushed as `(place, message)`.
pub fn parse(
    v: &toml::Value,
    sweep_dir: &Path,
    at: &dyn Fn(&str) -> String,
    problems: &mut Vec<(String, String)>,
) -> Vec<Chosen> {
    let mut out = Vec::new();
    let Some(items) = v.as_array() else {
        problems.push((
            at("metrics"),
            "`metrics` must be an array of tables ([[metrics]] ...); hint: see docs/sweeps.md"
                .into(),
        ));
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let key = |k: &str| format!("metrics.{i}.{k}");
        let Some(t) = item.as_table() else {
            problems.push((
                at(&format!("metrics.{i}")),
                "each [[metrics]] entry must be a table".into(),
            ));
            continue;
        };
        let allowed = [
            "name",
            "column",
            "country",
            "corridor",
            "quantity",
            "compare",
            "kind",
            "set",
            "predictor",
            "figure",
            "aggregate",
            "from",
            "to",
        ];
        let before = problems.len();
        for k in t.keys() {
            if !allowed.contains(&k.as_str()) {
                problems.push((
                    at(&key(k)),
                    format!(
                        "unknown key `{k}` in [[metrics]]; allowed: {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        let string = |k: &str, problems: &mut Vec<(String, String)>| -> Option<String> {
            match t.get(k) {
                None => None,
                Some(toml::Value::String(s)) => Some(s.trim().to_string()),
                Some(x) => {
                    problems.push((at(&key(k)), format!("`{k}` must be a string, found {x}")));
                    None
                }
            }
        };
        let choice =
            |k: &str, allowed: &[&str], default: &str, problems: &mut Vec<(String, String)>| {
                let s = string(k, problems).unwrap_or_else(|| default.to_string());
                if !allowed.contains(&s.as_str()) {
                    problems.push((
                        at(&key(k)),
                        format!(
                            "`{k}` = \"{s}\" is not allowed; allowed: {}",
                            allowed.join(", ")
                        ),
                    ));
                }
                s
            };
        let month = |k: &str, problems: &mut Vec<(String, String)>| -> Option<YearMonth> {
            let s = string(k, problems)?;
            let m = crate::compare::tables::parse_month(&s);
            if m.is_none() {
                problems.push((
                    at(&key(k)),
                    format!("`{k}` = \"{s}\" is not a month; allowed: YYYY-MM, e.g. \"2005-01\""),
                ));
            }
            m
        };
        let sources: Vec<&str> = ["column", "corridor", "compare"]
            .into_iter()
            .filter(|k| t.contains_key(*k))
            .collect();
        if sources.len() != 1 {
            problems.push((
                at(&format!("metrics.{i}")),
                format!(
                    "each [[metrics]] entry needs exactly one of `column` (a timeseries column, with `country`), \
                     `corridor` (\"ORIGIN->DEST\", with `quantity`) or `compare` (an observed CSV, with `kind`, `figure`); found {}",
                    if sources.is_empty() { "none".to_string() } else { sources.join(" and ") }
                ),
            ));
            continue;
        }
        let aggregate = choice("aggregate", AGGREGATES, "last", problems);
        let (from, to) = (month("from", problems), month("to", problems));
        let what = match sources[0] {
            "column" => {
                let column = string("column", problems).unwrap_or_default();
                let Some(country) = string("country", problems) else {
                    problems.push((
                        at(&key("column")),
                        format!("metric on column `{column}` needs `country` (a country code, e.g. country = \"POL\")"),
                    ));
                    continue;
                };
                What::Column { column, country }
            }
            "corridor" => {
                let c = string("corridor", problems).unwrap_or_default();
                let quantity =
                    match choice("quantity", &["flow", "stock"], "flow", problems).as_str() {
                        "stock" => Quantity::Stock,
                        _ => Quantity::Flow,
                    };
                match c.split_once("->") {
                    Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                        What::Corridor {
                            origin: a.trim().to_string(),
                            dest: b.trim().to_string(),
                            quantity,
                        }
                    }
                    _ => {
                        problems.push((
                            at(&key("corridor")),
                            format!(
                                "`corridor` = \"{c}\" must be \"ORIGIN->DEST\", e.g. \"POL->DEU\""
                            ),
                        ));
                        continue;
                    }
                }
            }
            _ => {
                let file = string("compare", problems).unwrap_or_default();
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                let kind = choice("kind", &kinds, "", problems);
                let set = choice("set", SETS, "all", problems);
                let predictor = choice("predictor", PREDICTORS, "model", problems);
                let figure = choice("figure", FIGURES, "", problems);
                if t.contains_key("aggregate") || t.contains_key("from") || t.contains_key("to") {
                    problems.push((
                        at(&format!("metrics.{i}")),
                        "a compare metric takes no `aggregate`, `from` or `to` (the observed file's years choose the months)".into(),
                    ));
                }
                let path = sweep_dir.join(&file);
                let observed = match crate::observed::load(&path) {
                    Ok(o) => o,
                    Err(e) => {
                        problems.push((
                            at(&key("compare")),
                            format!("cannot use {}: {e}", path.display()),
                        ));
                        continue;
                    }
                };
                let (Some(kind), Some(set), Some(predictor)) = (
                    Kind::parse(&kind),
                    parse_set(&set),
                    parse_predictor(&predictor),
                ) else {
                    continue;
                };
                What::Compare {
                    observed: Box::new(observed),
                    kind,
                    set,
                    predictor,
                    figure,
                }
            }
        };
        if problems.len() > before {
            continue;
        }
        let name =
            string("name", problems).unwrap_or_else(|| default_name(&what, &aggregate, from, to));
        out.push(Chosen {
            name,
            what,
            aggregate: Aggregate::parse(&aggregate).unwrap_or(Aggregate::Last),
            from,
            to,
            place: at(&format!("metrics.{i}")),
        });
    }
    // Names are columns of results.csv: one each.
    for (i, m) in out.iter().enumerate() {
        if out[..i].iter().any(|x| x.name == m.name) {
            problems.push((
                m.place.clone(),
                format!(
                    "two metrics are named `{}`; hint: give one a `name`",
                    m.name
                ),
            ));
        }
    }
    out
}

pub(super) fn default_name(
    what: &What,
    agg: &str,
    from: Option<YearMonth>,
    to: Option<YearMonth>,
) -> String {
    let base = match what {
        What::Column { column, country } => format!("{column}.{country}"),
        What::Corridor {
            origin,
            dest,
            quantity,
        } => format!(
            "{}.{origin}->{dest}",
            if *quantity == Quantity::Flow {
                "flow"
            } else {
                "stock"
            }
        ),
        What::Compare {
            kind,
            set,
            predictor,
            figure,
            ..
        } => {
            return format!(
                "compare.{kind}.{}.{}.{figure}",
                set.as_str(),
                predictor.as_str()
            );
        }
    };
    let window = match (from, to) {
        (None, None) => String::new(),
        (f, t) => format!(
            "@{}..{}",
            f.map(|m| m.to_string()).unwrap_or_default(),
            t.map(|m| m.to_string()).unwrap_or_default()
        ),
    };
    format!("{base}.{agg}{window}")
}
