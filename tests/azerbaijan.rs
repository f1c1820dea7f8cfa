//! The Azerbaijan 1988-2015 teaching scenario (issue 17) against the
//! chapter and UNHCR, over three seeds: the State Migration Service's
//! enforcement starts in March 2007 (no detection before), its yearly
//! detections are of the order of the chapter's 17,476 cases in eleven
//! months with its outcome shares, the refugees of 1988 go both ways by
//! origin (refugees.csv) and about 780,000 people are internally displaced.

mod common;

use std::path::{Path, PathBuf};

use migrasim::observe::Recorded;
use migrasim::scenario::{self, Scenario};
use migrasim::simulation::RunOptions;

const SEEDS: [u64; 3] = [1, 2, 3];

/// The chapter: "only in the 11 months of this year 17,476 foreigners and
/// stateless persons" were found in breach of the rules of stay; 3,199
/// legalised with a fine, 12,700 told to leave within 48 hours, 1,517
/// expelled.
const CHAPTER_CASES: f64 = 17_476.0;
const CHAPTER_SHARES: [f64; 3] = [3_199.0 / 17_476.0, 12_700.0 / 17_476.0, 1_517.0 / 17_476.0];

fn path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/teaching/azerbaijan-1988-2015.toml")
}

fn run(seed: u64) -> (Scenario, Recorded) {
    let s = scenario::load(&path(), &[format!("simulation.seed={seed}")]).unwrap();
    let run = migrasim::run(&s, &RunOptions::default()).unwrap();
    (s, run.recorded)
}

fn idx(s: &Scenario, code: &str) -> usize {
    s.countries.iter().position(|c| c.code == code).unwrap()
}

/// Step of month `year-month` in the run.
fn step(rec: &Recorded, year: i32, month: u8) -> usize {
    rec.months
        .iter()
        .position(|m| m.year == year && m.month == month)
        .unwrap()
}

/// Detections in `c` in months `from..=to` (steps), by outcome, in people.
fn detections(rec: &Recorded, c: usize, from: usize, to: usize) -> [f64; 3] {
    let mut out = [0.0; 3];
    for t in from..=to {
        let r = &rec.month(t as u32)[c];
        out[0] += r.detected_legalised as f64;
        out[1] += r.detected_ordered_to_leave as f64;
        out[2] += r.detected_expelled as f64;
    }
    out.map(|x| x * rec.people_per_agent)
}

#[test]
fn enforcement_starts_with_the_state_migration_service_and_detects_what_the_chapter_reports() {
    let mut pooled = [0.0; 3];
    for seed in SEEDS {
        let (s, rec) = run(seed);
        let aze = idx(&s, "AZE");
        let service = step(&rec, 2007, 3);
        let before = detections(&rec, aze, 0, service - 1);
        assert_eq!(
            before, [0.0; 3],
            "seed {seed}: detections before the State Migration Service (March 2007)"
        );
        let after = detections(&rec, aze, service, rec.months.len() - 1);
        assert!(
            after.iter().sum::<f64>() > 0.0,
            "seed {seed}: nobody detected after 2007"
        );
        for k in 0..3 {
            pooled[k] += after[k];
        }
        // The chapter's eleven months: January-November of the year it
        // was written (it cites a decree of June 2010 and "the last nine
        // years" of a presidency that began in October 2003: about 2012).
        let jan = step(&rec, 2012, 1);
        let eleven: f64 = detections(&rec, aze, jan, jan + 10).iter().sum();
        assert!(
            eleven > CHAPTER_CASES / 2.0 && eleven < CHAPTER_CASES * 2.0,
            "seed {seed}: {eleven} people detected in January-November 2012, the chapter {CHAPTER_CASES}"
        );
    }
    // Outcome shares over 2007-2015 and the three seeds (each detection
    // is drawn once, so a few hundred agents: within 6 percentage points).
    let total: f64 = pooled.iter().sum();
    for k in 0..3 {
        let share = pooled[k] / total;
        assert!(
            (share - CHAPTER_SHARES[k]).abs() < 0.06,
            "outcome {k}: share {share:.3}, the chapter {:.3} (pooled {pooled:?})",
            CHAPTER_SHARES[k]
        );
    }
}

#[test]
fn refugees_go_both_ways_by_origin_and_780000_are_displaced_inside_azerbaijan() {
    for seed in SEEDS {
        let (s, rec) = run(seed);
        let (aze, arm) = (idx(&s, "AZE"), idx(&s, "ARM"));
        // The flight (refugees_new of the country fled): about 360,000
        // Armenians from Azerbaijan and 200,000 Azerbaijanis from Armenia
        // (UNHCR). Within 12 %: the model treats both communities as
        // migrants, and about 5 % of them go "home" in the months before.
        let fled = |c: usize| -> f64 {
            (0..rec.months.len())
                .map(|t| rec.month(t as u32)[c].refugees_new as f64)
                .sum::<f64>()
                * rec.people_per_agent
        };
        for (c, unhcr) in [(aze, 360_000.0), (arm, 200_000.0)] {
            let n = fled(c);
            assert!(
                (n - unhcr).abs() < 0.12 * unhcr,
                "seed {seed}: {n} refugees from {}, UNHCR {unhcr}",
                s.countries[c].code
            );
        }
        // UNHCR-style stocks at December 1988 (refugees.csv): almost all
        // in their kin state, born there.
        let dec88 = step(&rec, 1988, 12) as u32;
        for (from, to) in [(aze, arm), (arm, aze)] {
            let all: u64 = rec
                .refugee_stocks
                .iter()
                .filter(|r| r.t == dec88 && r.origin as usize == from)
                .map(|r| r.refugees)
                .sum();
            let kin = rec
                .refugee_stocks
                .iter()
                .find(|r| r.t == dec88 && r.origin as usize == from && r.asylum as usize == to)
                .map_or(0, |r| r.in_kin_state);
            assert!(
                kin as f64 > 0.9 * all as f64,
                "seed {seed}: {kin} of {all} refugees from {} in their kin state",
                s.countries[from].code
            );
        }
        // No other country is fled (no other shock).
        assert!(
            rec.refugee_stocks
                .iter()
                .all(|r| r.origin as usize == aze || r.origin as usize == arm),
            "seed {seed}: refugees from a country without a shock"
        );
        // IDPs: none before May 1992, about 780,000 at the peak, still
        // displaced at the end (the territories stay occupied).
        let idps = |t: usize| rec.month(t as u32)[aze].idps as f64 * rec.people_per_agent;
        let may92 = step(&rec, 1992, 5);
        assert!(
            (0..may92).all(|t| idps(t) == 0.0),
            "seed {seed}: IDPs before May 1992"
        );
        let peak = (0..rec.months.len()).map(idps).fold(0.0, f64::max);
        assert!(
            (peak - 780_000.0).abs() < 0.05 * 780_000.0,
            "seed {seed}: IDP peak {peak}"
        );
        let end = idps(rec.months.len() - 1);
        assert!(
            end > 0.9 * peak,
            "seed {seed}: IDPs at the end {end}, peak {peak}"
        );
    }
}

#[test]
fn the_report_shows_the_dated_policy_and_no_enforcement_before_2007() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("aze");
    common::ok(&["run", common::s(&path()), "--out", common::s(&out), "-q"]);
    let policy = std::fs::read_to_string(out.join("policy.csv")).unwrap();
    for row in [
        "1988-01,AZE,,detection,0",
        "1988-01,AZE,,quota,none",
        "2006-07,AZE,,quota,5000",
        "2007-03,AZE,,detection,0.02",
        "2007-03,AZE,,fine,430",
        "2009-07,AZE,,one_window,true",
    ] {
        assert!(
            policy.lines().any(|l| l == row),
            "policy.csv lacks `{row}`:\n{policy}"
        );
    }
    let refugees = std::fs::read_to_string(out.join("refugees.csv")).unwrap();
    assert!(
        refugees.lines().any(|l| l.contains("1988-12,AZE,ARM,")),
        "{refugees}"
    );
    assert!(
        refugees.lines().any(|l| l.contains("1988-12,ARM,AZE,")),
        "{refugees}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("id=\"policy\""),
        "no policy section in the report"
    );
    assert!(html.contains("<td>1988-01 (start)</td><td>AZE</td><td>everyone</td><td>chance a month that an irregular migrant is detected</td><td>0 (nobody is checked)</td>"));
    assert!(html.contains("<td>2007-03</td><td>AZE</td><td>everyone</td><td>chance a month that an irregular migrant is detected</td><td>2 %</td>"));
}
