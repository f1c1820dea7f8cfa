//! `calibrate` recovers a known parameter of a small world from that
//! world's own outputs, and a calibration stopped half-way (with a torn
//! journal line, as a kill leaves it) resumes to the same result without
//! repeating an evaluation.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use migrasim::calibrate::{self, Param, Settings};
use migrasim::compare::{RunTables, simulated};
use migrasim::observed::{Observation, Skill};
use migrasim::simulation::RunOptions;

/// The true value of decision.home_bias in the synthetic targets.
const TRUTH: f64 = 2.0;
const SEEDS: [u64; 2] = [1, 2];

fn small() -> Vec<String> {
    vec![
        "simulation.agents=20000".into(),
        "simulation.months=36".into(),
    ]
}

/// Targets: the seed-mean end-of-2006 stocks and 2004-05 outflows of the
/// world at the true value.
fn write_targets(path: &Path) {
    let q = common::quickstart();
    let mut rows: Vec<Observation> = Vec::new();
    let mut tables = Vec::new();
    for seed in SEEDS {
        let mut sets = small();
        sets.push(format!("decision.home_bias={TRUTH}"));
        sets.push(format!("simulation.seed={seed}"));
        let s = migrasim::scenario::load(&q, &sets).unwrap();
        let run = migrasim::run(
            &s,
            &RunOptions {
                threads: Some(1),
                cancel: None,
            },
        )
        .unwrap();
        tables.push(RunTables::from_recorded(&s, &run.recorded));
    }
    let t = &tables[0];
    let obs = |kind, origin: &str, dest: &str, year, period| Observation {
        kind,
        origin: origin.into(),
        dest: dest.into(),
        year,
        period_years: period,
        skill: Skill::Total,
        value: 0.0,
        line: 0,
    };
    for a in &t.codes {
        rows.push(obs(migrasim::observed::Kind::Outflow, a, "", 2004, 2));
        for b in &t.codes {
            if a != b {
                rows.push(obs(migrasim::observed::Kind::Stock, a, b, 2006, 0));
            }
        }
    }
    let mut text = String::from("kind,origin,dest,year,period_years,value\n");
    for o in &mut rows {
        let v: f64 = tables.iter().map(|t| simulated(t, o).unwrap()).sum::<f64>() / 2.0;
        if v > 0.0 {
            text.push_str(&format!(
                "{},{},{},{},{},{v}\n",
                o.kind,
                o.origin,
                o.dest,
                o.year,
                if o.period_years > 0 {
                    o.period_years.to_string()
                } else {
                    String::new()
                }
            ));
        }
    }
    std::fs::write(path, text).unwrap();
}

fn settings(targets: &Path) -> Settings {
    Settings {
        scenario: common::quickstart(),
        sets: small(),
        targets: targets.to_path_buf(),
        params: vec![Param::parse("decision.home_bias=1.0..4.0").unwrap()],
        seeds: SEEDS.to_vec(),
        weights: BTreeMap::new(),
        max_iters: 25,
        tolerance: 1e-6,
        start: Vec::new(),
        profile_points: 5,
        jobs: 2,
        stop_after: None,
    }
}

#[test]
fn recovers_a_known_parameter_and_resumes_after_a_stop_with_the_same_result() {
    let tmp = tempfile::tempdir().unwrap();
    let targets = tmp.path().join("targets.csv");
    write_targets(&targets);

    // A whole calibration.
    let full = tmp.path().join("full");
    let p = calibrate::Problem::new(settings(&targets), &full).unwrap();
    let a = calibrate::calibrate(&p).unwrap();
    // Within 10 % of the truth (the loss is a step function of the
    // parameter: agents' choices change at discrete values).
    assert!(
        (a.best[0] - TRUTH).abs() <= 0.1 * TRUTH,
        "found {} (loss {}), truth {TRUTH}",
        a.best[0],
        a.best_loss.value
    );
    assert!(a.best_loss.value < 0.05, "{}", a.best_loss.value);
    assert_eq!(a.fresh, a.journaled);
    // The profile's interval holds the truth's neighbourhood and the best.
    let prof = &a.profiles[0];
    assert!(prof.interval.0 <= a.best[0] && a.best[0] <= prof.interval.1);
    assert!(!prof.at_bound, "{prof:?}");

    // Stopped after 6 new evaluations, with a torn last line.
    let part = tmp.path().join("part");
    let mut s = settings(&targets);
    s.stop_after = Some(6);
    let p = calibrate::Problem::new(s, &part).unwrap();
    let err = calibrate::calibrate(&p).unwrap_err();
    assert!(err.to_string().contains("stopped before the end"), "{err}");
    drop(p);
    let journal = part.join("journal.jsonl");
    assert_eq!(
        std::fs::read_to_string(&journal).unwrap().lines().count(),
        6
    );
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .unwrap();
    std::io::Write::write_all(&mut f, b"{\"theta\":[2.2").unwrap();
    drop(f);
    // Resumed: the same path, the same result, only the rest evaluated.
    let p = calibrate::Problem::new(settings(&targets), &part).unwrap();
    let b = calibrate::calibrate(&p).unwrap();
    assert_eq!(a.best, b.best);
    assert_eq!(a.history, b.history);
    assert_eq!(a.profiles, b.profiles);
    assert_eq!(b.fresh, a.journaled - 6);
    assert_eq!(b.journaled, a.journaled);
    // The files are the same too.
    let name = "quickstart-calibrated";
    let fa = calibrate::write(&full, &settings(&targets), &a, name).unwrap();
    let fb = calibrate::write(&part, &settings(&targets), &b, name).unwrap();
    for f in ["history.csv", "profile.csv"] {
        assert_eq!(
            std::fs::read_to_string(full.join(f)).unwrap(),
            std::fs::read_to_string(part.join(f)).unwrap()
        );
    }
    // The calibrated scenario extends the original and sets the value.
    let text = std::fs::read_to_string(&fa).unwrap();
    assert!(text.contains("extends = "), "{text}");
    assert!(
        text.contains(&format!("\"decision.home_bias={:?}\"", a.best[0])),
        "{text}"
    );
    let calibrated = migrasim::scenario::load(&fa, &[]).unwrap();
    assert_eq!(calibrated.decision.home_bias, a.best[0]);
    assert_eq!(
        calibrated.simulation.scale,
        migrasim::scenario::PopulationScale::Agents(20000)
    );
    let _ = fb;

    // A folder of another calibration is refused.
    let mut other = settings(&targets);
    other.seeds = vec![7];
    let err = calibrate::Problem::new(other, &full).err().unwrap();
    assert!(err.to_string().contains("other settings"), "{err}");
}

#[test]
fn bad_parameters_are_refused_with_the_allowed_form() {
    assert_eq!(
        Param::parse("decision.home_bias=3..1").unwrap_err(),
        "--param decision.home_bias=3..1: the lower bound must be below the upper; allowed: --param KEY=LO..HI, e.g. --param decision.home_bias=0.5..3"
    );
    assert!(Param::parse("simulation.seed=1..9").is_err());
    let p = Param::parse("simulation.agents=1000..5000").unwrap();
    assert!(p.integer);
    assert_eq!(p.set(p.value(0.5)), "simulation.agents=3000");
    // A range the scenario rejects is reported before anything runs.
    let tmp = tempfile::tempdir().unwrap();
    let targets = tmp.path().join("t.csv");
    std::fs::write(
        &targets,
        "kind,origin,dest,year,value\nstock,POL,DEU,2004,1\n",
    )
    .unwrap();
    let mut s = settings(&targets);
    s.params = vec![Param::parse("decision.home_bias=-1.0..1.0").unwrap()];
    let err = calibrate::Problem::new(s, &tmp.path().join("out"))
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("decision.home_bias: -1 is out of range"),
        "{err}"
    );
}
