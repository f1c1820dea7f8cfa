//! manifest.json: what produced a run — engine version, the scenario files
//! and their hashes, every resolved parameter, seed, threads, timing and
//! memory — so any result can be traced and reproduced.
//!
//! [`Manifest`] is the one definition of the file, written and read: a run
//! writes a `Manifest<&Scenario>` ([`Manifest::new`]); the report, `compare`
//! and the run-folder guard read a [`Manifest`] back ([`Manifest::read`]),
//! with the same fields of the same types, only the resolved parameters
//! seen through the lenient [`Parameters`] view (every key of a section is
//! kept, whatever the version that wrote it).

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Run;
use crate::error::Error;
use crate::model::{Scenario, SourceFile};
use crate::observe::Summary;
use crate::simulation::RunStats;

/// The manifest of a run folder. `P` is the type of the resolved
/// parameters: `&Scenario` when a run writes it, [`Parameters`] when it is
/// read back.
///
/// Every field may be missing from a file (a folder written by an older
/// version, or by hand): it reads as empty, `None` or 0 items (and a
/// missing field of `run` or `summary` as 0); what is there must have the
/// type written here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Manifest<P = Parameters> {
    /// Always "migrasim".
    pub engine: String,
    /// Version of the engine that wrote the folder (Cargo package version).
    pub version: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// Files read, with their SHA-256.
    pub sources: Vec<SourceFile>,
    /// `--set` overrides, in order.
    pub overrides: Vec<String>,
    /// Seed of the run (`None`: not recorded).
    pub seed: Option<u64>,
    /// SHA-256 of the resolved parameters (the JSON of `parameters`, see
    /// [`parameters_sha256`]).
    pub parameters_sha256: String,
    /// Every resolved parameter (`None`: not recorded).
    pub parameters: Option<P>,
    /// Timing, memory, threads (`None`: not recorded).
    pub run: Option<RunStats>,
    /// Headline figures (`None`: no month was recorded, or not recorded).
    pub summary: Option<Summary>,
    /// Format of the tables (`csv` or `parquet`).
    pub format: String,
    /// Files in the run folder, besides the manifest.
    pub files: Vec<String>,
}

impl<'a> Manifest<&'a Scenario> {
    /// The manifest of `run` of `scenario`.
    pub fn new(
        scenario: &'a Scenario,
        run: &Run,
        format: super::format::Format,
    ) -> Manifest<&'a Scenario> {
        Manifest {
            engine: "migrasim".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            scenario: scenario.name.clone(),
            description: scenario.description.clone(),
            sources: scenario.sources.clone(),
            overrides: scenario.overrides.clone(),
            seed: Some(scenario.simulation.seed),
            parameters_sha256: parameters_sha256(scenario),
            parameters: Some(scenario),
            run: Some(run.stats.clone()),
            summary: run.summary.clone(),
            format: format.extension().into(),
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

impl Manifest {
    /// Reads `manifest.json` of run folder `dir`; `None` when the folder
    /// has none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Error> {
        let path = dir.join(super::names::MANIFEST);
        match std::fs::read(&path) {
            Ok(bytes) => Manifest::from_slice(&bytes, &path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Parses the bytes of manifest file `path` (named in the error).
    pub fn from_slice(bytes: &[u8], path: &Path) -> Result<Manifest, Error> {
        serde_json::from_slice(bytes).map_err(|e| Error::Output {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Agents simulated, from the summary (`None`: not recorded).
    pub fn agents(&self) -> Option<u64> {
        self.summary.as_ref().map(|s| s.agents)
    }

    /// People each agent stands for, from the summary (`None`: not
    /// recorded).
    pub fn people_per_agent(&self) -> Option<f64> {
        self.summary.as_ref().map(|s| s.people_per_agent)
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

/// The resolved parameters of a [`Manifest`] read back (the JSON of a
/// [`Scenario`], seen leniently): the sections the report lists key by key,
/// kept as JSON so that every key of a section is shown, whatever the
/// version that wrote it, and the blocs. Keys of the scenario not named
/// here are not read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Parameters {
    /// [`Scenario::simulation`].
    pub simulation: Option<serde_json::Value>,
    /// [`Scenario::costs`].
    pub costs: Option<serde_json::Value>,
    /// [`Scenario::decision`].
    pub decision: Option<serde_json::Value>,
    /// [`Scenario::economy`].
    pub economy: Option<serde_json::Value>,
    /// [`Scenario::blocs`].
    pub blocs: Vec<BlocView>,
}

impl Parameters {
    /// The sections the report lists key by key, by name, in order (those
    /// recorded).
    pub fn sections(&self) -> impl Iterator<Item = (&'static str, &serde_json::Value)> {
        [
            ("simulation", &self.simulation),
            ("costs", &self.costs),
            ("decision", &self.decision),
            ("economy", &self.economy),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.as_ref().map(|v| (name, v)))
    }
}

/// A bloc of [`Parameters::blocs`] (a [`crate::model::Bloc`], seen
/// leniently).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlocView {
    /// Name of the bloc.
    pub name: String,
    /// Its member countries (indices).
    pub members: Vec<serde_json::Value>,
    /// Whether its members move freely among themselves (as written:
    /// `true`, `false` or a date).
    pub free_movement: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;
    use crate::model::{BarrierChange, Phase, PhaseKind, YearMonth};

    /// The written manifest of a small run, its JSON text, and the run.
    fn written() -> (Scenario, Run, String) {
        let mut s = reference_scenario(500, 3, 4, 7);
        s.overrides = vec!["decision.home_bias=0.6".into()];
        s.sources.push(SourceFile {
            path: "a.toml".into(),
            sha256: "ab".repeat(32),
        });
        let run = crate::run(&s, &crate::simulation::RunOptions::default()).unwrap();
        let text =
            serde_json::to_string_pretty(&Manifest::new(&s, &run, super::super::Format::Csv))
                .unwrap();
        (s, run, text)
    }

    #[test]
    fn the_manifest_written_reads_back_field_by_field() {
        let (s, run, text) = written();
        let back = Manifest::from_slice(text.as_bytes(), Path::new("m.json")).unwrap();
        assert_eq!(back.engine, "migrasim");
        assert_eq!(back.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(back.scenario, s.name);
        assert_eq!(back.description, s.description);
        assert_eq!(back.sources, s.sources);
        assert_eq!(back.overrides, s.overrides);
        assert_eq!(back.seed, Some(7));
        assert_eq!(back.parameters_sha256, parameters_sha256(&s));
        assert_eq!(back.run.as_ref(), Some(&run.stats));
        assert_eq!(back.summary, run.summary);
        assert!(back.summary.is_some());
        assert_eq!(back.agents(), Some(run.stats.agents));
        assert!(back.people_per_agent().is_some_and(|x| x > 0.0));
        assert_eq!(back.format, "csv");
        assert!(back.files.contains(&"timeseries.csv".to_string()));
        assert!(back.files.contains(&"datapackage.json".to_string()));
        // The parameters: the sections as the scenario's JSON, the blocs.
        let model = serde_json::to_value(&s).unwrap();
        let p = back.parameters.as_ref().unwrap();
        let sections: Vec<_> = p.sections().collect();
        assert_eq!(sections.len(), 4);
        for (name, v) in sections {
            assert_eq!(Some(v), model.get(name), "{name}");
        }
        assert_eq!(p.blocs.len(), s.blocs.len());
        for (b, m) in p.blocs.iter().zip(&s.blocs) {
            assert_eq!(b.name, m.name);
            assert_eq!(b.members.len(), m.members.len());
            assert_eq!(b.free_movement, serde_json::json!(m.free_movement));
        }
        // Written again, every field but the parameters (read as a view)
        // is the same JSON: no field is lost or renamed on the way back.
        let mut again = serde_json::to_value(&back).unwrap();
        let mut first: serde_json::Value = serde_json::from_str(&text).unwrap();
        for m in [&mut again, &mut first] {
            m.as_object_mut().unwrap().remove("parameters");
        }
        assert_eq!(again, first);
    }

    #[test]
    fn an_older_or_hand_written_manifest_reads_with_what_it_has() {
        let at = Path::new("m.json");
        let empty = Manifest::from_slice(b"{}", at).unwrap();
        assert_eq!(empty, Manifest::default());
        assert_eq!(
            (empty.seed, empty.agents(), empty.people_per_agent()),
            (None, None, None)
        );
        assert!(empty.parameters.is_none() && empty.run.is_none());
        // Fields a run or summary of an older version lacked read as 0.
        let old = Manifest::from_slice(
            br#"{"scenario": "x", "run": {"threads": 4}, "summary": {"agents": 9},
                "parameters": {"costs": {"base": 1}, "blocs": [{"name": "EU"}]}}"#,
            at,
        )
        .unwrap();
        assert_eq!(old.scenario, "x");
        let run = old.run.as_ref().unwrap();
        assert_eq!((run.threads, run.wall_seconds), (4, 0.0));
        assert_eq!(run.termination, crate::simulation::Termination::Completed);
        assert_eq!((old.agents(), old.people_per_agent()), (Some(9), Some(0.0)));
        let p = old.parameters.unwrap();
        assert_eq!(p.sections().map(|(n, _)| n).collect::<Vec<_>>(), ["costs"]);
        assert_eq!(p.blocs[0].name, "EU");
        assert!(p.blocs[0].members.is_empty());
    }

    #[test]
    fn a_field_of_the_wrong_type_is_an_error_naming_the_file() {
        let at = Path::new("run/manifest.json");
        for text in [
            r#"{"seed": "many"}"#,
            r#"{"run": {"threads": "four"}}"#,
            r#"{"summary": {"people_per_agent": true}}"#,
            r#"{"sources": [{"path": 3}]}"#,
            r#"{"parameters": {"blocs": 5}}"#,
            r#"{"files": "all"}"#,
        ] {
            match Manifest::from_slice(text.as_bytes(), at) {
                Err(Error::Output { path, message }) => {
                    assert_eq!(path, at);
                    assert!(message.starts_with("invalid type"), "{text}: {message}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_folder_without_a_manifest_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::read(dir.path()).unwrap().is_none());
        let (_, _, text) = written();
        std::fs::write(dir.path().join("manifest.json"), text).unwrap();
        let m = Manifest::read(dir.path()).unwrap().unwrap();
        assert_eq!(m.engine, "migrasim");
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
