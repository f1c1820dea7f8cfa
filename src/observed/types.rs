//! What an observed table holds: the kinds of figure, skills, one
//! observation and the table of them.

use std::fmt;

/// What an observation measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// People born in `origin` living in `dest` in mid-`year` (a stock).
    Stock,
    /// People moving from `origin` to `dest` during the period.
    Flow,
    /// People leaving `origin` (for any country) during the period.
    Outflow,
    /// People entering `dest` (from any country) during the period.
    Inflow,
    /// Natives of `dest` coming home during the period.
    ReturnInflow,
    /// Inflow − outflow of `dest` during the period (may be negative).
    NetMigration,
    /// Natives of `origin` of a skill living abroad / all natives of that
    /// skill, in `year` (a share in [0, 1]).
    EmigrationRate,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 7] = [
        Kind::Stock,
        Kind::Flow,
        Kind::Outflow,
        Kind::Inflow,
        Kind::ReturnInflow,
        Kind::NetMigration,
        Kind::EmigrationRate,
    ];

    /// The name in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Stock => "stock",
            Kind::Flow => "flow",
            Kind::Outflow => "outflow",
            Kind::Inflow => "inflow",
            Kind::ReturnInflow => "return_inflow",
            Kind::NetMigration => "net_migration",
            Kind::EmigrationRate => "emigration_rate",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the kind counts movers over a period (`period_years` needed).
    pub fn is_period(self) -> bool {
        matches!(
            self,
            Kind::Flow | Kind::Outflow | Kind::Inflow | Kind::ReturnInflow | Kind::NetMigration
        )
    }

    /// Whether `origin` must be given (and `dest` for [`Kind::needs_dest`]).
    pub fn needs_origin(self) -> bool {
        matches!(
            self,
            Kind::Stock | Kind::Flow | Kind::Outflow | Kind::EmigrationRate
        )
    }

    /// Whether `dest` must be given.
    pub fn needs_dest(self) -> bool {
        matches!(
            self,
            Kind::Stock | Kind::Flow | Kind::Inflow | Kind::ReturnInflow | Kind::NetMigration
        )
    }

    /// Whether values are counts of people (else a share).
    pub fn is_count(self) -> bool {
        self != Kind::EmigrationRate
    }

    /// Whether values are compared on a log scale (everything but net
    /// migration, which can be negative).
    pub fn is_log(self) -> bool {
        self != Kind::NetMigration
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The skill group an observation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Skill {
    /// Everyone (an empty `skill` cell).
    Total,
    /// The low-skilled (in IAB data: primary education).
    Low,
    /// Secondary education (IAB); the engine has two skill levels, so
    /// these cells are never matched.
    Medium,
    /// The high-skilled (tertiary education).
    High,
}

impl Skill {
    /// The name in files (`total` for the empty cell).
    pub fn as_str(self) -> &'static str {
        match self {
            Skill::Total => "total",
            Skill::Low => "low",
            Skill::Medium => "medium",
            Skill::High => "high",
        }
    }
}

/// One observed figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// What it measures.
    pub kind: Kind,
    /// Country of origin (empty where the kind has none).
    pub origin: String,
    /// Country of destination or of the figure (empty where none).
    pub dest: String,
    /// The year of a stock or rate; the first year of a period.
    pub year: i32,
    /// Length of the period in years (0 for stocks and rates): the period
    /// is January of `year` to December of `year + period_years - 1`.
    pub period_years: u32,
    /// Skill group.
    pub skill: Skill,
    /// The figure: people, or a share for rates.
    pub value: f64,
    /// Line in the file (1-based).
    pub line: usize,
}

impl Observation {
    /// The cell without its year: observations of one cell in different
    /// years are the same quantity over time.
    pub fn cell(&self) -> (Kind, &str, &str, u32, Skill) {
        (
            self.kind,
            &self.origin,
            &self.dest,
            self.period_years,
            self.skill,
        )
    }

    /// A short label, e.g. `MEX→USA 2000` or `POL 1990-94`.
    pub fn label(&self) -> String {
        let place = match (self.origin.is_empty(), self.dest.is_empty()) {
            (false, false) => format!("{}→{}", self.origin, self.dest),
            (false, true) => self.origin.clone(),
            _ => self.dest.clone(),
        };
        let when = if self.period_years > 1 {
            format!(
                "{}-{:02}",
                self.year,
                (self.year + self.period_years as i32 - 1).rem_euclid(100)
            )
        } else {
            self.year.to_string()
        };
        let skill = match self.skill {
            Skill::Total => String::new(),
            s => format!(" ({})", s.as_str()),
        };
        format!("{place} {when}{skill}")
    }
}

/// A file of observations.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// The file as the user named it.
    pub label: String,
    /// Every row, in file order.
    pub rows: Vec<Observation>,
}

/// Columns of the format.
pub const COLUMNS: &[&str] = &[
    "kind",
    "origin",
    "dest",
    "year",
    "period_years",
    "skill",
    "value",
    "source",
];
pub(super) const REQUIRED: &[&str] = &["kind", "origin", "dest", "year", "value"];

impl Observed {
    /// The kinds present, in [`Kind::ALL`] order.
    pub fn kinds(&self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| self.rows.iter().any(|r| r.kind == *k))
            .collect()
    }
}
