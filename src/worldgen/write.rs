//! Writes a built world: the scenario file and, in a folder beside it named
//! after it, series.csv, stocks.csv and pairs.csv. An existing scenario is
//! replaced only if the builder wrote it (its first line is
//! [`super::build::MARKER`]), an existing folder only if it holds nothing
//! but the builder's tables; each file appears complete or not at all.

use std::path::{Path, PathBuf};

use super::build::{MARKER, World};
use crate::error::Error;
use crate::output::atomic::write_file_atomically;
use crate::output::write_dir_atomically;

/// The tables of a world's folder.
pub const TABLES: [&str; 3] = ["series.csv", "stocks.csv", "pairs.csv"];

/// The folder of the tables of the scenario `file` (its path without
/// `.toml`).
pub fn tables_dir(file: &Path) -> PathBuf {
    file.with_extension("")
}

/// Writes `world` to `file` and its tables folder; returns the paths written.
pub fn write(world: &World, file: &Path) -> Result<Vec<PathBuf>, Error> {
    let dir = tables_dir(file);
    check_ours(file, &dir)?;
    write_dir_atomically(&dir, |tmp| {
        for (name, text) in
            TABLES
                .iter()
                .zip([&world.series_csv, &world.stocks_csv, &world.pairs_csv])
        {
            let p = tmp.join(name);
            std::fs::write(&p, text).map_err(|e| Error::io(&p, e))?;
        }
        Ok(())
    })?;
    write_file_atomically(file, world.toml.as_bytes())?;
    let mut out = vec![file.to_path_buf()];
    out.extend(TABLES.iter().map(|t| dir.join(t)));
    Ok(out)
}

/// Refuses to replace files the builder did not write.
fn check_ours(file: &Path, dir: &Path) -> Result<(), Error> {
    let refuse = |what: String| {
        Error::Options(format!(
            "{what}; allowed: a new path or one written by `migrasim world`; hint: choose another --out or move it away"
        ))
    };
    if file.is_dir() {
        return Err(refuse(format!("{} is a folder", file.display())));
    }
    if file.exists() {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if !text.starts_with(MARKER) {
            return Err(refuse(format!(
                "{} exists and was not written by `migrasim world`",
                file.display()
            )));
        }
    }
    if dir.exists() {
        if !dir.is_dir() {
            return Err(refuse(format!(
                "{} (the folder of the tables) exists and is not a folder",
                dir.display()
            )));
        }
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for e in entries {
            let e = e.map_err(|e| Error::io(dir, e))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if !TABLES.contains(&name.as_str()) {
                return Err(refuse(format!(
                    "{} holds {name}, which `migrasim world` did not write",
                    dir.display()
                )));
            }
        }
    }
    Ok(())
}
