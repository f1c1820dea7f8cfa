//! Words of scenario files: country codes, scenario names, months, and the
//! "did you mean" hint for a misspelt word. Used by every part of the loader
//! (and by the sweep and observed-data readers).

use crate::model::YearMonth;
use crate::model::keys::MAX_NAME_CHARS;

/// The best "did you mean" candidate for `word` among `candidates`, if one
/// is close enough (same letters in another case, or a small edit away).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c.to_lowercase() == lower {
            return Some(format!("did you mean \"{c}\"?"));
        }
        let score = strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase());
        if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean \"{c}\"?"))
}

/// Whether `s` is a valid country code.
pub fn is_code(s: &str) -> bool {
    (2..=8).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Whether `s` is usable as a scenario (folder) name.
pub fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_NAME_CHARS
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Parses `"YYYY-MM"`.
pub fn parse_month(s: &str) -> Option<YearMonth> {
    YearMonth::parse(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        let codes = ["DEU", "POL", "ESP"];
        assert_eq!(
            did_you_mean("PLO", codes),
            Some("did you mean \"POL\"?".into())
        );
        assert_eq!(
            did_you_mean("pol", codes),
            Some("did you mean \"POL\"?".into())
        );
        assert_eq!(did_you_mean("XYZQW", codes), None);
        let keys = ["home_bias", "wage_weight"];
        assert_eq!(
            did_you_mean("home_bais", keys),
            Some("did you mean \"home_bias\"?".into())
        );
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(
            parse_month("2004-05"),
            Some(YearMonth {
                year: 2004,
                month: 5
            })
        );
        assert_eq!(parse_month("2004-13"), None);
        assert_eq!(parse_month("2004-5"), None);
        assert_eq!(parse_month("May 2004"), None);
    }
}
