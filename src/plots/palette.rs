//! Colours: the Okabe–Ito palette (safe for the common forms of colour
//! blindness) for categories, and viridis for sequential scales.

use plotters::style::RGBColor;

/// Okabe–Ito categorical colours, most distinct first (yellow, hard to see
/// on white, comes last; black is left out for "other"/totals).
pub const CATEGORICAL: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(240, 228, 66),  // yellow
];

/// Near-black for totals and text.
pub const INK: RGBColor = RGBColor(30, 30, 30);

/// Light grey for the countries that are not singled out.
pub const MUTED: RGBColor = RGBColor(200, 200, 200);

/// Shading of recession months (business cycle below zero).
pub const RECESSION: RGBColor = RGBColor(225, 225, 225);

/// Shading of dated recession phases (`phase == "recession"`), darker.
pub const RECESSION_PHASE: RGBColor = RGBColor(185, 185, 185);

/// Shading of dated boom phases (`phase == "boom"`), a light blue.
pub const BOOM_PHASE: RGBColor = RGBColor(212, 232, 247);

/// Shading of the months of a `[[shock]]` (conflict, disaster, ...), a
/// light vermillion.
pub const SHOCK: RGBColor = RGBColor(250, 218, 190);

/// The `i`-th categorical colour (cycling).
pub fn category(i: usize) -> RGBColor {
    CATEGORICAL[i % CATEGORICAL.len()]
}

/// Viridis stops (every 1/8 of the scale).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Viridis colour at `x` in [0, 1] (clamped), linearly interpolated.
pub fn viridis(x: f64) -> RGBColor {
    let x = if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let f = x * (VIRIDIS.len() - 1) as f64;
    let i = (f.floor() as usize).min(VIRIDIS.len() - 2);
    let t = f - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour as `#rrggbb` (for the HTML report).
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends_and_clamps() {
        assert_eq!(hex(viridis(0.0)), "#440154");
        assert_eq!(hex(viridis(1.0)), "#fde725");
        assert_eq!(hex(viridis(7.0)), "#fde725");
        assert_eq!(hex(viridis(f64::NAN)), "#440154");
    }
}
