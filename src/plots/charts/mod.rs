//! The charts, each drawn by one function generic over the plotters
//! backend, so that the PNG and the SVG of a chart are the same drawing.
//! This file lists them ([`CHARTS`]) and dispatches ([`draw`]); each
//! family of charts is a file of its own, the shared pieces are in
//! `axes` and `legend`.
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
pub use super::text::fmt_int;

mod axes;
mod brain;
mod countries;
mod flows;
mod legend;
mod life;
mod places;

pub use axes::*;
pub use brain::*;
use countries::*;
pub use flows::*;
pub use legend::*;
use life::*;
pub use places::*;

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
