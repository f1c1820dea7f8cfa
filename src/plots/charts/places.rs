//! Charts of places: forced displacement in the countries hit by a shock,
//! and the regions of divided countries.

use super::*;

/// Shocked countries drawn one by one in the displacement chart.
pub const MAX_DISPLACEMENT_PANELS: usize = 9;

/// The shocks of country `c` as `kind start–end` (one per run of months).
pub(super) fn shock_periods(d: &RunData, c: usize) -> Vec<String> {
    let s = &d.series[c];
    let mut out = Vec::new();
    let mut t = 0;
    while t < s.len() {
        let kind = s[t].shock.trim();
        if kind.is_empty() {
            t += 1;
            continue;
        }
        let start = t;
        while t < s.len() && s[t].shock.trim() == kind {
            t += 1;
        }
        out.push(format!(
            "{kind} {}\u{2013}{}",
            d.dates[start],
            d.dates[t - 1]
        ));
    }
    out
}

pub(super) fn displacement<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let peak = |c: usize| {
        d.series[c]
            .iter()
            .map(|r| r.refugees + r.idps)
            .max()
            .unwrap_or(0) as f64
    };
    let mut shown = d.shocked();
    let hidden = shown.len().saturating_sub(MAX_DISPLACEMENT_PANELS);
    if hidden > 0 {
        let top = top_by(d, MAX_DISPLACEMENT_PANELS, |c| {
            if shown.contains(&c) { peak(c) } else { -1.0 }
        });
        shown.retain(|c| top.contains(c));
    }
    let (blue, red) = (palette::category(0), palette::category(1));
    let items = vec![
        (blue, Mark::Line(3), "refugees (abroad)".to_string()),
        (
            red,
            Mark::Line(3),
            "internally displaced people (IDPs)".into(),
        ),
        (palette::SHOCK, Mark::Band, "shock under way".into()),
    ];
    let note = if hidden > 0 {
        format!("each panel has its own scale; {hidden} smaller shocked countries not shown")
    } else {
        "each panel has its own scale".into()
    };
    let (legend, grid) = area.split_vertically(legend_height(area, &items, &note));
    draw_legend(&legend, &items, &note)?;
    let n = shown.len();
    let cols = if n <= 3 {
        1
    } else if n <= 6 {
        2
    } else {
        3
    };
    let rows = n.div_ceil(cols);
    let cells = grid.split_evenly((rows, cols));
    for (i, (&c, cell)) in shown.iter().zip(cells.iter()).enumerate() {
        let title = format!(
            "{}: {}",
            country_label(d, c),
            shock_periods(d, c).join(", ")
        );
        let cell = cell.titled(&title, font(15).color(&INK))?;
        let s = &d.series[c];
        let refugees: Vec<f64> = s.iter().map(|r| r.refugees as f64).collect();
        let idps: Vec<f64> = s.iter().map(|r| r.idps as f64).collect();
        let top = headroom(peak(c));
        let last_row = i / cols == rows - 1;
        let mut chart = time_chart(
            &cell,
            d,
            top,
            last_row.then_some("month"),
            "displaced (people)",
            &axis_format(top),
        )?;
        shade_runs(
            &mut chart,
            &d.times,
            |t| !s[t].shock.trim().is_empty(),
            palette::SHOCK,
            (0.0, top),
        )?;
        for (v, col) in [(&refugees, blue), (&idps, red)] {
            monthly_line(&mut chart, d, v, col, 3)?;
        }
    }
    Ok(())
}

/// Divided countries drawn in the regions chart.
pub const MAX_REGION_PANELS: usize = 6;

pub(super) fn regions<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut countries = d.region_shares();
    countries.truncate(MAX_REGION_PANELS);
    let n = countries.len().max(1);
    let cols = if n <= 2 { 1 } else { 2 };
    let rows = n.div_ceil(cols);
    let cells = area.split_evenly((rows, cols));
    for (i, ((c, regions), cell)) in countries.iter().zip(cells.iter()).enumerate() {
        let cell = cell.titled(&country_label(d, *c), font(17).color(&INK))?;
        let last = d.months() - 1;
        let items: Vec<(RGBColor, Mark, String)> = regions
            .iter()
            .enumerate()
            .map(|(j, (name, v))| {
                (
                    palette::category(j),
                    Mark::Line(3),
                    format!(
                        "{name}: {:.1} % \u{2192} {:.1} %",
                        100.0 * v[0],
                        100.0 * v[last]
                    ),
                )
            })
            .collect();
        let note = "first \u{2192} last month";
        let (legend, plot) = cell.split_vertically(legend_height(&cell, &items, note));
        draw_legend(&legend, &items, note)?;
        let max = regions
            .iter()
            .flat_map(|r| r.1.iter())
            .fold(0.0f64, |a, &b| a.max(b));
        let mut chart = time_chart(
            &plot,
            d,
            headroom(100.0 * max).min(100.0),
            (i / cols == rows - 1).then_some("month"),
            "share of the country's residents (%)",
            &|y| format!("{y:.0} %"),
        )?;
        for (j, (_, v)) in regions.iter().enumerate() {
            let pct: Vec<f64> = v.iter().map(|x| 100.0 * x).collect();
            monthly_line(&mut chart, d, &pct, palette::category(j), 3)?;
        }
    }
    Ok(())
}
