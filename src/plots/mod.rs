//! Pictures of a run: charts (PNG and SVG, in `DIR/plots/`) and a
//! self-contained `DIR/report.html`, drawn from the recorded files of a run
//! folder only (timeseries.csv, flows.csv, countries.csv, manifest.json),
//! never from the engine's state, so `migrasim plot DIR` can redraw them
//! after the run.
//!
//! Text is rendered with the embedded DejaVu Sans font (no system fonts,
//! no fontconfig). Behind the cargo feature `plots` (on by default).
//!
//! ```no_run
//! let report = migrasim::plots::draw_all("output/quickstart".as_ref()).unwrap();
//! println!("{} charts, report at {}", report.charts.len(), report.report.display());
//! ```

pub mod charts;
pub mod classroom;
pub mod data;
pub mod figures;
pub mod glyphs;
pub mod palette;
pub mod policy_table;
pub mod report;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use rayon::prelude::*;

use crate::error::Error;
pub use charts::{CHARTS, Kind, Spec, applies};
pub use data::{Direction, RunData, Summary};

/// Folder of the chart files inside a run folder.
pub const PLOTS_DIR: &str = "plots";
/// The report's file name inside a run folder.
pub const REPORT: &str = "report.html";

/// The files of one chart.
#[derive(Debug, Clone)]
pub struct ChartFiles {
    /// File stem, e.g. `flows_heatmap`.
    pub name: &'static str,
    /// Title drawn on the chart.
    pub title: &'static str,
    /// Size in pixels.
    pub size: (u32, u32),
    /// The PNG.
    pub png: PathBuf,
    /// The SVG.
    pub svg: PathBuf,
}

/// What [`draw_all`] produced.
#[derive(Debug, Clone)]
pub struct PlotReport {
    /// Every chart, in report order.
    pub charts: Vec<ChartFiles>,
    /// The report page.
    pub report: PathBuf,
    /// Seconds spent reading, drawing and writing.
    pub seconds: f64,
}

/// Registers the embedded DejaVu Sans as plotters' "sans-serif" (once).
pub fn register_fonts() -> Result<(), Error> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        register_font(charts::FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && register_font(charts::FONT, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Plot {
            path: PathBuf::from("DejaVuSans.ttf"),
            message: "the embedded font could not be loaded".into(),
        })
    }
}

fn plot_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Plot {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Draws one chart as SVG text.
pub fn draw_svg(spec: &Spec, d: &RunData) -> Result<String, Error> {
    register_fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, spec.size).into_drawing_area();
        charts::draw(spec, &root, d).map_err(|e| plot_error(Path::new(spec.name), e))?;
    }
    Ok(svg)
}

/// Draws one chart into a PNG file.
pub fn draw_png(spec: &Spec, d: &RunData, path: &Path) -> Result<(), Error> {
    register_fonts()?;
    let root = glyphs::Glyphs(BitMapBackend::new(path, spec.size)).into_drawing_area();
    charts::draw(spec, &root, d).map_err(|e| plot_error(path, e))
}

/// Reads the run folder `dir` and (re)draws every chart that applies to it
/// (see [`charts::applies`]) into `dir/plots/` (PNG and SVG) and
/// `dir/report.html`.
pub fn draw_all(dir: &Path) -> Result<PlotReport, Error> {
    let start = Instant::now();
    register_fonts()?;
    let d = RunData::read(dir)?;
    let plots = dir.join(PLOTS_DIR);
    std::fs::create_dir_all(&plots).map_err(|e| Error::io(&plots, e))?;
    // Charts that do not apply to this run (the brain-waste chart without
    // brain waste) are left out, and stale files of them removed.
    let specs: Vec<&Spec> = CHARTS.iter().filter(|s| charts::applies(s, &d)).collect();
    for spec in CHARTS.iter().filter(|s| !charts::applies(s, &d)) {
        for ext in ["png", "svg"] {
            let p = plots.join(format!("{}.{ext}", spec.name));
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
            }
        }
    }
    // Charts are independent: draw them in parallel.
    let drawn = specs
        .par_iter()
        .map(|spec| {
            let svg_path = plots.join(format!("{}.svg", spec.name));
            let png_path = plots.join(format!("{}.png", spec.name));
            let svg = draw_svg(spec, &d)?;
            std::fs::write(&svg_path, &svg).map_err(|e| Error::io(&svg_path, e))?;
            draw_png(spec, &d, &png_path)?;
            Ok((
                ChartFiles {
                    name: spec.name,
                    title: spec.title,
                    size: spec.size,
                    png: png_path,
                    svg: svg_path,
                },
                svg,
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let page = report::html(
        &d,
        &specs
            .iter()
            .zip(&drawn)
            .map(|(s, (_, svg))| (*s, svg.clone()))
            .collect::<Vec<_>>(),
    );
    let report_path = dir.join(REPORT);
    std::fs::write(&report_path, page).map_err(|e| Error::io(&report_path, e))?;
    Ok(PlotReport {
        charts: drawn.into_iter().map(|(f, _)| f).collect(),
        report: report_path,
        seconds: start.elapsed().as_secs_f64(),
    })
}
