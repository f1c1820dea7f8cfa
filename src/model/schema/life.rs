//! Schema of the forms of migration and the life of migrants: `[forms]`,
//! `[[season]]`, `[legality]`, `[[entry]]`, `[age]`, `[returns]`.

use crate::model::keys::{
    Default, Fill, Kind, PROBABILITY, Range, SHARE_BELOW_ONE, Section, Slot, f,
};
use crate::model::settings::EntryRule;

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
        )
        .fills(Fill::Season(Slot::Small(|x| &mut x.start))),
        f(
            "end",
            Kind::Integer { min: 1, max: 12 },
            Default::Required,
            "month of the year",
            "Last month of the season; before start, the season runs over the new year.",
        )
        .fills(Fill::Season(Slot::Small(|x| &mut x.end))),
        f(
            "share",
            PROBABILITY,
            Default::Number(0.5),
            "probability",
            "How much seasonal labour the country wants: the chance that a worker at \
             home choosing it is hired for its seasons instead of moving for good.",
        )
        .fills(Fill::Season(Slot::Number(|x| &mut x.share))),
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
        )
        .fills(Fill::Entry(Slot::Choice(|x, w| {
            x.rule = EntryRule::from_word(w)
        }))),
        f(
            "quota",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Optional,
            "people / year",
            "Work permits a year (\"permit\" only; none: no quota). Each month a permit \
             applicant gets one with chance min(1, quota / 12 / last month's applicants).",
        )
        .fills(Fill::Entry(Slot::Maybe(|x| &mut x.quota))),
        f(
            "one_window",
            Kind::Month,
            Default::Optional,
            "month",
            "Month from which a one-window procedure multiplies the permit cost by \
             [legality] one_window_factor.",
        )
        .fills(Fill::Entry(Slot::Month(|x| &mut x.one_window))),
        f(
            "detection",
            PROBABILITY,
            Default::Derived("[legality] detection"),
            "per month",
            "Chance that an irregular worker in the country is detected in a month.",
        )
        .fills(Fill::Entry(Slot::Maybe(|x| &mut x.detection))),
        f(
            "family",
            Kind::Bool,
            Default::Bool(true),
            "",
            "Whether settled legal migrants may bring their families (see [age]).",
        )
        .fills(Fill::Entry(Slot::Flag(|x| &mut x.family))),
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
