//! Issue 13 (engine half): initial stocks from `[data] stocks` and
//! `[[stock]]`, per-country series from `[data] series` followed month by
//! month, strict CSV errors (exact texts, exit 2, nothing written), and
//! `--until` on the shipped scenarios.

use std::path::{Path, PathBuf};

mod common;

use common::{migrasim, ok, s};
use migrasim::scenario::{self, PopulationScale, SeriesVar};
use migrasim::world::layout::build_world;
use migrasim::world::life::{IRREGULAR, RESIDENT};
use migrasim::world::{HIGH, LOW};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// Three countries (USA, MEX, DEU) 1990-01 on, 24 months, with `extra`.
fn three(extra: &str) -> String {
    format!(
        r#"
[simulation]
start = "1990-01"
months = 24
people_per_agent = 1000

[[country]]
code = "USA"
continent = "America"
group = "industrialised"
population = 1.6e8
wage_low = 1800
wage_high = 4000
unemployment = 0.06
high_skilled_share = 0.3
latitude = 38.0
longitude = -97.0

[[country]]
code = "MEX"
continent = "America"
group = "developing"
population = 4.6e7
wage_low = 300
wage_high = 900
unemployment = 0.04
high_skilled_share = 0.1
latitude = 23.0
longitude = -102.0

[[country]]
code = "DEU"
continent = "Europe"
group = "industrialised"
population = 5.4e7
wage_low = 2000
wage_high = 4200
unemployment = 0.07
high_skilled_share = 0.25
latitude = 51.0
longitude = 10.0
{extra}"#
    )
}

/// The error text of loading `path`, with the folder prefix cut.
fn errors(dir: &Path, path: &Path, sets: &[&str]) -> String {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let e = scenario::load(path, &sets).expect_err("the scenario should be rejected");
    e.to_string().replace(&format!("{}/", dir.display()), "")
}

const STOCKS_CSV: &str = "origin,residence,people,skill,legal_share\n\
MEX,USA,4300000,all,0.6\n\
MEX,DEU,12345,high,\n\
DEU,USA,1000000,,1\n\
USA,MEX,200500,low,1\n";

#[test]
fn stocks_are_placed_as_given() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w/stocks.csv", STOCKS_CSV);
    let p = write(
        dir.path(),
        "s.toml",
        &three(
            r#"
[data]
stocks = "w/stocks.csv"

[[stock]]
origin = "USA"
residence = "DEU"
people = 77777
skill = "high"

[age]
"#,
        ),
    );
    let sc = scenario::load(&p, &[]).unwrap();
    assert_eq!(sc.data.stocks.len(), 5);
    // The CSV is among the scenario's sources, with its hash.
    assert!(sc.sources.iter().any(|f| f.path.ends_with("w/stocks.csv")));
    let w = build_world(&sc).unwrap();
    assert_eq!(w.counts, w.recount());
    let (usa, mex, deu) = (0, 1, 2);
    let agents = |people: f64| people / 1000.0;
    let near = |got: u64, want: f64| {
        assert!(
            (got as f64 - want).abs() <= 1.0,
            "{got} agents, {want} expected"
        )
    };
    near(w.counts.stock(mex, usa), agents(4_300_000.0));
    near(w.counts.stock(mex, deu), agents(12_345.0));
    near(w.counts.stock(deu, usa), agents(1e6));
    near(w.counts.stock(usa, mex), agents(200_500.0));
    near(w.counts.stock(usa, deu), agents(77_777.0));
    // Skills: "high" all high, "low" all low, "all" by the origin's share.
    assert_eq!(w.counts.get(mex, deu, LOW as usize), 0);
    assert_eq!(w.counts.get(usa, deu, LOW as usize), 0);
    assert_eq!(w.counts.get(usa, mex, HIGH as usize), 0);
    assert_eq!(w.counts.get(mex, usa, HIGH as usize), 430);
    // Natives at home are the residents less the immigrants.
    near(w.counts.stock(usa, usa), agents(1.6e8 - 4_300_000.0 - 1e6));
    near(w.counts.stock(mex, mex), agents(4.6e7 - 200_500.0));
    near(
        w.counts.stock(deu, deu),
        agents(5.4e7 - 12_345.0 - 77_777.0),
    );
    let residents = w.counts.residents();
    near(residents[usa], agents(1.6e8));
    assert_eq!(w.initial_residents, residents);
    // Life state: legal permanent residents, and the irregular share.
    let (mut legal, mut irregular) = (0, 0);
    for i in 0..w.agents.len() {
        if w.agents.origin[i] as usize == mex && w.agents.residence[i] as usize == usa {
            match w.life.status[i] {
                RESIDENT => legal += 1,
                IRREGULAR => irregular += 1,
                other => panic!("status {other}"),
            }
        } else if w.agents.origin[i] == w.agents.residence[i] {
            assert_eq!(w.life.status[i], 0);
        } else {
            assert_eq!(w.life.status[i], RESIDENT);
        }
    }
    assert_eq!((legal, irregular), (2580, 1720));
}

#[test]
fn stocks_round_within_one_agent_with_a_total_number_of_agents() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "stocks.csv", STOCKS_CSV);
    let p = write(
        dir.path(),
        "s.toml",
        &three("[data]\nstocks = \"stocks.csv\"\n")
            .replace("people_per_agent = 1000", "agents = 99991"),
    );
    let sc = scenario::load(&p, &[]).unwrap();
    assert_eq!(sc.simulation.scale, PopulationScale::Agents(99_991));
    let w = build_world(&sc).unwrap();
    assert_eq!(w.agents.len(), 99_991);
    let ppa = w.people_per_agent;
    assert!((ppa - 2.6e8 / 99_991.0).abs() < 1e-6);
    for (o, r, people) in [
        (1, 0, 4_300_000.0),
        (1, 2, 12_345.0),
        (2, 0, 1e6),
        (0, 1, 200_500.0),
    ] {
        let got = w.counts.stock(o, r) as f64;
        assert!(
            (got - people / ppa).abs() < 1.0,
            "{o}→{r}: {got} vs {}",
            people / ppa
        );
    }
    // The stocks count in the recorded figures from the first month.
    let rec = common::run(&sc);
    let mex0 = rec
        .series
        .iter()
        .find(|m| m.t == 0 && m.country == 1)
        .unwrap();
    assert!(mex0.emigrants_abroad as f64 >= (4_312_345.0 / ppa).floor() - 5.0);
}

#[test]
fn stocks_larger_than_the_population_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "s.toml",
        &three(
            "[[stock]]\norigin = \"USA\"\nresidence = \"MEX\"\npeople = 5e7\n\n\
             [[stock]]\norigin = \"MEX\"\nresidence = \"MEX\"\npeople = 5\n",
        ),
    );
    assert_eq!(
        errors(dir.path(), &p, &[]),
        "s.toml:1:1: country.MEX.population: the stocks living in MEX add up to 50000000 people, \
         more than its population 46000000; allowed: stocks into a country of at most its \
         (resident) population (population is the resident working-age population, immigrants \
         included)\n\
         s.toml:49:13: stock.1.residence: MEX is the origin itself; allowed: a country other \
         than the origin (natives at home are the population less the immigrants)\n\
         2 errors in scenario"
    );
}

#[test]
fn bad_csv_gets_file_line_column_the_column_and_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "series.csv",
        "country,date,wage_low,unemployment\n\
         USA,1990,1800,0.06\n\
         MEX,1990,abc,0.04\n\
         MXE,1991,310,0.05\n\
         DEU,1990-13,2000,0.07\n\
         DEU,1991,2100,7\n\
         USA,1990,1900,0.05\n\
         USA,1992,1900\n",
    );
    write(
        dir.path(),
        "stocks.csv",
        "origin,residence,peple\nMEX,USA,10\n",
    );
    let p = write(
        dir.path(),
        "s.toml",
        &three("[data]\nseries = \"series.csv\"\nstocks = \"stocks.csv\"\n"),
    );
    assert_eq!(
        errors(dir.path(), &p, &[]),
        "series.csv:3:10: wage_low: \"abc\" is not a number; allowed: a number > 0\n\
         series.csv:4:1: country: \"MXE\" is not a country of this scenario; allowed: the code \
         of a country of the scenario (did you mean \"MEX\"?)\n\
         series.csv:5:5: date: \"1990-13\" is not a date; allowed: a year YYYY (taken as July) \
         or a month YYYY-MM\n\
         series.csv:6:15: unemployment: 7 is out of range; allowed: a number in [0, 1) (write \
         shares as fractions: 7 % is 0.07)\n\
         series.csv:7:5: date: USA 1990 is given twice; allowed: one row per country and date \
         (first given at line 2)\n\
         series.csv:8:14: the record has 3 fields, the header 4; allowed: 4 fields: \
         country,date,wage_low,unemployment\n\
         stocks.csv:1:18: people: column 3 of the header is \"peple\", not \"people\"; allowed: \
         a header that starts origin,residence,people\n\
         7 errors in scenario"
    );
    // Unknown columns, and a file that is not there.
    write(
        dir.path(),
        "series.csv",
        "country,date,wages_low\nUSA,1990,1\n",
    );
    let p = write(
        dir.path(),
        "s.toml",
        &three("[data]\nseries = \"series.csv\"\nstocks = \"nowhere.csv\"\n"),
    );
    let e = errors(dir.path(), &p, &[]);
    assert!(
        e.starts_with("s.toml:44:10: data.stocks: cannot read \"nowhere.csv\": "),
        "{e}"
    );
    assert!(
        e.ends_with(
            "; allowed: a CSV file, relative to the scenario file \
             (origin,residence,people[,skill][,legal_share])\n\
             series.csv:1:14: wages_low: unknown column; allowed: one of population, wage_low, \
             wage_high, unemployment, high_skilled_share (did you mean \"wage_low\"?)\n\
             2 errors in scenario"
        ),
        "{e}"
    );
    // The program exits with 2 and writes nothing.
    let out = dir.path().join("out");
    let o = migrasim(&["run", s(&p), "--out", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("series.csv:1:14: wages_low: unknown column"),
        "{stderr}"
    );
}

#[test]
fn rows_of_other_countries_can_be_ignored() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "series.csv",
        "country,date,wage_low\nUSA,1990,1800\nFRA,1990,1500\n",
    );
    let text = three("[data]\nseries = \"series.csv\"\n");
    let p = write(dir.path(), "s.toml", &text);
    assert!(errors(dir.path(), &p, &[]).contains("\"FRA\" is not a country of this scenario"));
    let p = write(
        dir.path(),
        "s.toml",
        &format!("{text}other_countries = \"ignore\"\n"),
    );
    let sc = scenario::load(&p, &[]).unwrap();
    assert_eq!(sc.data.value(SeriesVar::WageLow, 0, 5), Some(1800.0));
}

#[test]
fn wages_and_unemployment_follow_their_series_month_by_month() {
    let dir = tempfile::tempdir().unwrap();
    // Yearly values are taken as July; months in between interpolated.
    write(
        dir.path(),
        "series.csv",
        "country,date,wage_low,wage_high,unemployment\n\
         MEX,1990,300,900,0.04\n\
         MEX,1991-07,420,,0.10\n\
         DEU,1990-01,2000,4200,\n",
    );
    let p = write(
        dir.path(),
        "s.toml",
        &three(
            "[data]\nseries = \"series.csv\"\n[decision]\nreconsider_probability = 1e-12\n\
             [economy]\nokun = 0\n",
        )
        .replace(
            "latitude = 23.0",
            "latitude = 23.0\ncycle = { amplitude = 0 }",
        ),
    );
    let sc = scenario::load(&p, &[]).unwrap();
    let rec = common::run(&sc);
    let mex: Vec<_> = rec.series.iter().filter(|m| m.country == 1).collect();
    assert_eq!(mex.len(), 24);
    for m in &mex {
        // July 1990 is step 6, July 1991 step 18.
        let f = ((m.t as f64 - 6.0) / 12.0).clamp(0.0, 1.0);
        let want_low = 300.0 + 120.0 * f;
        let want_u = 0.04 + 0.06 * f;
        assert!(
            (m.wage_low - want_low).abs() < 1e-9,
            "t={} {} vs {want_low}",
            m.t,
            m.wage_low
        );
        assert!((m.unemployment - want_u).abs() < 1e-12, "t={}", m.t);
        // No wage_high after 1990: the 1990 value holds.
        assert!((m.wage_high - 900.0).abs() < 1e-9);
    }
    // The observed driver is kept apart from the simulated outcome.
    let dir2 = tempfile::tempdir().unwrap();
    let out = dir2.path().join("run");
    ok(&["run", s(&p), "--out", s(&out), "-q", "--no-plots"]);
    let ts = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    let header: Vec<&str> = ts.lines().next().unwrap().split(',').collect();
    for c in [
        "wage_low_observed",
        "wage_high_observed",
        "unemployment_observed",
        "entries",
        "exits",
    ] {
        assert!(header.contains(&c), "{c} missing");
    }
}

#[test]
fn the_feedback_acts_on_top_of_the_data_path() {
    // Migration into a country lowers its wage below the observed path.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "series.csv",
        "country,date,wage_low,wage_high\nUSA,1990,1800,4000\nUSA,1991,2400,5000\n",
    );
    let p = write(
        dir.path(),
        "s.toml",
        &three("[data]\nseries = \"series.csv\"\n"),
    );
    let sc = scenario::load(&p, &[]).unwrap();
    let rec = common::run(&sc);
    let last = rec.series.iter().rfind(|m| m.country == 0).unwrap();
    let observed = sc.data.value(SeriesVar::WageLow, 0, last.t).unwrap();
    assert!(observed > 2300.0);
    assert!(
        last.labour_supply_index > 1.0,
        "{}",
        last.labour_supply_index
    );
    assert!(
        last.wage_low < observed * (1.0 + 0.1),
        "cycle and supply on top"
    );
    assert!((last.wage_low / observed - 1.0).abs() < 0.2);
}

#[test]
fn until_cuts_shipped_scenarios_short_leaving_later_elements_out() {
    let drivers = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/drivers.toml");
    let o = migrasim(&["validate", s(&drivers), "--set", "simulation.months=24"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(
            "note: phase.0: start 2008-10 is after the run's last month 2005-12: left out"
        ),
        "{stderr}"
    );
    let sc = scenario::load(&drivers, &["simulation.until=\"2006-06\"".into()]).unwrap();
    assert_eq!(sc.simulation.months, 30);
    assert!(sc.phases.is_empty());
    for name in ["quickstart", "drivers", "shocks", "reference"] {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.toml"));
        let o = migrasim(&["validate", s(&p), "--until", "2000-12"]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        // The reference starts in 2000; the others later (an error then).
        if name == "reference" {
            assert!(o.status.success(), "{stderr}");
        } else {
            assert_eq!(o.status.code(), Some(2), "{stderr}");
            assert!(
                stderr.contains("simulation.until: 2000-12 is not after the start"),
                "{stderr}"
            );
        }
        let o = migrasim(&["validate", s(&p), "--until", "2006-01"]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn pairs_give_distances_and_borders_the_gravity_rule_reads() {
    use migrasim::decision::utility::contiguity;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pairs.csv",
        "a,b,km,contiguous,common_language,colony,source\n\
         MEX,USA,3024,1,1,0,CEPII\n\
         DEU,USA,,0,0,0,CEPII\n\
         MEX,DEU,9000,,0,0,CEPII\n",
    );
    let plain = scenario::load(&write(dir.path(), "g.toml", &three("")), &[]).unwrap();
    let p = write(
        dir.path(),
        "s.toml",
        &three("[data]\npairs = \"pairs.csv\"\n"),
    );
    let sc = scenario::load(&p, &[]).unwrap();
    let (usa, mex, deu) = (0, 1, 2);
    // km replaces the great-circle distance, both ways; an empty km keeps it.
    assert_eq!(sc.distance(mex, usa), 3024.0);
    assert_eq!(sc.distance(usa, mex), 3024.0);
    assert_eq!(sc.distance(mex, deu), 9000.0);
    assert_eq!(sc.distance(deu, usa), plain.distance(deu, usa));
    assert_ne!(plain.distance(mex, usa), 3024.0);
    // contiguous = 1 is a border both ways, as [[pair]] contiguous = true.
    let k = 3;
    let border = contiguity(&sc);
    assert!(border[mex * k + usa] && border[usa * k + mex]);
    assert_eq!(border.iter().filter(|&&b| b).count(), 2);
    assert!(!contiguity(&plain).iter().any(|&b| b));
    // The file is a source of the run, with its hash.
    assert!(sc.sources.iter().any(|f| f.path.ends_with("pairs.csv")));
    // A [[distance]] of the scenario wins over the file; a [[pair]] that
    // already marks the border is not doubled.
    let p = write(
        dir.path(),
        "s.toml",
        &three(
            "[data]\npairs = \"pairs.csv\"\n\n[[distance]]\nfrom = \"USA\"\nto = \"MEX\"\nkm = 2500\n\n\
             [[pair]]\nfrom = \"USA\"\nto = \"MEX\"\nutility = 0.5\ncontiguous = true\n",
        ),
    );
    let sc = scenario::load(&p, &[]).unwrap();
    assert_eq!(sc.distance(mex, usa), 2500.0);
    assert_eq!(sc.pairs.len(), 1);
    assert!(contiguity(&sc)[mex * k + usa]);
}

#[test]
fn bad_pairs_csv_gets_file_line_column_and_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pairs.csv",
        "a,b,km,contiguous\n\
         MEX,USA,3024,yes\n\
         USA,MEX,3000,1\n\
         DEU,DEU,0,0\n\
         MEX,DEU,-5,0\n",
    );
    let p = write(
        dir.path(),
        "s.toml",
        &three("[data]\npairs = \"pairs.csv\"\n"),
    );
    assert_eq!(
        errors(dir.path(), &p, &[]),
        "pairs.csv:2:14: contiguous: \"yes\" is not allowed; allowed: 1 (a shared land border), \
         0 or empty (none)\n\
         pairs.csv:4:5: b: DEU is a itself; allowed: a country other than a\n\
         pairs.csv:5:9: km: -5 is out of range; allowed: a number ≥ 0\n\
         3 errors in scenario"
    );
    write(
        dir.path(),
        "pairs.csv",
        "a,b,km,border\nMEX,USA,3024,1\nUSA,MEX,3000,1\n",
    );
    assert_eq!(
        errors(dir.path(), &p, &[]),
        "pairs.csv:1:8: border: unknown column; allowed: one of contiguous, common_language, \
         colony, source\n\
         1 error in scenario"
    );
    write(
        dir.path(),
        "pairs.csv",
        "a,b,km\nMEX,USA,3024\nUSA,MEX,3000\n",
    );
    assert_eq!(
        errors(dir.path(), &p, &[]),
        "pairs.csv:3:1: a: the pair USA – MEX is given twice; allowed: one row per pair of \
         countries, in either order (first given at line 2)\n\
         1 error in scenario"
    );
}
