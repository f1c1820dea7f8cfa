//! Reading a sweep file's `[axes]` (lists, ranges, distributions) and
//! `[design]` tables.

use super::places::{Places, Problems, non_negative, number, scalar, suggest, tidy};
use super::types::{Axis, AxisValues, Design, Distribution, MAX_RUNS, Value};
use crate::scenario::tree::Pos;

pub(super) fn parse_design(
    v: Option<&toml::Value>,
    seed: u64,
    places: &Places,
    p: &mut Problems,
) -> Design {
    let Some(v) = v else { return Design::Grid };
    let Some(t) = v.as_table() else {
        p.push(places.at("design"), "`design` must be a table");
        return Design::Grid;
    };
    for k in t.keys() {
        if !["kind", "samples", "seed", "levels"].contains(&k.as_str()) {
            p.push(
                places.at(&format!("design.{k}")),
                format!(
                    "unknown key `design.{k}`{}",
                    suggest(k, &["kind", "samples", "seed", "levels"])
                ),
            );
        }
    }
    let kind = match t.get("kind") {
        None => "grid",
        Some(toml::Value::String(s)) => s.as_str(),
        Some(v) => {
            p.push(
                places.at("design.kind"),
                format!("`design.kind` must be a string, found {v}"),
            );
            "grid"
        }
    };
    let design_seed = t
        .get("seed")
        .and_then(|v| non_negative(v, "design.seed", places, p))
        .unwrap_or(seed);
    let samples = t
        .get("samples")
        .and_then(|v| non_negative(v, "design.samples", places, p));
    match kind {
        "grid" => {
            if samples.is_some() {
                p.push(
                    places.at("design.samples"),
                    "`design.samples` is for the random and latin designs; a grid takes every combination",
                );
            }
            Design::Grid
        }
        "random" | "latin" => {
            let samples = match samples {
                Some(n) if n >= 1 && n as usize <= MAX_RUNS => n as usize,
                _ => {
                    p.push(
                        places.at("design"),
                        format!("design \"{kind}\" needs `samples`, a number of points ≥ 1"),
                    );
                    1
                }
            };
            if kind == "random" {
                Design::Random {
                    samples,
                    seed: design_seed,
                }
            } else {
                Design::Latin {
                    samples,
                    seed: design_seed,
                }
            }
        }
        "morris" | "sobol" => {
            let samples = match samples {
                Some(n) if n >= 2 && n as usize <= MAX_RUNS => n as usize,
                _ => {
                    p.push(
                        places.at("design"),
                        format!(
                            "design \"{kind}\" needs `samples`, a number ≥ 2 ({})",
                            if kind == "morris" {
                                "trajectories; 10 to 50 is usual"
                            } else {
                                "base samples N; the sweep has N × (axes + 2) points"
                            }
                        ),
                    );
                    2
                }
            };
            if kind == "morris" {
                let levels = match t.get("levels") {
                    None => 4,
                    Some(v) => match non_negative(v, "design.levels", places, p) {
                        Some(n) if n >= 2 && n % 2 == 0 && n <= 100 => n as usize,
                        _ => {
                            p.push(
                                places.at("design.levels"),
                                "`design.levels` must be an even number in 2..=100 (4 is usual)",
                            );
                            4
                        }
                    },
                };
                Design::Morris {
                    trajectories: samples,
                    levels,
                    seed: design_seed,
                }
            } else {
                Design::Sobol {
                    samples,
                    seed: design_seed,
                }
            }
        }
        other => {
            p.push(
                places.at("design.kind"),
                format!(
                    "unknown design \"{other}\"; allowed: \"grid\", \"random\", \"latin\", \"morris\", \"sobol\"{}",
                    suggest(other, &["grid", "random", "latin", "morris", "sobol"])
                ),
            );
            Design::Grid
        }
    }
}

/// Things with the place they were written, to put them in file order.
pub(super) type Placed<T> = Vec<(Pos, T)>;

pub(super) fn parse_axes(
    t: &toml::Table,
    prefix: &str,
    places: &Places,
    p: &mut Problems,
    axes: &mut Placed<Axis>,
    constants: &mut Placed<String>,
) {
    for (k, v) in t {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let full = format!("axes.{key}");
        let pos = places.pos(&full);
        let place = pos.to_string();
        if key == "simulation.seed" {
            p.push(
                place,
                "axis `simulation.seed`: the sweep sets each run's seed; use `replicates` (a count or a list of seeds)",
            );
            continue;
        }
        match v {
            toml::Value::Array(a) => {
                if a.is_empty() {
                    p.push(
                        place,
                        format!("axis `{key}`: an empty list is an error (a list is an axis and needs at least one value; a scalar is a constant)"),
                    );
                    continue;
                }
                let mut values = Vec::new();
                for (i, x) in a.iter().enumerate() {
                    match scalar(x) {
                        Some(val) => values.push(val),
                        None => p.push(
                            place.clone(),
                            format!("axis `{key}`: value {} must be a number, a boolean or a string, found {x}", i + 1),
                        ),
                    }
                }
                axes.push((
                    pos,
                    Axis {
                        key,
                        values: AxisValues::List(values),
                        place,
                    },
                ));
            }
            toml::Value::Table(inner) => {
                if inner.keys().any(|k| SPEC_KEYS.contains(&k.as_str())) {
                    if let Some(values) = parse_spec(inner, &key, places, p) {
                        axes.push((pos, Axis { key, values, place }));
                    }
                } else {
                    parse_axes(inner, &key, places, p, axes, constants);
                }
            }
            other => match scalar(other) {
                Some(val) => constants.push((pos, format!("{key}={}", val.text()))),
                None => p.push(place, format!("`{key}`: unsupported value {other}")),
            },
        }
    }
}

pub(super) fn parse_spec(
    t: &toml::Table,
    key: &str,
    places: &Places,
    p: &mut Problems,
) -> Option<AxisValues> {
    let at = |k: &str| places.at(&format!("axes.{key}.{k}"));
    let before = p.0.len();
    let allowed_range = ["start", "stop", "step", "num", "scale"];
    let num = |k: &str, p: &mut Problems| number(t, k, &format!("axes.{key}"), places, p);
    if let Some(d) = t.get("distribution") {
        let allowed = ["distribution", "min", "max", "mean", "sd"];
        for k in t.keys() {
            if !allowed.contains(&k.as_str()) {
                p.push(
                    at(k),
                    format!("axis `{key}`: unknown key `{k}` in a distribution"),
                );
            }
        }
        let need = |k: &str, p: &mut Problems| {
            let v = num(k, p);
            if v.is_none() && !t.contains_key(k) {
                p.push(
                    at("distribution"),
                    format!("axis `{key}`: the distribution needs `{k}`"),
                );
            }
            v
        };
        let dist = match d.as_str() {
            Some("uniform") | Some("loguniform") => {
                let (min, max) = (need("min", p), need("max", p));
                let (min, max) = (min?, max?);
                if min >= max {
                    p.push(
                        at("min"),
                        format!("axis `{key}`: `min` must be below `max`"),
                    );
                }
                if d.as_str() == Some("loguniform") {
                    if min <= 0.0 {
                        p.push(
                            at("min"),
                            format!("axis `{key}`: a log-uniform distribution needs `min` > 0"),
                        );
                    }
                    Distribution::LogUniform { min, max }
                } else {
                    Distribution::Uniform { min, max }
                }
            }
            Some("normal") => {
                let (mean, sd) = (need("mean", p), need("sd", p));
                let (mean, sd) = (mean?, sd?);
                if sd <= 0.0 {
                    p.push(at("sd"), format!("axis `{key}`: `sd` must be > 0"));
                }
                Distribution::Normal { mean, sd }
            }
            _ => {
                p.push(
                    at("distribution"),
                    format!(
                        "axis `{key}`: unknown distribution {d}; allowed: \"uniform\", \"loguniform\", \"normal\""
                    ),
                );
                return None;
            }
        };
        return (p.0.len() == before).then_some(AxisValues::Distribution(dist));
    }
    for k in t.keys() {
        if !allowed_range.contains(&k.as_str()) {
            p.push(
                at(k),
                format!(
                    "axis `{key}`: unknown key `{k}` in a range{}",
                    suggest(k, &allowed_range)
                ),
            );
        }
    }
    let log = match t.get("scale").map(|v| v.as_str()) {
        None | Some(Some("linear")) => false,
        Some(Some("log")) => true,
        Some(_) => {
            p.push(
                at("scale"),
                format!("axis `{key}`: `scale` must be \"linear\" or \"log\""),
            );
            false
        }
    };
    let (start, stop) = (num("start", p), num("stop", p));
    let (step, count) = (num("step", p), t.get("num"));
    let (Some(start), Some(stop)) = (start, stop) else {
        p.push(
            places.at(&format!("axes.{key}")),
            format!("axis `{key}`: a range needs `start` and `stop`"),
        );
        return None;
    };
    let ints = |k: &str| matches!(t.get(k), Some(toml::Value::Integer(_)));
    let values: Vec<Value> = match (step, count) {
        (Some(_), Some(_)) | (None, None) => {
            p.push(
                places.at(&format!("axes.{key}")),
                format!(
                    "axis `{key}`: a range needs exactly one of `step` (linear) or `num` (number of values)"
                ),
            );
            return None;
        }
        (Some(step), None) => {
            if log {
                p.push(
                    at("scale"),
                    format!("axis `{key}`: a log range takes `num`, not `step`"),
                );
                return None;
            }
            if step == 0.0 || (stop - start) * step < 0.0 {
                p.push(
                    at("step"),
                    format!(
                        "axis `{key}`: `step` must be non-zero and lead from `start` to `stop`"
                    ),
                );
                return None;
            }
            let count = ((stop - start) / step + 1e-9).floor() + 1.0;
            if count.is_nan() || count > MAX_RUNS as f64 {
                p.push(
                    at("step"),
                    format!("axis `{key}`: {count:e} values is too many (at most {MAX_RUNS})"),
                );
                return None;
            }
            let n = count as usize;
            if ints("start") && ints("stop") && ints("step") {
                let (s, d) = (start as i64, step as i64);
                (0..n as i64)
                    .map(|i| Value::Int(s.saturating_add(i.saturating_mul(d))))
                    .collect()
            } else {
                (0..n)
                    .map(|i| Value::Float(tidy(start + i as f64 * step)))
                    .collect()
            }
        }
        (None, Some(c)) => {
            let n = match c {
                toml::Value::Integer(n) if *n >= 1 && *n as usize <= MAX_RUNS => *n as usize,
                _ => {
                    p.push(
                        at("num"),
                        format!("axis `{key}`: `num` must be an integer ≥ 1"),
                    );
                    return None;
                }
            };
            if log && (start <= 0.0 || stop <= 0.0) {
                p.push(
                    at("start"),
                    format!("axis `{key}`: a log range needs `start` > 0 and `stop` > 0"),
                );
                return None;
            }
            let frac = |i: usize| {
                if n == 1 {
                    0.0
                } else {
                    i as f64 / (n - 1) as f64
                }
            };
            if log {
                (0..n)
                    .map(|i| Value::Float(tidy(log_point(start, stop, frac(i)))))
                    .collect()
            } else if ints("start")
                && ints("stop")
                && (n == 1 || (stop - start) as i64 % (n as i64 - 1) == 0)
            {
                let d = if n == 1 {
                    0
                } else {
                    (stop - start) as i64 / (n as i64 - 1)
                };
                (0..n as i64)
                    .map(|i| Value::Int((start as i64).saturating_add(i.saturating_mul(d))))
                    .collect()
            } else {
                (0..n)
                    .map(|i| Value::Float(tidy(start + frac(i) * (stop - start))))
                    .collect()
            }
        }
    };
    (p.0.len() == before).then_some(AxisValues::List(values))
}

pub(super) const SPEC_KEYS: &[&str] = &[
    "start",
    "stop",
    "step",
    "num",
    "scale",
    "distribution",
    "min",
    "max",
    "mean",
    "sd",
];

/// The point at fraction `f` of a log-scale range from `start` to `stop`
/// (libm: the same plan on every machine).
fn log_point(start: f64, stop: f64, f: f64) -> f64 {
    libm::exp(libm::log(start) + f * (libm::log(stop) - libm::log(start)))
}
