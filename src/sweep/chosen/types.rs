//! The chosen metrics' types: aggregates, quantities, what a metric reads,
//! and the names the sweep file may use.

use crate::compare::{Predictor, Set};
use crate::model::YearMonth;
use crate::observed::{Kind, Observed};

/// How the values over the window become one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// Arithmetic mean.
    Mean,
    /// Sum.
    Sum,
    /// The last value of the window.
    Last,
    /// The first value of the window.
    First,
    /// The smallest.
    Min,
    /// The largest.
    Max,
}

/// The names of [`Aggregate`] in sweep files.
pub const AGGREGATES: &[&str] = &["mean", "sum", "last", "first", "min", "max"];

impl Aggregate {
    /// The aggregate named `s`.
    pub fn parse(s: &str) -> Option<Aggregate> {
        Some(match s {
            "mean" => Aggregate::Mean,
            "sum" => Aggregate::Sum,
            "last" => Aggregate::Last,
            "first" => Aggregate::First,
            "min" => Aggregate::Min,
            "max" => Aggregate::Max,
            _ => return None,
        })
    }

    pub(super) fn of(self, v: &[f64]) -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        Some(match self {
            Aggregate::Mean => v.iter().sum::<f64>() / v.len() as f64,
            Aggregate::Sum => v.iter().sum(),
            Aggregate::Last => v[v.len() - 1],
            Aggregate::First => v[0],
            Aggregate::Min => v.iter().copied().fold(f64::INFINITY, f64::min),
            Aggregate::Max => v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }
}

/// A corridor's quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Movers from origin to destination, each month (people).
    Flow,
    /// People born in origin living in destination, at each December and
    /// after the last month.
    Stock,
}

/// What a chosen metric measures.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A timeseries column of one country.
    Column {
        /// Column name.
        column: String,
        /// Country code.
        country: String,
    },
    /// A corridor.
    Corridor {
        /// Origin code.
        origin: String,
        /// Destination code.
        dest: String,
        /// Flow or stock.
        quantity: Quantity,
    },
    /// A figure of `migrasim compare` against an observed file.
    Compare {
        /// The observed data (loaded when the sweep file is read).
        observed: Box<Observed>,
        /// Kind of observations.
        kind: Kind,
        /// Set of cells.
        set: Set,
        /// Predictor.
        predictor: Predictor,
        /// Figure name (one of [`FIGURES`]).
        figure: String,
    },
}

/// The figures of a comparison a metric may take.
pub const FIGURES: &[&str] = &["cells", "spearman", "pearson", "rmse_log10", "rmse", "ard"];
/// The sets of a comparison.
pub const SETS: &[&str] = &["all", "later", "change"];
/// The predictors of a comparison.
pub const PREDICTORS: &[&str] = &["model", "persistence", "persistence_scaled"];

/// One chosen metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    /// Its column in results.csv.
    pub name: String,
    /// What it measures.
    pub what: What,
    /// Aggregate over the window (not for compare figures).
    pub aggregate: Aggregate,
    /// First month of the window (default: the run's first).
    pub from: Option<YearMonth>,
    /// Last month of the window (default: the run's last).
    pub to: Option<YearMonth>,
    /// Where it is in the sweep file (`file:line:column`).
    pub place: String,
}

/// The set named `s`.
pub fn parse_set(s: &str) -> Option<Set> {
    Some(match s {
        "all" => Set::All,
        "later" => Set::Later,
        "change" => Set::Change,
        _ => return None,
    })
}

/// The predictor named `s`.
pub fn parse_predictor(s: &str) -> Option<Predictor> {
    Some(match s {
        "model" => Predictor::Model,
        "persistence" => Predictor::Persistence,
        "persistence_scaled" => Predictor::PersistenceScaled,
        _ => return None,
    })
}
