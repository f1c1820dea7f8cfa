//! `datapackage.json`: the codebook of a run folder, a Frictionless Data
//! Package (<https://specs.frictionlessdata.io/data-package/>) listing each
//! table file with its columns, their types, units and descriptions, the
//! columns that identify a row and the country codes that refer to
//! `countries`. It is made from the same column definitions the writers
//! use ([`super::tables::TABLES`]), so it describes exactly what was written.

use std::path::Path;

use serde::Serialize;

use super::format::Format;
use super::tables::{COUNTRIES, Table, tables_of};
use crate::error::Error;
use crate::model::Scenario;

/// The data package of a run folder.
#[derive(Debug, Clone, Serialize)]
pub struct DataPackage {
    /// Frictionless profile: `tabular-data-package`.
    pub profile: &'static str,
    /// Package name: the scenario name in lower case, other characters
    /// than letters, digits, `.`, `_` and `-` replaced by `-`.
    pub name: String,
    /// Title.
    pub title: String,
    /// The scenario's description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What made the files.
    pub sources: Vec<Source>,
    /// One per table file.
    pub resources: Vec<Resource>,
}

/// Where the data came from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// e.g. `migrasim 0.1.0`.
    pub title: String,
}

/// One table file.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// Frictionless profile: `tabular-data-resource`.
    pub profile: &'static str,
    /// Table name.
    pub name: &'static str,
    /// File name, relative to the folder.
    pub path: String,
    /// `csv` or `parquet`.
    pub format: &'static str,
    /// Media type.
    pub mediatype: &'static str,
    /// Text encoding (CSV only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// What a row is.
    pub description: &'static str,
    /// Columns and keys.
    pub schema: TableSchema,
}

/// A Frictionless Table Schema.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSchema {
    /// One per column, in order.
    pub fields: Vec<Field>,
    /// Text read as a missing value: the empty string.
    pub missing_values: Vec<&'static str>,
    /// Columns that identify a row.
    pub primary_key: Vec<&'static str>,
    /// Country codes referring to the `countries` table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
}

/// One column.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Column name.
    pub name: &'static str,
    /// `integer`, `number`, `string` or `yearmonth`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// What it means.
    pub description: &'static str,
    /// Unit (people, share, US$ a month, ...); absent for codes, labels
    /// and dates.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub unit: &'static str,
}

/// A column referring to another table's key.
#[derive(Debug, Clone, Serialize)]
pub struct ForeignKey {
    /// The column.
    pub fields: &'static str,
    /// What it refers to.
    pub reference: Reference,
}

/// The table and column a foreign key refers to.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// Table name.
    pub resource: &'static str,
    /// Column.
    pub fields: &'static str,
}

/// A package name as Frictionless allows it.
fn package_name(s: &str) -> String {
    let n: String = s
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if n.is_empty() { "run".into() } else { n }
}

/// The resource of one table written in `format`.
pub fn resource(t: &Table, s: &Scenario, format: Format) -> Resource {
    Resource {
        profile: "tabular-data-resource",
        name: t.name,
        path: format.file_name(t.name),
        format: format.extension(),
        mediatype: format.mediatype(),
        encoding: (format == Format::Csv).then_some("utf-8"),
        description: t.description,
        schema: TableSchema {
            fields: t
                .columns_of(s)
                .iter()
                .map(|c| Field {
                    name: c.name,
                    kind: c.kind.as_str(),
                    description: c.description,
                    unit: c.unit,
                })
                .collect(),
            missing_values: vec![""],
            primary_key: t.primary_key.to_vec(),
            foreign_keys: t
                .country_columns
                .iter()
                .map(|&c| ForeignKey {
                    fields: c,
                    reference: Reference {
                        resource: COUNTRIES.name,
                        fields: "code",
                    },
                })
                .collect(),
        },
    }
}

/// The data package of a run of `scenario` with tables in `format`.
pub fn package(scenario: &Scenario, format: Format) -> DataPackage {
    DataPackage {
        profile: "tabular-data-package",
        name: package_name(&scenario.name),
        title: format!("migrasim run of scenario {}", scenario.name),
        description: scenario.description.clone(),
        sources: vec![Source {
            title: format!("migrasim {}", env!("CARGO_PKG_VERSION")),
        }],
        resources: tables_of(scenario)
            .map(|t| resource(t, scenario, format))
            .collect(),
    }
}

/// Writes `datapackage.json`.
pub fn write(path: &Path, scenario: &Scenario, format: Format) -> Result<(), Error> {
    let text =
        serde_json::to_string_pretty(&package(scenario, format)).map_err(|e| Error::Output {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    std::fs::write(path, text + "\n").map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tables::TABLES;

    #[test]
    fn every_column_has_a_description_and_every_key_is_a_column() {
        for t in TABLES {
            let all: Vec<_> = t.columns.iter().chain(t.extra).collect();
            let names: Vec<&str> = all.iter().map(|c| c.name).collect();
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(
                sorted.len(),
                names.len(),
                "{}: a column is defined twice",
                t.name
            );
            for c in &all {
                assert!(!c.description.trim().is_empty(), "{}.{}", t.name, c.name);
            }
            for k in t.primary_key.iter().chain(t.country_columns) {
                assert!(names.contains(k), "{}: key {k} is not a column", t.name);
            }
        }
    }

    #[test]
    fn package_names_are_what_frictionless_allows() {
        assert_eq!(package_name("World 1990 (AZ)"), "world-1990--az-");
        assert_eq!(package_name("quickstart"), "quickstart");
        assert_eq!(package_name(""), "run");
    }
}
