//! pairs.csv: what the gravity regression of `migrasim facts` needs about
//! each ordered pair of countries and that the other tables do not hold:
//! the distance, whether they share a border, a common language, and the
//! pair terms of the scenario ([[tie]], [[pair]]).

use std::path::Path;

use crate::decision::utility::contiguity;
use crate::error::Error;
use crate::scenario::{Scenario, TieKind};

/// Name of the file in a run folder.
pub const PAIRS: &str = "pairs.csv";

/// Columns of pairs.csv.
pub const PAIRS_COLUMNS: &[&str] = &[
    "from",
    "to",
    "distance_km",
    "contiguous",
    "common_language",
    "tie_utility",
    "pair_utility",
];

/// Writes pairs.csv: one row per ordered pair of different countries.
pub fn write_pairs(path: &Path, s: &Scenario) -> Result<(), Error> {
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
    let err = |e: csv::Error| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record(PAIRS_COLUMNS).map_err(err)?;
    for a in 0..k {
        for b in (0..k).filter(|&b| b != a) {
            let x = a * k + b;
            w.write_record([
                s.countries[a].code.as_str(),
                s.countries[b].code.as_str(),
                &format!("{:.1}", s.distance(a, b)),
                if contig[x] { "1" } else { "0" },
                if language[x] { "1" } else { "0" },
                &format!("{}", ties[x]),
                &format!("{}", pair[x]),
            ])
            .map_err(err)?;
        }
    }
    w.flush().map_err(|e| Error::io(path, e))
}
