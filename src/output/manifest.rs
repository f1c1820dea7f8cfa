//! manifest.json: what produced a run — engine version, the scenario files
//! and their hashes, every resolved parameter, seed, threads, timing and
//! memory — so any result can be traced and reproduced.

use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Run;
use crate::error::Error;
use crate::observe::Summary;
use crate::scenario::{Scenario, SourceFile};
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
    pub fn new(scenario: &'a Scenario, run: &'a Run, format: super::Format) -> Manifest<'a> {
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
                .chain([super::DATAPACKAGE.to_string()])
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
pub fn parameters_sha256(scenario: &Scenario) -> String {
    #[derive(Serialize)]
    struct Params<'a> {
        simulation: &'a crate::scenario::Simulation,
        countries: &'a [crate::scenario::Country],
        distance_km: &'a [f64],
        blocs: &'a [crate::scenario::Bloc],
        costs: &'a crate::scenario::Costs,
        decision: &'a crate::scenario::Decision,
        economy: &'a crate::scenario::Economy,
        #[serde(skip_serializing_if = "crate::scenario::Recognition::is_default")]
        recognition: &'a crate::scenario::Recognition,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        ties: &'a [crate::scenario::Tie],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        phases: &'a [crate::scenario::Phase],
        #[serde(skip_serializing_if = "no_technology")]
        technology: &'a crate::scenario::Technology,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        barrier_changes: &'a [crate::scenario::BarrierChange],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        shocks: &'a [crate::scenario::Shock],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        capital_flows: &'a [crate::scenario::CapitalFlow],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        regions: &'a [crate::scenario::Region],
        #[serde(skip_serializing_if = "crate::scenario::Forms::is_default")]
        forms: &'a crate::scenario::Forms,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        seasons: &'a [crate::scenario::Season],
        #[serde(skip_serializing_if = "crate::scenario::Legality::is_default")]
        legality: &'a crate::scenario::Legality,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        entries: &'a [crate::scenario::Entry],
        #[serde(skip_serializing_if = "crate::scenario::Returns::is_default")]
        returns: &'a crate::scenario::Returns,
        #[serde(skip_serializing_if = "Option::is_none")]
        age: &'a Option<crate::scenario::Age>,
        #[serde(skip_serializing_if = "crate::policy::Policy::is_empty")]
        policy: &'a crate::policy::Policy,
    }
    // Elements left out while at their defaults, so that the hash of a
    // scenario that does not use them is the same as before they existed.
    fn no_technology(t: &&crate::scenario::Technology) -> bool {
        t.skill_premium_growth == 0.0
    }
    let p = Params {
        simulation: &scenario.simulation,
        countries: &scenario.countries,
        distance_km: &scenario.distance_km,
        blocs: &scenario.blocs,
        costs: &scenario.costs,
        decision: &scenario.decision,
        economy: &scenario.economy,
        recognition: &scenario.recognition,
        ties: &scenario.ties,
        phases: &scenario.phases,
        technology: &scenario.technology,
        barrier_changes: &scenario.barrier_changes,
        shocks: &scenario.shocks,
        capital_flows: &scenario.capital_flows,
        regions: &scenario.regions,
        forms: &scenario.forms,
        seasons: &scenario.seasons,
        legality: &scenario.legality,
        entries: &scenario.entries,
        returns: &scenario.returns,
        age: &scenario.age,
        policy: &scenario.policy,
    };
    let json = serde_json::to_vec(&p).unwrap_or_default();
    hex(&Sha256::digest(&json))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::synthetic::reference_scenario;
    use crate::scenario::{BarrierChange, Phase, PhaseKind, YearMonth};

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
        g.shocks.push(crate::scenario::Shock {
            kind: crate::scenario::ShockKind::Conflict,
            country: 1,
            region: None,
            start: at,
            end: at,
            intensity: 1.0,
            refugees: 0.1,
            idps: 0.1,
            return_rate: 0.05,
            distance_km: 1000.0,
            flight: crate::scenario::Flight::default(),
        });
        let mut i = base.clone();
        i.capital_flows.push(crate::scenario::CapitalFlow {
            from: 0,
            to: 1,
            amount: 100.0,
            start: at,
            end: at,
            postings: 0.0,
            posting_months: None,
        });
        let mut r = base.clone();
        r.regions.push(crate::scenario::Region {
            country: 0,
            name: "North".into(),
            population_share: 1.0,
            wage_factor: 1.1,
            unemployment: None,
            location: None,
        });
        let hashes = [a, b, c, d, e, f, g, i, r].map(|s| parameters_sha256(&s));
        for x in &hashes {
            assert_ne!(*x, h);
        }
        let mut all = hashes.to_vec();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 9);
    }
}
