//! The tags of a move that the life course gives it: why it took place
//! ([`Motive`]) and how the mover entered ([`Entry`]), one byte each.

/// Why a move took place ([`crate::kernel::Move::motive`]).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Motive {
    /// The decision rule (every move that is not one of the others).
    #[default]
    Decided = 0,
    /// A temporary contract ended without renewal: the worker goes home.
    ContractEnd = 1,
    /// A seasonal worker's season ended: the worker goes home.
    SeasonEnd = 2,
    /// A seasonal worker's season began: the worker goes to work abroad.
    SeasonStart = 3,
    /// A detected irregular worker was ordered to leave within 48 hours.
    LeaveOrder = 4,
    /// A detected irregular worker was expelled (with a re-entry ban).
    Expelled = 5,
    /// A permit lapsed after unemployment and the worker went home.
    Lapse = 6,
    /// A target earner reached its savings target and went home.
    SavingsTarget = 7,
    /// A migrant went home by its own decision while a voluntary-return
    /// programme paid for it.
    Programme = 8,
    /// A high-skilled native was posted abroad by its employer with a
    /// `[[capital_flow]]` (labour moving with capital).
    Posting = 9,
}

impl Motive {
    /// Every motive, in the order of their codes (the rows of tables
    /// indexed by motive).
    pub const ALL: [Motive; MOTIVES] = [
        Motive::Decided,
        Motive::ContractEnd,
        Motive::SeasonEnd,
        Motive::SeasonStart,
        Motive::LeaveOrder,
        Motive::Expelled,
        Motive::Lapse,
        Motive::SavingsTarget,
        Motive::Programme,
        Motive::Posting,
    ];
}

impl TryFrom<u8> for Motive {
    type Error = u8;

    /// The motive of code `code`, or the code back when it names none.
    fn try_from(code: u8) -> Result<Motive, u8> {
        Motive::ALL.get(usize::from(code)).copied().ok_or(code)
    }
}

/// [`Motive::Decided`] (the names below are kept for callers of the codes).
pub const DECIDED: Motive = Motive::Decided;
/// [`Motive::ContractEnd`].
pub const CONTRACT_END: Motive = Motive::ContractEnd;
/// [`Motive::SeasonEnd`].
pub const SEASON_END: Motive = Motive::SeasonEnd;
/// [`Motive::SeasonStart`].
pub const SEASON_START: Motive = Motive::SeasonStart;
/// [`Motive::LeaveOrder`].
pub const LEAVE_ORDER: Motive = Motive::LeaveOrder;
/// [`Motive::Expelled`].
pub const EXPELLED: Motive = Motive::Expelled;
/// [`Motive::Lapse`].
pub const LAPSE: Motive = Motive::Lapse;
/// [`Motive::SavingsTarget`].
pub const SAVINGS_TARGET: Motive = Motive::SavingsTarget;
/// [`Motive::Programme`].
pub const PROGRAMME: Motive = Motive::Programme;
/// [`Motive::Posting`].
pub const POSTING: Motive = Motive::Posting;
/// Number of motives (the size of tables indexed by motive).
pub const MOTIVES: usize = 10;

/// How a mover entered the country it moved to ([`crate::kernel::Move::entry`]).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Entry {
    /// Freely (free movement, an open country) or home.
    #[default]
    Free = 0,
    /// With a permit.
    Permit = 1,
    /// Irregularly.
    Irregular = 2,
}

/// [`Entry::Permit`] (the name kept for callers of the codes).
pub const ENTERED_WITH_PERMIT: Entry = Entry::Permit;
/// [`Entry::Irregular`].
pub const ENTERED_IRREGULARLY: Entry = Entry::Irregular;
