//! From a merged TOML tree to a validated [`Scenario`]: every key checked
//! against the schema (type, range, unknown keys with "did you mean"), then
//! the checks across keys (duplicate codes, bloc members, distances). All
//! problems are collected; a scenario is returned only when there are none.

use super::checker::{At, Checker};
use super::diagnostic::Diagnostic;
use super::schema::{self, Default, Field, Kind, Section};
use super::tree::{Pos, Table};
use crate::model::keys::Keyed;
use crate::model::{PopulationScale, Scenario, Simulation, YearMonth};
use crate::world::layout::{MAX_AGENTS, agents_per_country, total_agents};

pub mod policy_rows;
mod shock_flight;

mod blocs;
mod dated;
mod sections;
mod world;

use blocs::user_blocs;
use dated::{barrier_changes, capital_flows, phases, shocks};
use sections::{
    age, costs, decision, economy, entries, forms, legality, recognition, regions, returns,
    seasons, technology, ties,
};
pub use world::MAX_POPULATION;
use world::{contiguous_pairs, countries, distances, pairs, synthetic_world};

pub use super::words::{did_you_mean, is_code, is_name, parse_month};
pub use crate::model::geo::{EARTH_RADIUS_KM, haversine_km};

pub use crate::model::keys::MAX_NAME_CHARS;

/// The first month a date may name.
pub const FIRST_MONTH: YearMonth = YearMonth { year: 1, month: 1 };

/// The last month a run may reach (dates are written with four-digit years).
pub const LAST_MONTH: YearMonth = YearMonth {
    year: 9999,
    month: 12,
};

/// What the loader knows besides the tree.
pub struct Context {
    /// Name to use when the file sets none (the file stem).
    pub default_name: String,
    /// Where the top of the (first) file is, for problems of the whole file.
    pub top: Pos,
    /// The files read.
    pub sources: Vec<crate::model::SourceFile>,
    /// The `--set` overrides, as given.
    pub overrides: Vec<String>,
}

/// Checks `root` and builds the scenario, or returns every problem found.
pub fn build(root: &Table, cx: Context) -> Result<Scenario, Vec<Diagnostic>> {
    let mut c = Checker {
        diagnostics: Vec::new(),
        notices: Vec::new(),
    };
    let top = At {
        table: root,
        pos: cx.top.clone(),
        path: String::new(),
    };
    if root.get("scenario").is_some()
        && ["axes", "replicates", "design"]
            .iter()
            .any(|k| root.get(k).is_some())
    {
        c.error(
            &cx.top,
            "",
            "this is a sweep file, not a scenario (it has `scenario` and [axes] or `replicates`)",
            None,
            Some(format!("run it with `migrasim sweep {}`", cx.top.file)),
        );
        return Err(c.diagnostics);
    }
    c.unknown_keys(&top, &schema::TOP);
    if let Some(e) = root.get("extends") {
        c.error(
            &e.key_pos,
            "extends",
            "extends cannot be set here",
            Some("extends = \"file.toml\" at the top of a scenario file".into()),
            None,
        );
    }
    let name = match c.string(&top, &schema::TOP, "name") {
        Some((n, _)) => n,
        None if root.get("name").is_some() => String::new(),
        None => {
            let n = cx.default_name.clone();
            if !is_name(&n) {
                c.error(
                    &cx.top,
                    "name",
                    format!("the file name \"{n}\" cannot name the output folder"),
                    Some(Kind::Name.describe()),
                    Some("add name = \"...\" at the top of the file".into()),
                );
            }
            n
        }
    };
    let description = c
        .string(&top, &schema::TOP, "description")
        .map(|(d, _)| d)
        .unwrap_or_default();

    let simulation = simulation(&mut c, &top);
    let world = c.table(&top, "world", &WORLD);
    let synthetic_at = world.as_ref().and_then(|w| {
        w.table
            .get("synthetic")
            .is_some()
            .then(|| c.table(w, "synthetic", &schema::SYNTHETIC))
            .flatten()
    });
    let country_tables = c.array_of_tables(&top, "country");
    let (countries, mut blocs, locations, base_distances) =
        match (synthetic_at, country_tables.is_empty()) {
            (Some(s), true) => synthetic_world(&mut c, &s),
            (Some(s), false) => {
                c.error(
                    &s.pos,
                    "world.synthetic",
                    "both [world.synthetic] and [[country]] tables are given",
                    Some("either [[country]] tables or [world.synthetic]".into()),
                    Some("remove one of them".into()),
                );
                (Vec::new(), Vec::new(), Vec::new(), None)
            }
            (None, true) => {
                if root.get("country").is_none() {
                    c.absent(
                        &cx.top,
                        "country",
                        "the scenario has no countries",
                        "[[country]] tables (two or more) or [world.synthetic]".into(),
                    );
                }
                (Vec::new(), Vec::new(), Vec::new(), None)
            }
            (None, false) => countries(&mut c, &country_tables),
        };
    if !countries.is_empty() && countries.len() < 2 {
        c.error(
            &cx.top,
            "country",
            "the scenario has only one country",
            Some("two or more countries".into()),
            None,
        );
    }
    let mut countries = countries;
    let mut sources = cx.sources;
    let data = super::data_build::data(&mut c, &top, &mut countries, &simulation, &mut sources);
    let codes: Vec<&str> = countries.iter().map(|x| x.code.as_str()).collect();
    let distance_km = distances(
        &mut c,
        &top,
        &countries,
        &locations,
        base_distances,
        &data.pair_rows,
    );
    blocs.extend(user_blocs(&mut c, &top, &codes));
    let costs = costs(&mut c, &top);
    let decision = decision(&mut c, &top);
    let economy = economy(&mut c, &top);
    let recognition = recognition(&mut c, &top);
    let phases = phases(&mut c, &top, &codes, &simulation);
    let technology = technology(&mut c, &top);
    let barrier_changes = barrier_changes(&mut c, &top, &codes, &simulation);
    let ties = ties(&mut c, &top, &codes);
    let mut pairs = pairs(&mut c, &top, &codes);
    pairs.extend(contiguous_pairs(&data.pair_rows, &pairs));
    let capital_flows = capital_flows(&mut c, &top, &codes, &simulation);
    let regions = regions(&mut c, &top, &codes);
    let shocks = shocks(&mut c, &top, &codes, &simulation, &regions);
    let forms = forms(&mut c, &top);
    let seasons = seasons(&mut c, &top, &codes);
    let legality = legality(&mut c, &top);
    let entries = entries(&mut c, &top, &codes);
    let returns = returns(&mut c, &top);
    let age = age(&mut c, &top);
    let policy = policy_rows::policy(&mut c, &top, &codes, &simulation);

    let scenario = Scenario {
        name,
        description,
        sources,
        overrides: cx.overrides,
        simulation,
        countries,
        distance_km,
        blocs,
        costs,
        decision,
        economy,
        recognition,
        phases,
        technology,
        barrier_changes,
        ties,
        pairs,
        shocks,
        capital_flows,
        regions,
        forms,
        seasons,
        legality,
        entries,
        returns,
        age,
        policy,
        data,
        notices: std::mem::take(&mut c.notices),
    };
    let mut scenario = scenario;
    if !scenario.has_forms() && scenario.data.stocks.iter().any(|x| x.legal_share < 1.0) {
        scenario.notices.push(
            "stock: legal_share has no effect: the scenario keeps no legal status \
             (no forms of migration, [[entry]] rules or [age])"
                .into(),
        );
    }
    if c.diagnostics.is_empty() {
        let total = total_agents(&agents_per_country(&scenario));
        let pos = root
            .get("simulation")
            .map_or(cx.top.clone(), |e| e.item.pos.clone());
        if total == 0 {
            c.error(
                &pos,
                "simulation.people_per_agent",
                "the scenario gives no agents at all",
                Some("a scale that gives at least one agent".into()),
                Some("lower simulation.people_per_agent or set simulation.agents".into()),
            );
        } else if total > MAX_AGENTS {
            let shown = if total < u64::MAX {
                total.to_string()
            } else {
                let exact: f64 = match scenario.simulation.scale {
                    PopulationScale::PeoplePerAgent(p) => {
                        scenario.countries.iter().map(|x| x.population / p).sum()
                    }
                    PopulationScale::Agents(n) => n as f64,
                };
                format!("about {exact:.1e}")
            };
            c.error(
                &pos,
                "simulation",
                format!("the scenario gives {shown} agents"),
                Some(format!("at most {MAX_AGENTS} agents")),
                Some("raise simulation.people_per_agent".into()),
            );
        }
    }
    if c.diagnostics.is_empty() {
        Ok(scenario)
    } else {
        Err(c.diagnostics)
    }
}

/// `[world]` holds only `[world.synthetic]`.
const WORLD: Section = Section {
    path: "world",
    array: false,
    doc: "",
    fields: &[Field {
        name: "synthetic",
        kind: Kind::Table,
        default: Default::Optional,
        unit: "",
        doc: "See [world.synthetic].",
        fill: crate::model::keys::Fill::Loader,
    }],
};

fn simulation(c: &mut Checker, top: &At<'_>) -> Simulation {
    let s = &schema::SIMULATION;
    let at = c.table(top, "simulation", s);
    // Wrong as a whole (reported): every key at its default.
    let Some(at) = at else {
        return Simulation::from_defaults();
    };
    // After a reported error, a key is taken at its default so that the
    // checks that depend on it still run.
    let mut sim: Simulation = c.keyed(Some(&at));
    let start = sim.start;
    if let Some(until) = c.month(&at, s, "until").flatten() {
        let n = until.index() - start.index() + 1;
        if (1..=120_000).contains(&n) {
            sim.months = n as u32;
        } else {
            let pos = at
                .table
                .get("until")
                .map_or(at.pos.clone(), |e| e.item.pos.clone());
            c.error(
                &pos,
                "simulation.until",
                format!("{until} is not after the start ({start})"),
                Some(format!("a month from {start} on")),
                None,
            );
        }
    }
    let months = sim.months;
    let last = start.plus(months as i64 - 1);
    if last > LAST_MONTH {
        let fit = LAST_MONTH.index() - start.index() + 1;
        let pos = at
            .table
            .get("months")
            .or_else(|| at.table.get("start"))
            .map_or(at.pos.clone(), |e| e.item.pos.clone());
        c.error(
            &pos,
            "simulation.months",
            format!("a run of {months} months from {start} would end in {last}"),
            Some(format!("a run that ends by {LAST_MONTH}")),
            Some(format!(
                "at most {fit} months from {start}; dates have four-digit years"
            )),
        );
    }
    let agents = c.integer(&at, s, "agents");
    let ppa = c.number(&at, s, "people_per_agent");
    match (at.table.get("agents"), at.table.get("people_per_agent")) {
        (Some(_), Some(p)) => c.error(
            &p.key_pos,
            "simulation.people_per_agent",
            "both simulation.agents and simulation.people_per_agent are given",
            Some("one of them".into()),
            Some("remove one".into()),
        ),
        (None, Some(_)) => {
            if let Some(p) = ppa {
                sim.scale = PopulationScale::PeoplePerAgent(p);
            }
        }
        _ => {
            if let Some(n) = agents {
                sim.scale = PopulationScale::Agents(n as u64);
            }
        }
    }
    sim
}
