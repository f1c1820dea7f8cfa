//! `calibrate` recovers a known parameter of a small world from that
//! world's own outputs, and a calibration stopped half-way (with a torn
//! journal line, as a kill leaves it) resumes to the same result without
//! repeating an evaluation.

// Expected values computed in the test with std float functions: the
// engine's own results come from libm (clippy.toml); tolerances cover an ulp.
#![allow(clippy::disallowed_methods)]

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
        changes: BTreeMap::new(),
        fit_start_year: false,
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

/// Four stock targets of two corridors in 1990 (the run's start year) and
/// 2000.
fn two_corridors(dir: &Path) -> migrasim::observed::Observed {
    let f = dir.join("t.csv");
    std::fs::write(
        &f,
        "kind,origin,dest,year,value\nstock,AAA,BBB,1990,100\nstock,AAA,BBB,2000,1000\n\
         stock,AAA,CCC,1990,10\nstock,AAA,CCC,2000,10\n",
    )
    .unwrap();
    migrasim::observed::load(&f).unwrap()
}

fn spec(weights: &[&str], changes: &[&str], fit_start_year: bool) -> calibrate::loss::LossSpec {
    calibrate::loss::LossSpec {
        weights: weights
            .iter()
            .map(|w| calibrate::loss::parse_weight(w).unwrap())
            .collect(),
        changes: changes
            .iter()
            .map(|c| calibrate::loss::parse_change(c).unwrap())
            .collect(),
        fit_start_year,
    }
}

#[test]
fn the_loss_leaves_out_the_start_year_and_fits_levels_by_year_and_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let o = two_corridors(tmp.path());
    let all = [true; 4];
    // Simulated: 50 → 500 (observed 100 → 1000), 10 → 100 (10 → 10).
    let sim = [Some(50.0), Some(500.0), Some(10.0), Some(100.0)];
    let value = |sp: &calibrate::loss::LossSpec, v: &[Option<f64>]| {
        sp.plan(&o, 1990, &all).unwrap().value(&o, v, 1.0)
    };
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    // Levels: the 2000 cells only, log10 errors −0.30103 and 1.
    let (l, cells) = value(&spec(&[], &[], false), &sim);
    assert_eq!(cells, 2);
    close(l, ((0.5f64.log10().powi(2) + 1.0) / 2.0).sqrt());
    // The start year's values do not move it...
    let mut other = sim;
    other[0] = Some(7.0);
    close(value(&spec(&[], &[], false), &other).0, l);
    // ...unless asked for.
    let (with, cells) = value(&spec(&[], &[], true), &sim);
    assert_eq!(cells, 4);
    close(
        with,
        ((0.5f64.log10().powi(2) * 2.0 + 1.0 + 0.0) / 4.0).sqrt(),
    );
    assert_ne!(value(&spec(&[], &[], true), &other).0, with);
    // By year: stock@1990 at 0 and stock@2000 at 3 is one term, the same.
    close(
        value(&spec(&["stock@1990=0", "stock@2000=3"], &[], true), &sim).0,
        l,
    );
    // Change, log10 ratio: simulated growth ×10 and ×10, observed ×10 and
    // ×1: errors 0 and 1.
    let (c, cells) = value(&spec(&["stock=0"], &["stock=1"], false), &sim);
    assert_eq!(cells, 2);
    close(c, 0.5f64.sqrt());
    // Change in people: +450 and +90 against +900 and 0, over the RMS of
    // the observed changes.
    let (p, _) = value(&spec(&["stock=0"], &["stock:people=1"], false), &sim);
    close(
        p,
        ((450.0f64.powi(2) + 90.0f64.powi(2)) / 900.0f64.powi(2)).sqrt(),
    );
    // Levels and change together: the weighted mean of the terms.
    let (m, cells) = value(&spec(&["stock=1"], &["stock=3"], false), &sim);
    assert_eq!(cells, 4);
    close(m, (l + 3.0 * c) / 4.0);
}

#[test]
fn bad_loss_options_are_refused_with_the_allowed_form() {
    use calibrate::loss::{parse_change, parse_weight};
    let form = "--weight KIND=W or KIND@YEAR=W with W a number ≥ 0, e.g. --weight stock=2 --weight stock@2000=4";
    assert_eq!(
        parse_weight("stock@19x0=2").unwrap_err(),
        format!("--weight stock@19x0=2: \"19x0\" is not a year; allowed: {form}")
    );
    assert_eq!(
        parse_weight("stocks=2").unwrap_err(),
        format!(
            "--weight stocks=2: unknown kind \"stocks\"; allowed kinds: stock, flow, outflow, inflow, return_inflow, net_migration, emigration_rate; form: {form}"
        )
    );
    assert_eq!(
        parse_weight("stock=-1").unwrap_err(),
        format!("--weight stock=-1: \"-1\" is not a weight; allowed: {form}")
    );
    assert_eq!(
        parse_weight("stock").unwrap_err(),
        format!("--weight stock: no weight; allowed: {form}")
    );
    assert_eq!(
        parse_weight(" stock@2000 = 4").unwrap(),
        ("stock@2000".into(), 4.0)
    );
    assert_eq!(
        parse_change("net_migration=1").unwrap_err(),
        "--change net_migration=1: net migration may be negative, so it has no log ratio; allowed: --change net_migration:people=W"
    );
    assert_eq!(
        parse_change("stock:linear=1").unwrap_err(),
        "--change stock:linear=1: unknown scale \"linear\"; allowed: log (KIND=W, the default) or people (KIND:people=W)"
    );
    assert_eq!(parse_change("stock:log=2").unwrap(), ("stock".into(), 2.0));
    assert_eq!(
        parse_change("flow:people=1").unwrap(),
        ("flow:people".into(), 1.0)
    );

    // Against the targets.
    let tmp = tempfile::tempdir().unwrap();
    let o = two_corridors(tmp.path());
    let t = tmp.path().join("t.csv");
    let plan = |w: &[&str], c: &[&str]| spec(w, c, false).plan(&o, 1990, &[true; 4]).unwrap_err();
    assert_eq!(
        plan(&["stock@2010=1"], &[]),
        format!(
            "--weight stock@2010: {} has no stock target of 2010; allowed years: 1990, 2000",
            t.display()
        )
    );
    assert_eq!(
        plan(&["stock@1990=1"], &[]),
        "--weight stock@1990: 1990 is the run's start year, whose stock values are the initial conditions and are left out of the loss; allowed: a later year (2000), or --fit-start-year to fit them"
    );
    assert_eq!(
        plan(&[], &["flow=1"]),
        format!(
            "--change flow: no flow target of {} is observed in two years (years: none); nothing to fit a change to",
            t.display()
        )
    );
    assert_eq!(
        plan(&["stock=0"], &[]),
        "the loss has no term: every matched target has weight 0 or is a start-year value (levels [stock=0] (other kinds 1), changes [], start-year stocks and rates left out); allowed: a weight > 0 on a kind with targets after 1990, or --change KIND=W"
    );

    // The command line says it and exits with 2.
    let out = common::migrasim(&[
        "calibrate",
        common::s(&common::quickstart()),
        "--targets",
        common::s(&t),
        "--param",
        "decision.home_bias=1..3",
        "--weight",
        "stocks=2",
        "-o",
        common::s(&tmp.path().join("cal")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--weight stocks=2: unknown kind \"stocks\""),
        "{err}"
    );
    assert!(!tmp.path().join("cal").exists(), "nothing written");
}
