//! From a merged TOML tree to a validated [`Scenario`]: every key checked
//! against the schema (type, range, unknown keys with "did you mean"), then
//! the checks across keys (duplicate codes, bloc members, distances). All
//! problems are collected; a scenario is returned only when there are none.

use super::diagnostic::{Code, Diagnostic};
use super::schema::{self, Default, Field, Kind, Section};
use super::tree::{Item, Pos, Table, Value, join};
use crate::model::keys::{Keyed, Slot};
use crate::model::synthetic;
use crate::model::{
    Age, BarrierChange, Bloc, CapitalFlow, Costs, Country, Cycle, Decision, DevGroup, Economy,
    Entry, EntryRule, Forms, Gravity, Legality, Pair, Phase, PhaseKind, PopulationScale,
    Recognition, Region, Returns, Scenario, Season, Shock, ShockKind, Simulation, Technology, Tie,
    TieKind, Transition, YearMonth,
};
use crate::world::layout::{MAX_AGENTS, agents_per_country, total_agents};

pub mod policy_rows;
mod shock_flight;

pub use super::words::{did_you_mean, is_code, is_name, parse_month};
pub use crate::model::geo::{EARTH_RADIUS_KM, haversine_km};

/// Collects diagnostics (and notices) while reading the tree.
pub(super) struct Checker {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// One-line notices about the scenario that are not errors (dated
    /// elements left out because they start after the run).
    notices: Vec<String>,
}

/// Where a table was written and its key path, for messages about it.
#[derive(Clone)]
pub(super) struct At<'t> {
    pub(super) table: &'t Table,
    pub(super) pos: Pos,
    pub(super) path: String,
}

impl Checker {
    pub(super) fn error(
        &mut self,
        pos: &Pos,
        key: &str,
        message: impl Into<String>,
        allowed: Option<String>,
        hint: Option<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            file: pos.file.to_string(),
            line: pos.line,
            column: pos.column,
            key: key.to_string(),
            message: message.into(),
            allowed,
            hint,
            code: Code::Invalid,
        });
    }

    /// The schema entry of `name` in `section`; `None` (reported as a bug
    /// of the loader, which asks only for keys its schema has) otherwise.
    pub(super) fn field(&mut self, section: &Section, name: &str) -> Option<&'static Field> {
        let f = section.field(name);
        if f.is_none() {
            self.diagnostics.push(Diagnostic {
                file: String::new(),
                line: 0,
                column: 0,
                key: join(section.path, name),
                message: "the loader reads a key its schema lacks (a bug in migrasim)".into(),
                allowed: None,
                hint: None,
                code: Code::Invalid,
            });
        }
        f
    }

    /// Reports that something required is absent ([`Code::Absent`]).
    pub(super) fn absent(&mut self, pos: &Pos, key: &str, message: &str, allowed: String) {
        self.error(pos, key, message, Some(allowed), None);
        if let Some(d) = self.diagnostics.last_mut() {
            d.code = Code::Absent;
        }
    }

    /// Reports every key of `at.table` that `section` does not know.
    pub(super) fn unknown_keys(&mut self, at: &At<'_>, section: &Section) {
        for e in &at.table.entries {
            if section.field(&e.key).is_none() {
                let names = section.names();
                self.error(
                    &e.key_pos,
                    &join(&at.path, &e.key),
                    "unknown key",
                    Some(format!("one of {}", names.join(", "))),
                    did_you_mean(&e.key, names.iter().copied()),
                );
            }
        }
    }

    /// The item of `name`, or `None` (reporting it when it is required).
    fn item<'t>(&mut self, at: &At<'t>, field: &Field) -> Option<&'t Item> {
        match at.table.get(field.name) {
            Some(e) => Some(&e.item),
            None => {
                if field.default == Default::Required {
                    self.absent(
                        &at.pos,
                        &join(&at.path, field.name),
                        "missing required key",
                        field.kind.describe(),
                    );
                }
                None
            }
        }
    }

    fn wrong_type(&mut self, item: &Item, key: &str, field: &Field) {
        let expected = match field.kind {
            Kind::Number(_) => "a number",
            Kind::Integer { .. } => "an integer",
            Kind::Bool => "true or false",
            Kind::Codes => "an array of strings",
            Kind::CodeMonths | Kind::CodeShares => "a table",
            Kind::Table => "a table",
            _ => "a string",
        };
        self.error(
            &item.pos,
            key,
            format!("expected {expected}, found {}", item.value.type_name()),
            Some(field.kind.describe()),
            None,
        );
    }

    /// [`Checker::wrong_type`] for the key `name` of `section`.
    fn wrong_type_of(&mut self, item: &Item, key: &str, section: &Section, name: &str) {
        if let Some(field) = self.field(section, name) {
            self.wrong_type(item, key, field);
        }
    }

    /// A number key, or its default; `None` where absent without a default
    /// or wrong (reported).
    pub(super) fn number(&mut self, at: &At<'_>, section: &Section, name: &str) -> Option<f64> {
        let field = self.field(section, name)?;
        let key = join(&at.path, name);
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Number(x) => Some(x),
                _ => None,
            };
        };
        let x = match item.value {
            Value::Integer(n) => n as f64,
            Value::Float(x) => x,
            _ => {
                self.wrong_type(item, &key, field);
                return None;
            }
        };
        let Kind::Number(range) = field.kind else {
            return Some(x);
        };
        if range.contains(x) {
            return Some(x);
        }
        let hint = (field.unit == "share" && x > 1.0 && x <= 100.0)
            .then(|| format!("write shares as fractions: {} % is {}", x, x / 100.0));
        self.error(
            &item.pos,
            &key,
            format!("{} is out of range", schema::fmt_num(x)),
            Some(range.describe()),
            hint,
        );
        None
    }

    /// An integer key, or its default.
    fn integer(&mut self, at: &At<'_>, section: &Section, name: &str) -> Option<i64> {
        let field = self.field(section, name)?;
        let key = join(&at.path, name);
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Integer(n) => Some(n),
                _ => None,
            };
        };
        let n = match item.value {
            Value::Integer(n) => n,
            // An integer literal beyond i64 is kept as a float by the tree.
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() >= 9.2e18 => {
                self.error(
                    &item.pos,
                    &key,
                    format!("{x:.0} is out of range"),
                    Some(field.kind.describe()),
                    None,
                );
                return None;
            }
            _ => {
                self.wrong_type(item, &key, field);
                return None;
            }
        };
        if let Kind::Integer { min, max } = field.kind
            && !(min..=max).contains(&n)
        {
            self.error(
                &item.pos,
                &key,
                format!("{n} is out of range"),
                Some(field.kind.describe()),
                None,
            );
            return None;
        }
        Some(n)
    }

    /// A boolean key, or its default.
    fn boolean(&mut self, at: &At<'_>, section: &Section, name: &str) -> Option<bool> {
        let field = self.field(section, name)?;
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Bool(b) => Some(b),
                _ => None,
            };
        };
        match item.value {
            Value::Boolean(b) => Some(b),
            _ => {
                self.wrong_type(item, &join(&at.path, name), field);
                None
            }
        }
    }

    /// A string key (checked against its kind), or its default; also returns
    /// where it was written.
    pub(super) fn string(
        &mut self,
        at: &At<'_>,
        section: &Section,
        name: &str,
    ) -> Option<(String, Pos)> {
        let field = self.field(section, name)?;
        let key = join(&at.path, name);
        let Some(item) = self.item(at, field) else {
            return match field.default {
                Default::Text(s) => Some((s.to_string(), at.pos.clone())),
                _ => None,
            };
        };
        let Value::String(s) = &item.value else {
            self.wrong_type(item, &key, field);
            return None;
        };
        let ok = match field.kind {
            Kind::Code => is_code(s),
            Kind::Name => is_name(s),
            Kind::Choice(words) => words.contains(&s.as_str()),
            Kind::Text => !s.trim().is_empty() || field.default != Default::Required,
            _ => true,
        };
        if !ok {
            let hint = match field.kind {
                Kind::Choice(words) => did_you_mean(s, words.iter().copied()),
                Kind::Code if is_code(&s.to_uppercase()) => {
                    Some(format!("did you mean \"{}\"?", s.to_uppercase()))
                }
                _ => None,
            };
            self.error(
                &item.pos,
                &key,
                format!("\"{s}\" is not allowed"),
                Some(field.kind.describe()),
                hint,
            );
            return None;
        }
        Some((s.clone(), item.pos.clone()))
    }

    /// A month key (`"YYYY-MM"`), `Some(None)` where absent and optional.
    fn month(&mut self, at: &At<'_>, section: &Section, name: &str) -> Option<Option<YearMonth>> {
        let field = self.field(section, name)?;
        let (text, pos) = match self.string(at, section, name) {
            Some(x) => x,
            None => {
                return (at.table.get(name).is_none() && field.default == Default::Optional)
                    .then_some(None);
            }
        };
        match parse_month(&text) {
            Some(m) => Some(Some(m)),
            None => {
                self.error(
                    &pos,
                    &join(&at.path, name),
                    format!("\"{text}\" is not a month"),
                    Some(field.kind.describe()),
                    None,
                );
                None
            }
        }
    }

    /// The sub-table `name` of `at` (an empty one where absent).
    pub(super) fn table<'t>(
        &mut self,
        at: &At<'t>,
        name: &str,
        section: &Section,
    ) -> Option<At<'t>> {
        static EMPTY: Table = Table {
            entries: Vec::new(),
        };
        let path = join(&at.path, name);
        let Some(e) = at.table.get(name) else {
            return Some(At {
                table: &EMPTY,
                pos: at.pos.clone(),
                path,
            });
        };
        match &e.item.value {
            Value::Table(t) => {
                let sub = At {
                    table: t,
                    pos: e.item.pos.clone(),
                    path,
                };
                self.unknown_keys(&sub, section);
                Some(sub)
            }
            v => {
                self.error(
                    &e.item.pos,
                    &path,
                    format!("expected a table, found {}", v.type_name()),
                    Some(format!("a table [{path}]")),
                    None,
                );
                None
            }
        }
    }

    /// The tables of an array of tables `name` (`[[name]]`), with positions.
    pub(super) fn array_of_tables<'t>(
        &mut self,
        at: &At<'t>,
        name: &str,
    ) -> Vec<(usize, &'t Table, Pos)> {
        let Some(e) = at.table.get(name) else {
            return Vec::new();
        };
        let Value::Array(items) = &e.item.value else {
            self.error(
                &e.item.pos,
                name,
                format!(
                    "expected an array of tables, found {}",
                    e.item.value.type_name()
                ),
                Some(format!("[[{name}]] tables")),
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match &item.value {
                Value::Table(t) => out.push((i, t, item.pos.clone())),
                v => self.error(
                    &item.pos,
                    &format!("{name}.{i}"),
                    format!("expected a table, found {}", v.type_name()),
                    Some(format!("[[{name}]] tables")),
                    None,
                ),
            }
        }
        out
    }

    /// A model value filled from the keys of its section in `at` (each
    /// absent or wrong key at its schema default; wrong ones reported).
    pub(super) fn keyed<T: Keyed>(&mut self, at: Option<&At<'_>>) -> T {
        let mut v = T::from_defaults();
        let Some(at) = at else {
            return v;
        };
        let s = T::SECTION;
        for (f, slot) in T::keys() {
            match slot {
                Slot::Number(p) => {
                    if let Some(x) = self.number(at, s, f.name) {
                        *p(&mut v) = x;
                    }
                }
                Slot::Count(p) => {
                    if let Some(n) = self
                        .integer(at, s, f.name)
                        .and_then(|n| u32::try_from(n).ok())
                    {
                        *p(&mut v) = n;
                    }
                }
                Slot::Flag(p) => {
                    if let Some(b) = self.boolean(at, s, f.name) {
                        *p(&mut v) = b;
                    }
                }
                Slot::Month(p) => {
                    if let Some(m) = self.month(at, s, f.name) {
                        *p(&mut v) = m;
                    }
                }
                Slot::Choice(p) => {
                    if let Some((w, _)) = self.string(at, s, f.name) {
                        p(&mut v, &w);
                    }
                }
            }
        }
        v
    }
}

pub use crate::model::keys::MAX_NAME_CHARS;

/// Most working-age people a country may have: more than the world's
/// whole population (8.2e9 in 2025), so only nonsense is refused.
pub const MAX_POPULATION: f64 = 1e10;

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
    let Some(at) = at else {
        return fallback_simulation();
    };
    // After a reported error, a key is taken at its default so that the
    // checks that depend on it still run.
    let start = c
        .month(&at, s, "start")
        .flatten()
        .unwrap_or_else(|| fallback_simulation().start);
    let months = c.integer(&at, s, "months");
    let mut months = months.unwrap_or_else(|| integer_default(s, "months")) as u32;
    if let Some(until) = c.month(&at, s, "until").flatten() {
        let n = until.index() - start.index() + 1;
        if (1..=120_000).contains(&n) {
            months = n as u32;
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
    let seed = c.integer(&at, s, "seed");
    let seed = seed.unwrap_or_else(|| integer_default(s, "seed")) as u64;
    let agents = c.integer(&at, s, "agents");
    let ppa = c.number(&at, s, "people_per_agent");
    let scale = match (at.table.get("agents"), at.table.get("people_per_agent")) {
        (Some(_), Some(p)) => {
            c.error(
                &p.key_pos,
                "simulation.people_per_agent",
                "both simulation.agents and simulation.people_per_agent are given",
                Some("one of them".into()),
                Some("remove one".into()),
            );
            PopulationScale::Agents(1)
        }
        (None, Some(_)) => PopulationScale::PeoplePerAgent(ppa.unwrap_or(1.0)),
        _ => PopulationScale::Agents(agents.map_or(schema::DEFAULT_AGENTS, |n| n as u64)),
    };
    Simulation {
        start,
        months,
        seed,
        scale,
    }
}

/// The simulation when `[simulation]` is wrong (an error is reported): its
/// start at the default, one month of one agent.
fn fallback_simulation() -> Simulation {
    let s = &schema::SIMULATION;
    let start = match s.field("start").map(|f| f.default) {
        Some(Default::Text(t)) => parse_month(t),
        _ => None,
    };
    Simulation {
        start: start.unwrap_or(FIRST_MONTH),
        months: 1,
        seed: 1,
        scale: PopulationScale::Agents(1),
    }
}

/// Countries, their blocs, their locations and (for a synthetic world) the
/// distance matrix.
type World = (
    Vec<Country>,
    Vec<Bloc>,
    Vec<Option<(f64, f64)>>,
    Option<Vec<f64>>,
);

fn synthetic_world(c: &mut Checker, at: &At<'_>) -> World {
    let s = &schema::SYNTHETIC;
    let k = c.integer(at, s, "countries");
    let with_bloc = c.boolean(at, s, "bloc");
    let with_bloc = with_bloc.unwrap_or_else(|| bool_default(s, "bloc"));
    let Some(k) = k else {
        return (Vec::new(), Vec::new(), Vec::new(), None);
    };
    let k = k as usize;
    let blocs = if with_bloc {
        vec![synthetic::bloc(k)]
    } else {
        Vec::new()
    };
    // Synthetic countries have no coordinates; their distances are RB-1's.
    (
        synthetic::countries(k),
        blocs,
        vec![None; k],
        Some(synthetic::distances(k)),
    )
}

fn countries(c: &mut Checker, tables: &[(usize, &Table, Pos)]) -> World {
    let s = &schema::COUNTRY;
    let mut out = Vec::new();
    let mut locations = Vec::new();
    let mut seen: Vec<(String, Pos)> = Vec::new();
    for (i, table, pos) in tables {
        let index_path = format!("country.{i}");
        let mut at = At {
            table,
            pos: pos.clone(),
            path: index_path.clone(),
        };
        let code = c.string(&at, s, "code");
        if let Some((code, code_pos)) = &code {
            if let Some((_, first)) = seen.iter().find(|(x, _)| x == code) {
                let hint = if first.file == code_pos.file {
                    format!("first defined at line {}", first.line)
                } else {
                    format!("first defined at {}:{}", first.file, first.line)
                };
                c.error(
                    code_pos,
                    &format!("{index_path}.code"),
                    format!("duplicate country code \"{code}\""),
                    Some("a code used by no other country".into()),
                    Some(hint),
                );
            } else {
                seen.push((code.clone(), code_pos.clone()));
                at.path = format!("country.{code}");
            }
        }
        c.unknown_keys(&at, s);
        let name = c.string(&at, s, "name").map(|(n, _)| n);
        let continent = c.string(&at, s, "continent").map(|(n, _)| n);
        let group = c.string(&at, s, "group").map(|(g, _)| match g.as_str() {
            "industrialised" => DevGroup::Industrialised,
            "developing" => DevGroup::Developing,
            _ => DevGroup::Transition,
        });
        let population = c.number(&at, s, "population");
        let wage_low = c.number(&at, s, "wage_low");
        let wage_high = c.number(&at, s, "wage_high");
        let population = population.filter(|&p| {
            let ok = p <= MAX_POPULATION;
            if !ok && let Some(e) = table.get("population") {
                c.error(
                    &e.item.pos,
                    &join(&at.path, "population"),
                    format!(
                        "{} people is more than the whole world's population",
                        if p >= 1e15 {
                            format!("{p:e}")
                        } else {
                            schema::fmt_num(p)
                        }
                    ),
                    Some(format!(
                        "a number of working-age people in (0, {MAX_POPULATION:e}]"
                    )),
                    Some("population counts people, not thousands or a ratio".into()),
                );
            }
            ok
        });
        if let (Some(lo), Some(hi), Some(e)) = (wage_low, wage_high, table.get("wage_high"))
            && hi < lo
        {
            c.error(
                &e.item.pos,
                &join(&at.path, "wage_high"),
                format!(
                    "the high-skill wage {} is below the low-skill wage {}",
                    schema::fmt_num(hi),
                    schema::fmt_num(lo)
                ),
                Some(format!("a wage ≥ wage_low ({})", schema::fmt_num(lo))),
                Some("are wage_low and wage_high swapped?".into()),
            );
        }
        let unemployment = c.number(&at, s, "unemployment");
        let high = c.number(&at, s, "high_skilled_share");
        let lat = c.number(&at, s, "latitude");
        let lon = c.number(&at, s, "longitude");
        let location = match (table.get("latitude"), table.get("longitude")) {
            (Some(_), None) | (None, Some(_)) => {
                let (given, missing) = if table.get("latitude").is_some() {
                    ("latitude", "longitude")
                } else {
                    ("longitude", "latitude")
                };
                c.error(
                    &at.pos,
                    &join(&at.path, missing),
                    format!("{given} is given without {missing}"),
                    Some("both latitude and longitude, or neither".into()),
                    None,
                );
                None
            }
            _ => lat.zip(lon),
        };
        let cycle_at = c.table(&at, "cycle", &schema::CYCLE);
        let cycle: Cycle = c.keyed(cycle_at.as_ref());
        let recognition = c.number(&at, s, "recognition");
        let skill_premium_growth = c.number(&at, s, "skill_premium_growth");
        let migrant_wage_discount = c.number(&at, s, "migrant_wage_discount");
        let code = code.map(|(x, _)| x).unwrap_or_default();
        out.push(Country {
            name: name.unwrap_or_else(|| code.clone()),
            code,
            continent: continent.unwrap_or_default(),
            group: group.unwrap_or(DevGroup::Developing),
            population: population.unwrap_or(1.0),
            wage_low: wage_low.unwrap_or(1.0),
            wage_high: wage_high.unwrap_or(1.0),
            unemployment: unemployment.unwrap_or(0.0),
            high_skilled_share: high.unwrap_or(0.0),
            location,
            cycle,
            recognition,
            skill_premium_growth,
            migrant_wage_discount,
        });
        locations.push(location);
    }
    (out, Vec::new(), locations, None)
}

/// The contiguous pairs of `[data] pairs` as `[[pair]]` terms of no
/// utility (the form the gravity rule reads borders in), less those a
/// `[[pair]]` table already marks.
fn contiguous_pairs(rows: &[super::data::PairRow], given: &[Pair]) -> Vec<Pair> {
    let marked = |a: usize, b: usize| {
        given
            .iter()
            .any(|p| p.contiguous && ((p.from, p.to) == (a, b) || (p.from, p.to) == (b, a)))
    };
    rows.iter()
        .filter(|r| r.contiguous && !marked(r.a, r.b))
        .map(|r| Pair {
            from: r.a.min(r.b),
            to: r.a.max(r.b),
            utility: 0.0,
            both_ways: true,
            contiguous: true,
        })
        .collect()
}

/// The K×K distance matrix: synthetic (RB-1) or great-circle, then the
/// distances of `[data] pairs` (`rows`), then the explicit `[[distance]]`
/// entries; pairs left without a distance are errors.
fn distances(
    c: &mut Checker,
    top: &At<'_>,
    countries: &[Country],
    locations: &[Option<(f64, f64)>],
    base: Option<Vec<f64>>,
    rows: &[super::data::PairRow],
) -> Vec<f64> {
    let k = countries.len();
    let mut d: Vec<Option<f64>> = if let Some(base) = base {
        base.into_iter().map(Some).collect()
    } else {
        let mut d = vec![None; k * k];
        for i in 0..k {
            d[i * k + i] = Some(0.0);
            for j in 0..k {
                if let (Some(a), Some(b)) = (locations[i], locations[j]) {
                    d[i * k + j] = Some(haversine_km(a, b));
                }
            }
        }
        d
    };
    for r in rows {
        if let Some(km) = r.km {
            d[r.a * k + r.b] = Some(km);
            d[r.b * k + r.a] = Some(km);
        }
    }
    let codes: Vec<&str> = countries.iter().map(|x| x.code.as_str()).collect();
    let s = &schema::DISTANCE;
    let mut given: Vec<(usize, usize, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "distance") {
        let at = At {
            table,
            pos,
            path: format!("distance.{i}"),
        };
        c.unknown_keys(&at, s);
        let from = member(c, &at, "from", &codes);
        let to = member(c, &at, "to", &codes);
        let km = c.number(&at, s, "km");
        if let (Some(a), Some(b), Some(km)) = (from, to, km) {
            if a == b {
                c.error(
                    &at.pos,
                    &at.path,
                    "a distance from a country to itself",
                    Some("two different countries".into()),
                    None,
                );
            } else if let Some((_, _, first)) = given
                .iter()
                .find(|(x, y, _)| (*x, *y) == (a, b) || (*x, *y) == (b, a))
            {
                let hint = format!("first given at {}:{}", first.file, first.line);
                c.error(
                    &at.pos,
                    &at.path,
                    format!("the distance {} – {} is given twice", codes[a], codes[b]),
                    Some("one [[distance]] per pair".into()),
                    Some(hint),
                );
            } else {
                given.push((a, b, at.pos.clone()));
                d[a * k + b] = Some(km);
                d[b * k + a] = Some(km);
            }
        }
    }
    if c.diagnostics.is_empty() {
        for i in 0..k {
            let missing: Vec<usize> = (0..k).filter(|&j| d[i * k + j].is_none()).collect();
            if let (Some(&j), None) = (missing.first(), locations[i]) {
                c.absent(
                    &top.pos,
                    &format!("country.{}", codes[i]),
                    &format!(
                        "no latitude/longitude and no [[distance]] to \"{}\" ({} pair{} without a distance)",
                        codes[j],
                        missing.len(),
                        if missing.len() == 1 { "" } else { "s" }
                    ),
                    "latitude and longitude, or a [[distance]] for every pair".into(),
                );
            }
        }
    }
    d.into_iter().map(|x| x.unwrap_or(0.0)).collect()
}

/// A country code key that must name a country of the scenario.
fn member(c: &mut Checker, at: &At<'_>, name: &str, codes: &[&str]) -> Option<usize> {
    let (code, pos) = c.string(at, &schema::DISTANCE, name)?;
    lookup_code(c, &code, &pos, &join(&at.path, name), codes)
}

pub(super) fn lookup_code(
    c: &mut Checker,
    code: &str,
    pos: &Pos,
    key: &str,
    codes: &[&str],
) -> Option<usize> {
    if let Some(i) = codes.iter().position(|x| *x == code) {
        return Some(i);
    }
    if !codes.is_empty() {
        c.error(
            pos,
            key,
            format!("\"{code}\" is not a country of this scenario"),
            Some("the code of a country of the scenario".into()),
            did_you_mean(code, codes.iter().copied()),
        );
    }
    None
}

fn user_blocs(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Bloc> {
    let s = &schema::BLOC;
    let mut out: Vec<Bloc> = Vec::new();
    let mut names: Vec<(String, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "bloc") {
        let mut at = At {
            table,
            pos,
            path: format!("bloc.{i}"),
        };
        let name = c.string(&at, s, "name");
        if let Some((n, p)) = &name {
            if let Some((_, first)) = names.iter().find(|(x, _)| x == n) {
                c.error(
                    p,
                    &format!("bloc.{i}.name"),
                    format!("duplicate bloc name \"{n}\""),
                    Some("a name used by no other bloc".into()),
                    Some(format!("first defined at {}:{}", first.file, first.line)),
                );
            } else {
                names.push((n.clone(), p.clone()));
                at.path = format!("bloc.{n}");
            }
        }
        c.unknown_keys(&at, s);
        let mut members = Vec::new();
        let key = join(&at.path, "members");
        if let Some(item) = c.field(s, "members").and_then(|f| c.item(&at, f)) {
            match &item.value {
                Value::Array(xs) if xs.is_empty() => c.error(
                    &item.pos,
                    &key,
                    "a bloc without members",
                    Some(Kind::Codes.describe()),
                    None,
                ),
                Value::Array(xs) => {
                    for (m, x) in xs.iter().enumerate() {
                        let mkey = format!("{key}[{m}]");
                        let Value::String(code) = &x.value else {
                            c.error(
                                &x.pos,
                                &mkey,
                                format!("expected a country code, found {}", x.value.type_name()),
                                Some(Kind::Codes.describe()),
                                None,
                            );
                            continue;
                        };
                        if let Some(idx) = lookup_code(c, code, &x.pos, &mkey, codes) {
                            if members.contains(&idx) {
                                c.error(
                                    &x.pos,
                                    &mkey,
                                    format!("\"{code}\" is listed twice"),
                                    Some("each member once".into()),
                                    None,
                                );
                            } else {
                                members.push(idx);
                            }
                        }
                    }
                }
                _ => c.wrong_type_of(item, &key, s, "members"),
            }
        }
        let free_movement = c.boolean(&at, s, "free_movement");
        let free_movement = free_movement.unwrap_or_else(|| bool_default(s, "free_movement"));
        let start = c.month(&at, s, "start").flatten();
        let recognition = c.number(&at, s, "recognition");
        let accession = code_months(c, &at, "accession", codes, &members);
        let leave = code_months(c, &at, "leave", codes, &members);
        for &(m, left) in &leave {
            let joined = accession.iter().find(|(x, _)| *x == m).map(|&(_, j)| j);
            if let Some(joined) = joined.or(start)
                && left <= joined
            {
                let pos = member_pos(&at, "leave", codes[m]);
                c.error(
                    &pos,
                    &format!("{}.leave.{}", at.path, codes[m]),
                    format!("{} leaves ({left}) before it joins ({joined})", codes[m]),
                    Some("a month after the member's accession".into()),
                    None,
                );
            }
        }
        let transitions = transitions(c, &at, codes, &members);
        out.push(Bloc {
            name: name.map(|(n, _)| n).unwrap_or_default(),
            members,
            free_movement,
            start,
            recognition,
            accession,
            leave,
            transitions,
        });
    }
    out
}

/// The last month of the run.
fn last_month(sim: &Simulation) -> YearMonth {
    sim.start.plus(sim.months as i64 - 1)
}

/// A month key that must fall inside the run; reported where it does not.
fn month_in_run(
    c: &mut Checker,
    at: &At<'_>,
    section: &Section,
    name: &str,
    sim: &Simulation,
) -> Option<YearMonth> {
    let m = c.month(at, section, name).flatten()?;
    let (first, last) = (sim.start, last_month(sim));
    if m > last && name == "end" {
        // Ends after the run: in force to the end.
        return Some(m);
    }
    if m > last {
        // Starts after the run (e.g. cut short with --until): left out.
        c.notices.push(format!(
            "{}: {} {m} is after the run's last month {last}: left out",
            at.path, name
        ));
        return None;
    }
    if m < first {
        let pos = at
            .table
            .get(name)
            .map_or(at.pos.clone(), |e| e.item.pos.clone());
        c.error(
            &pos,
            &join(&at.path, name),
            format!("{m} is outside the run"),
            Some(format!("a month from {first} to {last}")),
            None,
        );
        return None;
    }
    Some(m)
}

/// Whether the dated element at `at` (a `what`: "phase", "shock", …) starts
/// no later than it ends; reports it at its `end` key when not.
fn in_order(c: &mut Checker, at: &At<'_>, what: &str, start: YearMonth, end: YearMonth) -> bool {
    if start <= end {
        return true;
    }
    let p = at
        .table
        .get("end")
        .map_or(at.pos.clone(), |e| e.item.pos.clone());
    c.error(
        &p,
        &join(&at.path, "end"),
        format!("the {what} ends ({end}) before it starts ({start})"),
        Some("start ≤ end".into()),
        None,
    );
    false
}

/// Reports that the dated element at `at`, described as `this`, overlaps
/// `that`, declared at `other`; `kind` names such elements (plural,
/// singular).
fn overlap_error(
    c: &mut Checker,
    at: &At<'_>,
    this: String,
    that: String,
    other: &Pos,
    (plural, singular): (&str, &str),
) {
    c.error(
        &at.pos,
        &at.path,
        format!(
            "{this} overlaps {that} at {}:{}:{}",
            other.file, other.line, other.column
        ),
        Some(format!("{plural} of one country that do not overlap")),
        Some(format!("end one {singular} before the other starts")),
    );
}

fn phases(c: &mut Checker, top: &At<'_>, codes: &[&str], sim: &Simulation) -> Vec<Phase> {
    let s = &schema::PHASE;
    let mut out: Vec<(Phase, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "phase") {
        let at = At {
            table,
            pos,
            path: format!("phase.{i}"),
        };
        c.unknown_keys(&at, s);
        let country = match c.string(&at, s, "country") {
            Some((code, p)) => {
                lookup_code(c, &code, &p, &join(&at.path, "country"), codes).map(Some)
            }
            None if table.get("country").is_some() => None,
            None => Some(None),
        };
        let kind = c.string(&at, s, "kind").map(|(k, _)| {
            if k == "boom" {
                PhaseKind::Boom
            } else {
                PhaseKind::Recession
            }
        });
        let start = month_in_run(c, &at, s, "start", sim);
        let end = month_in_run(c, &at, s, "end", sim);
        let depth = c.number(&at, s, "depth");
        let (Some(country), Some(kind), Some(start), Some(end), Some(depth)) =
            (country, kind, start, end, depth)
        else {
            continue;
        };
        if !in_order(c, &at, "phase", start, end) {
            continue;
        }
        let phase = Phase {
            country,
            kind,
            start,
            end,
            depth,
        };
        let who = |p: &Phase| {
            p.country
                .map_or("all countries".to_string(), |j| codes[j].to_string())
        };
        if let Some((other, opos)) = out.iter().find(|(o, _)| {
            let same = o.country.is_none() || phase.country.is_none() || o.country == phase.country;
            same && o.start <= phase.end && phase.start <= o.end
        }) {
            overlap_error(
                c,
                &at,
                format!(
                    "the {} of {} ({start} to {end})",
                    kind.as_str(),
                    who(&phase)
                ),
                format!(
                    "the {} of {} ({} to {})",
                    other.kind.as_str(),
                    who(other),
                    other.start,
                    other.end
                ),
                opos,
                ("phases", "phase"),
            );
            continue;
        }
        out.push((phase, at.pos.clone()));
    }
    out.into_iter().map(|(p, _)| p).collect()
}

fn barrier_changes(
    c: &mut Checker,
    top: &At<'_>,
    codes: &[&str],
    sim: &Simulation,
) -> Vec<BarrierChange> {
    let s = &schema::BARRIER_CHANGE;
    let mut out: Vec<(BarrierChange, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "barrier_change") {
        let at = At {
            table,
            pos,
            path: format!("barrier_change.{i}"),
        };
        c.unknown_keys(&at, s);
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let date = month_in_run(c, &at, s, "date", sim);
        let entry = c.number(&at, s, "entry_barrier");
        let exit = c.number(&at, s, "exit_barrier");
        let given = |k: &str| table.get(k).is_some();
        if !given("entry_barrier") && !given("exit_barrier") {
            c.error(
                &at.pos,
                &at.path,
                "a barrier change without entry_barrier or exit_barrier",
                Some("entry_barrier, exit_barrier or both".into()),
                None,
            );
            continue;
        }
        let bad = (given("entry_barrier") && entry.is_none())
            || (given("exit_barrier") && exit.is_none());
        let (Some(country), Some(date), false) = (country, date, bad) else {
            continue;
        };
        if let Some((_, first)) = out
            .iter()
            .find(|(b, _)| b.country == country && b.date == date)
        {
            c.error(
                &at.pos,
                &at.path,
                format!("a second barrier change of {} in {date}", codes[country]),
                Some("one [[barrier_change]] per country and month".into()),
                Some(format!(
                    "first at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            );
            continue;
        }
        out.push((
            BarrierChange {
                country,
                date,
                entry,
                exit,
            },
            at.pos.clone(),
        ));
    }
    out.sort_by_key(|(b, _)| b.date);
    out.into_iter().map(|(b, _)| b).collect()
}

fn shocks(
    c: &mut Checker,
    top: &At<'_>,
    codes: &[&str],
    sim: &Simulation,
    regions: &[Region],
) -> Vec<Shock> {
    let s = &schema::SHOCK;
    let mut out: Vec<(Shock, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "shock") {
        let at = At {
            table,
            pos,
            path: format!("shock.{i}"),
        };
        c.unknown_keys(&at, s);
        if i == schema::MAX_SHOCKS {
            c.error(
                &at.pos,
                &at.path,
                format!("more than {} shocks", schema::MAX_SHOCKS),
                Some(format!("at most {} [[shock]] tables", schema::MAX_SHOCKS)),
                None,
            );
        }
        let kind = c.string(&at, s, "kind").map(|(k, _)| match k.as_str() {
            "conflict" => ShockKind::Conflict,
            "persecution" => ShockKind::Persecution,
            "disaster" => ShockKind::Disaster,
            _ => ShockKind::Ecological,
        });
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let region = match (country, c.string(&at, s, "region")) {
            (Some(j), Some((name, p))) => {
                let mine: Vec<(usize, &str)> = regions
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.country == j)
                    .map(|(i, r)| (i, r.name.as_str()))
                    .collect();
                match mine.iter().find(|(_, n)| *n == name) {
                    Some(&(i, _)) => Some(Some(i)),
                    None => {
                        let allowed = if mine.is_empty() {
                            format!("no region: {} is not divided into [[region]]s", codes[j])
                        } else {
                            let names: Vec<&str> = mine.iter().map(|(_, n)| *n).collect();
                            format!("one of its regions: {}", names.join(", "))
                        };
                        c.error(
                            &p,
                            &join(&at.path, "region"),
                            format!("\"{name}\" is not a region of {}", codes[j]),
                            Some(allowed),
                            did_you_mean(&name, mine.iter().map(|(_, n)| *n)),
                        );
                        None
                    }
                }
            }
            (_, None) if table.get("region").is_some() => None,
            _ => Some(None),
        };
        let start = month_in_run(c, &at, s, "start", sim);
        let end = month_in_run(c, &at, s, "end", sim);
        let intensity = c.number(&at, s, "intensity");
        let (refugees, idps) = shock_flight::split(c, &at, kind);
        // Issue 15: the kinds of shock differ by their defaults.
        let by_kind = |c: &mut Checker, name: &str, d: fn(ShockKind) -> f64| {
            if table.get(name).is_some() {
                c.number(&at, s, name)
            } else {
                kind.map(d)
            }
        };
        let return_rate = by_kind(c, "return_rate", |k| k.defaults().return_rate);
        let distance_km = by_kind(c, "distance_km", |k| k.defaults().distance_km);
        let flight = shock_flight::flight(c, &at, codes, country, kind);
        let (
            Some(kind),
            Some(country),
            Some(region),
            Some(start),
            Some(end),
            Some(intensity),
            Some(refugees),
            Some(idps),
            Some(return_rate),
            Some(distance_km),
            Some(flight),
        ) = (
            kind,
            country,
            region,
            start,
            end,
            intensity,
            refugees,
            idps,
            return_rate,
            distance_km,
            flight,
        )
        else {
            continue;
        };
        if !in_order(c, &at, "shock", start, end) {
            continue;
        }
        let item_pos = |k: &str| table.get(k).map_or(at.pos.clone(), |e| e.item.pos.clone());
        if refugees + idps > 1.0 {
            c.error(
                &item_pos("idps"),
                &join(&at.path, "idps"),
                format!(
                    "refugees ({}) and idps ({}) add up to more than 1",
                    schema::fmt_num(refugees),
                    schema::fmt_num(idps)
                ),
                Some("refugees + idps ≤ 1".into()),
                None,
            );
            continue;
        }
        let shock = Shock {
            kind,
            country,
            region,
            start,
            end,
            intensity,
            refugees,
            idps,
            return_rate,
            distance_km,
            flight,
        };
        if let Some((other, opos)) = out
            .iter()
            .find(|(o, _)| o.country == country && o.start <= end && start <= o.end)
        {
            overlap_error(
                c,
                &at,
                format!(
                    "the {} in {} ({start} to {end})",
                    kind.as_str(),
                    codes[country]
                ),
                format!(
                    "the {} there ({} to {})",
                    other.kind.as_str(),
                    other.start,
                    other.end
                ),
                opos,
                ("shocks", "shock"),
            );
            continue;
        }
        out.push((shock, at.pos.clone()));
    }
    out.into_iter().map(|(s, _)| s).collect()
}

fn capital_flows(
    c: &mut Checker,
    top: &At<'_>,
    codes: &[&str],
    sim: &Simulation,
) -> Vec<CapitalFlow> {
    let s = &schema::CAPITAL_FLOW;
    let mut out = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "capital_flow") {
        let at = At {
            table,
            pos,
            path: format!("capital_flow.{i}"),
        };
        c.unknown_keys(&at, s);
        let code = |c: &mut Checker, key: &str| {
            c.string(&at, s, key)
                .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, key), codes))
        };
        let from = code(c, "from");
        let to = code(c, "to");
        let amount = c.number(&at, s, "amount");
        let start = month_in_run(c, &at, s, "start", sim);
        let end = month_in_run(c, &at, s, "end", sim);
        let postings = c.number(&at, s, "postings");
        let posting_months = c.integer(&at, s, "posting_months").map(|n| n as u32);
        let (Some(from), Some(to), Some(amount), Some(start), Some(end), Some(postings)) =
            (from, to, amount, start, end, postings)
        else {
            continue;
        };
        let item_pos = |k: &str| table.get(k).map_or(at.pos.clone(), |e| e.item.pos.clone());
        if from == to {
            c.error(
                &item_pos("to"),
                &join(&at.path, "to"),
                format!("{} cannot invest in itself", codes[from]),
                Some("a country other than `from`".into()),
                None,
            );
            continue;
        }
        if !in_order(c, &at, "flow", start, end) {
            continue;
        }
        out.push(CapitalFlow {
            from,
            to,
            amount,
            start,
            end,
            postings,
            posting_months,
        });
    }
    out
}

fn regions(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Region> {
    let s = &schema::REGION;
    let mut out: Vec<(Region, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "region") {
        let at = At {
            table,
            pos,
            path: format!("region.{i}"),
        };
        c.unknown_keys(&at, s);
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let name = c.string(&at, s, "name");
        let share = c.number(&at, s, "population_share");
        let wage_factor = c.number(&at, s, "wage_factor");
        let unemployment = c.number(&at, s, "unemployment");
        let lat = c.number(&at, s, "latitude");
        let lon = c.number(&at, s, "longitude");
        if table.get("latitude").is_some() != table.get("longitude").is_some() {
            let (given, missing) = if table.get("latitude").is_some() {
                ("latitude", "longitude")
            } else {
                ("longitude", "latitude")
            };
            c.error(
                &at.pos,
                &join(&at.path, missing),
                format!("{given} is given without {missing}"),
                Some("both latitude and longitude, or neither".into()),
                None,
            );
            continue;
        }
        let (Some(country), Some((name, name_pos)), Some(share), Some(wage_factor)) =
            (country, name, share, wage_factor)
        else {
            continue;
        };
        if let Some((_, first)) = out
            .iter()
            .find(|(r, _)| r.country == country && r.name == name)
        {
            c.error(
                &name_pos,
                &join(&at.path, "name"),
                format!("a second region \"{name}\" in {}", codes[country]),
                Some("a name used by no other region of the country".into()),
                Some(format!(
                    "first at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            );
            continue;
        }
        out.push((
            Region {
                country,
                name,
                population_share: share,
                wage_factor,
                unemployment,
                location: lat.zip(lon),
            },
            at.pos.clone(),
        ));
    }
    for (j, code) in codes.iter().enumerate() {
        let mine: Vec<&(Region, Pos)> = out.iter().filter(|(r, _)| r.country == j).collect();
        let Some((_, first)) = mine.first() else {
            continue;
        };
        let path = format!("region.{code}");
        if mine.len() < 2 {
            c.error(
                first,
                &path,
                format!("{code} has a single region"),
                Some("two or more regions per divided country".into()),
                Some("a country without [[region]] tables is one region".into()),
            );
        } else if mine.len() > schema::MAX_REGIONS {
            c.error(
                first,
                &path,
                format!("{code} has {} regions", mine.len()),
                Some(format!(
                    "at most {} regions per country",
                    schema::MAX_REGIONS
                )),
                None,
            );
        }
        let total: f64 = mine.iter().map(|(r, _)| r.population_share).sum();
        if (total - 1.0).abs() > 1e-6 {
            c.error(
                first,
                &join(&path, "population_share"),
                format!(
                    "the population shares of {code}'s regions add up to {}",
                    schema::fmt_num(total)
                ),
                Some("shares that add up to 1".into()),
                None,
            );
        }
    }
    let mut regions: Vec<Region> = out.into_iter().map(|(r, _)| r).collect();
    regions.sort_by_key(|r| r.country);
    regions
}

/// The default of a number key, as the schema gives it.
/// The schema default of the number key `name` (NaN for a key without
/// one: a schema mistake that `tests::defaults_used_by_the_loader_exist`
/// rules out).
fn number_default(section: &Section, name: &str) -> f64 {
    match section.field(name).map(|f| f.default) {
        Some(Default::Number(x)) => x,
        _ => f64::NAN,
    }
}

/// The schema default of the integer key `name` (0 for a key without one).
fn integer_default(section: &Section, name: &str) -> i64 {
    match section.field(name).map(|f| f.default) {
        Some(Default::Integer(n)) => n,
        _ => 0,
    }
}

/// The schema default of the boolean key `name` (false for a key without one).
fn bool_default(section: &Section, name: &str) -> bool {
    matches!(
        section.field(name).map(|f| f.default),
        Some(Default::Bool(true))
    )
}

fn ties(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Tie> {
    let d = &schema::TIES;
    let defaults = c.table(top, "ties", d);
    let mut default = |name: &str| {
        defaults
            .as_ref()
            .and_then(|a| c.number(a, d, name))
            .unwrap_or_else(|| number_default(d, name))
    };
    let (language, history, ethnic) = (default("language"), default("history"), default("ethnic"));
    let s = &schema::TIE;
    let mut out: Vec<(Tie, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "tie") {
        let at = At {
            table,
            pos,
            path: format!("tie.{i}"),
        };
        c.unknown_keys(&at, s);
        let mut country = |name: &str| {
            c.string(&at, s, name)
                .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, name), codes))
        };
        let (a, b) = (country("a"), country("b"));
        let kind = c.string(&at, s, "kind").map(|(k, _)| match k.as_str() {
            "language" => TieKind::Language,
            "history" => TieKind::History,
            _ => TieKind::Ethnic,
        });
        let strength = c.number(&at, s, "strength");
        let bad_strength = table.get("strength").is_some() && strength.is_none();
        let (Some(a), Some(b), Some(kind), false) = (a, b, kind, bad_strength) else {
            continue;
        };
        if a == b {
            let p = table
                .get("b")
                .map_or(at.pos.clone(), |e| e.item.pos.clone());
            c.error(
                &p,
                &join(&at.path, "b"),
                format!("a tie of {} with itself", codes[a]),
                Some("two different countries".into()),
                None,
            );
            continue;
        }
        let strength = strength.unwrap_or(match kind {
            TieKind::Language => language,
            TieKind::History => history,
            TieKind::Ethnic => ethnic,
        });
        if let Some((_, first)) = out
            .iter()
            .find(|(t, _)| t.kind == kind && ((t.a == a && t.b == b) || (t.a == b && t.b == a)))
        {
            c.error(
                &at.pos,
                &at.path,
                format!(
                    "a second {} tie between {} and {}",
                    kind.as_str(),
                    codes[a],
                    codes[b]
                ),
                Some("one [[tie]] per pair of countries and kind".into()),
                Some(format!(
                    "first at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            );
            continue;
        }
        out.push((
            Tie {
                a,
                b,
                kind,
                strength,
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(t, _)| t).collect()
}

fn forms(c: &mut Checker, top: &At<'_>) -> Forms {
    let at = c.table(top, "forms", &schema::FORMS);
    c.keyed(at.as_ref())
}

fn seasons(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Season> {
    let s = &schema::SEASON;
    let mut out: Vec<(Season, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "season") {
        let at = At {
            table,
            pos,
            path: format!("season.{i}"),
        };
        c.unknown_keys(&at, s);
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let start = c.integer(&at, s, "start");
        let end = c.integer(&at, s, "end");
        let share = c.number(&at, s, "share");
        let bad_share = table.get("share").is_some() && share.is_none();
        let (Some(country), Some(start), Some(end), false) = (country, start, end, bad_share)
        else {
            continue;
        };
        if let Some((_, first)) = out.iter().find(|(x, _)| x.country == country) {
            c.error(
                &at.pos,
                &at.path,
                format!("a second season of {}", codes[country]),
                Some("one [[season]] per country".into()),
                Some(format!(
                    "first at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            );
            continue;
        }
        out.push((
            Season {
                country,
                start: start as u8,
                end: end as u8,
                share: share.unwrap_or_else(|| number_default(s, "share")),
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(x, _)| x).collect()
}

fn legality(c: &mut Checker, top: &At<'_>) -> Legality {
    let Some(at) = c.table(top, "legality", &schema::LEGALITY) else {
        return Legality::default();
    };
    let l: Legality = c.keyed(Some(&at));
    if l.legalised_share + l.leave_share + l.expelled_share <= 0.0 {
        c.error(
            &at.pos,
            "legality",
            "legalised_share, leave_share and expelled_share are all 0",
            Some("shares of the detected that add up to more than 0".into()),
            None,
        );
    }
    l
}

fn age(c: &mut Checker, top: &At<'_>) -> Option<Age> {
    top.table.get("age")?;
    let at = c.table(top, "age", &schema::AGE)?;
    let a: Age = c.keyed(Some(&at));
    if a.retire_at <= a.working_from {
        let pos = at
            .table
            .get("retire_at")
            .map_or(at.pos.clone(), |e| e.item.pos.clone());
        c.error(
            &pos,
            "age.retire_at",
            format!(
                "retire_at ({}) is not above working_from ({})",
                a.retire_at, a.working_from
            ),
            Some("working_from < retire_at".into()),
            None,
        );
    }
    Some(a)
}

fn returns(c: &mut Checker, top: &At<'_>) -> Returns {
    let at = c.table(top, "returns", &schema::RETURNS);
    c.keyed(at.as_ref())
}

fn entries(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Entry> {
    let s = &schema::ENTRY;
    let mut out: Vec<(Entry, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "entry") {
        let at = At {
            table,
            pos,
            path: format!("entry.{i}"),
        };
        c.unknown_keys(&at, s);
        let country = c
            .string(&at, s, "country")
            .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, "country"), codes));
        let rule = c.string(&at, s, "rule").map(|(r, _)| match r.as_str() {
            "open" => EntryRule::Open,
            "permit" => EntryRule::Permit,
            _ => EntryRule::Closed,
        });
        let quota = c.number(&at, s, "quota");
        let bad_quota = table.get("quota").is_some() && quota.is_none();
        let one_window = c.month(&at, s, "one_window");
        let detection = c.number(&at, s, "detection");
        let bad_detection = table.get("detection").is_some() && detection.is_none();
        let family = c.boolean(&at, s, "family");
        let bad_family = table.get("family").is_some() && family.is_none();
        let (Some(country), Some(rule), Some(one_window), false, false, false) = (
            country,
            rule,
            one_window,
            bad_quota,
            bad_detection,
            bad_family,
        ) else {
            continue;
        };
        if let Some((_, first)) = out.iter().find(|(x, _)| x.country == country) {
            c.error(
                &at.pos,
                &at.path,
                format!("a second entry rule of {}", codes[country]),
                Some("one [[entry]] per country".into()),
                Some(format!(
                    "first at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            );
            continue;
        }
        out.push((
            Entry {
                country,
                rule,
                quota,
                one_window,
                detection,
                family: family.unwrap_or_else(|| bool_default(s, "family")),
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(x, _)| x).collect()
}

fn technology(c: &mut Checker, top: &At<'_>) -> Technology {
    let at = c.table(top, "technology", &schema::TECHNOLOGY);
    c.keyed(at.as_ref())
}

/// Where the entry `code` of the table `name` of a bloc was written.
fn member_pos(at: &At<'_>, name: &str, code: &str) -> Pos {
    match at.table.get(name).map(|e| &e.item.value) {
        Some(Value::Table(t)) => t.get(code).map_or(at.pos.clone(), |e| e.key_pos.clone()),
        _ => at.pos.clone(),
    }
}

/// A code of a bloc's member, or an error naming the members.
fn bloc_member(
    c: &mut Checker,
    code: &str,
    pos: &Pos,
    key: &str,
    codes: &[&str],
    members: &[usize],
) -> Option<usize> {
    let idx = lookup_code(c, code, pos, key, codes)?;
    if members.contains(&idx) {
        return Some(idx);
    }
    let names: Vec<&str> = members.iter().map(|&m| codes[m]).collect();
    c.error(
        pos,
        key,
        format!("\"{code}\" is not a member of the bloc"),
        Some(format!("one of its members: {}", names.join(", "))),
        did_you_mean(code, names.iter().copied()),
    );
    None
}

/// `accession` or `leave` of a bloc: member codes to months.
fn code_months(
    c: &mut Checker,
    at: &At<'_>,
    name: &str,
    codes: &[&str],
    members: &[usize],
) -> Vec<(usize, YearMonth)> {
    let mut out = Vec::new();
    let Some(e) = at.table.get(name) else {
        return out;
    };
    let key = join(&at.path, name);
    let Value::Table(t) = &e.item.value else {
        c.wrong_type_of(&e.item, &key, &schema::BLOC, name);
        return out;
    };
    for entry in &t.entries {
        let ekey = join(&key, &entry.key);
        let Some(m) = bloc_member(c, &entry.key, &entry.key_pos, &ekey, codes, members) else {
            continue;
        };
        let month = match &entry.item.value {
            Value::String(s) => parse_month(s).ok_or_else(|| format!("\"{s}\" is not a month")),
            v => Err(format!("expected a month, found {}", v.type_name())),
        };
        match month {
            Ok(month) => out.push((m, month)),
            Err(message) => c.error(
                &entry.item.pos,
                &ekey,
                message,
                Some(Kind::Month.describe()),
                None,
            ),
        }
    }
    out
}

/// The `[[bloc.transition]]` tables of a bloc.
fn transitions(
    c: &mut Checker,
    bloc: &At<'_>,
    codes: &[&str],
    members: &[usize],
) -> Vec<Transition> {
    let s = &schema::BLOC_TRANSITION;
    let mut out = Vec::new();
    for (i, table, pos) in c.array_of_tables(bloc, "transition") {
        let at = At {
            table,
            pos,
            path: format!("{}.transition.{i}", bloc.path),
        };
        c.unknown_keys(&at, s);
        let member = c.string(&at, s, "member").and_then(|(code, p)| {
            bloc_member(c, &code, &p, &join(&at.path, "member"), codes, members)
        });
        let key = join(&at.path, "newcomers");
        let mut newcomers = Vec::new();
        let mut ok = true;
        if let Some(item) = c.field(s, "newcomers").and_then(|f| c.item(&at, f)) {
            match &item.value {
                Value::Array(xs) if !xs.is_empty() => {
                    for (n, x) in xs.iter().enumerate() {
                        let nkey = format!("{key}[{n}]");
                        let Value::String(code) = &x.value else {
                            c.error(
                                &x.pos,
                                &nkey,
                                format!("expected a country code, found {}", x.value.type_name()),
                                Some(Kind::Codes.describe()),
                                None,
                            );
                            ok = false;
                            continue;
                        };
                        match bloc_member(c, code, &x.pos, &nkey, codes, members) {
                            Some(idx) if Some(idx) == member => {
                                c.error(
                                    &x.pos,
                                    &nkey,
                                    format!("\"{code}\" cannot be closed to itself"),
                                    Some("members other than the restricting one".into()),
                                    None,
                                );
                                ok = false;
                            }
                            Some(idx) => newcomers.push(idx),
                            None => ok = false,
                        }
                    }
                }
                Value::Array(_) => {
                    c.error(
                        &item.pos,
                        &key,
                        "a transition without newcomers",
                        Some(Kind::Codes.describe()),
                        None,
                    );
                    ok = false;
                }
                _ => {
                    c.wrong_type_of(item, &key, s, "newcomers");
                    ok = false;
                }
            }
        }
        let until = c.month(&at, s, "until").flatten();
        if let (Some(member), Some(until), true) = (member, until, ok) {
            out.push(Transition {
                member,
                newcomers,
                until,
            });
        }
    }
    out
}

fn costs(c: &mut Checker, top: &At<'_>) -> Costs {
    let at = c.table(top, "costs", &schema::COSTS);
    c.keyed(at.as_ref())
}

/// `[decision]`: its own keys, the rule and (for the gravity rule) its terms.
fn decision(c: &mut Checker, top: &At<'_>) -> Decision {
    let at = c.table(top, "decision", &schema::DECISION);
    let mut d: Decision = c.keyed(at.as_ref());
    let terms: Gravity = c.keyed(at.as_ref());
    if let Some(g) = d.gravity.as_mut() {
        *g = terms;
    }
    d
}

/// `[[pair]]`: pair-specific terms of the gravity rule.
fn pairs(c: &mut Checker, top: &At<'_>, codes: &[&str]) -> Vec<Pair> {
    let s = &schema::PAIR;
    let mut out: Vec<(Pair, Pos)> = Vec::new();
    for (i, table, pos) in c.array_of_tables(top, "pair") {
        let at = At {
            table,
            pos,
            path: format!("pair.{i}"),
        };
        c.unknown_keys(&at, s);
        let mut country = |name: &str| {
            c.string(&at, s, name)
                .and_then(|(code, p)| lookup_code(c, &code, &p, &join(&at.path, name), codes))
        };
        let (from, to) = (country("from"), country("to"));
        let utility = c.number(&at, s, "utility");
        let both_ways = c.boolean(&at, s, "both_ways");
        let contiguous = c.boolean(&at, s, "contiguous");
        let (Some(from), Some(to), Some(utility), Some(both_ways), Some(contiguous)) =
            (from, to, utility, both_ways, contiguous)
        else {
            continue;
        };
        if from == to {
            let p = table
                .get("to")
                .map_or(at.pos.clone(), |e| e.item.pos.clone());
            c.error(
                &p,
                &join(&at.path, "to"),
                format!("a pair of {} with itself", codes[from]),
                Some("two different countries".into()),
                None,
            );
            continue;
        }
        if let Some((_, first)) = out.iter().find(|(q, _)| q.from == from && q.to == to) {
            c.error(
                &at.pos,
                &at.path,
                format!("a second [[pair]] from {} to {}", codes[from], codes[to]),
                Some("one [[pair]] per ordered pair of countries".into()),
                Some(format!(
                    "first at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            );
            continue;
        }
        out.push((
            Pair {
                from,
                to,
                utility,
                both_ways,
                contiguous,
            },
            at.pos.clone(),
        ));
    }
    out.into_iter().map(|(p, _)| p).collect()
}

fn recognition(c: &mut Checker, top: &At<'_>) -> Recognition {
    let at = c.table(top, "recognition", &schema::RECOGNITION);
    c.keyed(at.as_ref())
}

fn economy(c: &mut Checker, top: &At<'_>) -> Economy {
    let Some(at) = c.table(top, "economy", &schema::ECONOMY) else {
        return Economy::default();
    };
    let e: Economy = c.keyed(Some(&at));
    if e.unemployment_min > e.unemployment_max {
        let pos = at
            .table
            .get("unemployment_max")
            .or_else(|| at.table.get("unemployment_min"))
            .map_or(at.pos.clone(), |x| x.item.pos.clone());
        c.error(
            &pos,
            "economy.unemployment_max",
            format!(
                "unemployment_max ({}) is below unemployment_min ({})",
                e.unemployment_max, e.unemployment_min
            ),
            Some("unemployment_min ≤ unemployment_max".into()),
            None,
        );
    }
    e
}
