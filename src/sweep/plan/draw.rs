//! The sweep's random numbers. Every draw comes from the engine's
//! counter-based stream ([`crate::rng::Stream`]) through `rand` and
//! `rand_distr`, so the same seed gives the same points on every machine and
//! for any thread count:
//!
//! - the random design: the value of axis `a` at point `i` is one draw from
//!   the stream (design seed, `a`, `i`, `Sample`) with [`AxisDraw`]:
//!   `rand_distr`'s `Uniform` and `Normal`, a log-uniform as `exp` of a
//!   `Uniform` on the logarithms, a list's value by a `Uniform` index;
//! - the Latin design: the column of axis `a` comes from the stream (design
//!   seed, `a`, 0, `Latin`): first the order of the strata
//!   (`SliceRandom::shuffle`), then each point's place in its stratum (a
//!   standard uniform, one per point in point order).
//!
//! Why a quantile as well: stratified designs (Latin, Morris, Sobol) put a
//! point at a given probability `u` of each axis, so they need the inverse
//! of the distribution function, which `rand_distr` does not offer (it only
//! samples). [`at_quantile`] and [`Distribution::quantile`] (here) are that
//! one mapping; the normal's uses Acklam's approximation evaluated with
//! libm, the same on every machine (`statrs`, the crate that has inverse
//! distribution functions, computes with the platform's float functions and
//! would be a dependency for this one function).
//!
//! Replicate seeds ([`derive_seed`]) keep their own keying: they are
//! SplitMix64 in counter mode too (the stream's generator), keyed so that
//! every sweep's replicates keep the seeds they always had.

use rand::seq::SliceRandom;
use rand_distr::{Distribution as _, Normal, StandardUniform, Uniform};

use super::types::{AxisValues, Distribution, Value};
use crate::rng::{Purpose, Stream, mix64};

/// The seed of replicate `r` of a sweep with seed `sweep_seed` (53 bits, so
/// that it reads back exactly anywhere): output `r + 1` of SplitMix64 in
/// counter mode keyed by the sweep seed.
pub fn derive_seed(sweep_seed: u64, r: u32) -> u64 {
    mix64(
        mix64(sweep_seed ^ 0x5EED_5EED_5EED_5EED)
            .wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(r as u64 + 1)),
    ) & ((1u64 << 53) - 1)
}

/// How one axis of a random design is drawn: a `rand_distr` distribution
/// of its values.
#[derive(Debug, Clone)]
pub(super) enum AxisDraw<'a> {
    /// A list's values, equally likely: a uniform index.
    List(&'a [Value], Uniform<usize>),
    /// Uniform on [min, max).
    Uniform(Uniform<f64>),
    /// Log-uniform: `exp` of a uniform on [ln min, ln max), kept in
    /// [min, max].
    LogUniform(Uniform<f64>, f64, f64),
    /// Normal.
    Normal(Normal<f64>),
}

impl<'a> AxisDraw<'a> {
    /// The draw of an axis's values; `None` when the values cannot be drawn
    /// from (an empty list, bounds too far apart for a float, a log range
    /// narrower than a float's precision).
    pub(super) fn new(values: &'a AxisValues) -> Option<AxisDraw<'a>> {
        Some(match values {
            AxisValues::List(v) => AxisDraw::List(v, Uniform::new(0, v.len()).ok()?),
            AxisValues::Distribution(Distribution::Uniform { min, max }) => {
                AxisDraw::Uniform(Uniform::new(*min, *max).ok()?)
            }
            AxisValues::Distribution(Distribution::LogUniform { min, max }) => {
                let logs = Uniform::new(libm::log(*min), libm::log(*max)).ok()?;
                AxisDraw::LogUniform(logs, *min, *max)
            }
            AxisValues::Distribution(Distribution::Normal { mean, sd }) => {
                AxisDraw::Normal(Normal::new(*mean, *sd).ok()?)
            }
        })
    }
}

impl rand_distr::Distribution<Value> for AxisDraw<'_> {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> Value {
        match self {
            AxisDraw::List(v, index) => v[index.sample(rng)].clone(),
            AxisDraw::Uniform(u) => Value::Float(u.sample(rng)),
            AxisDraw::LogUniform(logs, min, max) => {
                Value::Float(libm::exp(logs.sample(rng)).clamp(*min, *max))
            }
            AxisDraw::Normal(n) => Value::Float(n.sample(rng)),
        }
    }
}

/// The value of the axis drawn by `draw` at point `point` of a random
/// design with seed `seed` (`axis`: the axis's index).
pub(super) fn random_value(draw: &AxisDraw, seed: u64, axis: usize, point: usize) -> Value {
    draw.sample(&mut Stream::new(
        seed,
        axis as u64,
        point as u64,
        Purpose::Sample,
    ))
}

/// The column of axis `axis` of a Latin hypercube of `samples` points with
/// seed `seed`: the strata (equally likely slices of the axis) in a random
/// order, one per point, each point at a random place in its stratum.
pub(super) fn latin_column(
    values: &AxisValues,
    seed: u64,
    axis: usize,
    samples: usize,
) -> Vec<Value> {
    let mut stream = Stream::new(seed, axis as u64, 0, Purpose::Latin);
    let mut strata: Vec<usize> = (0..samples).collect();
    strata.shuffle(&mut stream);
    strata
        .into_iter()
        .map(|stratum| {
            let within: f64 = StandardUniform.sample(&mut stream);
            at_quantile(values, (stratum as f64 + within) / samples as f64)
        })
        .collect()
}

/// The value at probability `u` in [0, 1) of an axis: a list's values are
/// equally likely (value ⌊u·n⌋), a distribution's is its quantile.
pub(super) fn at_quantile(values: &AxisValues, u: f64) -> Value {
    match values {
        AxisValues::List(v) => v[((u * v.len() as f64) as usize).min(v.len() - 1)].clone(),
        AxisValues::Distribution(d) => Value::Float(d.quantile(u)),
    }
}

impl Distribution {
    /// The quantile of `u` in (0, 1): the value below which a share `u` of
    /// the distribution lies (for the stratified designs: Latin, Morris,
    /// Sobol).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Distribution::Uniform { min, max } => min + u * (max - min),
            Distribution::LogUniform { min, max } => {
                libm::exp(libm::log(min) + u * (libm::log(max) - libm::log(min)))
            }
            Distribution::Normal { mean, sd } => mean + sd * normal_quantile(u),
        }
    }
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
