//! Table formats of a run folder (CSV or Parquet) and the one writer of
//! tables for both (the reader is [`super::read`], re-exported here).
//!
//! Every table is written row by row as text, exactly as the CSV has it, by
//! a [`TableWriter`]; for Parquet (and for the in-memory Arrow tables of the
//! Python package) each value is parsed into its column's type from
//! [`super::columns`], so a Parquet file holds the very numbers of the CSV,
//! typed, and a value that does not fit its declared type is an error.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::columns::{Column, Kind};
pub use super::read::{TableData, find_table, read_table, read_table_file};
use crate::error::Error;

/// Rows gathered before they are handed to Parquet as one batch.
pub(crate) const BATCH_ROWS: usize = 1 << 16;

/// The format of a run folder's tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated text with a header row (`.csv`).
    #[default]
    Csv,
    /// Apache Parquet with typed columns, Snappy-compressed (`.parquet`).
    Parquet,
}

impl Format {
    /// Every format, in the order they are looked for when reading.
    pub const ALL: [Format; 2] = [Format::Csv, Format::Parquet];

    /// The file extension (without the dot) and the name in `--format`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }

    /// The media type written in the codebook.
    pub fn mediatype(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Parquet => "application/vnd.apache.parquet",
        }
    }

    /// The file name of table `name` (e.g. `flows.parquet`).
    pub fn file_name(self, name: &str) -> String {
        format!("{name}.{}", self.extension())
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "csv" => Ok(Format::Csv),
            "parquet" => Ok(Format::Parquet),
            _ => Err(format!(
                "unknown format \"{s}\"; allowed: csv, parquet (hint: --format parquet writes typed, compressed tables)"
            )),
        }
    }
}

/// The Arrow type of a column.
pub fn arrow_type(kind: Kind) -> DataType {
    match kind {
        Kind::Integer => DataType::Int64,
        Kind::Number => DataType::Float64,
        Kind::String | Kind::Yearmonth => DataType::Utf8,
    }
}

/// The Arrow schema of a table: one nullable field per column, each with
/// its unit and description as field metadata.
pub fn arrow_schema(columns: &[Column]) -> SchemaRef {
    let fields: Vec<Field> = columns
        .iter()
        .map(|c| {
            let mut meta = HashMap::new();
            if !c.unit.is_empty() {
                meta.insert("unit".to_string(), c.unit.to_string());
            }
            meta.insert("description".to_string(), c.description.to_string());
            Field::new(c.name, arrow_type(c.kind), true).with_metadata(meta)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// A column being filled.
enum Builder {
    Int(Int64Builder),
    Num(Float64Builder),
    Text(StringBuilder),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Integer => Builder::Int(Int64Builder::with_capacity(BATCH_ROWS)),
            Kind::Number => Builder::Num(Float64Builder::with_capacity(BATCH_ROWS)),
            Kind::String | Kind::Yearmonth => Builder::Text(StringBuilder::new()),
        }
    }

    /// Appends a value given as text; empty text is a missing value.
    fn push(&mut self, v: &str) -> Result<(), &'static str> {
        match self {
            Builder::Int(b) if v.is_empty() => b.append_null(),
            Builder::Int(b) => b.append_value(v.parse().map_err(|_| "an integer")?),
            Builder::Num(b) if v.is_empty() => b.append_null(),
            Builder::Num(b) => b.append_value(v.parse().map_err(|_| "a number")?),
            Builder::Text(b) if v.is_empty() => b.append_null(),
            Builder::Text(b) => b.append_value(v),
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Num(b) => Arc::new(b.finish()),
            Builder::Text(b) => Arc::new(b.finish()),
        }
    }
}

/// Typed columns being filled, handed on in batches.
struct Arrow {
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    /// Batches handed on so far.
    batches: usize,
    /// Where full batches go: a Parquet file, or memory.
    out: ArrowOut,
}

enum ArrowOut {
    Parquet(Box<ArrowWriter<BufWriter<File>>>),
    Memory(Vec<RecordBatch>),
}

enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Arrow(Arrow),
}

/// Writes one table row by row, as CSV, as Parquet or into Arrow record
/// batches in memory, its header or schema taken from the column
/// definitions.
pub struct TableWriter {
    path: PathBuf,
    columns: Vec<Column>,
    sink: Sink,
}

fn output_error(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

impl TableWriter {
    /// Creates the file `path` for a table in `format`.
    pub fn create(path: &Path, format: Format, columns: &[Column]) -> Result<TableWriter, Error> {
        let f = File::create(path).map_err(|e| Error::io(path, e))?;
        let buf = BufWriter::with_capacity(1 << 20, f);
        let sink = match format {
            Format::Csv => {
                // The header comes from the columns (also for a table
                // without rows), the rows from serialize or write_record.
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(buf);
                w.write_record(columns.iter().map(|c| c.name))
                    .map_err(|e| output_error(path, e))?;
                Sink::Csv(Box::new(w))
            }
            Format::Parquet => {
                let schema = arrow_schema(columns);
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_created_by(format!("migrasim {}", env!("CARGO_PKG_VERSION")))
                    .build();
                let w = ArrowWriter::try_new(buf, schema.clone(), Some(props))
                    .map_err(|e| output_error(path, e))?;
                Sink::Arrow(Arrow::new(schema, ArrowOut::Parquet(Box::new(w))))
            }
        };
        Ok(TableWriter {
            path: path.to_path_buf(),
            columns: columns.to_vec(),
            sink,
        })
    }

    /// A writer into Arrow record batches in memory; `label` names the
    /// table in errors.
    pub fn memory(label: &str, columns: &[Column]) -> TableWriter {
        TableWriter {
            path: PathBuf::from(label),
            columns: columns.to_vec(),
            sink: Sink::Arrow(Arrow::new(
                arrow_schema(columns),
                ArrowOut::Memory(Vec::new()),
            )),
        }
    }

    /// The columns of the table.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Writes one row: a value per column, as the CSV writes it (empty for
    /// a missing value).
    pub fn write_record<I, S>(&mut self, record: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let record: Vec<S> = record.into_iter().collect();
        if record.len() != self.columns.len() {
            return Err(self.width_error(record.len()));
        }
        match &mut self.sink {
            Sink::Csv(w) => w
                .write_record(record.iter().map(|s| s.as_ref().as_bytes()))
                .map_err(|e| output_error(&self.path, e)),
            Sink::Arrow(a) => {
                for ((v, b), c) in record.iter().zip(&mut a.builders).zip(&self.columns) {
                    let v = v.as_ref();
                    b.push(v).map_err(|want| {
                        output_error(
                            &self.path,
                            format!(
                                "column `{}`: \"{v}\" is not {want}, as the column definition says",
                                c.name
                            ),
                        )
                    })?;
                }
                a.rows += 1;
                if a.rows == BATCH_ROWS {
                    a.flush().map_err(|e| output_error(&self.path, e))?;
                }
                Ok(())
            }
        }
    }

    /// Writes one typed row (a [`super::row::Row`], or a tuple of rows
    /// when a table's optional columns follow its own): CSV through the
    /// `csv` crate's serializer, Arrow and Parquet from the very same cells.
    pub fn serialize<R: serde::Serialize>(&mut self, row: &R) -> Result<(), Error> {
        match &mut self.sink {
            Sink::Csv(w) => w.serialize(row).map_err(|e| output_error(&self.path, e)),
            Sink::Arrow(_) => {
                let cells = cells_of(row).map_err(|e| output_error(&self.path, e))?;
                self.write_record(&cells)
            }
        }
    }

    fn width_error(&self, n: usize) -> Error {
        output_error(
            &self.path,
            format!(
                "a row has {n} values but the table defines {} columns",
                self.columns.len()
            ),
        )
    }

    /// Completes the file (flushed to disk).
    pub fn finish(self) -> Result<(), Error> {
        let path = self.path;
        let file = match self.sink {
            Sink::Csv(w) => w
                .into_inner()
                .map_err(|e| output_error(&path, e))?
                .into_inner()
                .map_err(|e| Error::io(&path, e.into_error()))?,
            Sink::Arrow(mut a) => {
                a.flush().map_err(|e| output_error(&path, e))?;
                match a.out {
                    ArrowOut::Parquet(w) => w
                        .into_inner()
                        .map_err(|e| output_error(&path, e))?
                        .into_inner()
                        .map_err(|e| Error::io(&path, e.into_error()))?,
                    ArrowOut::Memory(_) => return Ok(()),
                }
            }
        };
        file.sync_all().map_err(|e| Error::io(&path, e))
    }

    /// The table as one Arrow record batch (a writer from
    /// [`TableWriter::memory`]; empty for a file writer).
    pub fn into_batch(self) -> Result<RecordBatch, Error> {
        let path = self.path;
        match self.sink {
            Sink::Arrow(mut a) => {
                a.flush().map_err(|e| output_error(&path, e))?;
                let schema = a.schema.clone();
                match a.out {
                    ArrowOut::Memory(batches) => {
                        arrow_select_concat(&schema, &batches).map_err(|e| output_error(&path, e))
                    }
                    ArrowOut::Parquet(_) => Ok(RecordBatch::new_empty(schema)),
                }
            }
            Sink::Csv(_) => Ok(RecordBatch::new_empty(arrow_schema(&self.columns))),
        }
    }
}

/// The cells of a typed row exactly as the CSV writes them.
fn cells_of<R: serde::Serialize>(row: &R) -> Result<csv::StringRecord, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(512));
    w.serialize(row)?;
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    let mut record = csv::StringRecord::new();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .read_record(&mut record)?;
    Ok(record)
}

/// Concatenates batches of one schema.
fn arrow_select_concat(
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    if batches.len() == 1 {
        return Ok(batches[0].clone());
    }
    arrow_select::concat::concat_batches(schema, batches)
}

impl Arrow {
    fn new(schema: SchemaRef, out: ArrowOut) -> Arrow {
        let builders = schema
            .fields()
            .iter()
            .map(|f| {
                Builder::new(match f.data_type() {
                    DataType::Int64 => Kind::Integer,
                    DataType::Float64 => Kind::Number,
                    _ => Kind::String,
                })
            })
            .collect();
        Arrow {
            schema,
            builders,
            rows: 0,
            batches: 0,
            out,
        }
    }

    /// Hands the gathered rows on as one batch (none if there are none,
    /// unless nothing was handed on yet: an empty table is one empty batch).
    fn flush(&mut self) -> Result<(), String> {
        if self.rows == 0 && self.batches > 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| e.to_string())?;
        self.rows = 0;
        self.batches += 1;
        match &mut self.out {
            ArrowOut::Memory(b) => b.push(batch),
            ArrowOut::Parquet(w) => w.write(&batch).map_err(|e| e.to_string())?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::columns::{count, num, text};

    static COLS: &[Column] = &[
        count("n", "a count"),
        num("x", "share", "a number"),
        text("s", "a label"),
    ];

    fn write(format: Format, dir: &Path, rows: &[[&str; 3]]) -> Result<PathBuf, Error> {
        let path = dir.join(format.file_name("t"));
        let mut w = TableWriter::create(&path, format, COLS)?;
        for r in rows {
            w.write_record(r)?;
        }
        w.finish()?;
        Ok(path)
    }

    #[test]
    fn csv_and_parquet_read_back_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let rows = [["1", "0.250000", "a"], ["-3", "", ""], ["0", "12.5", "b c"]];
        write(Format::Csv, dir.path(), &rows).unwrap();
        let csv = read_table_file(&dir.path().join("t.csv"), Format::Csv).unwrap();
        std::fs::remove_file(dir.path().join("t.csv")).unwrap();
        write(Format::Parquet, dir.path(), &rows).unwrap();
        let pq = read_table(dir.path(), "t").unwrap();
        assert_eq!(pq.headers, ["n", "x", "s"]);
        assert_eq!(csv.headers, pq.headers);
        let as_f = |s: &str| s.parse::<f64>().ok();
        for (a, b) in csv.rows.iter().zip(&pq.rows) {
            assert_eq!(a.get(0), b.get(0));
            assert_eq!(as_f(&a[1]), as_f(&b[1]));
            assert_eq!(a.get(2), b.get(2));
        }
        assert_eq!(pq.rows.len(), 3);
    }

    #[test]
    fn a_value_that_does_not_fit_its_type_is_an_error_naming_the_column() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(Format::Parquet, dir.path(), &[["1.5", "0", "a"]]).unwrap_err();
        assert!(
            e.to_string()
                .contains("column `n`: \"1.5\" is not an integer"),
            "{e}"
        );
        let e = write(Format::Parquet, dir.path(), &[["1", "x", "a"]]).unwrap_err();
        assert!(
            e.to_string().contains("column `x`: \"x\" is not a number"),
            "{e}"
        );
    }

    #[test]
    fn a_row_of_the_wrong_width_is_an_error_in_every_format() {
        let dir = tempfile::tempdir().unwrap();
        for f in Format::ALL {
            let path = dir.path().join(f.file_name("w"));
            let mut w = TableWriter::create(&path, f, COLS).unwrap();
            let e = w.write_record(["1", "2"]).unwrap_err();
            assert!(
                e.to_string().contains("2 values but the table defines 3"),
                "{f}: {e}"
            );
        }
    }

    #[test]
    fn an_empty_table_keeps_its_schema_and_many_rows_span_batches() {
        let dir = tempfile::tempdir().unwrap();
        write(Format::Parquet, dir.path(), &[]).unwrap();
        let t = read_table(dir.path(), "t").unwrap();
        assert_eq!((t.headers.len(), t.rows.len()), (3, 0));
        let mut w = TableWriter::memory("m", COLS);
        for i in 0..BATCH_ROWS + 5 {
            w.write_record([i.to_string().as_str(), "1", "x"]).unwrap();
        }
        let b = w.into_batch().unwrap();
        assert_eq!(b.num_rows(), BATCH_ROWS + 5);
        assert_eq!(b.schema().field(0).metadata()["unit"], COLS[0].unit);
    }

    #[test]
    fn formats_parse_and_name_their_files() {
        assert_eq!("parquet".parse::<Format>(), Ok(Format::Parquet));
        assert_eq!(Format::Csv.file_name("flows"), "flows.csv");
        let e = "xlsx".parse::<Format>().unwrap_err();
        assert!(e.contains("allowed: csv, parquet"), "{e}");
    }
}
