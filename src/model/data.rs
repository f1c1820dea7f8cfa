//! Data beside a scenario, resolved (issue 13): the series interpolated to
//! months, the initial stocks and the rows of `pairs.csv`. The loader
//! (`crate::scenario::data`) reads them from CSV files.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::world::Grid;

/// The variables a `series.csv` may give, in the order of [`SeriesVar`].
pub const SERIES_COLUMNS: [&str; 5] = [
    "population",
    "wage_low",
    "wage_high",
    "unemployment",
    "high_skilled_share",
];

/// A variable of a `series.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesVar {
    /// Resident working-age population, people.
    Population = 0,
    /// Monthly wage of the low-skilled, US$.
    WageLow = 1,
    /// Monthly wage of the high-skilled, US$.
    WageHigh = 2,
    /// Unemployment rate, a share in [0, 1).
    Unemployment = 3,
    /// Share of high-skilled among the natives entering working age.
    HighSkilledShare = 4,
}

/// The skill of an initial stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StockSkill {
    /// Both skills, split by the origin's high-skilled share.
    All,
    /// Low-skilled only.
    Low,
    /// High-skilled only.
    High,
}

impl StockSkill {
    /// The skill of a word of [`STOCK_SKILLS`] (any other word: all).
    pub fn from_word(w: &str) -> StockSkill {
        match w {
            "low" => StockSkill::Low,
            "high" => StockSkill::High,
            _ => StockSkill::All,
        }
    }
}

/// The words of [`StockSkill`] as written in files.
pub const STOCK_SKILLS: &[&str] = &["all", "low", "high"];

/// One initial bilateral stock: people born in `origin` living in
/// `residence` at the start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stock {
    /// Index of the country of birth.
    pub origin: usize,
    /// Index of the country of residence at the start.
    pub residence: usize,
    /// People (not agents).
    pub people: f64,
    /// Their skill.
    pub skill: StockSkill,
    /// Share of them that are legal permanent residents (the rest are
    /// irregular where the scenario keeps legal status).
    pub legal_share: f64,
}

/// One row of a `pairs.csv`: the distance and border of two countries
/// (both directions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairRow {
    /// Index of one country.
    pub a: usize,
    /// Index of the other.
    pub b: usize,
    /// Distance, km; `None` (an empty field) keeps the great-circle one.
    pub km: Option<f64>,
    /// Whether the two share a land border.
    pub contiguous: bool,
}

/// The columns a `pairs.csv` may have after `a,b,km`: `contiguous` is read;
/// the others (what the world builder writes beside it) are for readers
/// and are not used by the engine (ties are `[[tie]]` tables).
pub const PAIR_COLUMNS: [&str; 4] = ["contiguous", "common_language", "colony", "source"];

/// Per-country series interpolated to the months of the run: one value
/// per step t = 0..=months (the month after the last step included, for
/// the demography of the last step).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// By (var, country): the monthly path, or `None` without data.
    paths: Grid<Option<Vec<f64>>>,
}

impl Serialize for Series {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.sha256())
    }
}

impl Series {
    /// SHA-256 (hex) of the interpolated values: the number of countries,
    /// then each path (absent, or its length and values as IEEE bits).
    pub fn sha256(&self) -> String {
        let mut h = Sha256::new();
        h.update((self.paths.k() as u64).to_le_bytes());
        for p in self.paths.as_slice() {
            match p {
                None => h.update([0]),
                Some(v) => {
                    h.update([1]);
                    h.update((v.len() as u64).to_le_bytes());
                    for x in v {
                        h.update(x.to_bits().to_le_bytes());
                    }
                }
            }
        }
        crate::util::hex(&h.finalize())
    }

    /// A series from its paths by (var, country) (the loader builds
    /// series with it, tests too).
    pub fn from_paths(paths: Grid<Option<Vec<f64>>>) -> Series {
        Series { paths }
    }
    /// The value of `var` in country `j` at step `t` (clamped to the last
    /// month covered), or `None` when the series has no data for it.
    #[inline]
    pub fn get(&self, var: SeriesVar, j: usize, t: u32) -> Option<f64> {
        let p = self.paths.get(var as usize, j)?.as_ref()?;
        Some(p[(t as usize).min(p.len() - 1)])
    }

    /// Whether the series has data for `var` in country `j`.
    pub fn has(&self, var: SeriesVar, j: usize) -> bool {
        self.paths.get(var as usize, j).is_some_and(Option::is_some)
    }

    /// Whether the series has data for `var` in any country.
    pub fn has_any(&self, var: SeriesVar) -> bool {
        (0..self.paths.k()).any(|j| self.has(var, j))
    }
}

/// The `[data]` table with the `[[stock]]` tables, resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Data {
    /// `[data].series` as written (relative to the scenario file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series_file: Option<String>,
    /// `[data].stocks` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stocks_file: Option<String>,
    /// `[data].pairs` as written. Its rows become the scenario's distances
    /// and contiguous `[[pair]]`s (the scenario's fields hold them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs_file: Option<String>,
    /// The rows of `[data].pairs`, read (applied by the scenario builder).
    #[serde(skip)]
    pub pair_rows: Vec<PairRow>,
    /// Initial stocks: the CSV's rows, then the `[[stock]]` tables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stocks: Vec<Stock>,
    /// The series (its files are in the scenario's sources with their
    /// SHA-256); serialised as the SHA-256 of its values, so that the
    /// parameter hash covers them without writing them out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Series>,
    /// Monthly chance that a person leaves working age (retirement,
    /// death) when the population follows data and the scenario has no
    /// `[age]`.
    pub exit_rate: f64,
}

/// Default of `[data].exit_rate`: one in 600 a month, a working life of
/// 50 years (ages 15-64).
pub const DEFAULT_EXIT_RATE: f64 = 1.0 / 600.0;

impl Default for Data {
    fn default() -> Data {
        Data {
            series_file: None,
            stocks_file: None,
            pairs_file: None,
            pair_rows: Vec::new(),
            stocks: Vec::new(),
            series: None,
            exit_rate: DEFAULT_EXIT_RATE,
        }
    }
}

impl Data {
    /// Whether the scenario has no data at all (the default).
    pub fn is_empty(&self) -> bool {
        self.series.is_none()
            && self.stocks.is_empty()
            && self.pairs_file.is_none()
            && self.exit_rate == DEFAULT_EXIT_RATE
    }

    /// The value of `var` in `j` at step `t`, where a series gives it.
    #[inline]
    pub fn value(&self, var: SeriesVar, j: usize, t: u32) -> Option<f64> {
        self.series.as_ref().and_then(|s| s.get(var, j, t))
    }

    /// Whether working-age populations follow data: a series gives the
    /// population of at least one country (then every country has entries
    /// and exits; one without a population series keeps its population).
    pub fn demography(&self) -> bool {
        self.series
            .as_ref()
            .is_some_and(|s| s.has_any(SeriesVar::Population))
    }
}
