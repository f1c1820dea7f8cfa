//! The journal of a calibration: `calibration.json` (what is being fitted)
//! and `journal.jsonl`, one line per finished evaluation, appended and
//! flushed to disk before the optimiser sees the result. A line cut short
//! by a kill is ignored on reading (and the file truncated to the last
//! whole line before appending), so a resumed calibration repeats at most
//! the evaluation that was under way.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::point::{Fingerprint, Loss};
use crate::error::Error;
use crate::output::atomic::write_file_atomically;

/// One evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Parameter values.
    pub theta: Vec<f64>,
    /// Loss of the seed-mean values.
    pub loss: f64,
    /// Loss of each seed alone.
    pub seed_losses: Vec<f64>,
    /// Matched cells.
    pub cells: usize,
}

/// The journal of a calibration folder.
pub struct Journal {
    path: PathBuf,
    file: File,
    entries: HashMap<Vec<u64>, Entry>,
}

fn key(theta: &[f64]) -> Vec<u64> {
    theta.iter().map(|x| x.to_bits()).collect()
}

/// Name of the settings file of a calibration folder.
pub const SETTINGS: &str = "calibration.json";
/// Name of the journal.
pub const JOURNAL: &str = "journal.jsonl";

impl Journal {
    /// Opens the journal of folder `out`, refusing a folder of another
    /// calibration.
    pub fn open(out: &Path, fingerprint: &Fingerprint) -> Result<Journal, Error> {
        let settings = out.join(SETTINGS);
        let path = out.join(JOURNAL);
        if settings.exists() {
            let text = std::fs::read_to_string(&settings).map_err(|e| Error::io(&settings, e))?;
            let old: Option<Fingerprint> = serde_json::from_str(&text).ok();
            if old.as_ref() != Some(fingerprint) {
                return Err(Error::Calibration(format!(
                    "{}: the folder holds a calibration with other settings (scenario, targets, --set, --param, seeds, loss terms or start); \
                     resume it with the same command, or choose another --out",
                    out.display()
                )));
            }
        } else if path.exists() {
            return Err(Error::Calibration(format!(
                "{}: has a {JOURNAL} but no {SETTINGS}; not a folder this program wrote, so it is left alone (choose another --out)",
                out.display()
            )));
        } else {
            let json = serde_json::to_string_pretty(fingerprint)
                .map_err(|e| Error::Calibration(format!("cannot encode {SETTINGS}: {e}")))?;
            write_file_atomically(&settings, json.as_bytes())?;
        }
        let mut entries = HashMap::new();
        let mut whole = 0usize;
        if let Ok(text) = std::fs::read_to_string(&path) {
            for line in text.split_inclusive('\n') {
                if !line.ends_with('\n') {
                    break;
                }
                match serde_json::from_str::<Entry>(line.trim_end()) {
                    Ok(e) => {
                        entries.insert(key(&e.theta), e);
                        whole += line.len();
                    }
                    Err(_) => break,
                }
            }
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        // Drop a torn last line.
        file.set_len(whole as u64)
            .map_err(|e| Error::io(&path, e))?;
        Ok(Journal {
            path,
            file,
            entries,
        })
    }

    /// The evaluation at `theta`, if done.
    pub fn get(&self, theta: &[f64]) -> Option<&Entry> {
        self.entries.get(&key(theta))
    }

    /// Evaluations done.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none is done.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records an evaluation (on disk first).
    pub fn append(&mut self, theta: &[f64], loss: &Loss) -> Result<(), Error> {
        let e = Entry {
            theta: theta.to_vec(),
            loss: loss.value,
            seed_losses: loss.per_seed.clone(),
            cells: loss.cells,
        };
        let mut line = serde_json::to_string(&e)
            .map_err(|err| Error::Calibration(format!("cannot encode an evaluation: {err}")))?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|_| self.file.sync_data())
            .map_err(|err| Error::io(&self.path, err))?;
        self.entries.insert(key(theta), e);
        Ok(())
    }
}
