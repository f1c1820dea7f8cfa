//! What happened in one step ([`StepOutcome`]): the flows, returns,
//! entries and counts that observers read.
//!
//! The step's tables of move counts ([`Counters`]) are defined once, in
//! the list given to `counters!`: the struct, its clearing and the sum of
//! two of them come from that list, so a new count is one line there (and
//! the moves it counts, in `super::delta`).

use std::ops::AddAssign;

use super::displacement::Displacement;
use super::life::{MOTIVES, Motive, Tally};
use crate::regions::RegionMonth;
use crate::world::{Grid, Square};

/// What happened in one step, for observers.
#[derive(Debug, Clone, Default)]
pub struct StepOutcome {
    /// Step index t (0-based).
    pub t: u32,
    /// Agents that reconsidered.
    pub reconsidered: u64,
    /// Total moves.
    pub moves: u64,
    /// The step's moves counted by pair, by country and by motive.
    pub counters: Counters,
    /// Refugees and IDPs displaced or returned this month (their moves are
    /// part of the flows).
    pub displacement: Displacement,
    /// Regions: residents, internal moves and regional wages of the month
    /// (empty when no country is divided).
    pub regions: RegionMonth,
    /// Agents by form after the step (all zero unless the scenario uses
    /// forms).
    pub tally: Tally,
    /// Agents entering working age this month by country (natives at
    /// home; empty unless populations follow data).
    pub entries: Vec<u32>,
    /// Agents leaving working age this month by country of residence
    /// (empty unless populations follow data).
    pub exits: Vec<u32>,
}

/// How many rows a table of [`Counters`] has, for K countries (its
/// columns are always the K countries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    /// One row: a table by country.
    One,
    /// K rows: a table by (from, to).
    Countries,
    /// One row per [`Motive`].
    Motives,
}

impl Rows {
    /// The number of rows for `k` countries.
    fn of(self, k: usize) -> usize {
        match self {
            Rows::One => 1,
            Rows::Countries => k,
            Rows::Motives => MOTIVES,
        }
    }
}

/// When a table of [`Counters`] is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// In every run.
    Always,
    /// Only when the scenario uses forms (empty otherwise).
    Forms,
}

impl Kept {
    /// Whether the table is kept in a run that uses forms or not.
    fn kept(self, forms: bool) -> bool {
        self == Kept::Always || forms
    }
}

/// A table of [`Counters`]: zeroed to a shape, and added to another.
trait Table {
    /// Makes the table `rows` × `k` zeros, keeping its allocation.
    fn zero(&mut self, rows: usize, k: usize);
    /// Adds `other` (of the same shape) entry by entry.
    fn add(&mut self, other: &Self);
}

impl Table for Vec<u32> {
    fn zero(&mut self, rows: usize, k: usize) {
        self.clear();
        self.resize(rows * k, 0);
    }

    fn add(&mut self, other: &Self) {
        add_to(self, other);
    }
}

impl Table for Grid<u32> {
    fn zero(&mut self, rows: usize, k: usize) {
        self.reset(rows, k, 0);
    }

    fn add(&mut self, other: &Self) {
        add_to(self.as_mut_slice(), other.as_slice());
    }
}

/// Adds `part` to `total`, entry by entry.
fn add_to(total: &mut [u32], part: &[u32]) {
    for (t, &p) in total.iter_mut().zip(part) {
        *t += p;
    }
}

/// Defines [`Counters`] from one list of its tables: each a field, its
/// type, its rows ([`Rows`]) and when it is kept ([`Kept`]).
macro_rules! counters {
    ($($(#[doc = $doc:literal])* $name:ident: $ty:ty = $rows:ident, $when:ident;)*) => {
        /// The moves of a step counted into tables: by (from, to), by
        /// country, and by motive and country. Integer counts, summed
        /// over blocks in a fixed order.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Counters {
            $($(#[doc = $doc])* pub $name: $ty,)*
        }

        impl Counters {
            /// Zero counts for `k` countries; `forms`: whether the
            /// scenario uses forms (the tables kept only then are empty
            /// otherwise). Keeps the allocations.
            pub fn clear(&mut self, k: usize, forms: bool) {
                $(
                    let kept = Kept::$when.kept(forms);
                    let rows = if kept { Rows::$rows.of(k) } else { 0 };
                    Table::zero(&mut self.$name, rows, k);
                )*
            }
        }

        impl AddAssign<&Counters> for Counters {
            fn add_assign(&mut self, o: &Counters) {
                $(Table::add(&mut self.$name, &o.$name);)*
            }
        }
    };
}

counters! {
    /// Moves by (from, to).
    flows: Square<u32> = Countries, Always;
    /// Moves of high-skilled agents by (from, to).
    flows_high: Square<u32> = Countries, Always;
    /// Returns (moves into the mover's origin) by country returned to.
    returns: Vec<u32> = One, Always;
    /// Returns by (from, to) (part of `flows`).
    return_flows: Square<u32> = Countries, Always;
    /// High-skilled returns by (from, to) (part of `flows_high` and of
    /// `return_flows`).
    return_flows_high: Square<u32> = Countries, Always;
    /// Moves of temporary workers by (from, to): going out on a contract
    /// and coming home at its end (part of `flows`; empty unless the
    /// scenario uses forms).
    flows_temporary: Square<u32> = Countries, Forms;
    /// Moves of seasonal workers by (from, to): going out at the start of
    /// a season and coming home at its end (part of `flows`; empty unless
    /// the scenario uses forms).
    flows_seasonal: Square<u32> = Countries, Forms;
    /// Moves entering irregularly by (from, to) (part of `flows`; empty
    /// unless the scenario uses forms).
    flows_irregular: Square<u32> = Countries, Forms;
    /// Returns by motive ([`Motive`]) and country returned to (empty
    /// unless the scenario uses forms; see [`Counters::returns_for`]).
    returns_by_motive: Grid<u32> = Motives, Forms;
    /// Permits granted by destination (empty unless the scenario uses
    /// forms).
    permits: Vec<u32> = One, Forms;
    /// Permit applicants refused (and staying) by destination (empty
    /// unless the scenario uses forms).
    refusals: Vec<u32> = One, Forms;
    /// Irregular entries by destination (empty unless the scenario uses
    /// forms).
    irregular_entries: Vec<u32> = One, Forms;
    /// Staff posted abroad by their employers with a `[[capital_flow]]`
    /// this month, by sender (empty unless the scenario uses forms).
    postings_out: Vec<u32> = One, Forms;
    /// Staff posted here from abroad this month, by receiver (empty unless
    /// the scenario uses forms).
    postings_in: Vec<u32> = One, Forms;
}

impl Counters {
    /// Returns for `motive` by country returned to (empty unless the
    /// scenario uses forms).
    pub fn returns_for(&self, motive: Motive) -> &[u32] {
        self.returns_by_motive
            .get_row(motive as usize)
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_shapes_every_table_and_keeps_the_forms_tables_empty_without_forms() {
        let mut c = Counters {
            flows_temporary: Square::new(2, 5),
            ..Counters::default()
        };
        c.clear(3, false);
        assert_eq!((c.flows.rows(), c.flows.k()), (3, 3));
        assert_eq!(c.returns.len(), 3);
        assert!(c.flows_temporary.is_empty() && c.permits.is_empty());
        assert!(c.returns_for(Motive::Decided).is_empty());
        c.clear(3, true);
        assert_eq!(c.returns_by_motive.rows(), MOTIVES);
        assert_eq!(c.flows_irregular.as_slice(), &[0; 9]);
        assert_eq!(c.postings_in, vec![0; 3]);
        c.returns_by_motive[(Motive::Expelled as usize, 2)] = 4;
        assert_eq!(c.returns_for(Motive::Expelled), &[0, 0, 4]);
    }

    #[test]
    fn counters_add_entry_by_entry() {
        let (mut a, mut b) = (Counters::default(), Counters::default());
        a.clear(2, true);
        b.clear(2, true);
        a.flows[(0, 1)] = 2;
        b.flows[(0, 1)] = 3;
        b.flows[(1, 0)] = 1;
        b.refusals[1] = 7;
        b.returns_by_motive[(1, 1)] = 6;
        a += &b;
        assert_eq!(a.flows.as_slice(), &[0, 5, 1, 0]);
        assert_eq!(a.refusals, vec![0, 7]);
        assert_eq!(a.returns_by_motive, b.returns_by_motive);
        assert!(a.flows_high.as_slice().iter().all(|&x| x == 0));
    }
}
