//! Charts by country: net migration over time and labour markets (wages
//! and unemployment) of countries spread over the wage range.

use super::*;

pub(super) fn net_migration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let months = d.months();
    let total_net = |c: usize| d.series[c].iter().map(|r| r.net_migration).sum::<i64>();
    let (shown, other) = shown_countries(d, |c| total_net(c) as f64);
    let blue = palette::category(0);
    let red = palette::category(1);
    let any_phase = |p: Phase| {
        shown
            .iter()
            .any(|&c| d.series[c].iter().any(|r| phase_of(&r.phase) == p))
    };
    let mut items = vec![
        (blue, Mark::Line(2), "immigration".to_string()),
        (red, Mark::Line(2), "emigration".into()),
        (INK, Mark::Line(3), "net migration".into()),
    ];
    items.extend(shading_legend(
        true,
        any_phase(Phase::Boom),
        any_phase(Phase::Recession),
        " ([[phase]])",
    ));
    let note = "people per month; each panel has its own scale";
    let (legend, grid) = area.split_vertically(legend_height(area, &items, note));
    draw_legend(&legend, &items, note)?;
    let panels = shown.len() + usize::from(other > 0);
    let cols = if panels > 20 {
        6
    } else if panels > 12 {
        5
    } else if panels > 6 {
        4
    } else {
        panels.clamp(1, 3)
    };
    let rows = panels.div_ceil(cols);
    let cells = grid.split_evenly((rows, cols));
    // Panel data: (title, immigration, emigration, net, cycle and phase or none).
    type Panel = (
        String,
        Vec<f64>,
        Vec<f64>,
        Vec<f64>,
        Option<(Vec<f64>, Vec<Phase>)>,
    );
    let mut data: Vec<Panel> = shown
        .iter()
        .map(|&c| {
            let s = &d.series[c];
            (
                country_label(d, c),
                s.iter().map(|r| r.immigration as f64).collect(),
                s.iter().map(|r| r.emigration as f64).collect(),
                s.iter().map(|r| r.net_migration as f64).collect(),
                Some((
                    s.iter().map(|r| r.cycle).collect(),
                    s.iter().map(|r| phase_of(&r.phase)).collect(),
                )),
            )
        })
        .collect();
    if other > 0 {
        let mut imm = vec![0.0; months];
        let mut emi = vec![0.0; months];
        let mut net = vec![0.0; months];
        for c in (0..d.k()).filter(|c| !shown.contains(c)) {
            for r in &d.series[c] {
                imm[r.step] += r.immigration as f64;
                emi[r.step] += r.emigration as f64;
                net[r.step] += r.net_migration as f64;
            }
        }
        data.push((
            format!("other {other} countries, summed"),
            imm,
            emi,
            net,
            None,
        ));
    }
    let dates = |x: &f64| date_at(*x);
    for ((title, imm, emi, net, cycle), cell) in data.iter().zip(cells.iter()) {
        let hi = imm
            .iter()
            .chain(emi.iter())
            .chain(net.iter())
            .fold(0.0f64, |a, &b| a.max(b));
        let lo = net.iter().fold(0.0f64, |a, &b| a.min(b));
        let (lo, hi) = (lo - 0.05 * (hi - lo), headroom(hi));
        let mut chart = ChartBuilder::on(cell)
            .caption(title, font(13))
            .margin(6)
            .x_label_area_size(22)
            .y_label_area_size(44)
            .build_cartesian_2d(time_range(d), lo..hi)?;
        if let Some((cy, ph)) = cycle {
            shade_phases(&mut chart, &d.times, Some(&|t| cy[t]), &|t| ph[t], (lo, hi))?;
        }
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(3)
            .y_labels(4)
            .x_label_formatter(&dates)
            .y_label_formatter(&axis_format(hi.max(-lo)))
            .label_style(font(10))
            .draw()?;
        chart.draw_series(LineSeries::new(
            [(time_range(d).start, 0.0), (time_range(d).end, 0.0)],
            RGBColor(150, 150, 150).stroke_width(1),
        ))?;
        for (v, c, w) in [(imm, blue, 1), (emi, red, 1), (net, INK, 2)] {
            monthly_line(&mut chart, d, v, c, w)?;
        }
    }
    Ok(())
}

/// Up to `HIGHLIGHTED` countries spread evenly from the poorest to the richest.
pub(super) fn spread_by_wage(d: &RunData) -> Vec<usize> {
    let w = d.by_wage();
    let n = HIGHLIGHTED.min(w.len());
    let mut out: Vec<usize> = (0..n)
        .map(|i| {
            let q = if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.0
            };
            w[(q * (w.len() - 1) as f64).round() as usize]
        })
        .collect();
    out.dedup();
    out
}

pub(super) fn labour_markets<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let picks = spread_by_wage(d);
    let mut items: Vec<(RGBColor, Mark, String)> = picks
        .iter()
        .enumerate()
        .map(|(i, &c)| (palette::category(i), Mark::Line(3), country_label(d, c)))
        .collect();
    if d.k() > picks.len() {
        items.push((
            MUTED,
            Mark::Line(2),
            format!("other ({})", d.k() - picks.len()),
        ));
    }
    // Dated phases that hit at least half of the countries in a month.
    let common: Vec<Phase> = (0..d.months())
        .map(|t| {
            let count = |p: Phase| {
                d.series
                    .iter()
                    .filter(|s| phase_of(&s[t].phase) == p)
                    .count()
            };
            if 2 * count(Phase::Recession) >= d.k() {
                Phase::Recession
            } else if 2 * count(Phase::Boom) >= d.k() {
                Phase::Boom
            } else {
                Phase::None
            }
        })
        .collect();
    items.extend(shading_legend(
        false,
        common.contains(&Phase::Boom),
        common.contains(&Phase::Recession),
        " (\u{2265} half of the countries)",
    ));
    let (legend, area) = area.split_vertically(legend_height(area, &items, ""));
    draw_legend(&legend, &items, "")?;
    let phase = |t: usize| common[t];
    let panels = area.split_evenly((3, 1));
    let dates = |x: &f64| date_at(*x);
    let all = || d.series.iter().flat_map(|s| s.iter());
    let (wlo, whi) = all().fold((f64::INFINITY, 0.0f64), |(lo, hi), r| {
        (lo.min(r.wage_low), hi.max(r.wage_low))
    });
    let wlo = if wlo.is_finite() && wlo > 0.0 {
        wlo
    } else {
        1.0
    };
    let umax = all().map(|r| r.unemployment).fold(0.0, f64::max) * 100.0;
    let cmax = all().map(|r| r.cycle.abs()).fold(0.0, f64::max) * 100.0;
    let cmax = if cmax > 0.0 { cmax * 1.1 } else { 1.0 };

    // Wages (log scale).
    let mut chart = ChartBuilder::on(&panels[0])
        .margin(12)
        .x_label_area_size(35)
        .y_label_area_size(80)
        .build_cartesian_2d(time_range(d), (wlo * 0.8..whi.max(wlo) * 1.25).log_scale())?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&dates)
        .y_labels(0)
        .y_label_formatter(&|_| String::new())
        .disable_y_mesh()
        .y_desc("low-skilled wage (US$/month, log)")
        .axis_desc_style(font(14))
        .label_style(font(12))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    {
        // Shading (over the grid, under the lines), in linear coordinates of the same pixels.
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let mut lin = ChartBuilder::on(&panels[0])
            .margin(12)
            .x_label_area_size(35)
            .y_label_area_size(80)
            .build_cartesian_2d(time_range(d), 0.0..1.0)?;
        debug_assert_eq!(lin.plotting_area().get_pixel_range(), (xr, yr));
        shade_phases(&mut lin, &d.times, None, &phase, (0.0, 1.0))?;
    }
    let line = |c: usize, f: Metric| {
        d.series[c]
            .iter()
            .map(|r| (d.times[r.step], f(r)))
            .collect::<Vec<_>>()
    };
    let tr = time_range(d);
    let ticks = log_ticks(wlo * 0.8, whi.max(wlo) * 1.25);
    let money = axis_format(ticks.iter().copied().fold(0.0, f64::max));
    for t in ticks {
        chart.draw_series(LineSeries::new(
            [(tr.start, t), (tr.end, t)],
            RGBColor(225, 225, 225).stroke_width(1),
        ))?;
        let p = chart.backend_coord(&(tr.start, t));
        text_at_pixel(
            &panels[0],
            format!("${}", money(&t)),
            (p.0 - 8, p.1),
            (HPos::Right, VPos::Center),
            12,
        )?;
    }
    for c in (0..d.k()).filter(|c| !picks.contains(c)) {
        chart.draw_series(
            LineSeries::new(line(c, |r| r.wage_low), MUTED.stroke_width(1)).point_size(dots(d)),
        )?;
    }
    for (i, &c) in picks.iter().enumerate() {
        let col = palette::category(i);
        chart.draw_series(
            LineSeries::new(line(c, |r| r.wage_low), col.stroke_width(2)).point_size(dots(d)),
        )?;
    }

    // Unemployment and cycle (linear, %).
    let specs: [(&str, f64, f64, Metric); 2] = [
        ("unemployment rate (%)", 0.0, headroom(umax), |r| {
            100.0 * r.unemployment
        }),
        (
            "business cycle (% deviation; < 0 = recession)",
            -cmax,
            cmax,
            |r| 100.0 * r.cycle,
        ),
    ];
    for (p, (desc, lo, hi, f)) in panels[1..].iter().zip(specs) {
        let last = desc.starts_with("business");
        let mut chart = ChartBuilder::on(p)
            .margin(12)
            .x_label_area_size(if last { 50 } else { 35 })
            .y_label_area_size(80)
            .build_cartesian_2d(time_range(d), lo..hi)?;
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(8)
            .x_label_formatter(&dates)
            .y_label_formatter(&|y| format!("{y:.0} %"))
            .y_desc(desc)
            .axis_desc_style(font(14))
            .label_style(font(12))
            .light_line_style(RGBColor(240, 240, 240));
        if last {
            mesh.x_desc("month");
        }
        mesh.draw()?;
        shade_phases(&mut chart, &d.times, None, &phase, (lo, hi))?;
        if last {
            chart.draw_series(LineSeries::new(
                [(time_range(d).start, 0.0), (time_range(d).end, 0.0)],
                RGBColor(120, 120, 120).stroke_width(1),
            ))?;
        }
        for c in (0..d.k()).filter(|c| !picks.contains(c)) {
            chart.draw_series(
                LineSeries::new(line(c, f), MUTED.stroke_width(1)).point_size(dots(d)),
            )?;
        }
        for (i, &c) in picks.iter().enumerate() {
            chart.draw_series(
                LineSeries::new(line(c, f), palette::category(i).stroke_width(2))
                    .point_size(dots(d)),
            )?;
        }
    }
    Ok(())
}
