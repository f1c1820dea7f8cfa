//! Charts and report of a run folder: files exist and are what they claim
//! to be, hold their titles and axis labels, the report's numbers are those
//! of the CSV files, text is escaped, and 200 countries stay legible.
#![cfg(feature = "plots")]

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use migrasim::output::tables::{FLOWS_COLUMNS, TIMESERIES_COLUMNS};
use migrasim::plots::{self, CHARTS, Direction, charts::fmt_int, report::pct};
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::scenario::{Phase, PhaseKind, Scenario, YearMonth};
use migrasim::simulation::RunOptions;

/// Simulates the synthetic world into `root/run` (CSV + manifest only);
/// returns the folder and the seconds spent simulating.
fn run_dir(root: &Path, agents: u64, k: usize, months: u32) -> (std::path::PathBuf, f64) {
    run_scenario(root, reference_scenario(agents, k, months, 7))
}

/// The synthetic world with 50 % skill recognition everywhere, a
/// world-wide recession in 2000-06..2000-12 and a boom in 2001-03..2001-08.
fn with_drivers(agents: u64, k: usize, months: u32) -> Scenario {
    let mut s = reference_scenario(agents, k, months, 7);
    s.recognition.probability = 0.5;
    let ym = |year, month| YearMonth { year, month };
    s.phases = vec![
        Phase {
            country: None,
            kind: PhaseKind::Recession,
            start: ym(2000, 6),
            end: ym(2000, 12),
            depth: 0.05,
        },
        Phase {
            country: None,
            kind: PhaseKind::Boom,
            start: ym(2001, 3),
            end: ym(2001, 8),
            depth: 0.05,
        },
    ];
    s
}

/// Simulates `s` into `root/run`; returns the folder and the seconds spent
/// simulating.
fn run_scenario(root: &Path, s: Scenario) -> (std::path::PathBuf, f64) {
    let t = Instant::now();
    let run = migrasim::run(
        &s,
        &RunOptions {
            threads: Some(1),
            cancel: None,
        },
    )
    .unwrap();
    let seconds = t.elapsed().as_secs_f64();
    let dir = root.join("run");
    migrasim::output::write_run_dir(&dir, &s, &run).unwrap();
    (dir, seconds)
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 33, "PNG too short");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is not IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

/// Width and height attributes of the root `<svg>` element.
fn svg_size(text: &str) -> (u32, u32) {
    let start = text.find("<svg").expect("no <svg> element");
    let tag = &text[start..start + text[start..].find('>').unwrap()];
    let attr = |name: &str| -> u32 {
        let key = format!(" {name}=\"");
        let i = tag
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + key.len();
        tag[i..i + tag[i..].find('"').unwrap()].parse().unwrap()
    };
    assert!(text.trim_end().ends_with("</svg>"), "SVG not closed");
    (attr("width"), attr("height"))
}

/// The text contents of an SVG's `<text>` elements with their x, y and
/// font size.
fn svg_texts(svg: &str) -> Vec<(f64, f64, f64, String)> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        rest = &rest[i..];
        let end_tag = rest.find('>').unwrap();
        let tag = &rest[..end_tag];
        let close = rest.find("</text>").unwrap();
        let body = rest[end_tag + 1..close].trim().to_string();
        let num = |name: &str| -> f64 {
            let key = format!(" {name}=\"");
            tag.find(&key)
                .map(|i| {
                    let v = &tag[i + key.len()..];
                    v[..v.find('"').unwrap()].parse().unwrap_or(0.0)
                })
                .unwrap_or(0.0)
        };
        out.push((num("x"), num("y"), num("font-size"), body));
        rest = &rest[close..];
    }
    out
}

/// Axis descriptions (with units) each chart must show.
fn axis_labels(name: &str) -> &'static [&'static str] {
    match name {
        "flows_heatmap" => &[
            "Destination (sorted by wage, poorest left)",
            "Origin (sorted by wage, poorest at bottom)",
            "moves over the run (people, log scale)",
        ],
        "top_corridors" => &[
            "moves over the run (people)",
            "corridor (origin → destination)",
        ],
        "flows_over_time" => &[
            "month",
            "moves per month (people)",
            "Intercontinental and intracontinental moves",
            "intercontinental (another continent)",
            "intracontinental (same continent)",
            "returns home",
            "developing/transition → industrialised",
            "between industrialised",
            "between developing",
            "high-skilled, industrialised → developing",
            "developing → transition",
            "other directions",
        ],
        "brain_drain_curves" => &[
            "month",
            "high-skilled natives living abroad (% of all high-skilled natives)",
        ],
        "brain_drain_vs_wage" => &[
            "origin&apos;s high-skilled wage in the last month (US$ per month, log scale)",
            "high-skilled natives living abroad (%)",
        ],
        "net_migration" => &[
            "immigration",
            "emigration",
            "net migration",
            "people per month; each panel has its own scale",
            "recession (cycle &lt; 0)",
            "recession phase ([[phase]])",
            "boom phase ([[phase]])",
        ],
        "labour_markets" => &[
            "low-skilled wage (US$/month, log)",
            "unemployment rate (%)",
            "business cycle (% deviation; &lt; 0 = recession)",
            "month",
            "recession phase (≥ half of the countries)",
            "boom phase (≥ half of the countries)",
        ],
        "brain_waste" => &[
            "month",
            "high-skilled immigrants not recognised (% of high-skilled immigrants)",
        ],
        "forms_legality" => &[
            "month",
            "year",
            "migrants abroad (people)",
            "detected per year (people)",
            "permanent (settled abroad)",
            "temporary contract",
            "seasonal workers",
            "daily commuters (living at home)",
            "irregular migrants (of all forms)",
            "irregular migrants detected, by outcome",
            "legalised (with a fine)",
            "ordered to leave",
            "expelled (re-entry ban)",
        ],
        "returns_by_motive" => &[
            "year",
            "returns home per year (people)",
            "contract ended",
            "season ended",
            "ordered to leave",
            "2015",
        ],
        "displacement" => &[
            "month",
            "displaced (people)",
            "refugees (abroad)",
            "internally displaced people (IDPs)",
            "shock under way",
            "Ukraine (UKR): conflict 2014-04–2015-02",
            "Mexico (MEX): conflict 2010-01–2012-12",
        ],
        "regions" => &[
            "month",
            "share of the country&apos;s residents (%)",
            "Poland (POL)",
        ],
        other => panic!("no expected labels for chart {other}"),
    }
}

fn escape_svg(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&apos;")
        .replace('"', "&quot;")
}

/// The charts drawn only when a run has forms, legality, return motives,
/// shocks or regions.
const LIFE: [&str; 4] = [
    "forms_legality",
    "returns_by_motive",
    "displacement",
    "regions",
];

/// Checks that `spec`'s PNG and SVG in `dir/plots` have its size, are not
/// blank, and show its title and axis labels.
fn check_chart(dir: &Path, spec: &plots::Spec) {
    let png = dir.join("plots").join(format!("{}.png", spec.name));
    let svg = dir.join("plots").join(format!("{}.svg", spec.name));
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
    assert_eq!(png_size(&bytes), spec.size, "{}", png.display());
    // A blank or nearly blank image compresses to a few kB.
    assert!(bytes.len() > 20_000, "{} looks empty", png.display());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(svg_size(&text), spec.size, "{}", svg.display());
    let texts: Vec<String> = svg_texts(&text).into_iter().map(|t| t.3).collect();
    assert!(
        texts.iter().any(|t| *t == escape_svg(spec.title)),
        "{}: no title {:?}",
        spec.name,
        spec.title
    );
    // A legend label may carry a note after it (a stacked layer too thin
    // to see: "— at most 1.2k people"; an empty one: "— none in this run").
    for label in axis_labels(spec.name) {
        assert!(
            texts
                .iter()
                .any(|t| t == label || t.starts_with(&format!("{label} — "))),
            "{}: no text {label:?}",
            spec.name
        );
    }
}

#[test]
fn every_chart_is_a_valid_png_and_svg_with_title_and_axis_labels() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_scenario(root.path(), with_drivers(30_000, 30, 36));
    let report = plots::draw_all(&dir).unwrap();
    // With brain waste every chart applies but those of forms, legality,
    // return motives, shocks and regions (the synthetic world has none).
    assert_eq!(report.charts.len(), CHARTS.len() - LIFE.len());
    assert!(CHARTS.len() >= 12);
    for spec in CHARTS.iter().filter(|s| !LIFE.contains(&s.name)) {
        check_chart(&dir, spec);
    }
    // Time axes carry dates.
    let curves = std::fs::read_to_string(dir.join("plots/brain_drain_curves.svg")).unwrap();
    let texts: Vec<String> = svg_texts(&curves).into_iter().map(|t| t.3).collect();
    assert!(
        texts.iter().any(|t| t == "2001"),
        "no year label: {texts:?}"
    );
    // Brain-drain curves name six origins; the rest are one grey entry.
    assert!(texts.iter().any(|t| t == "other origins (24)"));
    assert_eq!(
        texts.iter().filter(|t| t.starts_with("Country ")).count(),
        6
    );
}

/// Reads a CSV into rows keyed by column name.
fn read_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn report_holds_every_chart_and_the_numbers_of_the_csv_files() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_scenario(root.path(), with_drivers(40_000, 12, 30));
    plots::draw_all(&dir).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("id=\"brain-waste-note\""));

    // Self-contained: no scripts, no external resources.
    assert!(html.starts_with("<!DOCTYPE html>"));
    for bad in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
    ] {
        assert!(!html.contains(bad), "report contains {bad}");
    }
    for spec in CHARTS.iter().filter(|s| !LIFE.contains(&s.name)) {
        let fig = format!("<figure id=\"chart-{}\">", spec.name);
        let i = html.find(&fig).unwrap_or_else(|| panic!("no {fig}"));
        let after = &html[i..];
        let end = after.find("</figure>").unwrap();
        let figure = &after[..end];
        assert!(figure.contains("<svg"), "{} not inlined", spec.name);
        assert!(figure.contains(&escape_svg(spec.title)));
        assert!(figure.contains("<figcaption>"));
    }
    assert_eq!(html.matches("<svg").count(), CHARTS.len() - LIFE.len());

    // Numbers, recomputed here from the CSV files.
    let ts = read_rows(&dir.join("timeseries.csv"));
    let flows = read_rows(&dir.join("flows.csv"));
    let n = |r: &HashMap<String, String>, c: &str| -> i64 { r[c].parse().unwrap() };
    let last_step = ts.iter().map(|r| n(r, "step")).max().unwrap();
    let last: Vec<_> = ts.iter().filter(|r| n(r, "step") == last_step).collect();
    let people: i64 = last.iter().map(|r| n(r, "population")).sum();
    let abroad: i64 = last.iter().map(|r| n(r, "emigrants_abroad")).sum();
    let moves: i64 = flows.iter().map(|r| n(r, "movers")).sum();
    let returns: i64 = ts.iter().map(|r| n(r, "return_migration")).sum();
    assert!(moves > 0, "the test run has no moves");
    let cell = |id: &str, v: String| {
        let needle = format!("id=\"{id}\">{v}<");
        assert!(html.contains(&needle), "report lacks {needle}");
    };
    cell("people", fmt_int(people));
    cell("months", fmt_int(last_step + 1));
    cell("moves", fmt_int(moves));
    cell("returns", fmt_int(returns));
    cell("share_abroad", pct(abroad as f64 / people as f64));
    // Moves by direction: every flows.csv row split into its return,
    // low-skilled and high-skilled parts (README, flows.csv).
    let mut by_dir: HashMap<String, i64> = HashMap::new();
    let mut by_territory: HashMap<String, i64> = HashMap::new();
    for r in &flows {
        let (m, h, ret, hret) = (
            n(r, "movers"),
            n(r, "high_skilled"),
            n(r, "returns"),
            n(r, "high_skilled_returns"),
        );
        *by_dir.entry("return".into()).or_default() += ret;
        *by_dir.entry(r["direction"].clone()).or_default() += m - h - (ret - hret);
        *by_dir
            .entry(r["direction_high_skilled"].clone())
            .or_default() += h - hret;
        *by_territory.entry(r["territory"].clone()).or_default() += m;
    }
    assert_eq!(by_dir.values().sum::<i64>(), moves);
    assert!(by_dir.len() >= 3, "too few directions: {by_dir:?}");
    for dir in Direction::ALL {
        let v = by_dir.get(dir.as_str()).copied().unwrap_or(0);
        cell(&format!("dir-{}", dir.as_str()), fmt_int(v));
    }
    assert!(by_territory.len() == 2, "{by_territory:?}");
    for (t, v) in &by_territory {
        cell(&format!("territory-{t}"), fmt_int(*v));
    }
    // The emigration split of timeseries.csv adds up to the same totals.
    let inter: i64 = ts.iter().map(|r| n(r, "emigration_intercontinental")).sum();
    assert_eq!(inter, by_territory["intercontinental"]);
    // Brain waste is there, so its chart is in the report.
    assert!(ts.iter().any(|r| n(r, "brain_waste") > 0));
    assert!(html.contains("<figure id=\"chart-brain_waste\">"));
    let mut net: HashMap<String, i64> = HashMap::new();
    for r in &ts {
        *net.entry(r["country"].clone()).or_default() += n(r, "net_migration");
    }
    assert_eq!(net.len(), 12);
    for (code, v) in &net {
        cell(&format!("net-{code}"), fmt_int(*v));
    }
    // The largest corridor comes first in the corridor table.
    let mut corridors: HashMap<(String, String), i64> = HashMap::new();
    for r in &flows {
        *corridors
            .entry((r["origin"].clone(), r["destination"].clone()))
            .or_default() += n(r, "movers");
    }
    let ((o, d), v) = corridors
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .unwrap();
    let table = &html[html.find("id=\"top_corridors\"").unwrap()..];
    let first_row = &table[table.find("<tr><td>").unwrap()..];
    let first_row = &first_row[..first_row.find("</tr>").unwrap()];
    assert_eq!(
        first_row,
        format!(
            "<tr><td>{o}</td><td>{d}</td><td class=\"n\">{}</td>",
            fmt_int(*v)
        )
    );
    // The brain-drain leader is the origin with the highest last-month rate.
    let leader = last
        .iter()
        .max_by(|a, b| {
            let f = |r: &&HashMap<String, String>| r["brain_drain_rate"].parse::<f64>().unwrap();
            f(a).total_cmp(&f(b)).then(b["country"].cmp(&a["country"]))
        })
        .unwrap();
    let table = &html[html.find("id=\"brain_drain_leaders\"").unwrap()..];
    let first_row = &table[table.find("<tr><td>").unwrap()..];
    assert!(first_row.starts_with(&format!(
        "<tr><td>Country {} ({})</td>",
        leader["country"][1..].parse::<u32>().unwrap(),
        leader["country"]
    )));
    // The manifest's seed and hash are shown.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert!(html.contains(manifest["parameters_sha256"].as_str().unwrap()));
    assert!(html.contains("<tr><th>seed</th><td>7</td></tr>"));
    assert!(html.contains("<h1 id=\"scenario\">reference-k12</h1>"));
}

#[test]
fn complete_recognition_draws_no_brain_waste_chart_and_says_so() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_dir(root.path(), 10_000, 6, 12);
    // A stale chart from an earlier drawing is removed.
    std::fs::create_dir_all(dir.join("plots")).unwrap();
    std::fs::write(dir.join("plots/brain_waste.svg"), "stale").unwrap();
    let report = plots::draw_all(&dir).unwrap();
    assert_eq!(report.charts.len(), CHARTS.len() - 1 - LIFE.len());
    assert!(report.charts.iter().all(|c| c.name != "brain_waste"));
    assert!(!dir.join("plots/brain_waste.svg").exists());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("chart-brain_waste"));
    assert!(html.contains("id=\"brain-waste-note\">Skill recognition was complete"));
    assert_eq!(html.matches("<svg").count(), CHARTS.len() - 1 - LIFE.len());
    // The reference world has no forms, legality, return motives, shocks
    // or regions: none of their charts, and the report says why.
    for name in LIFE {
        assert!(!dir.join(format!("plots/{name}.png")).exists(), "{name}");
        assert!(!dir.join(format!("plots/{name}.svg")).exists(), "{name}");
        assert!(!html.contains(&format!("chart-{name}")), "{name}");
    }
    assert!(html.contains(
        "id=\"absent-charts\">Charts left out: forms and legality (every migrant was permanent and regular); \
         returns by motive (every return home was the migrant&#39;s own decision); \
         forced displacement (no [[shock]]); regions (no country is divided into [[region]]s).</p>"
    ));
}

/// Rewrites a CSV file keeping only the columns not in `drop`.
fn drop_columns(path: &Path, drop: &[&str]) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| !drop.contains(&&headers[i]))
        .collect();
    assert!(
        keep.len() < headers.len(),
        "{} lacks {drop:?}",
        path.display()
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(keep.iter().map(|&i| &headers[i])).unwrap();
    for row in rows {
        w.write_record(keep.iter().map(|&i| &row[i])).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn an_old_format_folder_without_the_new_columns_still_plots() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_scenario(root.path(), with_drivers(20_000, 8, 24));
    drop_columns(
        &dir.join("timeseries.csv"),
        &[
            "phase",
            "emigration_intercontinental",
            "emigration_intracontinental",
            "high_skilled_immigrants",
            "brain_waste",
        ],
    );
    drop_columns(
        &dir.join("flows.csv"),
        &[
            "territory",
            "direction",
            "direction_high_skilled",
            "returns",
            "high_skilled_returns",
        ],
    );
    let report = plots::draw_all(&dir).unwrap();
    assert_eq!(report.charts.len(), CHARTS.len() - 1 - LIFE.len());
    let read = |name: &str| std::fs::read_to_string(dir.join("plots").join(name)).unwrap();
    let texts =
        |name: &str| -> Vec<String> { svg_texts(&read(name)).into_iter().map(|t| t.3).collect() };
    let flows = texts("flows_over_time.svg");
    assert!(
        flows
            .iter()
            .any(|t| t == "other moves (direction not recorded)")
    );
    assert!(flows.iter().any(|t| t == "returns home"));
    assert!(!flows.iter().any(|t| t == "between industrialised"));
    assert!(
        flows
            .iter()
            .any(|t| t.starts_with("territory not recorded in this run folder"))
    );
    // No phases: only the cycle shading is in the legend.
    let net = texts("net_migration.svg");
    assert!(net.iter().any(|t| t == "recession (cycle &lt; 0)"));
    assert!(!net.iter().any(|t| t.contains("phase")));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("id=\"brain-waste-note\">This run folder records no brain waste"));
    assert!(!html.contains("id=\"forms\""));
}

/// The shocks scenario (forms, legality, returns by motive, shocks and a
/// divided Poland) at a small agent count.
fn shocks_scenario(agents: u64) -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/shocks.toml");
    // The reference rule: at 20 000 agents the gravity rule (issue 14)
    // moves too few people for every line of the life charts to show.
    let sets = [
        format!("simulation.agents={agents}"),
        "decision.rule=\"reference\"".to_string(),
    ];
    migrasim::scenario::load(Path::new(path), &sets).unwrap()
}

#[test]
fn forms_returns_shocks_and_regions_are_charted_when_the_run_has_them() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_scenario(root.path(), shocks_scenario(20_000));
    assert!(dir.join("regions.csv").exists());
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"regions.csv\""),
        "the manifest lists regions.csv"
    );
    let report = plots::draw_all(&dir).unwrap();
    for name in LIFE {
        assert!(
            report.charts.iter().any(|c| c.name == name),
            "{name} not drawn"
        );
        let spec = CHARTS.iter().find(|s| s.name == name).unwrap();
        check_chart(&dir, spec);
    }
    let read = |name: &str| std::fs::read_to_string(dir.join("plots").join(name)).unwrap();
    let texts =
        |name: &str| -> Vec<String> { svg_texts(&read(name)).into_iter().map(|t| t.3).collect() };
    // Regions: each region's share in the first and the last month.
    let regions = texts("regions.svg");
    for region in ["Mazowieckie: ", "Rest-of-Poland: "] {
        assert!(
            regions
                .iter()
                .any(|t| t.starts_with(region) && t.ends_with('%') && t.contains('→')),
            "{region}: {regions:?}"
        );
    }
    // Every year of the run is a labelled bar.
    let returns = texts("returns_by_motive.svg");
    for year in 2004..=2015 {
        assert!(returns.iter().any(|t| *t == year.to_string()), "{year}");
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for name in LIFE {
        let spec = CHARTS.iter().find(|s| s.name == name).unwrap();
        let fig = format!("<figure id=\"chart-{name}\">");
        let i = html.find(&fig).unwrap_or_else(|| panic!("no {fig}"));
        let figure = &html[i..i + html[i..].find("</figure>").unwrap()];
        assert!(figure.contains("<svg"), "{name} not inlined");
        assert!(figure.contains(&format!(
            "<b>{}.</b> {}",
            escape_svg(spec.title).replace("&apos;", "&#39;"),
            spec.how_to_read.replace('\'', "&#39;")
        )));
    }
    assert!(!html.contains("id=\"absent-charts\""));

    // The same folder as an older version wrote it (no forms, legality,
    // return-motive or shock columns, no regions.csv) still plots, without
    // those charts (stale files removed), and the report says why.
    let newer = |c: &&str| {
        c.starts_with("shock")
            || c.starts_with("refugee")
            || c.starts_with("idp")
            || c.starts_with("returns_")
            || c.starts_with("detected_")
            || c.starts_with("movers_")
            || [
                "temporary_workers",
                "seasonal_workers",
                "commuters_in",
                "commuters_out",
                "irregular_immigrants",
            ]
            .contains(c)
    };
    let ts_columns: Vec<&str> = TIMESERIES_COLUMNS
        .iter()
        .map(|c| c.name)
        .filter(newer)
        .collect();
    assert!(ts_columns.len() >= 20, "{ts_columns:?}");
    drop_columns(&dir.join("timeseries.csv"), &ts_columns);
    let flows_columns: Vec<&str> = FLOWS_COLUMNS.iter().map(|c| c.name).filter(newer).collect();
    drop_columns(&dir.join("flows.csv"), &flows_columns);
    std::fs::remove_file(dir.join("regions.csv")).unwrap();
    let report = plots::draw_all(&dir).unwrap();
    for name in LIFE {
        assert!(report.charts.iter().all(|c| c.name != name), "{name}");
        assert!(!dir.join(format!("plots/{name}.png")).exists(), "{name}");
        assert!(!dir.join(format!("plots/{name}.svg")).exists(), "{name}");
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains(
        "id=\"absent-charts\">Charts left out: \
         forms and legality (not recorded: this run folder was written before they existed); \
         returns by motive (not recorded: this run folder was written before they existed); \
         forced displacement (not recorded: this run folder was written before they existed); \
         regions (no country is divided into [[region]]s).</p>"
    ));
}

#[test]
fn report_escapes_text_from_the_files() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_dir(root.path(), 5_000, 4, 6);
    let path = dir.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m["description"] = "<script>alert('x')</script> R&D \"quoted\"".into();
    std::fs::write(&path, serde_json::to_string(&m).unwrap()).unwrap();
    plots::draw_all(&dir).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("<script"));
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; R&amp;D &quot;quoted&quot;")
    );
}

#[test]
fn plot_redraws_the_same_pictures_from_the_files_alone() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = run_dir(root.path(), 20_000, 8, 24);
    plots::draw_all(&dir).unwrap();
    let first = std::fs::read_to_string(dir.join("plots/net_migration.svg")).unwrap();
    let first_report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    std::fs::remove_dir_all(dir.join("plots")).unwrap();
    std::fs::remove_file(dir.join("report.html")).unwrap();
    // The command-line program, on the folder only.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .arg("plot")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("plots/net_migration.svg")).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("report.html")).unwrap(),
        first_report
    );
    // A folder without the files is an error, not a panic or empty charts.
    std::fs::remove_file(dir.join("flows.csv")).unwrap();
    assert!(plots::draw_all(&dir).is_err());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_migrasim"))
        .arg("plot")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// Estimated ink boxes of top-anchored SVG texts of capitals and digits
/// (DejaVu Sans: about 0.62 em per character, 0.76 em from the top to the
/// baseline), at the bitmap's font size (1.24 × the SVG's, the larger).
fn boxes(texts: &[(f64, f64, f64, String)]) -> Vec<(f64, f64, f64, f64)> {
    texts
        .iter()
        .map(|(x, y, size, s)| {
            let em = size * 1.24;
            let w = 0.62 * em * s.chars().count() as f64;
            (*x, *y, x + w, y + 0.8 * em)
        })
        .collect()
}

#[test]
fn two_hundred_countries_give_grouped_and_thinned_labels() {
    let root = tempfile::tempdir().unwrap();
    let (dir, simulate) = run_dir(root.path(), 20_000, 200, 24);
    let report = plots::draw_all(&dir).unwrap();
    // Timing goes to the notes, not to an assertion.
    eprintln!(
        "200 countries, 20000 agents, 24 months: simulate {simulate:.3} s, draw {:.3} s",
        report.seconds
    );
    let read = |name: &str| std::fs::read_to_string(dir.join("plots").join(name)).unwrap();
    let is_code = |s: &str| s.len() == 4 && s.starts_with('C') && s[1..].parse::<u32>().is_ok();

    // Heat map: 20 wage bands of 10 countries on each axis, no single codes.
    let heat = svg_texts(&read("flows_heatmap.svg"));
    assert_eq!(heat.iter().filter(|t| is_code(&t.3)).count(), 0);
    let bands: Vec<&str> = heat
        .iter()
        .map(|t| t.3.as_str())
        .filter(|t| {
            t.split_once('–')
                .is_some_and(|(a, b)| is_code(a) && is_code(b))
        })
        .collect();
    assert_eq!(bands.len(), 2 * 20, "heat map labels {bands:?}");
    assert_eq!(bands.iter().filter(|b| **b == "C000–C009").count(), 2);
    assert_eq!(bands.iter().filter(|b| **b == "C190–C199").count(), 2);

    // Net migration: 29 panels and the rest summed.
    let net = svg_texts(&read("net_migration.svg"));
    assert!(net.iter().any(|t| t.3 == "other 171 countries, summed"));
    assert_eq!(
        net.iter().filter(|t| t.3.starts_with("Country ")).count(),
        29
    );

    // Scatter: at most 30 point labels, none overlapping.
    let scatter = svg_texts(&read("brain_drain_vs_wage.svg"));
    let labels: Vec<_> = scatter.into_iter().filter(|t| is_code(&t.3)).collect();
    assert!(
        (10..=30).contains(&labels.len()),
        "{} point labels",
        labels.len()
    );
    let b = boxes(&labels);
    for i in 0..b.len() {
        for j in i + 1..b.len() {
            let (p, q) = (b[i], b[j]);
            let overlap = p.0 < q.2 && q.0 < p.2 && p.1 < q.3 && q.1 < p.3;
            assert!(!overlap, "{:?} and {:?} overlap", labels[i], labels[j]);
        }
    }

    // Curves and labour markets: six named countries, the rest in one entry.
    for (name, other) in [
        ("brain_drain_curves.svg", "other origins (194)"),
        ("labour_markets.svg", "other (194)"),
    ] {
        let t = svg_texts(&read(name));
        assert!(t.iter().any(|t| t.3 == other), "{name}");
        assert_eq!(
            t.iter().filter(|t| t.3.starts_with("Country ")).count(),
            6,
            "{name}"
        );
    }
}
