//! pairs.csv: what the gravity regression of `migrasim facts` needs about
//! each ordered pair of countries and that the other tables do not hold:
//! the distance, whether they share a border, a common language, and the
//! pair terms of the scenario ([[tie]], [[pair]]).

use crate::decision::utility::contiguous;
use crate::error::Error;
use crate::model::{Scenario, TieKind};
use crate::observe::Recorded;
use crate::world::Square;

use super::columns::{Column, NONE};
use super::format::TableWriter;
use super::row::{Row, table_row};

/// Name of the file in a CSV run folder.
pub const PAIRS: &str = "pairs.csv";

/// Columns of pairs.csv.
pub const PAIRS_COLUMNS: &[Column] = PairsRow::COLUMNS;

table_row! {
    /// A row of pairs.csv: one ordered pair of different countries.
    pub struct PairsRow {
        from: String => text("country code of the origin"),
        to: String => text("country code of the destination"),
        #[serde(serialize_with = "crate::output::row::d1")]
        distance_km: f64 => num["km"]("great-circle distance between the countries' centres"),
        contiguous: u8 => int[NONE]("1 when the two countries share a border (or are within neighbour distance), else 0"),
        common_language: u8 => int[NONE]("1 when a [[tie]] of kind language joins them, else 0"),
        #[serde(serialize_with = "crate::output::row::shortest")]
        tie_utility: f64 => num["utility"]("sum of the strengths of the [[tie]]s joining them"),
        #[serde(serialize_with = "crate::output::row::shortest")]
        pair_utility: f64 => num["utility"]("utility of the [[pair]] terms from origin to destination"),
    }
}

/// Rows of pairs.csv: one row per ordered pair of different countries.
pub fn fill_pairs(w: &mut TableWriter, s: &Scenario, _: &Recorded) -> Result<(), Error> {
    let k = s.num_countries();
    let contig = contiguous(s);
    let mut language = Square::new(k, false);
    let mut ties = Square::new(k, 0.0);
    for t in &s.ties {
        for x in [(t.a, t.b), (t.b, t.a)] {
            ties[x] += t.strength;
            language[x] |= t.kind == TieKind::Language;
        }
    }
    let mut pair = Square::new(k, 0.0);
    for p in &s.pairs {
        pair[(p.from, p.to)] += p.utility;
        if p.both_ways {
            pair[(p.to, p.from)] += p.utility;
        }
    }
    for a in 0..k {
        for b in (0..k).filter(|&b| b != a) {
            let x = (a, b);
            w.serialize(&PairsRow {
                from: s.countries[a].code.clone(),
                to: s.countries[b].code.clone(),
                distance_km: s.distance(a, b),
                contiguous: u8::from(contig[x]),
                common_language: u8::from(language[x]),
                tie_utility: ties[x],
                pair_utility: pair[x],
            })?;
        }
    }
    Ok(())
}
