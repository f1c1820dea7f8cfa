//! Legends, labels and shading of the charts: greedy placement of point
//! labels, the shading of recessions and dated phases, and legends that
//! wrap over several rows.

use super::*;

/// A label at pixel box (x0, y0, x1, y1).
pub(super) type PixelBox = (i32, i32, i32, i32);

/// A label to place: its anchor point and its size, in pixels.
pub type Anchor = ((i32, i32), (i32, i32));

pub(super) fn overlaps(a: &PixelBox, b: &PixelBox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Greedy label placement: for each candidate (anchor point, label size),
/// in priority order, the first of right / left / above / below of the
/// point whose box stays inside `bounds` and overlaps no placed box.
/// Returns the top-left corner of each placed label (or `None`).
pub fn place_labels(
    anchors: &[Anchor],
    bounds: PixelBox,
    avoid: &[PixelBox],
) -> Vec<Option<(i32, i32)>> {
    let mut placed: Vec<PixelBox> = avoid.to_vec();
    anchors
        .iter()
        .map(|&((x, y), (w, h))| {
            let options = [
                (x + 8, y - h / 2),
                (x - 8 - w, y - h / 2),
                (x - w / 2, y - 8 - h),
                (x - w / 2, y + 8),
            ];
            for (lx, ly) in options {
                let b = (lx, ly, lx + w, ly + h);
                let inside =
                    b.0 >= bounds.0 && b.1 >= bounds.1 && b.2 <= bounds.2 && b.3 <= bounds.3;
                // Two pixels of air around each label.
                let padded = (b.0 - 2, b.1 - 2, b.2 + 2, b.3 + 2);
                if inside && !placed.iter().any(|p| overlaps(p, &padded)) {
                    placed.push(b);
                    return Some((lx, ly));
                }
            }
            None
        })
        .collect()
}

/// Draws bands of `colour` over the runs of months where `on(t)`.
pub(super) fn shade_runs<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    times: &[f64],
    on: impl Fn(usize) -> bool,
    colour: RGBColor,
    (y0, y1): (f64, f64),
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let months = times.len();
    let (start, end) = (times[0], times[months - 1]);
    let half = 1.0 / 24.0;
    let mut t = 0;
    while t < months {
        if on(t) {
            let s = t;
            while t < months && on(t) {
                t += 1;
            }
            let x0 = (times[s] - half).max(start);
            let x1 = (times[t - 1] + half).min(end);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x1, y1)],
                colour.filled(),
            )))?;
        } else {
            t += 1;
        }
    }
    Ok(())
}

/// The shading of each month: months with the cycle below zero light grey
/// (when `cycle` is given), then the dated phases on top of it (explicit
/// phases win where they overlap): booms light blue, recessions dark grey.
pub(super) fn shade_phases<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    times: &[f64],
    cycle: Option<&dyn Fn(usize) -> f64>,
    phase: &dyn Fn(usize) -> Phase,
    y: (f64, f64),
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    if let Some(cy) = cycle {
        shade_runs(chart, times, |t| cy(t) < 0.0, RECESSION, y)?;
    }
    shade_runs(chart, times, |t| phase(t) == Phase::Boom, BOOM_PHASE, y)?;
    shade_runs(
        chart,
        times,
        |t| phase(t) == Phase::Recession,
        RECESSION_PHASE,
        y,
    )
}

/// A month's dated phase, as read from timeseries.csv's `phase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    None,
    Boom,
    Recession,
}

pub(super) fn phase_of(s: &str) -> Phase {
    match s.trim() {
        "boom" => Phase::Boom,
        "recession" => Phase::Recession,
        _ => Phase::None,
    }
}

/// Legend entries for the shading that actually appears.
pub(super) fn shading_legend(
    cycle: bool,
    boom: bool,
    recession: bool,
    scope: &str,
) -> Vec<(RGBColor, Mark, String)> {
    let mut v = Vec::new();
    if cycle {
        v.push((RECESSION, Mark::Band, "recession (cycle < 0)".into()));
    }
    if recession {
        v.push((
            RECESSION_PHASE,
            Mark::Band,
            format!("recession phase{scope}"),
        ));
    }
    if boom {
        v.push((BOOM_PHASE, Mark::Band, format!("boom phase{scope}")));
    }
    v
}

/// How a legend entry is marked.
#[derive(Clone, Copy)]
pub(super) enum Mark {
    /// A line of this width.
    Line(u32),
    /// A filled band.
    Band,
    /// A dot.
    Dot,
}

/// Where each legend item (and then the note) goes: (x, y) offsets.
pub(super) fn legend_layout(
    width: i32,
    items: &[(RGBColor, Mark, String)],
    note: &str,
) -> Vec<(i32, i32)> {
    let (mut x, mut y) = (20, 0);
    let mut out = Vec::with_capacity(items.len() + 1);
    for (_, _, text) in items {
        let (w, _) = font(14).box_size(text).unwrap_or((100, 14));
        let step = 30 + w as i32 + 26;
        if x > 20 && x + step - 26 > width - 10 {
            x = 20;
            y += 26;
        }
        out.push((x, y));
        x += step;
    }
    if !note.is_empty() {
        let (w, _) = font(13).box_size(note).unwrap_or((200, 13));
        if x > 20 && x + 20 + w as i32 > width - 10 {
            x = 0;
            y += 26;
        }
        out.push((x + 20, y));
    }
    out
}

/// Height in pixels of the legend of `items` and `note` across `area`.
pub(super) fn legend_height<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(RGBColor, Mark, String)],
    note: &str,
) -> u32 {
    let layout = legend_layout(area.dim_in_pixel().0 as i32, items, note);
    34 + layout.iter().map(|p| p.1).max().unwrap_or(0) as u32
}

/// A legend along the top of `area` (wrapping onto further rows when the
/// width runs out), then `note` in grey.
pub(super) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(RGBColor, Mark, String)],
    note: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let layout = legend_layout(area.dim_in_pixel().0 as i32, items, note);
    for ((c, mark, text), &(x, y)) in items.iter().zip(&layout) {
        match *mark {
            Mark::Band => area.draw(&Rectangle::new([(x, y + 6), (x + 22, y + 22)], c.filled()))?,
            Mark::Line(w) => area.draw(&PathElement::new(
                vec![(x, y + 14), (x + 22, y + 14)],
                c.stroke_width(w),
            ))?,
            Mark::Dot => area.draw(&Circle::new((x + 11, y + 14), 5, c.filled()))?,
        }
        area.draw(&Text::new(text.clone(), (x + 30, y + 6), font(14)))?;
    }
    if let (false, Some(&(x, y))) = (note.is_empty(), layout.last()) {
        area.draw(&Text::new(
            note.to_string(),
            (x, y + 7),
            font(13).color(&RGBColor(90, 90, 90)),
        ))?;
    }
    Ok(())
}
