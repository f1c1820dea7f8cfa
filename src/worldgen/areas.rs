//! The free-movement areas (`[[bloc]]` tables with real accession dates
//! and transitional arrangements) and the conflicts as `[[shock]]`s of a
//! built world, with the rules' constants.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::data::DataSet;
use super::options::WorldOptions;
use super::text::{list, months, quote};

/// Deaths in a country-year from which a conflict becomes a [[shock]]
/// (UCDP's threshold of a war) ...
pub const WAR_DEATHS: f64 = 1000.0;
/// ... if they are also at least this many per million inhabitants.
pub const WAR_DEATHS_PER_MILLION: f64 = 100.0;
/// Refugees per conflict death in the rule of the conflict shocks.
pub const REFUGEES_PER_DEATH: f64 = 10.0;
/// Largest refugee share of a conflict shock.
pub const MAX_REFUGEE_SHARE: f64 = 0.3;
/// Largest share of a country's residents the initial immigrant stocks may
/// take (larger totals are scaled down and reported).
pub const MAX_IMMIGRANT_SHARE: f64 = 0.9;
/// Most [[shock]] tables a scenario may have.
const MAX_SHOCKS: usize = crate::model::schema::MAX_SHOCKS;

/// The [[bloc]] tables: members of the world, accessions inside the run,
/// transitional arrangements still in force at the start.
pub(super) fn blocs(
    t: &mut String,
    d: &DataSet,
    o: &WorldOptions,
    chosen: &BTreeSet<&str>,
    report: &mut Vec<String>,
) {
    let start = (o.year, 1u8);
    let mut names: Vec<&str> = Vec::new();
    for b in &d.blocs {
        if !names.contains(&b.bloc.as_str()) {
            names.push(&b.bloc);
        }
    }
    for name in names {
        let mut members = Vec::new();
        let mut accession = Vec::new();
        let mut leave = Vec::new();
        let mut later = Vec::new();
        for b in d.blocs.iter().filter(|b| b.bloc == name) {
            if !chosen.contains(b.member.as_str()) {
                continue;
            }
            if b.leaves.is_some_and(|l| l <= start) {
                continue;
            }
            match b.joins {
                Some(j) if j > o.until => later.push(format!("{} ({}-{:02})", b.member, j.0, j.1)),
                Some(j) => {
                    members.push(b.member.as_str());
                    if j > start {
                        accession.push((b.member.as_str(), j));
                    }
                }
                None => members.push(b.member.as_str()),
            }
            if let Some(l) = b.leaves
                && l <= o.until
                && members.last() == Some(&b.member.as_str())
            {
                leave.push((b.member.as_str(), l));
            }
        }
        if !later.is_empty() {
            report.push(format!(
                "{name}: members joining after the run left out: {}",
                later.join(", ")
            ));
        }
        if members.len() < 2 {
            continue;
        }
        let _ = writeln!(
            t,
            "\n# {name}: sources in data/blocs.csv and data/transitions.csv."
        );
        let _ = writeln!(t, "[[bloc]]\nname = {}", quote(name));
        let _ = writeln!(
            t,
            "members = [{}]",
            members
                .iter()
                .map(|m| format!("\"{m}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        // every member joining at one month: the bloc starts then
        let common = accession.first().map(|a| a.1);
        if accession.len() == members.len() && accession.iter().all(|a| Some(a.1) == common) {
            let (y, m) = common.unwrap();
            let _ = writeln!(t, "start = \"{y}-{m:02}\"");
        } else if !accession.is_empty() {
            let _ = writeln!(t, "accession = {{ {} }}", months(&accession));
        }
        if !leave.is_empty() {
            let _ = writeln!(t, "leave = {{ {} }}", months(&leave));
        }
        if name == "EU" {
            t.push_str("recognition = 1.0\n");
        }
        let mut grouped: BTreeMap<(&str, (i32, u8)), Vec<&str>> = BTreeMap::new();
        for r in d.transitions.iter().filter(|r| r.bloc == name) {
            if members.contains(&r.member.as_str())
                && members.contains(&r.newcomer.as_str())
                && r.until > start
            {
                grouped
                    .entry((r.member.as_str(), r.until))
                    .or_default()
                    .push(&r.newcomer);
            }
        }
        for ((member, (y, m)), newcomers) in grouped {
            let _ = writeln!(
                t,
                "\n[[bloc.transition]]\nmember = \"{member}\"\nnewcomers = [{}]\nuntil = \"{y}-{m:02}\"",
                newcomers
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
}

/// Conflicts with at least WAR_DEATHS deaths a year: one [[shock]] per run
/// of consecutive years.
pub(super) fn shocks(
    t: &mut String,
    d: &DataSet,
    o: &WorldOptions,
    chosen: &BTreeSet<&str>,
    report: &mut Vec<String>,
) {
    let mut spells: Vec<(String, i32, i32, f64, f64)> = Vec::new(); // country, first, last, deaths of first, all deaths
    let mut rows: Vec<_> = d
        .conflicts
        .iter()
        .filter(|c| {
            chosen.contains(c.country.as_str())
                && c.deaths >= WAR_DEATHS
                && d.series_at(&c.country, c.year)
                    .is_some_and(|r| c.deaths >= WAR_DEATHS_PER_MILLION * r.total_population / 1e6)
                && c.year >= o.year
                && c.year <= o.until.0
        })
        .collect();
    rows.sort_by(|a, b| (&a.country, a.year).cmp(&(&b.country, b.year)));
    for r in rows {
        match spells.last_mut() {
            Some(s) if s.0 == r.country && s.2 + 1 == r.year => {
                s.2 = r.year;
                s.4 += r.deaths;
            }
            _ => spells.push((r.country.clone(), r.year, r.year, r.deaths, r.deaths)),
        }
    }
    if spells.len() > MAX_SHOCKS {
        let mut by_deaths: Vec<usize> = (0..spells.len()).collect();
        by_deaths.sort_by(|&a, &b| spells[b].4.total_cmp(&spells[a].4).then(a.cmp(&b)));
        let keep: BTreeSet<usize> = by_deaths[..MAX_SHOCKS].iter().copied().collect();
        let dropped: Vec<String> = (0..spells.len())
            .filter(|i| !keep.contains(i))
            .map(|i| format!("{} {}", spells[i].0, spells[i].1))
            .collect();
        report.push(format!(
            "conflicts: at most {MAX_SHOCKS} shocks; left out the least deadly: {}",
            list(dropped.iter().map(String::as_str))
        ));
        spells = keep.into_iter().map(|i| spells[i].clone()).collect();
    }
    if spells.is_empty() {
        return;
    }
    let _ = writeln!(
        t,
        "\n# Conflicts (UCDP): every run of years with at least {WAR_DEATHS:.0} deaths a year\n\
         # and {WAR_DEATHS_PER_MILLION:.0} per million inhabitants is a shock; refugees = min({MAX_REFUGEE_SHARE}, {REFUGEES_PER_DEATH} x deaths of its first year / total population)."
    );
    for (c, first, last, deaths, _) in spells {
        let total = d
            .series_at(&c, first)
            .map_or(f64::INFINITY, |r| r.total_population);
        let refugees = (REFUGEES_PER_DEATH * deaths / total).min(MAX_REFUGEE_SHARE);
        let end = if last == o.until.0 {
            format!("{last}-{:02}", o.until.1)
        } else {
            format!("{last}-12")
        };
        let _ = writeln!(
            t,
            "\n[[shock]]\nkind = \"conflict\"\ncountry = \"{c}\"\nstart = \"{first}-01\"\nend = \"{end}\"\nrefugees = {refugees:.4}"
        );
    }
}
