//! The charts, each drawn by one function generic over the plotters
//! backend, so that the PNG and the SVG of a chart are the same drawing.
//!
//! Layout rules: every chart has a title, axis descriptions with units and
//! a legend where colours carry meaning; time axes are labelled with dates
//! (YYYY-MM); categories use the Okabe–Ito palette. Many countries are
//! grouped (top N plus "other") or left unlabelled rather than drawn on top
//! of each other; point labels are placed greedily and skipped where they
//! would overlap.

use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{Count, Direction, ENFORCEMENT, RETURN_MOTIVES, RunData};
use super::palette::{self, BOOM_PHASE, INK, MUTED, RECESSION, RECESSION_PHASE};

/// The result of drawing one chart.
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Font family name under which the embedded DejaVu Sans is registered.
pub const FONT: &str = "sans-serif";

/// Countries shown one by one before the rest are grouped as "other".
pub const MAX_SHOWN: usize = 30;

/// Corridors in the top-corridors chart.
pub const TOP_CORRIDORS: usize = 15;

/// Countries named (and coloured) in the brain-drain and wage curves.
pub const HIGHLIGHTED: usize = 6;

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Origin × destination heat map of cumulative flows.
    FlowsHeatmap,
    /// Largest corridors as bars.
    TopCorridors,
    /// Moves per month stacked by direction, and the territory split.
    FlowsOverTime,
    /// Brain-drain rate over time per origin.
    BrainDrainCurves,
    /// Brain-drain rate against origin wage at the end.
    BrainDrainVsWage,
    /// Immigration, emigration, net migration per country (small multiples).
    NetMigration,
    /// Wages, unemployment and cycle over time.
    LabourMarkets,
    /// Brain waste over time per destination (only with brain waste).
    BrainWaste,
    /// Migrants abroad by form, the irregular stock, and enforcement
    /// outcomes per year (only with forms or legality).
    FormsLegality,
    /// Returns home per year by motive (only with motives other than the
    /// decision rule).
    ReturnsByMotive,
    /// Refugees and IDPs of the shocked countries (only with shocks).
    Displacement,
    /// Regional population shares of divided countries (only with regions.csv).
    Regions,
}

/// A chart's file name, title, size and how to read it.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Which chart.
    pub kind: Kind,
    /// File stem (plots/NAME.png, plots/NAME.svg).
    pub name: &'static str,
    /// Title drawn on the chart.
    pub title: &'static str,
    /// Size in pixels (width, height).
    pub size: (u32, u32),
    /// One sentence on how to read it (for the report).
    pub how_to_read: &'static str,
}

/// Every chart, in report order.
pub const CHARTS: &[Spec] = &[
    Spec {
        kind: Kind::FlowsHeatmap,
        name: "flows_heatmap",
        title: "Cumulative flows by origin and destination",
        size: (1100, 1000),
        how_to_read: "Each cell is the number of people who moved from the row's origin to the column's destination over the whole run (log colour scale, grey = none); countries are sorted by wage, poorest first, so mass right of the diagonal means moves towards richer countries. With more than 30 countries, rows and columns are 20 bands of countries adjacent in wage order (first\u{2013}last code).",
    },
    Spec {
        kind: Kind::TopCorridors,
        name: "top_corridors",
        title: "Largest migration corridors",
        size: (1100, 700),
        how_to_read: "The corridors (origin \u{2192} destination) that carried the most moves over the run; the darker part of each bar is the high-skilled movers.",
    },
    Spec {
        kind: Kind::FlowsOverTime,
        name: "flows_over_time",
        title: "Moves per month by form of migration",
        size: (1200, 1000),
        how_to_read: "Upper panel: moves per month summed over all countries, stacked by direction (returns home at the bottom, then developing/transition \u{2192} industrialised, between industrialised, between developing, high-skilled industrialised \u{2192} developing, developing \u{2192} transition, other directions); each flows.csv row is split into its returning, low-skilled and high-skilled parts. Lower panel: the same moves split into intercontinental and intracontinental. Run folders written before directions were recorded show returns and all other moves only.",
    },
    Spec {
        kind: Kind::BrainDrainCurves,
        name: "brain_drain_curves",
        title: "Brain drain over time, by origin",
        size: (1200, 700),
        how_to_read: "The share of each origin's high-skilled natives who live abroad, month by month; the six origins with the highest rate at the end are named and coloured, all others are grey.",
    },
    Spec {
        kind: Kind::BrainDrainVsWage,
        name: "brain_drain_vs_wage",
        title: "Brain drain against origin wage, end of run",
        size: (1100, 750),
        how_to_read: "One point per origin: its high-skilled wage in the last month (log scale) against the share of its high-skilled natives living abroad, coloured by development group; at most 30 points are labelled (highest rates, poorest and richest first) and labels are left out where they would overlap.",
    },
    Spec {
        kind: Kind::NetMigration,
        name: "net_migration",
        title: "Immigration, emigration and net migration by country",
        size: (1400, 1200),
        how_to_read: "One panel per country (poorest first, each with its own vertical scale): arrivals, departures and their difference per month; light grey bands are the country's months with the business cycle below zero, dark grey bands its dated recession phases and light blue bands its dated boom phases (from the scenario's [[phase]] tables). With more than 30 countries the 15 largest net gainers and 14 largest net losers are shown and the rest are summed in the last panel.",
    },
    Spec {
        kind: Kind::LabourMarkets,
        name: "labour_markets",
        title: "Labour markets: wages, unemployment and the business cycle",
        size: (1200, 1100),
        how_to_read: "Low-skilled wage (log scale), unemployment rate and business cycle of each country over time; six countries spread from the poorest to the richest are coloured and named, the others are grey. Dark grey bands are months when a dated recession phase hits at least half of the countries, light blue bands the same for boom phases.",
    },
    Spec {
        kind: Kind::BrainWaste,
        name: "brain_waste",
        title: "Brain waste over time, by destination",
        size: (1200, 700),
        how_to_read: "The share of each destination's high-skilled immigrants whose qualification it did not recognise (so they count as earning the low-skill wage), month by month; the six destinations with the most such immigrants at the end are named and coloured, all others are grey; months in which a destination has fewer than 10 high-skilled immigrants are left out (a share of a handful of people jumps between 0 % and 100 %). Drawn only when the run has any brain waste.",
    },
    Spec {
        kind: Kind::FormsLegality,
        name: "forms_legality",
        title: "Migrants abroad by form, irregular migrants and enforcement",
        size: (1200, 1000),
        how_to_read: "Upper panel: everyone living or working outside their country of birth, summed over all countries, stacked by form: permanent migrants at the bottom, then workers on a temporary contract, seasonal workers (abroad only in their season, hence the yearly waves) and daily commuters (who live at home and work across the border); the black line is the irregular migrants (residents without a right to be there, whatever their form). Lower panel: irregular migrants detected each year and what happened to them: legalised with a fine, ordered to leave, or expelled with a re-entry ban. Drawn only when the run has temporary, seasonal, commuting or irregular migrants.",
    },
    Spec {
        kind: Kind::ReturnsByMotive,
        name: "returns_by_motive",
        title: "Return migration by motive",
        size: (1200, 750),
        how_to_read: "Migrants coming home each year, summed over all countries, stacked by why they came home: by their own decision, at the end of a contract or a season, ordered to leave or expelled after being caught without papers, after losing their permit, with their savings target reached, paid by a return programme, or refugees brought home at the end of their displacement (only motives that occur are shown). The first and last years may be partial years of the run. Drawn only when some return had a motive other than the migrant's own decision.",
    },
    Spec {
        kind: Kind::Displacement,
        name: "displacement",
        title: "Forced displacement: refugees and internally displaced people",
        size: (1200, 1000),
        how_to_read: "One panel per country hit by a shock (conflict, persecution, disaster or ecological crisis), each with its own vertical scale: its refugees (people forced abroad and still displaced) and its internally displaced people (forced from their homes but still in the country), month by month; the shaded band is the shock itself. Stocks jump when the shock starts and shrink only as people return after it ends. Drawn only when the run has shocks.",
    },
    Spec {
        kind: Kind::Regions,
        name: "regions",
        title: "Regional population shares of divided countries",
        size: (1200, 800),
        how_to_read: "One panel per country divided into regions: the share of the country's residents living in each region, month by month (the shares add up to 100 %); the legend gives each region's share in the first and the last month, so internal migration towards the richer region shows as its share rising. Drawn only when a country is divided (regions.csv).",
    },
];

/// Whether `spec` is drawn for this run folder: the brain-waste chart
/// only when some destination ever held an unrecognised high-skilled
/// immigrant, the forms, returns, displacement and regions charts only
/// when the run has their data (older folders lack the columns: never);
/// every other chart always.
pub fn applies(spec: &Spec, d: &RunData) -> bool {
    match spec.kind {
        Kind::BrainWaste => d.has_brain_waste(),
        Kind::FormsLegality => d.has_forms_or_legality(),
        Kind::ReturnsByMotive => d.has_return_motives(),
        Kind::Displacement => !d.shocked().is_empty(),
        Kind::Regions => !d.regions.is_empty(),
        _ => true,
    }
}

fn font(size: u32) -> FontDesc<'static> {
    (FONT, size).into_font()
}

fn title_style() -> TextStyle<'static> {
    font(24).color(&INK)
}

/// Draws `kind` on `root` from `d`.
pub fn draw<DB: DrawingBackend>(
    spec: &Spec,
    root: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let area = root.titled(spec.title, title_style())?;
    match spec.kind {
        Kind::FlowsHeatmap => flows_heatmap(&area, d),
        Kind::TopCorridors => top_corridors(&area, d),
        Kind::FlowsOverTime => flows_over_time(&area, d),
        Kind::BrainDrainCurves => brain_drain_curves(&area, d),
        Kind::BrainDrainVsWage => brain_drain_vs_wage(&area, d),
        Kind::NetMigration => net_migration(&area, d),
        Kind::LabourMarkets => labour_markets(&area, d),
        Kind::BrainWaste => brain_waste(&area, d),
        Kind::FormsLegality => forms_legality(&area, d),
        Kind::ReturnsByMotive => returns_by_motive(&area, d),
        Kind::Displacement => displacement(&area, d),
        Kind::Regions => regions(&area, d),
    }?;
    root.present()?;
    Ok(())
}

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

/// A short axis number: 850 / 8k / 12.5k / 3.4M. Thousands are always
/// written with "k" (never "8,000" beside "14k" on one axis) and millions
/// with "M", with at most two decimals and no trailing zeros.
fn fmt_axis(v: f64) -> String {
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
fn date_at(x: f64) -> String {
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

fn time_range(d: &RunData) -> std::ops::Range<f64> {
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
        let mut p = 10f64.powf(lo.log10().floor());
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
fn text_at_pixel<DB: DrawingBackend>(
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
fn dots(d: &RunData) -> u32 {
    if d.months() < 3 { 3 } else { 0 }
}

/// Upper end of a y axis holding `max` with some headroom (never empty).
fn headroom(max: f64) -> f64 {
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

fn flows_heatmap<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let k = d.k();
    let cum = d.cumulative_flows();
    // With many countries, bands of countries adjacent in wage order.
    let (group, labels) = heatmap_groups(d);
    let m = labels.len();
    let mut cell = vec![0u64; m * m];
    for o in 0..k {
        for t in 0..k {
            cell[group[o] * m + group[t]] += cum[o * k + t];
        }
    }
    let max = cell.iter().copied().max().unwrap_or(0);
    let lmax = if max > 1 { (max as f64).log10() } else { 1.0 };
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
            let v = cell[o * m + t];
            let colour = if v == 0 {
                RGBColor(238, 238, 238)
            } else {
                palette::viridis((v as f64).log10() / lmax)
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
    let ticks = |y: &f64| fmt_axis(10f64.powf(*y).round());
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

fn top_corridors<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let s = d.summary(TOP_CORRIDORS);
    let cum_hs = {
        let k = d.k();
        let mut m = vec![0u64; k * k];
        for f in &d.flows {
            m[f.origin * k + f.destination] += f.high_skilled;
        }
        m
    };
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
        let hs = cum_hs[o * d.k() + t] as f64;
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

fn flows_over_time<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
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

/// A full-size chart over the run's months with y from 0 to `y_top`, its
/// mesh drawn with dates on x and the house style (used by every chart of
/// one quantity over time).
fn time_chart<'a, DB: DrawingBackend>(
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
fn axis_chart<'a, DB: DrawingBackend>(
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
fn stacked_bands<'a, DB: DrawingBackend>(
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
fn yearly_bars<DB: DrawingBackend>(
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
fn top_by(d: &RunData, n: usize, value: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..d.k()).collect();
    v.sort_by(|&a, &b| value(b).total_cmp(&value(a)).then(a.cmp(&b)));
    v.truncate(n);
    v
}

fn country_label(d: &RunData, c: usize) -> String {
    let ct = &d.countries[c];
    if ct.name == ct.code || ct.name.is_empty() {
        ct.code.clone()
    } else {
        format!("{} ({})", ct.name, ct.code)
    }
}

fn brain_drain_curves<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
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
fn brain_waste_runs(d: &RunData, c: usize) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for r in &d.series[c] {
        match (r.high_skilled_immigrants.unwrap_or(0), r.brain_waste) {
            (h, Some(w)) if h >= MIN_HIGH_SKILLED_IMMIGRANTS => {
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

fn brain_waste<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let waste = |c: usize| d.last(c).brain_waste.unwrap_or(0) as f64;
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

/// A label at pixel box (x0, y0, x1, y1).
type PixelBox = (i32, i32, i32, i32);

/// A label to place: its anchor point and its size, in pixels.
pub type Anchor = ((i32, i32), (i32, i32));

/// A column of timeseries.csv as a number.
type Metric = fn(&super::data::SeriesRow) -> f64;

fn overlaps(a: &PixelBox, b: &PixelBox) -> bool {
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

fn group_colour(group: &str) -> (usize, RGBColor) {
    match group {
        "industrialised" => (0, palette::category(0)),
        "developing" => (1, palette::category(1)),
        "transition" => (2, palette::category(2)),
        _ => (3, palette::category(3)),
    }
}

fn brain_drain_vs_wage<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
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

/// Draws bands of `colour` over the runs of months where `on(t)`.
fn shade_runs<DB: DrawingBackend>(
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
fn shade_phases<DB: DrawingBackend>(
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
enum Phase {
    None,
    Boom,
    Recession,
}

fn phase_of(s: &str) -> Phase {
    match s.trim() {
        "boom" => Phase::Boom,
        "recession" => Phase::Recession,
        _ => Phase::None,
    }
}

/// Legend entries for the shading that actually appears.
fn shading_legend(
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
enum Mark {
    /// A line of this width.
    Line(u32),
    /// A filled band.
    Band,
    /// A dot.
    Dot,
}

/// Where each legend item (and then the note) goes: (x, y) offsets.
fn legend_layout(width: i32, items: &[(RGBColor, Mark, String)], note: &str) -> Vec<(i32, i32)> {
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
fn legend_height<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(RGBColor, Mark, String)],
    note: &str,
) -> u32 {
    let layout = legend_layout(area.dim_in_pixel().0 as i32, items, note);
    34 + layout.iter().map(|p| p.1).max().unwrap_or(0) as u32
}

/// A legend along the top of `area` (wrapping onto further rows when the
/// width runs out), then `note` in grey.
fn draw_legend<DB: DrawingBackend>(
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

fn net_migration<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
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
fn spread_by_wage(d: &RunData) -> Vec<usize> {
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

fn labour_markets<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
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

/// A line of one value per month on a time chart (dots when the run is too
/// short for lines). A line thicker than one pixel is drawn as separate
/// month-to-month segments: plotters joins the corners of a thick polyline
/// with mitres, and at a sharp spike (a month of refugees, one agent more
/// or less) the mitre shoots far beyond the value, out of the panel.
fn monthly_line<DB: DrawingBackend>(
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
fn summed(d: &RunData, f: Count) -> Vec<f64> {
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
fn lift_thin_layers(layers: &mut [(String, RGBColor, Vec<f64>)]) -> bool {
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
fn stack_items(layers: &[(String, RGBColor, Vec<f64>)]) -> Vec<(RGBColor, Mark, String)> {
    layers
        .iter()
        .rev()
        .map(|(l, c, _)| (*c, Mark::Band, l.clone()))
        .collect()
}

fn forms_legality<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let abroad = summed(d, |r| Some(r.emigrants_abroad));
    let temporary = summed(d, |r| r.temporary_workers);
    let seasonal = summed(d, |r| r.seasonal_workers);
    let commuters = summed(d, |r| r.commuters_out);
    let irregular = summed(d, |r| r.irregular_immigrants);
    // Temporary and seasonal workers live abroad (they are in the
    // emigrant stock); commuters live at home and only work abroad.
    let permanent: Vec<f64> = (0..d.months())
        .map(|t| (abroad[t] - temporary[t] - seasonal[t]).max(0.0))
        .collect();
    let mut layers: Vec<(String, RGBColor, Vec<f64>)> = vec![(
        "permanent (settled abroad)".into(),
        palette::category(0),
        permanent,
    )];
    for (label, colour, v) in [
        ("temporary contract", palette::category(1), temporary),
        ("seasonal workers", palette::category(2), seasonal),
        (
            "daily commuters (living at home)",
            palette::category(3),
            commuters,
        ),
    ] {
        if v.iter().any(|&x| x > 0.0) {
            layers.push((label.into(), colour, v));
        }
    }
    let lifted = lift_thin_layers(&mut layers);
    let mut items = stack_items(&layers);
    let has_irregular = irregular.iter().any(|&x| x > 0.0);
    if has_irregular {
        items.push((
            INK,
            Mark::Line(3),
            "irregular migrants (of all forms)".into(),
        ));
    }
    let note = if lifted {
        THICKENED_NOTE
    } else {
        "stacked; first in the legend = top of the stack"
    };
    let (legend, rest) = area.split_vertically(legend_height(area, &items, note));
    draw_legend(&legend, &items, note)?;
    let (upper, lower) = rest.split_vertically(rest.dim_in_pixel().1 * 58 / 100);
    let mut chart = stacked_bands(
        &upper,
        d,
        &layers,
        Some("month"),
        "migrants abroad (people)",
    )?;
    if has_irregular {
        monthly_line(&mut chart, d, &irregular, INK, 3)?;
    }

    // Enforcement: outcomes of detection per year.
    let colours = [
        palette::category(2),
        palette::category(4),
        palette::category(1),
    ];
    let outcomes: Vec<(String, RGBColor, Vec<f64>)> = ENFORCEMENT
        .iter()
        .zip(colours)
        .map(|((label, f), c)| (label.to_string(), c, summed(d, *f)))
        .collect();
    let items = stack_items(&outcomes);
    let note = "irregular migrants detected, by outcome";
    let (legend, lower) = lower.split_vertically(legend_height(&lower, &items, note));
    draw_legend(&legend, &items, note)?;
    yearly_bars(&lower, d, &outcomes, "detected per year (people)")?;
    if outcomes.iter().all(|o| o.2.iter().all(|&x| x == 0.0)) {
        let (w, h) = lower.dim_in_pixel();
        text_at_pixel(
            &lower,
            "no irregular migrant was detected in this run".into(),
            (
                lower.get_base_pixel().0 + w as i32 / 2,
                lower.get_base_pixel().1 + h as i32 / 2,
            ),
            (HPos::Center, VPos::Center),
            15,
        )?;
    }
    Ok(())
}

/// Colour of each of [`RETURN_MOTIVES`].
const MOTIVE_COLOURS: [RGBColor; 9] = [
    palette::CATEGORICAL[0],
    palette::CATEGORICAL[1],
    palette::CATEGORICAL[2],
    palette::CATEGORICAL[4],
    RGBColor(120, 40, 20),
    palette::CATEGORICAL[3],
    palette::CATEGORICAL[5],
    palette::CATEGORICAL[6],
    RGBColor(120, 120, 120),
];

fn returns_by_motive<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let layers: Vec<(String, RGBColor, Vec<f64>)> = RETURN_MOTIVES
        .iter()
        .zip(MOTIVE_COLOURS)
        .filter(|((_, f), _)| d.any(*f))
        .map(|((label, f), c)| (label.to_string(), c, summed(d, *f)))
        .collect();
    let items = stack_items(&layers);
    let note = "stacked; first in the legend = top of the stack";
    let (legend, area) = area.split_vertically(legend_height(area, &items, note));
    draw_legend(&legend, &items, note)?;
    yearly_bars(&area, d, &layers, "returns home per year (people)")
}

/// Shocked countries drawn one by one in the displacement chart.
pub const MAX_DISPLACEMENT_PANELS: usize = 9;

/// The shocks of country `c` as `kind start–end` (one per run of months).
fn shock_periods(d: &RunData, c: usize) -> Vec<String> {
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

fn displacement<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let peak = |c: usize| {
        d.series[c]
            .iter()
            .map(|r| r.refugees.unwrap_or(0) + r.idps.unwrap_or(0))
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
        let refugees: Vec<f64> = s.iter().map(|r| r.refugees.unwrap_or(0) as f64).collect();
        let idps: Vec<f64> = s.iter().map(|r| r.idps.unwrap_or(0) as f64).collect();
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

fn regions<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_are_one_two_five() {
        assert_eq!(
            log_ticks(800.0, 25_000.0),
            vec![1000.0, 2000.0, 5000.0, 10_000.0, 20_000.0]
        );
        assert_eq!(log_ticks(900.0, 1300.0), vec![900.0, 1000.0]);
        assert_eq!(
            log_ticks(2100.0, 30_000.0),
            vec![3000.0, 5000.0, 10_000.0, 20_000.0, 30_000.0]
        );
        assert!(log_ticks(0.0, 10.0).is_empty());
    }

    #[test]
    fn dates_of_time_coordinates() {
        assert_eq!(date_at(2004.0), "2004");
        assert_eq!(date_at(2004.5), "2004-07");
        assert_eq!(date_at(2004.0 + 11.0 / 12.0), "2004-12");
        assert_eq!(date_at(2004.0 + 1.0 / 24.0), "");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(fmt_int(0), "0");
        assert_eq!(fmt_int(999), "999");
        assert_eq!(fmt_int(1000), "1,000");
        assert_eq!(fmt_int(-1234567), "-1,234,567");
    }

    #[test]
    fn one_number_format_on_an_axis() {
        // "8,000" never sits beside "14k": thousands are always "k".
        let ticks: Vec<String> = [0.0, 2000.0, 4000.0, 8000.0, 14000.0]
            .iter()
            .map(|&v| fmt_axis(v))
            .collect();
        assert_eq!(ticks, ["0", "2k", "4k", "8k", "14k"]);
        assert_eq!(fmt_axis(1250.0), "1.25k");
        assert_eq!(fmt_axis(2_500_000.0), "2.5M");
        assert_eq!(fmt_axis(850.0), "850");
        assert_eq!(fmt_axis(0.5), "0.5");
    }

    #[test]
    fn an_axis_has_one_unit_chosen_by_its_top() {
        let ticks = |top: f64, v: &[f64]| -> Vec<String> {
            let f = axis_format(top);
            v.iter().map(&f).collect()
        };
        // Under 10,000: full numbers ("8,000"), never "1k" beside "500".
        assert_eq!(
            ticks(1600.0, &[0.0, 500.0, 1000.0, 1500.0]),
            ["0", "500", "1,000", "1,500"]
        );
        assert_eq!(ticks(9000.0, &[2000.0, 8000.0]), ["2,000", "8,000"]);
        // Up to a million: thousands, also for the small ticks.
        assert_eq!(
            ticks(16_000.0, &[0.0, 500.0, 8000.0, 14_000.0]),
            ["0", "0.5k", "8k", "14k"]
        );
        assert_eq!(ticks(900_000.0, &[250_000.0]), ["250k"]);
        // From a million: millions.
        assert_eq!(ticks(2.5e6, &[250_000.0, 2e6]), ["0.25M", "2M"]);
        assert_eq!(ticks(3e7, &[5e6, 2.5e7]), ["5M", "25M"]);
        assert_eq!(ticks(1.0, &[0.0, 0.5, 1.0]), ["0", "", "1"]);
        assert_eq!(ticks(-20_000.0, &[-15_000.0]), ["-15k"]);
    }

    #[test]
    fn every_layer_of_a_stack_is_visible() {
        let black = RGBColor(0, 0, 0);
        let mut layers = vec![
            ("permanent".to_string(), black, vec![1e6, 2e6, 3e6]),
            ("commuters".to_string(), black, vec![0.0, 500.0, 1200.0]),
            ("temporary".to_string(), black, vec![1e5, 1e5, 1e5]),
            ("spiky".to_string(), black, vec![10.0, 5e5, 0.0]),
            ("none".to_string(), black, vec![0.0; 3]),
        ];
        assert!(lift_thin_layers(&mut layers));
        let min_h = (3e6 + 1e5 + 1200.0) * MIN_LAYER_SHARE;
        // Drawn at least MIN_LAYER_SHARE of the top where not empty, empty
        // where empty; a layer thin throughout tells its real peak.
        assert_eq!(layers[1].2, vec![0.0, min_h, min_h]);
        assert!(
            layers[1].0.contains("at most 1.2k people"),
            "{}",
            layers[1].0
        );
        // A layer thick in some month is thickened where it is thin, and
        // its label is left alone.
        assert_eq!(layers[3].2, vec![min_h, 5e5, 0.0]);
        assert_eq!(layers[3].0, "spiky");
        // An empty layer says so; thick layers are left as they are.
        assert!(layers[4].0.ends_with("none in this run"));
        assert_eq!(layers[0].2, vec![1e6, 2e6, 3e6]);
        assert_eq!(layers[2].0, "temporary");
        // Nothing thin: nothing changes.
        let mut thick = vec![("a".to_string(), black, vec![1.0, 2.0])];
        assert!(!lift_thin_layers(&mut thick));
        assert_eq!(thick[0].2, vec![1.0, 2.0]);
    }

    #[test]
    fn placed_labels_never_overlap() {
        // Twenty points on top of each other: only a few labels fit.
        let anchors: Vec<_> = (0..20).map(|i| ((100 + i, 100), (40, 12))).collect();
        let placed = place_labels(&anchors, (0, 0, 400, 400), &[]);
        let boxes: Vec<PixelBox> = placed
            .iter()
            .flatten()
            .map(|&(x, y)| (x, y, x + 40, y + 12))
            .collect();
        assert!(boxes.len() >= 2 && boxes.len() < 20);
        for i in 0..boxes.len() {
            for j in i + 1..boxes.len() {
                assert!(
                    !overlaps(&boxes[i], &boxes[j]),
                    "{:?} {:?}",
                    boxes[i],
                    boxes[j]
                );
            }
            assert!(boxes[i].0 >= 0 && boxes[i].2 <= 400);
        }
    }
}
