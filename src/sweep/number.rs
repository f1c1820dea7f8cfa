//! How the sweep writes a number: the shortest text that reads back
//! exactly (shared by the metrics and the chosen outputs).

/// Formats a float: the shortest text that reads back exactly.
pub fn fmt_f64(x: f64) -> String {
    format!("{x:?}")
}
