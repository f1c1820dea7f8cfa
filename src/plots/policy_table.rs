//! The report's "State policy over time" section (issue 17): from the run
//! folder's policy.csv, every instrument that changes during the run, with
//! its value at the start and at each dated change, in plain words, so a
//! reader sees e.g. that Azerbaijan detected nobody before its State
//! Migration Service of March 2007. Instruments that never change are left
//! out (policy.csv has them all).

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use super::text::escape;
use super::text::fmt_int;

/// One row of policy.csv (the writer's row type).
pub use crate::output::policy::PolicyRow;

/// What an instrument is, in plain words with its unit.
pub fn instrument_words(name: &str) -> &str {
    match name {
        "rule" => "entry rule for workers",
        "quota" => "work permits a year (quota)",
        "one_window" => "'one window' for permits and registration",
        "detection" => "chance a month that an irregular migrant is detected",
        "legalised_share" => "share of the detected legalised with a fine",
        "leave_share" => "share of the detected ordered to leave",
        "expelled_share" => "share of the detected expelled with a re-entry ban",
        "fine" => "fine on legalisation (US$ a person)",
        "ban_months" => "re-entry ban of the expelled (months)",
        "c143" => "ILO C143 in force",
        "c97" => "ILO C97 in force",
        "return_payment" => "return programme payment (US$ a person)",
        "equal_treatment" => "equal pay for foreign workers",
        "inspection" => "chance a month that an employer is inspected",
        "employer_fine" => "fine of an employer per irregular worker (US$)",
        other => other,
    }
}

/// A value as a reader expects it: "no quota" for a quota of none,
/// thousands separators for large numbers, shares as percentages.
fn value_words(instrument: &str, value: &str) -> String {
    match (instrument, value) {
        ("quota", "none") => "no quota".into(),
        (_, "true") => "yes".into(),
        (_, "false") => "no".into(),
        ("detection" | "inspection", "0") => "0 (nobody is checked)".into(),
        ("detection" | "inspection" | "legalised_share" | "leave_share" | "expelled_share", v) => v
            .parse::<f64>()
            .map(|x| format!("{} %", crate::model::fmt_num(x * 100.0)))
            .unwrap_or_else(|_| v.to_string()),
        (_, v) => match v.parse::<f64>() {
            Ok(x) if x >= 1000.0 && x == x.round() => fmt_int(x as i64),
            _ => v.to_string(),
        },
    }
}

/// The section's HTML, or "" when the folder has no policy.csv or nothing
/// changes during the run.
pub fn section(dir: &Path) -> String {
    let Ok(rows) = super::data::read_rows::<PolicyRow>(dir, "policy") else {
        return String::new();
    };
    let Some(first) = rows.first().map(|r| r.date.clone()) else {
        return String::new();
    };
    // (country, scope, instrument) that change after the first month.
    let changing: BTreeSet<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r.date != first)
        .map(|r| (r.country.as_str(), r.scope.as_str(), r.instrument.as_str()))
        .collect();
    if changing.is_empty() {
        return String::new();
    }
    let mut h = String::new();
    h.push_str("<h2 id=\"policy\">State policy over time</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Every policy instrument that changes during the run: its value at \
         the start ({}) and from each dated change on (<code>[[policy]]</code> rows of the \
         scenario; all instruments are in <code>policy.csv</code>).</p>",
        escape(&first)
    );
    h.push_str(
        "<table>\n<tr><th>from</th><th>country</th><th>who</th><th>instrument</th><th>value</th></tr>\n",
    );
    for r in &rows {
        if !changing.contains(&(r.country.as_str(), r.scope.as_str(), r.instrument.as_str())) {
            continue;
        }
        let when = if r.date == first {
            format!("{} (start)", r.date)
        } else {
            r.date.clone()
        };
        let who = if r.scope.is_empty() {
            "everyone"
        } else {
            &r.scope
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&when),
            escape(&r.country),
            escape(who),
            escape(instrument_words(&r.instrument)),
            escape(&value_words(&r.instrument, &r.value)),
        );
    }
    h.push_str("</table>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_plain_words() {
        assert_eq!(value_words("quota", "none"), "no quota");
        assert_eq!(value_words("quota", "5000"), "5,000");
        assert_eq!(value_words("detection", "0"), "0 (nobody is checked)");
        assert_eq!(value_words("detection", "0.02"), "2 %");
        assert_eq!(value_words("legalised_share", "0.183"), "18.3 %");
        assert_eq!(value_words("one_window", "true"), "yes");
        assert_eq!(value_words("fine", "430"), "430");
    }

    #[test]
    fn only_changing_instruments_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("policy.csv"),
            "date,country,scope,instrument,value\n\
             1988-01,AZE,,rule,permit\n1988-01,AZE,,detection,0\n1988-01,AZE,,quota,none\n\
             2006-07,AZE,,quota,5000\n2007-03,AZE,,detection,0.02\n",
        )
        .unwrap();
        let h = section(dir.path());
        assert!(h.contains("1988-01 (start)"));
        assert!(h.contains("0 (nobody is checked)"));
        assert!(h.contains("<td>2007-03</td>"));
        assert!(h.contains("no quota") && h.contains("5,000"));
        assert!(!h.contains("entry rule"), "the rule never changes: {h}");
        // No policy.csv: no section.
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(section(empty.path()), "");
    }
}
