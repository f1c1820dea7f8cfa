//! REFERENCE_MODEL.md (RB-1): the engine's outcomes agree with the published
//! figures of four independent implementations.

use migrasim::scenario::synthetic::reference_scenario;
use migrasim::simulation::RunOptions;

#[test]
fn share_abroad_matches_rb1_at_n_1e5() {
    let s = reference_scenario(100_000, 20, 120, 1);
    let run = migrasim::run(&s, &RunOptions::default()).unwrap();
    let sum = run.summary.unwrap();
    eprintln!(
        "share abroad {:.4}, high {:.4}, brain drain {:?}",
        sum.share_abroad, sum.share_high_abroad, sum.brain_drain
    );
    assert!(
        (sum.share_abroad - 0.627).abs() < 0.01,
        "{}",
        sum.share_abroad
    );
    assert!(
        (sum.share_high_abroad - 0.580).abs() < 0.01,
        "{}",
        sum.share_high_abroad
    );
    let published = [
        0.88, 0.85, 0.80, 0.76, 0.68, 0.62, 0.54, 0.40, 0.32, 0.24, 0.77, 0.74, 0.65, 0.68, 0.64,
        0.50, 0.46, 0.44, 0.44, 0.38,
    ];
    for (k, (&got, &want)) in sum.brain_drain.iter().zip(&published).enumerate() {
        assert!((got - want).abs() < 0.05, "origin {k}: {got:.3} vs {want}");
    }
}
