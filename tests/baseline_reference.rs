//! RB-1 agreement: the plain implementation reproduces the published figures
//! of docs/reference-model.md at N = 1e5, K = 20, T = 120.

use migrasim::baseline::{BaselineOutcome, run_baseline};
use migrasim::scenario::synthetic::reference_scenario;

/// The brain-drain curve by origin k = 0..19 published in docs/reference-model.md.
const PUBLISHED_BRAIN_DRAIN: [f64; 20] = [
    0.88, 0.85, 0.80, 0.76, 0.68, 0.62, 0.54, 0.40, 0.32, 0.24, 0.77, 0.74, 0.65, 0.68, 0.64, 0.50,
    0.46, 0.44, 0.44, 0.38,
];

fn run(seed: u64) -> BaselineOutcome {
    let started = std::time::Instant::now();
    let out = run_baseline(&reference_scenario(100_000, 20, 120, seed));
    println!(
        "seed {seed}: share abroad {:.4}, high-skilled abroad {:.4}, moves {}, returns {}, {:.2} s",
        out.share_abroad,
        out.share_high_abroad,
        out.moves,
        out.returns,
        started.elapsed().as_secs_f64()
    );
    let curve: Vec<String> = out
        .brain_drain_by_origin
        .iter()
        .map(|b| format!("{b:.3}"))
        .collect();
    println!("  brain drain: {}", curve.join(" "));
    out
}

fn check_shares(out: &BaselineOutcome) {
    assert_eq!(out.population_by_country.iter().sum::<u64>(), 100_000);
    assert_eq!(out.agent_steps, 100_000 * 120);
    assert!(
        (out.share_abroad - 0.627).abs() <= 0.01,
        "share abroad {} not within 1 pp of 62.7 %",
        out.share_abroad
    );
    assert!(
        (out.share_high_abroad - 0.580).abs() <= 0.01,
        "high-skilled share abroad {} not within 1 pp of 58.0 %",
        out.share_high_abroad
    );
}

/// Shares abroad within 1 pp for each of seeds 1, 2, 3, and the brain-drain
/// curve within ±0.05 of the published one for each k.
///
/// The curve is checked on the mean of the three seeds: at N = 1e5 one
/// seed's value for a rich origin (about 1100 high-skilled natives) varies by
/// about ±0.025 (sd) from seed to seed, so a single seed can come within a
/// hair of 0.05 (seed 2 gives 0.488 for k = 18 against 0.44) and a check of
/// one seed would be fragile to any change in the order of random draws.
#[test]
fn rb1_figures_at_1e5_agents() {
    let outs: Vec<BaselineOutcome> = [1, 2, 3].into_iter().map(run).collect();
    for out in &outs {
        check_shares(out);
    }
    for (k, &published) in PUBLISHED_BRAIN_DRAIN.iter().enumerate() {
        let mean = outs.iter().map(|o| o.brain_drain_by_origin[k]).sum::<f64>() / outs.len() as f64;
        assert!(
            (mean - published).abs() <= 0.05,
            "brain drain of origin {k}: mean {mean:.3} vs published {published:.2}"
        );
    }
}
