//! The scenario schema as the loader sees it: the sections of the model's
//! schema ([`crate::model::schema`]) and the `[[policy]]` section of the
//! loader, in the order of the scenario reference, which is generated here.

use std::fmt::Write;

pub use crate::model::keys::*;
pub use crate::model::schema::*;

/// Every section, in the order of the reference.
pub const SECTIONS: &[&Section] = &[
    &TOP,
    &SIMULATION,
    &SYNTHETIC,
    &COUNTRY,
    &CYCLE,
    &DISTANCE,
    &BLOC,
    &BLOC_TRANSITION,
    &COSTS,
    &DECISION,
    &ECONOMY,
    &RECOGNITION,
    &PHASE,
    &TECHNOLOGY,
    &BARRIER_CHANGE,
    &TIES,
    &TIE,
    &PAIR,
    &SHOCK,
    &CAPITAL_FLOW,
    &REGION,
    &FORMS,
    &SEASON,
    &LEGALITY,
    &ENTRY,
    &RETURNS,
    &AGE,
    &DATA,
    &STOCK,
    &POLICY,
];

/// The scenario reference in Markdown, generated from [`SECTIONS`]
/// (docs/scenario-reference.md holds it).
pub fn reference_markdown() -> String {
    let mut out = String::new();
    for s in SECTIONS {
        let title = match (s.path, s.array) {
            ("", _) => "top level".to_string(),
            (p, true) => format!("[[{p}]]"),
            (p, false) => format!("[{p}]"),
        };
        let _ = writeln!(out, "#### `{title}`\n\n{}\n", s.doc);
        let _ = writeln!(out, "| key | allowed | default | unit | meaning |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for fld in s.fields {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                fld.name,
                fld.kind.describe().replace('|', "\\|"),
                fld.default.describe(),
                fld.unit,
                fld.doc.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_describe_themselves_and_reject_nan() {
        assert_eq!(PROBABILITY.describe(), "a number in [0, 1]");
        assert_eq!(SHARE_BELOW_ONE.describe(), "a number in [0, 1)");
        assert_eq!(Range::POSITIVE.describe(), "a number > 0");
        assert!(!Range::POSITIVE.contains(f64::NAN));
        assert!(!Range::POSITIVE.contains(f64::INFINITY));
        assert!(!Range::POSITIVE.contains(0.0));
        assert!(Range::half_open(0.0, 1.0).contains(0.0));
        assert!(!Range::half_open(0.0, 1.0).contains(1.0));
    }

    #[test]
    fn every_section_is_documented_and_keys_are_unique() {
        for s in SECTIONS {
            let mut names = s.names();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n, "duplicate key in {}", s.path);
            assert!(s.fields.iter().all(|f| !f.doc.is_empty()));
        }
        let md = reference_markdown();
        assert!(md.contains("| `home_bias` | a number ≥ 0 | 0.5 |"), "{md}");
    }
}
