//! How the builder writes lists, quotes, months and fill rules into the
//! scenario and its report.

use std::fmt::Write;

/// `CODE = "YYYY-MM"` pairs, comma-separated.
pub(super) fn months(xs: &[(&str, (i32, u8))]) -> String {
    xs.iter()
        .map(|(c, (y, m))| format!("{c} = \"{y}-{m:02}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a fill rule of series.csv reads in the report.
pub(super) fn rule_name(how: &str) -> &str {
    match how {
        "interpolated" => "interpolation between observed years",
        "nearest_year" => "the nearest observed year",
        "region_median" => "the sub-region's median",
        "world_median" => "the world median",
        "gaskin_population" | "from_gdp_per_capita" => "GDP / GDP per capita",
        other => other,
    }
}

/// Sorted years as ranges: "1990-1992, 1995".
pub(super) fn year_ranges(ys: &[i32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ys.len() {
        let mut j = i;
        while j + 1 < ys.len() && ys[j + 1] == ys[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            ys[i].to_string()
        } else {
            format!("{}-{}", ys[i], ys[j])
        });
        i = j + 1;
    }
    out.join(" ")
}

/// A comma-separated list, shortened after 40 items.
pub(super) fn list<'a>(xs: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = xs.collect();
    if all.len() <= 40 {
        all.join(", ")
    } else {
        format!("{}, … ({} more)", all[..40].join(", "), all.len() - 40)
    }
}

/// A TOML basic string.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
