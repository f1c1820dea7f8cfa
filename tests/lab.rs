//! The browser lab's native half (issue 17): a session stepped month by
//! month records exactly what a run records, the lab folder is written with
//! every teaching scenario, and each scenario's sliders start at its values.

mod common;

use std::path::Path;

use migrasim::lab::{Session, sliders, write_site};
use migrasim::scenario;
use migrasim::simulation::RunOptions;
use migrasim::teaching::{parse_tries, sheet_path};

fn teaching(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/teaching/{name}.toml"))
}

#[test]
fn a_session_records_what_a_run_records() {
    for name in ["push-pull", "legality", "forced", "duration"] {
        let p = teaching(name);
        let sets = vec!["simulation.seed=5".to_string()];
        let s = scenario::load(&p, &sets).unwrap();
        let run = migrasim::run(
            &s,
            &RunOptions {
                threads: Some(2),
                ..Default::default()
            },
        )
        .unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let mut lab = Session::new(&text, name, &sets).unwrap();
        let mut n = 0;
        while lab.step() {
            n += 1;
        }
        assert_eq!(n, s.simulation.months);
        assert!(!lab.step(), "a finished session does not step again");
        assert_eq!(
            lab.recorded(),
            &run.recorded,
            "{name}: the lab's numbers differ"
        );
        assert!(lab.series_json().starts_with("[{\"t\":0,"));
    }
}

#[test]
fn month_rows_are_in_people() {
    let p = teaching("forced");
    let mut lab = Session::new(&std::fs::read_to_string(&p).unwrap(), "forced", &[]).unwrap();
    lab.step();
    let rows = lab.month(0);
    let info = lab.info();
    assert_eq!(rows.len(), info.countries.len());
    let people: f64 = rows.iter().map(|r| r.residents).sum();
    let total: f64 = lab.scenario().countries.iter().map(|c| c.population).sum();
    assert!((people - total).abs() / total < 0.01, "{people} vs {total}");
}

#[test]
fn sliders_start_at_the_scenario_values() {
    let p = teaching("push-pull");
    let text = std::fs::read_to_string(&p).unwrap();
    let sheet = std::fs::read_to_string(sheet_path(&p, "en").unwrap()).unwrap();
    let s = sliders(&text, &parse_tries(&sheet).unwrap());
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].key, "country.TJK.unemployment");
    assert_eq!(s[0].base, "0.3");
    assert_eq!(s[0].suggested, "0.05");
    assert!(s[0].min <= 0.05 && s[0].max >= 0.3 && s[0].max < 1.0);
    assert_eq!(s[1].base, "450");
    // A key the file does not give starts at the engine's default.
    let p = teaching("capital");
    let text = std::fs::read_to_string(&p).unwrap();
    let sheet = std::fs::read_to_string(sheet_path(&p, "en").unwrap()).unwrap();
    let s = sliders(&text, &parse_tries(&sheet).unwrap());
    assert_eq!(s[0].key, "economy.fdi_elasticity");
    assert_eq!(s[0].base, "0.5");
    let p = teaching("ilo");
    let text = std::fs::read_to_string(&p).unwrap();
    let sheet = std::fs::read_to_string(sheet_path(&p, "en").unwrap()).unwrap();
    let s = sliders(&text, &parse_tries(&sheet).unwrap());
    assert_eq!(s[0].kind, "bool");
    assert_eq!(s[0].base, "false");
}

#[test]
fn the_lab_folder_holds_the_page_the_engine_and_every_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lab");
    let teaching_dir = teaching("forms").parent().unwrap().to_path_buf();
    let n = write_site(&dir, b"\0asm fake", &teaching_dir).unwrap();
    assert!(n >= 12);
    for f in [
        "index.html",
        "lab.js",
        "lab.css",
        "marked.umd.js",
        "scenarios.js",
        "engine.js",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let js = std::fs::read_to_string(dir.join("scenarios.js")).unwrap();
    assert!(js.contains("\"name\":\"push-pull\"") && js.contains("Nəyi sınayın"));
    let engine = std::fs::read_to_string(dir.join("engine.js")).unwrap();
    assert!(engine.contains("AGFzbSBmYWtl"), "base64 of the engine");
    // An earlier lab is replaced; any other folder is left alone.
    write_site(&dir, b"\0asm", &teaching_dir).unwrap();
    let other = tmp.path().join("mine");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep").unwrap();
    let e = write_site(&other, b"\0asm", &teaching_dir).unwrap_err();
    assert!(
        e.to_string().contains("not a lab written by migrasim"),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn lab_command_without_an_engine_says_how_to_build_it() {
    let tmp = tempfile::tempdir().unwrap();
    let o = common::migrasim(&[
        "lab",
        "--out",
        common::s(&tmp.path().join("lab")),
        "--wasm",
        common::s(&tmp.path().join("missing.wasm")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("scripts/build-lab.sh"), "{err}");
    assert!(!tmp.path().join("lab").exists());
}
