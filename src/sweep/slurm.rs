//! Slurm job arrays: the sbatch script over a sweep's runs (chunked when
//! there are more runs than the cluster's MaxArraySize allows), submission
//! with sbatch, and the size of a task's thread pool.
//!
//! Array task `i` runs runs `i·C .. (i+1)·C` (C runs per task, fixed in
//! `sweep.json` at the first submission so that indices keep their
//! meaning); a resubmission names only the indices whose runs are not done.

use std::path::Path;
use std::process::Command;

use super::SweepDir;
pub use super::run::task_cpus;
use crate::error::Error;

/// Options of `migrasim sweep --slurm`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlurmOptions {
    /// `--partition`.
    pub partition: Option<String>,
    /// `--time` (Slurm's syntax, e.g. `1:00:00`).
    pub time: Option<String>,
    /// `--cpus-per-task` (each task sizes its thread pool from it).
    pub cpus_per_task: Option<usize>,
    /// Most tasks running at once (`%M` of `--array`).
    pub max_concurrent: Option<usize>,
    /// Runs per array task; default: as few as MaxArraySize allows.
    pub runs_per_task: Option<usize>,
}

/// Slurm's default MaxArraySize.
pub const DEFAULT_MAX_ARRAY_SIZE: usize = 1001;

/// The cluster's MaxArraySize from `scontrol show config` (the default
/// when scontrol cannot tell).
pub fn max_array_size() -> usize {
    Command::new("scontrol")
        .args(["show", "config"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| parse_max_array_size(&String::from_utf8_lossy(&o.stdout)))
        .unwrap_or(DEFAULT_MAX_ARRAY_SIZE)
}

/// Finds `MaxArraySize = N` in `scontrol show config` output.
pub fn parse_max_array_size(config: &str) -> Option<usize> {
    config.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "MaxArraySize")
            .then(|| v.trim().parse().ok())
            .flatten()
    })
}

/// Runs per task so that the task indices stay below `max_array_size`.
pub fn runs_per_task(total: usize, max_array_size: usize) -> usize {
    total.div_ceil(max_array_size.max(1)).max(1)
}

/// Number of array tasks for `total` runs.
pub fn tasks(total: usize, runs_per_task: usize) -> usize {
    total.div_ceil(runs_per_task.max(1))
}

fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// What the script needs to know.
#[derive(Debug, Clone)]
pub struct ScriptSpec<'a> {
    /// The migrasim program (absolute).
    pub program: &'a Path,
    /// The sweep file (absolute).
    pub sweep_file: &'a Path,
    /// The sweep folder (absolute).
    pub dir: &'a SweepDir,
    /// Job name.
    pub name: &'a str,
    /// Array indices, Slurm syntax (`0-3,7`).
    pub array: &'a str,
    /// Runs per task.
    pub runs_per_task: usize,
    /// Options.
    pub options: &'a SlurmOptions,
}

/// The sbatch script.
pub fn script(s: &ScriptSpec<'_>) -> String {
    array_script(&ArraySpec {
        name: s.name,
        comment: &format!(
            "migrasim sweep {}: a job array over its runs; array task i runs\n# runs i*C to i*C+C-1 of sweep.json (C = {} run(s) per task).",
            s.name, s.runs_per_task
        ),
        array: s.array,
        logs: &s.dir.slurm(),
        options: s.options,
        command: &[
            s.program.display().to_string(),
            "sweep".into(),
            s.sweep_file.display().to_string(),
            "--out".into(),
            s.dir.root.display().to_string(),
            "--task".into(),
            "$SLURM_ARRAY_TASK_ID".into(),
            "--runs-per-task".into(),
            s.runs_per_task.to_string(),
        ],
    })
}

/// A job array of migrasim tasks, for [`array_script`].
#[derive(Debug, Clone)]
pub struct ArraySpec<'a> {
    /// Job name (prefixed `migrasim-`).
    pub name: &'a str,
    /// A comment saying what the array does (`#` added).
    pub comment: &'a str,
    /// Array indices, Slurm syntax (`0-3,7`).
    pub array: &'a str,
    /// Folder of the task logs (`%A_%a.out`).
    pub logs: &'a Path,
    /// Options.
    pub options: &'a SlurmOptions,
    /// The command each task runs; `$SLURM_ARRAY_TASK_ID` is passed to the
    /// shell as is, every other word quoted.
    pub command: &'a [String],
}

/// The sbatch script of a job array (sweeps' and calibrations').
pub fn array_script(s: &ArraySpec<'_>) -> String {
    let o = s.options;
    let mut t = String::from("#!/bin/bash\n");
    t.push_str(&format!("# {}\n", s.comment));
    t.push_str(&format!(
        "#SBATCH --job-name={}\n",
        quote(&format!("migrasim-{}", s.name))
    ));
    let array = match o.max_concurrent {
        Some(m) => format!("{}%{m}", s.array),
        None => s.array.to_string(),
    };
    t.push_str(&format!("#SBATCH --array={array}\n"));
    if let Some(p) = &o.partition {
        t.push_str(&format!("#SBATCH --partition={}\n", quote(p)));
    }
    if let Some(tm) = &o.time {
        t.push_str(&format!("#SBATCH --time={}\n", quote(tm)));
    }
    t.push_str(&format!(
        "#SBATCH --cpus-per-task={}\n",
        o.cpus_per_task.unwrap_or(1)
    ));
    t.push_str("#SBATCH --ntasks=1\n");
    let logs = s.logs.join("%A_%a.out");
    t.push_str(&format!(
        "#SBATCH --output={}\n",
        quote(&logs.display().to_string())
    ));
    t.push_str("set -euo pipefail\n");
    let words: Vec<String> = s
        .command
        .iter()
        .map(|w| {
            if w == "$SLURM_ARRAY_TASK_ID" {
                "\"$SLURM_ARRAY_TASK_ID\"".to_string()
            } else {
                quote(w)
            }
        })
        .collect();
    t.push_str(&format!("exec {}\n", words.join(" ")));
    t
}

/// Submits a script with `sbatch --parsable` and returns the job id.
pub fn submit(script: &Path) -> Result<String, Error> {
    let out = Command::new("sbatch")
        .arg("--parsable")
        .arg(script)
        .output()
        .map_err(|e| {
            Error::Slurm(format!(
                "cannot run sbatch: {e} (is Slurm installed here? `--dry-run` only writes the script)"
            ))
        })?;
    if !out.status.success() {
        return Err(Error::Slurm(format!(
            "sbatch {} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let id = text.trim().split(';').next().unwrap_or("").to_string();
    if id.is_empty() {
        return Err(Error::Slurm("sbatch printed no job id".into()));
    }
    Ok(id)
}

/// What [`submit_sweep`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// The script written.
    pub script: std::path::PathBuf,
    /// Job id, unless it was a dry run or nothing was left to do.
    pub job_id: Option<String>,
    /// Array indices submitted (Slurm syntax).
    pub array: String,
    /// Tasks submitted.
    pub tasks: usize,
    /// Runs not done yet.
    pub pending: usize,
    /// Runs per task.
    pub runs_per_task: usize,
}

/// Validates every point, prepares the sweep folder, writes the sbatch
/// script over the array indices whose runs are not done, and (unless
/// `dry_run`) submits it. `program` is the migrasim executable the tasks
/// run.
pub fn submit_sweep(
    plan: &super::plan::Plan,
    dir: &SweepDir,
    loader: super::run::Loader<'_>,
    options: &SlurmOptions,
    program: &Path,
    dry_run: bool,
) -> Result<Submission, Error> {
    super::run::validate(plan, loader)?;
    let mut manifest = super::run::prepare(plan, dir)?;
    let total = plan.runs.len();
    let limit = max_array_size();
    let per = match (options.runs_per_task, manifest.runs_per_task) {
        (Some(n), _) => n.max(1),
        // Keep the first submission's chunking so indices keep their meaning.
        (None, Some(n)) if tasks(total, n) <= limit => n,
        _ => runs_per_task(total, limit),
    };
    if tasks(total, per) > limit {
        return Err(Error::Options(format!(
            "{total} runs at {per} per task need {} array tasks, more than this cluster's MaxArraySize ({limit}); raise --runs-per-task",
            tasks(total, per)
        )));
    }
    if manifest.runs_per_task != Some(per) {
        manifest.runs_per_task = Some(per);
        manifest.write(dir)?;
    }
    let st = super::status::read(dir)?;
    let pending = st.pending().len();
    let indices = st.array_indices(Some(per)).unwrap_or_default();
    let array = super::ranges(&indices);
    if indices.is_empty() {
        return Ok(Submission {
            script: dir.slurm().join("sweep.sbatch"),
            job_id: None,
            array,
            tasks: 0,
            pending,
            runs_per_task: per,
        });
    }
    let slurm_dir = dir.slurm();
    std::fs::create_dir_all(&slurm_dir).map_err(|e| Error::io(&slurm_dir, e))?;
    let script_path = slurm_dir.join("sweep.sbatch");
    let sweep_file = super::absolute(&plan.file.path);
    let text = script(&ScriptSpec {
        program,
        sweep_file: &sweep_file,
        dir,
        name: &plan.file.name,
        array: &array,
        runs_per_task: per,
        options,
    });
    crate::output::atomic::write_file_atomically(&script_path, text.as_bytes())?;
    let job_id = if dry_run {
        None
    } else {
        Some(submit(&script_path)?)
    };
    Ok(Submission {
        script: script_path,
        job_id,
        array,
        tasks: indices.len(),
        pending,
        runs_per_task: per,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunking_keeps_indices_below_max_array_size() {
        assert_eq!(runs_per_task(10, 1001), 1);
        assert_eq!(runs_per_task(1001, 1001), 1);
        assert_eq!(runs_per_task(1002, 1001), 2);
        assert_eq!(runs_per_task(10_000, 1001), 10);
        assert!(tasks(10_000, 10) <= 1001);
        assert_eq!(tasks(1002, 2), 501);
        assert_eq!(
            parse_max_array_size("Foo = 1\nMaxArraySize            = 75\n"),
            Some(75)
        );
    }

    #[test]
    fn script_names_the_array_and_the_task_command() {
        let dir = SweepDir::new("/data/my sweep");
        let opts = SlurmOptions {
            partition: Some("short".into()),
            time: Some("0:30:00".into()),
            cpus_per_task: Some(4),
            max_concurrent: Some(8),
            runs_per_task: None,
        };
        let s = script(&ScriptSpec {
            program: Path::new("/opt/bin/migrasim"),
            sweep_file: Path::new("/data/plan.toml"),
            dir: &dir,
            name: "demo",
            array: "0-3,7",
            runs_per_task: 2,
            options: &opts,
        });
        for line in [
            "#SBATCH --array=0-3,7%8\n",
            "#SBATCH --partition=short\n",
            "#SBATCH --time=0:30:00\n",
            "#SBATCH --cpus-per-task=4\n",
            "#SBATCH --output='/data/my sweep/slurm/%A_%a.out'\n",
            "exec /opt/bin/migrasim sweep /data/plan.toml --out '/data/my sweep' --task \"$SLURM_ARRAY_TASK_ID\" --runs-per-task 2\n",
        ] {
            assert!(s.contains(line), "missing {line:?} in\n{s}");
        }
    }
}
