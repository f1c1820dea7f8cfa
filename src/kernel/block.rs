//! What the kernel does to one block of agents ([`Block`], the world's
//! view of every column of [`crate::world::BLOCK`] agents): an agent's
//! move ([`Move`]), skill recognition on arrival ([`Arrival`]), relocating
//! an agent that chose a country or is forced to one ([`Relocate`]), and
//! the choice of who reconsiders in a block ([`select_block`]).

use super::life::{DECIDED, Entry, Motive, Rules, Settled};
use crate::rng::{Purpose, Stream, geometric_gap};
use crate::world::life::{Form, PERMANENT};
use crate::world::{Block, CountryId, HIGH, SKILL_MASK, Skill, Square, UNRECOGNISED};

/// One agent's move in a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The agent's origin.
    pub origin: CountryId,
    /// Country left.
    pub from: CountryId,
    /// Country entered.
    pub to: CountryId,
    /// The agent's skill ([`crate::world::LOW`] or [`crate::world::HIGH`]).
    pub skill: Skill,
    /// Recognition flags: [`LEFT_UNRECOGNISED`] when the agent was an
    /// unrecognised high-skilled resident of `from`, [`ARRIVED_UNRECOGNISED`]
    /// when `to` did not recognise its qualification.
    pub recognition: u8,
    /// The form of migration the move belongs to
    /// ([`crate::world::life::PERMANENT`], `TEMPORARY` or `SEASONAL`).
    pub form: Form,
    /// Why it took place.
    pub motive: Motive,
    /// How the mover entered `to`.
    pub entry: Entry,
    /// Whether it is a flow, or a change counted apart.
    pub kind: MoveKind,
}

/// What a [`Move`] is: a flow between countries, or a change that is no
/// flow.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoveKind {
    /// A move from `from` to `to` (counted in the flows).
    Flow,
    /// Not a move: a permit applicant for `to` who was refused and stayed
    /// where it lives (`from == to`); only counted.
    Refused,
    /// Not a flow: a retiree abroad replaced by a young native of its
    /// origin living there (the counts change).
    Replaced,
}

/// The tags of a move: its form, motive, entry and kind.
pub(super) type Tags = (Form, Motive, Entry, MoveKind);

/// [`Move::recognition`] flag: the mover was unrecognised in the country left.
pub const LEFT_UNRECOGNISED: u8 = 1;
/// [`Move::recognition`] flag: the mover is unrecognised in the country entered.
pub const ARRIVED_UNRECOGNISED: u8 = 2;

/// Skill recognition on arrival: what a step needs to settle a mover's
/// recognition flag.
#[derive(Debug, Clone, Copy)]
pub(super) struct Arrival<'a> {
    /// p(o, j) by (origin, destination); `None` when everything is recognised.
    pub(super) p: Option<&'a Square<f64>>,
    pub(super) seed: u64,
    pub(super) t: u32,
}

impl Arrival<'_> {
    /// Moves the agent with skill byte `skill`, origin `o` and global index
    /// `agent` into `to`: clears its recognition flag and, for a
    /// high-skilled agent entering a foreign country, draws it again from
    /// the agent's own stream (seed, step, agent), so the draw does not
    /// depend on the order of work. Returns the [`Move::recognition`] flags.
    #[inline]
    pub(super) fn settle(
        &self,
        skill: &mut Skill,
        o: CountryId,
        to: CountryId,
        agent: usize,
    ) -> u8 {
        let Some(p) = self.p else {
            return 0;
        };
        let left = if *skill & UNRECOGNISED != 0 {
            LEFT_UNRECOGNISED
        } else {
            0
        };
        let level = *skill & SKILL_MASK;
        *skill = level;
        if level == HIGH && to != o {
            let q = p[(o as usize, to as usize)];
            if q < 1.0
                && Stream::new(self.seed, self.t as u64, agent as u64, Purpose::Recognise).uniform()
                    >= q
            {
                *skill = level | UNRECOGNISED;
                return left | ARRIVED_UNRECOGNISED;
            }
        }
        left
    }
}

/// Moving the agents of a block: what the decisions, the displacement and
/// the life pass do to an agent's columns, recording each move.
pub(super) trait Relocate {
    /// Agent `i` of the block has chosen `j` (see the implementation).
    fn relocate(
        &mut self,
        i: usize,
        j: CountryId,
        arrival: &Arrival<'_>,
        rules: Option<&Rules<'_>>,
        moves: &mut Vec<Move>,
    );
    /// Moves agent `i` to `j` by force (see the implementation).
    fn force(&mut self, i: usize, j: CountryId, arrival: &Arrival<'_>, moves: &mut Vec<Move>);
    /// Moves agent `i` to `j` with its tags (see the implementation).
    fn shift(
        &mut self,
        i: usize,
        j: CountryId,
        tags: Tags,
        arrival: &Arrival<'_>,
        moves: &mut Vec<Move>,
    );
}

impl Relocate for Block<'_> {
    /// Agent `i` of the block has chosen `j`: with life columns, its form
    /// and legality are settled first (a bound agent stays; a commuter or a
    /// newly hired seasonal worker stays at home; a refused permit
    /// applicant stays and is counted); then it moves unless it lives in
    /// `j` already.
    #[inline]
    fn relocate(
        &mut self,
        i: usize,
        j: CountryId,
        arrival: &Arrival<'_>,
        rules: Option<&Rules<'_>>,
        moves: &mut Vec<Move>,
    ) {
        let c = self.res[i];
        let (form, entry, motive) = match (&mut self.life, rules) {
            (Some(l), Some(rules)) => {
                let o = self.org[i];
                if Rules::bound(l.form[i], c, o) {
                    return;
                }
                let skill = self.skl[i] & SKILL_MASK;
                match rules.settle(l, i, (c, o, skill), j, self.first + i) {
                    Settled::Stay => return,
                    Settled::Refused => {
                        moves.push(Move {
                            origin: o,
                            from: j,
                            to: j,
                            skill: self.skl[i] & SKILL_MASK,
                            recognition: 0,
                            form: PERMANENT,
                            motive: DECIDED,
                            entry: Entry::Free,
                            kind: MoveKind::Refused,
                        });
                        return;
                    }
                    Settled::Move(form, entry, motive) => (form, entry, motive),
                }
            }
            _ => (PERMANENT, Entry::Free, DECIDED),
        };
        self.shift(i, j, (form, motive, entry, MoveKind::Flow), arrival, moves);
    }

    /// Moves agent `i` to `j` by force (a refugee fleeing or going home):
    /// no decision and no entry rules (refugees are protected); its life
    /// columns, where kept, start afresh as a permanent stay.
    fn force(&mut self, i: usize, j: CountryId, arrival: &Arrival<'_>, moves: &mut Vec<Move>) {
        if let Some(l) = &mut self.life {
            l.reset(i);
        }
        self.shift(
            i,
            j,
            (PERMANENT, DECIDED, Entry::Free, MoveKind::Flow),
            arrival,
            moves,
        );
    }

    /// Moves agent `i` of the block to `j` (unless it lives there already):
    /// settles its recognition on arrival and records the move with its
    /// form, motive and entry.
    #[inline]
    fn shift(
        &mut self,
        i: usize,
        j: CountryId,
        (form, motive, entry, kind): Tags,
        arrival: &Arrival<'_>,
        moves: &mut Vec<Move>,
    ) {
        let c = self.res[i];
        if j == c {
            return;
        }
        self.res[i] = j;
        let o = self.org[i];
        let skill = self.skl[i] & SKILL_MASK;
        let recognition = arrival.settle(&mut self.skl[i], o, j, self.first + i);
        moves.push(Move {
            origin: o,
            from: c,
            to: j,
            skill,
            recognition,
            form,
            motive,
            entry,
            kind,
        });
    }
}

/// Chooses which of the `n` agents of block `b` reconsider at step `t`:
/// geometric gaps on the block's own stream. Kept apart from the decisions
/// so that the gap arithmetic runs without branch mispredictions between.
#[inline]
pub(super) fn select_block(n: usize, p: f64, seed: u64, t: u32, b: usize, chosen: &mut Vec<u32>) {
    chosen.clear();
    if p >= 1.0 {
        chosen.extend(0..n as u32);
        return;
    }
    let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Select);
    let inv_ln_q = 1.0 / libm::log1p(-p);
    let mut i = geometric_gap(&mut stream, inv_ln_q);
    while i < n as u64 {
        chosen.push(i as u32);
        i = i
            .saturating_add(1)
            .saturating_add(geometric_gap(&mut stream, inv_ln_q));
    }
}
