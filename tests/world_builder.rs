//! The world builder (`migrasim world`): exact output on a small country
//! set (golden files in tests/golden/world-small/; regenerate them with
//! MIGRASIM_BLESS=1 after a deliberate change and review the diff), the
//! rules it applies, its errors, and that it never overwrites a file it did
//! not write.

use std::path::{Path, PathBuf};
use std::process::Command;

use migrasim::worldgen::{self, DataSet, Selection, WorldOptions};

fn options(countries: Selection, year: i32, until: (i32, u8)) -> WorldOptions {
    WorldOptions {
        year,
        until,
        countries,
        agents: 100_000,
        seed: 7,
        name: "small".into(),
        tables: "small".into(),
        extends: None,
        conflicts: true,
        command: "migrasim world (test)".into(),
    }
}

fn codes(s: &str) -> Selection {
    s.parse().unwrap()
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/world-small")
        .join(name)
}

#[test]
fn a_small_world_is_exactly_the_golden_one() {
    let d = DataSet::embedded().unwrap();
    let w = worldgen::build(&d, &options(codes("DEU,POL,TUR,RWA,GBR"), 1990, (2000, 12))).unwrap();
    let files = [
        ("small.toml", &w.toml),
        ("series.csv", &w.series_csv),
        ("stocks.csv", &w.stocks_csv),
        ("pairs.csv", &w.pairs_csv),
    ];
    for (name, text) in files {
        let p = golden(name);
        if std::env::var_os("MIGRASIM_BLESS").is_some() {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        let expected = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text, &expected, "{name} differs from {}", p.display());
    }
}

#[test]
fn the_rules_show_in_a_small_world() {
    let d = DataSet::embedded().unwrap();
    let w = worldgen::build(&d, &options(codes("DEU,POL,TUR,RWA,GBR"), 1990, (2000, 12))).unwrap();
    // stocks of 1990 between the chosen countries, in working-age people:
    // the UN figure times the residence's working-age share
    let tur_deu = d
        .stocks
        .iter()
        .find(|s| s.year == 1990 && s.origin == "TUR" && s.residence == "DEU")
        .unwrap();
    let share = d.series["DEU"][&1990].population / d.series["DEU"][&1990].total_population;
    // split by skill: the high-skilled are the origin's high-skilled share
    // times IAB's tertiary/total emigration ratio of Turkey in 1990
    let by_skill = |skill: &str| -> f64 {
        let row = w
            .stocks_csv
            .lines()
            .find(|l| l.starts_with("TUR,DEU,") && l.ends_with(&format!(",{skill}")))
            .unwrap();
        row.split(',').nth(2).unwrap().parse().unwrap()
    };
    let (high, low) = (by_skill("high"), by_skill("low"));
    let people = high + low;
    assert!((people - tur_deu.people_all_ages * share).abs() <= 1.0 + 1e-4 * people);
    assert!(people > 1_000_000.0, "{people}");
    let ratio = tur_deu.tertiary_ratio.expect("IAB has Turkey in 1990");
    let h = d.series["TUR"][&1990].high_skilled_share;
    assert!(
        (high - (people * ratio * h).round()).abs() <= 1.0,
        "{high} {people} {ratio} {h}"
    );
    assert!(!w.stocks_csv.contains("USA"));
    // the EU: Poland joins in May 2004, after this run: it is left out
    assert!(w.toml.contains("members = [\"DEU\", \"GBR\"]"));
    assert!(w.report.iter().any(|l| l.contains("POL (2004-05)")));
    // Rwanda 1994 is a conflict with the refugee cap
    assert!(w.toml.contains("country = \"RWA\"\nstart = \"1994-01\""));
    assert!(w.toml.contains("refugees = 0.3000"));
    // series from the start year to the year after the end
    assert!(w.series_csv.contains("\nPOL,1990,"));
    assert!(w.series_csv.contains("\nPOL,2001,"));
    assert!(!w.series_csv.contains("\nPOL,2002,"));
    // a world to 2010 has Poland in the EU from 2004-05 with the transitions
    // still in force then
    let w = worldgen::build(&d, &options(codes("DEU,POL,GBR,SWE"), 1990, (2010, 12))).unwrap();
    assert!(
        w.toml
            .contains("accession = { SWE = \"1995-01\", POL = \"2004-05\" }")
    );
    assert!(w.toml.contains(
        "[[bloc.transition]]\nmember = \"DEU\"\nnewcomers = [\"POL\"]\nuntil = \"2011-05\""
    ));
    assert!(!w.toml.contains("member = \"GBR\"\nnewcomers"));
    // Sweden joins in 1995; from 1996 on it is a member from the start
    let later = worldgen::build(&d, &options(codes("DEU,POL,GBR,SWE"), 1996, (2010, 12))).unwrap();
    assert!(!later.toml.contains("SWE = "));
    assert!(later.report.iter().any(|l| l.contains("stocks of 2000")));
}

#[test]
fn a_built_world_has_cepii_distances_and_borders_where_the_gravity_rule_reads_them() {
    use migrasim::decision::utility::contiguity;
    let d = DataSet::embedded().unwrap();
    let w = worldgen::build(&d, &options(codes("DEU,POL,TUR,RWA,GBR"), 1990, (2000, 12))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.toml");
    worldgen::write::write(&w, &file).unwrap();
    let s = migrasim::scenario::load(&file, &[]).unwrap();
    let k = s.num_countries();
    let at = |c: &str| s.countries.iter().position(|x| x.code == c).unwrap();
    let border = contiguity(&s);
    let mut n = 0;
    for (i, a) in ["DEU", "GBR", "POL", "RWA", "TUR"].iter().enumerate() {
        for b in &["DEU", "GBR", "POL", "RWA", "TUR"][i + 1..] {
            let p = &d.pairs[&(a.to_string(), b.to_string())];
            let (x, y) = (at(a), at(b));
            assert_eq!(s.distance(x, y), p.km.round(), "{a}-{b}");
            assert_eq!(s.distance(y, x), p.km.round(), "{b}-{a}");
            assert_eq!(border[x * k + y], p.contiguous, "{a}-{b}");
            assert_eq!(border[y * k + x], p.contiguous, "{b}-{a}");
            n += p.contiguous as usize;
        }
    }
    // Germany and Poland share a border; no other pair of these does.
    assert_eq!(n, 1);
    assert!(border[at("DEU") * k + at("POL")]);
}

#[test]
fn all_and_top_n_choose_well_covered_countries() {
    let d = DataSet::embedded().unwrap();
    let w = worldgen::build(&d, &options(Selection::All, 1990, (1990, 12))).unwrap();
    assert!(w.countries >= 150, "{}", w.countries);
    assert!(
        w.report
            .iter()
            .any(|l| l.starts_with("left out, population or GDP"))
    );
    let top = worldgen::build(&d, &options(Selection::Top(3), 1990, (1990, 12))).unwrap();
    assert_eq!(top.countries, 3);
    // the three largest by working-age population in 1990
    assert!(top.toml.contains("code = \"CHN\"\n"));
    assert!(top.toml.contains("code = \"IND\"\n"));
    assert!(top.toml.contains("code = \"USA\"\n"));
}

#[test]
fn bad_options_are_clear_errors() {
    let d = DataSet::embedded().unwrap();
    let err = |s: Selection, y: i32, u: (i32, u8)| {
        worldgen::build(&d, &options(s, y, u))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(codes("DEU,DUE"), 1990, (2000, 12)),
        "--countries: \"DUE\" is not a country of the data (did you mean \"DEU\"?); allowed: ISO 3166-1 alpha-3 codes of data/countries.csv"
    );
    assert_eq!(
        err(codes("DEU,POL"), 1980, (2000, 12)),
        "--year: 1980 is outside the data; allowed: a year from 1990 to 2015"
    );
    assert_eq!(
        err(codes("DEU,POL"), 1995, (1994, 12)),
        "--until: 1994-12 is before the start (1995-01); allowed: a month from 1995-01 on"
    );
    assert_eq!(
        "DEU".parse::<Selection>().unwrap_err().to_string(),
        "--countries: \"DEU\" names fewer than two countries; allowed: all, top:N (N ≥ 2) or two or more codes separated by commas, e.g. DEU,POL"
    );
    assert_eq!(
        worldgen::parse_until("2010-13").unwrap_err().to_string(),
        "--until: \"2010-13\" is not a year or a month; allowed: YYYY (its December) or YYYY-MM"
    );
    assert_eq!(worldgen::parse_until("2010").unwrap(), (2010, 12));
}

#[test]
fn the_command_writes_the_files_and_never_overwrites_foreign_ones() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_migrasim"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let args = [
        "world",
        "--year",
        "1990",
        "--until",
        "1991",
        "--countries",
        "DEU,POL",
        "--out",
        "w.toml",
    ];
    let out = run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "wrote w.toml (2 countries) and w/series.csv, w/stocks.csv, w/pairs.csv\n"
        )
    );
    assert!(stdout.contains("unemployment by the nearest observed year: DEU 1990, POL 1990"));
    for f in ["w.toml", "w/series.csv", "w/stocks.csv", "w/pairs.csv"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    // its own file it replaces
    assert!(run(&args).status.success());
    // a file it did not write it refuses, exit 2, untouched
    std::fs::write(dir.path().join("mine.toml"), "name = \"mine\"\n").unwrap();
    let mut other = args;
    other[8] = "mine.toml";
    let out = run(&other);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: mine.toml exists and was not written by `migrasim world`; allowed: a new path or one written by `migrasim world`; hint: choose another --out or move it away\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
        "name = \"mine\"\n"
    );
    assert!(!dir.path().join("mine").exists());
    // a foreign file in the tables folder too
    std::fs::write(dir.path().join("w/notes.txt"), "keep").unwrap();
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("w holds notes.txt"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("w/notes.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn a_data_folder_replaces_the_built_in_tables() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for f in worldgen::data::FILES {
        std::fs::copy(data.join(f), dir.path().join(f)).unwrap();
    }
    let d = DataSet::from_dir(dir.path()).unwrap();
    let e = DataSet::embedded().unwrap();
    assert_eq!(d.countries, e.countries);
    assert_eq!(d.stocks, e.stocks);
    std::fs::remove_file(dir.path().join("pairs.csv")).unwrap();
    let err = DataSet::from_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "{}: cannot read the data table:",
            dir.path().join("pairs.csv").display()
        )),
        "{err}"
    );
}

/// The README's walk-through (between the `<!-- world walk-through -->`
/// markers) runs as written, from `migrasim world` to a report.
#[test]
fn the_readme_walk_through_runs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let marker = "<!-- world walk-through -->";
    let start = readme.find(marker).expect("README has the walk-through") + marker.len();
    let end = start + readme[start..].find(marker).unwrap();
    let commands: Vec<&str> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("migrasim "))
        .collect();
    assert!(commands.len() >= 3 && commands[0].starts_with("migrasim world "));
    let dir = tempfile::tempdir().unwrap();
    for c in &commands {
        let args: Vec<&str> = c.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_migrasim"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{c}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(dir.path().join("my-run/report.html").is_file());
    assert!(dir.path().join("my-run/timeseries.csv").is_file());
}

/// scenarios/world-1990.toml is what the builder makes today (remake it
/// with the command in its header after a change of data or rules), loads,
/// and has at least 150 countries.
#[test]
fn the_shipped_world_1990_is_the_builders_and_loads() {
    let d = DataSet::embedded().unwrap();
    let o = WorldOptions {
        agents: 1_000_000,
        seed: 1990,
        name: "world-1990".into(),
        tables: "world-1990".into(),
        command: "migrasim world --year 1990 --until 2010 --countries all --agents 1000000 --out scenarios/world-1990.toml".into(),
        ..options(Selection::All, 1990, (2010, 12))
    };
    let w = worldgen::build(&d, &o).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(repo.join(p)).unwrap();
    assert_eq!(w.toml, read("scenarios/world-1990.toml"));
    assert_eq!(w.series_csv, read("scenarios/world-1990/series.csv"));
    assert_eq!(w.stocks_csv, read("scenarios/world-1990/stocks.csv"));
    assert_eq!(w.pairs_csv, read("scenarios/world-1990/pairs.csv"));
    let s = migrasim::scenario::load(&repo.join("scenarios/world-1990.toml"), &[]).unwrap();
    assert!(s.countries.len() >= 150, "{}", s.countries.len());
    assert_eq!(s.simulation.months, 252);
}
