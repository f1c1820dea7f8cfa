//! Sweep plots (feature `plots`): each metric against each numeric swept
//! parameter, as SVG and PNG, titled in words (the raw keys stay on the
//! axes for reference). At each value of the parameter the plot shows the
//! mean across replicates (a line with dots) and their spread (a bar from
//! the smallest to the largest value). With other axes, one line per
//! combination of their values when there are at most
//! [`MAX_SERIES`]; otherwise one line over all of them.
//!
//! Self-contained: registers the embedded DejaVu Sans for text layout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::table::Table;
use crate::error::Error;
// The run charts' font family: the embedded DejaVu Sans.
use crate::plots::charts::FONT;

/// Most lines in one plot before the other axes are pooled.
pub const MAX_SERIES: usize = 8;

const COLOURS: [RGBColor; MAX_SERIES] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// Mean, smallest and largest of some values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
}

impl Spread {
    /// The spread of `v` (not empty).
    pub fn of(v: &[f64]) -> Spread {
        let n = v.len().max(1) as f64;
        Spread {
            mean: v.iter().sum::<f64>() / n,
            min: v.iter().copied().fold(f64::INFINITY, f64::min),
            max: v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// One line of a plot: a label and (x, spread) in x order.
pub type Series = (String, Vec<(f64, Spread)>);

/// The lines of metric `m` against axis `a`; `None` if the axis is not
/// numeric or the metric has no numbers.
pub fn series(t: &Table, a: usize, m: usize) -> Option<Vec<Series>> {
    let mut groups: BTreeMap<String, BTreeMap<u64, (f64, Vec<f64>)>> = BTreeMap::new();
    for r in &t.rows {
        let x: f64 = r.values[a].parse().ok()?;
        let Ok(y) = r.metrics[m].parse::<f64>() else {
            continue;
        };
        if !x.is_finite() || !y.is_finite() {
            continue;
        }
        let other: Vec<String> = t
            .axes
            .iter()
            .zip(&r.values)
            .enumerate()
            .filter(|(i, _)| *i != a)
            .map(|(_, (k, v))| format!("{k}={v}"))
            .collect();
        // Order x by value: the bits of a non-negative shifted key.
        let key = order_key(x);
        groups
            .entry(other.join(", "))
            .or_default()
            .entry(key)
            .or_insert((x, Vec::new()))
            .1
            .push(y);
    }
    if groups.is_empty() {
        return None;
    }
    let collect = |g: &BTreeMap<u64, (f64, Vec<f64>)>| {
        g.values()
            .map(|(x, ys)| (*x, Spread::of(ys)))
            .collect::<Vec<_>>()
    };
    if groups.len() <= MAX_SERIES {
        Some(
            groups
                .iter()
                .map(|(k, g)| (k.clone(), collect(g)))
                .collect(),
        )
    } else {
        let mut pooled: BTreeMap<u64, (f64, Vec<f64>)> = BTreeMap::new();
        for g in groups.into_values() {
            for (k, (x, ys)) in g {
                pooled.entry(k).or_insert((x, Vec::new())).1.extend(ys);
            }
        }
        Some(vec![("all points".into(), collect(&pooled))])
    }
}

/// A key that sorts as the float does.
fn order_key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// A file-name-safe form of a metric or key.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else if c == '@' {
                '-'
            } else {
                '_'
            }
        })
        .collect()
}

fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    let pad = if span > 0.0 {
        span * 0.05
    } else {
        lo.abs().max(1.0) * 0.05
    };
    (lo - pad, hi + pad)
}

/// Draws one plot.
/// A metric of a sweep in words: `share_abroad@12` → "share of people
/// living abroad (month 12)", `brain_drain.POL` → "brain drain of POL".
pub fn metric_words(metric: &str) -> String {
    let (base, month) = match metric.rsplit_once('@') {
        Some((b, m)) if m.chars().all(|c| c.is_ascii_digit()) => (b, Some(m)),
        _ => (metric, None),
    };
    let words = match base.split_once('.') {
        Some(("net_migration", c)) => format!("net migration of {c} (people)"),
        Some(("brain_drain", c)) => {
            format!("brain drain of {c} (share of its high-skilled abroad)")
        }
        Some(("flow", pair)) => format!("moves {} (people)", pair.replace("->", " → ")),
        _ => match base {
            "share_abroad" => "share of people living abroad".to_string(),
            "share_high_abroad" => "share of the high-skilled living abroad".to_string(),
            "moves" => "moves between countries (people)".to_string(),
            "returns" => "returns home (people)".to_string(),
            other => other.replace(['_', '.'], " "),
        },
    };
    match month {
        Some(m) => format!("{words}, month {m}"),
        None => words,
    }
}

/// A swept key in words: `decision.home_bias` → "home bias",
/// `country.POL.wage_low` → "wage low of POL".
pub fn axis_words(axis: &str) -> String {
    let parts: Vec<&str> = axis.split('.').collect();
    let last = parts.last().copied().unwrap_or(axis).replace('_', " ");
    match parts.as_slice() {
        ["country" | "bloc", who, ..] if parts.len() > 2 => format!("{last} of {who}"),
        _ => last,
    }
}

fn draw_one(path: &Path, metric: &str, axis: &str, lines: &[Series]) -> Result<(), Error> {
    {
        let root = SVGBackend::new(path, (720, 450)).into_drawing_area();
        draw_on(&root, path, metric, axis, lines)?;
    }
    let png = path.with_extension("png");
    let root =
        crate::plots::glyphs::Glyphs(BitMapBackend::new(&png, (720, 450))).into_drawing_area();
    draw_on(&root, &png, metric, axis, lines)
}

fn draw_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    path: &Path,
    metric: &str,
    axis: &str,
    lines: &[Series],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let fail = |e: String| Error::Output {
        path: path.to_path_buf(),
        message: e,
    };
    let pts = lines.iter().flat_map(|(_, p)| p.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, s) in pts {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y0 = y0.min(s.min);
        y1 = y1.max(s.max);
    }
    let (x0, x1) = padded(x0, x1);
    let (y0, y1) = padded(y0, y1);
    root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
    let title = format!("{} against {}", metric_words(metric), axis_words(axis));
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, 17))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| fail(e.to_string()))?;
    chart
        .configure_mesh()
        .x_desc(format!("{} ({axis})", axis_words(axis)))
        .y_desc(format!("{metric}: mean, min–max over replicates"))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 13))
        .draw()
        .map_err(|e| fail(e.to_string()))?;
    for (i, (label, p)) in lines.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        chart
            .draw_series(p.iter().map(|(x, s)| {
                ErrorBar::new_vertical(*x, s.min, s.mean, s.max, colour.stroke_width(1), 6)
            }))
            .map_err(|e| fail(e.to_string()))?;
        let line = chart
            .draw_series(LineSeries::new(
                p.iter().map(|(x, s)| (*x, s.mean)),
                colour.stroke_width(2),
            ))
            .map_err(|e| fail(e.to_string()))?;
        if lines.len() > 1 || !label.is_empty() {
            line.label(label.clone()).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
            });
        }
        chart
            .draw_series(
                p.iter()
                    .map(|(x, s)| Circle::new((*x, s.mean), 3, colour.filled())),
            )
            .map_err(|e| fail(e.to_string()))?;
    }
    if lines.len() > 1 || lines.first().is_some_and(|(l, _)| !l.is_empty()) {
        chart
            .configure_series_labels()
            .label_font((FONT, 11))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(|e| fail(e.to_string()))?;
    }
    root.present().map_err(|e| fail(e.to_string()))
}

/// Draws the sweep plots of a table into `dir` (replacing it once all are
/// drawn); returns the files. Non-numeric axes get no plot.
pub fn draw(t: &Table, dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if t.axes.is_empty() || t.rows.is_empty() {
        return Ok(Vec::new());
    }
    crate::plots::register_fonts()?;
    let mut files = Vec::new();
    crate::output::write_dir_atomically(dir, |tmp| {
        for (a, axis) in t.axes.iter().enumerate() {
            for (m, metric) in t.metrics.iter().enumerate() {
                let Some(lines) = series(t, a, m) else {
                    continue;
                };
                let name = format!("{}--{}.svg", slug(metric), slug(axis));
                draw_one(&tmp.join(&name), metric, axis, &lines)?;
                files.push(dir.join(&name));
                files.push(dir.join(name).with_extension("png"));
            }
        }
        Ok(())
    })?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::collect::Row;

    fn table() -> Table {
        let mut rows = Vec::new();
        for (p, (a, b)) in [("1.0", "x"), ("2.0", "x"), ("1.0", "y"), ("2.0", "y")]
            .iter()
            .enumerate()
        {
            for r in 0..2u32 {
                let v = a.parse::<f64>().unwrap() + r as f64;
                rows.push(Row {
                    id: format!("p{p}-r{r}"),
                    point: p,
                    replicate: r,
                    seed: r as u64,
                    values: vec![a.to_string(), b.to_string()],
                    metrics: vec![v.to_string()],
                });
            }
        }
        Table {
            axes: vec!["a".into(), "b".into()],
            metrics: vec!["share_abroad@12".into()],
            rows,
        }
    }

    #[test]
    fn series_are_means_and_spreads_per_value_and_other_point() {
        let t = table();
        let s = series(&t, 0, 0).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].0, "b=x");
        assert_eq!(s[0].1[0].0, 1.0);
        assert_eq!(
            s[0].1[0].1,
            Spread {
                mean: 1.5,
                min: 1.0,
                max: 2.0
            }
        );
        assert!(series(&t, 1, 0).is_none(), "b is not numeric");
    }

    #[test]
    fn plots_are_drawn_for_numeric_axes() {
        let tmp = tempfile::tempdir().unwrap();
        let files = draw(&table(), &tmp.path().join("plots")).unwrap();
        assert_eq!(files.len(), 2);
        assert!(files[0].ends_with("share_abroad-12--a.svg"));
        assert!(files[1].ends_with("share_abroad-12--a.png"));
        let svg = std::fs::read_to_string(&files[0]).unwrap();
        assert!(
            svg.contains("<svg")
                && svg.contains("share of people living abroad, month 12 against a")
        );
        let png = std::fs::read(&files[1]).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }

    #[test]
    fn keys_in_words() {
        assert_eq!(
            metric_words("share_abroad@12"),
            "share of people living abroad, month 12"
        );
        assert_eq!(metric_words("flow.POL->DEU"), "moves POL → DEU (people)");
        assert_eq!(axis_words("decision.home_bias"), "home bias");
        assert_eq!(axis_words("country.POL.wage_low"), "wage low of POL");
    }
}
