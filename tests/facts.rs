//! `migrasim facts` on run folders whose answer is known by construction
//! (flows from an exact gravity law, an exact hump, set ratios), and on a
//! real run through the command line.

// Expected values computed in the test with std float functions: the
// engine's own results come from libm (clippy.toml); tolerances cover an ulp.
#![allow(clippy::disallowed_methods)]

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{migrasim, ok, s};

const K: usize = 12;

/// The known law: ln F_ij = 2 − 0.9 ln d + 0.7 ln P_i + 0.5 ln P_j
/// + 1.2 contig + 0.4 lang + 0.1 ln y_i + 0.3 ln y_j.
const LAW: [f64; 8] = [2.0, -0.9, 0.7, 0.5, 1.2, 0.4, 0.1, 0.3];

fn income(i: usize) -> f64 {
    800.0 * 1.6f64.powi(i as i32)
}

fn population(i: usize) -> f64 {
    1e6 * (1.0 + ((i * 7) % 5) as f64) * (1.0 + i as f64 / 3.0)
}

fn distance(i: usize, j: usize) -> f64 {
    300.0 + 700.0 * ((i * 13 + j * 7) % 11) as f64 + 50.0 * (i + j) as f64
}

fn contiguous(i: usize, j: usize) -> bool {
    (i + j) % 4 == 1
}

fn language(i: usize, j: usize) -> bool {
    (i * j) % 3 == 2
}

/// Emigration rate by construction: a hump peaking at US$ 6000 a year.
fn rate(i: usize) -> f64 {
    0.05 - 0.004 * (income(i) / 6000.0).ln().powi(2)
}

/// Writes a run folder of 60 months built from the law.
fn write_run(dir: &Path) {
    let code = |i: usize| format!("C{i:02}");
    let mut c = String::from(
        "index,code,name,continent,group,population,wage_low,wage_high,unemployment,high_skilled_share\n",
    );
    for i in 0..K {
        let _ = writeln!(
            c,
            "{i},{},n,E,developing,{},{},{},0.1,0",
            code(i),
            population(i),
            income(i) / 12.0,
            income(i) / 12.0 * 2.0
        );
    }
    std::fs::write(dir.join("countries.csv"), c).unwrap();
    let mut t = String::from(
        "step,country,population,agents,natives_at_home,emigrants_abroad,high_skilled_natives,high_skilled_emigrants_abroad\n",
    );
    for step in 0..60 {
        for i in 0..K {
            let natives = 1e6;
            let abroad = rate(i) * natives;
            // Tertiary rate three times the total (one origin: half).
            let m = if i == 3 { 0.5 } else { 3.0 };
            let high = 1e5;
            let _ = writeln!(
                t,
                "{step},{},{},{},{},{},{},{}",
                code(i),
                population(i),
                1e6,
                natives - abroad,
                abroad,
                high,
                high * m * rate(i)
            );
        }
    }
    std::fs::write(dir.join("timeseries.csv"), t).unwrap();
    let mut f = String::from("step,origin,destination,movers,returns,movers_permanent\n");
    let mut p = String::from("from,to,distance_km,contiguous,common_language\n");
    for i in 0..K {
        for j in (0..K).filter(|&j| j != i) {
            let x = [
                1.0,
                distance(i, j).ln(),
                population(i).ln(),
                population(j).ln(),
                f64::from(u8::from(contiguous(i, j))),
                f64::from(u8::from(language(i, j))),
                income(i).ln(),
                income(j).ln(),
            ];
            let ln_f: f64 = x.iter().zip(LAW).map(|(a, b)| a * b).sum();
            // Split over two months: the facts sum them.
            let total = ln_f.exp() * 1e-9;
            for step in [4, 30] {
                let _ = writeln!(
                    f,
                    "{step},{},{},{},{},{}",
                    code(i),
                    code(j),
                    total / 2.0,
                    total / 8.0,
                    total / 4.0
                );
            }
            let _ = writeln!(
                p,
                "{},{},{},{},{}",
                code(i),
                code(j),
                distance(i, j),
                u8::from(contiguous(i, j)),
                u8::from(language(i, j))
            );
        }
    }
    std::fs::write(dir.join("flows.csv"), f).unwrap();
    std::fs::write(dir.join("pairs.csv"), p).unwrap();
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("migrasim-facts-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn facts_recover_a_gravity_law_a_hump_and_ratios_built_into_a_run_folder() {
    let dir = tmp("known");
    write_run(&dir);
    let f = migrasim::facts::measure(&dir).unwrap();
    let g = f.gravity.as_ref().expect("a regression");
    assert!(g.dropped.is_empty(), "{:?}", g.dropped);
    assert_eq!(g.fit.n, K * (K - 1));
    for (t, want) in migrasim::facts::GRAVITY_TERMS.iter().zip(LAW) {
        let (coef, se) = g.term(t).unwrap();
        // The constant absorbs the 1e-9 scale.
        if *t != "constant" {
            assert!((coef - want).abs() < 1e-6, "{t}: {coef} vs {want}");
            assert!(se < 1e-6, "{t}: se {se}");
        }
    }
    // 60 months, world residents Σ P_i, moves Σ F_ij.
    let world: f64 = (0..K).map(population).sum();
    let total: f64 = {
        let text = std::fs::read_to_string(dir.join("flows.csv")).unwrap();
        text.lines()
            .skip(1)
            .map(|l| l.split(',').nth(3).unwrap().parse::<f64>().unwrap())
            .sum()
    };
    assert!((f.moves_5y_share - total / world).abs() < 1e-12 * f.moves_5y_share);
    assert!((f.permanent_moves_5y_share - f.moves_5y_share / 2.0).abs() < 1e-12);
    assert!((f.return_share - 0.25).abs() < 1e-12);
    assert!((f.ratio_median.unwrap() - 3.0).abs() < 1e-9);
    assert!((f.ratio_above_one.unwrap() - 11.0 / 12.0).abs() < 1e-12);
    let peak = f.hump_peak.unwrap();
    assert!((peak - 6000.0).abs() < 1e-3, "{peak}");
    let table = f.table();
    assert!(table.contains("distance elasticity"), "{table}");
    let out = f.write(&dir).unwrap();
    for name in ["facts.csv", "gravity.csv", "origins.csv", "hump.csv"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let gravity = std::fs::read_to_string(out.join("gravity.csv")).unwrap();
    assert!(
        gravity.starts_with("term,coefficient,se,pairs,r2\n"),
        "{gravity}"
    );
    assert_eq!(gravity.lines().count(), 9);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_term_without_variation_is_dropped_and_named() {
    let dir = tmp("flat");
    write_run(&dir);
    let p = std::fs::read_to_string(dir.join("pairs.csv")).unwrap();
    let flat: String = p
        .lines()
        .enumerate()
        .map(|(n, l)| {
            if n == 0 {
                format!("{l}\n")
            } else {
                let mut c: Vec<&str> = l.split(',').collect();
                c[3] = "0";
                format!("{}\n", c.join(","))
            }
        })
        .collect();
    std::fs::write(dir.join("pairs.csv"), flat).unwrap();
    let f = migrasim::facts::measure(&dir).unwrap();
    let g = f.gravity.unwrap();
    assert_eq!(g.dropped, vec!["contiguity"]);
    assert!(g.term("contiguity").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn facts_of_a_real_run_and_a_clear_error_for_a_folder_without_pairs() {
    let dir = tmp("cli");
    let out = dir.join("run");
    ok(&[
        "run",
        s(&common::quickstart()),
        "--set",
        "simulation.agents=20000",
        "--set",
        "simulation.months=24",
        "--no-plots",
        "-q",
        "-o",
        s(&out),
    ]);
    let text = ok(&["facts", s(&out)]);
    assert!(
        text.contains("gross moves per 5 years, % of world"),
        "{text}"
    );
    assert!(text.contains("tertiary/total emigration, median"), "{text}");
    assert!(out.join("facts/facts.csv").is_file());
    std::fs::remove_file(out.join("pairs.csv")).unwrap();
    let o = migrasim(&["facts", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no pairs.csv or pairs.parquet in the run folder"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
