//! Reading a sweep file: the top-level keys, the seed and replicates, and
//! the `[outputs]` table; the axes and designs are read in `axes`.

use std::path::{Path, PathBuf};

use super::axes::{parse_axes, parse_design};
use super::places::{Places, Problems, non_negative, suggest};
use super::types::{AxisValues, Design, Keep, Outputs, Replicates, SweepFile};
use crate::error::Error;
use crate::scenario::tree::LineIndex;

pub(super) const TOP_KEYS: &[&str] = &[
    "scenario",
    "name",
    "seed",
    "replicates",
    "out",
    "design",
    "axes",
    "outputs",
    "metrics",
];

/// Reads and checks a sweep file (not yet the scenarios of its points).
pub fn read(path: &Path) -> Result<SweepFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Sweep(format!("{}: no such sweep file", path.display()))
        } else {
            Error::io(path, e)
        }
    })?;
    parse(path, &text)
}

/// Parses and checks the text of a sweep file named `path`.
pub fn parse(path: &Path, text: &str) -> Result<SweepFile, Error> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map(|s| {
                let (l, c) = LineIndex::new(text).locate(s.start);
                format!("{}:{l}:{c}", path.display())
            })
            .unwrap_or_else(|| path.display().to_string());
        Error::Sweep(format!("{place}: {}", e.message()))
    })?;
    let places = Places::new(path, text);
    let mut p = Problems(Vec::new());
    if !table.contains_key("scenario")
        && ["country", "simulation", "world"]
            .iter()
            .any(|k| table.contains_key(*k))
    {
        return Err(Error::Sweep(format!(
            "{}: this is a scenario file, not a sweep file (it has [simulation] or \
             [[country]] tables and no `scenario`); run it with `migrasim run {}`",
            path.display(),
            path.display()
        )));
    }

    for k in table.keys() {
        if !TOP_KEYS.contains(&k.as_str()) {
            p.push(
                places.at(k),
                format!("unknown key `{k}`{}", suggest(k, TOP_KEYS)),
            );
        }
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let scenario = match table.get("scenario") {
        Some(toml::Value::String(s)) => Some(dir.join(s)),
        Some(_) => {
            p.push(
                places.at("scenario"),
                "`scenario` must be a path (a string)",
            );
            None
        }
        None => {
            p.push(
                places.at(""),
                "missing `scenario`: the path of the base scenario file",
            );
            None
        }
    };
    let name = match table.get("name") {
        Some(toml::Value::String(s)) if crate::scenario::build::is_name(s) => s.clone(),
        Some(_) => {
            p.push(
                places.at("name"),
                format!(
                    "`name` must be {} (it names the sweep folder)",
                    crate::model::keys::Kind::Name.describe()
                ),
            );
            String::new()
        }
        None => path
            .file_stem()
            .map_or("sweep".into(), |s| s.to_string_lossy().into_owned()),
    };
    let seed = match table.get("seed") {
        None => 0,
        Some(v) => non_negative(v, "seed", &places, &mut p).unwrap_or(0),
    };
    let replicates = match table.get("replicates") {
        None => Replicates::Count(1),
        Some(toml::Value::Array(a)) if a.is_empty() => {
            p.push(
                places.at("replicates"),
                "an empty list of seeds is an error: give at least one seed, or a count",
            );
            Replicates::Count(1)
        }
        Some(toml::Value::Array(a)) => Replicates::Seeds(
            a.iter()
                .filter_map(|v| non_negative(v, "replicates", &places, &mut p))
                .collect(),
        ),
        Some(v) => match non_negative(v, "replicates", &places, &mut p) {
            Some(0) => {
                p.push(places.at("replicates"), "`replicates` must be at least 1");
                Replicates::Count(1)
            }
            Some(n) if n <= u32::MAX as u64 => Replicates::Count(n as u32),
            Some(_) => {
                p.push(places.at("replicates"), "too many replicates");
                Replicates::Count(1)
            }
            None => Replicates::Count(1),
        },
    };
    let out = match table.get("out") {
        Some(toml::Value::String(s)) => Some(PathBuf::from(s)),
        Some(_) => {
            p.push(places.at("out"), "`out` must be a path (a string)");
            None
        }
        None => None,
    };
    let design = parse_design(table.get("design"), seed, &places, &mut p);
    let (axes, constants, constant_places) = match table.get("axes") {
        Some(toml::Value::Table(t)) => {
            let mut axes = Vec::new();
            let mut constants = Vec::new();
            parse_axes(t, "", &places, &mut p, &mut axes, &mut constants);
            axes.sort_by_key(|(pos, _)| (pos.line, pos.column));
            constants.sort_by_key(|(pos, _)| (pos.line, pos.column));
            let (cplaces, constants) = constants
                .into_iter()
                .map(|(pos, c)| (pos.to_string(), c))
                .unzip();
            (
                axes.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
                constants,
                cplaces,
            )
        }
        Some(_) => {
            p.push(places.at("axes"), "`axes` must be a table");
            (Vec::new(), Vec::new(), Vec::new())
        }
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    if design == Design::Grid {
        for a in &axes {
            if matches!(a.values, AxisValues::Distribution(_)) {
                p.push(
                    a.place.clone(),
                    format!(
                        "axis `{}`: a distribution needs design = \"random\" or \"latin\"; a grid needs a list or a range",
                        a.key
                    ),
                );
            }
        }
    }
    let mut outputs = parse_outputs(table.get("outputs"), &places, &mut p);
    if let Some(v) = table.get("metrics") {
        let mut found = Vec::new();
        outputs.chosen = crate::sweep::chosen::parse(v, dir, &|k| places.at(k), &mut found);
        for (place, message) in found {
            p.push(place, message);
        }
    }
    if !p.0.is_empty() {
        return Err(Error::Sweep(p.0.join("\n")));
    }
    Ok(SweepFile {
        path: path.to_path_buf(),
        name,
        scenario: scenario.unwrap_or_default(),
        scenario_place: places.at("scenario"),
        seed,
        replicates,
        design,
        axes,
        constants,
        constant_places,
        outputs,
        out,
    })
}

pub(super) fn parse_outputs(v: Option<&toml::Value>, places: &Places, p: &mut Problems) -> Outputs {
    let mut o = Outputs {
        keep: Keep::Summary,
        months: Vec::new(),
        corridors: Vec::new(),
        countries: None,
        format: crate::output::Format::Csv,
        chosen: Vec::new(),
    };
    let Some(v) = v else { return o };
    let Some(t) = v.as_table() else {
        p.push(places.at("outputs"), "`outputs` must be a table");
        return o;
    };
    let allowed = ["keep", "months", "corridors", "countries", "format"];
    for k in t.keys() {
        if !allowed.contains(&k.as_str()) {
            p.push(
                places.at(&format!("outputs.{k}")),
                format!("unknown key `outputs.{k}`{}", suggest(k, &allowed)),
            );
        }
    }
    match t.get("keep").map(|v| v.as_str()) {
        None | Some(Some("summary")) => {}
        Some(Some("full")) => o.keep = Keep::Full,
        Some(_) => p.push(
            places.at("outputs.keep"),
            "`outputs.keep` must be \"summary\" (metrics only) or \"full\" (metrics and CSV folders)",
        ),
    }
    match t
        .get("format")
        .map(|v| v.as_str().map(str::parse::<crate::output::Format>))
    {
        None => {}
        Some(Some(Ok(f))) => o.format = f,
        Some(_) => p.push(
            places.at("outputs.format"),
            "`outputs.format` must be \"csv\" or \"parquet\" (the tables of full folders)",
        ),
    }
    let strings = |k: &str, p: &mut Problems| -> Vec<String> {
        match t.get(k) {
            None => Vec::new(),
            Some(toml::Value::Array(a)) => a
                .iter()
                .filter_map(|x| match x.as_str() {
                    Some(s) => Some(s.to_string()),
                    None => {
                        p.push(
                            places.at(&format!("outputs.{k}")),
                            format!("`outputs.{k}` must be a list of strings, found {x}"),
                        );
                        None
                    }
                })
                .collect(),
            Some(x) => {
                p.push(
                    places.at(&format!("outputs.{k}")),
                    format!("`outputs.{k}` must be a list of strings, found {x}"),
                );
                Vec::new()
            }
        }
    };
    match t.get("months") {
        None => {}
        Some(toml::Value::Array(a)) if !a.is_empty() => {
            for x in a {
                match x.as_integer() {
                    Some(m) if m >= 1 && m <= u32::MAX as i64 => o.months.push(m as u32),
                    _ => p.push(
                        places.at("outputs.months"),
                        format!("`outputs.months` must list months ≥ 1 (counted from the first simulated month), found {x}"),
                    ),
                }
            }
            o.months.sort_unstable();
            o.months.dedup();
        }
        Some(x) => p.push(
            places.at("outputs.months"),
            format!("`outputs.months` must be a non-empty list of months ≥ 1, found {x}"),
        ),
    }
    for c in strings("corridors", p) {
        match c.split_once("->") {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                o.corridors
                    .push((a.trim().to_string(), b.trim().to_string()))
            }
            _ => p.push(
                places.at("outputs.corridors"),
                format!("corridor \"{c}\" must be written \"FROM->TO\" with country codes, e.g. \"POL->DEU\""),
            ),
        }
    }
    if t.contains_key("countries") {
        o.countries = Some(strings("countries", p));
    }
    o
}
