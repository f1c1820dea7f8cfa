//! The observed-data format: what it accepts, and the exact text of its
//! errors (file:line:column, the column, what is allowed, a hint), every
//! problem of a file reported together.

mod common;

use migrasim::observed::{Kind, Skill, parse};

fn errors(text: &str) -> String {
    parse(text, "obs.csv").unwrap_err().to_string()
}

#[test]
fn accepts_every_kind_comments_and_optional_columns() {
    let o = parse(
        "# a comment\nkind,origin,dest,year,value\nstock,MEX,USA,2000,9410529\n\n",
        "obs.csv",
    )
    .unwrap();
    assert_eq!(o.rows.len(), 1);
    assert_eq!(o.rows[0].kind, Kind::Stock);
    assert_eq!(o.rows[0].line, 3);
    assert_eq!(o.rows[0].skill, Skill::Total);
    let o = parse(
        "kind,origin,dest,year,period_years,skill,value,source\n\
         flow,MEX,USA,1990,5,,1200000,Abel\n\
         emigration_rate,POL,,2000,,medium,0.05,IAB\n\
         net_migration,,POL,1990,5,,-12000,\n",
        "obs.csv",
    )
    .unwrap();
    assert_eq!(o.rows[0].period_years, 5);
    assert_eq!(o.rows[1].skill, Skill::Medium);
    assert_eq!(o.rows[2].value, -12000.0);
}

#[test]
fn header_problems_name_the_column() {
    assert_eq!(
        errors("kind,origin,dest,yaer,value\n"),
        "obs.csv:1:1: the header lacks the column year; allowed: a header with kind, origin, dest, year and value (period_years, skill and source optional) (the first line that is not a # comment is the header)\n\
         obs.csv:1:18: yaer: unknown column; allowed: kind, origin, dest, year, period_years, skill, value, source (did you mean \"year\"?)\n\
         2 errors in observed data"
    );
    assert_eq!(
        errors(""),
        "obs.csv: the file is empty; allowed: a CSV file with the columns kind,origin,dest,year,period_years,skill,value (docs/calibration.md)\n1 error in observed data"
    );
}

#[test]
fn every_row_problem_is_reported_with_its_place() {
    let text = "kind,origin,dest,year,period_years,skill,value\n\
                stok,MEX,USA,2000,,,5\n\
                stock,MEX,USA,2000,,,-5\n\
                outflow,POL,,1990,,,100\n\
                stock,MEX,USA,2000,5,,10\n\
                emigration_rate,POL,,2000,,high,12\n\
                inflow,POL,,1990,5,,100\n\
                stock,MEX,USA,20x0,,,1,\n\
                stock,MEX,USA,1990,,,1 000\n\
                stock,MEX,USA,1990,,,7\n\
                stock,MEX,USA,1990,,,8\n";
    assert_eq!(
        errors(text),
        "obs.csv:2:1: kind: unknown kind \"stok\"; allowed: stock, flow, outflow, inflow, return_inflow, net_migration, emigration_rate (did you mean \"stock\"?)\n\
         obs.csv:3:22: value: -5 is negative; allowed: a number of people ≥ 0\n\
         obs.csv:4:19: period_years: outflow figures count movers over a period; its length is missing; allowed: a whole number of years ≥ 1 in the column period_years (Abel-Cohen flows cover 5 years: year = the first year, period_years = 5)\n\
         obs.csv:5:20: period_years: stock figures are taken at one date, not over 5 years; allowed: an empty cell\n\
         obs.csv:6:33: value: 12 is out of range; allowed: a share in [0, 1] (write shares as fractions: 12 % is 0.12)\n\
         obs.csv:7:8: origin: inflow figures have no origin; allowed: an empty cell (the country of inflow, return_inflow and net_migration goes in dest)\n\
         obs.csv:7:12: dest: missing: inflow figures name a country here; allowed: a country code, e.g. POL\n\
         obs.csv:8:1: the row has 8 fields, the header 7; allowed: one field per column of the header (an empty field is an empty cell)\n\
         obs.csv:9:22: value: \"1 000\" is not a number; allowed: a number, e.g. 125000 (no thousands separators)\n\
         obs.csv:11:1: the same figure is given twice (MEX→USA 1990, first on line 10); allowed: one value per kind, origin, dest, year, period and skill (remove one of the rows)\n\
         10 errors in observed data"
    );
}

#[test]
fn the_program_exits_2_on_bad_observed_data_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let obs = tmp.path().join("obs.csv");
    std::fs::write(&obs, "kind,origin,dest,year,value\nstock,MEX,USA,2000,x\n").unwrap();
    let run = tmp.path().join("run");
    std::fs::create_dir(&run).unwrap();
    let o = common::migrasim(&["compare", common::s(&run), common::s(&obs)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("obs.csv:2:20: value: \"x\" is not a number"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&run).unwrap().count(), 0);
}

/// The shipped observed data (written by scripts/observed_data.py) reads
/// without a problem and has every kind the script writes.
#[test]
fn the_shipped_observed_data_reads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/observed-1990-2000.csv");
    let o = migrasim::observed::load(&path).unwrap();
    let kinds = o.kinds();
    for k in [
        Kind::Stock,
        Kind::Outflow,
        Kind::Inflow,
        Kind::ReturnInflow,
        Kind::NetMigration,
        Kind::EmigrationRate,
    ] {
        assert!(kinds.contains(&k), "{k} missing");
    }
    let mex_usa_2000 = o
        .rows
        .iter()
        .find(|r| r.kind == Kind::Stock && r.origin == "MEX" && r.dest == "USA" && r.year == 2000)
        .unwrap();
    assert_eq!(mex_usa_2000.value, 9410529.0);
}
