//! Schema of `[[phase]]`, `[technology]`, `[[barrier_change]]`, `[ties]`,
//! `[[tie]]` and `[[pair]]`.

use crate::model::dated::{PhaseKind, TieKind};
use crate::model::keys::{
    Default, Fill, GROWTH_RATE, Kind, Range, SHARE_BELOW_ONE, Section, Slot, f,
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
        )
        .fills(Fill::Phase(Slot::Choice(|x, w| {
            x.kind = PhaseKind::from_word(w)
        }))),
        f(
            "start",
            Kind::Month,
            Default::Required,
            "month",
            "First month of the phase, inside the run.",
        )
        .fills(Fill::Phase(Slot::Date(|x| &mut x.start))),
        f(
            "end",
            Kind::Month,
            Default::Required,
            "month",
            "Last month of the phase (inclusive), inside the run and not before start.",
        )
        .fills(Fill::Phase(Slot::Date(|x| &mut x.end))),
        f(
            "depth",
            SHARE_BELOW_ONE,
            Default::Required,
            "share",
            "How far g moves (0.05 = wages 5 % off trend, unemployment by okun · 5 %).",
        )
        .fills(Fill::Phase(Slot::Number(|x| &mut x.depth))),
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
        )
        .fills(Fill::BarrierChange(Slot::Date(|x| &mut x.date))),
        f(
            "entry_barrier",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Derived("unchanged (1 at the start)"),
            "× border_barrier",
            "Multiplier of the barrier on moves into the country.",
        )
        .fills(Fill::BarrierChange(Slot::Maybe(|x| &mut x.entry))),
        f(
            "exit_barrier",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Derived("unchanged (1 at the start)"),
            "× border_barrier",
            "Multiplier of the barrier on moves out of the country.",
        )
        .fills(Fill::BarrierChange(Slot::Maybe(|x| &mut x.exit))),
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
        )
        .fills(Fill::TieStrengths(Slot::Number(|x| &mut x.language))),
        f(
            "history",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.3),
            "utility",
            "Strength of a \"history\" tie (a colonial or other shared past).",
        )
        .fills(Fill::TieStrengths(Slot::Number(|x| &mut x.history))),
        f(
            "ethnic",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.5),
            "utility",
            "Strength of an \"ethnic\" tie (a language or people spoken or living in both).",
        )
        .fills(Fill::TieStrengths(Slot::Number(|x| &mut x.ethnic))),
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
        )
        .fills(Fill::Tie(Slot::Choice(|x, w| {
            x.kind = TieKind::from_word(w)
        }))),
        f(
            "strength",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Derived("the kind's strength in [ties]"),
            "utility",
            "Utility added for natives of one country living in the other.",
        )
        .fills(Fill::Tie(Slot::Number(|x| &mut x.strength))),
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
        )
        .fills(Fill::Pair(Slot::Number(|x| &mut x.utility))),
        f(
            "both_ways",
            Kind::Bool,
            Default::Bool(false),
            "",
            "Whether `utility` also holds for natives of `to` weighing `from`.",
        )
        .fills(Fill::Pair(Slot::Flag(|x| &mut x.both_ways))),
        f(
            "contiguous",
            Kind::Bool,
            Default::Bool(false),
            "",
            "Whether the two countries share a land border.",
        )
        .fills(Fill::Pair(Slot::Flag(|x| &mut x.contiguous))),
    ],
};
