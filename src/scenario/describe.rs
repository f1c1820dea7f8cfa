//! A one-screen, human-readable summary of a validated scenario (what
//! `migrasim validate` prints).

use std::fmt::Write;

use super::{PopulationScale, Scenario};
use crate::world::layout::agents_per_country;

/// Countries listed in full before the list is shortened.
const LIST_MAX: usize = 16;

/// What the scenario takes from data (`[data]`, `[[stock]]`), if anything.
fn data_line(s: &Scenario) -> Option<String> {
    use super::SeriesVar::*;
    let d = &s.data;
    if d.series.is_none() && d.stocks.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if d.series.is_some() {
        let k = s.countries.len();
        let vars: Vec<String> = [
            Population,
            WageLow,
            WageHigh,
            Unemployment,
            HighSkilledShare,
        ]
        .iter()
        .zip(super::data::SERIES_COLUMNS)
        .filter_map(|(&v, name)| {
            let n = (0..k)
                .filter(|&j| d.series.as_ref().is_some_and(|x| x.has(v, j)))
                .count();
            (n > 0).then(|| format!("{name} ({n})"))
        })
        .collect();
        parts.push(format!("series of {}", vars.join(", ")));
    }
    if !d.stocks.is_empty() {
        let people: f64 = d.stocks.iter().map(|x| x.people).sum();
        parts.push(format!(
            "{} initial stocks, {:.0} people abroad",
            d.stocks.len(),
            people
        ));
    }
    if d.demography() {
        parts.push("populations follow data (entries and exits)".into());
    }
    Some(format!("data       {}", parts.join("; ")))
}

/// The summary text, ending with a newline.
pub fn summary(s: &Scenario) -> String {
    let mut out = String::new();
    let agents = agents_per_country(s);
    let total: u64 = agents.iter().sum();
    let sim = &s.simulation;
    let _ = writeln!(out, "scenario   {}", s.name);
    if !s.description.is_empty() {
        let _ = writeln!(
            out,
            "           {}",
            s.description.lines().next().unwrap_or("")
        );
    }
    let _ = writeln!(
        out,
        "time       {} .. {} ({} months)",
        sim.start,
        s.date_of_step(sim.months.saturating_sub(1)),
        sim.months
    );
    let scale = match sim.scale {
        PopulationScale::Agents(n) => format!("{n} agents requested"),
        PopulationScale::PeoplePerAgent(p) => format!("{p} people per agent"),
    };
    let _ = writeln!(out, "agents     {total} ({scale}), seed {}", sim.seed);
    let _ = writeln!(out, "countries  {}", s.countries.len());
    if let Some(d) = data_line(s) {
        let _ = writeln!(out, "{d}");
    }
    let _ = writeln!(
        out,
        "  {:<6} {:<22} {:<15} {:>12} {:>9} {:>9} {:>9} {:>6} {:>6}",
        "code", "name", "group", "population", "agents", "wage_low", "wage_high", "unemp", "high"
    );
    let k = s.countries.len();
    for (i, c) in s.countries.iter().enumerate() {
        if k > LIST_MAX && i == LIST_MAX - 4 {
            let _ = writeln!(out, "  … {} more …", k - LIST_MAX + 1);
        }
        if k > LIST_MAX && i >= LIST_MAX - 4 && i < k - 3 {
            continue;
        }
        let name: String = c.name.chars().take(22).collect();
        let _ = writeln!(
            out,
            "  {:<6} {:<22} {:<15} {:>12.0} {:>9} {:>9.0} {:>9.0} {:>6.3} {:>6.3}",
            c.code,
            name,
            c.group.as_str(),
            c.population,
            agents[i],
            c.wage_low,
            c.wage_high,
            c.unemployment,
            c.high_skilled_share
        );
    }
    for b in &s.blocs {
        let members: Vec<&str> = b
            .members
            .iter()
            .map(|&m| s.countries[m].code.as_str())
            .collect();
        let shown = if members.len() > 12 {
            format!("{} … ({} members)", members[..12].join(" "), members.len())
        } else {
            members.join(" ")
        };
        let _ = writeln!(
            out,
            "bloc       {}{}{}{}: {}",
            b.name,
            if b.free_movement {
                ", free movement"
            } else {
                ""
            },
            b.recognition
                .map(|p| format!(", recognition {p}"))
                .unwrap_or_default(),
            b.start.map(|d| format!(" from {d}")).unwrap_or_default(),
            shown
        );
        let code = |m: usize| s.countries[m].code.as_str();
        for (word, list) in [("joins", &b.accession), ("leaves", &b.leave)] {
            if !list.is_empty() {
                let items: Vec<String> = list
                    .iter()
                    .map(|&(m, d)| format!("{} {d}", code(m)))
                    .collect();
                let _ = writeln!(out, "           {word}: {}", items.join(", "));
            }
        }
        for t in &b.transitions {
            let newcomers: Vec<&str> = t.newcomers.iter().map(|&m| code(m)).collect();
            let _ = writeln!(
                out,
                "           {} closed to {} until {}",
                code(t.member),
                newcomers.join(" "),
                t.until
            );
        }
    }
    for p in &s.phases {
        let _ = writeln!(
            out,
            "phase      {} of {}, {} .. {}, depth {}",
            p.kind.as_str(),
            p.country
                .map_or("all countries", |j| s.countries[j].code.as_str()),
            p.start,
            p.end,
            p.depth
        );
    }
    let grows = |x: f64| format!("{} a year", x);
    if s.technology.skill_premium_growth != 0.0
        || s.countries.iter().any(|c| c.skill_premium_growth.is_some())
    {
        let _ = writeln!(
            out,
            "technology skill premium grows {} (countries may override)",
            grows(s.technology.skill_premium_growth)
        );
    }
    for b in &s.barrier_changes {
        let show = |x: Option<f64>| x.map_or("unchanged".to_string(), |x| format!("× {x}"));
        let _ = writeln!(
            out,
            "reform     {} from {}: entry barrier {}, exit barrier {}",
            s.countries[b.country].code,
            b.date,
            show(b.entry),
            show(b.exit)
        );
    }
    for t in &s.ties {
        let _ = writeln!(
            out,
            "tie        {} – {}: {}, + {} utility",
            s.countries[t.a].code,
            s.countries[t.b].code,
            t.kind.as_str(),
            t.strength
        );
    }
    if s.costs.transport_decline != 0.0 || s.decision.network_growth != 0.0 {
        let _ = writeln!(
            out,
            "integration τ falls {}, β_n grows {}",
            grows(s.costs.transport_decline),
            grows(s.decision.network_growth)
        );
    }
    let d = &s.decision;
    let e = &s.economy;
    let _ = writeln!(
        out,
        "decision   p = {:.4}, β_w = {}, β_n = {}, h = {}, network scale {}",
        d.reconsider_probability, d.wage_weight, d.network_weight, d.home_bias, d.network_scale
    );
    let _ = writeln!(
        out,
        "costs      τ = {} per 1000 km, border barrier {}",
        s.costs.transport_per_1000km, s.costs.border_barrier
    );
    let _ = writeln!(
        out,
        "economy    ε = {}, κ = {}, unemployment in [{}, {}]",
        e.wage_elasticity, e.okun, e.unemployment_min, e.unemployment_max
    );
    if !s.recognises_everything() {
        let own: Vec<String> = s
            .countries
            .iter()
            .filter_map(|c| c.recognition.map(|p| format!("{} {p}", c.code)))
            .collect();
        let shown = if own.len() > 12 {
            format!("{} … ({} countries)", own[..12].join(", "), own.len())
        } else {
            own.join(", ")
        };
        let _ = writeln!(
            out,
            "recognition p = {} by default{}",
            s.recognition.probability,
            if own.is_empty() {
                String::new()
            } else {
                format!("; {shown}")
            }
        );
    }
    let code = |j: usize| s.countries[j].code.as_str();
    if !s.forms.is_default() || !s.seasons.is_empty() {
        let f = &s.forms;
        let seasons: Vec<String> = s
            .seasons
            .iter()
            .map(|x| format!("{} {}-{} ({})", code(x.country), x.start, x.end, x.share))
            .collect();
        let _ = writeln!(
            out,
            "forms      temporary {} ({} months, renewed {}), commuting within {} km ({}){}",
            f.temporary_share,
            f.contract_months,
            f.renewal_probability,
            f.commuting_km,
            f.commuting_share,
            if seasons.is_empty() {
                String::new()
            } else {
                format!(", seasons {}", seasons.join(", "))
            }
        );
    }
    if s.has_entry_rules() {
        let rules: Vec<String> = s
            .entries
            .iter()
            .map(|e| {
                let rule = match e.rule {
                    super::EntryRule::Open => "open",
                    super::EntryRule::Permit => "permit",
                    super::EntryRule::Closed => "closed",
                };
                match e.quota {
                    Some(q) => format!("{} {rule} {q}/yr", code(e.country)),
                    None => format!("{} {rule}", code(e.country)),
                }
            })
            .collect();
        let l = &s.legality;
        let _ = writeln!(
            out,
            "legality   {}; irregular {}, detection {}, C143 {}",
            rules.join(", "),
            l.irregular_share,
            l.detection,
            if l.c143 { "on" } else { "off" }
        );
    }
    if !s.returns.is_default() {
        let r = &s.returns;
        let _ = writeln!(
            out,
            "returns    target earners {} (target {} US$), programme {} US$ from {}",
            r.target_share,
            r.savings_target,
            r.programme_payment,
            r.programme_start
                .map_or("never".to_string(), |m| m.to_string())
        );
    }
    if let Some(a) = &s.age {
        let _ = writeln!(
            out,
            "age        working {}-{}, propensity −{} a year after {}, reunification {} after {} months",
            a.working_from,
            a.retire_at - 1,
            a.decline,
            a.peak,
            a.reunification_share,
            a.reunification_after
        );
    }
    for o in &s.overrides {
        let _ = writeln!(out, "override   {o}");
    }
    let _ = writeln!(out, "ok: the scenario is valid");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::synthetic::reference_scenario;

    #[test]
    fn summary_fits_a_screen_even_with_200_countries() {
        let s = reference_scenario(1_000_000, 200, 120, 1);
        let text = summary(&s);
        assert!(text.lines().count() <= 30, "{text}");
        assert!(text.contains("C000") && text.contains("C199"));
        assert!(text.contains("1000000 agents"));
        assert!(text.contains("… 185 more …"));
        assert!(!text.contains("recognition"));
    }

    #[test]
    fn summary_shows_forms_legality_returns_and_age_only_when_used() {
        let mut s = reference_scenario(1000, 4, 12, 1);
        let plain = summary(&s);
        for word in ["forms ", "legality ", "returns ", "age "] {
            assert!(!plain.contains(word), "{plain}");
        }
        s.forms.temporary_share = 0.5;
        s.entries.push(crate::scenario::Entry {
            country: 3,
            rule: crate::scenario::EntryRule::Closed,
            quota: None,
            one_window: None,
            detection: None,
            family: true,
        });
        s.returns.target_share = 0.1;
        s.age = Some(crate::scenario::Age::default());
        let text = summary(&s);
        for line in [
            "forms      temporary 0.5 (24 months, renewed 0), commuting within 0 km (0.5)",
            "legality   C03 closed; irregular 0.3, detection 0.01, C143 off",
            "returns    target earners 0.1 (target 10000 US$), programme 0 US$ from never",
            "age        working 15-64, propensity −0.04 a year after 25, reunification 0 after 60 months",
        ] {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
    }

    #[test]
    fn summary_shows_recognition_when_it_is_not_the_default() {
        let mut s = reference_scenario(1000, 6, 12, 1);
        s.recognition.probability = 0.5;
        s.countries[4].recognition = Some(0.9);
        s.blocs[0].recognition = Some(1.0);
        let text = summary(&s);
        assert!(
            text.contains("recognition p = 0.5 by default; C04 0.9"),
            "{text}"
        );
        assert!(
            text.contains("North, free movement, recognition 1: "),
            "{text}"
        );
    }
}
