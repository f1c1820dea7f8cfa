//! Schema of `[costs]`, `[decision]`, `[economy]` and `[recognition]`.

use crate::model::keys::{
    Default, Fill, Kind, PROBABILITY, Range, SHARE_BELOW_ONE, Section, Slot, f,
};
use crate::model::settings::Decision;

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
