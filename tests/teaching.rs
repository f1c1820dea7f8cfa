//! The classroom kit (issue 17): every teaching scenario runs, has its
//! exercise sheets (English and Azerbaijani, the same claims in both) and an
//! answer key, and every "what to try" claim of its sheets holds over three
//! seeds, so a sheet cannot promise what the model does not do.

mod common;

use std::path::{Path, PathBuf};

use migrasim::scenario;
use migrasim::simulation::RunOptions;
use migrasim::teaching::{Direction, LANGUAGES, Try, parse_tries, sheet_path};

const SEEDS: [u64; 3] = [11, 12, 13];

/// Section headings every sheet has, by language.
fn headings(lang: &str) -> [&'static str; 4] {
    match lang {
        "en" => [
            "## What it shows",
            "## What to notice",
            "## What to try",
            "## Questions",
        ],
        _ => [
            "## Nə göstərir",
            "## Nəyə diqqət yetirin",
            "## Nəyi sınayın",
            "## Suallar",
        ],
    }
}

fn teaching_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/teaching")
}

fn scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(teaching_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

fn metric(path: &Path, sets: &[String], seed: u64, t: &Try) -> f64 {
    let mut all = sets.to_vec();
    all.push(format!("simulation.seed={seed}"));
    let s = scenario::load(path, &all).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let run = migrasim::run(&s, &RunOptions::default()).unwrap();
    t.metric
        .eval(&s, &run.recorded)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn there_are_at_least_twelve_teaching_scenarios_with_sheets_and_answers() {
    let all = scenarios();
    assert!(all.len() >= 12, "only {} teaching scenarios", all.len());
    for p in &all {
        let stem = p.file_stem().unwrap().to_str().unwrap();
        let mut claims = Vec::new();
        for lang in LANGUAGES {
            let sheet = sheet_path(p, lang)
                .unwrap_or_else(|| panic!("{stem}: no exercise sheet {stem}.{lang}.md"));
            let text = std::fs::read_to_string(&sheet).unwrap();
            assert!(text.starts_with("# "), "{stem}.{lang}.md: no title");
            for h in headings(lang) {
                assert!(text.contains(h), "{stem}.{lang}.md: no section `{h}`");
            }
            let tries = parse_tries(&text).unwrap_or_else(|e| panic!("{stem}.{lang}.md: {e}"));
            assert!(!tries.is_empty(), "{stem}.{lang}.md: nothing to try");
            claims.push(
                tries
                    .iter()
                    .map(|t| (t.set.clone(), t.metric_text.clone(), t.direction))
                    .collect::<Vec<_>>(),
            );
        }
        assert_eq!(
            claims[0], claims[1],
            "{stem}: the English and Azerbaijani sheets make different claims"
        );
        let answers = teaching_dir().join("answers").join(format!("{stem}.md"));
        let key = std::fs::read_to_string(&answers)
            .unwrap_or_else(|_| panic!("{stem}: no answer key {}", answers.display()));
        assert!(key.len() > 200, "{stem}: the answer key is too short");
    }
}

#[test]
fn every_claim_of_every_sheet_holds_over_three_seeds() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for p in scenarios() {
        let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
        let Some(sheet) = sheet_path(&p, "en") else {
            continue;
        };
        let tries = parse_tries(&std::fs::read_to_string(&sheet).unwrap()).unwrap();
        for t in &tries {
            let mut seen = Vec::new();
            for seed in SEEDS {
                let base = metric(&p, &[], seed, t);
                let changed = metric(&p, std::slice::from_ref(&t.set), seed, t);
                seen.push((base, changed));
            }
            checked += 1;
            if !seen.iter().all(|&(b, c)| t.direction.holds(b, c)) {
                failures.push(format!(
                    "{stem}.en.md:{}: `{}` should make `{}` {} but (base, changed) over seeds {SEEDS:?} were {seen:?}",
                    t.line,
                    t.set,
                    t.metric_text,
                    match t.direction {
                        Direction::Rises => "rise",
                        Direction::Falls => "fall",
                    }
                ));
            }
        }
    }
    assert!(checked >= 24, "only {checked} claims checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_report_of_a_teaching_run_shows_its_exercise_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let scn = teaching_dir().join("push-pull.toml");
    common::ok(&[
        "run",
        common::s(&scn),
        "--out",
        common::s(&out),
        "--set",
        "simulation.months=12",
        "-q",
    ]);
    for lang in LANGUAGES {
        let copy = std::fs::read_to_string(out.join(format!("exercise.{lang}.md"))).unwrap();
        let original = std::fs::read_to_string(sheet_path(&scn, lang).unwrap()).unwrap();
        assert_eq!(copy, original);
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("id=\"exercise-en\""), "no English sheet");
    assert!(html.contains("id=\"exercise-az\""), "no Azerbaijani sheet");
    assert!(html.contains("What to try"));
    assert!(html.contains("Nəyi sınayın"));
    // A scenario that is not a teaching one has no sheet.
    let plain = tmp.path().join("plain");
    common::ok(&[
        "run",
        common::s(&teaching_dir().join("../reference.toml")),
        "--out",
        common::s(&plain),
        "--set",
        "simulation.months=3",
        "--set",
        "simulation.agents=2000",
        "-q",
    ]);
    assert!(!plain.join("exercise.en.md").exists());
    let html = std::fs::read_to_string(plain.join("report.html")).unwrap();
    assert!(!html.contains("id=\"exercise-en\""));
}
