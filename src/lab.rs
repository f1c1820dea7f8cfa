//! A run stepped one month at a time, for the browser lab (issue 17): the
//! page asks for a month, draws it, asks for the next. The same world,
//! kernel and recorder as [`crate::run`], so a session run to its end
//! records exactly what a run records (tested), and the WebAssembly build
//! (`lab/wasm`) gives the native engine's numbers. No clock, no thread
//! pool (threads do not exist in the browser): nothing here needs more than
//! one thread, and the kernel's parallel loops run on rayon's global pool
//! (one thread where threads are unsupported).

use serde::Serialize;

use crate::error::Error;
use crate::kernel::{Kernel, StepOutcome};
use crate::observe::{Observer, Recorded, Recorder, StepView};
use crate::scenario::{self, Scenario};
use crate::world::World;
use crate::world::layout::build_world;

/// A run in progress.
pub struct Session {
    scenario: Scenario,
    world: World,
    kernel: Kernel,
    recorder: Recorder,
    outcome: StepOutcome,
    t: u32,
}

/// One country in one month, counts in people, for the lab's charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabRow {
    /// Country code.
    pub code: String,
    /// People living in the country.
    pub residents: f64,
    /// People moving in this month.
    pub immigration: f64,
    /// People moving out this month.
    pub emigration: f64,
    /// Natives living abroad.
    pub emigrants_abroad: f64,
    /// Natives coming home this month.
    pub return_migration: f64,
    /// Share of the high-skilled natives living abroad.
    pub brain_drain_rate: f64,
    /// Monthly low-skill wage, US$.
    pub wage_low: f64,
    /// Monthly high-skill wage, US$.
    pub wage_high: f64,
    /// Unemployment rate.
    pub unemployment: f64,
    /// Irregular residents.
    pub irregular_immigrants: f64,
    /// Refugees of shocks here, wherever they live.
    pub refugees: f64,
    /// Internally displaced people here.
    pub idps: f64,
}

impl Session {
    /// Reads a scenario from text (`label` names it in errors), applies
    /// `overrides` (`KEY=VALUE`) and builds its world.
    pub fn new(text: &str, label: &str, overrides: &[String]) -> Result<Session, Error> {
        let scenario = scenario::from_str(text, label, overrides)?;
        Session::of(scenario)
    }

    /// A session of a validated scenario.
    pub fn of(scenario: Scenario) -> Result<Session, Error> {
        let world = build_world(&scenario)?;
        let kernel = Kernel::new(&world);
        let mut recorder = Recorder::new();
        recorder.init(&scenario, &world);
        Ok(Session {
            scenario,
            world,
            kernel,
            recorder,
            outcome: StepOutcome::default(),
            t: 0,
        })
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Months done so far.
    pub fn months_done(&self) -> u32 {
        self.t
    }

    /// Whether every month of the scenario is done.
    pub fn is_done(&self) -> bool {
        self.t >= self.scenario.simulation.months
    }

    /// Runs the next month; false (and nothing done) when the run is over.
    /// After the last month the recorder takes the final stocks.
    pub fn step(&mut self) -> bool {
        if self.is_done() {
            return false;
        }
        let t = self.t;
        let state = self
            .kernel
            .step(&self.scenario, &mut self.world, t, &mut self.outcome);
        let view = StepView {
            t,
            date: self.scenario.date_of_step(t),
            scenario: &self.scenario,
            world: &self.world,
            state: &state,
            outcome: &self.outcome,
        };
        self.recorder.step(&view);
        self.t += 1;
        if self.is_done() {
            self.recorder.finish(&self.scenario, &self.world);
        }
        true
    }

    /// What has been recorded so far.
    pub fn recorded(&self) -> &Recorded {
        &self.recorder.recorded
    }

    /// The rows of month `t` (0-based, done already) in people.
    pub fn month(&self, t: u32) -> Vec<LabRow> {
        let rec = self.recorded();
        let f = rec.people_per_agent;
        rec.month(t)
            .iter()
            .map(|r| LabRow {
                code: self.scenario.countries[r.country as usize].code.clone(),
                residents: r.residents as f64 * f,
                immigration: r.immigration as f64 * f,
                emigration: r.emigration as f64 * f,
                emigrants_abroad: r.emigrants_abroad as f64 * f,
                return_migration: r.return_migration as f64 * f,
                brain_drain_rate: crate::observe::summary::ratio(
                    r.high_skilled_abroad,
                    r.high_skilled_natives,
                ),
                wage_low: r.wage_low,
                wage_high: r.wage_high,
                unemployment: r.unemployment,
                irregular_immigrants: r.irregular_immigrants as f64 * f,
                refugees: r.refugees as f64 * f,
                idps: r.idps as f64 * f,
            })
            .collect()
    }

    /// Every recorded row of every month so far, as JSON (the fields of
    /// [`crate::observe::CountryMonth`], counts in agents): what the lab's
    /// test compares between the browser and the native engine.
    pub fn series_json(&self) -> String {
        serde_json::to_string(&self.recorded().series).unwrap_or_default()
    }
}

/// The lab's description of a scenario: countries, months and people per
/// agent, as JSON for the page.
#[derive(Debug, Clone, Serialize)]
pub struct LabInfo {
    /// Scenario name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Months of the run.
    pub months: u32,
    /// First month, "YYYY-MM".
    pub start: String,
    /// Country codes and names.
    pub countries: Vec<(String, String)>,
    /// People one agent stands for.
    pub people_per_agent: f64,
    /// Agents.
    pub agents: u64,
}

impl Session {
    /// The scenario as the page needs it.
    pub fn info(&self) -> LabInfo {
        LabInfo {
            name: self.scenario.name.clone(),
            description: self.scenario.description.clone(),
            months: self.scenario.simulation.months,
            start: self.scenario.date_of_step(0).to_string(),
            countries: self
                .scenario
                .countries
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect(),
            people_per_agent: self.world.people_per_agent,
            agents: self.world.agents.len() as u64,
        }
    }
}

/// A control of the lab for one key a sheet's "what to try" changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slider {
    /// The key, e.g. `country.TJK.unemployment`.
    pub key: String,
    /// "number", "integer", "bool" or "choice".
    pub kind: String,
    /// The scenario's value (or the engine's default), as TOML text.
    pub base: String,
    /// The value the sheet suggests.
    pub suggested: String,
    /// Smallest and largest slider value (numbers).
    pub min: f64,
    /// Largest slider value.
    pub max: f64,
    /// Allowed words (choices).
    pub choices: Vec<String>,
    /// Unit and meaning, from the scenario reference.
    pub unit: String,
    /// What the key means.
    pub doc: String,
}

/// The value at a dotted `--set` key in a scenario file's TOML (arrays of
/// tables by index, `code` or `name`), if the file gives it.
fn value_at(root: &toml::Table, key: &str) -> Option<toml::Value> {
    let mut cur = toml::Value::Table(root.clone());
    for seg in key.split('.') {
        cur = match cur {
            toml::Value::Table(t) => t.get(seg)?.clone(),
            toml::Value::Array(a) => match seg.parse::<usize>() {
                Ok(i) => a.get(i)?.clone(),
                Err(_) => a
                    .iter()
                    .find(|x| {
                        x.get("code").and_then(|v| v.as_str()) == Some(seg)
                            || x.get("name").and_then(|v| v.as_str()) == Some(seg)
                    })?
                    .clone(),
            },
            _ => return None,
        };
    }
    Some(cur)
}

/// The schema's field of a dotted `--set` key (array selectors skipped).
fn field_of(key: &str) -> Option<&'static crate::model::keys::Field> {
    use crate::scenario::schema::SECTIONS;
    let segs: Vec<&str> = key.split('.').collect();
    let (name, path) = segs.split_last()?;
    let mut section = String::new();
    for s in path {
        let candidate = if section.is_empty() {
            s.to_string()
        } else {
            format!("{section}.{s}")
        };
        if SECTIONS.iter().any(|x| x.path == candidate) {
            section = candidate;
        }
    }
    SECTIONS
        .iter()
        .find(|x| x.path == section)
        .and_then(|s| s.field(name))
}

/// The controls for the keys of `tries` (one per key, in order) of the
/// scenario file text `toml_text`.
pub fn sliders(toml_text: &str, tries: &[crate::teaching::Try]) -> Vec<Slider> {
    use crate::scenario::schema::{Default, Kind};
    let root: toml::Table = toml::from_str(toml_text).unwrap_or_default();
    let mut out: Vec<Slider> = Vec::new();
    for t in tries {
        let key = t.key().to_string();
        if out.iter().any(|s| s.key == key) {
            continue;
        }
        let Some(field) = field_of(&key) else {
            continue;
        };
        let suggested = t
            .set
            .split_once('=')
            .map_or("", |(_, v)| v.trim())
            .to_string();
        let given = value_at(&root, &key);
        let base = match (&given, field.default) {
            (Some(toml::Value::String(s)), _) => s.clone(),
            (Some(v), _) => v.to_string(),
            (None, Default::Number(x)) => crate::model::fmt_num(x),
            (None, Default::Integer(n)) => n.to_string(),
            (None, Default::Bool(b)) => b.to_string(),
            (None, Default::Text(s)) => s.to_string(),
            (None, _) => continue,
        };
        let (kind, lo, hi, choices) = match field.kind {
            Kind::Number(r) => ("number", r.lo, r.hi, vec![]),
            Kind::Integer { min, max } => ("integer", min as f64, max as f64, vec![]),
            Kind::Bool => ("bool", 0.0, 1.0, vec![]),
            Kind::Choice(w) => (
                "choice",
                0.0,
                0.0,
                w.iter().map(|s| s.to_string()).collect(),
            ),
            _ => continue,
        };
        let (min, max) = if kind == "number" || kind == "integer" {
            let b: f64 = base.parse().unwrap_or(0.0);
            let s: f64 = suggested.parse().unwrap_or(0.0);
            let top = 2.0 * b.abs().max(s.abs());
            let top = if top > 0.0 { top } else { 1.0 };
            (lo.max(0.0).min(b.min(s)), hi.min(top).max(b.max(s)))
        } else {
            (lo, hi)
        };
        out.push(Slider {
            key,
            kind: kind.into(),
            base,
            suggested,
            min,
            max,
            choices,
            unit: field.unit.into(),
            doc: field.doc.into(),
        });
    }
    out
}

/// Where scripts/build-lab.sh leaves the engine compiled to WebAssembly.
pub const WASM_PATH: &str = "lab/wasm/target/wasm32-unknown-unknown/release/migrasim_lab.wasm";

/// The files of the page, from `lab/web/`.
const PAGE: [(&str, &str); 5] = [
    ("index.html", include_str!("../lab/web/index.html")),
    ("lab.js", include_str!("../lab/web/lab.js")),
    ("lab.css", include_str!("../lab/web/lab.css")),
    ("marked.umd.js", include_str!("../lab/web/marked.umd.js")),
    (
        "marked.LICENSE.md",
        include_str!("../lab/web/marked.LICENSE.md"),
    ),
];

/// One scenario as the page gets it.
#[derive(Debug, Clone, Serialize)]
struct PageScenario {
    name: String,
    title: String,
    toml: String,
    sheet_en: String,
    sheet_az: String,
    sliders: Vec<Slider>,
}

/// Writes the lab into `dir`: the page, `engine.js` (the WebAssembly
/// engine `wasm`, base64) and `scenarios.js` (every scenario of `teaching`
/// with its sheets and sliders); script files, so the page works from
/// `file://` with no server. `dir` is replaced only if it holds an earlier
/// lab (never another folder). Returns the number of scenarios.
pub fn write_site(
    dir: &std::path::Path,
    wasm: &[u8],
    teaching: &std::path::Path,
) -> Result<usize, Error> {
    use base64::Engine as _;
    if dir.exists() && !dir.join("engine.js").is_file() {
        return Err(Error::Options(format!(
            "{} exists and is not a lab written by migrasim; give another --out",
            dir.display()
        )));
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(teaching)
        .map_err(|e| Error::io(teaching, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut scenarios = Vec::new();
    for p in &files {
        let read = |q: &std::path::Path| std::fs::read_to_string(q).map_err(|e| Error::io(q, e));
        let toml_text = read(p)?;
        let sheet = |lang: &str| match crate::teaching::sheet_path(p, lang) {
            Some(q) => read(&q),
            None => Ok(String::new()),
        };
        let (sheet_en, sheet_az) = (sheet("en")?, sheet("az")?);
        let tries = crate::teaching::parse_tries(&sheet_en).unwrap_or_default();
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("scenario")
            .to_string();
        let title = sheet_en
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# "))
            .unwrap_or(&name)
            .to_string();
        scenarios.push(PageScenario {
            sliders: sliders(&toml_text, &tries),
            name,
            title,
            toml: toml_text,
            sheet_en,
            sheet_az,
        });
    }
    if scenarios.is_empty() {
        return Err(Error::Options(format!(
            "{} holds no scenario (*.toml)",
            teaching.display()
        )));
    }
    let n = scenarios.len();
    let json = serde_json::to_string(&scenarios).map_err(|e| Error::Options(e.to_string()))?;
    let engine = base64::engine::general_purpose::STANDARD.encode(wasm);
    crate::output::write_dir_atomically(dir, |tmp| {
        let write = |name: &str, text: &str| {
            let p = tmp.join(name);
            std::fs::write(&p, text).map_err(|e| Error::io(&p, e))
        };
        for (name, text) in PAGE {
            write(name, text)?;
        }
        write(
            "scenarios.js",
            &format!("window.MIGRASIM_SCENARIOS = {json};\n"),
        )?;
        write(
            "engine.js",
            &format!("window.MIGRASIM_WASM = \"{engine}\";\n"),
        )
    })?;
    Ok(n)
}
