//! The README is the front door: it must document every output column and
//! every command the program has.

use migrasim::output::tables::{
    COUNTRIES_COLUMNS, FLOWS_COLUMNS, REGIONS_COLUMNS, STOCKS_COLUMNS, TIMESERIES_COLUMNS,
};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn every_output_column_is_documented() {
    let text = readme();
    for (file, cols) in [
        ("timeseries.csv", TIMESERIES_COLUMNS),
        ("flows.csv", FLOWS_COLUMNS),
        ("stocks.csv", STOCKS_COLUMNS),
        ("countries.csv", COUNTRIES_COLUMNS),
        ("regions.csv", REGIONS_COLUMNS),
    ] {
        for c in cols.iter().map(|c| c.name) {
            assert!(
                text.contains(&format!("`{c}`")),
                "README does not document column `{c}` of {file}"
            );
        }
    }
}

#[test]
fn every_command_is_documented() {
    let text = readme();
    for cmd in [
        "migrasim run",
        "migrasim validate",
        "migrasim plot",
        "migrasim sweep",
        "sweep status",
        "sweep collect",
        "migrasim bench",
        "migrasim world",
        "migrasim lab",
    ] {
        assert!(text.contains(cmd), "README does not mention `{cmd}`");
    }
}
