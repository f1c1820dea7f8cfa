//! `migrasim lab`: writes the browser lab (page, engine, teaching scenarios
//! and their sheets) into a folder and opens it; `--series` prints what the
//! native engine records for a scenario, to compare with the browser's.

use std::path::{Path, PathBuf};

use clap::Args;

use migrasim::Error;

/// Arguments of `migrasim lab`.
#[derive(Debug, Args)]
pub struct LabArgs {
    /// Folder to write the lab into (replaced if it holds an earlier lab).
    #[arg(long, default_value = "output/lab")]
    pub out: PathBuf,
    /// Open the lab's page in the default browser afterwards.
    #[arg(long)]
    pub open: bool,
    /// The engine compiled to WebAssembly (built by scripts/build-lab.sh).
    #[arg(long, value_name = "FILE")]
    pub wasm: Option<PathBuf>,
    /// Folder of teaching scenarios with their sheets.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Instead of writing the lab: run SCENARIO natively the way the lab
    /// does and print its recorded series as JSON.
    #[arg(long, value_name = "SCENARIO")]
    pub series: Option<PathBuf>,
    /// Override a value (with --series), e.g. --set simulation.seed=3.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// `path` if it exists, else the same path inside the source tree the
/// program was built from.
fn find(path: &Path) -> PathBuf {
    if path.exists() || path.is_absolute() {
        return path.to_path_buf();
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if built.exists() {
        built
    } else {
        path.to_path_buf()
    }
}

/// Runs `migrasim lab`.
pub fn execute(args: crate::lab_cli::LabArgs) -> Result<(), Error> {
    if let Some(scn) = &args.series {
        let text = std::fs::read_to_string(scn).map_err(|e| Error::io(scn, e))?;
        let mut s = migrasim::lab::Session::new(&text, &scn.display().to_string(), &args.set)?;
        while s.step() {}
        println!("{}", s.series_json());
        return Ok(());
    }
    let wasm_path = find(
        args.wasm
            .as_deref()
            .unwrap_or(Path::new(migrasim::lab::WASM_PATH)),
    );
    let wasm = std::fs::read(&wasm_path).map_err(|e| {
        Error::Options(format!(
            "cannot read the lab's engine {}: {e}; build it with scripts/build-lab.sh (or give --wasm FILE)",
            wasm_path.display()
        ))
    })?;
    let dir = find(
        args.scenarios
            .as_deref()
            .unwrap_or(Path::new("scenarios/teaching")),
    );
    let n = migrasim::lab::write_site(&args.out, &wasm, &dir)?;
    let page = args.out.join("index.html");
    println!(
        "wrote the lab with {n} scenarios to {}; open {} in a browser (no server needed)",
        args.out.display(),
        page.display()
    );
    if args.open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if std::process::Command::new(opener)
            .arg(&page)
            .spawn()
            .is_err()
        {
            eprintln!("could not start {opener}; open {} yourself", page.display());
        }
    }
    Ok(())
}
