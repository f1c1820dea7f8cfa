//! Shared pieces of the charts: number and date formats of the axes, the
//! time chart and other chart frames in the house style, stacked bands and
//! yearly bars, picking the countries a chart shows.

use super::*;

/// A short axis number: 850 / 8k / 12.5k / 3.4M. Thousands are always
/// written with "k" (never "8,000" beside "14k" on one axis) and millions
/// with "M", with at most two decimals and no trailing zeros.
pub(super) fn fmt_axis(v: f64) -> String {
    let short = |x: f64, suffix: &str| {
        let s = format!("{x:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!("{s}{suffix}")
    };
    let a = v.abs();
    if a >= 1e6 {
        short(v / 1e6, "M")
    } else if a >= 1e3 {
        short(v / 1e3, "k")
    } else if a >= 100.0 || v == v.round() {
        fmt_int(v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A label formatter for a count axis running up to `top` (in absolute
/// value): one unit for every tick of the axis, chosen by its top, so
/// "500" never sits beside "1k" nor "8,000" beside "14k". Below 10,000:
/// whole numbers with thousands separators ("8,000"); below a million:
/// thousands ("0.5k", "14k"); above: millions ("0.25M", "2.5M"). The axes
/// count people, so a fractional tick under 10,000 gets no label.
pub fn axis_format(top: f64) -> impl Fn(&f64) -> String {
    let top = top.abs();
    move |v: &f64| {
        let short = |x: f64, suffix: &str| {
            let s = format!("{x:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            let s = if s == "-0" { "0" } else { s };
            format!("{s}{suffix}")
        };
        let v = *v;
        if v == 0.0 {
            "0".into()
        } else if top >= 1e6 {
            short(v / 1e6, "M")
        } else if top >= 1e4 {
            short(v / 1e3, "k")
        } else if v == v.round() {
            fmt_int(v as i64)
        } else {
            // A count axis has no fractional people (an empty chart's
            // axis runs from 0 to 1).
            String::new()
        }
    }
}

/// Label of time coordinate `x` (fractional years): `2004` on a year's
/// start, else `2004-07`.
/// Ticks between months get no label.
pub(super) fn date_at(x: f64) -> String {
    let year = x.floor();
    let months = (x - year) * 12.0;
    if (months - months.round()).abs() > 0.05 {
        return String::new();
    }
    let month = months.round() as i64;
    if month == 0 {
        format!("{year:.0}")
    } else if month == 12 {
        format!("{:.0}", year + 1.0)
    } else {
        format!("{year:.0}-{:02}", month + 1)
    }
}

pub(super) fn time_range(d: &RunData) -> std::ops::Range<f64> {
    let (a, b) = (d.times[0], d.times[d.months() - 1]);
    if b > a { a..b } else { a..a + 1.0 / 12.0 }
}

/// Ticks of a log axis over [lo, hi]: 1, 2, 5 × 10^k, or also 3 × 10^k,
/// or every integer multiple, whichever first gives four ticks.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return Vec::new();
    }
    let with = |mantissas: &[f64]| {
        let mut v = Vec::new();
        let mut p = libm::pow(10.0, libm::log10(lo).floor());
        while p <= hi {
            for m in mantissas {
                let x = m * p;
                if x >= lo && x <= hi {
                    v.push(x);
                }
            }
            p *= 10.0;
        }
        v
    };
    for mantissas in [&[1.0, 2.0, 5.0][..], &[1.0, 2.0, 3.0, 5.0]] {
        let v = with(mantissas);
        if v.len() >= 4 {
            return v;
        }
    }
    with(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
}

/// Writes `text` at absolute backend pixel `at` on `area` with `anchor`.
pub(super) fn text_at_pixel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: String,
    at: (i32, i32),
    anchor: (HPos, VPos),
    size: u32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (ox, oy) = area.get_base_pixel();
    let style = TextStyle::from(font(size)).pos(Pos::new(anchor.0, anchor.1));
    area.draw(&Text::new(text, (at.0 - ox, at.1 - oy), style))?;
    Ok(())
}

/// Point size of time series: dots when a run is too short for lines.
pub(super) fn dots(d: &RunData) -> u32 {
    if d.months() < 3 { 3 } else { 0 }
}

/// Upper end of a y axis holding `max` with some headroom (never empty).
pub(super) fn headroom(max: f64) -> f64 {
    if max > 0.0 { max * 1.1 } else { 1.0 }
}

/// Countries to show one by one: all when there are at most `MAX_SHOWN`,
/// else `MAX_SHOWN - 1` taken alternately from the largest and the
/// smallest `value` (e.g. the biggest net gainers and losers); in wage
/// order. The second value is how many countries are pooled as "other".
pub fn shown_countries(d: &RunData, value: impl Fn(usize) -> f64) -> (Vec<usize>, usize) {
    let k = d.k();
    if k <= MAX_SHOWN {
        return (d.by_wage(), 0);
    }
    let mut sorted: Vec<usize> = (0..k).collect();
    sorted.sort_by(|&a, &b| value(b).total_cmp(&value(a)).then(a.cmp(&b)));
    let (mut lo, mut hi) = (0, k);
    let mut chosen = std::collections::HashSet::new();
    while chosen.len() < MAX_SHOWN - 1 {
        if chosen.len() % 2 == 0 {
            chosen.insert(sorted[lo]);
            lo += 1;
        } else {
            hi -= 1;
            chosen.insert(sorted[hi]);
        }
    }
    let shown: Vec<usize> = d
        .by_wage()
        .into_iter()
        .filter(|c| chosen.contains(c))
        .collect();
    (shown, k - (MAX_SHOWN - 1))
}

/// A full-size chart over the run's months with y from 0 to `y_top`, its
/// mesh drawn with dates on x and the house style (used by every chart of
/// one quantity over time).
pub(super) fn time_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    d: &RunData,
    y_top: f64,
    x_desc: Option<&str>,
    y_desc: &str,
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<
    ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    Box<dyn std::error::Error>,
>
where
    DB::ErrorType: 'static,
{
    axis_chart(
        area,
        (time_range(d), 0.0..y_top),
        (x_desc, y_desc),
        (&|x| date_at(*x), 8),
        y_fmt,
    )
}

/// A chart over `x` × `y` in the house style (margins, grid, label and
/// axis-description fonts), its mesh drawn; `descs` are the x (if any) and
/// y axis descriptions; x labels by `x_fmt`, about `x_labels` of them.
pub(super) fn axis_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    (x, y): (std::ops::Range<f64>, std::ops::Range<f64>),
    (x_desc, y_desc): (Option<&str>, &str),
    (x_fmt, x_labels): (&dyn Fn(&f64) -> String, usize),
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<
    ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    Box<dyn std::error::Error>,
>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(area)
        .margin(15)
        .x_label_area_size(if x_desc.is_some() { 50 } else { 35 })
        .y_label_area_size(80)
        .build_cartesian_2d(x, y)?;
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(x_labels)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .y_desc(y_desc)
        .axis_desc_style(font(15))
        .label_style(font(13))
        .light_line_style(RGBColor(240, 240, 240));
    if let Some(x) = x_desc {
        mesh.x_desc(x);
    }
    mesh.draw()?;
    Ok(chart)
}

/// A stack of monthly `layers` (label, colour, value per month; bottom
/// first) as filled bands on a time chart of `area` with y axis `y_desc`.
pub(super) fn stacked_bands<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    d: &RunData,
    layers: &[(String, RGBColor, Vec<f64>)],
    x_desc: Option<&str>,
    y_desc: &str,
) -> Result<
    ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    Box<dyn std::error::Error>,
>
where
    DB::ErrorType: 'static,
{
    let months = d.months();
    let mut tops = vec![vec![0.0; months]; layers.len() + 1];
    for (i, (_, _, v)) in layers.iter().enumerate() {
        for t in 0..months {
            tops[i + 1][t] = tops[i][t] + v[t];
        }
    }
    let max = tops[layers.len()].iter().copied().fold(0.0, f64::max);
    let mut chart = time_chart(
        area,
        d,
        headroom(max),
        x_desc,
        y_desc,
        &axis_format(headroom(max)),
    )?;
    for (i, (_, c, _)) in layers.iter().enumerate() {
        let (lo, hi) = (&tops[i], &tops[i + 1]);
        if hi.iter().zip(lo).all(|(h, l)| h <= l) {
            continue;
        }
        // A band between the stacked tops of the layers below and this one.
        let mut pts: Vec<(f64, f64)> = (0..months).map(|t| (d.times[t], hi[t])).collect();
        pts.extend((0..months).rev().map(|t| (d.times[t], lo[t])));
        if months == 1 {
            let w = 1.0 / 48.0;
            pts = vec![
                (d.times[0] - w, lo[0]),
                (d.times[0] - w, hi[0]),
                (d.times[0] + w, hi[0]),
                (d.times[0] + w, lo[0]),
            ];
        }
        chart.draw_series(std::iter::once(Polygon::new(pts, c.mix(0.9).filled())))?;
    }
    Ok(chart)
}

/// Monthly `layers` (label, colour, value per month; bottom first) summed
/// per calendar year and drawn as stacked bars, one per year, on `area`
/// with y axis `y_desc` (x axis: year).
pub(super) fn yearly_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
    layers: &[(String, RGBColor, Vec<f64>)],
    y_desc: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let year = |t: usize| d.times[t].floor() as i64;
    let (first, last) = (year(0), year(d.months() - 1));
    let n = (last - first + 1) as usize;
    // years[y][i]: layer i summed over the months of year `first + y`.
    let mut years = vec![vec![0.0; layers.len()]; n];
    for (i, (_, _, v)) in layers.iter().enumerate() {
        for (t, x) in v.iter().enumerate() {
            years[(year(t) - first) as usize][i] += x;
        }
    }
    let max = years
        .iter()
        .map(|y| y.iter().sum::<f64>())
        .fold(0.0, f64::max);
    // Bars centred on the years; only whole years are labelled.
    let x_fmt = |x: &f64| {
        if (x - x.round()).abs() < 1e-6 {
            format!("{:.0}", x.round())
        } else {
            String::new()
        }
    };
    let mut chart = axis_chart(
        area,
        (first as f64 - 0.6..last as f64 + 0.6, 0.0..headroom(max)),
        (Some("year"), y_desc),
        (&x_fmt, n.min(30) + 2),
        &axis_format(headroom(max)),
    )?;
    for (y, stack) in years.iter().enumerate() {
        let x = (first + y as i64) as f64;
        let mut base = 0.0;
        for ((_, c, _), v) in layers.iter().zip(stack) {
            let top = base + v;
            if top > base {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.38, base), (x + 0.38, top)],
                    c.filled(),
                )))?;
            }
            base = top;
        }
    }
    Ok(())
}

/// The `n` countries with the largest `value` (ties by index).
pub(super) fn top_by(d: &RunData, n: usize, value: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..d.k()).collect();
    v.sort_by(|&a, &b| value(b).total_cmp(&value(a)).then(a.cmp(&b)));
    v.truncate(n);
    v
}

pub(super) fn country_label(d: &RunData, c: usize) -> String {
    let ct = &d.countries[c];
    if ct.name == ct.code || ct.name.is_empty() {
        ct.code.clone()
    } else {
        format!("{} ({})", ct.name, ct.code)
    }
}

/// A line of one value per month on a time chart (dots when the run is too
/// short for lines). A line thicker than one pixel is drawn as separate
/// month-to-month segments: plotters joins the corners of a thick polyline
/// with mitres, and at a sharp spike (a month of refugees, one agent more
/// or less) the mitre shoots far beyond the value, out of the panel.
pub(super) fn monthly_line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    d: &RunData,
    values: &[f64],
    colour: RGBColor,
    width: u32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let point = |t: usize| (d.times[t], values[t]);
    if width <= 1 || values.len() < 3 {
        chart.draw_series(
            LineSeries::new((0..values.len()).map(point), colour.stroke_width(width))
                .point_size(dots(d)),
        )?;
    } else {
        chart.draw_series(
            (1..values.len()).map(|t| {
                PathElement::new(vec![point(t - 1), point(t)], colour.stroke_width(width))
            }),
        )?;
    }
    Ok(())
}

/// Monthly values of a timeseries.csv column summed over the countries.
pub(super) fn summed(d: &RunData, f: Count) -> Vec<f64> {
    d.total(f).into_iter().map(|x| x as f64).collect()
}

/// Thinnest band a non-empty layer of a stacked chart is drawn with, as a
/// share of the top of the stack (about 5 pixels on a report chart).
pub const MIN_LAYER_SHARE: f64 = 0.015;

/// The note of a stacked chart whose thin layers were thickened.
pub const THICKENED_NOTE: &str = "stacked; first in the legend = top of the stack; \
     a layer thinner than 1.5 % of the axis is drawn that thick to be seen";

/// Makes every layer of a stack visible: in every month where a layer is
/// not empty but thinner than [`MIN_LAYER_SHARE`] of the top of the stack
/// (the commuters beside millions of permanent migrants), it is drawn that
/// thick. A layer that is thin throughout says so in its legend label
/// with its real peak ("at most 1.2k people"), one that is empty throughout
/// says "none in this run", so every legend entry either has a visible
/// band or says why not. Returns whether any month was thickened (the
/// chart's note then says so: [`THICKENED_NOTE`]).
pub(super) fn lift_thin_layers(layers: &mut [(String, RGBColor, Vec<f64>)]) -> bool {
    let months = layers.first().map_or(0, |l| l.2.len());
    let top = (0..months)
        .map(|t| layers.iter().map(|l| l.2[t]).sum::<f64>())
        .fold(0.0, f64::max);
    let min_h = top * MIN_LAYER_SHARE;
    let mut lifted = false;
    for (label, _, v) in layers.iter_mut() {
        let peak = v.iter().copied().fold(0.0, f64::max);
        if peak <= 0.0 {
            *label = format!("{label} — none in this run");
            continue;
        }
        for x in v.iter_mut().filter(|x| **x > 0.0 && **x < min_h) {
            *x = min_h;
            lifted = true;
        }
        if peak < min_h {
            *label = format!("{label} — at most {} people", fmt_axis(peak));
        }
    }
    lifted
}

/// Legend items of stacked `layers`, top of the stack first.
pub(super) fn stack_items(
    layers: &[(String, RGBColor, Vec<f64>)],
) -> Vec<(RGBColor, Mark, String)> {
    layers
        .iter()
        .rev()
        .map(|(l, c, _)| (*c, Mark::Band, l.clone()))
        .collect()
}
