//! The sweep file (TOML) and its expansion into points and runs.
//!
//! Rules, in the `[axes]` table (keys are scenario keys, dotted keys nest):
//! a list is an axis, a scalar is a constant, an empty list is an error; a
//! table with `start`/`stop` and `step` or `num` (optionally
//! `scale = "log"`) is a range axis; a table with `distribution` is a
//! sampled axis (random and Latin-hypercube designs only).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::rng::mix64;

/// One value of an axis, as it is written in overrides and in results.csv.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A string (e.g. a country code or a group).
    Str(String),
}

impl Value {
    /// The text of the value in an override and in results.csv: integers
    /// and booleans as written, floats in the shortest form that reads back
    /// exactly (always with a `.` or an exponent), strings as they are.
    pub fn text(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format!("{f:?}"),
            Value::Bool(b) => b.to_string(),
            Value::Str(s) => s.clone(),
        }
    }

    /// The value as a number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

/// A distribution of a sampled axis.
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Uniform on [min, max].
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Log-uniform on [min, max], 0 < min < max.
    LogUniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Normal with a mean and a standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
    },
}

impl Distribution {
    /// The quantile of `u` in (0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Distribution::Uniform { min, max } => min + u * (max - min),
            Distribution::LogUniform { min, max } => {
                libm::exp(libm::log(min) + u * (libm::log(max) - libm::log(min)))
            }
            Distribution::Normal { mean, sd } => mean + sd * normal_quantile(u),
        }
    }
}

/// What an axis takes its values from.
#[derive(Debug, Clone, PartialEq)]
pub enum AxisValues {
    /// A list (written out or from a range).
    List(Vec<Value>),
    /// A distribution (random and Latin-hypercube designs).
    Distribution(Distribution),
}

/// One swept scenario key.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Scenario key, e.g. `decision.home_bias`.
    pub key: String,
    /// Its values.
    pub values: AxisValues,
    /// Place of the key in the sweep file: `file:line:column`.
    pub place: String,
}

/// How points are chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Design {
    /// Every combination of the axes' values (the last axis varies fastest).
    Grid,
    /// `samples` points, each axis drawn independently.
    Random {
        /// Number of points.
        samples: usize,
        /// Seed of the design.
        seed: u64,
    },
    /// Morris elementary effects: `trajectories` × (axes + 1) points on a
    /// grid of `levels` levels of each axis (see [`super::sensitivity`]).
    Morris {
        /// Number of trajectories.
        trajectories: usize,
        /// Levels of the grid (even, ≥ 2).
        levels: usize,
        /// Seed of the design.
        seed: u64,
    },
    /// Sobol indices: the Saltelli design, `samples` × (axes + 2) points.
    Sobol {
        /// Base samples N.
        samples: usize,
        /// Seed of the design.
        seed: u64,
    },
    /// `samples` points on a Latin hypercube: each axis' range is cut into
    /// `samples` equal-probability strata and each stratum is used once.
    Latin {
        /// Number of points.
        samples: usize,
        /// Seed of the design.
        seed: u64,
    },
}

/// The seeds of the replicates.
#[derive(Debug, Clone, PartialEq)]
pub enum Replicates {
    /// n replicates, seeds derived from the sweep seed.
    Count(u32),
    /// Explicit seeds, one replicate each.
    Seeds(Vec<u64>),
}

/// What each run keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Only the summary metrics (one small JSON file per run).
    Summary,
    /// The summary metrics and the full run folder with its CSV files.
    Full,
}

/// The `[outputs]` table: what each run keeps and which metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    /// Summary only or full folders.
    pub keep: Keep,
    /// Months (counted from 1: after that many steps) at which the metrics
    /// are taken; empty: at the end only, without a month suffix.
    pub months: Vec<u32>,
    /// Corridors (origin code, destination code) whose cumulative flows are
    /// kept.
    pub corridors: Vec<(String, String)>,
    /// Countries whose per-country metrics are kept; `None`: all.
    pub countries: Option<Vec<String>>,
    /// Format of the tables of full folders (`outputs.format`).
    pub format: crate::output::Format,
    /// Metrics chosen with `[[metrics]]`; when any, they replace the fixed
    /// list (see [`super::chosen`]).
    pub chosen: Vec<super::chosen::Chosen>,
}

/// A parsed and checked sweep file.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepFile {
    /// The sweep file.
    pub path: PathBuf,
    /// Name of the sweep (default: the file stem).
    pub name: String,
    /// Base scenario (resolved against the sweep file's folder).
    pub scenario: PathBuf,
    /// Place (`file:line:column`) of `scenario` in the sweep file.
    pub scenario_place: String,
    /// Seed from which run seeds derive.
    pub seed: u64,
    /// Replicates of each point.
    pub replicates: Replicates,
    /// The design.
    pub design: Design,
    /// The axes, in file order.
    pub axes: Vec<Axis>,
    /// Constant overrides (`key=value`), in file order.
    pub constants: Vec<String>,
    /// Place (`file:line:column`) of each constant.
    pub constant_places: Vec<String>,
    /// What runs keep.
    pub outputs: Outputs,
    /// Output folder from the file (resolved against the current folder).
    pub out: Option<PathBuf>,
}

/// One run of a sweep: a point and a replicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSpec {
    /// Stable id, e.g. `p0003-r01`: sorts as the runs are numbered.
    pub id: String,
    /// Index of the point.
    pub point: usize,
    /// Index of the replicate.
    pub replicate: u32,
    /// The run's seed (`simulation.seed`).
    pub seed: u64,
}

/// A sweep expanded into points and runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The sweep file.
    pub file: SweepFile,
    /// The value of each axis at each point: `points[p][a]`.
    pub points: Vec<Vec<Value>>,
    /// The runs, point-major, in run-id order.
    pub runs: Vec<RunSpec>,
}

/// Largest number of runs a sweep may have: one million. Each run leaves
/// one result file in one folder (`runs/`) and an entry in `sweep.json`
/// (about 100 bytes each in memory and on disk); a million files is about
/// the most a cluster file system serves well in one folder, and a million
/// runs at one per Slurm array task already exceeds the largest array Slurm
/// accepts by default (MaxArraySize 1001). A bigger study is several sweeps.
pub const MAX_RUNS: usize = 1_000_000;

const TOP_KEYS: &[&str] = &[
    "scenario",
    "name",
    "seed",
    "replicates",
    "out",
    "design",
    "axes",
    "outputs",
    "metrics",
];
const SPEC_KEYS: &[&str] = &[
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

/// Positions of keys in a TOML text, by dotted path.
struct Places<'a> {
    file: String,
    text: &'a str,
    offsets: BTreeMap<String, usize>,
}

impl<'a> Places<'a> {
    fn new(file: &Path, text: &'a str) -> Places<'a> {
        let mut offsets = BTreeMap::new();
        if let Ok(t) = toml::de::DeTable::parse(text) {
            collect_offsets(t.get_ref(), "", &mut offsets);
        }
        Places {
            file: file.display().to_string(),
            text,
            offsets,
        }
    }

    fn offset(&self, key: &str) -> usize {
        // The key itself, or the nearest enclosing key that was written.
        let mut k = key;
        loop {
            if let Some(&o) = self.offsets.get(k) {
                return o;
            }
            match k.rfind('.') {
                Some(i) => k = &k[..i],
                None => return 0,
            }
        }
    }

    fn at(&self, key: &str) -> String {
        let (line, col) = line_col(self.text, self.offset(key));
        format!("{}:{line}:{col}", self.file)
    }
}

fn collect_offsets(t: &toml::de::DeTable<'_>, prefix: &str, out: &mut BTreeMap<String, usize>) {
    for (k, v) in t.iter() {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        out.entry(path.clone()).or_insert(k.span().start);
        match v.get_ref() {
            toml::de::DeValue::Table(inner) => collect_offsets(inner, &path, out),
            // Arrays of tables ([[metrics]]): `path.0`, `path.0.key`, ...
            toml::de::DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let toml::de::DeValue::Table(inner) = item.get_ref() {
                        let at = format!("{path}.{i}");
                        let start = inner
                            .iter()
                            .map(|(k, _)| k.span().start)
                            .min()
                            .unwrap_or(item.span().start);
                        out.entry(at.clone()).or_insert(start);
                        collect_offsets(inner, &at, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Problems found in a sweep file, collected before failing.
struct Problems(Vec<String>);

impl Problems {
    fn push(&mut self, place: String, msg: impl std::fmt::Display) {
        self.0.push(format!("{place}: {msg}"));
    }
}

/// Reads and checks a sweep file (not yet the scenarios of its points).
pub fn read(path: &Path) -> Result<SweepFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Sweep(format!("{}: no such sweep file", path.display()))
        } else {
            Error::io(path, e)
        }
    })?;
    parse(path, &text)
}

/// Parses and checks the text of a sweep file named `path`.
pub fn parse(path: &Path, text: &str) -> Result<SweepFile, Error> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map(|s| {
                let (l, c) = line_col(text, s.start);
                format!("{}:{l}:{c}", path.display())
            })
            .unwrap_or_else(|| path.display().to_string());
        Error::Sweep(format!("{place}: {}", e.message()))
    })?;
    let places = Places::new(path, text);
    let mut p = Problems(Vec::new());
    if !table.contains_key("scenario")
        && ["country", "simulation", "world"]
            .iter()
            .any(|k| table.contains_key(*k))
    {
        return Err(Error::Sweep(format!(
            "{}: this is a scenario file, not a sweep file (it has [simulation] or \
             [[country]] tables and no `scenario`); run it with `migrasim run {}`",
            path.display(),
            path.display()
        )));
    }

    for k in table.keys() {
        if !TOP_KEYS.contains(&k.as_str()) {
            p.push(
                places.at(k),
                format!("unknown key `{k}`{}", suggest(k, TOP_KEYS)),
            );
        }
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let scenario = match table.get("scenario") {
        Some(toml::Value::String(s)) => Some(dir.join(s)),
        Some(_) => {
            p.push(
                places.at("scenario"),
                "`scenario` must be a path (a string)",
            );
            None
        }
        None => {
            p.push(
                places.at(""),
                "missing `scenario`: the path of the base scenario file",
            );
            None
        }
    };
    let name = match table.get("name") {
        Some(toml::Value::String(s)) if crate::scenario::build::is_name(s) => s.clone(),
        Some(_) => {
            p.push(
                places.at("name"),
                format!(
                    "`name` must be {} (it names the sweep folder)",
                    crate::scenario::schema::Kind::Name.describe()
                ),
            );
            String::new()
        }
        None => path
            .file_stem()
            .map_or("sweep".into(), |s| s.to_string_lossy().into_owned()),
    };
    let seed = match table.get("seed") {
        None => 0,
        Some(v) => non_negative(v, "seed", &places, &mut p).unwrap_or(0),
    };
    let replicates = match table.get("replicates") {
        None => Replicates::Count(1),
        Some(toml::Value::Array(a)) if a.is_empty() => {
            p.push(
                places.at("replicates"),
                "an empty list of seeds is an error: give at least one seed, or a count",
            );
            Replicates::Count(1)
        }
        Some(toml::Value::Array(a)) => Replicates::Seeds(
            a.iter()
                .filter_map(|v| non_negative(v, "replicates", &places, &mut p))
                .collect(),
        ),
        Some(v) => match non_negative(v, "replicates", &places, &mut p) {
            Some(0) => {
                p.push(places.at("replicates"), "`replicates` must be at least 1");
                Replicates::Count(1)
            }
            Some(n) if n <= u32::MAX as u64 => Replicates::Count(n as u32),
            Some(_) => {
                p.push(places.at("replicates"), "too many replicates");
                Replicates::Count(1)
            }
            None => Replicates::Count(1),
        },
    };
    let out = match table.get("out") {
        Some(toml::Value::String(s)) => Some(PathBuf::from(s)),
        Some(_) => {
            p.push(places.at("out"), "`out` must be a path (a string)");
            None
        }
        None => None,
    };
    let design = parse_design(table.get("design"), seed, &places, &mut p);
    let (axes, constants, constant_places) = match table.get("axes") {
        Some(toml::Value::Table(t)) => {
            let mut axes = Vec::new();
            let mut constants = Vec::new();
            parse_axes(t, "", &places, &mut p, &mut axes, &mut constants);
            axes.sort_by_key(|(o, _)| *o);
            constants.sort_by_key(|(o, _)| *o);
            let (cplaces, constants) = constants
                .into_iter()
                .map(|(o, c)| {
                    let (l, col) = line_col(text, o);
                    (format!("{}:{l}:{col}", path.display()), c)
                })
                .unzip();
            (
                axes.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
                constants,
                cplaces,
            )
        }
        Some(_) => {
            p.push(places.at("axes"), "`axes` must be a table");
            (Vec::new(), Vec::new(), Vec::new())
        }
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    if design == Design::Grid {
        for a in &axes {
            if matches!(a.values, AxisValues::Distribution(_)) {
                p.push(
                    a.place.clone(),
                    format!(
                        "axis `{}`: a distribution needs design = \"random\" or \"latin\"; a grid needs a list or a range",
                        a.key
                    ),
                );
            }
        }
    }
    let mut outputs = parse_outputs(table.get("outputs"), &places, &mut p);
    if let Some(v) = table.get("metrics") {
        let mut found = Vec::new();
        outputs.chosen = super::chosen::parse(v, dir, &|k| places.at(k), &mut found);
        for (place, message) in found {
            p.push(place, message);
        }
    }
    if !p.0.is_empty() {
        return Err(Error::Sweep(p.0.join("\n")));
    }
    Ok(SweepFile {
        path: path.to_path_buf(),
        name,
        scenario: scenario.unwrap_or_default(),
        scenario_place: places.at("scenario"),
        seed,
        replicates,
        design,
        axes,
        constants,
        constant_places,
        outputs,
        out,
    })
}

fn suggest(k: &str, allowed: &[&str]) -> String {
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(k, a), a))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(String::new(), |(_, a)| format!(" (did you mean `{a}`?)"))
}

fn non_negative(v: &toml::Value, key: &str, places: &Places, p: &mut Problems) -> Option<u64> {
    match v {
        toml::Value::Integer(i) if *i >= 0 => Some(*i as u64),
        _ => {
            p.push(
                places.at(key),
                format!("`{key}` must be a non-negative integer, found {v}"),
            );
            None
        }
    }
}

fn number(t: &toml::Table, k: &str, key: &str, places: &Places, p: &mut Problems) -> Option<f64> {
    match t.get(k) {
        Some(toml::Value::Integer(i)) => Some(*i as f64),
        Some(toml::Value::Float(f)) if f.is_finite() => Some(*f),
        Some(v) => {
            p.push(
                places.at(&format!("{key}.{k}")),
                format!("axis `{key}`: `{k}` must be a finite number, found {v}"),
            );
            None
        }
        None => None,
    }
}

fn parse_design(v: Option<&toml::Value>, seed: u64, places: &Places, p: &mut Problems) -> Design {
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

fn scalar(v: &toml::Value) -> Option<Value> {
    match v {
        toml::Value::Integer(i) => Some(Value::Int(*i)),
        toml::Value::Float(f) => Some(Value::Float(*f)),
        toml::Value::Boolean(b) => Some(Value::Bool(*b)),
        toml::Value::String(s) => Some(Value::Str(s.clone())),
        _ => None,
    }
}

type Placed<T> = Vec<(usize, T)>;

fn parse_axes(
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
        let place = places.at(&full);
        let offset = places.offset(&full);
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
                    offset,
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
                        axes.push((offset, Axis { key, values, place }));
                    }
                } else {
                    parse_axes(inner, &key, places, p, axes, constants);
                }
            }
            other => match scalar(other) {
                Some(val) => constants.push((offset, format!("{key}={}", val.text()))),
                None => p.push(place, format!("`{key}`: unsupported value {other}")),
            },
        }
    }
}

/// Rounds to 12 significant digits, so that ranges give 0.3, not
/// 0.30000000000000004.
fn tidy(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

fn parse_spec(t: &toml::Table, key: &str, places: &Places, p: &mut Problems) -> Option<AxisValues> {
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
                    .map(|i| {
                        Value::Float(tidy(libm::exp(
                            libm::log(start) + frac(i) * (libm::log(stop) - libm::log(start)),
                        )))
                    })
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

fn parse_outputs(v: Option<&toml::Value>, places: &Places, p: &mut Problems) -> Outputs {
    let mut o = Outputs {
        keep: Keep::Summary,
        months: Vec::new(),
        corridors: Vec::new(),
        countries: None,
        format: crate::output::Format::Csv,
        chosen: Vec::new(),
    };
    let Some(v) = v else { return o };
    let Some(t) = v.as_table() else {
        p.push(places.at("outputs"), "`outputs` must be a table");
        return o;
    };
    let allowed = ["keep", "months", "corridors", "countries", "format"];
    for k in t.keys() {
        if !allowed.contains(&k.as_str()) {
            p.push(
                places.at(&format!("outputs.{k}")),
                format!("unknown key `outputs.{k}`{}", suggest(k, &allowed)),
            );
        }
    }
    match t.get("keep").map(|v| v.as_str()) {
        None | Some(Some("summary")) => {}
        Some(Some("full")) => o.keep = Keep::Full,
        Some(_) => p.push(
            places.at("outputs.keep"),
            "`outputs.keep` must be \"summary\" (metrics only) or \"full\" (metrics and CSV folders)",
        ),
    }
    match t
        .get("format")
        .map(|v| v.as_str().map(str::parse::<crate::output::Format>))
    {
        None => {}
        Some(Some(Ok(f))) => o.format = f,
        Some(_) => p.push(
            places.at("outputs.format"),
            "`outputs.format` must be \"csv\" or \"parquet\" (the tables of full folders)",
        ),
    }
    let strings = |k: &str, p: &mut Problems| -> Vec<String> {
        match t.get(k) {
            None => Vec::new(),
            Some(toml::Value::Array(a)) => a
                .iter()
                .filter_map(|x| match x.as_str() {
                    Some(s) => Some(s.to_string()),
                    None => {
                        p.push(
                            places.at(&format!("outputs.{k}")),
                            format!("`outputs.{k}` must be a list of strings, found {x}"),
                        );
                        None
                    }
                })
                .collect(),
            Some(x) => {
                p.push(
                    places.at(&format!("outputs.{k}")),
                    format!("`outputs.{k}` must be a list of strings, found {x}"),
                );
                Vec::new()
            }
        }
    };
    match t.get("months") {
        None => {}
        Some(toml::Value::Array(a)) if !a.is_empty() => {
            for x in a {
                match x.as_integer() {
                    Some(m) if m >= 1 && m <= u32::MAX as i64 => o.months.push(m as u32),
                    _ => p.push(
                        places.at("outputs.months"),
                        format!("`outputs.months` must list months ≥ 1 (counted from the first simulated month), found {x}"),
                    ),
                }
            }
            o.months.sort_unstable();
            o.months.dedup();
        }
        Some(x) => p.push(
            places.at("outputs.months"),
            format!("`outputs.months` must be a non-empty list of months ≥ 1, found {x}"),
        ),
    }
    for c in strings("corridors", p) {
        match c.split_once("->") {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                o.corridors
                    .push((a.trim().to_string(), b.trim().to_string()))
            }
            _ => p.push(
                places.at("outputs.corridors"),
                format!("corridor \"{c}\" must be written \"FROM->TO\" with country codes, e.g. \"POL->DEU\""),
            ),
        }
    }
    if t.contains_key("countries") {
        o.countries = Some(strings("countries", p));
    }
    o
}

/// The seed of replicate `r` of a sweep with seed `sweep_seed` (53 bits, so
/// that it reads back exactly anywhere).
pub fn derive_seed(sweep_seed: u64, r: u32) -> u64 {
    mix64(
        mix64(sweep_seed ^ 0x5EED_5EED_5EED_5EED)
            .wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(r as u64 + 1)),
    ) & ((1u64 << 53) - 1)
}

/// Uniform in (0, 1) from a key: stable across platforms and versions.
fn unit(seed: u64, a: u64, b: u64) -> f64 {
    let z = mix64(mix64(mix64(seed) ^ a.wrapping_mul(0xD1B5_4A32_D192_ED03)) ^ b);
    ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// Standard normal quantile (Acklam's rational approximation, relative
/// error below 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.38357751867269e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * libm::log(p)).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * libm::log(1.0 - p)).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

fn pick(values: &AxisValues, u: f64) -> Value {
    match values {
        AxisValues::List(v) => v[((u * v.len() as f64) as usize).min(v.len() - 1)].clone(),
        AxisValues::Distribution(d) => Value::Float(d.quantile(u)),
    }
}

impl SweepFile {
    /// Number of replicates.
    pub fn replicate_count(&self) -> usize {
        match &self.replicates {
            Replicates::Count(n) => *n as usize,
            Replicates::Seeds(s) => s.len(),
        }
    }

    /// Seed of replicate `r`.
    pub fn replicate_seed(&self, r: u32) -> u64 {
        match &self.replicates {
            Replicates::Count(_) => derive_seed(self.seed, r),
            Replicates::Seeds(s) => s[r as usize],
        }
    }

    /// The point at `u` of the unit cube: axis `a` at quantile `u[a]` (a
    /// list's values are equally likely).
    fn unit_point(&self, u: &[f64]) -> Vec<Value> {
        self.axes
            .iter()
            .zip(u)
            .map(|(axis, &x)| pick(&axis.values, x.clamp(0.0, 1.0 - 1e-12)))
            .collect()
    }

    /// The points of the design: the value of each axis at each point.
    pub fn points(&self) -> Result<Vec<Vec<Value>>, Error> {
        match self.design {
            Design::Grid => {
                let mut n: usize = 1;
                for a in &self.axes {
                    if let AxisValues::List(v) = &a.values {
                        n = n
                            .checked_mul(v.len())
                            .filter(|&n| n <= MAX_RUNS)
                            .ok_or_else(|| {
                                Error::Sweep(format!(
                                    "{}: the grid has more than {MAX_RUNS} points",
                                    self.path.display()
                                ))
                            })?;
                    }
                }
                Ok((0..n)
                    .map(|mut i| {
                        let mut point = vec![Value::Int(0); self.axes.len()];
                        for (a, axis) in self.axes.iter().enumerate().rev() {
                            if let AxisValues::List(v) = &axis.values {
                                point[a] = v[i % v.len()].clone();
                                i /= v.len();
                            }
                        }
                        point
                    })
                    .collect())
            }
            Design::Morris {
                trajectories,
                levels,
                seed,
            } => Ok(
                super::sensitivity::morris_design(self.axes.len(), trajectories, levels, seed)
                    .iter()
                    .map(|u| self.unit_point(u))
                    .collect(),
            ),
            Design::Sobol { samples, seed } => {
                Ok(
                    super::sensitivity::sobol_design(self.axes.len(), samples, seed)
                        .iter()
                        .map(|u| self.unit_point(u))
                        .collect(),
                )
            }
            Design::Random { samples, seed } => Ok((0..samples)
                .map(|i| {
                    self.axes
                        .iter()
                        .enumerate()
                        .map(|(a, axis)| pick(&axis.values, unit(seed, a as u64, i as u64)))
                        .collect()
                })
                .collect()),
            Design::Latin { samples, seed } => {
                let mut columns = Vec::new();
                for (a, axis) in self.axes.iter().enumerate() {
                    // A permutation of the strata (Fisher–Yates).
                    let mut perm: Vec<usize> = (0..samples).collect();
                    for i in (1..samples).rev() {
                        let j = (unit(seed ^ 0x1A71, a as u64, i as u64) * (i + 1) as f64) as usize;
                        perm.swap(i, j.min(i));
                    }
                    columns.push(
                        (0..samples)
                            .map(|i| {
                                let u = (perm[i] as f64 + unit(seed, a as u64, i as u64))
                                    / samples as f64;
                                pick(&axis.values, u)
                            })
                            .collect::<Vec<_>>(),
                    );
                }
                Ok((0..samples)
                    .map(|i| columns.iter().map(|c| c[i].clone()).collect())
                    .collect())
            }
        }
    }

    /// Number of points of the design, without making them (saturating).
    pub fn point_count(&self) -> usize {
        match self.design {
            Design::Grid => self.axes.iter().fold(1usize, |n, a| match &a.values {
                AxisValues::List(v) => n.saturating_mul(v.len()),
                _ => n,
            }),
            Design::Random { samples, .. } | Design::Latin { samples, .. } => samples,
            Design::Morris { trajectories, .. } => {
                trajectories.saturating_mul(self.axes.len().saturating_add(1))
            }
            Design::Sobol { samples, .. } => {
                samples.saturating_mul(self.axes.len().saturating_add(2))
            }
        }
    }

    /// Expands the file into its plan; more than [`MAX_RUNS`] runs is an
    /// error found before any point is made.
    pub fn plan(self) -> Result<Plan, Error> {
        let reps = self.replicate_count();
        let count = self.point_count();
        let total = count.checked_mul(reps).filter(|&n| n <= MAX_RUNS);
        let Some(total) = total else {
            return Err(Error::Sweep(format!(
                "{}: {count} points × {reps} replicates is {} runs, more than the {MAX_RUNS} \
                 a sweep may have (each run leaves a file in one folder; a million is about \
                 what cluster file systems serve well); split it into several sweeps or use \
                 a random or latin design with fewer samples",
                self.path.display(),
                count
                    .checked_mul(reps)
                    .map_or("too many".into(), |n| n.to_string())
            )));
        };
        let points = self.points()?;
        let pw = digits(points.len().saturating_sub(1)).max(4);
        let rw = digits(reps.saturating_sub(1)).max(2);
        let mut runs = Vec::with_capacity(total);
        for point in 0..points.len() {
            for r in 0..reps as u32 {
                runs.push(RunSpec {
                    id: format!("p{point:0pw$}-r{r:0rw$}"),
                    point,
                    replicate: r,
                    seed: self.replicate_seed(r),
                });
            }
        }
        Ok(Plan {
            file: self,
            points,
            runs,
        })
    }
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

impl Plan {
    /// Reads a sweep file and expands it.
    pub fn read(path: &Path) -> Result<Plan, Error> {
        read(path)?.plan()
    }

    /// The overrides of a run: the constants, the point's axis values, and
    /// the run's seed.
    pub fn overrides(&self, run: &RunSpec) -> Vec<String> {
        let mut o = self.file.constants.clone();
        for (axis, v) in self.file.axes.iter().zip(&self.points[run.point]) {
            o.push(format!("{}={}", axis.key, v.text()));
        }
        o.push(format!("simulation.seed={}", run.seed));
        o
    }

    /// A fingerprint of everything that decides the runs' results: base
    /// scenario, runs with their overrides, and outputs. Resuming with a
    /// changed plan is refused.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.file.scenario.display().to_string().as_bytes());
        if let Ok(bytes) = std::fs::read(&self.file.scenario) {
            h.update(Sha256::digest(&bytes));
        }
        h.update(format!("{:?}", self.file.outputs).as_bytes());
        for r in &self.runs {
            h.update(r.id.as_bytes());
            for o in self.overrides(r) {
                h.update(o.as_bytes());
                h.update([0]);
            }
        }
        let d = h.finalize();
        d.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "test.toml:3:1: unknown key `replicate` (did you mean `replicates`?)",
            "unknown design \"grd\"",
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

    #[test]
    fn random_and_latin_designs_are_stable_and_latin_fills_every_stratum() {
        let text = |kind: &str| {
            format!(
                r#"
scenario = "b.toml"
[design]
kind = "{kind}"
samples = 10
seed = 3
[axes]
x = {{ distribution = "uniform", min = 0, max = 1 }}
y = {{ distribution = "normal", mean = 0, sd = 1 }}
z = ["a", "b"]
"#
            )
        };
        let latin = parse_str(&text("latin")).unwrap().points().unwrap();
        assert_eq!(latin, parse_str(&text("latin")).unwrap().points().unwrap());
        let mut strata: Vec<usize> = latin
            .iter()
            .map(|p| (p[0].as_f64().unwrap() * 10.0) as usize)
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..10).collect::<Vec<_>>());
        let zs = latin
            .iter()
            .filter(|p| p[2] == Value::Str("a".into()))
            .count();
        assert_eq!(zs, 5);
        let random = parse_str(&text("random")).unwrap().points().unwrap();
        assert_eq!(random.len(), 10);
        assert_ne!(random, latin);
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
}
