//! report.html: one self-contained page (inline CSS, charts inlined as SVG,
//! no scripts, no network) with the scenario, its key parameters, a summary
//! computed from the CSV files, every chart with a sentence on how to read
//! it, and the manifest.

use std::fmt::Write as _;

use serde_json::Value;

use super::charts::{Kind, Spec};
use super::data::{Direction, RunData, Summary};
use super::text::fmt_int;
use crate::output::Manifest;

/// Rows in the top-corridor and brain-drain tables of the report.
pub const TOP_ROWS: usize = 10;

pub use super::text::{escape, pct};

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;max-width:1250px;margin:2em auto;padding:0 1em;color:#1e1e1e;line-height:1.45}
h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
.lead{color:#444;font-size:1.1em}.grid{display:flex;flex-wrap:wrap;gap:2em}
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#333;margin-top:.4em;max-width:60em}code{font-size:.95em}
.note{color:#555;font-size:.95em}
details.sheet{border:1px solid #ddd;padding:.3em 1em;margin:.5em 0;max-width:60em}details.sheet summary{cursor:pointer;font-weight:bold}";

/// Scalar entries of a JSON object, nested keys joined with dots.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, out);
            }
        }
        Value::Array(a) => out.push((prefix.to_string(), format!("[{} items]", a.len()))),
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Null => out.push((prefix.to_string(), "none".into())),
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            out.push((prefix.to_string(), format!("{}", (x * 1e6).round() / 1e6)));
        }
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

fn kv_table(html: &mut String, rows: &[(String, String)]) {
    html.push_str("<table>\n");
    for (k, v) in rows {
        let _ = writeln!(
            html,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(k),
            escape(v)
        );
    }
    html.push_str("</table>\n");
}

/// A JSON value as the report shows it: text as is, nothing as empty,
/// anything else as JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        x => x.to_string(),
    }
}

/// An optional number as JSON writes it (empty when missing).
fn number_text<T: serde::Serialize>(x: Option<T>) -> String {
    x.and_then(|x| serde_json::to_string(&x).ok())
        .unwrap_or_default()
}

/// People per agent from the manifest's summary, with at most two decimals
/// (empty when the manifest does not say).
fn people_per_agent(m: &Manifest) -> String {
    match m.people_per_agent() {
        Some(x) if x.fract() == 0.0 => fmt_int(x as i64),
        Some(x) => format!("{x:.2}"),
        None => String::new(),
    }
}

/// The whole page; `charts` are the specs with their SVG text.
pub fn html(d: &RunData, charts: &[(&Spec, String)]) -> String {
    let none = Manifest::default();
    let m = d.manifest.as_ref().unwrap_or(&none);
    let s = d.summary(TOP_ROWS);
    let mut h = String::with_capacity(1 << 20);
    intro(&mut h, d, m, &s);
    summary_section(&mut h, d, &s);
    countries_section(&mut h, d, &s);
    h.push_str(&super::policy_table::section(&d.dir));
    charts_section(&mut h, d, charts);
    parameters_section(&mut h, m);
    // The comparison with observed data, when `migrasim compare` left one.
    if let Some(section) = crate::compare::section::saved_section(&d.dir) {
        h.push_str(&crate::compare::section::with_section("", &section));
    }

    manifest_section(&mut h, m);
    h.push_str(
        "<p class=\"note\">Drawn from the files of the run folder by <code>migrasim plot</code>; \
        redraw with <code>migrasim plot DIR</code>.</p>\n</body>\n</html>\n",
    );
    h
}

/// The head of the page, the scenario's name and description, one line on
/// what happened, the scale, and the exercises of a teaching scenario.
fn intro(h: &mut String, d: &RunData, m: &Manifest, s: &Summary) {
    let name = match m.scenario.clone() {
        n if n.is_empty() => d
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "run".into()),
        n => n,
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>migrasim: {}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n",
        escape(&name)
    );
    let _ = writeln!(h, "<h1 id=\"scenario\">{}</h1>", escape(&name));
    let desc = &m.description;
    if !desc.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"lead\" id=\"description\">{}</p>",
            escape(desc)
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"lead\" id=\"one-line\"><b>{}</b></p>",
        escape(&super::classroom::one_line(d))
    );
    let _ = writeln!(
        h,
        "<p class=\"note\">{} countries, {} months from {} to {}. Figures are in people: \
         each of the {} agents (simulated persons) stands for {} people; \
         the CSV files beside this report hold every number.</p>",
        d.k(),
        s.months,
        escape(&d.dates[0]),
        escape(&d.dates[d.months() - 1]),
        escape(&number_text(m.agents())),
        escape(&people_per_agent(m)),
    );

    h.push_str(&super::classroom::exercise_section(d));
}

/// The summary: headline figures, top corridors, brain-drain leaders and
/// moves by direction and territory.
fn summary_section(h: &mut String, d: &RunData, s: &Summary) {
    let code = |c: usize| escape(&d.countries[c].code);
    let cname = |c: usize| escape(&d.countries[c].name);
    h.push_str("<h2>Summary</h2>\n<div class=\"grid\">\n<div>\n<table>\n");
    let rows: [(&str, &str, String); 6] = [
        ("people", "People", fmt_int(s.people as i64)),
        ("months", "Months", fmt_int(s.months as i64)),
        ("moves", "Moves over the run", fmt_int(s.moves as i64)),
        (
            "returns",
            "of which returns home",
            fmt_int(s.returns as i64),
        ),
        (
            "share_abroad",
            "Living abroad at the end",
            pct(s.share_abroad),
        ),
        (
            "share_high_abroad",
            "High-skilled living abroad at the end",
            pct(s.share_high_abroad),
        ),
    ];
    for (id, label, v) in rows {
        let _ = writeln!(
            h,
            "<tr><th>{label}</th><td class=\"n\" id=\"{id}\">{v}</td></tr>"
        );
    }
    h.push_str("</table>\n</div>\n<div>\n<table id=\"top_corridors\">\n");
    h.push_str("<tr><th colspan=\"2\">Top corridors</th><th>moves</th></tr>\n");
    for &(o, t, v) in &s.top_corridors {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            code(o),
            code(t),
            fmt_int(v as i64)
        );
    }
    h.push_str("</table>\n</div>\n<div>\n<table id=\"brain_drain_leaders\">\n");
    h.push_str("<tr><th>Brain-drain leaders</th><th>rate at the end</th></tr>\n");
    for &(c, r) in &s.brain_drain_leaders {
        let _ = writeln!(
            h,
            "<tr><td>{} ({})</td><td class=\"n\">{}</td></tr>",
            cname(c),
            code(c),
            pct(r)
        );
    }
    h.push_str("</table>\n</div>\n");
    // Forms of migration.
    if s.directions.is_some() || s.territory.is_some() {
        h.push_str(
            "<div>\n<table id=\"forms\">\n<tr><th>Moves by direction</th><th>moves</th></tr>\n",
        );
        if let Some(dirs) = s.directions {
            for (dir, v) in Direction::ALL.iter().zip(dirs) {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td class=\"n\" id=\"dir-{}\">{}</td></tr>",
                    escape(dir.label()),
                    dir.as_str(),
                    fmt_int(v as i64)
                );
            }
        }
        if let Some((inter, intra)) = s.territory {
            h.push_str("<tr><th>Moves by territory</th><th>moves</th></tr>\n");
            for (id, label, v) in [
                ("intercontinental", "intercontinental", inter),
                ("intracontinental", "intracontinental", intra),
            ] {
                let _ = writeln!(
                    h,
                    "<tr><td>{label}</td><td class=\"n\" id=\"territory-{id}\">{}</td></tr>",
                    fmt_int(v as i64)
                );
            }
        }
        h.push_str("</table>\n</div>\n");
    }
    h.push_str("</div>\n");
}

/// Net migration by country, poorest first (folded away beyond 30
/// countries).
fn countries_section(h: &mut String, d: &RunData, s: &Summary) {
    let code = |c: usize| escape(&d.countries[c].code);
    let cname = |c: usize| escape(&d.countries[c].name);
    let per_country = |h: &mut String| {
        h.push_str(
            "<table id=\"countries\">\n<tr><th>code</th><th>country</th><th>group</th>\
             <th>immigration</th><th>emigration</th><th>net migration</th>\
             <th>brain drain at the end</th></tr>\n",
        );
        for c in d.by_wage() {
            let imm: u64 = d.series[c].iter().map(|r| r.immigration).sum();
            let emi: u64 = d.series[c].iter().map(|r| r.emigration).sum();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\" id=\"net-{}\">{}</td><td class=\"n\">{}</td></tr>",
                code(c),
                cname(c),
                escape(&d.countries[c].group),
                fmt_int(imm as i64),
                fmt_int(emi as i64),
                code(c),
                fmt_int(s.net_migration[c]),
                pct(d.last(c).brain_drain_rate)
            );
        }
        h.push_str("</table>\n");
    };
    h.push_str("<h3>Net migration by country (poorest first)</h3>\n");
    if d.k() > 30 {
        let _ = writeln!(
            h,
            "<details><summary>{} countries (click to open)</summary>",
            d.k()
        );
        per_country(&mut *h);
        h.push_str("</details>\n");
    } else {
        per_country(&mut *h);
    }
}

/// Every chart drawn, with how to read it, and which are left out and why.
fn charts_section(h: &mut String, d: &RunData, charts: &[(&Spec, String)]) {
    h.push_str("<h2>Charts</h2>\n<p class=\"note\">Each chart is also in <code>plots/</code> as PNG and SVG.</p>\n");
    // The charts of the migrant's life and of the newer drivers are drawn
    // only when the run has their data; say which are left out and why.
    let not_recorded = "(not recorded: this run folder was written before they existed)";
    let (life, shocks) = (d.columns.life, d.columns.shocks);
    let absent: Vec<String> = [
        (
            Kind::FormsLegality,
            "forms and legality",
            life,
            "(every migrant was permanent and regular)",
        ),
        (
            Kind::ReturnsByMotive,
            "returns by motive",
            life,
            "(every return home was the migrant's own decision)",
        ),
        (
            Kind::Displacement,
            "forced displacement",
            shocks,
            "(no [[shock]])",
        ),
        (
            Kind::Regions,
            "regions",
            true,
            "(no country is divided into [[region]]s)",
        ),
    ]
    .into_iter()
    .filter(|(k, ..)| !charts.iter().any(|(s, _)| s.kind == *k))
    .map(|(_, name, recorded, why)| format!("{name} {}", if recorded { why } else { not_recorded }))
    .collect();
    if !absent.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\" id=\"absent-charts\">Charts left out: {}.</p>",
            escape(&absent.join("; "))
        );
    }
    if !charts.iter().any(|(s, _)| s.kind == Kind::BrainWaste) {
        let text = if d.columns.brain_waste {
            "Skill recognition was complete: every high-skilled immigrant's qualification was \
             recognised in every month (brain_waste is 0 throughout), so there is no brain-waste chart."
        } else {
            "This run folder records no brain waste (timeseries.csv has no brain_waste column: \
             it was written before skill recognition existed), so there is no brain-waste chart."
        };
        let _ = writeln!(h, "<p class=\"note\" id=\"brain-waste-note\">{text}</p>");
    }
    for (spec, svg) in charts {
        let body = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
        let _ = writeln!(
            h,
            "<figure id=\"chart-{}\">\n{}\n<figcaption><b>{}.</b> {} \
             (<a href=\"plots/{}.png\">PNG</a>, <a href=\"plots/{}.svg\">SVG</a>)</figcaption>\n</figure>",
            spec.name,
            body.trim_end(),
            escape(spec.title),
            escape(spec.how_to_read),
            spec.name,
            spec.name
        );
    }
}

/// The key parameters: the main sections key by key, and the blocs.
fn parameters_section(h: &mut String, m: &Manifest) {
    h.push_str("<h2>Key parameters</h2>\n");
    let mut rows = Vec::new();
    if let Some(p) = &m.parameters {
        for (section, v) in p.sections() {
            flatten(section, v, &mut rows);
        }
        for bloc in &p.blocs {
            rows.push((
                format!("bloc {}", bloc.name),
                format!(
                    "{} members, free movement: {}",
                    bloc.members.len(),
                    value_text(&bloc.free_movement)
                ),
            ));
        }
    }
    if rows.is_empty() {
        h.push_str("<p>manifest.json has no parameters.</p>\n");
    } else {
        kv_table(h, &rows);
    }
}

/// What produced the run: engine, seed, hash, threads, sources, overrides.
fn manifest_section(h: &mut String, m: &Manifest) {
    h.push_str("<h2>Manifest</h2>\n");
    let mut rows: Vec<(String, String)> = vec![
        ("engine".into(), m.engine.clone()),
        ("version".into(), m.version.clone()),
        ("seed".into(), number_text(m.seed)),
        ("parameters_sha256".into(), m.parameters_sha256.clone()),
        (
            "threads".into(),
            number_text(m.run.as_ref().map(|r| r.threads)),
        ),
        (
            "wall seconds".into(),
            number_text(m.run.as_ref().map(|r| r.wall_seconds)),
        ),
    ];
    for f in &m.sources {
        rows.push((format!("source {}", f.path), format!("sha256 {}", f.sha256)));
    }
    for (i, x) in m.overrides.iter().enumerate() {
        rows.push((format!("override {}", i + 1), x.clone()));
    }
    kv_table(h, &rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
        );
    }

    #[test]
    fn flattens_nested_parameters() {
        let v: Value =
            serde_json::json!({"start": {"year": 2000, "month": 1}, "scale": {"agents": 5}});
        let mut out = Vec::new();
        flatten("simulation", &v, &mut out);
        assert!(out.contains(&("simulation.start.year".into(), "2000".into())));
        assert!(out.contains(&("simulation.scale.agents".into(), "5".into())));
    }
}
