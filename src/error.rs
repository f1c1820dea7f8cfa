//! Typed errors of the library. The command-line program maps them to exit
//! codes: scenario problems exit with 2, everything else with 1.

use std::fmt;
use std::path::PathBuf;

use crate::scenario::{Diagnostic, ScenarioError};

/// Anything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario has problems (each with its place in the file).
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// The world cannot be built from an otherwise valid scenario.
    #[error("cannot build the world: {0}")]
    World(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// An observed-data file has problems (each with its place).
    #[error("{0}")]
    Observed(#[from] ObservedError),
    /// A comparison or calibration cannot be done as asked (bad option,
    /// nothing to compare, a folder of another calibration).
    #[error("{0}")]
    Calibration(String),
    /// A sweep file, folder or point has problems (each with its place).
    #[error("{0}")]
    Sweep(String),
    /// Some runs of a sweep failed (their errors are in the sweep folder).
    #[error("{0}")]
    SweepRuns(String),
    /// Slurm could not be used (sbatch missing or refusing the job).
    #[error("slurm: {0}")]
    Slurm(String),
    /// The run was interrupted (Ctrl-C) before its last month; nothing was
    /// written.
    #[error("interrupted after {steps} of {months} months; nothing was written")]
    Interrupted {
        /// Months simulated.
        steps: u32,
        /// Months the scenario asked for.
        months: u32,
    },
    /// A run option is not usable (e.g. zero threads).
    #[error("{0}")]
    Options(String),
    /// An output file could not be produced.
    #[error("writing {path}: {message}")]
    Output {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// `migrasim facts` cannot measure a run folder (a file missing or
    /// unreadable, too few data for a fact).
    #[error("facts of {path}: {message}")]
    Facts {
        /// The run folder or file.
        path: PathBuf,
        /// What went wrong, and what to do.
        message: String,
    },
    /// A chart or the report could not be drawn (or a run folder read back).
    #[error("plotting {path}: {message}")]
    Plot {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Whether the error is in the user's input (exit code 2) rather than in
    /// the run (exit code 1).
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Error::Scenario(_)
                | Error::Options(_)
                | Error::Sweep(_)
                | Error::Facts { .. }
                | Error::Observed(_)
                | Error::Calibration(_)
        )
    }
}

/// Every problem found in an observed-data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedError {
    /// The problems, in file order; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ObservedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        let n = self.diagnostics.len();
        write!(
            f,
            "{n} error{} in observed data",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for ObservedError {}
