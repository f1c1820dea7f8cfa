//! The loader's countries: the `[[country]]` tables or a synthetic world,
//! the distances between them and the `[[pair]]` tables.

use crate::model::geo::haversine_km;
use crate::model::synthetic;
use crate::model::{Bloc, Country, Pair, SyntheticWorld};
use crate::scenario::checker::{At, Checker, Filled, lookup_code};
use crate::scenario::schema::{self, Section};
use crate::scenario::tree::{Pos, Table, join};
use crate::world::Square;

/// Most working-age people a country may have: more than the world's
/// whole population (8.2e9 in 2025), so only nonsense is refused.
pub const MAX_POPULATION: f64 = 1e10;

/// Countries, their blocs, their locations and (for a synthetic world) the
/// distance matrix.
pub(super) type World = (
    Vec<Country>,
    Vec<Bloc>,
    Vec<Option<(f64, f64)>>,
    Option<Square<f64>>,
);

pub(super) fn synthetic_world(c: &mut Checker, at: &At<'_>) -> World {
    let w = c.element::<SyntheticWorld>(at);
    if !w.read("countries") {
        return (Vec::new(), Vec::new(), Vec::new(), None);
    }
    let k = w.value.countries as usize;
    let blocs = if w.value.bloc {
        vec![synthetic::bloc(k)]
    } else {
        Vec::new()
    };
    // Synthetic countries have no coordinates; their distances are RB-1's.
    (
        synthetic::countries(k),
        blocs,
        vec![None; k],
        Some(synthetic::distances(k)),
    )
}

pub(super) fn countries(c: &mut Checker, tables: &[(usize, &Table, Pos)]) -> World {
    let s = &schema::COUNTRY;
    let mut out = Vec::new();
    let mut locations = Vec::new();
    let mut seen: Vec<(String, Pos)> = Vec::new();
    for (i, table, pos) in tables {
        let index_path = format!("country.{i}");
        let mut at = At {
            table,
            pos: pos.clone(),
            path: index_path.clone(),
        };
        let code = c.string(&at, s, "code");
        if let Some((code, code_pos)) = &code {
            if let Some((_, first)) = seen.iter().find(|(x, _)| x == code) {
                let hint = if first.file == code_pos.file {
                    format!("first defined at line {}", first.line)
                } else {
                    format!("first defined at {}:{}", first.file, first.line)
                };
                c.error(
                    code_pos,
                    &format!("{index_path}.code"),
                    format!("duplicate country code \"{code}\""),
                    Some("a code used by no other country".into()),
                    Some(hint),
                );
            } else {
                seen.push((code.clone(), code_pos.clone()));
                at.path = format!("country.{code}");
            }
        }
        c.unknown_keys(&at, s);
        let Filled {
            value: mut country,
            failed,
        } = c.element::<Country>(&at);
        let read = |name: &str| !failed.contains(&name);
        // Checks across keys, on the values read.
        let population = country.population;
        if read("population")
            && population > MAX_POPULATION
            && let Some(e) = table.get("population")
        {
            c.error(
                &e.item.pos,
                &join(&at.path, "population"),
                format!(
                    "{} people is more than the whole world's population",
                    if population >= 1e15 {
                        format!("{population:e}")
                    } else {
                        schema::fmt_num(population)
                    }
                ),
                Some(format!(
                    "a number of working-age people in (0, {MAX_POPULATION:e}]"
                )),
                Some("population counts people, not thousands or a ratio".into()),
            );
        }
        let (lo, hi) = (country.wage_low, country.wage_high);
        if read("wage_low")
            && read("wage_high")
            && let Some(e) = table.get("wage_high")
            && hi < lo
        {
            c.error(
                &e.item.pos,
                &join(&at.path, "wage_high"),
                format!(
                    "the high-skill wage {} is below the low-skill wage {}",
                    schema::fmt_num(hi),
                    schema::fmt_num(lo)
                ),
                Some(format!("a wage ≥ wage_low ({})", schema::fmt_num(lo))),
                Some("are wage_low and wage_high swapped?".into()),
            );
        }
        let lat = c.number(&at, s, "latitude");
        let lon = c.number(&at, s, "longitude");
        let location = match (table.get("latitude"), table.get("longitude")) {
            (Some(_), None) | (None, Some(_)) => {
                let (given, missing) = if table.get("latitude").is_some() {
                    ("latitude", "longitude")
                } else {
                    ("longitude", "latitude")
                };
                c.error(
                    &at.pos,
                    &join(&at.path, missing),
                    format!("{given} is given without {missing}"),
                    Some("both latitude and longitude, or neither".into()),
                    None,
                );
                None
            }
            _ => lat.zip(lon),
        };
        let cycle_at = c.table(&at, "cycle", &schema::CYCLE);
        country.cycle = c.keyed(cycle_at.as_ref());
        country.location = location;
        country.code = code.map(|(x, _)| x).unwrap_or_default();
        if table.get("name").is_none() || !read("name") {
            country.name = country.code.clone();
        }
        out.push(country);
        locations.push(location);
    }
    (out, Vec::new(), locations, None)
}

/// The contiguous pairs of `[data] pairs` as `[[pair]]` terms of no
/// utility (the form the gravity rule reads borders in), less those a
/// `[[pair]]` table already marks.
pub(super) fn contiguous_pairs(
    rows: &[crate::scenario::data::PairRow],
    given: &[Pair],
) -> Vec<Pair> {
    let marked = |a: usize, b: usize| {
        given
            .iter()
            .any(|p| p.contiguous && ((p.from, p.to) == (a, b) || (p.from, p.to) == (b, a)))
    };
    rows.iter()
        .filter(|r| r.contiguous && !marked(r.a, r.b))
        .map(|r| Pair {
            from: r.a.min(r.b),
            to: r.a.max(r.b),
            utility: 0.0,
            both_ways: true,
            contiguous: true,
        })
        .collect()
}

/// The K×K distance matrix: synthetic (RB-1) or great-circle, then the
/// distances of `[data] pairs` (`rows`), then the explicit `[[distance]]`
/// entries; pairs left without a distance are errors.
pub(super) fn distances(
    c: &mut Checker,
    top: &At<'_>,
    countries: &[Country],
    locations: &[Option<(f64, f64)>],
    base: Option<Square<f64>>,
    rows: &[crate::scenario::data::PairRow],
) -> Square<f64> {
    let k = countries.len();
    let mut d: Square<Option<f64>> = if let Some(base) = base {
        base.map(|&x| Some(x))
    } else {
        Square::from_fn(k, |i, j| match (locations[i], locations[j]) {
            (Some(a), Some(b)) => Some(haversine_km(a, b)),
            _ if i == j => Some(0.0),
            _ => None,
        })
    };
    for r in rows {
        if let Some(km) = r.km {
            d[(r.a, r.b)] = Some(km);
            d[(r.b, r.a)] = Some(km);
        }
    }
    let codes: Vec<&str> = countries.iter().map(|x| x.code.as_str()).collect();
    let s = &schema::DISTANCE;
    let mut given: Vec<(usize, usize, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "distance") {
        let at = At {
            table,
            pos,
            path: format!("distance.{i}"),
        };
        c.unknown_keys(&at, s);
        let from = member(c, &at, "from", &codes);
        let to = member(c, &at, "to", &codes);
        let km = c.number(&at, s, "km");
        if let (Some(a), Some(b), Some(km)) = (from, to, km) {
            if a == b {
                c.error(
                    &at.pos,
                    &at.path,
                    "a distance from a country to itself",
                    Some("two different countries".into()),
                    None,
                );
            } else if let Some((_, _, first)) = given
                .iter()
                .find(|(x, y, _)| (*x, *y) == (a, b) || (*x, *y) == (b, a))
            {
                let hint = format!("first given at {}:{}", first.file, first.line);
                c.error(
                    &at.pos,
                    &at.path,
                    format!("the distance {} – {} is given twice", codes[a], codes[b]),
                    Some("one [[distance]] per pair".into()),
                    Some(hint),
                );
            } else {
                given.push((a, b, at.pos.clone()));
                d[(a, b)] = Some(km);
                d[(b, a)] = Some(km);
            }
        }
    }
    if c.diagnostics.is_empty() {
        for i in 0..k {
            let missing: Vec<usize> = (0..k).filter(|&j| d[(i, j)].is_none()).collect();
            if let (Some(&j), None) = (missing.first(), locations[i]) {
                c.absent(
                    &top.pos,
                    &format!("country.{}", codes[i]),
                    &format!(
                        "no latitude/longitude and no [[distance]] to \"{}\" ({} pair{} without a distance)",
                        codes[j],
                        missing.len(),
                        if missing.len() == 1 { "" } else { "s" }
                    ),
                    "latitude and longitude, or a [[distance]] for every pair".into(),
                );
            }
        }
    }
    d.map(|x| x.unwrap_or(0.0))
}

/// A country code key that must name a country of the scenario.
pub(super) fn member(c: &mut Checker, at: &At<'_>, name: &str, codes: &[&str]) -> Option<usize> {
    let (code, pos) = c.string(at, &schema::DISTANCE, name)?;
    lookup_code(c, &code, &pos, &join(&at.path, name), codes)
}

/// The `[[name]]` tables that name two countries by the code keys
/// `keys`: each table with the two countries (`None` where wrong, reported).
pub(super) type Between<'t> = (At<'t>, Option<usize>, Option<usize>);

/// The tables of `[[name]]` (a `[[tie]]` or a `[[pair]]`), each with the
/// two countries its code keys `keys` name.
pub(super) fn between<'t>(
    c: &mut Checker,
    top: &At<'t>,
    name: &str,
    s: &Section,
    keys: [&str; 2],
    codes: &[&str],
) -> Vec<Between<'t>> {
    c.elements(top, name, s)
        .into_iter()
        .map(|at| {
            let a = c.country(&at, s, keys[0], codes);
            let b = c.country(&at, s, keys[1], codes);
            (at, a, b)
        })
        .collect()
}

/// Whether the two countries `ab` of a `[[tie]]` or `[[pair]]` differ;
/// where not, the error names the table's `noun` and its second code key.
pub(super) fn distinct(
    c: &mut Checker,
    at: &At<'_>,
    (noun, key): (&str, &str),
    (a, b): (usize, usize),
    codes: &[&str],
) -> bool {
    if a != b {
        return true;
    }
    let p = at
        .table
        .get(key)
        .map_or(at.pos.clone(), |e| e.item.pos.clone());
    c.error(
        &p,
        &join(&at.path, key),
        format!("a {noun} of {} with itself", codes[a]),
        Some("two different countries".into()),
        None,
    );
    false
}

/// `[[pair]]`: pair-specific terms of the gravity rule.
pub(super) fn pairs(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Pair> {
    let mut out: Vec<(Pair, Pos)> = Vec::new();
    for (at, from, to) in between(c, top, "pair", &schema::PAIR, ["from", "to"], codes) {
        let pair = c.element::<Pair>(&at);
        let (Some(from), Some(to), true) = (from, to, pair.ok()) else {
            continue;
        };
        if !distinct(c, &at, ("pair", "to"), (from, to), codes) {
            continue;
        }
        if let Some((_, first)) = out.iter().find(|(q, _)| q.from == from && q.to == to) {
            c.error(
                &at.pos,
                &at.path,
                format!("a second [[pair]] from {} to {}", codes[from], codes[to]),
                Some("one [[pair]] per ordered pair of countries".into()),
                Some(format!("first at {first}")),
            );
            continue;
        }
        out.push((
            Pair {
                from,
                to,
                ..pair.value
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(p, _)| p).collect()
}
