//! Ordinary least squares with classical standard errors: the normal
//! equations X'X b = X'y solved by Cholesky decomposition, which suits the
//! few well-scaled regressors of the facts (a gravity equation, a hump).

use crate::world::Square;

/// An OLS fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Coefficients, one per column of X.
    pub coef: Vec<f64>,
    /// Standard errors: sqrt(σ² · diag((X'X)⁻¹)), σ² = RSS / (n − p).
    pub se: Vec<f64>,
    /// Observations.
    pub n: usize,
    /// R².
    pub r2: f64,
}

/// Regresses `y` on the columns of `x` (each row one observation; include a
/// column of ones for a constant). `None` when there are no more
/// observations than columns or X'X is singular (a column constant or
/// collinear with others).
pub fn ols(y: &[f64], x: &[Vec<f64>]) -> Option<Fit> {
    let n = y.len();
    let p = x.first()?.len();
    if n <= p || x.len() != n || x.iter().any(|r| r.len() != p) {
        return None;
    }
    let mut xtx = Square::new(p, 0.0);
    let mut xty = vec![0.0; p];
    for (row, &yi) in x.iter().zip(y) {
        for a in 0..p {
            xty[a] += row[a] * yi;
            for b in 0..=a {
                xtx[(a, b)] += row[a] * row[b];
            }
        }
    }
    for a in 0..p {
        for b in 0..a {
            xtx[(b, a)] = xtx[(a, b)];
        }
    }
    let l = cholesky(&xtx)?;
    let coef = solve(&l, &xty);
    let rss: f64 = x
        .iter()
        .zip(y)
        .map(|(row, &yi)| {
            let fit: f64 = row.iter().zip(&coef).map(|(a, b)| a * b).sum();
            (yi - fit).powi(2)
        })
        .sum();
    let mean = y.iter().sum::<f64>() / n as f64;
    let tss: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    let sigma2 = rss / (n - p) as f64;
    let se = (0..p)
        .map(|a| {
            let mut e = vec![0.0; p];
            e[a] = 1.0;
            (sigma2 * solve(&l, &e)[a]).max(0.0).sqrt()
        })
        .collect();
    Some(Fit {
        coef,
        se,
        n,
        r2: if tss > 0.0 { 1.0 - rss / tss } else { 1.0 },
    })
}

/// Lower-triangular L with L L' = A (p×p); `None` unless A is positive
/// definite (relative to its scale).
fn cholesky(a: &Square<f64>) -> Option<Square<f64>> {
    let p = a.k();
    let mut l = Square::new(p, 0.0);
    for i in 0..p {
        for j in 0..=i {
            let mut sum = a[(i, j)];
            for m in 0..j {
                sum -= l[(i, m)] * l[(j, m)];
            }
            if i == j {
                if sum <= 1e-10 * a[(i, i)].abs().max(1e-300) {
                    return None;
                }
                l[(i, i)] = sum.sqrt();
            } else {
                l[(i, j)] = sum / l[(j, j)];
            }
        }
    }
    Some(l)
}

/// Solves L L' x = b.
fn solve(l: &Square<f64>, b: &[f64]) -> Vec<f64> {
    let p = l.k();
    let mut z = vec![0.0; p];
    for i in 0..p {
        let s: f64 = (0..i).map(|m| l[(i, m)] * z[m]).sum();
        z[i] = (b[i] - s) / l[(i, i)];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let s: f64 = (i + 1..p).map(|m| l[(m, i)] * x[m]).sum();
        x[i] = (z[i] - s) / l[(i, i)];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_linear_law_is_recovered_with_zero_errors() {
        let x: Vec<Vec<f64>> = (0..20)
            .map(|i| vec![1.0, i as f64, ((i * 7) % 5) as f64])
            .collect();
        let y: Vec<f64> = x.iter().map(|r| 2.0 - 0.5 * r[1] + 3.0 * r[2]).collect();
        let f = ols(&y, &x).unwrap();
        for (c, want) in f.coef.iter().zip([2.0, -0.5, 3.0]) {
            assert!((c - want).abs() < 1e-9, "{:?}", f.coef);
        }
        assert!(f.se.iter().all(|&s| s < 1e-6), "{:?}", f.se);
        assert!((f.r2 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn standard_errors_match_the_textbook_formula_for_a_simple_regression() {
        // y = a + b x + e with a known residual pattern: se(b) = σ / sqrt(Σ(x − x̄)²).
        let xs: Vec<f64> = (0..10).map(|i| i as f64).collect();
        let e = [0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.3, -0.3, 0.1];
        let y: Vec<f64> = xs.iter().zip(e).map(|(x, e)| 1.0 + 2.0 * x + e).collect();
        let rows: Vec<Vec<f64>> = xs.iter().map(|&x| vec![1.0, x]).collect();
        let f = ols(&y, &rows).unwrap();
        let mean = 4.5;
        let sxx: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
        let b = xs.iter().zip(&y).map(|(x, y)| (x - mean) * y).sum::<f64>() / sxx;
        let a = y.iter().sum::<f64>() / 10.0 - b * mean;
        let rss: f64 = xs
            .iter()
            .zip(&y)
            .map(|(x, y)| (y - a - b * x).powi(2))
            .sum();
        let se_b = (rss / 8.0 / sxx).sqrt();
        assert!((f.coef[1] - b).abs() < 1e-12);
        assert!((f.coef[0] - a).abs() < 1e-12);
        assert!((f.se[1] - se_b).abs() < 1e-12, "{} {}", f.se[1], se_b);
    }

    #[test]
    fn a_constant_regressor_beside_the_constant_is_not_identified() {
        let rows: Vec<Vec<f64>> = (0..10).map(|i| vec![1.0, 3.0, i as f64]).collect();
        let y: Vec<f64> = (0..10).map(|i| i as f64).collect();
        assert!(ols(&y, &rows).is_none());
        assert!(
            ols(&y[..2], &rows[..2]).is_none(),
            "fewer observations than columns"
        );
    }
}
