//! The loader's other sections: `[[region]]`, `[ties]`, `[[season]]`,
//! `[[entry]]` and the keyed tables (forms, legality, age, returns,
//! technology, costs, decision, recognition, economy).

use super::world::{between, distinct};
use crate::model::{
    Age, Costs, Decision, Economy, Entry, Forms, Gravity, Legality, Recognition, Region, Returns,
    Season, Technology, Tie, TieStrengths,
};
use crate::scenario::checker::{At, Checker};
use crate::scenario::schema;
use crate::scenario::tree::{Pos, join};

pub(super) fn regions(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Region> {
    let s = &schema::REGION;
    let mut out: Vec<(Region, Pos)> = Vec::new();
    for at in c.elements(top, "region", s) {
        let table = at.table;
        let country = c.country(&at, s, "country", codes);
        let region = c.element::<Region>(&at);
        let lat = c.number(&at, s, "latitude");
        let lon = c.number(&at, s, "longitude");
        if table.get("latitude").is_some() != table.get("longitude").is_some() {
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
            continue;
        }
        let needed = ["name", "population_share", "wage_factor"];
        let (Some(country), true) = (country, needed.iter().all(|k| region.read(k))) else {
            continue;
        };
        let name = region.value.name.clone();
        if let Some((_, first)) = out
            .iter()
            .find(|(r, _)| r.country == country && r.name == name)
        {
            let name_pos = table
                .get("name")
                .map_or(at.pos.clone(), |e| e.item.pos.clone());
            c.error(
                &name_pos,
                &join(&at.path, "name"),
                format!("a second region \"{name}\" in {}", codes[country]),
                Some("a name used by no other region of the country".into()),
                Some(format!("first at {first}")),
            );
            continue;
        }
        out.push((
            Region {
                country,
                location: lat.zip(lon),
                ..region.value
            },
            at.pos.clone(),
        ));
    }
    for (j, code) in codes.iter().enumerate() {
        let mine: Vec<&(Region, Pos)> = out.iter().filter(|(r, _)| r.country == j).collect();
        let Some((_, first)) = mine.first() else {
            continue;
        };
        let path = format!("region.{code}");
        if mine.len() < 2 {
            c.error(
                first,
                &path,
                format!("{code} has a single region"),
                Some("two or more regions per divided country".into()),
                Some("a country without [[region]] tables is one region".into()),
            );
        } else if mine.len() > schema::MAX_REGIONS {
            c.error(
                first,
                &path,
                format!("{code} has {} regions", mine.len()),
                Some(format!(
                    "at most {} regions per country",
                    schema::MAX_REGIONS
                )),
                None,
            );
        }
        let total: f64 = mine.iter().map(|(r, _)| r.population_share).sum();
        if (total - 1.0).abs() > 1e-6 {
            c.error(
                first,
                &join(&path, "population_share"),
                format!(
                    "the population shares of {code}'s regions add up to {}",
                    schema::fmt_num(total)
                ),
                Some("shares that add up to 1".into()),
                None,
            );
        }
    }
    let mut regions: Vec<Region> = out.into_iter().map(|(r, _)| r).collect();
    regions.sort_by_key(|r| r.country);
    regions
}

pub(super) fn ties(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Tie> {
    let defaults = c.table(top, "ties", &schema::TIES);
    let strengths: TieStrengths = c.keyed(defaults.as_ref());
    let mut out: Vec<(Tie, Pos)> = Vec::new();
    for (at, a, b) in between(c, top, "tie", &schema::TIE, ["a", "b"], codes) {
        let tie = c.element::<Tie>(&at);
        let (Some(a), Some(b), true) = (a, b, tie.ok()) else {
            continue;
        };
        if !distinct(c, &at, ("tie", "b"), (a, b), codes) {
            continue;
        }
        let kind = tie.value.kind;
        let strength = if at.table.get("strength").is_some() {
            tie.value.strength
        } else {
            strengths.of(kind)
        };
        if let Some((_, first)) = out
            .iter()
            .find(|(t, _)| t.kind == kind && ((t.a == a && t.b == b) || (t.a == b && t.b == a)))
        {
            c.error(
                &at.pos,
                &at.path,
                format!(
                    "a second {} tie between {} and {}",
                    kind.as_str(),
                    codes[a],
                    codes[b]
                ),
                Some("one [[tie]] per pair of countries and kind".into()),
                Some(format!("first at {first}")),
            );
            continue;
        }
        out.push((
            Tie {
                a,
                b,
                kind,
                strength,
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(t, _)| t).collect()
}

pub(super) fn forms(c: &mut Checker, top: &At<'_>) -> Forms {
    let at = c.table(top, "forms", &schema::FORMS);
    c.keyed(at.as_ref())
}

pub(super) fn seasons(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Season> {
    let s = &schema::SEASON;
    let mut out: Vec<(Season, Pos)> = Vec::new();
    for at in c.elements(top, "season", s) {
        let country = c.country(&at, s, "country", codes);
        let season = c.element::<Season>(&at);
        let (Some(country), true) = (country, season.ok()) else {
            continue;
        };
        if let Some((_, first)) = out.iter().find(|(x, _)| x.country == country) {
            c.error(
                &at.pos,
                &at.path,
                format!("a second season of {}", codes[country]),
                Some("one [[season]] per country".into()),
                Some(format!("first at {first}")),
            );
            continue;
        }
        out.push((
            Season {
                country,
                ..season.value
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(x, _)| x).collect()
}

pub(super) fn legality(c: &mut Checker, top: &At<'_>) -> Legality {
    let Some(at) = c.table(top, "legality", &schema::LEGALITY) else {
        return Legality::default();
    };
    let l: Legality = c.keyed(Some(&at));
    if l.legalised_share + l.leave_share + l.expelled_share <= 0.0 {
        c.error(
            &at.pos,
            "legality",
            "legalised_share, leave_share and expelled_share are all 0",
            Some("shares of the detected that add up to more than 0".into()),
            None,
        );
    }
    l
}

pub(super) fn age(c: &mut Checker, top: &At<'_>) -> Option<Age> {
    top.table.get("age")?;
    let at = c.table(top, "age", &schema::AGE)?;
    let a: Age = c.keyed(Some(&at));
    if a.retire_at <= a.working_from {
        let pos = at
            .table
            .get("retire_at")
            .map_or(at.pos.clone(), |e| e.item.pos.clone());
        c.error(
            &pos,
            "age.retire_at",
            format!(
                "retire_at ({}) is not above working_from ({})",
                a.retire_at, a.working_from
            ),
            Some("working_from < retire_at".into()),
            None,
        );
    }
    Some(a)
}

pub(super) fn returns(c: &mut Checker, top: &At<'_>) -> Returns {
    let at = c.table(top, "returns", &schema::RETURNS);
    c.keyed(at.as_ref())
}

pub(super) fn entries(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Entry> {
    let s = &schema::ENTRY;
    let mut out: Vec<(Entry, Pos)> = Vec::new();
    for at in c.elements(top, "entry", s) {
        let country = c.country(&at, s, "country", codes);
        let entry = c.element::<Entry>(&at);
        let (Some(country), true) = (country, entry.ok()) else {
            continue;
        };
        if let Some((_, first)) = out.iter().find(|(x, _)| x.country == country) {
            c.error(
                &at.pos,
                &at.path,
                format!("a second entry rule of {}", codes[country]),
                Some("one [[entry]] per country".into()),
                Some(format!("first at {first}")),
            );
            continue;
        }
        out.push((
            Entry {
                country,
                ..entry.value
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(x, _)| x).collect()
}

pub(super) fn technology(c: &mut Checker, top: &At<'_>) -> Technology {
    let at = c.table(top, "technology", &schema::TECHNOLOGY);
    c.keyed(at.as_ref())
}

pub(super) fn costs(c: &mut Checker, top: &At<'_>) -> Costs {
    let at = c.table(top, "costs", &schema::COSTS);
    c.keyed(at.as_ref())
}

/// `[decision]`: its own keys, the rule and (for the gravity rule) its terms.
pub(super) fn decision(c: &mut Checker, top: &At<'_>) -> Decision {
    let at = c.table(top, "decision", &schema::DECISION);
    let mut d: Decision = c.keyed(at.as_ref());
    let terms: Gravity = c.keyed(at.as_ref());
    if let Some(g) = d.gravity.as_mut() {
        *g = terms;
    }
    d
}

pub(super) fn recognition(c: &mut Checker, top: &At<'_>) -> Recognition {
    let at = c.table(top, "recognition", &schema::RECOGNITION);
    c.keyed(at.as_ref())
}

pub(super) fn economy(c: &mut Checker, top: &At<'_>) -> Economy {
    let Some(at) = c.table(top, "economy", &schema::ECONOMY) else {
        return Economy::default();
    };
    let e: Economy = c.keyed(Some(&at));
    if e.unemployment_min > e.unemployment_max {
        let pos = at
            .table
            .get("unemployment_max")
            .or_else(|| at.table.get("unemployment_min"))
            .map_or(at.pos.clone(), |x| x.item.pos.clone());
        c.error(
            &pos,
            "economy.unemployment_max",
            format!(
                "unemployment_max ({}) is below unemployment_min ({})",
                e.unemployment_max, e.unemployment_min
            ),
            Some("unemployment_min ≤ unemployment_max".into()),
            None,
        );
    }
    e
}
