//! Text of the charts and the report: numbers with thousands separators,
//! percentages and HTML escaping (a leaf module: the report, the classroom
//! sections and the policy table use it without importing each other).

/// An integer with thousands separators, e.g. `-12,345`.
pub fn fmt_int(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A share as a percentage with one decimal, e.g. `12.3 %`.
pub fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}
