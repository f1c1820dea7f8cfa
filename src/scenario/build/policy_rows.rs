//! `[[policy]]` rows (issue 15): the schema section and its validation
//! into [`crate::policy::Policy`]. Read with the loader's
//! checker ([`crate::scenario::checker`]), so its messages match the rest.

use crate::model::keys::Kind;
use crate::model::{EntryRule, Simulation};
use crate::policy::{INSTRUMENTS, Instrument, Policy, PolicyChange, Scope};
use crate::scenario::checker::{At, Checker, list_code, lookup_code};
use crate::scenario::tree::{Pos, Value, join};
use crate::world::{HIGH, LOW};

pub use crate::model::schema::POLICY;

/// A change and where its key was written.
struct Written {
    change: PolicyChange,
    pos: Pos,
}

/// Reads and checks the `[[policy]]` rows.
pub(super) fn policy(c: &mut Checker, top: &At<'_>, codes: &[&str], sim: &Simulation) -> Policy {
    let s = &POLICY;
    let (first, last) = (sim.start, sim.start.plus(sim.months as i64 - 1));
    let mut out: Vec<Written> = Vec::new();
    let mut groups: Vec<(usize, Vec<usize>, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "policy") {
        let at = At {
            table,
            pos,
            path: format!("policy.{i}"),
        };
        c.unknown_keys(&at, s);
        let item_pos = |k: &str| table.get(k).map_or(at.pos.clone(), |e| e.item.pos.clone());
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let date = c.month(&at, s, "date").flatten();
        let skill = c.string(&at, s, "skill").map(|(w, _)| match w.as_str() {
            "high" => HIGH,
            _ => LOW,
        });
        let bad_skill = table.get("skill").is_some() && skill.is_none();
        let origins = origins(c, &at, codes, country);
        let mut set: Vec<(Instrument, Pos)> = Vec::new();
        let mut bad = bad_skill || origins.is_none();
        for &name in INSTRUMENTS {
            if table.get(name).is_none() {
                continue;
            }
            let x = match name {
                "rule" => c
                    .string(&at, s, name)
                    .map(|(r, _)| Instrument::Rule(EntryRule::from_word(&r))),
                "one_window" | "c143" | "c97" | "equal_treatment" => {
                    c.boolean(&at, s, name).map(|b| match name {
                        "one_window" => Instrument::OneWindow(b),
                        "c143" => Instrument::C143(b),
                        "c97" => Instrument::C97(b),
                        _ => Instrument::EqualTreatment(b),
                    })
                }
                "ban_months" => c
                    .integer(&at, s, name)
                    .map(|n| Instrument::BanMonths(n as u32)),
                _ => c.number(&at, s, name).map(|x| match name {
                    "quota" => Instrument::Quota(x),
                    "detection" => Instrument::Detection(x),
                    "legalised_share" => Instrument::LegalisedShare(x),
                    "leave_share" => Instrument::LeaveShare(x),
                    "expelled_share" => Instrument::ExpelledShare(x),
                    "fine" => Instrument::Fine(x),
                    "return_payment" => Instrument::ReturnPayment(x),
                    "inspection" => Instrument::Inspection(x),
                    _ => Instrument::EmployerFine(x),
                }),
            };
            match x {
                Some(x) => set.push((x, item_pos(name))),
                None => bad = true,
            }
        }
        if set.is_empty() && !bad {
            c.error(
                &at.pos,
                &at.path,
                "a policy row that changes nothing",
                Some(format!("one or more of {}", INSTRUMENTS.join(", "))),
                None,
            );
            continue;
        }
        let scope = Scope {
            origins: origins.clone().unwrap_or_default(),
            skill,
        };
        if !scope.is_all() {
            for (x, p) in set.iter().filter(|(x, _)| !x.scoped()) {
                c.error(
                    p,
                    &join(&at.path, x.name()),
                    format!("{} cannot be set for some origins or one skill", x.name()),
                    Some("rule and quota in a row with origins or skill".into()),
                    Some(format!(
                        "move {} to a row without origins and skill",
                        x.name()
                    )),
                );
                bad = true;
            }
        }
        let (Some(country), Some(date), false) = (country, date, bad) else {
            continue;
        };
        if date < first {
            c.error(
                &item_pos("date"),
                &join(&at.path, "date"),
                format!("{date} is before the run starts"),
                Some(format!("a month from {first} on")),
                Some("set starting values in [legality], [[entry]] or [returns]".into()),
            );
            continue;
        }
        if date > last {
            // Starts after the run (e.g. cut short with --until): left out.
            c.notices.push(format!(
                "{}: the policy change of {} in {date} is after the run's last month \
                 {last}: left out",
                at.path, codes[country]
            ));
            continue;
        }
        if !scope.origins.is_empty() {
            let clash = groups.iter().find(|(j, o, _)| {
                *j == country && *o != scope.origins && o.iter().any(|x| scope.origins.contains(x))
            });
            if let Some((_, _, p)) = clash {
                c.error(
                    &item_pos("origins"),
                    &join(&at.path, "origins"),
                    format!(
                        "these origins overlap another origin group of {} at {p}",
                        codes[country]
                    ),
                    Some("origin groups of one country that share no country".into()),
                    Some("use the same list for the same group, or split the groups".into()),
                );
                continue;
            }
            if !groups
                .iter()
                .any(|(j, o, _)| *j == country && *o == scope.origins)
            {
                groups.push((country, scope.origins.clone(), item_pos("origins")));
            }
        }
        for (x, p) in set {
            let twin = out.iter().find(|w| {
                w.change.country == country
                    && w.change.date == date
                    && w.change.scope == scope
                    && w.change.set.index() == x.index()
            });
            if let Some(w) = twin {
                c.error(
                    &p,
                    &join(&at.path, x.name()),
                    format!(
                        "a second change of {} of {} in {date}",
                        x.name(),
                        codes[country]
                    ),
                    Some("one change of an instrument per country and month".into()),
                    Some(format!("first at {}", w.pos)),
                );
                continue;
            }
            out.push(Written {
                change: PolicyChange {
                    country,
                    date,
                    scope: scope.clone(),
                    set: x,
                },
                pos: p,
            });
        }
    }
    let mut changes: Vec<PolicyChange> = out.into_iter().map(|w| w.change).collect();
    changes.sort_by_key(|ch| ch.date);
    Policy { changes }
}

/// The `origins` of a row, sorted (`Some(empty)` where not given; `None`
/// where wrong, reported).
fn origins(
    c: &mut Checker,
    at: &At<'_>,
    codes: &[&str],
    country: Option<usize>,
) -> Option<Vec<usize>> {
    let key = join(&at.path, "origins");
    let Some(e) = at.table.get("origins") else {
        return Some(Vec::new());
    };
    let item = &e.item;
    let Value::Array(xs) = &item.value else {
        c.error(
            &item.pos,
            &key,
            format!(
                "expected an array of strings, found {}",
                item.value.type_name()
            ),
            Some(Kind::Codes.describe()),
            None,
        );
        return None;
    };
    if xs.is_empty() {
        c.error(
            &item.pos,
            &key,
            "an empty list of origins",
            Some(Kind::Codes.describe()),
            Some("leave origins out for every origin".into()),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (m, x) in xs.iter().enumerate() {
        let Some((code, mkey)) = list_code(c, &key, m, x) else {
            ok = false;
            continue;
        };
        match lookup_code(c, code, &x.pos, &mkey, codes) {
            Some(idx) if Some(idx) == country => {
                c.error(
                    &x.pos,
                    &mkey,
                    format!("\"{code}\" is the country itself: its natives need no entry"),
                    Some("other countries' codes".into()),
                    None,
                );
                ok = false;
            }
            Some(idx) if out.contains(&idx) => {
                c.error(
                    &x.pos,
                    &mkey,
                    format!("\"{code}\" is listed twice"),
                    Some("each origin once".into()),
                    None,
                );
                ok = false;
            }
            Some(idx) => out.push(idx),
            None => ok = false,
        }
    }
    out.sort_unstable();
    ok.then_some(out)
}
