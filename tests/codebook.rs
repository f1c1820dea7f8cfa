//! Parquet output and the codebook (issue 18): every table written in
//! either format has exactly the columns of its definitions, in order;
//! datapackage.json lists exactly the files written with those columns;
//! Parquet holds the CSV's values, typed; the charts read either format;
//! the output does not depend on the thread count.

use std::path::{Path, PathBuf};

use migrasim::output::format::read_table_file;
use migrasim::output::tables::{TABLES, tables_of};
use migrasim::output::{Format, read_table, write_run_dir_as};
use migrasim::scenario::{self, Scenario};
use migrasim::simulation::RunOptions;

fn drivers() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/drivers.toml");
    scenario::load(
        &path,
        &[
            "simulation.agents=30000".to_string(),
            "simulation.months=18".to_string(),
        ],
    )
    .unwrap()
}

fn write(s: &Scenario, dir: &Path, format: Format, threads: usize) -> PathBuf {
    let run = migrasim::run(
        s,
        &RunOptions {
            threads: Some(threads),
            cancel: None,
        },
    )
    .unwrap();
    let out = dir.join(format!("{format}-{threads}"));
    write_run_dir_as(&out, s, &run, format).unwrap();
    out
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_written_column_has_a_codebook_entry_in_both_formats() {
    let s = drivers();
    assert!(
        !s.regions.is_empty(),
        "drivers.toml should divide a country"
    );
    let root = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let out = write(&s, root.path(), format, 2);
        let package = json(&out.join("datapackage.json"));
        let resources = package["resources"].as_array().unwrap();
        // The resources are exactly the table files in the folder.
        let mut listed: Vec<String> = resources
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect();
        let mut on_disk: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(&format!(".{format}")))
            .collect();
        listed.sort();
        on_disk.sort();
        assert_eq!(listed, on_disk, "{format}");
        // countries, timeseries, flows, stocks, pairs, regions (drivers divides
        // Poland) and policy (its [[entry]] rules).
        assert_eq!(
            listed.len(),
            7,
            "{format}: regions.* and policy.* expected too"
        );
        // The manifest lists them and the codebook.
        let manifest = json(&out.join("manifest.json"));
        assert_eq!(manifest["format"], format.extension());
        let mut files: Vec<String> = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        files.sort();
        let mut expected = listed.clone();
        expected.push("datapackage.json".into());
        expected.sort();
        assert_eq!(files, expected);
        for r in resources {
            let path = out.join(r["path"].as_str().unwrap());
            let table = read_table_file(&path, format).unwrap();
            let fields: Vec<&str> = r["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            assert_eq!(table.headers, fields, "{}", path.display());
            assert!(!table.rows.is_empty(), "{}", path.display());
            for f in r["schema"]["fields"].as_array().unwrap() {
                assert!(
                    ["integer", "number", "string", "yearmonth"]
                        .contains(&f["type"].as_str().unwrap())
                );
                assert!(!f["description"].as_str().unwrap().is_empty());
            }
        }
    }
}

#[test]
fn parquet_holds_the_csv_values_typed_and_the_charts_read_it() {
    let s = drivers();
    let root = tempfile::tempdir().unwrap();
    let csv = write(&s, root.path(), Format::Csv, 1);
    let parquet = write(&s, root.path(), Format::Parquet, 3);
    for t in tables_of(&s) {
        let a = read_table(&csv, t.name).unwrap();
        let b = read_table(&parquet, t.name).unwrap();
        assert!(b.path.extension().is_some_and(|e| e == "parquet"));
        assert_eq!(a.headers, b.headers);
        assert_eq!(a.rows.len(), b.rows.len(), "{}", t.name);
        for (ra, rb) in a.rows.iter().zip(&b.rows) {
            for (i, c) in t.columns_of(&s).iter().enumerate() {
                let (x, y) = (&ra[i], &rb[i]);
                match c.kind {
                    migrasim::output::columns::Kind::Number if !x.is_empty() => {
                        assert_eq!(
                            x.parse::<f64>().unwrap(),
                            y.parse::<f64>().unwrap(),
                            "{}.{}",
                            t.name,
                            c.name
                        )
                    }
                    _ => assert_eq!(x, y, "{}.{}", t.name, c.name),
                }
            }
        }
    }
    // Parquet files are the same bytes for any thread count.
    let parquet1 = write(&s, root.path(), Format::Parquet, 1);
    for t in tables_of(&s) {
        let name = Format::Parquet.file_name(t.name);
        assert_eq!(
            std::fs::read(parquet.join(&name)).unwrap(),
            std::fs::read(parquet1.join(&name)).unwrap(),
            "{name}"
        );
    }
    #[cfg(feature = "plots")]
    {
        let from_csv = migrasim::plots::draw_all(&csv).unwrap();
        let from_parquet = migrasim::plots::draw_all(&parquet).unwrap();
        let names =
            |r: &migrasim::plots::PlotReport| r.charts.iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(names(&from_csv), names(&from_parquet));
        assert!(from_parquet.charts.len() >= 8);
        for chart in ["flows_over_time", "net_migration", "regions"] {
            let svg = |d: &Path| std::fs::read(d.join(format!("plots/{chart}.svg"))).unwrap();
            assert_eq!(svg(&csv), svg(&parquet), "{chart}");
        }
    }
}

#[test]
fn every_table_is_defined_once_with_keys_among_its_columns() {
    let mut names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), TABLES.len());
    let quickstart = scenario::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quickstart.toml"),
        &[],
    )
    .unwrap();
    // No regions and no refugees: neither table.
    assert_eq!(tables_of(&quickstart).count(), TABLES.len() - 2);
}

#[test]
fn a_missing_table_is_an_error_naming_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_table(dir.path(), "flows").unwrap_err().to_string();
    assert!(e.contains("no flows.csv or flows.parquet"), "{e}");
}
