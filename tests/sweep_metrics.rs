//! Metrics chosen in the sweep file (`[[metrics]]`): results.csv holds
//! them (and only them), with the values a plain `migrasim run` of the same
//! point and seed gives; a bad entry is refused with its file:line:column.

mod common;

use common::*;

#[test]
fn chosen_metrics_are_collected_with_the_values_of_a_plain_run() {
    let tmp = tempfile::tempdir().unwrap();
    let obs = tmp.path().join("obs.csv");
    std::fs::write(
        &obs,
        "kind,origin,dest,year,value\nstock,POL,DEU,2004,50000\nstock,TUR,DEU,2004,400000\nstock,MAR,ESP,2004,90000\n",
    )
    .unwrap();
    let metrics = r#"
[[metrics]]
name = "pol_abroad"
column = "emigrants_abroad"
country = "POL"
[[metrics]]
name = "deu_pop_mean"
column = "population"
country = "DEU"
aggregate = "mean"
from = "2004-03"
to = "2004-05"
[[metrics]]
corridor = "POL->GBR"
aggregate = "sum"
[[metrics]]
corridor = "MEX->USA"
aggregate = "sum"
[[metrics]]
corridor = "ROU->ITA"
aggregate = "sum"
[[metrics]]
name = "stock_cells"
compare = "obs.csv"
kind = "stock"
figure = "cells"
"#;
    let plan = write_plan(
        tmp.path(),
        1,
        "simulation.agents = 20000\nsimulation.months = 24\ndecision.home_bias = [1.0, 3.0]\n",
        metrics,
    );
    let d = tmp.path().join("sweep");
    ok(&["sweep", s(&plan), "--out", s(&d), "-j", "2", "-q"]);
    ok(&["sweep", "collect", s(&d), "--no-plots"]);
    let results = std::fs::read_to_string(d.join("results.csv")).unwrap();
    let mut lines = results.lines();
    assert_eq!(
        lines.next().unwrap(),
        "run_id,point,replicate,seed,decision.home_bias,pol_abroad,deu_pop_mean,flow.POL->GBR.sum,flow.MEX->USA.sum,flow.ROU->ITA.sum,stock_cells"
    );
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(row[4], "1.0");
    // The same point and seed as a plain run.
    let run = tmp.path().join("run");
    ok(&[
        "run",
        s(&quickstart()),
        "--set",
        "simulation.agents=20000",
        "--set",
        "simulation.months=24",
        "--set",
        "decision.home_bias=1.0",
        "--seed",
        row[3],
        "--no-plots",
        "-q",
        "--out",
        s(&run),
    ]);
    let ts = std::fs::read_to_string(run.join("timeseries.csv")).unwrap();
    let header: Vec<&str> = ts.lines().next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let cell = |date: &str, country: &str, column: &str| -> f64 {
        ts.lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|r| r[col("date")] == date && r[col("country")] == country)
            .unwrap()[col(column)]
        .parse()
        .unwrap()
    };
    assert_eq!(
        row[5].parse::<f64>().unwrap(),
        cell("2005-12", "POL", "emigrants_abroad")
    );
    let mean = (cell("2004-03", "DEU", "population")
        + cell("2004-04", "DEU", "population")
        + cell("2004-05", "DEU", "population"))
        / 3.0;
    assert_eq!(row[6].parse::<f64>().unwrap(), mean);
    let flows = std::fs::read_to_string(run.join("flows.csv")).unwrap();
    let fh: Vec<&str> = flows.lines().next().unwrap().split(',').collect();
    let fc = |n: &str| fh.iter().position(|h| *h == n).unwrap();
    let moved = |from: &str, to: &str| -> f64 {
        flows
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|r| r[fc("origin")] == from && r[fc("destination")] == to)
            .map(|r| r[fc("movers")].parse::<f64>().unwrap())
            .sum()
    };
    let mut total = 0.0;
    for (i, (from, to)) in [("POL", "GBR"), ("MEX", "USA"), ("ROU", "ITA")]
        .into_iter()
        .enumerate()
    {
        // Each month's movers are rounded to people in flows.csv; the
        // metric rounds the sum once: within half a person a month.
        let (metric, by_hand): (f64, f64) = (row[7 + i].parse().unwrap(), moved(from, to));
        assert!(
            (metric - by_hand).abs() <= 12.0,
            "{from}->{to}: {metric} against {by_hand}"
        );
        total += by_hand;
    }
    assert!(
        total > 0.0,
        "no moves in the corridors: the test would prove little"
    );
    assert_eq!(row[10], "3");
}

#[test]
fn a_bad_metric_is_refused_with_its_place_and_the_allowed_values() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = write_plan(
        tmp.path(),
        1,
        "simulation.agents = 2000\nsimulation.months = 12\n",
        "[[metrics]]\ncorridor = \"POL->DEU\"\n\n[[metrics]]\ncolumn = \"emigrants_abroad\"\ncountry = \"POL\"\naggregate = \"median\"\n",
    );
    let d = tmp.path().join("sweep");
    let o = migrasim(&["sweep", s(&plan), "--out", s(&d)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    // Line 13 of plan.toml (6 lines of header and axes, then the metrics).
    let text = std::fs::read_to_string(&plan).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("aggregate"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "{}:{line}:1: `aggregate` = \"median\" is not allowed; allowed: mean, sum, last, first, min, max",
            plan.display()
        )),
        "{err}"
    );
    assert!(!d.exists());

    // A country the scenario lacks is found before anything runs.
    std::fs::write(
        &plan,
        text.replace("corridor = \"POL->DEU\"", "corridor = \"POL->XXX\"")
            .replace("\"median\"", "\"mean\""),
    )
    .unwrap();
    let o = migrasim(&["sweep", s(&plan), "--out", s(&d)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown country code \"XXX\""), "{err}");
}
