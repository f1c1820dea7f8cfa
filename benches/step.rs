//! Criterion benchmarks of one month of REFERENCE_MODEL.md (RB-1): the
//! step kernel at N = 1e5 and 1e7 agents, K = 20 and 200 countries, on a
//! world that keeps evolving from month to month (as in a real run).
//!
//! Also one month of scenarios/shocks.toml (the quickstart with every
//! mechanism on: forms, legality, returns, ages, postings, regions, shocks,
//! capital export) at N = 1e5 and 1e6.
//!
//! Run with `cargo bench --bench step`; the whole-run table (engine against
//! the plain baseline) is `migrasim bench`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use migrasim::kernel::{Kernel, StepOutcome};
use migrasim::scenario::synthetic::reference_scenario;
use migrasim::world::layout::build_world;

fn one_month(c: &mut Criterion) {
    let mut group = c.benchmark_group("reference_month");
    group.sample_size(10);
    for &(n, k) in &[
        (100_000u64, 20usize),
        (100_000, 200),
        (10_000_000, 20),
        (10_000_000, 200),
    ] {
        let s = reference_scenario(n, k, 120, 1);
        let mut world = build_world(&s).expect("the reference world is valid");
        let mut kernel = Kernel::new(&world);
        let mut outcome = StepOutcome::default();
        // Let the world move away from its initial state first.
        for t in 0..24 {
            kernel.step(&s, &mut world, t, &mut outcome);
        }
        let mut t = 24;
        group.throughput(Throughput::Elements(n));
        group.bench_function(BenchmarkId::new(format!("K{k}"), n), |b| {
            b.iter(|| {
                kernel.step(&s, &mut world, t % 120, &mut outcome);
                t += 1;
            })
        });
    }
    group.finish();
}

fn every_mechanism_month(c: &mut Criterion) {
    let mut group = c.benchmark_group("every_mechanism_month");
    group.sample_size(10);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/shocks.toml");
    for n in [100_000u64, 1_000_000] {
        let s = migrasim::scenario::load(&path, &[format!("simulation.agents={n}")])
            .expect("scenarios/shocks.toml is valid");
        let mut world = build_world(&s).expect("the shocks world is valid");
        let mut kernel = Kernel::new(&world);
        let mut outcome = StepOutcome::default();
        let months = s.simulation.months;
        // Run up to the shock's year, where every mechanism is at work.
        let mut t = 0;
        while t < months.saturating_sub(24) {
            kernel.step(&s, &mut world, t, &mut outcome);
            t += 1;
        }
        group.throughput(Throughput::Elements(n));
        group.bench_function(BenchmarkId::new("shocks", n), |b| {
            b.iter(|| {
                kernel.step(&s, &mut world, t, &mut outcome);
                t = (t + 1).min(months - 1);
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // No HTML plots: criterion's plotters backend needs system fonts, which
    // a fresh machine lacks (it panics with FontUnavailable); the numbers
    // are printed and saved under target/criterion either way.
    config = Criterion::default().without_plots();
    targets = one_month, every_mechanism_month
}
criterion_main!(benches);
