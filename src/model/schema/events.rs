//! Schema of `[[shock]]`, `[[capital_flow]]` and `[[region]]`.

use crate::model::dated::ShockKind;
use crate::model::keys::{
    Default, Fill, Kind, PROBABILITY, Range, SHARE_BELOW_ONE, Section, Slot, f,
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
        )
        .fills(Fill::Shock(Slot::Choice(|x, w| {
            x.kind = ShockKind::from_word(w)
        }))),
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
        )
        .fills(Fill::Shock(Slot::Date(|x| &mut x.start))),
        f(
            "end",
            Kind::Month,
            Default::Required,
            "month",
            "Last month (inclusive), inside the run and not before start.",
        )
        .fills(Fill::Shock(Slot::Date(|x| &mut x.end))),
        f(
            "intensity",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(1.0),
            "utility",
            "Utility subtracted from living in the country while the shock lasts.",
        )
        .fills(Fill::Shock(Slot::Number(|x| &mut x.intensity))),
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
        )
        .fills(Fill::Shock(Slot::Number(|x| &mut x.return_rate))),
        f(
            "distance_km",
            Kind::Number(Range::POSITIVE),
            Default::Derived(
                "by kind: conflict 1000, persecution 2000, disaster 500, ecological 1000",
            ),
            "km",
            "Distance scale of the refugees' destinations: weight e^(−distance / distance_km).",
        )
        .fills(Fill::Shock(Slot::Number(|x| &mut x.distance_km))),
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
        )
        .fills(Fill::Flight(Slot::Number(|x| &mut x.settle_share))),
        f(
            "contiguity",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(0.0),
            "utility",
            "Weight bonus of a neighbour (a country within neighbour_km): destinations \
             weigh e^(−(d − d_min) / distance_km + contiguity · [d ≤ neighbour_km] + \
             size_weight · ln(population / largest) + tie_weight · tie strength).",
        )
        .fills(Fill::Flight(Slot::Number(|x| &mut x.contiguity))),
        f(
            "neighbour_km",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "km",
            "Largest distance between two countries' centres at which they count as \
             neighbours (0: none does).",
        )
        .fills(Fill::Flight(Slot::Number(|x| &mut x.neighbour_km))),
        f(
            "size_weight",
            Kind::Number(Range::closed(0.0, 5.0)),
            Default::Number(0.0),
            "",
            "Weight of the size (population) of the country of asylum.",
        )
        .fills(Fill::Flight(Slot::Number(|x| &mut x.size_weight))),
        f(
            "tie_weight",
            Kind::Number(Range::closed(0.0, 10.0)),
            Default::Number(1.0),
            "",
            "Weight of the [[tie]] strength between the shocked country and the country \
             of asylum.",
        )
        .fills(Fill::Flight(Slot::Number(|x| &mut x.tie_weight))),
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
        )
        .fills(Fill::CapitalFlow(Slot::Number(|x| &mut x.amount))),
        f(
            "start",
            Kind::Month,
            Default::Required,
            "month",
            "First month of the investment, inside the run.",
        )
        .fills(Fill::CapitalFlow(Slot::Date(|x| &mut x.start))),
        f(
            "end",
            Kind::Month,
            Default::Required,
            "month",
            "Last month of the investment (inclusive), inside the run and not before start.",
        )
        .fills(Fill::CapitalFlow(Slot::Date(|x| &mut x.end))),
        f(
            "postings",
            Kind::Number(Range::NON_NEGATIVE),
            Default::Number(0.0),
            "people / US$ million",
            "High-skilled staff of `from` posted to `to` per US$ million invested \
             (labour moving with capital): each month of the flow, postings · amount / 12 \
             high-skilled natives of `from` living at home go to `to` on a temporary \
             posting (legal, no permit or quota), and come home when it ends. 0: none.",
        )
        .fills(Fill::CapitalFlow(Slot::Number(|x| &mut x.postings))),
        f(
            "posting_months",
            Kind::Integer { min: 1, max: 600 },
            Default::Derived("[forms] contract_months"),
            "months",
            "Length of a posting (not renewed).",
        )
        .fills(Fill::CapitalFlow(Slot::MaybeCount(|x| {
            &mut x.posting_months
        }))),
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
        )
        .fills(Fill::Region(Slot::Text(|x| &mut x.name))),
        f(
            "population_share",
            PROBABILITY,
            Default::Required,
            "share",
            "Share of the country's residents living here at the start (a country's \
             shares add up to 1).",
        )
        .fills(Fill::Region(Slot::Number(|x| &mut x.population_share))),
        f(
            "wage_factor",
            Kind::Number(Range::POSITIVE),
            Default::Number(1.0),
            "× national wage",
            "Factor on the country's wages (both skills) here.",
        )
        .fills(Fill::Region(Slot::Number(|x| &mut x.wage_factor))),
        f(
            "unemployment",
            SHARE_BELOW_ONE,
            Default::Derived("the country's"),
            "share",
            "Unemployment rate here.",
        )
        .fills(Fill::Region(Slot::Maybe(|x| &mut x.unemployment))),
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
