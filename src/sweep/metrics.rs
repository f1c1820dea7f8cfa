//! Summary metrics a sweep keeps of each run, taken from what the run
//! recorded: share abroad, net migration and brain-drain rate by country,
//! moves, returns, and flows in chosen corridors, at chosen months.
//!
//! Names: `share_abroad`, `share_high_abroad`, `moves`, `returns`,
//! `net_migration.CODE`, `brain_drain.CODE`, `flow.FROM->TO`, each with a
//! suffix `@M` (month M, counted from 1) when `outputs.months` is given.
//! Counts are cumulative from the first month, in people (agents × people
//! per agent, rounded once at the end). Values are formatted here,
//! once, so that results.csv is the same text wherever the run ran.

use crate::model::Scenario;
use crate::observe::Recorded;
use crate::observe::summary::{ratio, to_people};

pub use super::number::fmt_f64;
use super::plan::Outputs;

/// A metric's name and its value as text.
pub type Metric = (String, String);

/// Kept country indices and corridor (from, to) indices.
type Resolved = (Vec<usize>, Vec<(usize, usize)>);

/// Indices of the kept countries and of the corridors, checked against a
/// scenario: errors name the unknown code.
fn resolve(outputs: &Outputs, scenario: &Scenario) -> Result<Resolved, String> {
    let index = |code: &str| {
        scenario
            .countries
            .iter()
            .position(|c| c.code == code)
            .ok_or_else(|| {
                let known: Vec<&str> = scenario
                    .countries
                    .iter()
                    .map(|c| c.code.as_str())
                    .take(12)
                    .collect();
                format!(
                    "unknown country code \"{code}\" in [outputs]; the scenario has {}{}",
                    known.join(", "),
                    if scenario.countries.len() > 12 {
                        ", …"
                    } else {
                        ""
                    }
                )
            })
    };
    let countries = match &outputs.countries {
        None => (0..scenario.countries.len()).collect(),
        Some(codes) => codes.iter().map(|c| index(c)).collect::<Result<_, _>>()?,
    };
    let corridors = outputs
        .corridors
        .iter()
        .map(|(a, b)| Ok((index(a)?, index(b)?)))
        .collect::<Result<_, String>>()?;
    Ok((countries, corridors))
}

/// Checks that the outputs can be taken from a run of `scenario`.
pub fn check(outputs: &Outputs, scenario: &Scenario) -> Result<(), String> {
    super::chosen::check(&outputs.chosen, scenario)?;
    resolve(outputs, scenario)?;
    let months = scenario.simulation.months;
    if let Some(&m) = outputs.months.iter().find(|&&m| m > months) {
        return Err(format!(
            "outputs.months asks for month {m}, but the scenario runs {months} months"
        ));
    }
    Ok(())
}

/// The metrics of a finished run.
pub fn compute(
    outputs: &Outputs,
    scenario: &Scenario,
    rec: &Recorded,
) -> Result<Vec<Metric>, String> {
    if !outputs.chosen.is_empty() {
        return super::chosen::compute(&outputs.chosen, scenario, rec);
    }
    let (countries, corridors) = resolve(outputs, scenario)?;
    let recorded = rec.months.len() as u32;
    let (months, suffix) = if outputs.months.is_empty() {
        (vec![recorded], false)
    } else {
        (outputs.months.clone(), true)
    };
    let k = rec.k;
    let mut out = Vec::new();
    // Cumulative counts as months go by.
    let mut net = vec![0i64; k];
    let mut moves = 0u64;
    let mut returns = 0u64;
    let mut corridor = vec![0u64; corridors.len()];
    let mut flows = rec.flows.iter().peekable();
    let mut t = 0u32;
    for &m in &months {
        if m > recorded || m == 0 {
            return Err(format!(
                "month {m} was not simulated (the run has {recorded} months)"
            ));
        }
        while t < m {
            for r in rec.month(t) {
                net[r.country as usize] += r.immigration as i64 - r.emigration as i64;
                returns += r.return_migration;
            }
            while let Some(f) = flows.next_if(|f| f.t == t) {
                moves += f.movers as u64;
                for (c, &(a, b)) in corridors.iter().enumerate() {
                    if f.from as usize == a && f.to as usize == b {
                        corridor[c] += f.movers as u64;
                    }
                }
            }
            t += 1;
        }
        let rows = rec.month(m - 1);
        let name = |base: String| {
            if suffix { format!("{base}@{m}") } else { base }
        };
        let abroad: u64 = rows.iter().map(|r| r.emigrants_abroad).sum();
        let high: u64 = rows.iter().map(|r| r.high_skilled_natives).sum();
        let high_abroad: u64 = rows.iter().map(|r| r.high_skilled_abroad).sum();
        out.push((
            name("share_abroad".into()),
            fmt_f64(ratio(abroad, rec.agents)),
        ));
        out.push((
            name("share_high_abroad".into()),
            fmt_f64(ratio(high_abroad, high)),
        ));
        let people = |agents: i64| to_people(agents, rec.people_per_agent).to_string();
        out.push((name("moves".into()), people(moves as i64)));
        out.push((name("returns".into()), people(returns as i64)));
        for &c in &countries {
            let code = &scenario.countries[c].code;
            out.push((name(format!("net_migration.{code}")), people(net[c])));
        }
        for &c in &countries {
            let code = &scenario.countries[c].code;
            let r = &rows[c];
            out.push((
                name(format!("brain_drain.{code}")),
                fmt_f64(ratio(r.high_skilled_abroad, r.high_skilled_natives)),
            ));
        }
        for (c, &(a, b)) in corridors.iter().enumerate() {
            out.push((
                name(format!(
                    "flow.{}->{}",
                    scenario.countries[a].code, scenario.countries[b].code
                )),
                people(corridor[c] as i64),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;
    use crate::simulation::RunOptions;
    use crate::sweep::plan::Keep;

    #[test]
    fn metrics_at_the_end_agree_with_the_run_summary() {
        let s = reference_scenario(2_000, 4, 12, 3);
        let run = crate::run(
            &s,
            &RunOptions {
                threads: Some(1),
                cancel: None,
            },
        )
        .unwrap();
        let outputs = Outputs {
            keep: Keep::Summary,
            months: Vec::new(),
            corridors: vec![("C00".into(), "C03".into())],
            countries: None,
            format: crate::output::Format::Csv,
            chosen: Vec::new(),
        };
        let m = compute(&outputs, &s, &run.recorded).unwrap();
        let get = |n: &str| m.iter().find(|(k, _)| k == n).unwrap().1.clone();
        let sum = run.summary.unwrap();
        assert_eq!(get("share_abroad"), fmt_f64(sum.share_abroad));
        assert_eq!(get("moves"), sum.moves.to_string());
        assert_eq!(get("returns"), sum.returns.to_string());
        assert_eq!(get("net_migration.C02"), sum.net_migration[2].to_string());
        assert_eq!(get("brain_drain.C01"), fmt_f64(sum.brain_drain[1]));
        let corridor: u64 = run
            .recorded
            .flows
            .iter()
            .filter(|f| f.from == 0 && f.to == 3)
            .map(|f| f.movers as u64)
            .sum();
        assert_eq!(
            get("flow.C00->C03"),
            to_people(corridor as i64, sum.people_per_agent).to_string()
        );

        let at = Outputs {
            months: vec![6, 12],
            countries: Some(vec!["C01".into()]),
            ..outputs.clone()
        };
        let m2 = compute(&at, &s, &run.recorded).unwrap();
        let names: Vec<_> = m2.iter().map(|(k, _)| k.as_str()).collect();
        assert!(names.contains(&"share_abroad@6"));
        assert!(names.contains(&"net_migration.C01@12"));
        assert!(!names.iter().any(|n| n.contains("C02")));
        let get2 = |n: &str| m2.iter().find(|(k, _)| k == n).unwrap().1.clone();
        assert_eq!(get2("moves@12"), get("moves"));

        let bad = Outputs {
            corridors: vec![("XXX".into(), "C00".into())],
            ..outputs
        };
        assert!(check(&bad, &s).unwrap_err().contains("\"XXX\""));
        let late = Outputs {
            months: vec![13],
            ..at
        };
        assert!(check(&late, &s).unwrap_err().contains("month 13"));
    }
}
