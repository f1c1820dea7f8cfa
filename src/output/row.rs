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
