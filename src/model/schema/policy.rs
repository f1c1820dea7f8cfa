//! Schema of `[[policy]]`: dated changes of a country's policy instruments.

use super::life::ENTRY_RULES;
use crate::model::keys::{Default, Kind, PROBABILITY, Range, Section, f};

/// `[[policy]]`.
pub const POLICY: Section = Section {
    path: "policy",
    array: true,
    doc: "Dated policy (docs/model.md §5, docs/policy.md): from `date` on, each instrument \
          given takes the new value in `country` (until a later row changes it again). \
          The starting values come from [legality], [[entry]], [returns] and \
          migrant_wage_discount. A row may set several instruments; one instrument of one \
          country changes at most once a month. `origins` and `skill` make a row's `rule` \
          and `quota` apply only to natives of those countries and/or that skill (a lane \
          with its own quota; the most specific lane wins; otherwise the country's). Rows \
          dated after the last month of the run are left out with a notice. Example: \
          `[[policy]]` `country = \"AZE\"` `date = \"2009-01\"` `one_window = true` \
          `quota = 12000`.",
    fields: &[
        f(
            "country",
            Kind::Code,
            Default::Required,
            "",
            "Code of the country whose policy changes.",
        ),
        f(
            "date",
            Kind::Month,
            Default::Required,
            "month",
            "First month of the new values (not before the run starts).",
        ),
        f(
            "origins",
            Kind::Codes,
            Default::Optional,
            "",
            "Only for natives of these countries (rule and quota only; not the country \
             itself). The origin groups of one country must not overlap.",
        ),
        f(
            "skill",
            Kind::Choice(&["low", "high"]),
            Default::Optional,
            "",
            "Only for this skill (rule and quota only): e.g. a points system open to the \
             high-skilled and closed to the low-skilled.",
        ),
        f(
            "rule",
            Kind::Choice(ENTRY_RULES),
            Default::Optional,
            "",
            "Entry rule: \"open\", \"permit\" or \"closed\" (as [[entry]] rule). A scoped \
             lane without a rule of its own follows the country's.",
        ),
        f(
            "quota",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Optional,
            "people / year",
            "Work permits a year (for the lane the row scopes, else the country's).",
        ),
        f(
            "one_window",
            Kind::Bool,
            Default::Optional,
            "",
            "Whether a one-window procedure multiplies the permit cost by [legality] \
             one_window_factor.",
        ),
        f(
            "detection",
            PROBABILITY,
            Default::Optional,
            "per month",
            "Chance that an irregular worker is detected in a month.",
        ),
        f(
            "legalised_share",
            PROBABILITY,
            Default::Optional,
            "share",
            "Share of the detected legalised with a fine (the three shares are scaled to \
             add up to 1).",
        ),
        f(
            "leave_share",
            PROBABILITY,
            Default::Optional,
            "share",
            "Share of the detected ordered to leave within 48 hours.",
        ),
        f(
            "expelled_share",
            PROBABILITY,
            Default::Optional,
            "share",
            "Share of the detected expelled with a re-entry ban.",
        ),
        f(
            "fine",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Optional,
            "US$ a person",
            "Fine paid on legalisation.",
        ),
        f(
            "ban_months",
            Kind::Integer { min: 0, max: 1200 },
            Default::Optional,
            "months",
            "Re-entry ban of the expelled.",
        ),
        f(
            "c143",
            Kind::Bool,
            Default::Optional,
            "",
            "ILO Convention 143: a legal migrant who loses the job stays legal.",
        ),
        f(
            "c97",
            Kind::Bool,
            Default::Optional,
            "",
            "ILO Convention 97: permits turn into permanent residence after [legality] \
             permanent_after_months (true at the start).",
        ),
        f(
            "return_payment",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Optional,
            "US$ a person",
            "Voluntary-return programme of the country: what it pays its natives abroad who \
             come home (0: none; replaces the [returns] programme for this country).",
        ),
        f(
            "equal_treatment",
            Kind::Bool,
            Default::Optional,
            "",
            "Equal treatment: true, foreign workers earn the native wage; false, the \
             country's migrant_wage_discount applies (true at the start where it is 0).",
        ),
        f(
            "inspection",
            PROBABILITY,
            Default::Optional,
            "per month",
            "Employer sanctions: monthly chance that an employer of irregular workers is \
             inspected (see [legality] inspection).",
        ),
        f(
            "employer_fine",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Optional,
            "US$ a worker",
            "Fine of an inspected employer per irregular worker found.",
        ),
    ],
};
