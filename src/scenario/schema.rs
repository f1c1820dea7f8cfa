//! The scenario schema, written once: every table, key, type, allowed range,
//! default, unit and meaning. The loader checks files against it and the
//! scenario reference (docs/scenario-reference.md) is
//! generated from it, so the two cannot drift apart.

use std::fmt::Write;

use super::keys::{Fill, Slot};
use super::model::Decision;

/// What values a key accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number (integers are accepted) in a range.
    Number(Range),
    /// An integer in `[min, max]`.
    Integer {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// Free text.
    Text,
    /// A name usable as a folder name: ASCII letters, digits, `.`, `_`, `-`.
    Name,
    /// A country code: 2 to 8 upper-case letters or digits.
    Code,
    /// `true` or `false`.
    Bool,
    /// A month, written `"YYYY-MM"`.
    Month,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A list of country codes.
    Codes,
    /// A table from country codes to months.
    CodeMonths,
    /// A table from country codes to shares.
    CodeShares,
    /// A path to another scenario file.
    Path,
    /// A table of its own (documented as a section).
    Table,
}

/// A range of numbers; each end open or closed, or unbounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower bound (`f64::NEG_INFINITY` for none).
    pub lo: f64,
    /// Whether `lo` itself is allowed.
    pub lo_closed: bool,
    /// Upper bound (`f64::INFINITY` for none).
    pub hi: f64,
    /// Whether `hi` itself is allowed.
    pub hi_closed: bool,
}

impl Range {
    /// `[lo, hi]`.
    pub const fn closed(lo: f64, hi: f64) -> Range {
        Range {
            lo,
            lo_closed: true,
            hi,
            hi_closed: true,
        }
    }

    /// `[lo, hi)`.
    pub const fn half_open(lo: f64, hi: f64) -> Range {
        Range {
            lo,
            lo_closed: true,
            hi,
            hi_closed: false,
        }
    }

    /// `> 0` (finite).
    pub const POSITIVE: Range = Range {
        lo: 0.0,
        lo_closed: false,
        hi: f64::INFINITY,
        hi_closed: false,
    };

    /// `≥ 0` (finite).
    pub const NON_NEGATIVE: Range = Range {
        lo: 0.0,
        lo_closed: true,
        hi: f64::INFINITY,
        hi_closed: false,
    };

    /// Whether `x` is in the range (NaN never is; infinities only where the
    /// range is closed at an infinite end, which none is).
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.lo_closed {
            x >= self.lo
        } else {
            x > self.lo
        };
        let below = if self.hi_closed {
            x <= self.hi
        } else {
            x < self.hi
        };
        above && below && x.is_finite()
    }

    /// How the range reads in messages and docs, e.g. `a number in [0, 1)`.
    pub fn describe(&self) -> String {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => format!(
                "a number in {}{}, {}{}",
                if self.lo_closed { '[' } else { '(' },
                fmt_num(self.lo),
                fmt_num(self.hi),
                if self.hi_closed { ']' } else { ')' }
            ),
            (true, false) => format!(
                "a number {} {}",
                if self.lo_closed { "≥" } else { ">" },
                fmt_num(self.lo)
            ),
            (false, true) => format!(
                "a number {} {}",
                if self.hi_closed { "≤" } else { "<" },
                fmt_num(self.hi)
            ),
            (false, false) => "a finite number".to_string(),
        }
    }
}

/// A number as a person would write it: `0.5`, `2`, `1000000`.
pub fn fmt_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl Kind {
    /// What is allowed, as shown after `allowed:` in errors and in the docs.
    pub fn describe(&self) -> String {
        match self {
            Kind::Number(r) => r.describe(),
            Kind::Integer { min, max } => format!("an integer in [{min}, {max}]"),
            Kind::Text => "a string".into(),
            Kind::Name => format!(
                "a string of ASCII letters (a-z, A-Z), digits, '.', '_' or '-', not starting \
                 with '.', at most {} characters",
                super::build::MAX_NAME_CHARS
            ),
            Kind::Code => "a code of 2 to 8 upper-case letters or digits, e.g. \"POL\"".into(),
            Kind::Bool => "true or false".into(),
            Kind::Month => "a month written \"YYYY-MM\", e.g. \"2004-05\"".into(),
            Kind::Choice(words) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Kind::Codes => "an array of country codes, e.g. [\"DEU\", \"POL\"]".into(),
            Kind::CodeMonths => {
                "a table of member codes to months, e.g. { POL = \"2004-05\" }".into()
            }
            Kind::CodeShares => {
                "a table of country codes to shares adding up to at most 1, e.g. { ARM = 0.6 }"
                    .into()
            }
            Kind::Path => "a path to a scenario file, relative to this file".into(),
            Kind::Table => "a table".into(),
        }
    }
}

/// The default of a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// The key must be given.
    Required,
    /// Absent means "none" (explained in the key's doc).
    Optional,
    /// A number.
    Number(f64),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Bool(bool),
    /// A string.
    Text(&'static str),
    /// Worked out from other values (how: in the text).
    Derived(&'static str),
}

impl Default {
    fn describe(&self) -> String {
        match self {
            Default::Required => "required".into(),
            Default::Optional => "none".into(),
            Default::Number(x) => fmt_num(*x),
            Default::Integer(n) => n.to_string(),
            Default::Bool(b) => b.to_string(),
            Default::Text(s) => format!("\"{s}\""),
            Default::Derived(s) => (*s).into(),
        }
    }
}

/// One key of a table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key.
    pub name: &'static str,
    /// What it accepts.
    pub kind: Kind,
    /// Its default.
    pub default: Default,
    /// Unit of the value ("" for none).
    pub unit: &'static str,
    /// What it means.
    pub doc: &'static str,
    /// Which model field its value fills ([`Fill::Loader`]: the loader's
    /// own code reads it).
    pub fill: Fill,
}

impl Field {
    /// The same key, filling `fill` in the model.
    pub const fn fills(self, fill: Fill) -> Field {
        Field { fill, ..self }
    }
}

/// One table of a scenario file (or an array of tables).
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Its path, e.g. `decision`, `country`, `country.cycle`; "" for the top level.
    pub path: &'static str,
    /// Whether it is an array of tables (`[[country]]`).
    pub array: bool,
    /// What it is for.
    pub doc: &'static str,
    /// Its keys.
    pub fields: &'static [Field],
}

impl Section {
    /// The field called `name`, if the section has one.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The names of all keys, for "did you mean" hints.
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
}

pub(crate) const fn f(
    name: &'static str,
    kind: Kind,
    default: Default,
    unit: &'static str,
    doc: &'static str,
) -> Field {
    Field {
        name,
        kind,
        default,
        unit,
        doc,
        fill: Fill::Loader,
    }
}

pub(crate) const PROBABILITY: Kind = Kind::Number(Range::closed(0.0, 1.0));
const SHARE_BELOW_ONE: Kind = Kind::Number(Range::half_open(0.0, 1.0));
const GROWTH_RATE: Kind = Kind::Number(Range::closed(-0.5, 0.5));

/// The development groups of docs/model.md §2, as written in files.
pub const GROUPS: &[&str] = &["industrialised", "developing", "transition"];

/// The top level of a scenario file.
pub const TOP: Section = Section {
    path: "",
    array: false,
    doc: "Keys at the top of the file.",
    fields: &[
        f(
            "name",
            Kind::Name,
            Default::Derived("the file name without .toml"),
            "",
            "Scenario name; names the output folder output/<name>/.",
        ),
        f(
            "description",
            Kind::Text,
            Default::Text(""),
            "",
            "Free text shown by `validate`, in the manifest and in reports.",
        ),
        f(
            "extends",
            Kind::Path,
            Default::Optional,
            "",
            "Another scenario this one starts from: its tables are merged key by key, \
             any other value (arrays such as [[country]] included) is replaced.",
        ),
        f(
            "simulation",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [simulation].",
        ),
        f(
            "world",
            Kind::Table,
            Default::Optional,
            "",
            "See [world.synthetic].",
        ),
        f(
            "country",
            Kind::Table,
            Default::Optional,
            "",
            "See [[country]]; give countries or [world.synthetic], not both.",
        ),
        f(
            "distance",
            Kind::Table,
            Default::Optional,
            "",
            "See [[distance]].",
        ),
        f("bloc", Kind::Table, Default::Optional, "", "See [[bloc]]."),
        f(
            "policy",
            Kind::Table,
            Default::Optional,
            "",
            "See [[policy]].",
        ),
        f(
            "costs",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [costs].",
        ),
        f(
            "decision",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [decision].",
        ),
        f(
            "economy",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [economy].",
        ),
        f(
            "recognition",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [recognition].",
        ),
        f(
            "phase",
            Kind::Table,
            Default::Optional,
            "",
            "See [[phase]].",
        ),
        f(
            "technology",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [technology].",
        ),
        f(
            "barrier_change",
            Kind::Table,
            Default::Optional,
            "",
            "See [[barrier_change]].",
        ),
        f(
            "ties",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [ties].",
        ),
        f("tie", Kind::Table, Default::Optional, "", "See [[tie]]."),
        f("pair", Kind::Table, Default::Optional, "", "See [[pair]]."),
        f(
            "shock",
            Kind::Table,
            Default::Optional,
            "",
            "See [[shock]].",
        ),
        f(
            "capital_flow",
            Kind::Table,
            Default::Optional,
            "",
            "See [[capital_flow]].",
        ),
        f(
            "region",
            Kind::Table,
            Default::Optional,
            "",
            "See [[region]].",
        ),
        f(
            "forms",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [forms].",
        ),
        f(
            "season",
            Kind::Table,
            Default::Optional,
            "",
            "See [[season]].",
        ),
        f(
            "legality",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [legality].",
        ),
        f(
            "entry",
            Kind::Table,
            Default::Optional,
            "",
            "See [[entry]].",
        ),
        f(
            "returns",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [returns].",
        ),
        f(
            "age",
            Kind::Table,
            Default::Optional,
            "",
            "See [age]; without it agents have no ages.",
        ),
        f(
            "data",
            Kind::Table,
            Default::Optional,
            "",
            "See [data]: per-country series and initial stocks from CSV files.",
        ),
        f(
            "stock",
            Kind::Table,
            Default::Optional,
            "",
            "See [[stock]]: initial migrant stocks written in the scenario.",
        ),
    ],
};

/// `[simulation]`.
pub const SIMULATION: Section = Section {
    path: "simulation",
    array: false,
    doc: "Time, randomness and how many agents stand for the population.",
    fields: &[
        f(
            "start",
            Kind::Month,
            Default::Text("2000-01"),
            "month",
            "First simulated month.",
        ),
        f(
            "months",
            Kind::Integer {
                min: 1,
                max: 120_000,
            },
            Default::Integer(120),
            "months",
            "Length of the run (monthly steps).",
        ),
        f(
            "until",
            Kind::Month,
            Default::Optional,
            "month",
            "Last simulated month; sets months = until − start + 1 (what `--until` sets). \
             Dated elements that start after it are left out with a notice.",
        ),
        f(
            "seed",
            Kind::Integer {
                min: 0,
                max: i64::MAX,
            },
            Default::Integer(1),
            "",
            "Seed of every random stream; the same seed gives the same files.",
        ),
        f(
            "agents",
            Kind::Integer {
                min: 1,
                max: 4_000_000_000,
            },
            Default::Derived("100000 (if people_per_agent is not set)"),
            "agents",
            "Total number of agents, shared among countries by population \
             (largest remainder). Give this or people_per_agent.",
        ),
        f(
            "people_per_agent",
            Kind::Number(Range::POSITIVE),
            Default::Optional,
            "people",
            "People one agent stands for; each country gets round(population / this) agents.",
        ),
    ],
};

/// Agents of a run that sets neither `agents` nor `people_per_agent`
/// (the `agents` default).
pub const DEFAULT_AGENTS: u64 = 100_000;

/// `[world.synthetic]`.
pub const SYNTHETIC: Section = Section {
    path: "world.synthetic",
    array: false,
    doc: "The synthetic world of docs/reference-model.md (RB-1) instead of [[country]]: \
          K countries C00, C01, … growing richer with k, the richer half in one \
          free-movement bloc \"North\".",
    fields: &[
        f(
            "countries",
            Kind::Integer { min: 2, max: 4096 },
            Default::Required,
            "countries",
            "Number of countries K.",
        ),
        f(
            "bloc",
            Kind::Bool,
            Default::Bool(true),
            "",
            "Whether the richer half forms the free-movement bloc \"North\".",
        ),
    ],
};

/// `[[country]]`.
pub const COUNTRY: Section = Section {
    path: "country",
    array: true,
    doc: "One table per country. Give latitude and longitude (great-circle distances) \
          or [[distance]] entries for its pairs.",
    fields: &[
        f(
            "code",
            Kind::Code,
            Default::Required,
            "",
            "ISO 3166-1 alpha-3 code (any unique code of 2-8 upper-case letters or digits).",
        ),
        f(
            "name",
            Kind::Text,
            Default::Derived("the code"),
            "",
            "Display name.",
        ),
        f(
            "continent",
            Kind::Text,
            Default::Required,
            "",
            "Continent; moves are tagged intercontinental or intracontinental by it.",
        ),
        f(
            "group",
            Kind::Choice(GROUPS),
            Default::Required,
            "",
            "Development group (docs/model.md §2).",
        ),
        f(
            "population",
            Kind::Number(Range::POSITIVE),
            Default::Required,
            "people",
            "Working-age population represented by agents.",
        ),
        f(
            "wage_low",
            Kind::Number(Range::POSITIVE),
            Default::Required,
            "US$ / month",
            "Base monthly wage of the low-skilled.",
        ),
        f(
            "wage_high",
            Kind::Number(Range::POSITIVE),
            Default::Required,
            "US$ / month",
            "Base monthly wage of the high-skilled.",
        ),
        f(
            "unemployment",
            SHARE_BELOW_ONE,
            Default::Required,
            "share",
            "Base unemployment rate (0.08 = 8 %).",
        ),
        f(
            "high_skilled_share",
            PROBABILITY,
            Default::Required,
            "share",
            "Share of high-skilled among the natives.",
        ),
        f(
            "latitude",
            Kind::Number(Range::closed(-90.0, 90.0)),
            Default::Optional,
            "degrees",
            "Latitude of the country's centre (with longitude).",
        ),
        f(
            "longitude",
            Kind::Number(Range::closed(-180.0, 180.0)),
            Default::Optional,
            "degrees",
            "Longitude of the country's centre (with latitude).",
        ),
        f(
            "cycle",
            Kind::Table,
            Default::Derived("all defaults"),
            "",
            "See [country.cycle].",
        ),
        f(
            "recognition",
            PROBABILITY,
            Default::Derived("[recognition] probability"),
            "probability",
            "Chance that the country recognises a high-skilled foreigner's qualification \
             (unrecognised, the worker earns the low-skill wage).",
        ),
        f(
            "skill_premium_growth",
            GROWTH_RATE,
            Default::Derived("technology.skill_premium_growth"),
            "per year",
            "This country's yearly growth of wage_high relative to wage_low (see [technology]).",
        ),
        f(
            "migrant_wage_discount",
            SHARE_BELOW_ONE,
            Default::Derived("economy.migrant_wage_discount"),
            "share",
            "This country's discount on foreign workers' wages where equal treatment does \
             not hold (0: equal treatment; see [economy]).",
        ),
    ],
};

/// `cycle = { ... }` inside a country.
pub const CYCLE: Section = Section {
    path: "country.cycle",
    array: false,
    doc: "The country's business cycle g(t) = amplitude · sin(2π t / period + 2π phase), \
          written `cycle = { amplitude = 0.1, period = 96, phase = 0.25 }`.",
    fields: &[
        f(
            "amplitude",
            SHARE_BELOW_ONE,
            Default::Number(0.10),
            "share",
            "Relative amplitude (0.1 = ±10 % on wages).",
        )
        .fills(Fill::Cycle(Slot::Number(|x| &mut x.amplitude))),
        f(
            "period",
            Kind::Number(Range::POSITIVE),
            Default::Number(96.0),
            "months",
            "Length of a full cycle.",
        )
        .fills(Fill::Cycle(Slot::Number(|x| &mut x.period))),
        f(
            "phase",
            SHARE_BELOW_ONE,
            Default::Number(0.0),
            "share of a period",
            "Where in its cycle the country is at the start.",
        )
        .fills(Fill::Cycle(Slot::Number(|x| &mut x.phase))),
    ],
};

/// `[[distance]]`.
pub const DISTANCE: Section = Section {
    path: "distance",
    array: true,
    doc: "An explicit distance between two countries (both directions); it overrides \
          the great-circle distance and is needed for pairs without coordinates.",
    fields: &[
        f(
            "from",
            Kind::Code,
            Default::Required,
            "",
            "Code of one country.",
        ),
        f(
            "to",
            Kind::Code,
            Default::Required,
            "",
            "Code of the other country.",
        ),
        f(
            "km",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Required,
            "km",
            "Distance.",
        ),
    ],
};

/// `[[bloc]]`.
pub const BLOC: Section = Section {
    path: "bloc",
    array: true,
    doc: "A bloc of countries; with free movement, no border barrier between members.",
    fields: &[
        f("name", Kind::Text, Default::Required, "", "Unique name."),
        f(
            "members",
            Kind::Codes,
            Default::Required,
            "",
            "Codes of the member countries.",
        ),
        f(
            "free_movement",
            Kind::Bool,
            Default::Bool(true),
            "",
            "Whether workers move freely between members.",
        ),
        f(
            "start",
            Kind::Month,
            Default::Optional,
            "month",
            "Month the bloc comes into force (none: from the start).",
        ),
        f(
            "recognition",
            PROBABILITY,
            Default::Derived("each destination's own"),
            "probability",
            "Chance that a member recognises the qualification of a high-skilled native of \
             another member while the bloc is in force (e.g. 1.0 for mutual recognition); \
             overrides the members' own `recognition`; with several blocs, the largest.",
        ),
        f(
            "accession",
            Kind::CodeMonths,
            Default::Derived("every member from the bloc's start"),
            "month",
            "Month each listed member joins (e.g. { POL = \"2004-05\" }); before it, \
             the member is outside the bloc.",
        ),
        f(
            "leave",
            Kind::CodeMonths,
            Default::Optional,
            "month",
            "First month each listed member is outside the bloc (e.g. { GBR = \"2020-02\" }).",
        ),
        f(
            "transition",
            Kind::Table,
            Default::Optional,
            "",
            "See [[bloc.transition]].",
        ),
    ],
};

/// `[[bloc.transition]]`.
pub const BLOC_TRANSITION: Section = Section {
    path: "bloc.transition",
    array: true,
    doc: "A transitional arrangement inside a [[bloc]]: an old member keeps its labour \
          market closed to workers from some newcomers until a date (free movement the \
          other way is not affected).",
    fields: &[
        f(
            "member",
            Kind::Code,
            Default::Required,
            "",
            "Code of the restricting member (a member of the bloc).",
        ),
        f(
            "newcomers",
            Kind::Codes,
            Default::Required,
            "",
            "Codes of the members whose workers it keeps out (members of the bloc).",
        ),
        f(
            "until",
            Kind::Month,
            Default::Required,
            "month",
            "First month in which free movement from them applies.",
        ),
    ],
};

/// `[costs]`.
pub const COSTS: Section = Section {
    path: "costs",
    array: false,
    doc: "Costs of moving (docs/model.md §6), in utility units.",
    fields: &[
        f(
            "transport_per_1000km",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.3),
            "utility / 1000 km",
            "τ: cost of distance between residence and destination.",
        )
        .fills(Fill::Costs(Slot::Number(|x| &mut x.transport_per_1000km))),
        f(
            "border_barrier",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(2.0),
            "utility",
            "Cost of crossing a border, except inside a free-movement bloc and going home.",
        )
        .fills(Fill::Costs(Slot::Number(|x| &mut x.border_barrier))),
        f(
            "transport_decline",
            SHARE_BELOW_ONE,
            Default::Number(0.0),
            "per year",
            "Yearly fall of τ (cheaper, faster transport): τ · (1 − rate)^(months / 12).",
        )
        .fills(Fill::Costs(Slot::Number(|x| &mut x.transport_decline))),
    ],
};

/// `[decision]`.
pub const DECISION: Section = Section {
    path: "decision",
    array: false,
    doc: "The decision rule of docs/model.md §6 (multinomial logit over countries).",
    fields: &[
        f(
            "reconsider_probability",
            Kind::Number(Range {
                lo: 0.0,
                lo_closed: false,
                hi: 1.0,
                hi_closed: true,
            }),
            Default::Number(1.0 / 24.0),
            "per month",
            "p: chance that an agent reconsiders where to live in a month (default 1/24).",
        )
        .fills(Fill::Decision(Slot::Number(|x| &mut x.reconsider_probability))),
        f(
            "wage_weight",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(1.0),
            "",
            "β_w: weight of ln(expected income) = ln(wage · (1 − unemployment)).",
        )
        .fills(Fill::Decision(Slot::Number(|x| &mut x.wage_weight))),
        f(
            "network_weight",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.5),
            "",
            "β_n: weight of the diaspora term ln(1 + scale · M_oj / max(L_j, 1)); under the \
             gravity rule M_oj counts only migrants abroad (0 for j = o) and is divided by \
             the natives of o instead of L_j.",
        )
        .fills(Fill::Decision(Slot::Number(|x| &mut x.network_weight))),
        f(
            "network_scale",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(1000.0),
            "",
            "The scale inside the diaspora term.",
        )
        .fills(Fill::Decision(Slot::Number(|x| &mut x.network_scale))),
        f(
            "home_bias",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.5),
            "utility",
            "h: bonus of living in one's origin country.",
        )
        .fills(Fill::Decision(Slot::Number(|x| &mut x.home_bias))),
        f(
            "network_growth",
            Kind::Number(Range::closed(0.0, 1.0)),
            Default::Number(0.0),
            "per year",
            "Yearly growth of β_n with global integration and information: \
             β_n · (1 + rate)^(months / 12).",
        )
        .fills(Fill::Decision(Slot::Number(|x| &mut x.network_growth))),
        f(
            "internal_move_cost",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(1.0),
            "utility",
            "Friction of moving between two regions of one country: a resident who picks \
             another region moves with probability e^(−cost) (see [[region]]).",
        )
        .fills(Fill::Decision(Slot::Number(|x| &mut x.internal_move_cost))),
        f(
            "rule",
            Kind::Choice(DECISION_RULES),
            Default::Text("gravity"),
            "",
            "Which decision rule: \"gravity\" (docs/model.md \"The gravity decision rule\": \
             destination size, diaspora abroad only, log distance, contiguity, [[pair]] terms, \
             costs by skill, jobs and affordability, tenure) or \"reference\" (docs/model.md §6 as \
             written, the frozen benchmark of docs/reference-model.md; the keys below are then unused).",
        )
        .fills(Fill::Decision(Slot::Choice(Decision::set_rule))),
        f(
            "size_weight",
            Kind::Number(Range::closed(0.0, 1.0)),
            Default::Number(0.5),
            "",
            "β_L (gravity): weight of ln(residents of the destination / mean residents of a country), the number of jobs and \
             opportunities there, on every move (not on staying): flows grow with the \
             destination's size as L^β_L.",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.size_weight))),
        f(
            "distance_elasticity",
            Kind::Number(Range::closed(0.0, 5.0)),
            Default::Number(1.0),
            "utility / ln km",
            "β_d (gravity): cost β_d(t) · ln(max(d, 100 km) / 1000 km) of a move over distance d, \
             falling with [costs] transport_decline: β_d(t) = β_d · (1 − decline)^(months / 12).",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.distance_elasticity))),
        f(
            "contiguity",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(1.0),
            "utility",
            "γ_c (gravity): bonus of a move into a country that shares a border with the \
             residence ([[pair]] contiguous).",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.contiguity))),
        f(
            "jobs_weight",
            Kind::Number(Range::closed(0.0, 5.0)),
            Default::Number(0.5),
            "",
            "β_J (gravity): weight of ln((1 − u_j) / u_j), the labour-market tightness of the \
             destination, on every move (not on staying): a world-wide recession makes jobs \
             abroad harder to find, a boom easier.",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.jobs_weight))),
        f(
            "move_cost_low",
            Kind::Number(Range::closed(0.0, 30.0)),
            Default::Number(6.0),
            "utility",
            "m_low (gravity): fixed cost of leaving the country one lives in, for the \
             low-skilled (information, credit, language).",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.move_cost[0]))),
        f(
            "move_cost_high",
            Kind::Number(Range::closed(0.0, 30.0)),
            Default::Number(4.5),
            "utility",
            "m_high (gravity): the same for the high-skilled (lower: better information, \
             credit, languages, skill-selective entry).",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.move_cost[1]))),
        f(
            "return_cost_share",
            Kind::Number(Range::closed(0.0, 1.0)),
            Default::Number(0.5),
            "share",
            "ρ (gravity): share of m_s that a return home pays (the place, language and \
             papers are known there).",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.return_cost_share))),
        f(
            "foreignness",
            Kind::Number(Range::closed(0.0, 20.0)),
            Default::Number(0.0),
            "utility",
            "φ (gravity): the part of the border barrier that free movement leaves in place \
             (language, customs, a life to rebuild): a move abroad between two countries of an \
             active free-movement bloc pays φ instead of no barrier; a return home pays none. \
             Keep φ ≤ [costs] border_barrier.",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.foreignness))),
        f(
            "afford_weight",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(1.5),
            "",
            "β_a (gravity): weight of ln(1 + C / B), the money cost C of a move against what \
             the mover can pay, B = savings_months · wage · (1 − u) where it lives.",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.afford_weight))),
        f(
            "move_cost_usd",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(3000.0),
            "US$",
            "C_0 (gravity): money cost of any move abroad (fees, first months, passage).",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.move_cost_usd))),
        f(
            "move_cost_usd_per_1000km",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(500.0),
            "US$ / 1000 km",
            "C_d (gravity): money cost per 1000 km of the move, falling with [costs] \
             transport_decline like β_d.",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.move_cost_usd_per_1000km))),
        f(
            "savings_months",
            Kind::Number(Range::POSITIVE),
            Default::Number(6.0),
            "months",
            "S (gravity): months of expected income a mover can put into a move.",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.savings_months))),
        f(
            "tenure_cost",
            Kind::Number(Range::closed(0.0, 5.0)),
            Default::Number(0.3),
            "per year",
            "λ (gravity): cost of leaving a country abroad that grows with the years lived \
             there: a migrant abroad who chose to move acts on it with probability \
             e^(−λ · min(years there, tenure_cap_years)) (needs the life columns, i.e. a \
             scenario with [forms], [legality], [returns], [age] or seasons; else unused).",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.tenure_cost))),
        f(
            "tenure_cap_years",
            Kind::Number(Range::closed(0.0, 60.0)),
            Default::Number(10.0),
            "years",
            "Years after which the tenure cost stops growing.",
        )
        .fills(Fill::Gravity(Slot::Number(|x| &mut x.tenure_cap_years))),
    ],
};

/// The decision rules of `[decision] rule`.
pub const DECISION_RULES: &[&str] = &["gravity", "reference"];

/// `[economy]`.
pub const ECONOMY: Section = Section {
    path: "economy",
    array: false,
    doc: "The country state each month (docs/model.md §6): \
          wage_s = base_s · (1 + g) · (L / L0)^(−ε) · (L_s / L_s0)^(−ε_s), \
          unemployment = clamp(u · (1 − κ g) · (1 + φ (L / L0 − 1))), where L is the \
          country's residents, L_s its residents of skill s and 0 marks the first month.",
    fields: &[
        f(
            "wage_elasticity",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.3),
            "",
            "ε: how wages fall as labour supply grows.",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.wage_elasticity))),
        f(
            "okun",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(2.0),
            "",
            "κ: how unemployment falls in booms and rises in recessions.",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.okun))),
        f(
            "skill_elasticity_low",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "",
            "ε_low: how the low-skill wage also falls as the country's low-skilled \
             residents grow (and rises as they emigrate), on top of ε.",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.skill_elasticity[0]))),
        f(
            "skill_elasticity_high",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "",
            "ε_high: the same for the high-skill wage and the high-skilled residents \
             (brain drain raises the high-skill wage at home).",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.skill_elasticity[1]))),
        f(
            "supply_unemployment",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(0.0),
            "",
            "φ: how unemployment rises with a labour-supply shock (residents above their \
             first-month number) and falls when people leave.",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.supply_unemployment))),
        f(
            "unemployment_min",
            SHARE_BELOW_ONE,
            Default::Number(0.01),
            "share",
            "Lowest unemployment rate.",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.unemployment_min))),
        f(
            "unemployment_max",
            SHARE_BELOW_ONE,
            Default::Number(0.5),
            "share",
            "Highest unemployment rate (≥ unemployment_min).",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.unemployment_max))),
        f(
            "migrant_wage_discount",
            SHARE_BELOW_ONE,
            Default::Number(0.0),
            "share",
            "Equal treatment: the share of the native wage a foreign worker does not get \
             (0: migrants earn the native wage). Natives of a free-movement partner always \
             get equal treatment; agents expect the discount when they choose.",
        )
        .fills(Fill::Economy(Slot::Number(|x| {
            &mut x.migrant_wage_discount
        }))),
        f(
            "fdi_elasticity",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(0.5),
            "",
            "η: how fast labour demand rises with the foreign direct investment stock of \
             [[capital_flow]]: the demand term is D_max · (1 − e^(−η · x / D_max)), \
             x = stock / (population · mean base wage · 12), so η · x for small stocks.",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.fdi_elasticity))),
        f(
            "fdi_depreciation",
            Kind::Number(Range::closed(0.0, 1.0)),
            Default::Number(0.05),
            "per year",
            "Yearly depreciation of FDI stocks: each month the stock keeps \
             (1 − rate)^(1/12) of itself before the month's inflow.",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.fdi_depreciation))),
        f(
            "fdi_demand_max",
            Kind::Number(Range::POSITIVE),
            Default::Number(0.3),
            "",
            "D_max: the most labour demand FDI can add to g (the term saturates; 0.3 is \
             three times the reference cycle's amplitude).",
        )
        .fills(Fill::Economy(Slot::Number(|x| &mut x.fdi_demand_max))),
    ],
};

/// `[recognition]`.
pub const RECOGNITION: Section = Section {
    path: "recognition",
    array: false,
    doc: "Skill recognition (\"brain waste\", docs/model.md §2): a destination recognises a \
          high-skilled foreigner's qualification with a probability drawn once on arrival; \
          unrecognised, the worker earns the destination's low-skill wage, and every \
          high-skilled agent weighs the wages by these odds when deciding. Home \
          qualifications are always recognised.",
    fields: &[f(
        "probability",
        PROBABILITY,
        Default::Number(1.0),
        "probability",
        "Chance of recognition where no [[country]] or [[bloc]] `recognition` applies \
         (1: everything recognised).",
    )
    .fills(Fill::Recognition(Slot::Number(|x| &mut x.probability)))],
};

/// The kinds of a cycle phase, as written in files.
pub const PHASE_KINDS: &[&str] = &["boom", "recession"];

/// `[[phase]]`.
pub const PHASE: Section = Section {
    path: "phase",
    array: true,
    doc: "A dated boom or recession on top of the smooth cycle: while it lasts the \
          country's cycle term g gets +depth (boom) or −depth (recession), so wages and \
          unemployment react through [economy]. Phases of one country (or of all) must \
          not overlap. Example: `[[phase]]` `country = \"ESP\"` `kind = \"recession\"` \
          `start = \"2008-10\"` `end = \"2013-06\"` `depth = 0.08`.",
    fields: &[
        f(
            "country",
            Kind::Code,
            Default::Derived("every country"),
            "",
            "Code of the country it hits; omit for all countries.",
        ),
        f(
            "kind",
            Kind::Choice(PHASE_KINDS),
            Default::Required,
            "",
            "Boom (labour demand above trend) or recession (below).",
        ),
        f(
            "start",
            Kind::Month,
            Default::Required,
            "month",
            "First month of the phase, inside the run.",
        ),
        f(
            "end",
            Kind::Month,
            Default::Required,
            "month",
            "Last month of the phase (inclusive), inside the run and not before start.",
        ),
        f(
            "depth",
            SHARE_BELOW_ONE,
            Default::Required,
            "share",
            "How far g moves (0.05 = wages 5 % off trend, unemployment by okun · 5 %).",
        ),
    ],
};

/// `[technology]`.
pub const TECHNOLOGY: Section = Section {
    path: "technology",
    array: false,
    doc: "Skill-biased technical progress: demand for the high-skilled grows, so \
          wage_high grows relative to wage_low, wage_high · (1 + rate / 12)^t after t \
          months; a country's own `skill_premium_growth` overrides the rate.",
    fields: &[f(
        "skill_premium_growth",
        GROWTH_RATE,
        Default::Number(0.0),
        "per year",
        "Yearly growth of the skill premium (0.02 = 2 % a year), compounded monthly.",
    )
    .fills(Fill::Technology(Slot::Number(|x| {
        &mut x.skill_premium_growth
    })))],
};

/// `[[barrier_change]]`.
pub const BARRIER_CHANGE: Section = Section {
    path: "barrier_change",
    array: true,
    doc: "A structural reform or liberalisation: from `date` on, the border barrier of \
          moves into the country (entry) or out of it (exit) is multiplied; a move c → j \
          pays border_barrier · exit(c) · entry(j) (free movement and returns home pay \
          none). A later change of the same country replaces the multiplier it gives.",
    fields: &[
        f(
            "country",
            Kind::Code,
            Default::Required,
            "",
            "Code of the country.",
        ),
        f(
            "date",
            Kind::Month,
            Default::Required,
            "month",
            "First month of the new multipliers, inside the run.",
        ),
        f(
            "entry_barrier",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Derived("unchanged (1 at the start)"),
            "× border_barrier",
            "Multiplier of the barrier on moves into the country.",
        ),
        f(
            "exit_barrier",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Derived("unchanged (1 at the start)"),
            "× border_barrier",
            "Multiplier of the barrier on moves out of the country.",
        ),
    ],
};

/// The kinds of a tie between two countries, as written in files.
pub const TIE_KINDS: &[&str] = &["language", "history", "ethnic"];

/// `[ties]`.
pub const TIES: Section = Section {
    path: "ties",
    array: false,
    doc: "Default strengths of the [[tie]] kinds, in utility units: a tie of that kind \
          without its own `strength` adds this much to the utility of the tied country \
          for natives of the other.",
    fields: &[
        f(
            "language",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.5),
            "utility",
            "Strength of a \"language\" tie (a common official language).",
        ),
        f(
            "history",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.3),
            "utility",
            "Strength of a \"history\" tie (a colonial or other shared past).",
        ),
        f(
            "ethnic",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.5),
            "utility",
            "Strength of an \"ethnic\" tie (a language or people spoken or living in both).",
        ),
    ],
};

/// `[[tie]]`.
pub const TIE: Section = Section {
    path: "tie",
    array: true,
    doc: "An ethnic, language or historical tie between two countries (docs/model.md §3): \
          natives of either country get + strength on the utility of living in the \
          other, wherever they live now. Ties are symmetric; several ties of one pair \
          add up. Example: `[[tie]]` `a = \"GBR\"` `b = \"IND\"` `kind = \"history\"`.",
    fields: &[
        f(
            "a",
            Kind::Code,
            Default::Required,
            "",
            "Code of one country.",
        ),
        f(
            "b",
            Kind::Code,
            Default::Required,
            "",
            "Code of the other country.",
        ),
        f(
            "kind",
            Kind::Choice(TIE_KINDS),
            Default::Required,
            "",
            "What ties them; one tie per pair and kind.",
        ),
        f(
            "strength",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Derived("the kind's strength in [ties]"),
            "utility",
            "Utility added for natives of one country living in the other.",
        ),
    ],
};

/// `[[pair]]`.
pub const PAIR: Section = Section {
    path: "pair",
    array: true,
    doc: "Pair-specific terms of the gravity decision rule (docs/model.md), from data: \
          `utility` is added for natives of `from` weighing `to` (one way unless `both_ways`: \
          visas, recruitment ties, a diaspora's own networks), and `contiguous` marks a shared \
          border (both ways; a move between the two gets [decision] contiguity). One [[pair]] \
          per ordered pair. Unused by the reference rule. Example: `[[pair]]` \
          `from = \"MEX\"` `to = \"USA\"` `contiguous = true`.",
    fields: &[
        f(
            "from",
            Kind::Code,
            Default::Required,
            "",
            "Code of the country whose natives weigh `to`.",
        ),
        f(
            "to",
            Kind::Code,
            Default::Required,
            "",
            "Code of the destination.",
        ),
        f(
            "utility",
            Kind::Number(Range::closed(-20.0, 20.0)),
            Default::Number(0.0),
            "utility",
            "Added to the utility of `to` for natives of `from` (negative: a visa or other \
             barrier of that pair).",
        ),
        f(
            "both_ways",
            Kind::Bool,
            Default::Bool(false),
            "",
            "Whether `utility` also holds for natives of `to` weighing `from`.",
        ),
        f(
            "contiguous",
            Kind::Bool,
            Default::Bool(false),
            "",
            "Whether the two countries share a land border.",
        ),
    ],
};

/// `[forms]`.
pub const FORMS: Section = Section {
    path: "forms",
    array: false,
    doc: "Forms of migration by duration (docs/model.md §2). A move abroad is permanent \
          unless it becomes a temporary contract (abroad for `contract_months`, then \
          renewed or home), seasonal work (see [[season]]) or daily commuting (the \
          worker stays at home and works across the border). Workers on a contract or \
          abroad for a season do not reconsider until it ends.",
    fields: &[
        f(
            "temporary_share",
            PROBABILITY,
            Default::Number(0.0),
            "probability",
            "Chance that a move abroad (not a return home) is a temporary contract.",
        )
        .fills(Fill::Forms(Slot::Number(|x| &mut x.temporary_share))),
        f(
            "contract_months",
            Kind::Integer { min: 1, max: 600 },
            Default::Integer(24),
            "months",
            "Length of a contract.",
        )
        .fills(Fill::Forms(Slot::Count(|x| &mut x.contract_months))),
        f(
            "renewal_probability",
            PROBABILITY,
            Default::Number(0.0),
            "probability",
            "Chance that an ending contract is renewed for another contract_months; \
             otherwise the worker goes home.",
        )
        .fills(Fill::Forms(Slot::Number(|x| &mut x.renewal_probability))),
        f(
            "commuting_km",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "km",
            "Largest distance between home and the country of work for daily commuting \
             (0: nobody commutes).",
        )
        .fills(Fill::Forms(Slot::Number(|x| &mut x.commuting_km))),
        f(
            "commuting_share",
            PROBABILITY,
            Default::Number(0.5),
            "probability",
            "Chance that a worker at home who chooses a country within commuting_km \
             commutes daily instead of moving (commuters keep their residence).",
        )
        .fills(Fill::Forms(Slot::Number(|x| &mut x.commuting_share))),
    ],
};

/// `[[season]]`.
pub const SEASON: Section = Section {
    path: "season",
    array: true,
    doc: "A destination's season for seasonal work (agriculture, tourism): a worker at \
          home who chooses the country is hired as a seasonal worker with chance \
          `share`; seasonal workers are abroad from `start` to `end` every year and at \
          home the rest of the year, until they choose otherwise while at home. One \
          season per country. Example: `[[season]]` `country = \"ESP\"` `start = 4` \
          `end = 9` `share = 0.5`.",
    fields: &[
        f(
            "country",
            Kind::Code,
            Default::Required,
            "",
            "Code of the destination.",
        ),
        f(
            "start",
            Kind::Integer { min: 1, max: 12 },
            Default::Required,
            "month of the year",
            "First month of the season (1 = January).",
        ),
        f(
            "end",
            Kind::Integer { min: 1, max: 12 },
            Default::Required,
            "month of the year",
            "Last month of the season; before start, the season runs over the new year.",
        ),
        f(
            "share",
            PROBABILITY,
            Default::Number(0.5),
            "probability",
            "How much seasonal labour the country wants: the chance that a worker at \
             home choosing it is hired for its seasons instead of moving for good.",
        ),
    ],
};

/// The entry rules of a destination, as written in files.
pub const ENTRY_RULES: &[&str] = &["open", "permit", "closed"];

/// `[legality]`.
pub const LEGALITY: Section = Section {
    path: "legality",
    array: false,
    doc: "Permits, irregular migration and enforcement (docs/model.md §5), for the \
          destinations an [[entry]] makes not open. A worker moving into such a country \
          (not home, not under free movement) needs a permit; one who cannot get one \
          goes irregularly with chance irregular_share (else stays). Each month an \
          irregular worker is detected with the destination's detection chance and is \
          then legalised with a fine, ordered to leave within 48 hours, or expelled \
          with a re-entry ban, in the given shares (by default the chapter's figures; \
          they are scaled to add up to 1). Seasonal workers and commuters are hired \
          legally.",
    fields: &[
        f(
            "permit_cost",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.5),
            "utility",
            "Cost of getting a permit (fee and wait), added to the border barrier of \
             moves into a \"permit\" country.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.permit_cost))),
        f(
            "one_window_factor",
            PROBABILITY,
            Default::Number(0.5),
            "× permit_cost",
            "Multiplier of permit_cost in a country from its one_window month.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.one_window_factor))),
        f(
            "irregular_share",
            PROBABILITY,
            Default::Number(0.3),
            "probability",
            "Chance that a worker who cannot get a permit (quota used up, or the \
             country closed) goes irregularly instead of staying.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.irregular_share))),
        f(
            "irregular_cost",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(1.0),
            "utility",
            "Cost and risk of irregular entry, added (with the wage loss \
             −wage_weight · ln(1 − irregular_discount)) to the barrier of moves into a \
             \"closed\" country.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.irregular_cost))),
        f(
            "irregular_discount",
            SHARE_BELOW_ONE,
            Default::Number(0.3),
            "share",
            "Share of the wage an irregular worker loses.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.irregular_discount))),
        f(
            "detection",
            PROBABILITY,
            Default::Number(0.01),
            "per month",
            "Chance that an irregular worker is detected in a month, where [[entry]] \
             gives none.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.detection))),
        f(
            "legalised_share",
            PROBABILITY,
            Default::Number(0.183),
            "share",
            "Share of the detected who are legalised and pay the fine.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.legalised_share))),
        f(
            "leave_share",
            PROBABILITY,
            Default::Number(0.727),
            "share",
            "Share of the detected who are ordered to leave within 48 hours (they go home).",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.leave_share))),
        f(
            "expelled_share",
            PROBABILITY,
            Default::Number(0.087),
            "share",
            "Share of the detected who are expelled (sent home, barred from the country \
             for ban_months).",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.expelled_share))),
        f(
            "fine",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(2000.0),
            "US$ a person",
            "Fine paid on legalisation.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.fine))),
        f(
            "ban_months",
            Kind::Integer { min: 0, max: 1200 },
            Default::Integer(60),
            "months",
            "Re-entry ban of the expelled.",
        )
        .fills(Fill::Legality(Slot::Count(|x| &mut x.ban_months))),
        f(
            "c143",
            Kind::Bool,
            Default::Bool(false),
            "",
            "ILO Convention 143: a legal migrant who loses the job stays legal. Off: a \
             permit lapses after lapse_months of unemployment (each month unemployed \
             with the country's unemployment rate), and the worker goes home or stays \
             irregularly.",
        )
        .fills(Fill::Legality(Slot::Flag(|x| &mut x.c143))),
        f(
            "lapse_months",
            Kind::Integer { min: 1, max: 120 },
            Default::Integer(3),
            "months",
            "Months of unemployment in a row after which a permit lapses (c143 off).",
        )
        .fills(Fill::Legality(Slot::Count(|x| &mut x.lapse_months))),
        f(
            "lapse_leave_share",
            PROBABILITY,
            Default::Number(0.5),
            "probability",
            "Chance that a worker whose permit lapsed goes home rather than staying \
             irregularly.",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.lapse_leave_share))),
        f(
            "permanent_after_months",
            Kind::Integer { min: 1, max: 1200 },
            Default::Integer(60),
            "months",
            "Months in the country after which a permit turns into permanent residence \
             (ILO Convention 97), which never lapses.",
        )
        .fills(Fill::Legality(Slot::Count(|x| {
            &mut x.permanent_after_months
        }))),
        f(
            "deterrence",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(1.0),
            "",
            "Weight of the expected fine and re-entry ban in the choice to go irregularly: \
             deterrence · wage_weight · [ln(1 + P·legalised·fine / Y) + ln(1 + P·expelled·ban \
             / 12)], P the chance of detection within a year, Y a year's irregular earnings, \
             is added to the cost of entering a closed country and lowers the chance that a \
             refused permit applicant goes irregularly (see docs/policy.md; 0: not seen).",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.deterrence))),
        f(
            "inspection",
            PROBABILITY,
            Default::Number(0.0),
            "per month",
            "Employer sanctions: monthly chance that an employer of irregular workers is \
             inspected (each irregular worker is found with this chance).",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.inspection))),
        f(
            "employer_fine",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "US$ a worker",
            "Fine of an inspected employer per irregular worker found; employers pass the \
             expected fine (inspection · employer_fine a month) on to the irregular wage, \
             raising the irregular discount by it over the base low-skill wage (at most 0.95).",
        )
        .fills(Fill::Legality(Slot::Number(|x| &mut x.employer_fine))),
    ],
};

/// `[[entry]]`.
pub const ENTRY: Section = Section {
    path: "entry",
    array: true,
    doc: "A destination's entry rule (see [legality]); a country without one is open. \
          Free movement inside a [[bloc]] overrides it. Example: `[[entry]]` \
          `country = \"DEU\"` `rule = \"permit\"` `quota = 200000` \
          `one_window = \"2009-01\"`.",
    fields: &[
        f(
            "country",
            Kind::Code,
            Default::Required,
            "",
            "Code of the destination.",
        ),
        f(
            "rule",
            Kind::Choice(ENTRY_RULES),
            Default::Required,
            "",
            "\"open\" (no permit needed), \"permit\" (a permit within the quota) or \
             \"closed\" (no permits: only irregular entry).",
        ),
        f(
            "quota",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Optional,
            "people / year",
            "Work permits a year (\"permit\" only; none: no quota). Each month a permit \
             applicant gets one with chance min(1, quota / 12 / last month's applicants).",
        ),
        f(
            "one_window",
            Kind::Month,
            Default::Optional,
            "month",
            "Month from which a one-window procedure multiplies the permit cost by \
             [legality] one_window_factor.",
        ),
        f(
            "detection",
            PROBABILITY,
            Default::Derived("[legality] detection"),
            "per month",
            "Chance that an irregular worker in the country is detected in a month.",
        ),
        f(
            "family",
            Kind::Bool,
            Default::Bool(true),
            "",
            "Whether settled legal migrants may bring their families (see [age]).",
        ),
    ],
};

/// `[age]`.
pub const AGE: Section = Section {
    path: "age",
    array: false,
    doc: "Ages (docs/model.md §2): with this table every agent has an age, drawn evenly over \
          the working ages at the start; everyone grows a year older each January, and \
          at retire_at is replaced by a native of its origin aged working_from, living \
          there (the population stays constant; replacements are counted). The \
          propensity to move falls with age, minors are not liable when detected, and \
          settled migrants may bring their families.",
    fields: &[
        f(
            "working_from",
            Kind::Integer { min: 0, max: 100 },
            Default::Integer(15),
            "years",
            "First working age (the age of replacements).",
        )
        .fills(Fill::Age(Slot::Count(|x| &mut x.working_from))),
        f(
            "retire_at",
            Kind::Integer { min: 1, max: 120 },
            Default::Integer(65),
            "years",
            "Age of retirement (above working_from); working ages are working_from to \
             retire_at − 1.",
        )
        .fills(Fill::Age(Slot::Count(|x| &mut x.retire_at))),
        f(
            "peak",
            Kind::Integer { min: 0, max: 120 },
            Default::Integer(25),
            "years",
            "Age up to which the propensity to move does not fall.",
        )
        .fills(Fill::Age(Slot::Count(|x| &mut x.peak))),
        f(
            "decline",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.04),
            "per year",
            "Fall of the propensity to move after peak: a reconsidering agent of age a \
             acts with chance exp(−decline · (a − peak)).",
        )
        .fills(Fill::Age(Slot::Number(|x| &mut x.decline))),
        f(
            "liable_from",
            Kind::Integer { min: 0, max: 120 },
            Default::Integer(16),
            "years",
            "Age from which detected irregular workers are fined, ordered to leave or \
             expelled; younger ones (minors) are not liable.",
        )
        .fills(Fill::Age(Slot::Count(|x| &mut x.liable_from))),
        f(
            "reunification_after",
            Kind::Integer { min: 1, max: 1200 },
            Default::Integer(60),
            "months",
            "Months in a country after which a legal migrant may bring its family.",
        )
        .fills(Fill::Age(Slot::Count(|x| &mut x.reunification_after))),
        f(
            "reunification_share",
            PROBABILITY,
            Default::Number(0.0),
            "probability",
            "Chance that it does then, where the destination's [[entry]] `family` allows \
             it (families are counted, not simulated as workers).",
        )
        .fills(Fill::Age(Slot::Number(|x| &mut x.reunification_share))),
    ],
};

/// `[returns]`.
pub const RETURNS: Section = Section {
    path: "returns",
    array: false,
    doc: "Return migration besides the decision rule (docs/model.md §2): target earners, who \
          save part of their wage abroad and go home once they have saved enough, and a \
          voluntary-return programme that pays migrants who go home. (Contract ends, \
          seasons and enforcement send people home too; see [forms] and [legality].)",
    fields: &[
        f(
            "target_share",
            PROBABILITY,
            Default::Number(0.0),
            "probability",
            "Chance that a mover abroad is a target earner.",
        )
        .fills(Fill::Returns(Slot::Number(|x| &mut x.target_share))),
        f(
            "saving_rate",
            PROBABILITY,
            Default::Number(0.3),
            "share",
            "Share of the expected wage a target earner saves each month (the wage of \
             its skill where it lives, low-skill if unrecognised, times 1 − \
             unemployment, less irregular_discount if irregular).",
        )
        .fills(Fill::Returns(Slot::Number(|x| &mut x.saving_rate))),
        f(
            "savings_target",
            Kind::Number(Range::POSITIVE),
            Default::Number(10_000.0),
            "US$",
            "Savings at which a target earner goes home.",
        )
        .fills(Fill::Returns(Slot::Number(|x| &mut x.savings_target))),
        f(
            "programme_start",
            Kind::Month,
            Default::Optional,
            "month",
            "First month of a voluntary-return programme.",
        )
        .fills(Fill::Returns(Slot::Month(|x| &mut x.programme_start))),
        f(
            "programme_payment",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "US$ a person",
            "What the programme pays a migrant who goes home; deciding, a migrant abroad \
             adds wage_weight · ln(1 + payment / (12 · wage_low at home)) to the \
             utility of going home.",
        )
        .fills(Fill::Returns(Slot::Number(|x| &mut x.programme_payment))),
    ],
};

/// The kinds of a shock, as written in files.
pub const SHOCK_KINDS: &[&str] = &["conflict", "persecution", "disaster", "ecological"];

/// The most `[[shock]]` tables a scenario may have.
pub const MAX_SHOCKS: usize = 127;

/// `[[shock]]`.
pub const SHOCK: Section = Section {
    path: "shock",
    array: true,
    doc: "A conflict, persecution, disaster or ecological crisis in one country \
          (docs/model.md §3, §5): while it lasts, living there costs `intensity` utility \
          (a push to leave, a brake on returning); in its first month a share of the \
          natives living there is forced out at once, abroad as refugees (to \
          destinations weighted e^(−distance / distance_km): mostly neighbours) or \
          inside the country as internally displaced people; from the month after its \
          end each displaced person returns with a monthly probability. Shocks of one \
          country must not overlap; at most 127 shocks. Example: `[[shock]]` \
          `kind = \"conflict\"` `country = \"UKR\"` `start = \"2014-04\"` \
          `end = \"2015-02\"` `refugees = 0.02` `idps = 0.04`.",
    fields: &[
        f(
            "kind",
            Kind::Choice(SHOCK_KINDS),
            Default::Required,
            "",
            "What happens: conflict, persecution, disaster or ecological.",
        ),
        f(
            "country",
            Kind::Code,
            Default::Required,
            "",
            "Code of the country it hits.",
        ),
        f(
            "region",
            Kind::Name,
            Default::Derived("the whole country"),
            "",
            "Name of the `[[region]]` of the country it hits: only natives living there \
             are displaced, IDPs move to the country's other regions (by population \
             share) and return to it; the push is intensity in the internal choice and \
             intensity × the region's population share in the choice of country.",
        ),
        f(
            "start",
            Kind::Month,
            Default::Required,
            "month",
            "First month, inside the run; the forced displacement happens then.",
        ),
        f(
            "end",
            Kind::Month,
            Default::Required,
            "month",
            "Last month (inclusive), inside the run and not before start.",
        ),
        f(
            "intensity",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(1.0),
            "utility",
            "Utility subtracted from living in the country while the shock lasts.",
        ),
        f(
            "refugees",
            PROBABILITY,
            Default::Number(0.0),
            "share",
            "Share of the natives living in the country who flee abroad at the start.",
        ),
        f(
            "idps",
            PROBABILITY,
            Default::Number(0.0),
            "share",
            "Share of the natives living in the country displaced inside it at the start \
             (refugees + idps ≤ 1).",
        ),
        f(
            "return_rate",
            PROBABILITY,
            Default::Derived(
                "by kind: conflict 0.02, persecution 0.005, disaster 0.15, ecological 0.003",
            ),
            "per month",
            "Chance that a displaced person returns in each month after the end.",
        ),
        f(
            "distance_km",
            Kind::Number(Range::POSITIVE),
            Default::Derived(
                "by kind: conflict 1000, persecution 2000, disaster 500, ecological 1000",
            ),
            "km",
            "Distance scale of the refugees' destinations: weight e^(−distance / distance_km).",
        ),
        f(
            "displaced",
            PROBABILITY,
            Default::Optional,
            "share",
            "Share of the group displaced in all, split between refugees and idps by kind \
             (abroad: conflict 0.3, persecution 0.8, disaster 0.05, ecological 0.2); give \
             this or refugees and idps.",
        ),
        f(
            "origins",
            Kind::Codes,
            Default::Derived("the country's own natives"),
            "",
            "Whom the shock displaces: agents of these origins living in the country (e.g. \
             [\"ARM\"] for Armenians living in Azerbaijan; the country itself may be listed).",
        ),
        f(
            "shares",
            Kind::CodeShares,
            Default::Optional,
            "share",
            "Shares of the refugees going to named countries (a kin state, a neighbour that \
             opens its border); the rest go by the weights below.",
        ),
        f(
            "settle_share",
            PROBABILITY,
            Default::Derived("by kind: conflict 0.2, persecution 0.5, disaster 0, ecological 0.3"),
            "share",
            "Share of the refugees who settle for good where they found asylum: they are \
             not brought home after the shock (their own decisions still apply).",
        ),
        f(
            "contiguity",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(0.0),
            "utility",
            "Weight bonus of a neighbour (a country within neighbour_km): destinations \
             weigh e^(−(d − d_min) / distance_km + contiguity · [d ≤ neighbour_km] + \
             size_weight · ln(population / largest) + tie_weight · tie strength).",
        ),
        f(
            "neighbour_km",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "km",
            "Largest distance between two countries' centres at which they count as \
             neighbours (0: none does).",
        ),
        f(
            "size_weight",
            Kind::Number(Range::closed(0.0, 5.0)),
            Default::Number(0.0),
            "",
            "Weight of the size (population) of the country of asylum.",
        ),
        f(
            "tie_weight",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(1.0),
            "",
            "Weight of the [[tie]] strength between the shocked country and the country \
             of asylum.",
        ),
    ],
};

/// `[[capital_flow]]`.
pub const CAPITAL_FLOW: Section = Section {
    path: "capital_flow",
    array: true,
    doc: "Capital export (foreign direct investment): `from` invests `amount` a year in \
          `to`, in monthly twelfths from `start` to `end`. The receiver's FDI stock (no \
          depreciation) raises its labour demand like a boom: the demand term \
          fdi_elasticity · stock / yearly wage bill is added to g for wages and \
          unemployment (see [economy]). Transnational companies may post high-skilled \
          staff with the capital (`postings`). Example: `[[capital_flow]]` `from = \"DEU\"` \
          `to = \"POL\"` `amount = 8000` `start = \"2005-01\"` `end = \"2013-12\"` \
          `postings = 0.1`.",
    fields: &[
        f(
            "from",
            Kind::Code,
            Default::Required,
            "",
            "Code of the investing country.",
        ),
        f(
            "to",
            Kind::Code,
            Default::Required,
            "",
            "Code of the receiving country (not `from`).",
        ),
        f(
            "amount",
            Kind::Number(Range::POSITIVE),
            Default::Required,
            "US$ million / year",
            "Investment per year.",
        ),
        f(
            "start",
            Kind::Month,
            Default::Required,
            "month",
            "First month of the investment, inside the run.",
        ),
        f(
            "end",
            Kind::Month,
            Default::Required,
            "month",
            "Last month of the investment (inclusive), inside the run and not before start.",
        ),
        f(
            "postings",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "people / US$ million",
            "High-skilled staff of `from` posted to `to` per US$ million invested \
             (labour moving with capital): each month of the flow, postings · amount / 12 \
             high-skilled natives of `from` living at home go to `to` on a temporary \
             posting (legal, no permit or quota), and come home when it ends. 0: none.",
        ),
        f(
            "posting_months",
            Kind::Integer { min: 1, max: 600 },
            Default::Derived("[forms] contract_months"),
            "months",
            "Length of a posting (not renewed).",
        ),
    ],
};

/// The most regions a country may have.
pub const MAX_REGIONS: usize = 255;

/// `[[region]]`.
pub const REGION: Section = Section {
    path: "region",
    array: true,
    doc: "A region of a country, for internal migration (urbanisation, for instance). \
          A divided country has two or more regions whose population shares add up to \
          1; a country without regions is one region and behaves as before. Migration \
          between countries stays at country level: an arrival settles in a region drawn \
          by population share. Each month a resident of a divided country reconsiders \
          its region with probability reconsider_probability, by a logit over the \
          country's regions (its own included) on log expected regional income \
          (wage_weight), the log of the region's population share (its size) and the \
          cost of distance (transport_per_1000km), with no border barrier; a resident \
          who picks another region moves with probability e^(−internal_move_cost). \
          Example: `[[region]]` `country = \"POL\"` \
          `name = \"Mazowieckie\"` `population_share = 0.14` `wage_factor = 1.35`.",
    fields: &[
        f(
            "country",
            Kind::Code,
            Default::Required,
            "",
            "Code of the country it belongs to.",
        ),
        f(
            "name",
            Kind::Name,
            Default::Required,
            "",
            "Name, unique within the country.",
        ),
        f(
            "population_share",
            PROBABILITY,
            Default::Required,
            "share",
            "Share of the country's residents living here at the start (a country's \
             shares add up to 1).",
        ),
        f(
            "wage_factor",
            Kind::Number(Range::POSITIVE),
            Default::Number(1.0),
            "× national wage",
            "Factor on the country's wages (both skills) here.",
        ),
        f(
            "unemployment",
            SHARE_BELOW_ONE,
            Default::Derived("the country's"),
            "share",
            "Unemployment rate here.",
        ),
        f(
            "latitude",
            Kind::Number(Range::closed(-90.0, 90.0)),
            Default::Optional,
            "degrees",
            "Latitude of the region's centre (with longitude); without, moves within \
             the country cost no distance.",
        ),
        f(
            "longitude",
            Kind::Number(Range::closed(-180.0, 180.0)),
            Default::Optional,
            "degrees",
            "Longitude of the region's centre (with latitude).",
        ),
    ],
};

/// What `[data] other_countries` accepts.
pub const OTHER_COUNTRIES: &[&str] = &["error", "ignore"];

/// `[data]`.
pub const DATA: Section = Section {
    path: "data",
    array: false,
    doc: "Data tables beside the scenario (issue 13; formats in docs/data-tables.md). \
          Paths are relative to the scenario file. A series overrides the [[country]] \
          value of the same name from month 0 and is interpolated to months; a \
          population series makes people enter and leave working age (demography, \
          docs/model.md).",
    fields: &[
        f(
            "series",
            Kind::Path,
            Default::Optional,
            "",
            "CSV of per-country series: country,date,<variable>... with variables \
             population, wage_low, wage_high, unemployment, high_skilled_share; date YYYY \
             (July) or YYYY-MM.",
        ),
        f(
            "stocks",
            Kind::Path,
            Default::Optional,
            "",
            "CSV of initial bilateral stocks: origin,residence,people[,skill][,legal_share] \
             (people, not agents).",
        ),
        f(
            "pairs",
            Kind::Path,
            Default::Optional,
            "",
            "CSV of pairs of countries: a,b,km[,contiguous] (one row per pair, both \
             directions): km replaces the great-circle distance ([[distance]] tables still \
             win), contiguous = 1 marks a shared border, as [[pair]] contiguous does \
             (columns common_language, colony, source are allowed and not read).",
        ),
        f(
            "other_countries",
            Kind::Choice(OTHER_COUNTRIES),
            Default::Text("error"),
            "",
            "Rows of the CSV files whose country is not in the scenario: an error, or \
             skipped (to use a world's tables for a few of its countries).",
        ),
        f(
            "exit_rate",
            Kind::Number(Range::half_open(0.0, 1.0)),
            Default::Number(1.0 / 600.0),
            "per month",
            "Chance a month that a person leaves working age (retirement, death), where \
             populations follow data and there is no [age] (with [age], people leave at \
             retire_at). Default: a 50-year working life.",
        ),
    ],
};

/// `[[stock]]`.
pub const STOCK: Section = Section {
    path: "stock",
    array: true,
    doc: "An initial migrant stock: people born in `origin` living in `residence` at the \
          start (added to the rows of [data] stocks). They count among the residence's \
          population (natives at home = population − immigrants).",
    fields: &[
        f(
            "origin",
            Kind::Code,
            Default::Required,
            "",
            "Country of birth.",
        ),
        f(
            "residence",
            Kind::Code,
            Default::Required,
            "",
            "Country of residence at the start (not the origin).",
        ),
        f(
            "people",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Required,
            "people",
            "People (not agents).",
        ),
        f(
            "skill",
            Kind::Choice(super::data::STOCK_SKILLS),
            Default::Text("all"),
            "",
            "Their skill: \"low\", \"high\", or \"all\" (split by the origin's \
             high_skilled_share).",
        ),
        f(
            "legal_share",
            PROBABILITY,
            Default::Number(1.0),
            "share",
            "Share of them that are legal permanent residents; the rest are irregular \
             (where the scenario keeps legal status).",
        ),
    ],
};

/// Every section, in the order of the reference.
pub const SECTIONS: &[&Section] = &[
    &TOP,
    &SIMULATION,
    &SYNTHETIC,
    &COUNTRY,
    &CYCLE,
    &DISTANCE,
    &BLOC,
    &BLOC_TRANSITION,
    &COSTS,
    &DECISION,
    &ECONOMY,
    &RECOGNITION,
    &PHASE,
    &TECHNOLOGY,
    &BARRIER_CHANGE,
    &TIES,
    &TIE,
    &PAIR,
    &SHOCK,
    &CAPITAL_FLOW,
    &REGION,
    &FORMS,
    &SEASON,
    &LEGALITY,
    &ENTRY,
    &RETURNS,
    &AGE,
    &DATA,
    &STOCK,
    &super::build::policy_rows::POLICY,
];

/// The scenario reference in Markdown, generated from [`SECTIONS`]
/// (docs/scenario-reference.md holds it).
pub fn reference_markdown() -> String {
    let mut out = String::new();
    for s in SECTIONS {
        let title = match (s.path, s.array) {
            ("", _) => "top level".to_string(),
            (p, true) => format!("[[{p}]]"),
            (p, false) => format!("[{p}]"),
        };
        let _ = writeln!(out, "#### `{title}`\n\n{}\n", s.doc);
        let _ = writeln!(out, "| key | allowed | default | unit | meaning |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for fld in s.fields {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                fld.name,
                fld.kind.describe().replace('|', "\\|"),
                fld.default.describe(),
                fld.unit,
                fld.doc.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_describe_themselves_and_reject_nan() {
        assert_eq!(PROBABILITY.describe(), "a number in [0, 1]");
        assert_eq!(SHARE_BELOW_ONE.describe(), "a number in [0, 1)");
        assert_eq!(Range::POSITIVE.describe(), "a number > 0");
        assert!(!Range::POSITIVE.contains(f64::NAN));
        assert!(!Range::POSITIVE.contains(f64::INFINITY));
        assert!(!Range::POSITIVE.contains(0.0));
        assert!(Range::half_open(0.0, 1.0).contains(0.0));
        assert!(!Range::half_open(0.0, 1.0).contains(1.0));
    }

    #[test]
    fn every_section_is_documented_and_keys_are_unique() {
        for s in SECTIONS {
            let mut names = s.names();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n, "duplicate key in {}", s.path);
            assert!(s.fields.iter().all(|f| !f.doc.is_empty()));
        }
        let md = reference_markdown();
        assert!(md.contains("| `home_bias` | a number ≥ 0 | 0.5 |"), "{md}");
    }
}
