//! Scenario errors: where (file:line:column), which key, what is wrong, what
//! is allowed, and a hint. Every problem in a scenario is collected and
//! reported together.

use std::fmt;

/// One problem found in a scenario, pointing at the place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// File the problem is in, as the user named it (or `--set` for an
    /// override given on the command line).
    pub file: String,
    /// 1-based line (0: the file as a whole, e.g. it cannot be read).
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// Key path, e.g. `country[2].unemployment` or `bloc[0].members[1]`.
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// What would be accepted, e.g. `a number in [0, 1]`.
    pub allowed: Option<String>,
    /// A hint, e.g. `did you mean "POL"?`.
    pub hint: Option<String>,
    /// What kind of problem it is.
    pub code: Code,
}

/// The kind of a [`Diagnostic`], for code that treats some problems apart
/// (never shown: the message says what is wrong).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A value, a file or a combination of values is wrong.
    Invalid,
    /// Something required is absent: a required key, the countries, the
    /// distance of a pair. Not worth reporting when part of the scenario
    /// could not be read (it may be there).
    Absent,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.key.is_empty() {
            write!(f, ": {}", self.key)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(a) = &self.allowed {
            write!(f, "; allowed: {a}")?;
        }
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The problems; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        let n = self.diagnostics.len();
        write!(f, "{n} error{} in scenario", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for ScenarioError {}
