//! Global sensitivity analysis: Morris elementary effects (screening) and
//! Sobol indices (first and total order, Saltelli design), on the unit
//! cube of the factors. Designs are drawn with `rand_distr` from the
//! counter-based stream ([`crate::rng::Stream`], purpose `Design`), so the
//! same seed gives the same points on every machine.
//!
//! - Morris (1991), with the trajectories of Campolongo, Cariboni &
//!   Saltelli (2007): `r` trajectories of `k + 1` points on a grid of `p`
//!   levels, each step moving one factor by Δ = p / (2(p − 1)); per factor
//!   μ* (mean absolute elementary effect, in output units per unit of the
//!   factor's range) and σ (their standard deviation).
//! - Sobol: matrices A, B (N × k) and A_B^i (A with column i from B):
//!   N(k + 2) points; first order S_i = mean(f_B (f_ABi − f_A)) / V
//!   (Saltelli et al. 2010), total ST_i = mean((f_A − f_ABi)²) / 2V
//!   (Jansen 1999), V the variance of f over A and B.

use rand_distr::{Distribution, Uniform};

use crate::rng::{Purpose, Stream};

/// Morris points: `trajectories` × (k + 1) rows of k values in [0, 1],
/// trajectory after trajectory.
pub fn morris_design(k: usize, trajectories: usize, levels: usize, seed: u64) -> Vec<Vec<f64>> {
    let p = levels.max(2);
    let delta = p as f64 / (2.0 * (p as f64 - 1.0));
    // Start levels: those from which a step of +Δ stays in [0, 1].
    let starts = p / 2;
    let mut out = Vec::with_capacity(trajectories * (k + 1));
    for r in 0..trajectories {
        let mut s = Stream::new(seed, 0, r as u64, Purpose::Design);
        let pick = Uniform::new(0usize, starts.max(1)).expect("a range");
        let mut x: Vec<f64> = (0..k)
            .map(|_| pick.sample(&mut s) as f64 / (p as f64 - 1.0))
            .collect();
        // Direction of each factor's step (+Δ from the lower half, else −Δ)
        // and the order in which factors move: a random permutation.
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            let j = Uniform::new_inclusive(0, i)
                .expect("a range")
                .sample(&mut s);
            order.swap(i, j);
        }
        let up: Vec<bool> = (0..k)
            .map(|_| Uniform::new(0.0, 1.0).expect("a range").sample(&mut s) < 0.5)
            .collect();
        for i in 0..k {
            if !up[i] {
                x[i] += delta;
            }
        }
        out.push(x.clone());
        for &i in &order {
            x[i] += if up[i] { delta } else { -delta };
            out.push(x.clone());
        }
    }
    out
}

/// Morris indices of one factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Morris {
    /// Mean elementary effect.
    pub mu: f64,
    /// Mean absolute elementary effect.
    pub mu_star: f64,
    /// Standard deviation of the elementary effects.
    pub sigma: f64,
}

/// Morris indices from the outputs `y` of [`morris_design`]'s `points`.
pub fn morris_indices(points: &[Vec<f64>], y: &[f64], k: usize) -> Vec<Morris> {
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); k];
    for (t, chunk) in points.chunks(k + 1).enumerate() {
        for j in 0..k {
            let (a, b) = (&chunk[j], &chunk[j + 1]);
            let Some(i) = (0..k).find(|&i| a[i] != b[i]) else {
                continue;
            };
            let dy = y[t * (k + 1) + j + 1] - y[t * (k + 1) + j];
            effects[i].push(dy / (b[i] - a[i]));
        }
    }
    effects
        .into_iter()
        .map(|e| {
            let n = e.len().max(1) as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|x| x.abs()).sum::<f64>() / n;
            let sigma = if e.len() > 1 {
                (e.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            Morris { mu, mu_star, sigma }
        })
        .collect()
}

/// Saltelli points: rows A (N), B (N), then A_B^1 … A_B^k (N each).
pub fn sobol_design(k: usize, n: usize, seed: u64) -> Vec<Vec<f64>> {
    let u = Uniform::new(0.0, 1.0).expect("a range");
    let draw = |row: usize, which: u64| -> Vec<f64> {
        let mut s = Stream::new(seed, which, row as u64, Purpose::Design);
        (0..k).map(|_| u.sample(&mut s)).collect()
    };
    let a: Vec<Vec<f64>> = (0..n).map(|r| draw(r, 1)).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|r| draw(r, 2)).collect();
    let mut out = a.clone();
    out.extend(b.iter().cloned());
    for i in 0..k {
        for r in 0..n {
            let mut x = a[r].clone();
            x[i] = b[r][i];
            out.push(x);
        }
    }
    out
}

/// Sobol indices of one factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Sobol {
    /// First-order index.
    pub first: f64,
    /// Total-order index.
    pub total: f64,
}

/// Sobol indices from the outputs `y` of [`sobol_design`] (N base rows).
pub fn sobol_indices(y: &[f64], k: usize, n: usize) -> Vec<Sobol> {
    let fa = &y[..n];
    let fb = &y[n..2 * n];
    let all: Vec<f64> = fa.iter().chain(fb).copied().collect();
    let m = all.iter().sum::<f64>() / all.len() as f64;
    let v = all.iter().map(|x| (x - m).powi(2)).sum::<f64>() / all.len() as f64;
    (0..k)
        .map(|i| {
            let fab = &y[(2 + i) * n..(3 + i) * n];
            if v <= 0.0 {
                return Sobol {
                    first: 0.0,
                    total: 0.0,
                };
            }
            let first = (0..n).map(|r| fb[r] * (fab[r] - fa[r])).sum::<f64>() / n as f64 / v;
            let total =
                (0..n).map(|r| (fa[r] - fab[r]).powi(2)).sum::<f64>() / n as f64 / (2.0 * v);
            Sobol { first, total }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// Ishigami on the unit cube (x mapped to [−π, π]), a = 7, b = 0.1.
    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
        libm::sin(x[0]) + 7.0 * libm::sin(x[1]).powi(2) + 0.1 * x[2].powi(4) * libm::sin(x[0])
    }

    #[test]
    fn sobol_recovers_the_ishigami_indices() {
        // Analytic: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
        let (k, n) = (3, 1 << 14);
        let pts = sobol_design(k, n, 11);
        assert_eq!(pts.len(), n * (k + 2));
        let y: Vec<f64> = pts.iter().map(|p| ishigami(p)).collect();
        let s = sobol_indices(&y, k, n);
        let want = [(0.3139, 0.5576), (0.4424, 0.4424), (0.0, 0.2437)];
        for (i, (f, t)) in want.iter().enumerate() {
            assert!(
                (s[i].first - f).abs() < 0.04,
                "S{}: {} vs {f}",
                i + 1,
                s[i].first
            );
            assert!(
                (s[i].total - t).abs() < 0.04,
                "ST{}: {} vs {t}",
                i + 1,
                s[i].total
            );
        }
        // The same seed, the same design.
        assert_eq!(sobol_design(k, 8, 11), sobol_design(k, 8, 11));
        assert_ne!(sobol_design(k, 8, 11), sobol_design(k, 8, 12));
    }

    #[test]
    fn morris_effects_are_exact_for_a_linear_function_and_rank_ishigami() {
        let k = 3;
        let pts = morris_design(k, 20, 4, 5);
        assert_eq!(pts.len(), 20 * 4);
        assert!(pts.iter().flatten().all(|&v| (0.0..=1.0).contains(&v)));
        let y: Vec<f64> = pts.iter().map(|p| 3.0 * p[0] - 2.0 * p[1]).collect();
        let m = morris_indices(&pts, &y, k);
        assert!((m[0].mu - 3.0).abs() < 1e-12 && m[0].sigma < 1e-12);
        assert!((m[1].mu + 2.0).abs() < 1e-12 && (m[1].mu_star - 2.0).abs() < 1e-12);
        assert!(m[2].mu_star.abs() < 1e-12);
        // Ishigami: x3 acts only through its interaction with x1, so its
        // effects spread (σ > 0) around a mean near 0 (μ ≪ μ*).
        let pts = morris_design(k, 200, 4, 5);
        let y: Vec<f64> = pts.iter().map(|p| ishigami(p)).collect();
        let m = morris_indices(&pts, &y, k);
        assert!(m.iter().all(|x| x.mu_star > 0.5), "{m:?}");
        assert!(
            m[2].sigma > 1.0 && m[2].mu.abs() < 0.5 * m[2].mu_star,
            "{m:?}"
        );
    }
}
