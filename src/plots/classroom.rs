//! The report's parts for students (issue 17): a one-line summary in plain
//! words at the top, and the exercise sheets of a teaching scenario
//! (`exercise.LANG.md` in the run folder, copied there by the run) rendered
//! from Markdown.

use std::fmt::Write as _;

use pulldown_cmark::{Event, Options, Parser, html};

use super::data::RunData;
use super::text::escape;
use crate::teaching::{LANGUAGES, sheet_file_name};

/// A number of people in words a student reads at a glance: "1.2 million",
/// "45,000", "830".
pub fn people_words(x: f64) -> String {
    let x = x.max(0.0);
    if x >= 1e6 {
        format!("{:.1} million", x / 1e6)
    } else if x >= 1e4 {
        super::text::fmt_int(((x / 1e3).round() * 1e3) as i64)
    } else if x >= 1e3 {
        super::text::fmt_int(((x / 1e2).round() * 1e2) as i64)
    } else {
        super::text::fmt_int(x.round() as i64)
    }
}

/// "ten years", "18 months", "one year".
fn duration_words(months: usize) -> String {
    const WORDS: [&str; 11] = [
        "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    if months % 12 == 0 {
        let y = months / 12;
        let n = if y < WORDS.len() {
            WORDS[y].to_string()
        } else {
            y.to_string()
        };
        format!("{n} year{}", if y == 1 { "" } else { "s" })
    } else {
        format!("{months} months")
    }
}

/// The one-line summary: the country that lost the most people over the
/// run, how many, and where most of them went, e.g. "Over ten years
/// 1.2 million people left Poland; 40 % of them went to Germany."
pub fn one_line(d: &RunData) -> String {
    let span = duration_words(d.months());
    let Some((c, emi)) = (0..d.k())
        .map(|c| (c, d.series[c].iter().map(|r| r.emigration).sum::<u64>()))
        .max_by_key(|&(c, e)| (e, std::cmp::Reverse(c)))
    else {
        return String::new();
    };
    if emi == 0 {
        return format!("Over {span} nobody moved from one country to another.");
    }
    let mut to = vec![0u64; d.k()];
    for r in d.flows.iter().filter(|r| r.origin == c) {
        to[r.destination] += r.movers;
    }
    let (top, n) = to
        .iter()
        .enumerate()
        .max_by_key(|&(j, &n)| (n, std::cmp::Reverse(j)))
        .map(|(j, &n)| (j, n))
        .unwrap_or((c, 0));
    let mut s = format!(
        "Over {span} {} people left {}",
        people_words(emi as f64),
        d.countries[c].name
    );
    if n > 0 {
        let _ = write!(
            s,
            "; {:.0} % of them went to {}",
            100.0 * n as f64 / emi as f64,
            d.countries[top].name
        );
    }
    s.push('.');
    s
}

/// Markdown to HTML; raw HTML in the text is shown as text, not obeyed.
pub fn markdown(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        e => e,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

/// The exercise sheets of the run folder as a report section (empty when
/// the run is not of a teaching scenario): English open, the others folded.
pub fn exercise_section(d: &RunData) -> String {
    let mut h = String::new();
    for (i, lang) in LANGUAGES.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(d.dir.join(sheet_file_name(lang))) else {
            continue;
        };
        if h.is_empty() {
            h.push_str("<h2 id=\"exercise\">Exercise sheet</h2>\n");
        }
        let label = match *lang {
            "en" => "English",
            "az" => "Azərbaycanca",
            other => other,
        };
        let _ = writeln!(
            h,
            "<details class=\"sheet\" id=\"exercise-{lang}\" lang=\"{lang}\"{}>\n<summary>{}</summary>\n{}</details>",
            if i == 0 { " open" } else { "" },
            escape(label),
            markdown(&text)
        );
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_in_words() {
        assert_eq!(people_words(1_234_567.0), "1.2 million");
        assert_eq!(people_words(45_321.0), "45,000");
        assert_eq!(people_words(8_049.0), "8,000");
        assert_eq!(people_words(830.4), "830");
        assert_eq!(duration_words(120), "ten years");
        assert_eq!(duration_words(12), "one year");
        assert_eq!(duration_words(18), "18 months");
        assert_eq!(duration_words(144), "12 years");
    }

    #[test]
    fn markdown_is_rendered_and_raw_html_is_not_obeyed() {
        let h = markdown("# T\n\n- a `x=1` **b**\n\n<script>alert(1)</script>\n");
        assert!(h.contains("<h1>T</h1>"));
        assert!(h.contains("<code>x=1</code>"));
        assert!(h.contains("<strong>b</strong>"));
        assert!(!h.contains("<script>"));
    }
}
