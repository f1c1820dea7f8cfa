//! Schema of `[data]` and `[[stock]]`.

use crate::model::data::{DEFAULT_EXIT_RATE, StockSkill};
use crate::model::keys::{Default, Fill, Kind, PROBABILITY, Range, Section, Slot, f};

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
            Default::Number(DEFAULT_EXIT_RATE),
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
        )
        .fills(Fill::Stock(Slot::Number(|x| &mut x.people))),
        f(
            "skill",
            Kind::Choice(crate::model::data::STOCK_SKILLS),
            Default::Text("all"),
            "",
            "Their skill: \"low\", \"high\", or \"all\" (split by the origin's \
             high_skilled_share).",
        )
        .fills(Fill::Stock(Slot::Choice(|x, w| {
            x.skill = StockSkill::from_word(w)
        }))),
        f(
            "legal_share",
            PROBABILITY,
            Default::Number(1.0),
            "share",
            "Share of them that are legal permanent residents; the rest are irregular \
             (where the scenario keeps legal status).",
        )
        .fills(Fill::Stock(Slot::Number(|x| &mut x.legal_share))),
    ],
};
