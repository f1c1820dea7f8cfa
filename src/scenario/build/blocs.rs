//! The loader's `[[bloc]]` tables: members, accession and leave months,
//! and their `[[bloc.transition]]` tables.

use crate::model::{Bloc, Transition, YearMonth};
use crate::scenario::checker::{At, Checker, list_code, lookup_code};
use crate::scenario::schema::{self, Kind};
use crate::scenario::tree::{Pos, Value, join};
use crate::scenario::words::{did_you_mean, parse_month};

pub(super) fn user_blocs(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Bloc> {
    let s = &schema::BLOC;
    let mut out: Vec<Bloc> = Vec::new();
    let mut names: Vec<(String, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "bloc") {
        let mut at = At {
            table,
            pos,
            path: format!("bloc.{i}"),
        };
        let name = c.string(&at, s, "name");
        if let Some((n, p)) = &name {
            if let Some((_, first)) = names.iter().find(|(x, _)| x == n) {
                c.error(
                    p,
                    &format!("bloc.{i}.name"),
                    format!("duplicate bloc name \"{n}\""),
                    Some("a name used by no other bloc".into()),
                    Some(format!("first defined at {}:{}", first.file, first.line)),
                );
            } else {
                names.push((n.clone(), p.clone()));
                at.path = format!("bloc.{n}");
            }
        }
        c.unknown_keys(&at, s);
        let mut members = Vec::new();
        let key = join(&at.path, "members");
        if let Some(item) = c.field(s, "members").and_then(|f| c.item(&at, f)) {
            match &item.value {
                Value::Array(xs) if xs.is_empty() => c.error(
                    &item.pos,
                    &key,
                    "a bloc without members",
                    Some(Kind::Codes.describe()),
                    None,
                ),
                Value::Array(xs) => {
                    for (m, x) in xs.iter().enumerate() {
                        let mkey = format!("{key}[{m}]");
                        let Value::String(code) = &x.value else {
                            c.error(
                                &x.pos,
                                &mkey,
                                format!("expected a country code, found {}", x.value.type_name()),
                                Some(Kind::Codes.describe()),
                                None,
                            );
                            continue;
                        };
                        if let Some(idx) = lookup_code(c, code, &x.pos, &mkey, codes) {
                            if members.contains(&idx) {
                                c.error(
                                    &x.pos,
                                    &mkey,
                                    format!("\"{code}\" is listed twice"),
                                    Some("each member once".into()),
                                    None,
                                );
                            } else {
                                members.push(idx);
                            }
                        }
                    }
                }
                _ => c.wrong_type_of(item, &key, s, "members"),
            }
        }
        let bloc: Bloc = c.keyed(Some(&at));
        let start = bloc.start;
        let accession = code_months(c, &at, "accession", codes, &members);
        let leave = code_months(c, &at, "leave", codes, &members);
        for &(m, left) in &leave {
            let joined = accession.iter().find(|(x, _)| *x == m).map(|&(_, j)| j);
            if let Some(joined) = joined.or(start)
                && left <= joined
            {
                let pos = member_pos(&at, "leave", codes[m]);
                c.error(
                    &pos,
                    &format!("{}.leave.{}", at.path, codes[m]),
                    format!("{} leaves ({left}) before it joins ({joined})", codes[m]),
                    Some("a month after the member's accession".into()),
                    None,
                );
            }
        }
        let transitions = transitions(c, &at, codes, &members);
        out.push(Bloc {
            name: name.map(|(n, _)| n).unwrap_or_default(),
            members,
            accession,
            leave,
            transitions,
            ..bloc
        });
    }
    out
}

/// Where the entry `code` of the table `name` of a bloc was written.
pub(super) fn member_pos(at: &At<'_>, name: &str, code: &str) -> Pos {
    match at.table.get(name).map(|e| &e.item.value) {
        Some(Value::Table(t)) => t.get(code).map_or(at.pos.clone(), |e| e.key_pos.clone()),
        _ => at.pos.clone(),
    }
}

/// A code of a bloc's member, or an error naming the members.
pub(super) fn bloc_member(
    c: &mut Checker,
    code: &str,
    pos: &Pos,
    key: &str,
    codes: &[&str],
    members: &[usize],
) -> Option<usize> {
    let idx = lookup_code(c, code, pos, key, codes)?;
    if members.contains(&idx) {
        return Some(idx);
    }
    let names: Vec<&str> = members.iter().map(|&m| codes[m]).collect();
    c.error(
        pos,
        key,
        format!("\"{code}\" is not a member of the bloc"),
        Some(format!("one of its members: {}", names.join(", "))),
        did_you_mean(code, names.iter().copied()),
    );
    None
}

/// `accession` or `leave` of a bloc: member codes to months.
pub(super) fn code_months(
    c: &mut Checker,
    at: &At<'_>,
    name: &str,
    codes: &[&str],
    members: &[usize],
) -> Vec<(usize, YearMonth)> {
    let mut out = Vec::new();
    let Some(e) = at.table.get(name) else {
        return out;
    };
    let key = join(&at.path, name);
    let Value::Table(t) = &e.item.value else {
        c.wrong_type_of(&e.item, &key, &schema::BLOC, name);
        return out;
    };
    for entry in &t.entries {
        let ekey = join(&key, &entry.key);
        let Some(m) = bloc_member(c, &entry.key, &entry.key_pos, &ekey, codes, members) else {
            continue;
        };
        let month = match &entry.item.value {
            Value::String(s) => parse_month(s).ok_or_else(|| format!("\"{s}\" is not a month")),
            v => Err(format!("expected a month, found {}", v.type_name())),
        };
        match month {
            Ok(month) => out.push((m, month)),
            Err(message) => c.error(
                &entry.item.pos,
                &ekey,
                message,
                Some(Kind::Month.describe()),
                None,
            ),
        }
    }
    out
}

/// The `[[bloc.transition]]` tables of a bloc.
pub(super) fn transitions(
    c: &mut Checker,
    bloc: &At<'_>,
    codes: &[&str],
    members: &[usize],
) -> Vec<Transition> {
    let s = &schema::BLOC_TRANSITION;
    let mut out = Vec::new();
    for (i, table, pos) in c.array_of_tables(bloc, "transition") {
        let at = At {
            table,
            pos,
            path: format!("{}.transition.{i}", bloc.path),
        };
        c.unknown_keys(&at, s);
        let member = c.string(&at, s, "member").and_then(|(code, p)| {
            bloc_member(c, &code, &p, &join(&at.path, "member"), codes, members)
        });
        let key = join(&at.path, "newcomers");
        let mut newcomers = Vec::new();
        let mut ok = true;
        if let Some(item) = c.field(s, "newcomers").and_then(|f| c.item(&at, f)) {
            match &item.value {
                Value::Array(xs) if !xs.is_empty() => {
                    for (n, x) in xs.iter().enumerate() {
                        let Some((code, nkey)) = list_code(c, &key, n, x) else {
                            ok = false;
                            continue;
                        };
                        match bloc_member(c, code, &x.pos, &nkey, codes, members) {
                            Some(idx) if Some(idx) == member => {
                                c.error(
                                    &x.pos,
                                    &nkey,
                                    format!("\"{code}\" cannot be closed to itself"),
                                    Some("members other than the restricting one".into()),
                                    None,
                                );
                                ok = false;
                            }
                            Some(idx) => newcomers.push(idx),
                            None => ok = false,
                        }
                    }
                }
                Value::Array(_) => {
                    c.error(
                        &item.pos,
                        &key,
                        "a transition without newcomers",
                        Some(Kind::Codes.describe()),
                        None,
                    );
                    ok = false;
                }
                _ => {
                    c.wrong_type_of(item, &key, s, "newcomers");
                    ok = false;
                }
            }
        }
        let t = c.element::<Transition>(&at);
        if let (Some(member), true, true) = (member, t.ok(), ok) {
            out.push(Transition {
                member,
                newcomers,
                ..t.value
            });
        }
    }
    out
}
