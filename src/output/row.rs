//! Typed rows of the output tables: one struct per table, declared with
//! [`table_row!`], is at once
//!
//! * the row the writer fills and serializes (CSV through the `csv` crate's
//!   serializer, Parquet from the very same cells, see
//!   [`super::format::TableWriter::serialize`]),
//! * the row the charts and the report read back (by column name), and
//! * the table's column list for the header, the Parquet schema and the
//!   codebook (`datapackage.json`): [`Row::COLUMNS`], one [`Column`] per
//!   field, named after the field.
//!
//! Numbers keep the fixed number of decimals the files have always had
//! (byte-identical across machines and versions): a decimal field says how
//! it is written with `#[serde(serialize_with = "...")]` naming one of the
//! functions below.

use serde::Serializer;

use super::columns::Column;

/// A row type of an output table: its columns, in the order of its fields.
pub trait Row: serde::Serialize {
    /// One column per field, in order, named after the field.
    const COLUMNS: &'static [Column];
}

/// Declares an output table's row type and its columns in one place.
///
/// Each field is a column named after the field; after `=>` comes the
/// [`super::columns`] constructor of its column (`count`, `int`, `num`,
/// `text`, `month_index`, `month`), its unit in brackets where the
/// constructor takes one, and its description (also the field's doc).
///
/// ```ignore
/// table_row! {
///     /// A row of stocks.csv.
///     pub struct StocksRow {
///         step: usize => month_index(),
///         origin: String => text("country of birth"),
///         #[serde(serialize_with = "crate::output::row::d2")]
///         wage: f64 => num[USD_MONTH]("monthly wage"),
///     }
/// }
/// ```
macro_rules! table_row {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty => $ctor:ident $([$unit:expr])? ($($desc:literal)?),
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $(
                #[doc = concat!("Column `", stringify!($field), "`", $(": ", $desc,)? ".")]
                $(#[$fmeta])*
                pub $field: $ty,
            )*
        }

        impl $crate::output::row::Row for $name {
            const COLUMNS: &'static [$crate::output::columns::Column] = &[
                $($crate::output::columns::$ctor(stringify!($field) $(, $unit)? $(, $desc)?),)*
            ];
        }
    };
}
pub(crate) use table_row;

/// Writes a number with no decimals (`{:.0}`).
pub fn d0<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{x:.0}"))
}

/// Writes a number with one decimal (`{:.1}`).
pub fn d1<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{x:.1}"))
}

/// Writes a number with two decimals (`{:.2}`: money).
pub fn d2<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{x:.2}"))
}

/// Writes a number with six decimals (`{:.6}`: rates and shares).
pub fn d6<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{x:.6}"))
}

/// Writes a number as Rust displays it (shortest form that reads back the
/// same: `1`, `0.25`).
pub fn shortest<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(x)
}

/// [`d0`] of a value that may be missing (empty cell).
pub fn opt_d0<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => d0(x, s),
        None => s.serialize_none(),
    }
}

/// [`d2`] of a value that may be missing (empty cell).
pub fn opt_d2<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => d2(x, s),
        None => s.serialize_none(),
    }
}

/// [`d6`] of a value that may be missing (empty cell).
pub fn opt_d6<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => d6(x, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pairs::PairsRow;
    use crate::output::policy::{PolicyRow, RefugeesRow};
    use crate::output::tables::{CountriesRow, FlowsRow, RegionsRow, StocksRow};
    use crate::output::timeseries::{TimeseriesDataRow, TimeseriesRow};

    /// The header serde writes for `R` and the cells of `row`.
    fn written<R: Row>(row: &R) -> (Vec<String>, Vec<String>) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let cells = r.records().next().unwrap().unwrap();
        (header, cells.iter().map(String::from).collect())
    }

    fn columns_are_the_fields<R: Row + Default>() {
        let (header, cells) = written(&R::default());
        let names: Vec<&str> = R::COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(header, names, "{}", std::any::type_name::<R>());
        assert_eq!(cells.len(), names.len());
    }

    #[test]
    fn every_table_s_columns_are_its_row_s_fields_in_order() {
        columns_are_the_fields::<CountriesRow>();
        columns_are_the_fields::<TimeseriesRow>();
        columns_are_the_fields::<TimeseriesDataRow>();
        columns_are_the_fields::<FlowsRow>();
        columns_are_the_fields::<StocksRow>();
        columns_are_the_fields::<RegionsRow>();
        columns_are_the_fields::<PairsRow>();
        columns_are_the_fields::<PolicyRow>();
        columns_are_the_fields::<RefugeesRow>();
    }

    #[test]
    fn numbers_keep_their_decimals_and_read_back() {
        let row = RegionsRow {
            step: 3,
            date: "2004-04".into(),
            country: "DE".into(),
            region: "East, \"new\" Länder".into(),
            agents: 12,
            population: 1200,
            internal_in: 0,
            internal_out: 7,
            wage_low: 1234.5,
            wage_high: 2.0 / 3.0,
            unemployment: 0.1,
        };
        let (_, cells) = written(&row);
        assert_eq!(cells[8..], ["1234.50", "0.67", "0.100000"]);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(&row).unwrap();
        let bytes = w.into_inner().unwrap();
        let back: RegionsRow = csv::Reader::from_reader(bytes.as_slice())
            .deserialize()
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(
            back,
            RegionsRow {
                wage_high: 0.67,
                ..row
            }
        );
        let data = TimeseriesDataRow {
            population_observed: Some(1e6 + 0.4),
            ..Default::default()
        };
        let (_, cells) = written(&data);
        assert_eq!(cells[2..], ["1000000", "", "", "", ""]);
        let pair = PairsRow {
            tie_utility: 1.0,
            pair_utility: 0.25,
            distance_km: 10.06,
            ..Default::default()
        };
        assert_eq!(written(&pair).1[2..], ["10.1", "0", "0", "1", "0.25"]);
    }
}
