//! The comparison's chart: simulated against observed on log-log axes, one
//! chart per kind, the 1:1 line, and the largest misses labelled.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::types::{Comparison, log_floor, log10_floored};
use crate::error::Error;
use crate::observed::Kind;
use crate::plots::charts::{FONT, place_labels};
use crate::plots::palette::{self, INK, MUTED};

/// Labelled misses per chart.
pub const LABELLED: usize = 10;
/// Size of a chart (pixels).
pub const SIZE: (u32, u32) = (900, 700);

type Result2 = Result<(), Box<dyn std::error::Error>>;

/// A point: (log10 observed, log10 simulated, label).
type Point = (f64, f64, String);

/// Points of one kind.
pub fn points(c: &Comparison, kind: Kind) -> Vec<Point> {
    let floor = log_floor(kind, c.people_per_agent);
    c.cells
        .iter()
        .filter(|x| c.observed.rows[x.row].kind == kind)
        .map(|x| {
            (
                log10_floored(x.observed, floor),
                log10_floored(x.simulated, floor),
                c.observed.rows[x.row].label(),
            )
        })
        .collect()
}

/// The label of a decade tick (`10k`, `1M`, `0.01`); no label between.
fn tick(v: f64) -> String {
    if (v - v.round()).abs() > 1e-6 {
        return String::new();
    }
    let k = v.round() as i32;
    let x = libm::pow(10.0, f64::from(k));
    if k < 0 {
        format!("{:.*}", (-k) as usize, x)
    } else if x >= 1e6 {
        format!("{}M", trim(x / 1e6))
    } else if x >= 1e3 {
        format!("{}k", trim(x / 1e3))
    } else {
        trim(x)
    }
}

fn trim(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Draws the chart of `kind`.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, pts: &[Point], kind: Kind) -> Result2
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let lo = pts
        .iter()
        .flat_map(|p| [p.0, p.1])
        .fold(f64::INFINITY, f64::min);
    let hi = pts
        .iter()
        .flat_map(|p| [p.0, p.1])
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if hi > lo {
        (lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo))
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let unit = if kind.is_count() { "people" } else { "share" };
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("{kind}: simulated against observed ({} cells)", pts.len()),
            (FONT, 20).into_font().color(&INK),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d(lo..hi, lo..hi)?;
    chart
        .configure_mesh()
        .x_labels(40)
        .y_labels(40)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .x_desc(format!("observed ({unit}, log scale)"))
        .y_desc(format!("simulated ({unit}, log scale)"))
        .axis_desc_style((FONT, 15).into_font())
        .label_style((FONT, 13).into_font())
        .light_line_style(WHITE)
        .draw()?;
    chart.draw_series(LineSeries::new([(lo, lo), (hi, hi)], MUTED.stroke_width(1)))?;
    let col = palette::category(0);
    chart.draw_series(
        pts.iter()
            .map(|p| Circle::new((p.0, p.1), 4, col.mix(0.6).filled())),
    )?;
    // The largest misses, by |log10 ratio|.
    let mut order: Vec<usize> = (0..pts.len()).collect();
    order.sort_by(|&a, &b| {
        (pts[b].1 - pts[b].0)
            .abs()
            .total_cmp(&(pts[a].1 - pts[a].0).abs())
            .then(a.cmp(&b))
    });
    order.truncate(LABELLED);
    let font = (FONT, 12).into_font();
    let anchors: Vec<_> = order
        .iter()
        .map(|&i| {
            let (w, h) = font.box_size(&pts[i].2).unwrap_or((60, 12));
            (
                chart.backend_coord(&(pts[i].0, pts[i].1)),
                (w as i32, h as i32),
            )
        })
        .collect();
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let dots: Vec<_> = anchors
        .iter()
        .map(|&((x, y), _)| (x - 4, y - 4, x + 4, y + 4))
        .collect();
    let placed = place_labels(&anchors, (xr.start, yr.start, xr.end, yr.end), &dots);
    for (n, p) in placed.iter().enumerate() {
        if let Some((x, y)) = p {
            let i = order[n];
            area.draw(&Circle::new(anchors[n].0, 5, palette::category(1).filled()))?;
            area.draw(&Text::new(pts[i].2.clone(), (*x, *y), font.color(&INK)))?;
        }
    }
    Ok(())
}

/// Draws the chart of every log kind with at least two matched cells into
/// `dir` (`scatter_KIND.png` and `.svg`); returns (kind, SVG text, PNG).
pub fn draw_all(c: &Comparison, dir: &Path) -> Result<Vec<(Kind, String, PathBuf)>, Error> {
    crate::plots::register_fonts()?;
    let mut out = Vec::new();
    for kind in c.observed.kinds() {
        let pts = points(c, kind);
        if !kind.is_log() || pts.len() < 2 {
            continue;
        }
        let png = dir.join(format!("scatter_{kind}.png"));
        let err = |e: Box<dyn std::error::Error>| Error::Plot {
            path: png.clone(),
            message: e.to_string(),
        };
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
            draw(&root, &pts, kind).map_err(err)?;
        }
        {
            let root = BitMapBackend::new(&png, SIZE).into_drawing_area();
            draw(&root, &pts, kind).map_err(err)?;
            root.present().map_err(|e| Error::Plot {
                path: png.clone(),
                message: e.to_string(),
            })?;
        }
        let svg_path = dir.join(format!("scatter_{kind}.svg"));
        std::fs::write(&svg_path, &svg).map_err(|e| Error::io(&svg_path, e))?;
        out.push((kind, svg, png));
    }
    Ok(out)
}
