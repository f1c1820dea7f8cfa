//! `migrasim compare` and `migrasim calibrate`: flags and the glue to
//! [`migrasim::compare`] and [`migrasim::calibrate`] (docs/calibration.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;

use migrasim::Error;
use migrasim::calibrate::{self, Param, Settings};
use migrasim::compare;

/// Arguments of `migrasim compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// A run folder written by `migrasim run`.
    pub run_dir: PathBuf,
    /// Observed data in the long format (docs/calibration.md).
    pub observed: PathBuf,
    /// Skip the charts.
    #[arg(long)]
    pub no_plots: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `migrasim compare RUN_DIR OBSERVED.csv`.
pub fn compare(a: CompareArgs) -> Result<(), Error> {
    let c = compare::compare_dir(&a.run_dir, &a.observed)?;
    let w = compare::write(
        &a.run_dir,
        &c,
        &a.observed.display().to_string(),
        !a.no_plots,
    )?;
    if !a.quiet {
        print!("{}", c.table());
        println!("\nwrote {} and {}", w.figures.display(), w.cells.display());
        for p in &w.charts {
            println!("chart {}", p.display());
        }
        if let Some(r) = &w.report {
            println!("added the comparison to {}", r.display());
        }
    }
    Ok(())
}

/// Arguments of `migrasim calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The scenario to fit.
    pub scenario: PathBuf,
    /// Observed data to fit to (docs/calibration.md).
    #[arg(long)]
    pub targets: PathBuf,
    /// A parameter and its range, KEY=LO..HI (repeatable).
    #[arg(long = "param", value_name = "KEY=LO..HI", required = true)]
    pub params: Vec<String>,
    /// A fixed override at every point, KEY=VALUE (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Seeds of the common random numbers: N seeds 1..=N.
    #[arg(long, default_value_t = 4)]
    pub seeds: u64,
    /// Weight of a kind's levels in the loss, KIND=W, or of one year's,
    /// KIND@YEAR=W (repeatable; default 1; docs/calibration.md).
    #[arg(long = "weight", value_name = "KIND[@YEAR]=W")]
    pub weights: Vec<String>,
    /// A change term: the growth of a kind's cells since their earliest
    /// year, KIND=W (log10 ratio) or KIND:people=W (repeatable).
    #[arg(long = "change", value_name = "KIND[:people]=W")]
    pub changes: Vec<String>,
    /// Keep the start year's stocks and emigration rates (the initial
    /// conditions) in the loss.
    #[arg(long)]
    pub fit_start_year: bool,
    /// Nelder-Mead iterations at most.
    #[arg(long, default_value_t = 40)]
    pub iterations: u64,
    /// Stop when the spread (sd) of the simplex's losses is below this.
    #[arg(long, default_value_t = 1e-4)]
    pub tolerance: f64,
    /// Points of each parameter's profile.
    #[arg(long, default_value_t = 9)]
    pub profile_points: usize,
    /// Simulations side by side [default: all cores].
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Output folder [default: output/calibrate/<scenario name>].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Run the simulations as Slurm job arrays (one array per batch the
    /// optimiser asks for; this command waits for each) instead of here.
    #[arg(long)]
    pub slurm: bool,
    /// Slurm partition.
    #[arg(long, requires = "slurm")]
    pub partition: Option<String>,
    /// Slurm time limit per array task, e.g. 0:30:00.
    #[arg(long, requires = "slurm")]
    pub time: Option<String>,
    /// Most array tasks running at once.
    #[arg(long, requires = "slurm")]
    pub max_concurrent: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of the hidden `migrasim calibrate-task` (one array task).
#[derive(Debug, Args)]
pub struct CalibrateTaskArgs {
    /// The calibration folder.
    pub dir: PathBuf,
    /// The batch file in DIR/slurm/.
    pub batch: String,
    /// The array task index.
    pub index: usize,
}

/// `migrasim calibrate-task DIR BATCH INDEX`: runs one array task's
/// simulations (see `migrasim::calibrate::slurm`).
pub fn calibrate_task(a: CalibrateTaskArgs) -> Result<(), Error> {
    for p in calibrate::slurm::run_task(&a.dir, &a.batch, a.index)? {
        println!("evaluated {}", p.display());
    }
    Ok(())
}

fn parse_all(
    w: &[String],
    f: fn(&str) -> Result<(String, f64), String>,
) -> Result<BTreeMap<String, f64>, Error> {
    w.iter().map(|t| f(t).map_err(Error::Calibration)).collect()
}

/// `migrasim calibrate SCENARIO --targets FILE --param KEY=LO..HI ...`.
pub fn calibrate(a: CalibrateArgs) -> Result<(), Error> {
    let params = a
        .params
        .iter()
        .map(|p| Param::parse(p).map_err(Error::Calibration))
        .collect::<Result<Vec<_>, _>>()?;
    if a.seeds == 0 {
        return Err(Error::Calibration(
            "--seeds 0: allowed: a number of seeds ≥ 1".into(),
        ));
    }
    if !(a.tolerance.is_finite() && a.tolerance >= 0.0) {
        return Err(Error::Calibration(
            "--tolerance: allowed: a number ≥ 0".into(),
        ));
    }
    let base = migrasim::scenario::load(&a.scenario, &a.set)?;
    let name = format!("{}-calibrated", base.name);
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join("calibrate").join(&base.name));
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let settings = Settings {
        scenario: a.scenario.clone(),
        sets: a.set.clone(),
        targets: a.targets.clone(),
        params,
        seeds: (1..=a.seeds).collect(),
        weights: parse_all(&a.weights, calibrate::loss::parse_weight)?,
        changes: parse_all(&a.changes, calibrate::loss::parse_change)?,
        fit_start_year: a.fit_start_year,
        max_iters: a.iterations,
        tolerance: a.tolerance,
        start: Vec::new(),
        profile_points: a.profile_points.max(2),
        jobs,
        stop_after: None,
    };
    let mut problem = calibrate::Problem::new(settings.clone(), &out)?;
    if a.slurm {
        let program = std::env::current_exe()
            .map_err(|e| Error::Options(format!("cannot find this program's path: {e}")))?;
        problem = problem.with_slurm(calibrate::slurm::Runner {
            program,
            options: migrasim::sweep::slurm::SlurmOptions {
                partition: a.partition.clone(),
                time: a.time.clone(),
                cpus_per_task: Some(1),
                max_concurrent: a.max_concurrent,
                runs_per_task: None,
            },
            poll: std::time::Duration::from_millis(500),
            verbose: !a.quiet,
        });
    }
    let outcome = calibrate::calibrate(&problem)?;
    let file = calibrate::write(&out, &settings, &outcome, &name)?;
    if !a.quiet {
        print!("{}", calibrate::report(&settings, &outcome));
        println!(
            "\nwrote {} (the calibrated scenario), history.csv, profile.csv and report.md in {}",
            file.display(),
            out.display()
        );
    }
    Ok(())
}
