//! Charts of the high-skilled: brain-drain rates over time, brain waste in
//! the destinations, and brain drain against the wage at home.

use super::*;

pub(super) fn brain_drain_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let top = top_by(d, HIGHLIGHTED, |c| d.last(c).brain_drain_rate);
    let max = d
        .series
        .iter()
        .flat_map(|s| s.iter().map(|r| r.brain_drain_rate))
        .fold(0.0, f64::max)
        * 100.0;
    let mut chart = time_chart(
        area,
        d,
        headroom(max),
        Some("month"),
        "high-skilled natives living abroad (% of all high-skilled natives)",
        &|y| format!("{y:.1} %"),
    )?;
    let curve = |c: usize| {
        d.series[c]
            .iter()
            .map(|r| (d.times[r.step], 100.0 * r.brain_drain_rate))
            .collect::<Vec<_>>()
    };
    let mut first_other = true;
    for c in 0..d.k() {
        if top.contains(&c) {
            continue;
        }
        let s = chart
            .draw_series(LineSeries::new(curve(c), MUTED.stroke_width(1)).point_size(dots(d)))?;
        if first_other {
            first_other = false;
            s.label(format!("other origins ({})", d.k() - top.len()))
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], MUTED.stroke_width(2))
                });
        }
    }
    for (i, &c) in top.iter().enumerate() {
        let col = palette::category(i);
        chart
            .draw_series(LineSeries::new(curve(c), col.stroke_width(3)).point_size(dots(d)))?
            .label(country_label(d, c))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], col.stroke_width(3)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(MUTED)
        .label_font(font(14))
        .draw()?;
    Ok(())
}

/// High-skilled immigrants a destination needs in a month for its
/// brain-waste rate to be drawn (smaller counts give meaningless 0 % / 100 %).
pub const MIN_HIGH_SKILLED_IMMIGRANTS: u64 = 10;

/// Brain-waste rate of country `c` per month, in %, as runs of months
/// with at least [`MIN_HIGH_SKILLED_IMMIGRANTS`] high-skilled immigrants
/// (other months are left out).
pub(super) fn brain_waste_runs(d: &RunData, c: usize) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for r in &d.series[c] {
        match (r.high_skilled_immigrants, r.brain_waste) {
            (h, w) if h >= MIN_HIGH_SKILLED_IMMIGRANTS => {
                cur.push((d.times[r.step], 100.0 * w as f64 / h as f64))
            }
            _ => {
                if !cur.is_empty() {
                    runs.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

pub(super) fn brain_waste<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let waste = |c: usize| d.last(c).brain_waste as f64;
    let top: Vec<usize> = top_by(d, HIGHLIGHTED, waste)
        .into_iter()
        .filter(|&c| waste(c) > 0.0)
        .collect();
    let runs: Vec<Vec<Vec<(f64, f64)>>> = (0..d.k()).map(|c| brain_waste_runs(d, c)).collect();
    let max = runs
        .iter()
        .flatten()
        .flatten()
        .map(|p| p.1)
        .fold(0.0, f64::max);
    let others: Vec<usize> = (0..d.k())
        .filter(|c| !top.contains(c) && !runs[*c].is_empty())
        .collect();
    let mut items: Vec<(RGBColor, Mark, String)> = top
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            (
                palette::category(i),
                Mark::Line(3),
                format!(
                    "{}: {} at the end",
                    country_label(d, c),
                    fmt_int(waste(c) as i64)
                ),
            )
        })
        .collect();
    if !others.is_empty() {
        items.push((
            MUTED,
            Mark::Line(2),
            format!("other destinations ({})", others.len()),
        ));
    }
    let note = format!(
        "number = unrecognised high-skilled immigrants; months with fewer than {MIN_HIGH_SKILLED_IMMIGRANTS} high-skilled immigrants left out"
    );
    let (legend, area) = area.split_vertically(legend_height(area, &items, &note));
    draw_legend(&legend, &items, &note)?;
    let mut chart = time_chart(
        &area,
        d,
        headroom(max).min(105.0),
        Some("month"),
        "high-skilled immigrants not recognised (% of high-skilled immigrants)",
        &|y| format!("{y:.0} %"),
    )?;
    for &c in &others {
        for run in &runs[c] {
            chart.draw_series(
                LineSeries::new(run.clone(), MUTED.stroke_width(1)).point_size(dots(d)),
            )?;
        }
    }
    for (i, &c) in top.iter().enumerate() {
        let col = palette::category(i);
        for run in &runs[c] {
            chart.draw_series(
                LineSeries::new(run.clone(), col.stroke_width(3)).point_size(dots(d)),
            )?;
        }
    }
    Ok(())
}

/// A column of timeseries.csv as a number.
pub(super) type Metric = fn(&crate::plots::data::SeriesRow) -> f64;

pub(super) fn group_colour(group: &str) -> (usize, RGBColor) {
    match group {
        "industrialised" => (0, palette::category(0)),
        "developing" => (1, palette::category(1)),
        "transition" => (2, palette::category(2)),
        _ => (3, palette::category(3)),
    }
}

pub(super) fn brain_drain_vs_wage<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let pts: Vec<(f64, f64)> = (0..d.k())
        .map(|c| {
            let r = d.last(c);
            (r.wage_high.max(1.0), 100.0 * r.brain_drain_rate)
        })
        .collect();
    let (lo, hi) = pts.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    let ymax = pts.iter().map(|p| p.1).fold(0.0, f64::max);
    let groups = ["industrialised", "developing", "transition", "other"];
    let members = |g: usize| -> Vec<usize> {
        (0..d.k())
            .filter(|&c| group_colour(&d.countries[c].group).0 == g)
            .collect()
    };
    let (legend, area) = area.split_vertically(34);
    let items: Vec<(RGBColor, Mark, String)> = groups
        .iter()
        .enumerate()
        .filter(|(g, _)| !members(*g).is_empty())
        .map(|(g, name)| {
            (
                group_colour(name).1,
                Mark::Dot,
                format!("{name} ({})", members(g).len()),
            )
        })
        .collect();
    draw_legend(&legend, &items, "one point per origin country")?;
    let area = &area;
    let mut chart = ChartBuilder::on(area)
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d((lo * 0.8..hi * 1.25).log_scale(), 0.0..headroom(ymax))?;
    chart
        .configure_mesh()
        .x_labels(0)
        .x_label_formatter(&|_| String::new())
        .disable_x_mesh()
        .y_label_formatter(&|y| format!("{y:.0} %"))
        .x_desc("origin's high-skilled wage in the last month (US$ per month, log scale)")
        .y_desc("high-skilled natives living abroad (%)")
        .axis_desc_style(font(15))
        .label_style(font(13))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    let (x_lo, x_hi) = (lo * 0.8, hi * 1.25);
    let y_top = headroom(ymax);
    let ticks = log_ticks(x_lo, x_hi);
    let money = axis_format(ticks.iter().copied().fold(0.0, f64::max));
    for t in ticks {
        chart.draw_series(LineSeries::new(
            [(t, 0.0), (t, y_top)],
            RGBColor(225, 225, 225).stroke_width(1),
        ))?;
        let p = chart.backend_coord(&(t, 0.0));
        text_at_pixel(
            area,
            format!("${}", money(&t)),
            (p.0, p.1 + 8),
            (HPos::Center, VPos::Top),
            13,
        )?;
    }
    for (g, name) in groups.iter().enumerate() {
        let col = group_colour(name).1;
        chart.draw_series(
            members(g)
                .iter()
                .map(|&c| Circle::new(pts[c], 5, col.mix(0.85).filled())),
        )?;
    }
    // Labels: highest brain drain first, then the poorest and richest.
    let mut order = top_by(d, d.k(), |c| pts[c].1);
    let w = d.by_wage();
    for c in [w[0], w[w.len() - 1]] {
        order.retain(|&x| x != c);
        order.insert(order.len().min(3), c);
    }
    order.truncate(MAX_SHOWN);
    let f = font(12);
    let anchors: Vec<Anchor> = order
        .iter()
        .map(|&c| {
            let (bw, bh) = f.box_size(&d.countries[c].code).unwrap_or((30, 12));
            (chart.backend_coord(&pts[c]), (bw as i32, bh as i32))
        })
        .collect();
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let dots: Vec<PixelBox> = anchors
        .iter()
        .map(|&((x, y), _)| (x - 5, y - 5, x + 5, y + 5))
        .collect();
    let placed = place_labels(&anchors, (xr.start, yr.start, xr.end, yr.end), &dots);
    for (i, p) in placed.iter().enumerate() {
        if let Some((x, y)) = p {
            text_at_pixel(
                area,
                d.countries[order[i]].code.clone(),
                (*x, *y),
                (HPos::Left, VPos::Top),
                12,
            )?;
        }
    }
    Ok(())
}
