//! One definition per output column: its name, type, unit and meaning.
//!
//! The CSV writer takes its header from these definitions, the Parquet
//! writer its typed schema, and `datapackage.json` (the codebook of a run
//! folder) its fields, so the three cannot drift apart: a value that does
//! not fit its column's type is an error when the table is written.

use serde::Serialize;

/// The type of a column's values, as the codebook names it (Frictionless
/// Table Schema types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Whole numbers (Parquet INT64).
    Integer,
    /// Decimal numbers (Parquet DOUBLE).
    Number,
    /// Text: codes, names, labels (Parquet UTF8). Empty means none.
    String,
    /// A month as `YYYY-MM` (Parquet UTF8).
    Yearmonth,
}

impl Kind {
    /// The Frictionless type name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Yearmonth => "yearmonth",
        }
    }
}

/// Unit of counts of people (agents × people per agent, rounded).
pub const PEOPLE: &str = "people";
/// Unit of every count of people (movers, stocks, residents, ...).
pub const COUNT: &str = PEOPLE;
/// Unit of the one count of simulated agents (`agents`).
pub const AGENTS: &str = "agents";
/// Unit of a rate or share in [0, 1].
pub const SHARE: &str = "share";
/// Unit of a ratio of two quantities of the same kind.
pub const RATIO: &str = "ratio";
/// Unit of monthly wages.
pub const USD_MONTH: &str = "US$ a month";
/// Unit of sums of money.
pub const USD: &str = "US$";
/// Unit of investment figures.
pub const USD_MILLION: &str = "US$ million";
/// Unit of month indices.
pub const MONTHS: &str = "months";
/// No unit (codes, names, labels, dates, indices).
pub const NONE: &str = "";

/// One column of an output table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Column name (CSV header, Parquet field).
    pub name: &'static str,
    /// Type of its values.
    pub kind: Kind,
    /// Unit of its values (empty for codes, labels and dates).
    pub unit: &'static str,
    /// What it means.
    pub description: &'static str,
}

/// An integer column with a unit.
pub const fn int(name: &'static str, unit: &'static str, description: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Integer,
        unit,
        description,
    }
}

/// A count of people (unit [`COUNT`]).
pub const fn count(name: &'static str, description: &'static str) -> Column {
    int(name, COUNT, description)
}

/// A decimal column with a unit.
pub const fn num(name: &'static str, unit: &'static str, description: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Number,
        unit,
        description,
    }
}

/// A text column.
pub const fn text(name: &'static str, description: &'static str) -> Column {
    Column {
        name,
        kind: Kind::String,
        unit: NONE,
        description,
    }
}

/// A month-index column (counted from 0), like `step`.
pub const fn month_index(name: &'static str) -> Column {
    int(name, MONTHS, "month index, counted from 0")
}

/// A month column (`YYYY-MM`), like `date`.
pub const fn month(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Yearmonth,
        unit: NONE,
        description: "the month (YYYY-MM)",
    }
}

/// The `step` column every dated table starts with.
pub const STEP: Column = month_index("step");
/// The `date` column every dated table has after `step`.
pub const DATE: Column = month("date");

/// The names of columns, in order.
pub fn names(columns: &[Column]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named_as_frictionless_names_them() {
        for k in [Kind::Integer, Kind::Number, Kind::String, Kind::Yearmonth] {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.as_str().into())
            );
        }
    }
}
