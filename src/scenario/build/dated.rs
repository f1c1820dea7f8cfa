//! The loader's dated elements: `[[phase]]`, `[[barrier_change]]`,
//! `[[shock]]` and `[[capital_flow]]` tables, with their months checked
//! against the run and against each other.

use super::shock_flight;
use crate::model::{
    BarrierChange, CapitalFlow, Phase, PhaseKind, Region, Shock, ShockKind, Simulation, YearMonth,
};
use crate::scenario::checker::{At, Checker, lookup_code};
use crate::scenario::schema::{self, Section};
use crate::scenario::tree::{Pos, join};
use crate::scenario::words::did_you_mean;

/// The last month of the run.
pub(super) fn last_month(sim: &Simulation) -> YearMonth {
    sim.start.plus(sim.months as i64 - 1)
}

/// A month key that must fall inside the run; reported where it does not.
pub(super) fn month_in_run(
    c: &mut Checker,
    at: &At<'_>,
    section: &Section,
    name: &str,
    sim: &Simulation,
) -> Option<YearMonth> {
    let m = c.month(at, section, name).flatten()?;
    let (first, last) = (sim.start, last_month(sim));
    if m > last && name == "end" {
        // Ends after the run: in force to the end.
        return Some(m);
    }
    if m > last {
        // Starts after the run (e.g. cut short with --until): left out.
        c.notices.push(format!(
            "{}: {} {m} is after the run's last month {last}: left out",
            at.path, name
        ));
        return None;
    }
    if m < first {
        let pos = at
            .table
            .get(name)
            .map_or(at.pos.clone(), |e| e.item.pos.clone());
        c.error(
            &pos,
            &join(&at.path, name),
            format!("{m} is outside the run"),
            Some(format!("a month from {first} to {last}")),
            None,
        );
        return None;
    }
    Some(m)
}

/// Whether the dated element at `at` (a `what`: "phase", "shock", …) starts
/// no later than it ends; reports it at its `end` key when not.
pub(super) fn in_order(
    c: &mut Checker,
    at: &At<'_>,
    what: &str,
    start: YearMonth,
    end: YearMonth,
) -> bool {
    if start <= end {
        return true;
    }
    let p = at
        .table
        .get("end")
        .map_or(at.pos.clone(), |e| e.item.pos.clone());
    c.error(
        &p,
        &join(&at.path, "end"),
        format!("the {what} ends ({end}) before it starts ({start})"),
        Some("start ≤ end".into()),
        None,
    );
    false
}

/// Reports that the dated element at `at`, described as `this`, overlaps
/// `that`, declared at `other`; `kind` names such elements (plural,
/// singular).
pub(super) fn overlap_error(
    c: &mut Checker,
    at: &At<'_>,
    this: String,
    that: String,
    other: &Pos,
    (plural, singular): (&str, &str),
) {
    c.error(
        &at.pos,
        &at.path,
        format!(
            "{this} overlaps {that} at {}:{}:{}",
            other.file, other.line, other.column
        ),
        Some(format!("{plural} of one country that do not overlap")),
        Some(format!("end one {singular} before the other starts")),
    );
}

pub(super) fn phases(
    c: &mut Checker,
    top: &At<'_>,
    codes: &[&str],
    sim: &Simulation,
) -> Vec<Phase> {
    let s = &schema::PHASE;
    let mut out: Vec<(Phase, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "phase") {
        let at = At {
            table,
            pos,
            path: format!("phase.{i}"),
        };
        c.unknown_keys(&at, s);
        let country = match c.string(&at, s, "country") {
            Some((code, p)) => {
                lookup_code(c, &code, &p, &join(&at.path, "country"), codes).map(Some)
            }
            None if table.get("country").is_some() => None,
            None => Some(None),
        };
        let kind = c.string(&at, s, "kind").map(|(k, _)| {
            if k == "boom" {
                PhaseKind::Boom
            } else {
                PhaseKind::Recession
            }
        });
        let start = month_in_run(c, &at, s, "start", sim);
        let end = month_in_run(c, &at, s, "end", sim);
        let depth = c.number(&at, s, "depth");
        let (Some(country), Some(kind), Some(start), Some(end), Some(depth)) =
            (country, kind, start, end, depth)
        else {
            continue;
        };
        if !in_order(c, &at, "phase", start, end) {
            continue;
        }
        let phase = Phase {
            country,
            kind,
            start,
            end,
            depth,
        };
        let who = |p: &Phase| {
            p.country
                .map_or("all countries".to_string(), |j| codes[j].to_string())
        };
        if let Some((other, opos)) = out.iter().find(|(o, _)| {
            let same = o.country.is_none() || phase.country.is_none() || o.country == phase.country;
            same && o.start <= phase.end && phase.start <= o.end
        }) {
            overlap_error(
                c,
                &at,
                format!(
                    "the {} of {} ({start} to {end})",
                    kind.as_str(),
                    who(&phase)
                ),
                format!(
                    "the {} of {} ({} to {})",
                    other.kind.as_str(),
                    who(other),
                    other.start,
                    other.end
                ),
                opos,
                ("phases", "phase"),
            );
            continue;
        }
        out.push((phase, at.pos.clone()));
    }
    out.into_iter().map(|(p, _)| p).collect()
}

pub(super) fn barrier_changes(
    c: &mut Checker,
    top: &At<'_>,
    codes: &[&str],
    sim: &Simulation,
) -> Vec<BarrierChange> {
    let s = &schema::BARRIER_CHANGE;
    let mut out: Vec<(BarrierChange, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "barrier_change") {
        let at = At {
            table,
            pos,
            path: format!("barrier_change.{i}"),
        };
        c.unknown_keys(&at, s);
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let date = month_in_run(c, &at, s, "date", sim);
        let entry = c.number(&at, s, "entry_barrier");
        let exit = c.number(&at, s, "exit_barrier");
        let given = |k: &str| table.get(k).is_some();
        if !given("entry_barrier") && !given("exit_barrier") {
            c.error(
                &at.pos,
                &at.path,
                "a barrier change without entry_barrier or exit_barrier",
                Some("entry_barrier, exit_barrier or both".into()),
                None,
            );
            continue;
        }
        let bad = (given("entry_barrier") && entry.is_none())
            || (given("exit_barrier") && exit.is_none());
        let (Some(country), Some(date), false) = (country, date, bad) else {
            continue;
        };
        if let Some((_, first)) = out
            .iter()
            .find(|(b, _)| b.country == country && b.date == date)
        {
            c.error(
                &at.pos,
                &at.path,
                format!("a second barrier change of {} in {date}", codes[country]),
                Some("one [[barrier_change]] per country and month".into()),
                Some(format!(
                    "first at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            );
            continue;
        }
        out.push((
            BarrierChange {
                country,
                date,
                entry,
                exit,
            },
            at.pos.clone(),
        ));
    }
    out.sort_by_key(|(b, _)| b.date);
    out.into_iter().map(|(b, _)| b).collect()
}

pub(super) fn shocks(
    c: &mut Checker,
    top: &At<'_>,
    codes: &[&str],
    sim: &Simulation,
    regions: &[Region],
) -> Vec<Shock> {
    let s = &schema::SHOCK;
    let mut out: Vec<(Shock, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "shock") {
        let at = At {
            table,
            pos,
            path: format!("shock.{i}"),
        };
        c.unknown_keys(&at, s);
        if i == schema::MAX_SHOCKS {
            c.error(
                &at.pos,
                &at.path,
                format!("more than {} shocks", schema::MAX_SHOCKS),
                Some(format!("at most {} [[shock]] tables", schema::MAX_SHOCKS)),
                None,
            );
        }
        let kind = c.string(&at, s, "kind").map(|(k, _)| match k.as_str() {
            "conflict" => ShockKind::Conflict,
            "persecution" => ShockKind::Persecution,
            "disaster" => ShockKind::Disaster,
            _ => ShockKind::Ecological,
        });
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let region = match (country, c.string(&at, s, "region")) {
            (Some(j), Some((name, p))) => {
                let mine: Vec<(usize, &str)> = regions
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.country == j)
                    .map(|(i, r)| (i, r.name.as_str()))
                    .collect();
                match mine.iter().find(|(_, n)| *n == name) {
                    Some(&(i, _)) => Some(Some(i)),
                    None => {
                        let allowed = if mine.is_empty() {
                            format!("no region: {} is not divided into [[region]]s", codes[j])
                        } else {
                            let names: Vec<&str> = mine.iter().map(|(_, n)| *n).collect();
                            format!("one of its regions: {}", names.join(", "))
                        };
                        c.error(
                            &p,
                            &join(&at.path, "region"),
                            format!("\"{name}\" is not a region of {}", codes[j]),
                            Some(allowed),
                            did_you_mean(&name, mine.iter().map(|(_, n)| *n)),
                        );
                        None
                    }
                }
            }
            (_, None) if table.get("region").is_some() => None,
            _ => Some(None),
        };
        let start = month_in_run(c, &at, s, "start", sim);
        let end = month_in_run(c, &at, s, "end", sim);
        let intensity = c.number(&at, s, "intensity");
        let (refugees, idps) = shock_flight::split(c, &at, kind);
        // Issue 15: the kinds of shock differ by their defaults.
        let by_kind = |c: &mut Checker, name: &str, d: fn(ShockKind) -> f64| {
            if table.get(name).is_some() {
                c.number(&at, s, name)
            } else {
                kind.map(d)
            }
        };
        let return_rate = by_kind(c, "return_rate", |k| k.defaults().return_rate);
        let distance_km = by_kind(c, "distance_km", |k| k.defaults().distance_km);
        let flight = shock_flight::flight(c, &at, codes, country, kind);
        let (
            Some(kind),
            Some(country),
            Some(region),
            Some(start),
            Some(end),
            Some(intensity),
            Some(refugees),
            Some(idps),
            Some(return_rate),
            Some(distance_km),
            Some(flight),
        ) = (
            kind,
            country,
            region,
            start,
            end,
            intensity,
            refugees,
            idps,
            return_rate,
            distance_km,
            flight,
        )
        else {
            continue;
        };
        if !in_order(c, &at, "shock", start, end) {
            continue;
        }
        let item_pos = |k: &str| table.get(k).map_or(at.pos.clone(), |e| e.item.pos.clone());
        if refugees + idps > 1.0 {
            c.error(
                &item_pos("idps"),
                &join(&at.path, "idps"),
                format!(
                    "refugees ({}) and idps ({}) add up to more than 1",
                    schema::fmt_num(refugees),
                    schema::fmt_num(idps)
                ),
                Some("refugees + idps ≤ 1".into()),
                None,
            );
            continue;
        }
        let shock = Shock {
            kind,
            country,
            region,
            start,
            end,
            intensity,
            refugees,
            idps,
            return_rate,
            distance_km,
            flight,
        };
        if let Some((other, opos)) = out
            .iter()
            .find(|(o, _)| o.country == country && o.start <= end && start <= o.end)
        {
            overlap_error(
                c,
                &at,
                format!(
                    "the {} in {} ({start} to {end})",
                    kind.as_str(),
                    codes[country]
                ),
                format!(
                    "the {} there ({} to {})",
                    other.kind.as_str(),
                    other.start,
                    other.end
                ),
                opos,
                ("shocks", "shock"),
            );
            continue;
        }
        out.push((shock, at.pos.clone()));
    }
    out.into_iter().map(|(s, _)| s).collect()
}

pub(super) fn capital_flows(
    c: &mut Checker,
    top: &At<'_>,
    codes: &[&str],
    sim: &Simulation,
) -> Vec<CapitalFlow> {
    let s = &schema::CAPITAL_FLOW;
    let mut out = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "capital_flow") {
        let at = At {
            table,
            pos,
            path: format!("capital_flow.{i}"),
        };
        c.unknown_keys(&at, s);
        let code = |c: &mut Checker, key: &str| {
            c.string(&at, s, key)
                .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, key), codes))
        };
        let from = code(c, "from");
        let to = code(c, "to");
        let amount = c.number(&at, s, "amount");
        let start = month_in_run(c, &at, s, "start", sim);
        let end = month_in_run(c, &at, s, "end", sim);
        let postings = c.number(&at, s, "postings");
        let posting_months = c.integer(&at, s, "posting_months").map(|n| n as u32);
        let (Some(from), Some(to), Some(amount), Some(start), Some(end), Some(postings)) =
            (from, to, amount, start, end, postings)
        else {
            continue;
        };
        let item_pos = |k: &str| table.get(k).map_or(at.pos.clone(), |e| e.item.pos.clone());
        if from == to {
            c.error(
                &item_pos("to"),
                &join(&at.path, "to"),
                format!("{} cannot invest in itself", codes[from]),
                Some("a country other than `from`".into()),
                None,
            );
            continue;
        }
        if !in_order(c, &at, "flow", start, end) {
            continue;
        }
        out.push(CapitalFlow {
            from,
            to,
            amount,
            start,
            end,
            postings,
            posting_months,
        });
    }
    out
}
