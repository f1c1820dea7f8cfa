//! Tests of reading and expanding sweep files.

use std::path::Path;

use super::*;
use crate::error::Error;

fn parse_str(s: &str) -> Result<SweepFile, Error> {
    parse(Path::new("sweeps/test.toml"), s)
}

fn err(s: &str) -> String {
    parse_str(s).unwrap_err().to_string()
}

#[test]
fn lists_are_axes_scalars_constants_and_order_is_the_files() {
    let f = parse_str(
        r#"
scenario = "base.toml"
seed = 5
replicates = 3
[axes]
decision.home_bias = [0.25, 0.5]
simulation.months = 24
"country.POL.wage_low" = [900, 1200, 1500]
costs = { border_barrier = { start = 1.0, stop = 2.0, step = 0.5 } }
"#,
    )
    .unwrap();
    assert_eq!(f.scenario, Path::new("sweeps/base.toml"));
    assert_eq!(f.constants, vec!["simulation.months=24".to_string()]);
    let keys: Vec<_> = f.axes.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "decision.home_bias",
            "country.POL.wage_low",
            "costs.border_barrier"
        ]
    );
    assert_eq!(
        f.axes[2].values,
        AxisValues::List(vec![
            Value::Float(1.0),
            Value::Float(1.5),
            Value::Float(2.0)
        ])
    );
    assert_eq!(f.axes[1].place, "sweeps/test.toml:8:1");
    let plan = f.plan().unwrap();
    assert_eq!(plan.points.len(), 2 * 3 * 3);
    assert_eq!(plan.runs.len(), 54);
    assert_eq!(plan.runs[4].id, "p0001-r01");
    // The last axis varies fastest.
    assert_eq!(plan.points[1][2], Value::Float(1.5));
    assert_eq!(
        plan.overrides(&plan.runs[4]),
        vec![
            "simulation.months=24".to_string(),
            "decision.home_bias=0.25".into(),
            "country.POL.wage_low=900".into(),
            "costs.border_barrier=1.5".into(),
            format!("simulation.seed={}", derive_seed(5, 1)),
        ]
    );
    // Seeds: one per replicate, the same at every point, stable.
    assert_eq!(plan.runs[1].seed, plan.runs[4].seed);
    assert_ne!(plan.runs[0].seed, plan.runs[1].seed);
    assert_eq!(derive_seed(5, 1), derive_seed(5, 1));
    assert!(derive_seed(5, 1) < 1 << 53);
}

#[test]
fn an_empty_list_is_an_error_naming_the_axis_and_its_place() {
    let e = err("scenario = \"b.toml\"\n[axes]\ndecision.home_bias = []\n");
    assert!(e.contains("sweeps/test.toml:3:1"), "{e}");
    assert!(e.contains("decision.home_bias"), "{e}");
    assert!(e.contains("empty list"), "{e}");
}

#[test]
fn ranges_log_ranges_and_counts() {
    let f = parse_str(
        r#"
scenario = "b.toml"
[axes]
a = { start = 0.1, stop = 0.3, step = 0.1 }
b = { start = 0.01, stop = 1, num = 3, scale = "log" }
c = { start = 10, stop = 30, num = 3 }
d = { start = 1, stop = 7, step = 3 }
"#,
    )
    .unwrap();
    let v = |i: usize| match &f.axes[i].values {
        AxisValues::List(v) => v.iter().map(Value::text).collect::<Vec<_>>(),
        _ => panic!(),
    };
    assert_eq!(v(0), ["0.1", "0.2", "0.3"]);
    assert_eq!(v(1), ["0.01", "0.1", "1.0"]);
    assert_eq!(v(2), ["10", "20", "30"]);
    assert_eq!(v(3), ["1", "4", "7"]);
}

#[test]
fn bad_files_are_reported_with_places_and_all_at_once() {
    let e = err(r#"
scenario = "b.toml"
replicate = 3
[design]
kind = "grd"
[axes]
a = { start = 1, stop = 0, step = 1 }
b = { distribution = "uniform", min = 1, max = 0 }
simulation.seed = [1, 2]
[outputs]
corridors = ["POL-DEU"]
"#);
    for needle in [
        "test.toml:3:1: unknown key `replicate` (did you mean \"replicates\"?)",
        "unknown design \"grd\"; allowed: \"grid\", \"random\", \"latin\", \"morris\", \"sobol\" (did you mean \"grid\"?)",
        "axis `a`: `step`",
        "axis `b`: `min` must be below `max`",
        "axis `simulation.seed`",
        "corridor \"POL-DEU\"",
    ] {
        assert!(e.contains(needle), "missing {needle:?} in\n{e}");
    }
    let e = err(
        "scenario = \"b.toml\"\n[axes]\nx = { distribution = \"uniform\", min = 0, max = 1 }\n",
    );
    assert!(e.contains("needs design = \"random\""), "{e}");
    let e = err("[axes]\nb = { start = 1, stop = 1e300, step = 1e-300 }\n");
    assert!(e.contains("too many"), "{e}");
    let e = err("scenario = \"b.toml\"\nseed = \n");
    assert!(e.contains("sweeps/test.toml:2:"), "{e}");
}

fn design(kind: &str, samples: usize, seed: u64, axes: &str) -> Vec<Vec<Value>> {
    parse_str(&format!(
        "scenario = \"b.toml\"\n[design]\nkind = \"{kind}\"\nsamples = {samples}\nseed = {seed}\n[axes]\n{axes}"
    ))
    .unwrap()
    .points()
    .unwrap()
}

const THREE_AXES: &str = r#"
x = { distribution = "uniform", min = 2, max = 5 }
y = { distribution = "normal", mean = 10, sd = 3 }
z = ["a", "b"]
w = { distribution = "loguniform", min = 0.01, max = 100 }
"#;

fn column(points: &[Vec<Value>], a: usize) -> Vec<f64> {
    points.iter().map(|p| p[a].as_f64().unwrap()).collect()
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
    (m, var.sqrt())
}

#[test]
fn random_and_latin_designs_are_stable_and_depend_on_their_seed() {
    for kind in ["random", "latin"] {
        let a = design(kind, 10, 3, THREE_AXES);
        assert_eq!(a.len(), 10);
        assert_eq!(a, design(kind, 10, 3, THREE_AXES), "{kind}");
        assert_ne!(a, design(kind, 10, 4, THREE_AXES), "{kind}");
    }
    assert_ne!(
        design("random", 10, 3, THREE_AXES),
        design("latin", 10, 3, THREE_AXES)
    );
}

#[test]
fn random_draws_follow_their_distributions() {
    let n = 4000;
    let points = design("random", n, 11, THREE_AXES);
    // Uniform on [2, 5): mean 3.5, sd 3/√12 ≈ 0.866 (sd of the mean ≈ 0.014).
    let x = column(&points, 0);
    assert!(x.iter().all(|v| (2.0..5.0).contains(v)));
    let (m, sd) = mean_sd(&x);
    assert!(
        (m - 3.5).abs() < 0.06 && (sd - 0.866).abs() < 0.04,
        "{m} {sd}"
    );
    // Normal(10, 3): sd of the mean ≈ 0.047.
    let (m, sd) = mean_sd(&column(&points, 1));
    assert!(
        (m - 10.0).abs() < 0.2 && (sd - 3.0).abs() < 0.15,
        "{m} {sd}"
    );
    // A list: each value equally likely (sd of the count ≈ 32).
    let a = points
        .iter()
        .filter(|p| p[2] == Value::Str("a".into()))
        .count();
    assert!(a.abs_diff(n / 2) < 130, "{a}");
    assert!(
        points
            .iter()
            .all(|p| matches!(&p[2], Value::Str(s) if s == "a" || s == "b"))
    );
    // Log-uniform on [0.01, 100]: the log10 is uniform on [-2, 2).
    let w: Vec<f64> = column(&points, 3).iter().map(|v| libm::log10(*v)).collect();
    assert!(w.iter().all(|v| (-2.0..=2.0).contains(v)));
    let (m, sd) = mean_sd(&w);
    assert!(
        m.abs() < 0.08 && (sd - 4.0 / 12f64.sqrt()).abs() < 0.05,
        "{m} {sd}"
    );
}

#[test]
fn a_random_axis_is_drawn_on_its_own_stream() {
    // The draws of an axis depend on its place and the point only: adding
    // an axis after it leaves it as it was.
    let one = design(
        "random",
        20,
        5,
        "x = { distribution = \"uniform\", min = 0, max = 1 }\n",
    );
    let two = design(
        "random",
        20,
        5,
        "x = { distribution = \"uniform\", min = 0, max = 1 }\ny = [1, 2, 3]\n",
    );
    for (a, b) in one.iter().zip(&two) {
        assert_eq!(a[0], b[0]);
    }
    // Points differ from one another.
    let x = column(&one, 0);
    assert!(x.windows(2).all(|w| w[0] != w[1]));
}

#[test]
fn latin_fills_every_stratum_of_every_axis_once() {
    let n = 50;
    let points = design("latin", n, 3, THREE_AXES);
    let strata = |values: Vec<f64>, cdf: &dyn Fn(f64) -> f64| {
        let mut s: Vec<usize> = values
            .iter()
            .map(|&v| (cdf(v) * n as f64) as usize)
            .collect();
        s.sort_unstable();
        s
    };
    let all: Vec<usize> = (0..n).collect();
    assert_eq!(strata(column(&points, 0), &|v| (v - 2.0) / 3.0), all);
    assert_eq!(
        strata(column(&points, 3), &|v| (libm::log10(v) + 2.0) / 4.0),
        all
    );
    // The normal's strata: between its quantiles at j/n and (j+1)/n.
    let y = column(&points, 1);
    let mut s: Vec<usize> = y
        .iter()
        .map(|&v| {
            (0..n)
                .find(|&j| v < 10.0 + 3.0 * normal_quantile((j + 1) as f64 / n as f64))
                .unwrap_or(n - 1)
        })
        .collect();
    s.sort_unstable();
    assert_eq!(s, all);
    // A list of two values: each half of the points.
    let a = points
        .iter()
        .filter(|p| p[2] == Value::Str("a".into()))
        .count();
    assert_eq!(a, n / 2);
}

#[test]
fn an_axis_that_cannot_be_drawn_from_is_an_error_not_a_panic() {
    let f = parse_str(
        "scenario = \"b.toml\"\n[design]\nkind = \"random\"\nsamples = 3\n[axes]\n\
         x = { distribution = \"uniform\", min = -1e308, max = 1e308 }\n",
    )
    .unwrap();
    let e = f.points().unwrap_err().to_string();
    assert!(e.contains("sweeps/test.toml:6:1: axis `x`"), "{e}");
}

#[test]
fn normal_quantile_is_accurate() {
    assert!(normal_quantile(0.5).abs() < 1e-9);
    assert!((normal_quantile(0.975) - 1.959964).abs() < 1e-5);
    assert!((normal_quantile(0.01) + 2.326348).abs() < 1e-5);
}

proptest::proptest! {
    #[test]
    fn no_sweep_file_makes_the_parser_panic(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "scenario = \"b.toml\"\n", "[axes]\n", "[design]\n", "[outputs]\n",
                "kind = \"latin\"\n", "samples = 3\n", "samples = 0\n", "a = []\n",
                "a = [1, \"x\", true]\n", "b = { start = 1, stop = 1e300, step = 1e-300 }\n",
                "c = { start = -1, stop = 1, num = 0, scale = \"log\" }\n",
                "d = { distribution = \"normal\", mean = 0 }\n", "replicates = []\n",
                "replicates = 0\n", "seed = -3\n", "months = [0]\n", "x.y.z = 1\n",
                "corridors = [\"A->\"]\n", "= 1\n", "[[axes]]\n", "é = [1.5]\n",
            ]),
            0..12,
        )
    ) {
        let text: String = parts.concat();
        if let Ok(f) = parse_str(&text) {
            if let Ok(plan) = f.plan() {
                for r in plan.runs.iter().take(5) {
                    let _ = plan.overrides(r);
                }
            }
        }
    }
}

#[test]
fn explicit_seeds_are_used_as_given() {
    let f = parse_str("scenario = \"b.toml\"\nreplicates = [7, 9]\n").unwrap();
    let plan = f.plan().unwrap();
    assert_eq!(plan.runs.len(), 2);
    assert_eq!(plan.runs[1].seed, 9);
    assert_eq!(plan.runs[1].id, "p0000-r01");
}
