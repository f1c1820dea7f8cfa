//! Criterion benchmarks of one month of REFERENCE_MODEL.md (RB-1): the
//! step kernel at N = 1e5 and 1e7 agents, K = 20 and 200 countries, on a
//! world that keeps evolving from month to month (as in a real run).
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

criterion_group!(benches, one_month);
criterion_main!(benches);
