//! Runs the synthetic reference world and draws its charts and report.
//!
//! `cargo run --release --example demo_plots -- [AGENTS] [COUNTRIES] [MONTHS] [DIR]`
//! (defaults: 200000 agents, 30 countries, 120 months, output/demo-plots).
//! Prints the time spent simulating and the time spent drawing.

use std::time::Instant;

use migrasim::scenario::synthetic::reference_scenario;
use migrasim::simulation::RunOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let agents = a.first().map_or(Ok(200_000), |s| s.parse())?;
    let k = a.get(1).map_or(Ok(30), |s| s.parse())?;
    let months = a.get(2).map_or(Ok(120), |s| s.parse())?;
    let dir = a
        .get(3)
        .cloned()
        .unwrap_or_else(|| "output/demo-plots".into());
    let s = reference_scenario(agents, k, months, 42);
    let t = Instant::now();
    let run = migrasim::run(
        &s,
        &RunOptions {
            threads: Some(1),
            cancel: None,
        },
    )?;
    let simulate = t.elapsed().as_secs_f64();
    let t = Instant::now();
    migrasim::output::write_run_dir(dir.as_ref(), &s, &run)?;
    let write = t.elapsed().as_secs_f64();
    let report = migrasim::plots::draw_all(dir.as_ref())?;
    println!(
        "{agents} agents, {k} countries, {months} months: simulate {simulate:.3} s, write CSV {write:.3} s, draw {:.3} s ({} charts) -> {}",
        report.seconds,
        report.charts.len(),
        report.report.display()
    );
    Ok(())
}
