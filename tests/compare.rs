//! `compare` on runs whose answer is known: a hand-made run with figures
//! worked out by hand, and a real run compared with its own outputs.

// Expected values computed in the test with std float functions: the
// engine's own results come from libm (clippy.toml); tolerances cover an ulp.
#![allow(clippy::disallowed_methods)]

mod common;

use migrasim::compare::tables::{Flow, Series, Stock};
use migrasim::compare::{Predictor, RunTables, Set, compare};
use migrasim::observed::{Kind, parse};
use migrasim::scenario::YearMonth;
use migrasim::world::Grid;

/// Two countries A and B, 1990-01 to 1991-12, 10 people per agent:
/// A→B 100 agents at the end of 1990 and 200 at the end of 1991, B→A 50
/// at both; A→B 3 movers a month; A has 400 natives, 100 of them abroad.
fn known_run() -> RunTables {
    let months: Vec<YearMonth> = (0..24)
        .map(|i| YearMonth {
            year: 1990 + i / 12,
            month: (i % 12 + 1) as u8,
        })
        .collect();
    let a = Series {
        emigration: 3,
        natives_at_home: 300,
        emigrants_abroad: 100,
        high_skilled_natives: 40,
        high_skilled_abroad: 20,
        ..Series::default()
    };
    let b = Series {
        immigration: 3,
        ..Series::default()
    };
    RunTables {
        codes: vec!["A".into(), "B".into()],
        people_per_agent: 10.0,
        unit: 10.0,
        months,
        series: Grid::rect_from_fn(24, 2, |_, c| [a, b][c]),
        flows: (0..24)
            .map(|t| Flow {
                t,
                from: 0,
                to: 1,
                movers: 3,
            })
            .collect(),
        stocks: vec![
            stock(11, 0, 1, 100),
            stock(11, 1, 0, 50),
            stock(23, 0, 1, 200),
            stock(23, 1, 0, 50),
        ],
    }
}

fn stock(t: u32, origin: u16, residence: u16, migrants: u64) -> Stock {
    Stock {
        t,
        origin,
        residence,
        migrants,
        high_skilled: 0,
    }
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a figure");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn figures_of_a_known_run() {
    let obs = parse(
        "kind,origin,dest,year,period_years,skill,value\n\
         stock,A,B,1990,,,1000\n\
         stock,A,B,1991,,,1000\n\
         stock,B,A,1990,,,500\n\
         stock,B,A,1991,,,1000\n\
         stock,A,C,1991,,,1000\n\
         stock,A,B,1995,,,1000\n\
         flow,A,B,1990,2,,720\n\
         outflow,A,,1990,1,,360\n\
         inflow,,B,1991,1,,720\n\
         net_migration,,A,1990,2,,-720\n\
         emigration_rate,A,,1991,,,0.25\n\
         emigration_rate,A,,1991,,high,0.5\n\
         emigration_rate,A,,1991,,medium,0.5\n",
        "obs.csv",
    )
    .unwrap();
    let c = compare(&obs, &known_run());
    let cov = |k: Kind| c.coverage.iter().find(|x| x.0 == k).unwrap().1.clone();
    let s = cov(Kind::Stock);
    assert_eq!(
        (s.observed, s.matched, s.no_country, s.no_time),
        (6, 4, 1, 1)
    );
    assert_eq!(cov(Kind::EmigrationRate).no_skill, 1);
    // Levels of every kind: the simulated values in people.
    let sim: Vec<(String, f64)> = c
        .cells
        .iter()
        .map(|x| (obs.rows[x.row].label(), x.simulated))
        .collect();
    let want = [
        ("A→B 1990", 1000.0),
        ("A→B 1991", 2000.0),
        ("B→A 1990", 500.0),
        ("B→A 1991", 500.0),
        ("A→B 1990-91", 720.0),
        ("A 1990", 360.0),
        ("B 1991", 360.0),
        ("A 1990-91", -720.0),
        ("A 1991", 0.25),
        ("A 1991 (high)", 0.5),
    ];
    assert_eq!(sim.len(), want.len());
    for ((l, v), (wl, wv)) in sim.iter().zip(want) {
        assert_eq!(l, wl);
        assert!((v - wv).abs() < 1e-9, "{l}: {v} != {wv}");
    }
    // Stocks observed in 1990 and 1991: model [2000, 500] against [1000, 1000].
    let f = |set, p| c.get(Kind::Stock, set, p).unwrap().clone();
    let m = f(Set::Later, Predictor::Model);
    assert_eq!(m.cells, 2);
    close(m.rmse_log10, 2f64.log10());
    close(m.ard, 0.75);
    close(m.rmse, (500_000.0f64 + 125_000.0).sqrt());
    // Persistence: [1000, 500]; scaled by 2000/1500: [1333.3, 666.7].
    let p = f(Set::Later, Predictor::Persistence);
    close(p.rmse_log10, 2f64.log10() / 2f64.sqrt());
    close(p.ard, 0.25);
    let q = f(Set::Later, Predictor::PersistenceScaled);
    close(q.ard, 1.0 / 3.0);
    // Change since 1990: observed [0, 500]; model [1000, 0]; persistence 0.
    let d = f(Set::Change, Predictor::Model);
    close(d.rmse, ((1000.0f64 * 1000.0 + 500.0 * 500.0) / 2.0).sqrt());
    assert_eq!(d.rmse_log10, None);
    let dp = f(Set::Change, Predictor::Persistence);
    close(dp.rmse, (500.0f64 * 500.0 / 2.0).sqrt());
    close(dp.ard, 1.0);
    assert_eq!(dp.spearman, None);
    // All four stock cells: 1000, 2000, 500, 500 against 1000, 1000, 500, 1000.
    let all = f(Set::All, Predictor::Model);
    assert_eq!(all.cells, 4);
    // ARD: 1990: 0 / 1500; 1991: (1000 + 500) / 2000.
    close(all.ard, (0.0 + 0.75) / 2.0);
    // compare.csv has a row per figure set.
    let csv = c.to_csv();
    assert!(
        csv.starts_with("kind,set,predictor,cells,scale,spearman,pearson,rmse_log10,rmse,ard\n")
    );
    assert!(
        csv.contains("stock,later,persistence,2,log10,,,0.2129,354,0.2500\n"),
        "{csv}"
    );
}

/// A run compared with observations taken from its own files fits
/// exactly; a changed observation is the one largest miss.
#[test]
fn a_run_compared_with_its_own_outputs_fits_exactly() {
    use common::*;
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    let q = quickstart();
    ok(&[
        "run",
        s(&q),
        "--out",
        s(&run),
        "-q",
        "--set",
        "simulation.agents=20000",
        "--set",
        "simulation.months=24",
    ]);
    let tables = RunTables::read_dir(&run).unwrap();
    assert!(tables.people_per_agent > 1.0);
    // The run's last stocks as observations, in people.
    let last = tables.stocks.iter().map(|x| x.t).max().unwrap();
    let year = tables.months[last as usize].year;
    let mut text = String::from("kind,origin,dest,year,value\n");
    let mut n = 0;
    for x in tables.stocks.iter().filter(|x| x.t == last) {
        text.push_str(&format!(
            "stock,{},{},{year},{}\n",
            tables.codes[x.origin as usize],
            tables.codes[x.residence as usize],
            tables.people(x.migrants)
        ));
        n += 1;
    }
    assert!(n >= 5, "too few stocks: {n}");
    let obs = tmp.path().join("obs.csv");
    std::fs::write(&obs, &text).unwrap();
    let out = ok(&["compare", s(&run), s(&obs)]);
    assert!(
        out.contains(&format!("stock: {n} of {n} observations matched")),
        "{out}"
    );
    let csv = std::fs::read_to_string(run.join("compare/compare.csv")).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("stock,all,model,"))
        .unwrap();
    assert_eq!(
        row,
        format!("stock,all,model,{n},log10,1.0000,1.0000,0.0000,0,0.0000")
    );
    if cfg!(feature = "plots") {
        assert!(run.join("compare/scatter_stock.png").is_file());
        let report = std::fs::read_to_string(run.join("report.html")).unwrap();
        assert!(report.contains("Comparison with observed data"));
        // Redrawing the report keeps the section.
        ok(&["plot", s(&run)]);
        let report = std::fs::read_to_string(run.join("report.html")).unwrap();
        assert_eq!(report.matches("Comparison with observed data").count(), 1);
    }
    // Compare again: the section is replaced, not added twice.
    ok(&["compare", s(&run), s(&obs), "-q"]);
    if cfg!(feature = "plots") {
        let report = std::fs::read_to_string(run.join("report.html")).unwrap();
        assert_eq!(report.matches("Comparison with observed data").count(), 1);
    }
}

/// `compare` and `facts` read a run folder written as Parquet exactly as
/// the same run written as CSV: the same tables in memory, byte-identical
/// compare.csv, compare_cells.csv and facts tables.
#[test]
fn compare_and_facts_read_parquet_run_folders_as_csv_ones() {
    use common::*;
    let tmp = tempfile::tempdir().unwrap();
    let q = quickstart();
    let run = |format: &str| {
        let dir = tmp.path().join(format);
        ok(&[
            "run",
            s(&q),
            "--out",
            s(&dir),
            "-q",
            "--no-plots",
            "--format",
            format,
            "--set",
            "simulation.agents=20000",
            "--set",
            "simulation.months=36",
        ]);
        dir
    };
    let (csv, pq) = (run("csv"), run("parquet"));
    assert!(pq.join("stocks.parquet").is_file() && !pq.join("stocks.csv").exists());
    let tables = RunTables::read_dir(&csv).unwrap();
    assert_eq!(RunTables::read_dir(&pq).unwrap(), tables);
    // Observations that do not fit exactly: the first year's end stocks
    // and the second year's flows, scaled by 0.5..1.5 along the rows.
    let mut text = String::from("kind,origin,dest,year,period_years,value\n");
    let first = tables.stocks.iter().map(|x| x.t).min().unwrap();
    let year = tables.months[first as usize].year;
    let mut n = 0usize;
    for x in tables.stocks.iter().filter(|x| x.t == first) {
        let f = 0.5 + (n % 11) as f64 / 10.0;
        text.push_str(&format!(
            "stock,{},{},{year},,{}\n",
            tables.codes[x.origin as usize],
            tables.codes[x.residence as usize],
            (tables.people(x.migrants) * f).round()
        ));
        n += 1;
    }
    let mut flows = std::collections::BTreeMap::new();
    for f in tables.flows.iter().filter(|f| (12..24).contains(&f.t)) {
        *flows.entry((f.from, f.to)).or_insert(0u64) += f.movers;
    }
    for (i, ((a, b), m)) in flows.iter().enumerate() {
        text.push_str(&format!(
            "flow,{},{},{},1,{}\n",
            tables.codes[*a as usize],
            tables.codes[*b as usize],
            year + 1,
            (tables.people(*m) * (0.7 + (i % 5) as f64 / 10.0)).round()
        ));
    }
    let obs = tmp.path().join("obs.csv");
    std::fs::write(&obs, &text).unwrap();
    for dir in [&csv, &pq] {
        ok(&["compare", s(dir), s(&obs), "-q", "--no-plots"]);
        ok(&["facts", s(dir)]);
    }
    let figures = std::fs::read_to_string(csv.join("compare/compare.csv")).unwrap();
    let stock = figures
        .lines()
        .find(|l| l.starts_with("stock,all,model,"))
        .unwrap();
    assert!(
        stock.starts_with(&format!("stock,all,model,{n},log10,")),
        "{figures}"
    );
    assert!(!stock.contains(",1.0000,1.0000,0.0000,"), "{figures}");
    assert!(figures.contains("\nflow,all,model,"), "{figures}");
    for f in [
        "compare/compare.csv",
        "compare/compare_cells.csv",
        "facts/facts.csv",
        "facts/gravity.csv",
        "facts/origins.csv",
        "facts/hump.csv",
    ] {
        assert_eq!(
            std::fs::read_to_string(pq.join(f)).unwrap(),
            std::fs::read_to_string(csv.join(f)).unwrap(),
            "{f}"
        );
    }
}
