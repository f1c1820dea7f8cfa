//! Schema of the top level, `[simulation]` and `[world.synthetic]`.

use crate::model::keys::{Default, Fill, Kind, Range, Section, Slot, f};

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
        )
        .fills(Fill::Simulation(Slot::Date(|x| &mut x.start))),
        f(
            "months",
            Kind::Integer {
                min: 1,
                max: 120_000,
            },
            Default::Integer(120),
            "months",
            "Length of the run (monthly steps).",
        )
        .fills(Fill::Simulation(Slot::Count(|x| &mut x.months))),
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
        )
        .fills(Fill::Simulation(Slot::Whole(|x| &mut x.seed))),
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
        )
        .fills(Fill::SyntheticWorld(Slot::Count(|x| &mut x.countries))),
        f(
            "bloc",
            Kind::Bool,
            Default::Bool(true),
            "",
            "Whether the richer half forms the free-movement bloc \"North\".",
        )
        .fills(Fill::SyntheticWorld(Slot::Flag(|x| &mut x.bloc))),
    ],
};
