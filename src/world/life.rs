//! Optional per-agent columns of the migrant's life course: the form of
//! migration an agent is in (permanent, temporary contract, seasonal work,
//! daily commuting) with a clock and a place, and its legal status abroad
//! (irregular, permit, permanent residence) with its clocks and bans. They stay empty unless the
//! scenario switches a form on ([`crate::scenario::Scenario::has_forms`]),
//! so the reference scenario keeps its 5 bytes an agent.

use super::agents::CountryId;

/// The form of migration an agent is in (docs/model.md §2), in [`Life::form`].
pub type Form = u8;

/// Permanent: lives where it lives until it decides otherwise (also every
/// agent at home that is not a seasonal worker or a commuter).
pub const PERMANENT: Form = 0;
/// Temporary: abroad on a contract; [`Life::clock`] counts the months
/// served. Does not reconsider until the contract ends (after
/// `contract_months` months abroad, it is renewed or the worker goes home).
pub const TEMPORARY: Form = 1;
/// Seasonal: abroad in [`Life::place`] during its season months, at home
/// the rest of the year, every year. Does not reconsider while abroad.
pub const SEASONAL: Form = 2;
/// Daily commuter: lives at home and works in [`Life::place`].
pub const COMMUTER: Form = 3;
/// Number of forms (the size of tables indexed by form).
pub const FORMS: usize = 4;

/// Name of each form, as written in the output files.
pub const FORM_NAMES: [&str; FORMS] = ["permanent", "temporary", "seasonal", "commuting"];

/// [`Life::status`] flag: abroad without a right to be there.
pub const IRREGULAR: u8 = 1;
/// [`Life::status`] flag: holds a work permit of its country of residence.
pub const PERMIT: u8 = 2;
/// [`Life::status`] flag: permanent resident of its country of residence
/// (a permit held long enough, ILO Convention 97); never lapses.
pub const RESIDENT: u8 = 4;
/// [`Life::status`] flag: posted abroad by its employer with a
/// `[[capital_flow]]` (a [`TEMPORARY`] worker whose posting ends after the
/// flow's `posting_months` and is not renewed).
pub const POSTED: u8 = 8;

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
    pub status: Vec<u8>,
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
            status: vec![0; n],
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
    pub status: &'a mut [u8],
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
        self.status[i] = 0;
        self.stay[i] = 0;
        self.idle[i] = 0;
    }
}
