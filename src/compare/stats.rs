//! Goodness-of-fit figures: rank and linear correlation, root mean square
//! error and Flee's averaged relative difference (ARD). Each returns `None`
//! where the figure is undefined (too few cells, no spread).

/// Ranks from 1, ties sharing their average rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            r[o] = avg;
        }
        i = j + 1;
    }
    r
}

/// Pearson's correlation of `x` and `y`.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || y.len() != n {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation (Pearson's of the ranks, ties averaged).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

/// Root mean square of `sim - obs`.
pub fn rmse(sim: &[f64], obs: &[f64]) -> Option<f64> {
    if sim.is_empty() || sim.len() != obs.len() {
        return None;
    }
    let s: f64 = sim.iter().zip(obs).map(|(a, b)| (a - b) * (a - b)).sum();
    Some((s / sim.len() as f64).sqrt())
}

/// Flee's averaged relative difference: for each time point, the sum of
/// absolute differences over cells divided by the sum of the observed
/// magnitudes, averaged over the time points (Suleimenova, Bell & Groen
/// 2017, Sci. Rep. 7:13377). `when[i]` is the time point of cell `i`.
pub fn ard(sim: &[f64], obs: &[f64], when: &[i32]) -> Option<f64> {
    let mut times: Vec<i32> = when.to_vec();
    times.sort_unstable();
    times.dedup();
    let mut total = 0.0;
    let mut n = 0;
    for t in times {
        let (mut diff, mut size) = (0.0, 0.0);
        for i in (0..sim.len()).filter(|&i| when[i] == t) {
            diff += (sim[i] - obs[i]).abs();
            size += obs[i].abs();
        }
        if size > 0.0 {
            total += diff / size;
            n += 1;
        }
    }
    (n > 0).then(|| total / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 30.0, 20.0, 20.0]), vec![1.0, 4.0, 2.5, 2.5]);
    }

    #[test]
    fn correlations_of_known_data() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 6.0, 8.0, 10.0];
        assert!((pearson(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let z = [1.0, 8.0, 27.0, 64.0, 125.0];
        assert!((spearman(&x, &z).unwrap() - 1.0).abs() < 1e-12);
        assert!(pearson(&x, &z).unwrap() < 0.99);
        let rev = [5.0, 4.0, 3.0, 2.0, 1.0];
        assert!((spearman(&x, &rev).unwrap() + 1.0).abs() < 1e-12);
        // Textbook example: d² = (0,1,1,4,...) → 1 − 6Σd²/(n(n²−1)).
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        let b = [2.0, 1.0, 4.0, 3.0, 5.0];
        assert!((spearman(&a, &b).unwrap() - (1.0 - 6.0 * 4.0 / 120.0)).abs() < 1e-12);
        assert_eq!(pearson(&x, &[1.0; 5]), None);
    }

    #[test]
    fn ard_averages_over_time_points() {
        // Year 1: |12−10| + |8−10| over 20 = 0.2; year 2: |30−30| over 30 = 0.
        let sim = [12.0, 8.0, 30.0];
        let obs = [10.0, 10.0, 30.0];
        let when = [1, 1, 2];
        assert!((ard(&sim, &obs, &when).unwrap() - 0.1).abs() < 1e-12);
        assert!((rmse(&sim, &obs).unwrap() - (8.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }
}
