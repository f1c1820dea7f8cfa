//! The comparison's section of a run's report: where it is saved and how
//! it goes into report.html (a leaf: the report reads it from here).

use std::path::Path;

use crate::output::names::COMPARE_DIR;

/// The report fragment inside [`COMPARE_DIR`].
pub const SECTION: &str = "section.html";

/// `s` with HTML's special characters escaped.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const START: &str = "<!-- compare:start -->";
const END: &str = "<!-- compare:end -->";

/// `page` with the comparison section (replacing an earlier one), placed
/// before the parameters' heading or the end of the body.
pub fn with_section(page: &str, section: &str) -> String {
    let block = format!("{START}\n{section}{END}\n");
    if let (Some(a), Some(b)) = (page.find(START), page.find(END))
        && a < b
    {
        let mut end = b + END.len();
        if page[end..].starts_with('\n') {
            end += 1;
        }
        return format!("{}{block}{}", &page[..a], &page[end..]);
    }
    let at = page
        .find("<h2>Parameters</h2>")
        .or_else(|| page.find("<h2>Manifest</h2>"))
        .or_else(|| page.find("</body>"))
        .unwrap_or(page.len());
    format!("{}{block}{}", &page[..at], &page[at..])
}

/// The report section saved by an earlier `compare`, if any (for the
/// report when it is redrawn).
pub fn saved_section(run_dir: &Path) -> Option<String> {
    std::fs::read_to_string(run_dir.join(COMPARE_DIR).join(SECTION)).ok()
}
