//! What happens at dates or between pairs of countries: phases, shocks,
//! capital flows, regions, barrier changes, ties and blocs.

use super::country::{YearMonth, is_zero};
use super::settings::Forms;
use serde::Serialize;

/// Kind of a cycle phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Labour demand above trend: the cycle term gets +depth.
    Boom,
    /// Labour demand below trend: the cycle term gets −depth.
    Recession,
}

impl PhaseKind {
    /// The kind of a word of the schema's choice (any other word:
    /// recession).
    pub fn from_word(w: &str) -> PhaseKind {
        if w == "boom" {
            PhaseKind::Boom
        } else {
            PhaseKind::Recession
        }
    }

    /// The word used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Boom => "boom",
            PhaseKind::Recession => "recession",
        }
    }
}

/// A dated boom or recession (`[[phase]]`), on top of the smooth cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    /// Index of the country it hits; `None`: every country.
    pub country: Option<usize>,
    /// Boom or recession.
    pub kind: PhaseKind,
    /// First month of the phase.
    pub start: YearMonth,
    /// Last month of the phase (inclusive).
    pub end: YearMonth,
    /// Depth added to (boom) or taken from (recession) the cycle term g.
    pub depth: f64,
}

impl Phase {
    /// Whether the phase is under way in `date` and hits country `j`.
    pub fn hits(&self, j: usize, date: YearMonth) -> bool {
        self.country.is_none_or(|c| c == j) && self.start <= date && date <= self.end
    }

    /// The signed change of the cycle term while the phase lasts.
    pub fn shift(&self) -> f64 {
        match self.kind {
            PhaseKind::Boom => self.depth,
            PhaseKind::Recession => -self.depth,
        }
    }
}

/// Kind of a `[[shock]]` (docs/model.md §3 non-economic drivers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShockKind {
    /// Armed conflict or war.
    Conflict,
    /// Political, ethnic or religious persecution.
    Persecution,
    /// A sudden natural or industrial disaster.
    Disaster,
    /// Slow ecological degradation (drought, desertification).
    Ecological,
}

impl ShockKind {
    /// The kind of a word of the schema's choice (any other word:
    /// ecological).
    pub fn from_word(w: &str) -> ShockKind {
        match w {
            "conflict" => ShockKind::Conflict,
            "persecution" => ShockKind::Persecution,
            "disaster" => ShockKind::Disaster,
            _ => ShockKind::Ecological,
        }
    }

    /// The word used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ShockKind::Conflict => "conflict",
            ShockKind::Persecution => "persecution",
            ShockKind::Disaster => "disaster",
            ShockKind::Ecological => "ecological",
        }
    }
}

/// A dated shock in one country (`[[shock]]`): while it lasts, living there
/// costs `intensity` utility; at its start a share of the natives living
/// there is forced out at once, abroad (refugees) or inside the country
/// (internally displaced people); after its end the displaced come back
/// at a monthly hazard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shock {
    /// Conflict, persecution, disaster or ecological.
    pub kind: ShockKind,
    /// Index of the country it hits.
    pub country: usize,
    /// The `[[region]]` of the country it hits (index into
    /// [`crate::model::Scenario::regions`]); `None`: the whole country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<usize>,
    /// First month of the shock (the forced displacement happens then).
    pub start: YearMonth,
    /// Last month of the shock (inclusive).
    pub end: YearMonth,
    /// Utility subtracted from living in the country while the shock lasts.
    pub intensity: f64,
    /// Share of the natives living in the country who flee abroad at the start.
    pub refugees: f64,
    /// Share of the natives living in the country displaced inside it at the start.
    pub idps: f64,
    /// Monthly probability that a displaced person returns, from the month
    /// after the end.
    pub return_rate: f64,
    /// Distance scale of the refugees' destinations: weight e^(−d / scale).
    pub distance_km: f64,
    /// Who is displaced and where refugees go besides distance (issue 15).
    #[serde(skip_serializing_if = "Flight::is_default")]
    pub flight: Flight,
}

/// Who a `[[shock]]` displaces and how its refugees choose their country
/// of asylum (issue 15; see [`crate::kernel::displacement`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flight {
    /// Origins of the displaced: agents of these countries living in the
    /// shocked country (e.g. Armenians living in Azerbaijan); empty: the
    /// shocked country's own natives.
    pub origins: Vec<usize>,
    /// User-given shares of the refugees going to named countries (kin
    /// states), (country, share), adding up to at most 1; the rest go by
    /// the weights.
    pub shares: Vec<(usize, f64)>,
    /// Share of the refugees who settle for good in their country of
    /// asylum: they are not brought home after the shock.
    pub settle_share: f64,
    /// Utility bonus of a neighbour (a country within `neighbour_km`).
    pub contiguity: f64,
    /// Largest distance, km, at which a country counts as a neighbour
    /// (0: none does).
    pub neighbour_km: f64,
    /// Weight of ln(population / largest population) (the size of the
    /// country of asylum).
    pub size_weight: f64,
    /// Weight of the `[[tie]]` strength between the shocked country and the
    /// country of asylum.
    pub tie_weight: f64,
}

impl Flight {
    /// Whether this is the default (natives, by distance and ties).
    pub fn is_default(&self) -> bool {
        *self == Flight::default()
    }
}

/// The defaults that differ by [`ShockKind`] (issue 15).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindDefaults {
    /// Share of the displaced who flee abroad, when `displaced` is given.
    pub abroad: f64,
    /// Monthly chance that a displaced person returns after the end.
    pub return_rate: f64,
    /// Distance scale of the refugees' destinations, km.
    pub distance_km: f64,
    /// Share of the refugees who settle for good abroad.
    pub settle_share: f64,
}

impl ShockKind {
    /// The defaults of this kind (docs/policy.md, *Forced migration*):
    /// disasters displace mostly inside the country, nearby and briefly;
    /// persecution mostly abroad, far and for long; ecological crises
    /// for longest; conflict in between.
    pub fn defaults(self) -> KindDefaults {
        let (abroad, return_rate, distance_km, settle_share) = match self {
            ShockKind::Conflict => (0.3, 0.02, 1000.0, 0.2),
            ShockKind::Persecution => (0.8, 0.005, 2000.0, 0.5),
            ShockKind::Disaster => (0.05, 0.15, 500.0, 0.0),
            ShockKind::Ecological => (0.2, 0.003, 1000.0, 0.3),
        };
        KindDefaults {
            abroad,
            return_rate,
            distance_km,
            settle_share,
        }
    }
}

impl Shock {
    /// Whether the shock is under way in `date`.
    pub fn active(&self, date: YearMonth) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the shock displaces an agent of origin `o` living in its
    /// country.
    #[inline]
    pub fn displaces(&self, o: usize) -> bool {
        if self.flight.origins.is_empty() {
            o == self.country
        } else {
            self.flight.origins.contains(&o)
        }
    }
}

/// Capital export (`[[capital_flow]]`): foreign direct investment from one
/// country into another, an amount per year over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapitalFlow {
    /// Index of the investing country.
    pub from: usize,
    /// Index of the receiving country (never `from`).
    pub to: usize,
    /// Investment per year, in millions of US dollars (paid in twelfths,
    /// one each month from `start` to `end`).
    pub amount: f64,
    /// First month of the investment.
    pub start: YearMonth,
    /// Last month of the investment (inclusive).
    pub end: YearMonth,
    /// High-skilled staff of `from` that its companies post to `to`, people
    /// per US$ million invested (0: none). Each month of the flow,
    /// postings × amount / 12 natives of `from` go to `to` on a temporary
    /// posting of [`CapitalFlow::posting_months`].
    #[serde(skip_serializing_if = "is_zero")]
    pub postings: f64,
    /// Length of a posting in months (`None`: `[forms] contract_months`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posting_months: Option<u32>,
}

impl CapitalFlow {
    /// Whether the flow is paid in `date` (start ≤ date ≤ end).
    pub fn active(&self, date: YearMonth) -> bool {
        self.start <= date && date <= self.end
    }

    /// Staff posted a month while the flow lasts, people.
    pub fn postings_per_month(&self) -> f64 {
        self.postings * self.amount / 12.0
    }

    /// Length of a posting in months under `forms`.
    pub fn posting_months(&self, forms: &Forms) -> u32 {
        self.posting_months.unwrap_or(forms.contract_months)
    }

    /// Months of investment made up to and including `date`.
    pub fn months_paid(&self, date: YearMonth) -> i64 {
        let last = self.end.index() - self.start.index() + 1;
        (date.index() - self.start.index() + 1).clamp(0, last)
    }
}

/// A region of a country (`[[region]]`): internal migration moves agents
/// between the regions of their country of residence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// Index of the country it belongs to.
    pub country: usize,
    /// Name, unique within the country.
    pub name: String,
    /// Share of the country's residents living here at the start; the
    /// shares of a country add up to 1.
    pub population_share: f64,
    /// Factor on the country's wages here (1: the national wage).
    pub wage_factor: f64,
    /// Unemployment rate here (`None`: the country's).
    pub unemployment: Option<f64>,
    /// Latitude and longitude in degrees, when given.
    pub location: Option<(f64, f64)>,
}

/// A structural reform (`[[barrier_change]]`): from `date` on, the border
/// barrier of moves into (entry) or out of (exit) a country is multiplied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarrierChange {
    /// Index of the country.
    pub country: usize,
    /// First month of the new multipliers.
    pub date: YearMonth,
    /// New multiplier of the barrier on moves into the country (`None`: unchanged).
    pub entry: Option<f64>,
    /// New multiplier of the barrier on moves out of the country (`None`: unchanged).
    pub exit: Option<f64>,
}

/// What ties two countries (`[[tie]]` `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TieKind {
    /// A common official language.
    Language,
    /// A colonial or other shared past.
    History,
    /// A people or language living in both.
    Ethnic,
}

impl TieKind {
    /// The kind of a word of the schema's choice (any other word: ethnic).
    pub fn from_word(w: &str) -> TieKind {
        match w {
            "language" => TieKind::Language,
            "history" => TieKind::History,
            _ => TieKind::Ethnic,
        }
    }

    /// The word used in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            TieKind::Language => "language",
            TieKind::History => "history",
            TieKind::Ethnic => "ethnic",
        }
    }
}

/// An ethnic, language or historical tie between two countries (`[[tie]]`):
/// natives of either get `strength` added to the utility of the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tie {
    /// Index of one country.
    pub a: usize,
    /// Index of the other (never `a`).
    pub b: usize,
    /// What ties them.
    pub kind: TieKind,
    /// Utility added (the kind's `[ties]` default where not given).
    pub strength: f64,
}

/// The strengths of the [`TieKind`]s (`[ties]`): a `[[tie]]` without its
/// own `strength` gets its kind's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TieStrengths {
    /// A common official language.
    pub language: f64,
    /// A colonial or other shared past.
    pub history: f64,
    /// A people or language living in both.
    pub ethnic: f64,
}

impl TieStrengths {
    /// The strength of a tie of `kind`.
    pub fn of(&self, kind: TieKind) -> f64 {
        match kind {
            TieKind::Language => self.language,
            TieKind::History => self.history,
            TieKind::Ethnic => self.ethnic,
        }
    }
}

/// A free-movement bloc (e.g. the EU).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bloc {
    /// Name of the bloc.
    pub name: String,
    /// Indices into [`crate::model::Scenario::countries`] of its members.
    pub members: Vec<usize>,
    /// Whether members' workers move between members without a border barrier.
    pub free_movement: bool,
    /// The month from which the bloc is in force (`None`: from the start).
    pub start: Option<YearMonth>,
    /// Probability that a member recognises the qualification of a
    /// high-skilled native of another member while the bloc is in force
    /// (`None`: the destination's own probability).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recognition: Option<f64>,
    /// Members that join later: (member index, month of accession). Members
    /// not listed belong from the bloc's start.
    pub accession: Vec<(usize, YearMonth)>,
    /// Members that leave: (member index, first month outside the bloc).
    pub leave: Vec<(usize, YearMonth)>,
    /// Transitional arrangements: old members keeping their labour market
    /// closed to some newcomers for a while.
    pub transitions: Vec<Transition>,
}

/// A transitional arrangement of a bloc: until `until`, free movement from
/// the `newcomers` into `member` does not apply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    /// Index of the restricting (old) member.
    pub member: usize,
    /// Indices of the newcomers it stays closed to.
    pub newcomers: Vec<usize>,
    /// First month in which free movement applies.
    pub until: YearMonth,
}

impl Bloc {
    /// Whether the bloc is in force at `date`.
    pub fn in_force(&self, date: YearMonth) -> bool {
        self.start.is_none_or(|s| date >= s)
    }

    /// Whether country `m` (a member index) belongs to the bloc at `date`.
    pub fn member_at(&self, m: usize, date: YearMonth) -> bool {
        self.in_force(date)
            && self.members.contains(&m)
            && self
                .accession
                .iter()
                .all(|&(c, joined)| c != m || date >= joined)
            && self.leave.iter().all(|&(c, left)| c != m || date < left)
    }

    /// Whether a transitional arrangement still closes `member` to workers
    /// from `from` at `date`.
    pub fn closed(&self, from: usize, member: usize, date: YearMonth) -> bool {
        self.transitions
            .iter()
            .any(|t| t.member == member && date < t.until && t.newcomers.contains(&from))
    }
}
