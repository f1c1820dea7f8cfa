//! Optional per-agent columns of the migrant's life course: the form of
//! migration an agent is in (permanent, temporary contract, seasonal work,
//! daily commuting) with a clock and a place, and its legal status abroad
//! (irregular, permit, permanent residence) with its clocks and bans. They stay empty unless the
//! scenario switches a form on ([`crate::model::Scenario::has_forms`]),
//! so the reference scenario keeps its 5 bytes an agent.

use super::agents::CountryId;

/// The form of migration an agent is in (docs/model.md §2), in
/// [`Life::form`] (one byte an agent).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Form {
    /// Permanent: lives where it lives until it decides otherwise (also
    /// every agent at home that is not a seasonal worker or a commuter).
    #[default]
    Permanent = 0,
    /// Temporary: abroad on a contract; [`Life::clock`] counts the months
    /// served. Does not reconsider until the contract ends (after
    /// `contract_months` months abroad, it is renewed or the worker goes
    /// home).
    Temporary = 1,
    /// Seasonal: abroad in [`Life::place`] during its season months, at
    /// home the rest of the year, every year. Does not reconsider while
    /// abroad.
    Seasonal = 2,
    /// Daily commuter: lives at home and works in [`Life::place`].
    Commuter = 3,
}

impl Form {
    /// Every form, in the order of their codes.
    pub const ALL: [Form; FORMS] = [
        Form::Permanent,
        Form::Temporary,
        Form::Seasonal,
        Form::Commuter,
    ];

    /// Name of the form, as written in the output files.
    pub fn name(self) -> &'static str {
        match self {
            Form::Permanent => "permanent",
            Form::Temporary => "temporary",
            Form::Seasonal => "seasonal",
            Form::Commuter => "commuting",
        }
    }
}

/// Writes the form's name ([`Form::name`]).
impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<u8> for Form {
    type Error = u8;

    /// The form of code `code`, or the code back when it names none.
    fn try_from(code: u8) -> Result<Form, u8> {
        Form::ALL.get(usize::from(code)).copied().ok_or(code)
    }
}

/// [`Form::Permanent`] (the name kept for callers of the byte codes).
pub const PERMANENT: Form = Form::Permanent;
/// [`Form::Temporary`].
pub const TEMPORARY: Form = Form::Temporary;
/// [`Form::Seasonal`].
pub const SEASONAL: Form = Form::Seasonal;
/// [`Form::Commuter`].
pub const COMMUTER: Form = Form::Commuter;
/// Number of forms (the size of tables indexed by form).
pub const FORMS: usize = 4;

/// Name of each form, as written in the output files ([`Form::name`]).
pub const FORM_NAMES: [&str; FORMS] = ["permanent", "temporary", "seasonal", "commuting"];

/// An agent's legal status flags where it lives abroad, in
/// [`Life::status`] (one byte an agent): a typed bitset of
/// [`Status::IRREGULAR`], [`Status::PERMIT`], [`Status::RESIDENT`] and
/// [`Status::POSTED`]; [`Status::NONE`] at home, under free movement or in
/// an open country.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Status(u8);

impl Status {
    /// No flag.
    pub const NONE: Status = Status(0);
    /// Abroad without a right to be there.
    pub const IRREGULAR: Status = Status(1);
    /// Holds a work permit of its country of residence.
    pub const PERMIT: Status = Status(2);
    /// Permanent resident of its country of residence (a permit held long
    /// enough, ILO Convention 97); never lapses.
    pub const RESIDENT: Status = Status(4);
    /// Posted abroad by its employer with a `[[capital_flow]]` (a
    /// [`Form::Temporary`] worker whose posting ends after the flow's
    /// `posting_months` and is not renewed).
    pub const POSTED: Status = Status(8);

    /// The flags of a byte (bits beyond the four flags are kept as they
    /// are, so that a byte round-trips).
    #[inline]
    pub const fn from_bits(bits: u8) -> Status {
        Status(bits)
    }

    /// The flags as a byte.
    #[inline]
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether every flag of `other` is set.
    #[inline]
    pub const fn contains(self, other: Status) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether some flag of `other` is set.
    #[inline]
    pub const fn intersects(self, other: Status) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether no flag is set.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for Status {
    type Output = Status;
    fn bitor(self, other: Status) -> Status {
        Status(self.0 | other.0)
    }
}

impl std::ops::BitAnd for Status {
    type Output = Status;
    fn bitand(self, other: Status) -> Status {
        Status(self.0 & other.0)
    }
}

/// Writes the flags as their byte.
impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Compares the flags with a byte (`status & Status::PERMIT != 0`).
impl PartialEq<u8> for Status {
    fn eq(&self, bits: &u8) -> bool {
        self.0 == *bits
    }
}

/// [`Status::IRREGULAR`] (the name kept for callers of the byte codes).
pub const IRREGULAR: Status = Status::IRREGULAR;
/// [`Status::PERMIT`].
pub const PERMIT: Status = Status::PERMIT;
/// [`Status::RESIDENT`].
pub const RESIDENT: Status = Status::RESIDENT;
/// [`Status::POSTED`].
pub const POSTED: Status = Status::POSTED;

/// The life columns: empty, or one entry per agent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Life {
    /// The agent's [`Form`].
    pub form: Vec<Form>,
    /// Months abroad on the current contract after the step, the step's
    /// own month included ([`TEMPORARY`] only).
    pub clock: Vec<u16>,
    /// Country of seasonal work or of commuting ([`SEASONAL`],
    /// [`COMMUTER`]); unused otherwise.
    pub place: Vec<CountryId>,
    /// Legal status where it lives abroad: [`IRREGULAR`], [`PERMIT`],
    /// [`RESIDENT`], [`POSTED`] or 0 (at home, free movement, an open
    /// country).
    pub status: Vec<Status>,
    /// Months in the current country of residence (abroad).
    pub stay: Vec<u16>,
    /// Months of unemployment in a row of a permit holder (C143 off).
    pub idle: Vec<u8>,
    /// Months left of a re-entry ban.
    pub ban: Vec<u16>,
    /// The country a ban bars the agent from.
    pub barred: Vec<CountryId>,
    /// Savings of a target earner abroad, US$; negative for an agent that
    /// is not one.
    pub savings: Vec<f32>,
    /// Age in years (0 for every agent when the scenario has no `[age]`).
    pub age: Vec<u8>,
}

impl Life {
    /// Columns for `n` agents, every one permanent.
    pub fn new(n: usize) -> Life {
        Life {
            form: vec![PERMANENT; n],
            clock: vec![0; n],
            place: vec![0; n],
            status: vec![Status::NONE; n],
            stay: vec![0; n],
            idle: vec![0; n],
            ban: vec![0; n],
            barred: vec![0; n],
            savings: vec![-1.0; n],
            age: vec![0; n],
        }
    }

    /// Whether the columns are kept (the scenario uses forms).
    pub fn is_on(&self) -> bool {
        !self.form.is_empty()
    }

    /// Bytes per agent of the columns when they are kept.
    pub const BYTES_PER_AGENT: usize = 1 + 2 + 2 + 1 + 2 + 1 + 2 + 2 + 4 + 1;

    /// Agent `i` becomes a newcomer of age `age`: permanent, no status,
    /// clocks, ban or savings plan (every column).
    pub fn set_new(&mut self, i: usize, age: u8) {
        self.form[i] = PERMANENT;
        self.clock[i] = 0;
        self.place[i] = 0;
        self.status[i] = Status::NONE;
        self.stay[i] = 0;
        self.idle[i] = 0;
        self.ban[i] = 0;
        self.barred[i] = 0;
        self.savings[i] = -1.0;
        self.age[i] = age;
    }

    /// Appends a newcomer of age `age` after the last agent ([`Life::set_new`]).
    pub fn push_new(&mut self, age: u8) {
        self.form.push(PERMANENT);
        self.clock.push(0);
        self.place.push(0);
        self.status.push(Status::NONE);
        self.stay.push(0);
        self.idle.push(0);
        self.ban.push(0);
        self.barred.push(0);
        self.savings.push(-1.0);
        self.age.push(age);
    }

    /// Copies every column of agent `from` to slot `to`.
    pub fn copy_agent(&mut self, from: usize, to: usize) {
        self.form[to] = self.form[from];
        self.clock[to] = self.clock[from];
        self.place[to] = self.place[from];
        self.status[to] = self.status[from];
        self.stay[to] = self.stay[from];
        self.idle[to] = self.idle[from];
        self.ban[to] = self.ban[from];
        self.barred[to] = self.barred[from];
        self.savings[to] = self.savings[from];
        self.age[to] = self.age[from];
    }

    /// Cuts every column to `n` agents.
    pub fn truncate(&mut self, n: usize) {
        self.form.truncate(n);
        self.clock.truncate(n);
        self.place.truncate(n);
        self.status.truncate(n);
        self.stay.truncate(n);
        self.idle.truncate(n);
        self.ban.truncate(n);
        self.barred.truncate(n);
        self.savings.truncate(n);
        self.age.truncate(n);
    }

    /// The columns cut into `blocks` blocks of `size` agents: one `Some`
    /// per block when they are kept, else one `None` per block.
    pub fn blocks(
        &mut self,
        size: usize,
        blocks: usize,
    ) -> impl Iterator<Item = Option<Columns<'_>>> {
        let on = self.is_on();
        let mut form = self.form.chunks_mut(size);
        let mut clock = self.clock.chunks_mut(size);
        let mut place = self.place.chunks_mut(size);
        let mut status = self.status.chunks_mut(size);
        let mut stay = self.stay.chunks_mut(size);
        let mut idle = self.idle.chunks_mut(size);
        let mut ban = self.ban.chunks_mut(size);
        let mut barred = self.barred.chunks_mut(size);
        let mut savings = self.savings.chunks_mut(size);
        let mut age = self.age.chunks_mut(size);
        (0..blocks).map(move |_| {
            if !on {
                return None;
            }
            Some(Columns {
                form: form.next()?,
                clock: clock.next()?,
                place: place.next()?,
                status: status.next()?,
                stay: stay.next()?,
                idle: idle.next()?,
                ban: ban.next()?,
                barred: barred.next()?,
                savings: savings.next()?,
                age: age.next()?,
            })
        })
    }
}

/// One block's life columns ([`Life`]).
#[derive(Debug)]
pub struct Columns<'a> {
    /// [`Life::form`].
    pub form: &'a mut [Form],
    /// [`Life::clock`].
    pub clock: &'a mut [u16],
    /// [`Life::place`].
    pub place: &'a mut [CountryId],
    /// [`Life::status`].
    pub status: &'a mut [Status],
    /// [`Life::stay`].
    pub stay: &'a mut [u16],
    /// [`Life::idle`].
    pub idle: &'a mut [u8],
    /// [`Life::ban`].
    pub ban: &'a mut [u16],
    /// [`Life::barred`].
    pub barred: &'a mut [CountryId],
    /// [`Life::savings`].
    pub savings: &'a mut [f32],
    /// [`Life::age`].
    pub age: &'a mut [u8],
}

impl Columns<'_> {
    /// Agent `i` starts afresh: permanent, no legal status, no stay, no
    /// savings plan (age, bans and clocks of other forms are kept).
    pub fn reset(&mut self, i: usize) {
        self.form[i] = PERMANENT;
        self.savings[i] = -1.0;
        self.status[i] = Status::NONE;
        self.stay[i] = 0;
        self.idle[i] = 0;
    }
}
