//! manifest.json: what produced a run — engine version, the scenario files
//! and their hashes, every resolved parameter, seed, threads, timing and
//! memory — so any result can be traced and reproduced.
//!
//! [`Manifest`] is what a run writes (borrowing the scenario and the run);
//! [`ManifestFile`] is the same file read back, typed, by the report and
//! anything else that reads a run folder. Their field names are the same
//! (a test writes one and reads it back as the other).

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Run;
use crate::error::Error;
use crate::model::{Scenario, SourceFile};
use crate::observe::Summary;
use crate::simulation::RunStats;

/// The manifest of a run folder.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest<'a> {
    /// Always "migrasim".
    pub engine: &'static str,
    /// Version of the engine (Cargo package version).
    pub version: &'static str,
    /// Scenario name.
    pub scenario: &'a str,
    /// Scenario description.
    pub description: &'a str,
    /// Files read, with their SHA-256.
    pub sources: &'a [SourceFile],
    /// `--set` overrides, in order.
    pub overrides: &'a [String],
    /// Seed of the run.
    pub seed: u64,
    /// SHA-256 of the resolved parameters (the JSON of `parameters`).
    pub parameters_sha256: String,
    /// Every resolved parameter.
    pub parameters: &'a Scenario,
    /// Timing, memory, threads.
    pub run: &'a RunStats,
    /// Headline figures.
    pub summary: Option<&'a Summary>,
    /// Format of the tables (`csv` or `parquet`).
    pub format: &'static str,
    /// Files in the run folder, besides the manifest.
    pub files: Vec<String>,
}

impl<'a> Manifest<'a> {
    /// The manifest of `run` of `scenario`.
    pub fn new(
        scenario: &'a Scenario,
        run: &'a Run,
        format: super::format::Format,
    ) -> Manifest<'a> {
        Manifest {
            engine: "migrasim",
            version: env!("CARGO_PKG_VERSION"),
            scenario: &scenario.name,
            description: &scenario.description,
            sources: &scenario.sources,
            overrides: &scenario.overrides,
            seed: scenario.simulation.seed,
            parameters_sha256: parameters_sha256(scenario),
            parameters: scenario,
            run: &run.stats,
            summary: run.summary.as_ref(),
            format: format.extension(),
            files: super::tables::tables_of(scenario)
                .map(|t| format.file_name(t.name))
                .chain([super::names::DATAPACKAGE.to_string()])
                .collect(),
        }
    }

    /// Writes the manifest as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Output {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        std::fs::write(path, text + "\n").map_err(|e| Error::io(path, e))
    }
}

/// SHA-256 (hex) of the scenario's resolved parameters, excluding where
/// they came from: two runs with equal hashes simulate the same model.
///
/// It is the hash of the whole model as JSON (object keys sorted) less the
/// [`Scenario::PROVENANCE`] fields, so a new field cannot be left out.
pub fn parameters_sha256(scenario: &Scenario) -> String {
    let mut model = serde_json::to_value(scenario).unwrap_or_default();
    if let Some(fields) = model.as_object_mut() {
        for name in Scenario::PROVENANCE {
            fields.remove(*name);
        }
    }
    let json = serde_json::to_vec(&model).unwrap_or_default();
    hex(&Sha256::digest(&json))
}

pub use crate::util::hex;

/// manifest.json as read back from a run folder. Everything is optional
/// (empty, `None`, 0 items) so that a folder written by an older version,
/// or by hand, still reads; what is there must have the type written here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManifestFile {
    /// Always "migrasim".
    pub engine: String,
    /// Version of the engine that wrote the folder.
    pub version: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// Files read, with their SHA-256.
    pub sources: Vec<SourceRead>,
    /// `--set` overrides, in order.
    pub overrides: Vec<String>,
    /// Seed of the run.
    pub seed: Option<u64>,
    /// SHA-256 of the resolved parameters.
    pub parameters_sha256: String,
    /// The resolved parameters (`None`: not recorded).
    pub parameters: Option<ParametersRead>,
    /// Timing and threads (`None`: not recorded).
    pub run: Option<RunRead>,
    /// Headline figures (`None`: not recorded).
    pub summary: Option<SummaryRead>,
    /// Format of the tables (`csv` or `parquet`).
    pub format: String,
    /// Files in the run folder, besides the manifest.
    pub files: Vec<String>,
}

/// A scenario file of [`ManifestFile::sources`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceRead {
    /// Path as given.
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

/// The resolved parameters of [`ManifestFile::parameters`]: the sections
/// the report lists key by key (kept as JSON: every key of a section is
/// shown, whatever the version that wrote it), and the blocs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParametersRead {
    /// `[simulation]`.
    pub simulation: Option<serde_json::Value>,
    /// `[costs]`.
    pub costs: Option<serde_json::Value>,
    /// `[decision]`.
    pub decision: Option<serde_json::Value>,
    /// `[economy]`.
    pub economy: Option<serde_json::Value>,
    /// `[[bloc]]`s.
    pub blocs: Vec<BlocRead>,
}

/// A bloc of [`ParametersRead::blocs`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlocRead {
    /// Name of the bloc.
    pub name: String,
    /// Its member countries (indices).
    pub members: Vec<serde_json::Value>,
    /// Whether its members move freely among themselves (as written:
    /// `true`, `false` or a date).
    pub free_movement: serde_json::Value,
}

/// The run measurements of [`ManifestFile::run`] the report shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunRead {
    /// Worker threads used.
    pub threads: Option<u64>,
    /// Wall time of the run, seconds.
    pub wall_seconds: Option<f64>,
}

/// The headline figures of [`ManifestFile::summary`] the report shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryRead {
    /// Agents simulated.
    pub agents: Option<u64>,
    /// People each agent stands for.
    pub people_per_agent: Option<f64>,
}

impl ManifestFile {
    /// Reads `manifest.json` of run folder `dir`; `None` when the folder
    /// has none.
    pub fn read(dir: &Path) -> Result<Option<ManifestFile>, Error> {
        let path = dir.join(super::names::MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| Error::Output {
                path,
                message: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;
    use crate::model::{BarrierChange, Phase, PhaseKind, YearMonth};

    #[test]
    fn the_manifest_written_reads_back_typed() {
        let mut s = reference_scenario(500, 3, 4, 7);
        s.overrides = vec!["decision.home_bias=0.6".into()];
        let run = crate::run(&s, &crate::simulation::RunOptions::default()).unwrap();
        let m = Manifest::new(&s, &run, super::super::Format::Csv);
        let text = serde_json::to_string_pretty(&m).unwrap();
        let back: ManifestFile = serde_json::from_str(&text).unwrap();
        assert_eq!(back.engine, "migrasim");
        assert_eq!(back.scenario, s.name);
        assert_eq!(back.seed, Some(7));
        assert_eq!(back.parameters_sha256, m.parameters_sha256);
        assert_eq!(back.overrides, s.overrides);
        assert_eq!(back.files, m.files);
        assert_eq!(back.format, "csv");
        assert_eq!(
            back.run.as_ref().unwrap().threads,
            Some(run.stats.threads as u64)
        );
        assert_eq!(back.run.unwrap().wall_seconds, Some(run.stats.wall_seconds));
        let summary = back.summary.unwrap();
        assert_eq!(summary.agents, Some(run.summary.as_ref().unwrap().agents));
        assert!(summary.people_per_agent.unwrap() > 0.0);
        let p = back.parameters.unwrap();
        assert_eq!(p.blocs.len(), s.blocs.len());
        for section in [&p.simulation, &p.costs, &p.decision, &p.economy] {
            assert!(section.as_ref().is_some_and(|v| v.is_object()));
        }
        assert_eq!(back.sources.len(), s.sources.len());
        // An older or hand-written manifest with less in it still reads.
        let old: ManifestFile = serde_json::from_str(r#"{"scenario": "x"}"#).unwrap();
        assert_eq!(
            (old.scenario.as_str(), old.seed, old.run),
            ("x", None, None)
        );
        assert!(serde_json::from_str::<ManifestFile>(r#"{"seed": "many"}"#).is_err());
    }

    #[test]
    fn the_parameter_hash_changes_with_every_dated_element() {
        let base = reference_scenario(1000, 4, 24, 1);
        let h = parameters_sha256(&base);
        assert_eq!(h, parameters_sha256(&base.clone()));
        let at = YearMonth {
            year: 2000,
            month: 6,
        };
        let mut a = base.clone();
        a.phases.push(Phase {
            country: Some(1),
            kind: PhaseKind::Recession,
            start: at,
            end: at,
            depth: 0.05,
        });
        let mut b = base.clone();
        b.technology.skill_premium_growth = 0.02;
        let mut c = base.clone();
        c.barrier_changes.push(BarrierChange {
            country: 0,
            date: at,
            entry: Some(2.0),
            exit: None,
        });
        let mut d = base.clone();
        d.decision.home_bias = 0.6;
        let mut e = base.clone();
        e.economy.migrant_wage_discount = 0.1;
        let mut f = base.clone();
        f.countries[1].migrant_wage_discount = Some(0.0);
        let mut g = base.clone();
        g.shocks.push(crate::model::Shock {
            kind: crate::model::ShockKind::Conflict,
            country: 1,
            region: None,
            start: at,
            end: at,
            intensity: 1.0,
            refugees: 0.1,
            idps: 0.1,
            return_rate: 0.05,
            distance_km: 1000.0,
            flight: crate::model::Flight::default(),
        });
        let mut i = base.clone();
        i.capital_flows.push(crate::model::CapitalFlow {
            from: 0,
            to: 1,
            amount: 100.0,
            start: at,
            end: at,
            postings: 0.0,
            posting_months: None,
        });
        let mut r = base.clone();
        r.regions.push(crate::model::Region {
            country: 0,
            name: "North".into(),
            population_share: 1.0,
            wage_factor: 1.1,
            unemployment: None,
            location: None,
        });
        // Sections the old hand-kept list left out, and more.
        let mut pairs = base.clone();
        pairs.pairs.push(crate::model::Pair {
            from: 0,
            to: 1,
            utility: 0.5,
            both_ways: false,
            contiguous: true,
        });
        let mut exit = base.clone();
        exit.data.exit_rate = 0.01;
        let mut stocks = base.clone();
        stocks.data.stocks.push(crate::model::Stock {
            origin: 1,
            residence: 0,
            people: 1000.0,
            skill: crate::model::StockSkill::All,
            legal_share: 1.0,
        });
        let series = |x: f64| {
            let mut s = base.clone();
            let k = s.num_countries();
            let paths = crate::world::Grid::rect_from_fn(4, k, |v, j| {
                (v == 0 && j == 1).then(|| vec![x; 3])
            });
            s.data.series = Some(crate::model::Series::from_paths(paths));
            s
        };
        let mut bloc = base.clone();
        bloc.blocs[0].free_movement = false;
        let mut policy = base.clone();
        policy.policy.changes.push(crate::policy::PolicyChange {
            country: 0,
            date: at,
            scope: crate::policy::Scope::default(),
            set: crate::policy::Instrument::Fine(100.0),
        });
        let mut legality = base.clone();
        legality.legality.ban_months += 1;
        let mut forms = base.clone();
        forms.forms.commuting_km = 50.0;
        let mut age = base.clone();
        age.age = Some(crate::model::Age::default());
        let mut seed = base.clone();
        seed.simulation.seed += 1;
        let mut cycle = base.clone();
        cycle.countries[0].cycle.period = 48.0;
        let mut gravity = base.clone();
        gravity.decision.gravity = Some(crate::model::Gravity::default());
        let more = [
            pairs,
            exit,
            stocks,
            series(1.0),
            series(2.0),
            bloc,
            policy,
            legality,
            forms,
            age,
            seed,
            cycle,
            gravity,
        ];
        let hashes: Vec<String> = [a, b, c, d, e, f, g, i, r]
            .iter()
            .chain(&more)
            .map(parameters_sha256)
            .collect();
        for x in &hashes {
            assert_ne!(*x, h);
        }
        let mut all = hashes.clone();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), hashes.len());
    }

    #[test]
    fn where_a_scenario_came_from_is_not_in_the_parameter_hash() {
        let base = reference_scenario(1000, 4, 24, 1);
        let mut other = base.clone();
        other.name = "other".into();
        other.description = "another text".into();
        other.overrides = vec!["decision.home_bias=0.5".into()];
        other.sources.push(crate::model::SourceFile {
            path: "x.toml".into(),
            sha256: "00".into(),
        });
        other.notices.push("a notice".into());
        assert_eq!(parameters_sha256(&base), parameters_sha256(&other));
        // Every provenance field is a field of the model's JSON.
        let json = serde_json::to_value(&base).unwrap();
        for name in Scenario::PROVENANCE {
            assert!(json.get(*name).is_some(), "{name}");
        }
    }
}
