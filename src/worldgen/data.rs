//! The compact data tables of `data/` (made by scripts/build_data.py from
//! the public sources, see data/README.md): embedded in the program, or read
//! from a folder given with `--data DIR`. Bad tables get
//! `file:line:column: column: what is wrong; allowed: …`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;

/// The table files, in the order they are read.
pub const FILES: [&str; 7] = [
    "countries.csv",
    "series.csv",
    "stocks.csv",
    "pairs.csv",
    "blocs.csv",
    "transitions.csv",
    "conflicts.csv",
];

const EMBEDDED: [&str; 7] = [
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/countries.csv")),
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/series.csv")),
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/stocks.csv")),
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/pairs.csv")),
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/blocs.csv")),
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/transitions.csv")),
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/conflicts.csv")),
];

/// One country of countries.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryRow {
    /// ISO 3166-1 alpha-3 code.
    pub code: String,
    /// Short English name.
    pub name: String,
    /// Continent (Americas split at South America).
    pub continent: String,
    /// "industrialised", "developing" or "transition".
    pub group: String,
    /// UN sub-region.
    pub region: String,
    /// Latitude of the centroid, degrees.
    pub latitude: f64,
    /// Longitude of the centroid, degrees.
    pub longitude: f64,
}

/// One country-year of series.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRow {
    /// Country code.
    pub country: String,
    /// Calendar year (a yearly value, as of July).
    pub year: i32,
    /// Resident working-age people (15-64).
    pub population: f64,
    /// Low-skill wage, 2015 US$ a month.
    pub wage_low: f64,
    /// High-skill wage, 2015 US$ a month.
    pub wage_high: f64,
    /// Unemployment rate, share.
    pub unemployment: f64,
    /// Share of tertiary-educated among working-age people.
    pub high_skilled_share: f64,
    /// Total population (all ages), people.
    pub total_population: f64,
    /// The variables filled by a rule, `variable=rule` (none: all observed).
    pub filled: Vec<(String, String)>,
}

impl SeriesRow {
    /// Whether `variable` was filled by a rule this year.
    pub fn is_filled(&self, variable: &str) -> bool {
        self.filled.iter().any(|(v, _)| v == variable)
    }
}

/// One corridor of stocks.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct StockRow {
    /// Year of the stock (mid-year).
    pub year: i32,
    /// Country of birth.
    pub origin: String,
    /// Country of residence.
    pub residence: String,
    /// People of all ages (as the UN gives them).
    pub people_all_ages: f64,
    /// Working-age people (all ages × the residence's working-age share).
    pub people: f64,
    /// The origin's tertiary emigration rate over its total emigration rate
    /// in the stock's year (IAB brain-drain data), if known: the skill
    /// selection of its emigrants.
    pub tertiary_ratio: Option<f64>,
}

/// One country pair of pairs.csv (a < b).
#[derive(Debug, Clone, PartialEq)]
pub struct PairRow {
    /// First code (alphabetically).
    pub a: String,
    /// Second code.
    pub b: String,
    /// Distance between main cities, km (CEPII dist).
    pub km: f64,
    /// A shared land border.
    pub contiguous: bool,
    /// A common official language.
    pub common_language: bool,
    /// Ever in a colonial relationship.
    pub colony: bool,
}

/// One membership of blocs.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct BlocRow {
    /// Name of the free-movement area.
    pub bloc: String,
    /// Member code.
    pub member: String,
    /// Month it joins ("YYYY-MM"); None: before 1990.
    pub joins: Option<(i32, u8)>,
    /// First month outside; None: still a member.
    pub leaves: Option<(i32, u8)>,
    /// "member", "EEA" or "agreement".
    pub status: String,
    /// The legal source.
    pub source: String,
}

/// One transitional arrangement of transitions.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionRow {
    /// Bloc name.
    pub bloc: String,
    /// The restricting member.
    pub member: String,
    /// The newcomer whose workers it keeps out.
    pub newcomer: String,
    /// First month of free movement.
    pub until: (i32, u8),
}

/// Conflict deaths of a country-year (UCDP), from 25 deaths on.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRow {
    /// Country code.
    pub country: String,
    /// Calendar year.
    pub year: i32,
    /// Deaths.
    pub deaths: f64,
}

/// Every table of the data package.
#[derive(Debug, Clone, Default)]
pub struct DataSet {
    /// Where the tables came from ("embedded" or a folder).
    pub origin: String,
    /// countries.csv.
    pub countries: Vec<CountryRow>,
    /// series.csv, by country then year.
    pub series: BTreeMap<String, BTreeMap<i32, SeriesRow>>,
    /// stocks.csv.
    pub stocks: Vec<StockRow>,
    /// pairs.csv, keyed by (a, b) with a < b.
    pub pairs: BTreeMap<(String, String), PairRow>,
    /// blocs.csv.
    pub blocs: Vec<BlocRow>,
    /// transitions.csv.
    pub transitions: Vec<TransitionRow>,
    /// conflicts.csv.
    pub conflicts: Vec<ConflictRow>,
}

impl DataSet {
    /// The tables built into the program.
    pub fn embedded() -> Result<DataSet, Error> {
        DataSet::parse("embedded data", |i| Ok(EMBEDDED[i].to_string()))
    }

    /// The tables of a folder (e.g. a re-run of scripts/build_data.py).
    pub fn from_dir(dir: &Path) -> Result<DataSet, Error> {
        DataSet::parse(&dir.display().to_string(), |i| {
            let path = dir.join(FILES[i]);
            std::fs::read_to_string(&path).map_err(|e| {
                Error::Options(format!(
                    "{}: cannot read the data table: {e}; a --data folder holds {}",
                    path.display(),
                    FILES.join(", ")
                ))
            })
        })
    }

    fn parse(
        origin: &str,
        read: impl Fn(usize) -> Result<String, Error>,
    ) -> Result<DataSet, Error> {
        let mut d = DataSet {
            origin: origin.to_string(),
            ..DataSet::default()
        };
        let label = |i: usize| {
            if origin == "embedded data" {
                format!("data/{}", FILES[i])
            } else {
                Path::new(origin).join(FILES[i]).display().to_string()
            }
        };
        let t = Table::new(
            label(0),
            read(0)?,
            &[
                "code",
                "name",
                "continent",
                "group",
                "region",
                "latitude",
                "longitude",
            ],
        )?;
        for r in t.rows() {
            let r = r?;
            d.countries.push(CountryRow {
                code: r.code("code")?,
                name: r.text("name")?,
                continent: r.text("continent")?,
                group: r.one_of("group", &["industrialised", "developing", "transition"])?,
                region: r.text("region")?,
                latitude: r.number("latitude", -90.0, 90.0)?,
                longitude: r.number("longitude", -180.0, 180.0)?,
            });
        }
        let t = Table::new(
            label(1),
            read(1)?,
            &[
                "country",
                "year",
                "population",
                "wage_low",
                "wage_high",
                "unemployment",
                "high_skilled_share",
                "total_population",
                "filled",
            ],
        )?;
        for r in t.rows() {
            let r = r?;
            let filled = r.text("filled")?;
            let row = SeriesRow {
                country: r.code("country")?,
                year: r.number("year", 1900.0, 2100.0)? as i32,
                population: r.positive("population")?,
                wage_low: r.positive("wage_low")?,
                wage_high: r.positive("wage_high")?,
                unemployment: r.number("unemployment", 0.0, 0.999)?,
                high_skilled_share: r.number("high_skilled_share", 0.0, 1.0)?,
                total_population: r.positive("total_population")?,
                filled: filled
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        let (v, how) = s.split_once('=').unwrap_or((s, "rule"));
                        (v.to_string(), how.to_string())
                    })
                    .collect(),
            };
            d.series
                .entry(row.country.clone())
                .or_default()
                .insert(row.year, row);
        }
        let t = Table::new(
            label(2),
            read(2)?,
            &["year", "origin", "residence", "people_all_ages", "people"],
        )?;
        for r in t.rows() {
            let r = r?;
            d.stocks.push(StockRow {
                year: r.number("year", 1900.0, 2100.0)? as i32,
                origin: r.code("origin")?,
                residence: r.code("residence")?,
                people_all_ages: r.number("people_all_ages", 0.0, f64::MAX)?,
                people: r.number("people", 0.0, f64::MAX)?,
                tertiary_ratio: match r.index.contains_key("tertiary_ratio")
                    && !r.raw("tertiary_ratio").0.is_empty()
                {
                    true => Some(r.number("tertiary_ratio", 0.0, 1000.0)?),
                    false => None,
                },
            });
        }
        let t = Table::new(
            label(3),
            read(3)?,
            &["a", "b", "km", "contiguous", "common_language", "colony"],
        )?;
        for r in t.rows() {
            let r = r?;
            let p = PairRow {
                a: r.code("a")?,
                b: r.code("b")?,
                km: r.number("km", 0.0, 25_000.0)?,
                contiguous: r.flag("contiguous")?,
                common_language: r.flag("common_language")?,
                colony: r.flag("colony")?,
            };
            d.pairs.insert((p.a.clone(), p.b.clone()), p);
        }
        let t = Table::new(
            label(4),
            read(4)?,
            &["bloc", "member", "joins", "leaves", "status", "source"],
        )?;
        for r in t.rows() {
            let r = r?;
            d.blocs.push(BlocRow {
                bloc: r.text("bloc")?,
                member: r.code("member")?,
                joins: r.month("joins", true)?,
                leaves: r.month("leaves", true)?,
                status: r.text("status")?,
                source: r.text("source")?,
            });
        }
        let t = Table::new(label(5), read(5)?, &["bloc", "member", "newcomer", "until"])?;
        for r in t.rows() {
            let r = r?;
            d.transitions.push(TransitionRow {
                bloc: r.text("bloc")?,
                member: r.code("member")?,
                newcomer: r.code("newcomer")?,
                until: r.month("until", false)?.unwrap_or((0, 1)),
            });
        }
        let t = Table::new(label(6), read(6)?, &["country", "year", "deaths"])?;
        for r in t.rows() {
            let r = r?;
            d.conflicts.push(ConflictRow {
                country: r.code("country")?,
                year: r.number("year", 1900.0, 2100.0)? as i32,
                deaths: r.number("deaths", 0.0, f64::MAX)?,
            });
        }
        Ok(d)
    }

    /// The row of `country` in countries.csv.
    pub fn country(&self, code: &str) -> Option<&CountryRow> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The years series.csv covers (first, last).
    pub fn years(&self) -> (i32, i32) {
        let mut lo = i32::MAX;
        let mut hi = i32::MIN;
        for s in self.series.values() {
            if let (Some(a), Some(b)) = (s.keys().next(), s.keys().next_back()) {
                lo = lo.min(*a);
                hi = hi.max(*b);
            }
        }
        (lo, hi)
    }

    /// The row of `country` in `year`, or of its nearest year.
    pub fn series_at(&self, country: &str, year: i32) -> Option<&SeriesRow> {
        let s = self.series.get(country)?;
        s.get(&year)
            .or_else(|| s.values().min_by_key(|r| ((r.year - year).abs(), r.year)))
    }
}

/// A CSV table with its label (for messages) and the columns it needs.
struct Table {
    label: String,
    text: String,
    index: BTreeMap<String, usize>,
}

/// One record of a [`Table`].
struct Row<'a> {
    label: &'a str,
    line: u64,
    index: &'a BTreeMap<String, usize>,
    record: csv::StringRecord,
}

impl Table {
    fn new(label: String, text: String, required: &[&str]) -> Result<Table, Error> {
        let header = text.lines().next().unwrap_or("");
        let cols: Vec<String> = header.split(',').map(|s| s.trim().to_string()).collect();
        let index: BTreeMap<String, usize> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        for r in required {
            if !index.contains_key(*r) {
                return Err(Error::Options(format!(
                    "{label}:1:1: header: the column \"{r}\" is missing; allowed: a header with {}",
                    required.join(", ")
                )));
            }
        }
        Ok(Table { label, text, index })
    }

    fn rows(&self) -> impl Iterator<Item = Result<Row<'_>, Error>> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(self.text.as_bytes());
        reader.into_records().map(move |rec| {
            let record = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                Error::Options(format!("{}:{line}:1: {e}", self.label))
            })?;
            Ok(Row {
                label: &self.label,
                line: record.position().map_or(0, |p| p.line()),
                index: &self.index,
                record,
            })
        })
    }
}

impl Row<'_> {
    fn raw(&self, column: &str) -> (&str, usize) {
        let i = self.index[column];
        (self.record.get(i).unwrap_or(""), i)
    }

    /// Column (1-based character position) of field `i` on its line.
    fn col(&self, i: usize) -> usize {
        1 + (0..i)
            .map(|k| self.record.get(k).map_or(0, |f| f.len() + 1))
            .sum::<usize>()
    }

    fn err(&self, column: &str, what: String, allowed: &str) -> Error {
        let (_, i) = self.raw(column);
        Error::Options(format!(
            "{}:{}:{}: {column}: {what}; allowed: {allowed}",
            self.label,
            self.line,
            self.col(i)
        ))
    }

    fn text(&self, column: &str) -> Result<String, Error> {
        Ok(self.raw(column).0.to_string())
    }

    fn code(&self, column: &str) -> Result<String, Error> {
        let s = self.raw(column).0;
        if (2..=8).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            Ok(s.to_string())
        } else {
            Err(self.err(
                column,
                format!("\"{s}\" is not a country code"),
                "2 to 8 upper-case letters or digits",
            ))
        }
    }

    fn one_of(&self, column: &str, allowed: &[&str]) -> Result<String, Error> {
        let s = self.raw(column).0;
        if allowed.contains(&s) {
            Ok(s.to_string())
        } else {
            Err(self.err(
                column,
                format!("\"{s}\" is not allowed"),
                &allowed.join(", "),
            ))
        }
    }

    fn number(&self, column: &str, lo: f64, hi: f64) -> Result<f64, Error> {
        let s = self.raw(column).0;
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= lo && v <= hi => Ok(v),
            _ => Err(self.err(
                column,
                format!("\"{s}\" is not a number in range"),
                &if hi == f64::MAX {
                    format!("a number ≥ {lo}")
                } else {
                    format!("a number in [{lo}, {hi}]")
                },
            )),
        }
    }

    fn positive(&self, column: &str) -> Result<f64, Error> {
        let s = self.raw(column).0;
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
            _ => Err(self.err(
                column,
                format!("\"{s}\" is not a positive number"),
                "a number > 0",
            )),
        }
    }

    fn flag(&self, column: &str) -> Result<bool, Error> {
        match self.raw(column).0 {
            "0" => Ok(false),
            "1" => Ok(true),
            s => Err(self.err(column, format!("\"{s}\" is not a flag"), "0 or 1")),
        }
    }

    fn month(&self, column: &str, optional: bool) -> Result<Option<(i32, u8)>, Error> {
        let s = self.raw(column).0;
        if s.is_empty() && optional {
            return Ok(None);
        }
        parse_month(s).map(Some).ok_or_else(|| {
            self.err(
                column,
                format!("\"{s}\" is not a month"),
                "a month written YYYY-MM",
            )
        })
    }
}

/// "YYYY-MM" as (year, month).
pub fn parse_month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    (1..=12).contains(&m).then_some((y, m))
}

#[cfg(test)]
mod tests;
