//! The options of `migrasim world`: which countries, from which year, until when.

use crate::error::Error;

/// Which countries a world has.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// Every country the data covers well in the start year (population,
    /// GDP and working-age share observed, not filled).
    All,
    /// The N largest of those by working-age population in the start year.
    Top(usize),
    /// These codes, in this order.
    Codes(Vec<String>),
}

impl std::str::FromStr for Selection {
    type Err = Error;

    /// "all", "top:N" or "ISO,ISO,…".
    fn from_str(s: &str) -> Result<Selection, Error> {
        let bad = |what: String| {
            Error::Options(format!(
                "--countries: {what}; allowed: all, top:N (N ≥ 2) or two or more codes separated by commas, e.g. DEU,POL"
            ))
        };
        if s == "all" {
            return Ok(Selection::All);
        }
        if let Some(n) = s.strip_prefix("top:") {
            return match n.parse::<usize>() {
                Ok(n) if n >= 2 => Ok(Selection::Top(n)),
                _ => Err(bad(format!("\"{n}\" is not a number of countries ≥ 2"))),
            };
        }
        let codes: Vec<String> = s.split(',').map(|c| c.trim().to_uppercase()).collect();
        if codes.len() < 2 {
            return Err(bad(format!("\"{s}\" names fewer than two countries")));
        }
        Ok(Selection::Codes(codes))
    }
}

/// What to build.
#[derive(Debug, Clone)]
pub struct WorldOptions {
    /// First year (the run starts in its January).
    pub year: i32,
    /// Last month of the run (year, month).
    pub until: (i32, u8),
    /// The countries.
    pub countries: Selection,
    /// Agents of the run.
    pub agents: u64,
    /// Seed of the run.
    pub seed: u64,
    /// Scenario name.
    pub name: String,
    /// Folder of the tables, relative to the scenario file (e.g. "world-1990").
    pub tables: String,
    /// A scenario the world extends (its mechanisms), relative to the
    /// scenario file; None: the builder's own [costs] and [decision].
    pub extends: Option<String>,
    /// Whether conflicts become [[shock]]s.
    pub conflicts: bool,
    /// The command line, written into the scenario's header.
    pub command: String,
}

/// Parses `--until`: "YYYY" (its December) or "YYYY-MM".
pub fn parse_until(s: &str) -> Result<(i32, u8), Error> {
    if let Ok(y) = s.parse::<i32>()
        && s.len() == 4
    {
        return Ok((y, 12));
    }
    super::data::parse_month(s).ok_or_else(|| {
        Error::Options(format!(
            "--until: \"{s}\" is not a year or a month; allowed: YYYY (its December) or YYYY-MM"
        ))
    })
}
