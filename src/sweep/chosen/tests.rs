//! Tests of the chosen metrics.

use std::path::Path;

use super::*;
use crate::compare::{Predictor, Set};
use crate::model::Scenario;
use crate::model::synthetic::reference_scenario;
use crate::observe::Recorded;
use crate::observe::summary::to_people;
use crate::observed::Kind;
use crate::simulation::RunOptions;
use crate::sweep::number::fmt_f64;

fn ran() -> (Scenario, Recorded) {
    let s = reference_scenario(4_000, 4, 24, 3);
    let r = crate::run(
        &s,
        &RunOptions {
            threads: Some(1),
            cancel: None,
        },
    )
    .unwrap();
    (s, r.recorded)
}

fn parsed(text: &str) -> (Vec<Chosen>, Vec<(String, String)>) {
    let v: toml::Table = toml::from_str(text).unwrap();
    let mut problems = Vec::new();
    let c = parse(
        v.get("metrics").unwrap(),
        Path::new("."),
        &|k| format!("plan.toml[{k}]"),
        &mut problems,
    );
    (c, problems)
}

fn get<'a>(m: &'a [(String, String)], name: &str) -> &'a str {
    &m.iter().find(|(k, _)| k == name).unwrap().1
}

#[test]
fn chosen_metrics_have_the_values_taken_by_hand_from_the_run() {
    let (s, rec) = ran();
    let ppa = rec.people_per_agent;
    let (m3, m5) = (rec.months[3], rec.months[5]);
    let (chosen, problems) = parsed(&format!(
        r#"
[[metrics]]
column = "emigrants_abroad"
country = "C01"
[[metrics]]
name = "c01_mean"
column = "emigrants_abroad"
country = "C01"
aggregate = "mean"
from = "{m3}"
to = "{m5}"
[[metrics]]
column = "wage_low"
country = "C02"
aggregate = "max"
[[metrics]]
corridor = "C00->C03"
aggregate = "sum"
[[metrics]]
corridor = "C00->C03"
quantity = "stock"
"#
    ));
    assert!(problems.is_empty(), "{problems:?}");
    check(&chosen, &s).unwrap();
    let m = compute(&chosen, &s, &rec).unwrap();
    let names: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "emigrants_abroad.C01.last",
            "c01_mean",
            "wage_low.C02.max",
            "flow.C00->C03.sum",
            "stock.C00->C03.last"
        ]
    );
    let people = |t: u32| to_people(rec.month(t)[1].emigrants_abroad as i64, ppa);
    assert!(people(23) > 0, "nobody abroad: the test would prove little");
    assert_eq!(get(&m, "emigrants_abroad.C01.last"), people(23).to_string());
    let mean = (people(3) + people(4) + people(5)) as f64 / 3.0;
    assert_eq!(get(&m, "c01_mean"), fmt_f64(mean));
    // The fixed list's corridor flow is the same sum.
    let outputs = crate::sweep::plan::Outputs {
        keep: crate::sweep::plan::Keep::Summary,
        months: Vec::new(),
        corridors: vec![("C00".into(), "C03".into())],
        countries: None,
        format: crate::output::Format::Csv,
        chosen: Vec::new(),
    };
    let fixed = crate::sweep::metrics::compute(&outputs, &s, &rec).unwrap();
    assert_eq!(get(&m, "flow.C00->C03.sum"), get(&fixed, "flow.C00->C03"));
    let last = rec.stocks.iter().map(|x| x.t).max().unwrap();
    let stock: u64 = rec
        .stocks
        .iter()
        .filter(|x| x.t == last && x.origin == 0 && x.residence == 3)
        .map(|x| x.migrants)
        .sum();
    assert_eq!(
        get(&m, "stock.C00->C03.last"),
        to_people(stock as i64, ppa).to_string()
    );
    assert!(!get(&m, "wage_low.C02.max").is_empty());

    // A compare figure: the run's own last stocks fit exactly.
    let year = rec.months[last as usize].year;
    let mut text = String::from("kind,origin,dest,year,value\n");
    let mut n = 0;
    for x in rec.stocks.iter().filter(|x| x.t == last && x.migrants > 0) {
        text.push_str(&format!(
            "stock,{},{},{year},{}\n",
            s.countries[x.origin as usize].code,
            s.countries[x.residence as usize].code,
            to_people(x.migrants as i64, ppa)
        ));
        n += 1;
    }
    let observed = crate::observed::parse(&text, "obs.csv").unwrap();
    let fig = |figure: &str| Chosen {
        name: figure.into(),
        what: What::Compare {
            observed: Box::new(observed.clone()),
            kind: Kind::Stock,
            set: Set::All,
            predictor: Predictor::Model,
            figure: figure.into(),
        },
        aggregate: Aggregate::Last,
        from: None,
        to: None,
        place: String::new(),
    };
    let m = compute(&[fig("cells"), fig("spearman"), fig("ard")], &s, &rec).unwrap();
    assert_eq!(m[0].1, n.to_string());
    assert!(
        (m[1].1.parse::<f64>().unwrap() - 1.0).abs() < 1e-12,
        "{m:?}"
    );
    assert!(m[2].1.parse::<f64>().unwrap().abs() < 1e-12, "{m:?}");
}

#[test]
fn bad_metrics_are_refused_with_the_place_and_what_is_allowed() {
    let (_, problems) = parsed(
        r#"
[[metrics]]
column = "emigrants_abroad"
country = "C01"
aggregate = "median"
[[metrics]]
column = "emigrants_abroad"
[[metrics]]
column = "x"
corridor = "C00->C01"
[[metrics]]
corridor = "C00-C01"
colour = "red"
[[metrics]]
corridor = "C00->C01"
from = "2001-13"
"#,
    );
    let text: Vec<String> = problems.iter().map(|(p, m)| format!("{p}: {m}")).collect();
    let want = [
        "plan.toml[metrics.0.aggregate]: `aggregate` = \"median\" is not allowed; allowed: mean, sum, last, first, min, max",
        "plan.toml[metrics.1.column]: metric on column `emigrants_abroad` needs `country`",
        "plan.toml[metrics.2]: each [[metrics]] entry needs exactly one of",
        "plan.toml[metrics.3.colour]: unknown key `colour` in [[metrics]]; allowed: name,",
        "plan.toml[metrics.3.corridor]: `corridor` = \"C00-C01\" must be \"ORIGIN->DEST\"",
        "plan.toml[metrics.4.from]: `from` = \"2001-13\" is not a month; allowed: YYYY-MM",
    ];
    assert_eq!(text.len(), want.len(), "{text:#?}");
    for (t, w) in text.iter().zip(want) {
        assert!(t.starts_with(w), "{t}\n  wanted {w}");
    }

    let (s, _) = ran();
    let (c, p) = parsed("[[metrics]]\ncolumn = \"wages\"\ncountry = \"C01\"\n");
    assert!(p.is_empty());
    let e = check(&c, &s).unwrap_err();
    assert!(
        e.contains("`wages` is not a numeric column of timeseries for this scenario; allowed: step, population,"),
        "{e}"
    );
    let (c, _) = parsed("[[metrics]]\ncorridor = \"C00->XXX\"\n");
    assert!(
        check(&c, &s)
            .unwrap_err()
            .contains("unknown country code \"XXX\"")
    );
    let (c, _) =
        parsed("[[metrics]]\ncorridor = \"C00->C01\"\nfrom = \"1990-01\"\nto = \"1990-12\"\n");
    assert!(
        check(&c, &s)
            .unwrap_err()
            .contains("holds no month of the run")
    );
    let (_, p) =
        parsed("[[metrics]]\ncorridor = \"C00->C01\"\n[[metrics]]\ncorridor = \"C00->C01\"\n");
    assert!(
        p[0].1
            .contains("two metrics are named `flow.C00->C01.last`"),
        "{p:?}"
    );
}
