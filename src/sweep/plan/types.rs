//! The sweep's types: values, distributions, axes, designs, outputs, the
//! sweep file as read and the plan of runs it expands into.

use std::path::PathBuf;

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
    pub chosen: Vec<crate::sweep::chosen::Chosen>,
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
