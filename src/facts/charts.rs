//! The chart of `migrasim facts` (PNG and SVG in `DIR/facts/`): the
//! migration hump.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::types::Facts;
use crate::error::Error;
use crate::plots::charts::FONT;
use crate::plots::palette;

fn fail(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Plot {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Draws hump.png and hump.svg into `dir`.
pub fn draw(f: &Facts, dir: &Path) -> Result<(), Error> {
    crate::plots::register_fonts()?;
    let png = dir.join("hump.png");
    {
        let root = BitMapBackend::new(&png, (900, 560)).into_drawing_area();
        hump(f, &root).map_err(|e| fail(&png, e))?;
        root.present().map_err(|e| fail(&png, e))?;
    }
    let svg = dir.join("hump.svg");
    let root = SVGBackend::new(&svg, (900, 560)).into_drawing_area();
    hump(f, &root).map_err(|e| fail(&svg, e))?;
    root.present().map_err(|e| fail(&svg, e))
}

/// Share of natives abroad at the end against income per head (log
/// scale): one dot per origin, the band means as a line, the peak marked.
fn hump<DB: DrawingBackend>(f: &Facts, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
    let e = |x: &dyn std::fmt::Display| x.to_string();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let pts: Vec<(f64, f64)> = f
        .origins
        .iter()
        .filter(|o| o.income > 0.0)
        .map(|o| (o.income, 100.0 * o.emigration_rate))
        .collect();
    let lo = pts
        .iter()
        .map(|p| p.0)
        .fold(f64::INFINITY, f64::min)
        .min(500.0);
    let hi = pts.iter().map(|p| p.0).fold(0.0, f64::max).max(2.0 * lo);
    let top = pts.iter().map(|p| p.1).fold(0.0, f64::max).max(0.1) * 1.1;
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Migration hump: natives abroad at the end by origin income",
            (FONT, 22),
        )
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d((lo * 0.8..hi * 1.25).log_scale(), 0.0..top)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("income per head, US$ a year (log scale)")
        .y_desc("natives living abroad, %")
        .label_style((FONT, 14))
        .draw()
        .map_err(|x| e(&x))?;
    let dot = palette::category(0);
    chart
        .draw_series(pts.iter().map(|&p| Circle::new(p, 3, dot.filled())))
        .map_err(|x| e(&x))?
        .label("origin")
        .legend(move |(x, y)| Circle::new((x, y), 3, dot.filled()));
    let line = palette::category(1);
    let bands: Vec<(f64, f64)> = f
        .hump_bins
        .iter()
        .map(|(a, b, m, _)| ((a.max(lo * 0.8) * b).sqrt(), 100.0 * m))
        .collect();
    chart
        .draw_series(LineSeries::new(bands, line.stroke_width(3)))
        .map_err(|x| e(&x))?
        .label("mean by income band (doubling)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], line.stroke_width(3)));
    if let Some(p) = f.hump_peak {
        let red = palette::category(3);
        chart
            .draw_series(LineSeries::new(
                vec![(p, 0.0), (p, top)],
                red.stroke_width(2),
            ))
            .map_err(|x| e(&x))?
            .label(format!("peak of the quadratic fit: US$ {p:.0}"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], red.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font((FONT, 14))
        .draw()
        .map_err(|x| e(&x))?;
    Ok(())
}
