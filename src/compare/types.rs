//! What a comparison is: matched cells, their sets, the predictors and the
//! figures of each (a leaf: the charts, the report and calibration read
//! these types without the comparison's code).

use crate::observed::{Kind, Observed};

/// A matched observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Index of the observation in [`Observed::rows`].
    pub row: usize,
    /// What was observed.
    pub observed: f64,
    /// What the run gives.
    pub simulated: f64,
    /// The earliest earlier observation of the same cell: (year, value),
    /// and the kind's total observed growth from that year to this one.
    pub start: Option<Start>,
}

/// The start of a cell observed more than once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Start {
    /// Year of the earliest observation.
    pub year: i32,
    /// Its value.
    pub value: f64,
    /// Σ observed(this year) / Σ observed(start year) over the cells of the
    /// kind observed in both years (`None` when undefined).
    pub growth: Option<f64>,
}

/// The three sets of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Set {
    /// Every matched cell, levels.
    All,
    /// Cells with an earlier observation, levels.
    Later,
    /// The same cells, change since the earliest observation.
    Change,
}

impl Set {
    /// Name in compare.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Set::All => "all",
            Set::Later => "later",
            Set::Change => "change",
        }
    }
}

/// Who predicts the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Predictor {
    /// The run.
    Model,
    /// The earliest observed value, unchanged.
    Persistence,
    /// The earliest observed value times the total growth of the kind.
    PersistenceScaled,
}

impl Predictor {
    /// Name in compare.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Predictor::Model => "model",
            Predictor::Persistence => "persistence",
            Predictor::PersistenceScaled => "persistence_scaled",
        }
    }
}

/// Figures of one kind, set and predictor.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Kind of the cells.
    pub kind: Kind,
    /// Which cells.
    pub set: Set,
    /// Who predicts.
    pub predictor: Predictor,
    /// Cells used.
    pub cells: usize,
    /// Whether `pearson` is of log10 values.
    pub log: bool,
    /// Spearman's rank correlation.
    pub spearman: Option<f64>,
    /// Pearson's correlation (of log10 values where `log`).
    pub pearson: Option<f64>,
    /// Root mean square error of log10 values (levels of log kinds only).
    pub rmse_log10: Option<f64>,
    /// Root mean square error in the figures' units (people, or a share).
    pub rmse: Option<f64>,
    /// Flee's averaged relative difference.
    pub ard: Option<f64>,
}

/// Matching counts of one kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    /// Observations of the kind.
    pub observed: usize,
    /// Matched to the run.
    pub matched: usize,
    /// Unmatched: a country the run does not have.
    pub no_country: usize,
    /// Unmatched: the year or period is not simulated.
    pub no_time: usize,
    /// Unmatched: a skill the engine does not have.
    pub no_skill: usize,
}

/// A whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The observed file.
    pub observed: Observed,
    /// People one agent stands for in the run.
    pub people_per_agent: f64,
    /// Matched cells, in file order.
    pub cells: Vec<Cell>,
    /// Coverage by kind (kinds present in the file).
    pub coverage: Vec<(Kind, Coverage)>,
    /// Figures by kind, set and predictor.
    pub figures: Vec<Figures>,
}

/// The floor of log figures for a kind (see the module doc).
pub fn log_floor(kind: Kind, people_per_agent: f64) -> f64 {
    if kind.is_count() {
        0.5 * people_per_agent
    } else {
        1e-4
    }
}

/// log10 of `x` floored at `floor`.
pub fn log10_floored(x: f64, floor: f64) -> f64 {
    libm::log10(x.max(floor))
}
