//! Reading a table back from a run folder, CSV or Parquet: [`read_table`]
//! gives its column names and its rows as text, exactly as the CSV has
//! them (a Parquet value written back as text, a missing one as empty),
//! and [`TableData::deserialize`] the typed rows (see [`super::row`]).

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch, RecordBatchReader};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::format::{BATCH_ROWS, Format};
use crate::error::Error;

/// A table read back from a run folder: its column names and its rows as
/// text (as the CSV has them; a Parquet value is written back as text,
/// a missing one as empty).
#[derive(Debug, Clone, Default)]
pub struct TableData {
    /// The file read.
    pub path: PathBuf,
    /// Column names, in order.
    pub headers: Vec<String>,
    /// The rows.
    pub rows: Vec<csv::StringRecord>,
}

impl TableData {
    /// The index of a column.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The rows deserialized by column name (as with the csv crate).
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<Vec<T>, Error> {
        let headers = csv::StringRecord::from(self.headers.clone());
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.deserialize(Some(&headers)).map_err(|e| Error::Output {
                    path: self.path.clone(),
                    message: format!("row {}: {e}", i + 1),
                })
            })
            .collect()
    }
}

/// The file holding table `name` (`timeseries`, `flows`, ...) in run
/// folder `dir`, whichever format it was written in, if any.
pub fn find_table(dir: &Path, name: &str) -> Option<(PathBuf, Format)> {
    Format::ALL
        .iter()
        .map(|&f| (dir.join(f.file_name(name)), f))
        .find(|(p, _)| p.is_file())
}

/// Reads table `name` (`timeseries`, `flows`, `stocks`, `countries`,
/// `regions`) of run folder `dir`, from `name.csv` or `name.parquet`.
/// Errors name the file.
pub fn read_table(dir: &Path, name: &str) -> Result<TableData, Error> {
    let Some((path, format)) = find_table(dir, name) else {
        return Err(Error::io(
            dir.join(Format::Csv.file_name(name)),
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no {name}.csv or {name}.parquet in this run folder"),
            ),
        ));
    };
    read_table_file(&path, format)
}

/// Reads one table file in the given format.
pub fn read_table_file(path: &Path, format: Format) -> Result<TableData, Error> {
    let bad = |e: &dyn std::fmt::Display| Error::Output {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    };
    match format {
        Format::Csv => {
            let mut r = csv::Reader::from_path(path).map_err(|e| bad(&e))?;
            let headers = r
                .headers()
                .map_err(|e| bad(&e))?
                .iter()
                .map(str::to_string)
                .collect();
            let rows = r
                .records()
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad(&e))?;
            Ok(TableData {
                path: path.to_path_buf(),
                headers,
                rows,
            })
        }
        Format::Parquet => {
            let f = File::open(path).map_err(|e| Error::io(path, e))?;
            let reader = ParquetRecordBatchReaderBuilder::try_new(f)
                .and_then(|b| b.with_batch_size(BATCH_ROWS).build())
                .map_err(|e| bad(&e))?;
            let headers = reader
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            let mut rows = Vec::new();
            for batch in reader {
                let batch = batch.map_err(|e| bad(&e))?;
                append_rows(&batch, &mut rows).map_err(|e| bad(&e))?;
            }
            Ok(TableData {
                path: path.to_path_buf(),
                headers,
                rows,
            })
        }
    }
}

/// Appends a batch's rows as text.
fn append_rows(batch: &RecordBatch, rows: &mut Vec<csv::StringRecord>) -> Result<(), String> {
    let cols = batch.columns();
    let start = rows.len();
    rows.extend((0..batch.num_rows()).map(|_| csv::StringRecord::with_capacity(64, cols.len())));
    for col in cols {
        let out = &mut rows[start..];
        match col.data_type() {
            DataType::Int64 => {
                let a = col.as_primitive::<Int64Type>();
                for (i, r) in out.iter_mut().enumerate() {
                    if a.is_valid(i) {
                        r.push_field(&a.value(i).to_string());
                    } else {
                        r.push_field("");
                    }
                }
            }
            DataType::Float64 => {
                let a = col.as_primitive::<Float64Type>();
                for (i, r) in out.iter_mut().enumerate() {
                    if a.is_valid(i) {
                        r.push_field(&a.value(i).to_string());
                    } else {
                        r.push_field("");
                    }
                }
            }
            DataType::Utf8 => {
                let a = col.as_string::<i32>();
                for (i, r) in out.iter_mut().enumerate() {
                    r.push_field(if a.is_valid(i) { a.value(i) } else { "" });
                }
            }
            t => return Err(format!("unsupported column type {t}")),
        }
    }
    Ok(())
}
