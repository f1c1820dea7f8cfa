//! What a calibration writes in its folder: history.csv (every
//! evaluation), profile.csv (the loss along each parameter through the
//! optimum), report.md, and the calibrated scenario (a file that
//! `extends` the base scenario with the fitted values).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Outcome, Param, Settings, fmt_value};
use crate::error::Error;
use crate::output::atomic::write_file_atomically;

/// history.csv: every evaluation the optimiser asked for.
pub fn history_csv(params: &[Param], o: &Outcome) -> String {
    let mut s = String::from("evaluation,");
    for p in params {
        s.push_str(&p.key);
        s.push(',');
    }
    s.push_str("loss,best_loss,cells\n");
    let mut best = f64::INFINITY;
    for (i, e) in o.history.iter().enumerate() {
        best = best.min(e.loss);
        let _ = write!(s, "{},", i + 1);
        for (p, x) in params.iter().zip(&e.theta) {
            let _ = write!(s, "{},", fmt_value(*x, p.integer));
        }
        let _ = writeln!(s, "{:.6},{:.6},{}", e.loss, best, e.cells);
    }
    s
}

/// profile.csv: each parameter's profile.
pub fn profile_csv(o: &Outcome) -> String {
    let mut s = String::from("param,value,loss,within_noise\n");
    for p in &o.profiles {
        let floor = p.points.iter().map(|q| q.1).fold(f64::INFINITY, f64::min);
        for (x, l) in &p.points {
            let _ = writeln!(
                s,
                "{},{},{:.6},{}",
                p.param.key,
                fmt_value(*x, p.param.integer),
                l,
                *l <= floor + o.noise
            );
        }
    }
    s
}

/// The calibrated scenario: `extends` the original (named relative to
/// `out_file`'s folder) and sets the found values.
pub fn calibrated_toml(
    settings: &Settings,
    o: &Outcome,
    out_file: &Path,
    name: &str,
) -> Result<String, Error> {
    let base = crate::sweep::absolute(&settings.scenario);
    let from = crate::sweep::absolute(out_file.parent().unwrap_or(Path::new(".")));
    let rel = relative(&base, &from);
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Calibrated by `migrasim calibrate` on {} ({} targets matched, {} seeds).",
        settings.targets.display(),
        o.best_loss.cells,
        settings.seeds.len()
    );
    let _ = writeln!(
        t,
        "# Loss {:.6} (seed noise ±{:.6}); see the calibration's report.md for each value's uncertainty.",
        o.best_loss.value, o.noise
    );
    let _ = writeln!(t, "extends = {}", toml_string(&rel.to_string_lossy()));
    let _ = writeln!(t, "name = {}", toml_string(name));
    let mut sets: Vec<String> = settings.sets.clone();
    sets.extend(settings.params.iter().zip(&o.best).map(|(p, &x)| p.set(x)));
    let _ = writeln!(t, "set = [");
    for s in &sets {
        let _ = writeln!(t, "    {},", toml_string(s));
    }
    let _ = writeln!(t, "]");
    Ok(t)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `path` relative to the folder `from` (both absolute).
pub fn relative(path: &Path, from: &Path) -> PathBuf {
    let p: Vec<_> = path.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = p.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// report.md: the fit, the values and their uncertainty.
pub fn report(settings: &Settings, o: &Outcome) -> String {
    let mut r = String::new();
    let _ = writeln!(r, "# Calibration of {}\n", settings.scenario.display());
    let _ = writeln!(
        r,
        "Targets: `{}`; {} matched cells; seeds {:?} (common random numbers).\n",
        settings.targets.display(),
        o.best_loss.cells,
        settings.seeds
    );
    let _ = writeln!(
        r,
        "Optimiser: Nelder-Mead (argmin), {} iterations, {} evaluations asked ({} run by this process, {} in the journal); stopped: {}.\n",
        o.iterations,
        o.history.len(),
        o.fresh,
        o.journaled,
        o.termination
    );
    let _ = writeln!(
        r,
        "Loss at the best point: **{:.4}** (the weighted mean of the terms below, docs/calibration.md); per seed: {}. Seed noise (2 sd / √seeds): {:.4}.\n",
        o.best_loss.value,
        o.best_loss
            .per_seed
            .iter()
            .map(|x| format!("{x:.4}"))
            .collect::<Vec<_>>()
            .join(", "),
        o.noise
    );
    let _ = writeln!(r, "Loss terms:\n");
    for t in &o.loss_terms {
        let _ = writeln!(r, "- {t}");
    }
    let _ = writeln!(r);
    let _ = writeln!(
        r,
        "| parameter | range | best | values as good within the seed noise (profile) |\n|---|---|---|---|"
    );
    for (p, x) in o.profiles.iter().zip(&o.best) {
        let note = if p.at_bound {
            " — reaches a bound of the range: not pinned down on that side"
        } else {
            ""
        };
        let _ = writeln!(
            r,
            "| `{}` | {} .. {} | {} | {} .. {}{} |",
            p.param.key,
            fmt_value(p.param.lo, p.param.integer),
            fmt_value(p.param.hi, p.param.integer),
            fmt_value(*x, p.param.integer),
            fmt_value(p.interval.0, p.param.integer),
            fmt_value(p.interval.1, p.param.integer),
            note
        );
    }
    let _ = writeln!(
        r,
        "\nThe profile varies one parameter over {} points of its range with the others at the best values; \
         the interval is the profiled values whose loss is within the seed noise of the lowest. \
         It is a statement of what the targets can tell apart at this many seeds, not a confidence interval: \
         more seeds narrow the noise, more targets sharpen the profile.",
        settings.profile_points
    );
    r
}

/// Writes the calibration's files into `out` and returns the calibrated
/// scenario's path.
pub fn write(out: &Path, settings: &Settings, o: &Outcome, name: &str) -> Result<PathBuf, Error> {
    write_file_atomically(
        &out.join("history.csv"),
        history_csv(&settings.params, o).as_bytes(),
    )?;
    write_file_atomically(&out.join("profile.csv"), profile_csv(o).as_bytes())?;
    write_file_atomically(&out.join("report.md"), report(settings, o).as_bytes())?;
    let file = out.join(format!("{name}.toml"));
    let text = calibrated_toml(settings, o, &file, name)?;
    write_file_atomically(&file, text.as_bytes())?;
    Ok(file)
}
