//! Schema of `[[country]]` (with its cycle), `[[distance]]` and `[[bloc]]`.

use crate::model::country::DevGroup;
use crate::model::keys::{
    Default, Fill, GROUPS, GROWTH_RATE, Kind, PROBABILITY, Range, SHARE_BELOW_ONE, Section, Slot, f,
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
        )
        .fills(Fill::Country(Slot::Text(|x| &mut x.name))),
        f(
            "continent",
            Kind::Text,
            Default::Required,
            "",
            "Continent; moves are tagged intercontinental or intracontinental by it.",
        )
        .fills(Fill::Country(Slot::Text(|x| &mut x.continent))),
        f(
            "group",
            Kind::Choice(GROUPS),
            Default::Required,
            "",
            "Development group (docs/model.md §2).",
        )
        .fills(Fill::Country(Slot::Choice(|x, w| {
            x.group = DevGroup::from_word(w)
        }))),
        f(
            "population",
            Kind::Number(Range::POSITIVE),
            Default::Required,
            "people",
            "Working-age population represented by agents.",
        )
        .fills(Fill::Country(Slot::Number(|x| &mut x.population))),
        f(
            "wage_low",
            Kind::Number(Range::POSITIVE),
            Default::Required,
            "US$ / month",
            "Base monthly wage of the low-skilled.",
        )
        .fills(Fill::Country(Slot::Number(|x| &mut x.wage_low))),
        f(
            "wage_high",
            Kind::Number(Range::POSITIVE),
            Default::Required,
            "US$ / month",
            "Base monthly wage of the high-skilled.",
        )
        .fills(Fill::Country(Slot::Number(|x| &mut x.wage_high))),
        f(
            "unemployment",
            SHARE_BELOW_ONE,
            Default::Required,
            "share",
            "Base unemployment rate (0.08 = 8 %).",
        )
        .fills(Fill::Country(Slot::Number(|x| &mut x.unemployment))),
        f(
            "high_skilled_share",
            PROBABILITY,
            Default::Required,
            "share",
            "Share of high-skilled among the natives.",
        )
        .fills(Fill::Country(Slot::Number(|x| &mut x.high_skilled_share))),
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
        )
        .fills(Fill::Country(Slot::Maybe(|x| &mut x.recognition))),
        f(
            "skill_premium_growth",
            GROWTH_RATE,
            Default::Derived("technology.skill_premium_growth"),
            "per year",
            "This country's yearly growth of wage_high relative to wage_low (see [technology]).",
        )
        .fills(Fill::Country(Slot::Maybe(|x| &mut x.skill_premium_growth))),
        f(
            "migrant_wage_discount",
            SHARE_BELOW_ONE,
            Default::Derived("economy.migrant_wage_discount"),
            "share",
            "This country's discount on foreign workers' wages where equal treatment does \
             not hold (0: equal treatment; see [economy]).",
        )
        .fills(Fill::Country(Slot::Maybe(|x| &mut x.migrant_wage_discount))),
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
        )
        .fills(Fill::Bloc(Slot::Flag(|x| &mut x.free_movement))),
        f(
            "start",
            Kind::Month,
            Default::Optional,
            "month",
            "Month the bloc comes into force (none: from the start).",
        )
        .fills(Fill::Bloc(Slot::Month(|x| &mut x.start))),
        f(
            "recognition",
            PROBABILITY,
            Default::Derived("each destination's own"),
            "probability",
            "Chance that a member recognises the qualification of a high-skilled native of \
             another member while the bloc is in force (e.g. 1.0 for mutual recognition); \
             overrides the members' own `recognition`; with several blocs, the largest.",
        )
        .fills(Fill::Bloc(Slot::Maybe(|x| &mut x.recognition))),
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
        )
        .fills(Fill::Transition(Slot::Date(|x| &mut x.until))),
    ],
};
