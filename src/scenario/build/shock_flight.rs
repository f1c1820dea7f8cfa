//! The forced-migration keys of a `[[shock]]` (issue 15) that need the
//! loader's own code: `displaced` with its split by kind, `origins` (whom
//! it displaces) and `shares` (kin states). Read with the loader's
//! checker ([`crate::scenario::checker`]), so its messages match the rest.

use crate::model::ShockKind;
use crate::scenario::checker::{At, Checker, list_code, lookup_code};
use crate::scenario::schema::{self, Kind, SHOCK};
use crate::scenario::tree::{Value, join};

/// `(refugees, idps)` of a shock: as given, or `displaced` split by the
/// kind's share abroad; `None` where wrong (reported).
pub(super) fn split(
    c: &mut Checker,
    at: &At<'_>,
    kind: Option<ShockKind>,
) -> (Option<f64>, Option<f64>) {
    let s = &SHOCK;
    let given = |k: &str| at.table.get(k).is_some();
    if !given("displaced") {
        return (c.number(at, s, "refugees"), c.number(at, s, "idps"));
    }
    let displaced = c.number(at, s, "displaced");
    if given("refugees") || given("idps") {
        let pos = at
            .table
            .get("displaced")
            .map_or(at.pos.clone(), |e| e.key_pos.clone());
        c.error(
            &pos,
            &join(&at.path, "displaced"),
            "displaced is given with refugees or idps",
            Some("displaced (split by kind), or refugees and idps".into()),
            Some("remove displaced, or refugees and idps".into()),
        );
        return (None, None);
    }
    match (displaced, kind) {
        (Some(x), Some(k)) => {
            let abroad = k.defaults().abroad;
            (Some(x * abroad), Some(x * (1.0 - abroad)))
        }
        _ => (None, None),
    }
}

/// A shock's `origins` and `shares` (country, share).
pub(super) type Lists = (Vec<usize>, Vec<(usize, f64)>);

/// The lists of a shock's flight ([`crate::model::Flight`]) in `country`: its `origins` and its
/// `shares`; `None` where wrong (reported). Its numbers are filled from
/// the schema (`crate::model::keys::Fill::Flight`).
pub(super) fn lists(
    c: &mut Checker,
    at: &At<'_>,
    codes: &[&str],
    country: Option<usize>,
) -> Option<Lists> {
    let origins = origins(c, at, codes);
    let shares = shares(c, at, codes, country);
    origins.zip(shares)
}

fn origins(c: &mut Checker, at: &At<'_>, codes: &[&str]) -> Option<Vec<usize>> {
    let key = join(&at.path, "origins");
    let Some(e) = at.table.get("origins") else {
        return Some(Vec::new());
    };
    let Value::Array(xs) = &e.item.value else {
        c.error(
            &e.item.pos,
            &key,
            format!(
                "expected an array of strings, found {}",
                e.item.value.type_name()
            ),
            Some(Kind::Codes.describe()),
            None,
        );
        return None;
    };
    if xs.is_empty() {
        c.error(
            &e.item.pos,
            &key,
            "an empty list of origins",
            Some(Kind::Codes.describe()),
            Some("leave origins out to displace the country's own natives".into()),
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
            Some(i) if out.contains(&i) => {
                c.error(
                    &x.pos,
                    &mkey,
                    format!("\"{code}\" is listed twice"),
                    Some("each origin once".into()),
                    None,
                );
                ok = false;
            }
            Some(i) => out.push(i),
            None => ok = false,
        }
    }
    out.sort_unstable();
    ok.then_some(out)
}

fn shares(
    c: &mut Checker,
    at: &At<'_>,
    codes: &[&str],
    country: Option<usize>,
) -> Option<Vec<(usize, f64)>> {
    let key = join(&at.path, "shares");
    let Some(e) = at.table.get("shares") else {
        return Some(Vec::new());
    };
    let Value::Table(t) = &e.item.value else {
        c.error(
            &e.item.pos,
            &key,
            format!("expected a table, found {}", e.item.value.type_name()),
            Some(Kind::CodeShares.describe()),
            None,
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for x in &t.entries {
        let k = format!("{key}.{}", x.key);
        let Some(j) = lookup_code(c, &x.key, &x.key_pos, &k, codes) else {
            ok = false;
            continue;
        };
        if Some(j) == country {
            c.error(
                &x.key_pos,
                &k,
                format!("\"{}\" is the shocked country itself", x.key),
                Some("countries of asylum other than the shocked one".into()),
                None,
            );
            ok = false;
            continue;
        }
        let v = match x.item.value {
            Value::Integer(n) => n as f64,
            Value::Float(v) => v,
            _ => f64::NAN,
        };
        if !(0.0..=1.0).contains(&v) {
            c.error(
                &x.item.pos,
                &k,
                match x.item.value {
                    Value::Integer(_) | Value::Float(_) => {
                        format!("{} is out of range", schema::fmt_num(v))
                    }
                    _ => format!("expected a number, found {}", x.item.value.type_name()),
                },
                Some("a number in [0, 1]".into()),
                None,
            );
            ok = false;
            continue;
        }
        out.push((j, v));
    }
    let total: f64 = out.iter().map(|&(_, v)| v).sum();
    if ok && total > 1.0 + 1e-9 {
        c.error(
            &e.item.pos,
            &key,
            format!(
                "the shares add up to {} (more than 1)",
                schema::fmt_num((total * 1e9).round() / 1e9)
            ),
            Some(Kind::CodeShares.describe()),
            None,
        );
        ok = false;
    }
    out.sort_by_key(|&(j, _)| j);
    ok.then_some(out)
}
