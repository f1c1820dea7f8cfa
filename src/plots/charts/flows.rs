//! Charts of moves: the origin × destination heat map, the top corridors
//! and moves over time (by direction and territory).

use super::*;
use crate::world::Square;

/// Bands of the heat map when there are more than `MAX_SHOWN` countries.
pub const HEATMAP_BANDS: usize = 20;

/// The heat map's rows and columns: each country's group and the groups'
/// labels. Up to `MAX_SHOWN` countries each get their own row (in wage
/// order); more are cut, in wage order, into `HEATMAP_BANDS` bands of
/// (nearly) equal size labelled by their first and last codes.
pub fn heatmap_groups(d: &RunData) -> (Vec<usize>, Vec<String>) {
    let k = d.k();
    let order = d.by_wage();
    let mut group = vec![0; k];
    if k <= MAX_SHOWN {
        for (g, &c) in order.iter().enumerate() {
            group[c] = g;
        }
        let labels = order.iter().map(|&c| d.countries[c].code.clone()).collect();
        return (group, labels);
    }
    let mut labels = Vec::with_capacity(HEATMAP_BANDS);
    for b in 0..HEATMAP_BANDS {
        let members = &order[b * k / HEATMAP_BANDS..(b + 1) * k / HEATMAP_BANDS];
        for &c in members {
            group[c] = b;
        }
        labels.push(format!(
            "{}\u{2013}{}",
            d.countries[members[0]].code,
            d.countries[members[members.len() - 1]].code
        ));
    }
    (group, labels)
}

pub(super) fn flows_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let k = d.k();
    let cum = d.cumulative_flows(|f| f.movers);
    // With many countries, bands of countries adjacent in wage order.
    let (group, labels) = heatmap_groups(d);
    let m = labels.len();
    let mut cell = Square::new(m, 0u64);
    for o in 0..k {
        for t in 0..k {
            cell[(group[o], group[t])] += cum[(o, t)];
        }
    }
    let max = cell.as_slice().iter().copied().max().unwrap_or(0);
    let lmax = if max > 1 {
        libm::log10(max as f64)
    } else {
        1.0
    };
    let (w, _) = area.dim_in_pixel();
    let (main, bar) = area.split_horizontally(w.saturating_sub(150));
    let mi = m as i32;
    let label_of = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if *i >= 0 && (*i as usize) < labels.len() => {
            labels[*i as usize].clone()
        }
        _ => String::new(),
    };
    let x_label_of = label_of;
    let longest = labels
        .iter()
        .map(|l| font(12).box_size(l).map_or(60, |b| b.0))
        .max()
        .unwrap_or(60);
    let mut chart = ChartBuilder::on(&main)
        .margin(10)
        .x_label_area_size(longest + 45)
        .y_label_area_size(longest + 50)
        .build_cartesian_2d((0..mi - 1).into_segmented(), (0..mi - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(m + 1)
        .y_labels(m + 1)
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&label_of)
        .y_label_style(font(12))
        .x_desc("Destination (sorted by wage, poorest left)")
        .y_desc("Origin (sorted by wage, poorest at bottom)")
        .axis_desc_style(font(15))
        .draw()?;
    chart.draw_series((0..m).flat_map(|o| {
        let cell = &cell;
        (0..m).map(move |t| {
            let v = cell[(o, t)];
            let colour = if v == 0 {
                RGBColor(238, 238, 238)
            } else {
                palette::viridis(libm::log10(v as f64) / lmax)
            };
            let (x, y) = (t as i32, o as i32);
            Rectangle::new(
                [
                    (SegmentValue::Exact(x), SegmentValue::Exact(y)),
                    (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1)),
                ],
                colour.filled(),
            )
        })
    }))?;
    // Column labels, rotated, drawn by hand so that they start below the axis.
    for i in 0..mi {
        let text = x_label_of(&SegmentValue::CenterOf(i));
        let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(i), SegmentValue::Exact(0)));
        let (ox, oy) = main.get_base_pixel();
        let style = TextStyle::from(font(12).transform(FontTransform::Rotate90))
            .pos(Pos::new(HPos::Left, VPos::Center));
        main.draw(&Text::new(text, (x - ox, y - oy + 8), style))?;
    }
    // Colour bar.
    let mut cb = ChartBuilder::on(&bar)
        .margin_top(10)
        .margin_bottom(120)
        .margin_right(10)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..1.0, 0.0..lmax)?;
    let ticks = |y: &f64| fmt_axis(libm::pow(10.0, *y).round());
    cb.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(lmax.ceil() as usize + 1)
        .y_label_formatter(&ticks)
        .y_desc("moves over the run (people, log scale)")
        .axis_desc_style(font(14))
        .label_style(font(12))
        .draw()?;
    let steps = 100;
    cb.draw_series((0..steps).map(|i| {
        let y0 = lmax * i as f64 / steps as f64;
        let y1 = lmax * (i + 1) as f64 / steps as f64;
        Rectangle::new(
            [(0.0, y0), (1.0, y1)],
            palette::viridis((i as f64 + 0.5) / steps as f64).filled(),
        )
    }))?;
    Ok(())
}

pub(super) fn top_corridors<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let s = d.summary(TOP_CORRIDORS);
    let cum_hs = d.cumulative_flows(|f| f.high_skilled);
    let n = s.top_corridors.len().max(1);
    let max = s.top_corridors.first().map_or(1, |c| c.2) as f64;
    let labels: Vec<String> = s
        .top_corridors
        .iter()
        .map(|&(o, t, _)| format!("{} \u{2192} {}", d.countries[o].code, d.countries[t].code))
        .collect();
    // Rank 0 is drawn at the top.
    let row = |rank: usize| (n - 1 - rank) as i32;
    let label_of = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(j) if *j >= 0 && (*j as usize) < n => {
            let rank = n - 1 - *j as usize;
            labels.get(rank).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    let (legend, area) = area.split_vertically(34);
    draw_legend(
        &legend,
        &[
            (
                RGBColor(0, 62, 105),
                Mark::Band,
                "high-skilled movers".into(),
            ),
            (palette::category(0), Mark::Band, "other movers".into()),
        ],
        "cumulative over the run",
    )?;
    let mut chart = ChartBuilder::on(&area)
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(140)
        .build_cartesian_2d(0.0..max * 1.15, (0..n as i32 - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n + 1)
        .y_label_formatter(&label_of)
        .x_label_formatter(&axis_format(max * 1.15))
        .x_desc("moves over the run (people)")
        .y_desc("corridor (origin \u{2192} destination)")
        .axis_desc_style(font(15))
        .label_style(font(13))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    let blue = palette::category(0);
    let dark = RGBColor(0, 62, 105);
    for (rank, &(o, t, v)) in s.top_corridors.iter().enumerate() {
        let y = row(rank);
        let hs = cum_hs[(o, t)] as f64;
        let bar = |x0: f64, x1: f64, c: RGBColor| {
            let mut r = Rectangle::new(
                [
                    (x0, SegmentValue::Exact(y)),
                    (x1, SegmentValue::Exact(y + 1)),
                ],
                c.filled(),
            );
            r.set_margin(4, 4, 0, 0);
            r
        };
        chart.draw_series(std::iter::once(bar(0.0, hs, dark)))?;
        chart.draw_series(std::iter::once(bar(hs, v as f64, blue)))?;
        chart.draw_series(std::iter::once(Text::new(
            fmt_int(v as i64),
            (v as f64 + max * 0.01, SegmentValue::CenterOf(y)),
            TextStyle::from(font(12)).pos(Pos::new(HPos::Left, VPos::Center)),
        )))?;
    }
    Ok(())
}

/// Colour of each direction in the stacked area (Okabe–Ito; yellow left
/// out; "other" in grey).
pub fn direction_colour(dir: Direction) -> RGBColor {
    match dir {
        Direction::Return => palette::category(4),
        Direction::ToIndustrialised => palette::category(0),
        Direction::BetweenIndustrialised => palette::category(5),
        Direction::BetweenDeveloping => palette::category(1),
        Direction::IndustrialisedToDevelopingHighSkilled => palette::category(3),
        Direction::DevelopingToTransition => palette::category(2),
        Direction::Other => RGBColor(150, 150, 150),
    }
}

pub(super) fn flows_over_time<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    // Layers, bottom first: (label, colour, moves per month).
    let mut layers: Vec<(String, RGBColor, Vec<f64>)> = match d.moves_by_direction() {
        Some(v) => Direction::ALL
            .iter()
            .enumerate()
            .map(|(i, &dir)| {
                (
                    dir.label().to_string(),
                    direction_colour(dir),
                    v.iter().map(|m| m[i] as f64).collect(),
                )
            })
            .collect(),
        None => {
            let mv = d.moves_by_month();
            vec![
                (
                    "returns home".into(),
                    direction_colour(Direction::Return),
                    mv.iter().map(|m| m.2 as f64).collect(),
                ),
                (
                    "other moves (direction not recorded)".into(),
                    palette::category(0),
                    mv.iter().map(|m| m.0.saturating_sub(m.2) as f64).collect(),
                ),
            ]
        }
    };
    let note = if lift_thin_layers(&mut layers) {
        THICKENED_NOTE
    } else {
        "stacked; first in the legend = top of the stack"
    };
    let items = stack_items(&layers);
    let (legend, rest) = area.split_vertically(legend_height(area, &items, note));
    draw_legend(&legend, &items, note)?;
    let (upper, lower) = rest.split_vertically(rest.dim_in_pixel().1 * 64 / 100);
    stacked_bands(&upper, d, &layers, None, "moves per month (people)")?;

    // Companion: intercontinental against intracontinental.
    let territory = d.moves_by_territory();
    let mut chart = ChartBuilder::on(&lower)
        .caption(
            "Intercontinental and intracontinental moves",
            font(16).color(&INK),
        )
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d(
            time_range(d),
            0.0..headroom(
                territory
                    .as_ref()
                    .map_or(0, |v| v.iter().map(|m| m.0.max(m.1)).max().unwrap_or(0))
                    as f64,
            ),
        )?;
    let y_top = chart.y_range().end;
    chart
        .configure_mesh()
        .y_labels(if territory.is_some() { 10 } else { 0 })
        .x_labels(8)
        .x_label_formatter(&|x| date_at(*x))
        .y_label_formatter(&axis_format(y_top))
        .x_desc("month")
        .y_desc("moves per month (people)")
        .axis_desc_style(font(15))
        .label_style(font(13))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    match territory {
        Some(v) => {
            for (label, col, f) in [
                (
                    "intercontinental (another continent)",
                    palette::category(0),
                    (|m: &(u64, u64)| m.0) as fn(&(u64, u64)) -> u64,
                ),
                (
                    "intracontinental (same continent)",
                    palette::category(1),
                    |m: &(u64, u64)| m.1,
                ),
            ] {
                chart
                    .draw_series(
                        LineSeries::new(
                            v.iter().enumerate().map(|(t, m)| (d.times[t], f(m) as f64)),
                            col.stroke_width(2),
                        )
                        .point_size(dots(d)),
                    )?
                    .label(label)
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], col.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(MUTED)
                .label_font(font(14))
                .draw()?;
        }
        None => {
            let (xr, yr) = chart.plotting_area().get_pixel_range();
            text_at_pixel(
                &lower,
                "territory not recorded in this run folder (written before forms of migration)"
                    .into(),
                ((xr.start + xr.end) / 2, (yr.start + yr.end) / 2),
                (HPos::Center, VPos::Center),
                15,
            )?;
        }
    }
    Ok(())
}
