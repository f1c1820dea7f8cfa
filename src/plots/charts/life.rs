//! Charts of the migrant's life: forms of migration and legality over
//! time, and returns home by motive.

use super::*;

pub(super) fn forms_legality<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let abroad = summed(d, |r| r.emigrants_abroad);
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
pub(super) const MOTIVE_COLOURS: [RGBColor; 9] = [
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

pub(super) fn returns_by_motive<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult
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
