//! The `migrasim` command-line program: a thin shell over the library.
//! Parses flags, calls the library, maps errors to exit codes: 2 for bad
//! input (scenario, options, output place), 130 when interrupted by Ctrl-C,
//! 1 for anything else; `sweep status` exits with 3 when runs are missing
//! and 4 when runs failed.

mod bench_cli;
mod calib_cli;
mod cli;
mod lab_cli;
mod machine;
mod sweep_cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::execute(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            if matches!(e, migrasim::Error::Interrupted { .. }) {
                ExitCode::from(130)
            } else if e.is_input_error() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
