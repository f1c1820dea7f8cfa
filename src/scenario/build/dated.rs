//! The loader's dated elements: `[[phase]]`, `[[barrier_change]]`,
//! `[[shock]]` and `[[capital_flow]]` tables, with their months checked
//! against the run and against each other.

use super::shock_flight;
use crate::model::keys::Keyed;
use crate::model::{
    BarrierChange, CapitalFlow, Flight, Phase, Region, Shock, Simulation, YearMonth,
};
use crate::scenario::checker::{At, Checker, Filled, lookup_code};
use crate::scenario::schema;
use crate::scenario::tree::{Pos, join};
use crate::scenario::words::did_you_mean;

/// The last month of the run.
pub(super) fn last_month(sim: &Simulation) -> YearMonth {
    sim.start.plus(sim.months as i64 - 1)
}

/// The month `m` read from the key `name`, which must fall inside the
/// run; `None` where it does not (reported, or left out with a notice).
pub(super) fn in_run(
    c: &mut Checker,
    at: &At<'_>,
    name: &str,
    m: YearMonth,
    sim: &Simulation,
) -> Option<YearMonth> {
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

/// Where an element keeps the month of a key.
type MonthField<T> = fn(&mut T) -> &mut YearMonth;

/// The months of the keys `names` of an element filled as `filled`, each
/// checked to fall inside the run ([`in_run`]; a key not read is `None`).
fn months_in_run<T, const N: usize>(
    c: &mut Checker,
    at: &At<'_>,
    filled: &mut Filled<T>,
    names: [(&str, MonthField<T>); N],
    sim: &Simulation,
) -> [Option<YearMonth>; N] {
    names.map(|(name, field)| {
        if filled.read(name) {
            let m = *field(&mut filled.value);
            in_run(c, at, name, m, sim)
        } else {
            None
        }
    })
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
        format!("{this} overlaps {that} at {other}"),
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
    for at in c.elements(top, "phase", s) {
        let country = match c.string(&at, s, "country") {
            Some((code, p)) => {
                lookup_code(c, &code, &p, &join(&at.path, "country"), codes).map(Some)
            }
            None if at.table.get("country").is_some() => None,
            None => Some(None),
        };
        let mut phase = c.element::<Phase>(&at);
        let [start, end] = months_in_run(
            c,
            &at,
            &mut phase,
            [("start", |x| &mut x.start), ("end", |x| &mut x.end)],
            sim,
        );
        let (Some(country), true, Some(start), Some(end)) = (
            country,
            phase.read("kind") && phase.read("depth"),
            start,
            end,
        ) else {
            continue;
        };
        if !in_order(c, &at, "phase", start, end) {
            continue;
        }
        let phase = Phase {
            country,
            ..phase.value
        };
        let kind = phase.kind;
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
    for at in c.elements(top, "barrier_change", s) {
        let country = c.country(&at, s, "country", codes);
        let mut change = c.element::<BarrierChange>(&at);
        let [date] = months_in_run(c, &at, &mut change, [("date", |x| &mut x.date)], sim);
        let given = |k: &str| at.table.get(k).is_some();
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
        let bad = !change.read("entry_barrier") || !change.read("exit_barrier");
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
                Some(format!("first at {first}")),
            );
            continue;
        }
        out.push((
            BarrierChange {
                country,
                ..change.value
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
    for (i, at) in c.elements(top, "shock", s).into_iter().enumerate() {
        let table = at.table;
        if i == schema::MAX_SHOCKS {
            c.error(
                &at.pos,
                &at.path,
                format!("more than {} shocks", schema::MAX_SHOCKS),
                Some(format!("at most {} [[shock]] tables", schema::MAX_SHOCKS)),
                None,
            );
        }
        // `kind` comes before `country` in the schema: read in its order.
        let mut shock = Shock::from_defaults();
        let mut failed = c.fill(&mut shock, &at, |k| k == "kind");
        let kind = failed.is_empty().then_some(shock.kind);
        let country = c.country(&at, s, "country", codes);
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
        failed.extend(c.fill(&mut shock, &at, |k| k != "kind"));
        let mut flight = c.element::<Flight>(&at);
        let mut filled = Filled {
            value: shock,
            failed,
        };
        let [start, end] = months_in_run(
            c,
            &at,
            &mut filled,
            [("start", |x| &mut x.start), ("end", |x| &mut x.end)],
            sim,
        );
        let (refugees, idps) = shock_flight::split(c, &at, kind);
        // Issue 15: the kinds of shock differ by their defaults.
        if let Some(k) = kind {
            let d = k.defaults();
            let given = |name: &str| table.get(name).is_some();
            let shock = &mut filled.value;
            if !given("return_rate") {
                shock.return_rate = d.return_rate;
            }
            if !given("distance_km") {
                shock.distance_km = d.distance_km;
            }
            if !given("settle_share") {
                flight.value.settle_share = d.settle_share;
            }
        }
        let lists = shock_flight::lists(c, &at, codes, country);
        let (
            Some(kind),
            Some(country),
            Some(region),
            Some(start),
            Some(end),
            true,
            Some(refugees),
            Some(idps),
            true,
            Some((origins, shares)),
        ) = (
            kind,
            country,
            region,
            start,
            end,
            filled.read("intensity") && filled.read("return_rate") && filled.read("distance_km"),
            refugees,
            idps,
            flight.ok(),
            lists,
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
            country,
            region,
            refugees,
            idps,
            flight: Flight {
                origins,
                shares,
                ..flight.value
            },
            ..filled.value
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
    for at in c.elements(top, "capital_flow", s) {
        let table = at.table;
        let from = c.country(&at, s, "from", codes);
        let to = c.country(&at, s, "to", codes);
        let mut flow = c.element::<CapitalFlow>(&at);
        let [start, end] = months_in_run(
            c,
            &at,
            &mut flow,
            [("start", |x| &mut x.start), ("end", |x| &mut x.end)],
            sim,
        );
        let read = flow.read("amount") && flow.read("postings");
        let (Some(from), Some(to), true, Some(start), Some(end)) = (from, to, read, start, end)
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
            ..flow.value
        });
    }
    out
}
