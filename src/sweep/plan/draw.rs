//! The sweep's random numbers: replicate seeds and uniform draws keyed by
//! (seed, axis, point) on the engine's SplitMix64 hash, and the normal
//! quantile of the sampled designs.

use crate::rng::mix64;

/// The seed of replicate `r` of a sweep with seed `sweep_seed` (53 bits, so
/// that it reads back exactly anywhere).
pub fn derive_seed(sweep_seed: u64, r: u32) -> u64 {
    mix64(
        mix64(sweep_seed ^ 0x5EED_5EED_5EED_5EED)
            .wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(r as u64 + 1)),
    ) & ((1u64 << 53) - 1)
}

/// Uniform in (0, 1) from a key: stable across platforms and versions.
pub(super) fn unit(seed: u64, a: u64, b: u64) -> f64 {
    let z = mix64(mix64(mix64(seed) ^ a.wrapping_mul(0xD1B5_4A32_D192_ED03)) ^ b);
    ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// Standard normal quantile (Acklam's rational approximation, relative
/// error below 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.38357751867269e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * ln(p)).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * ln(1.0 - p)).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Natural logarithm (libm: the same draws on every machine).
fn ln(x: f64) -> f64 {
    libm::log(x)
}
