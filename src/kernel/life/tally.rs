//! The counts of the life pass ([`Tally`]): agents by state and country
//! after a step and the life events of the step, defined once in one list.

use std::ops::AddAssign;

use crate::world::CountryId;
use crate::world::life::{
    COMMUTER, Columns, IRREGULAR, PERMANENT, PERMIT, POSTED, RESIDENT, SEASONAL, TEMPORARY,
};

/// Defines [`Tally`] from one list of its counts (each a table by
/// country): the struct, [`Tally::new`] and the sum of two tallies come
/// from the same list, so a new count is one line.
macro_rules! tally {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// Agents by state and country after a step, and the life events of
        /// the step: integer counts, summed over blocks in any order.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Tally {
            $($(#[doc = $doc])* pub $name: Vec<u32>,)*
        }

        impl Tally {
            /// Zero counts for `k` countries.
            pub fn new(k: usize) -> Tally {
                Tally {
                    $($name: vec![0; k],)*
                }
            }
        }

        impl AddAssign<&Tally> for Tally {
            fn add_assign(&mut self, o: &Tally) {
                $(for (x, y) in self.$name.iter_mut().zip(&o.$name) {
                    *x += y;
                })*
            }
        }
    };
}

tally! {
    /// Temporary workers by country of residence.
    temporary,
    /// Seasonal workers abroad by country of residence (their season's
    /// country).
    seasonal_abroad,
    /// Seasonal workers at home (between seasons) by origin.
    seasonal_at_home,
    /// Daily commuters by country of work.
    commuters_in,
    /// Daily commuters by country of residence (their origin).
    commuters_out,
    /// Contracts renewed by country of residence.
    renewals,
    /// Irregular residents by country.
    irregular,
    /// Residents holding a permit by country.
    permit_holders,
    /// Permanent residents (C97) by country.
    permanent_residents,
    /// Detected irregular workers legalised (with a fine), by country.
    legalised,
    /// Detected irregular workers ordered to leave, by country.
    ordered_to_leave,
    /// Detected irregular workers expelled, by country.
    expelled,
    /// Permits lapsed after unemployment, by country.
    lapses,
    /// Permits turned into permanent residence, by country.
    residence_granted,
    /// Target earners saving abroad, by country of residence.
    target_earners,
    /// Retirees replaced by young natives, by origin.
    replacements,
    /// Migrants bringing their families, by country of residence.
    reunifications,
    /// Staff posted by their employers ([`POSTED`]), by country of
    /// residence.
    posted,
    /// Irregular workers found at inspections of their employers
    /// (employer sanctions), by country.
    found_at_work,
}

impl Tally {
    /// Counts agent `i` of the block after its life events.
    #[inline]
    pub fn count(&mut self, l: &Columns<'_>, i: usize, residence: CountryId, origin: CountryId) {
        let r = residence as usize;
        match l.form[i] {
            TEMPORARY => self.temporary[r] += 1,
            SEASONAL if residence != origin => self.seasonal_abroad[r] += 1,
            SEASONAL => self.seasonal_at_home[r] += 1,
            COMMUTER => {
                self.commuters_in[l.place[i] as usize] += 1;
                self.commuters_out[r] += 1;
            }
            PERMANENT => {}
        }
        let status = l.status[i];
        if status.intersects(POSTED) {
            self.posted[r] += 1;
        }
        if status.intersects(IRREGULAR) {
            self.irregular[r] += 1;
        } else if status.intersects(PERMIT) {
            self.permit_holders[r] += 1;
        } else if status.intersects(RESIDENT) {
            self.permanent_residents[r] += 1;
        }
    }
}
