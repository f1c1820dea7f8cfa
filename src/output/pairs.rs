//! pairs.csv: what the gravity regression of `migrasim facts` needs about
//! each ordered pair of countries and that the other tables do not hold:
//! the distance, whether they share a border, a common language, and the
//! pair terms of the scenario ([[tie]], [[pair]]).

use crate::decision::utility::contiguity;
use crate::error::Error;
use crate::observe::Recorded;
use crate::scenario::{Scenario, TieKind};

use super::columns::{Column, NONE, int, num, text};
use super::format::TableWriter;

/// Name of the file in a CSV run folder.
pub const PAIRS: &str = "pairs.csv";

/// Columns of pairs.csv.
pub const PAIRS_COLUMNS: &[Column] = &[
    text("from", "country code of the origin"),
    text("to", "country code of the destination"),
    num(
        "distance_km",
        "km",
        "great-circle distance between the countries' centres",
    ),
    int(
        "contiguous",
        NONE,
        "1 when the two countries share a border (or are within neighbour distance), else 0",
    ),
    int(
        "common_language",
        NONE,
        "1 when a [[tie]] of kind language joins them, else 0",
    ),
    num(
        "tie_utility",
        "utility",
        "sum of the strengths of the [[tie]]s joining them",
    ),
    num(
        "pair_utility",
        "utility",
        "utility of the [[pair]] terms from origin to destination",
    ),
];

/// Rows of pairs.csv: one row per ordered pair of different countries.
pub fn fill_pairs(w: &mut TableWriter, s: &Scenario, _: &Recorded) -> Result<(), Error> {
    let k = s.num_countries();
    let contig = contiguity(s);
    let mut language = vec![false; k * k];
    let mut ties = vec![0.0; k * k];
    for t in &s.ties {
        for (a, b) in [(t.a, t.b), (t.b, t.a)] {
            ties[a * k + b] += t.strength;
            language[a * k + b] |= t.kind == TieKind::Language;
        }
    }
    let mut pair = vec![0.0; k * k];
    for p in &s.pairs {
        pair[p.from * k + p.to] += p.utility;
        if p.both_ways {
            pair[p.to * k + p.from] += p.utility;
        }
    }
    for a in 0..k {
        for b in (0..k).filter(|&b| b != a) {
            let x = a * k + b;
            w.write_record([
                s.countries[a].code.clone(),
                s.countries[b].code.clone(),
                format!("{:.1}", s.distance(a, b)),
                if contig[x] { "1" } else { "0" }.to_string(),
                if language[x] { "1" } else { "0" }.to_string(),
                format!("{}", ties[x]),
                format!("{}", pair[x]),
            ])?;
        }
    }
    Ok(())
}
