//! Counter-based random streams keyed by (seed, step, id, purpose).
//!
//! No generator is carried from one step or thread to the next: every random
//! number is a pure function of the run's seed, the step, an identifier (an
//! agent block, a country) and a counter. Any thread may therefore draw the
//! numbers of any block, and the output does not depend on the thread count.
//!
//! The generator is SplitMix64 (Steele, Lea & Flood 2014) run in counter
//! mode: output `i` is the SplitMix64 finaliser applied to `key + i·γ`, with
//! the key itself a finalised hash of the stream's coordinates. It passes
//! BigCrush as a sequential generator and is a few instructions a draw.

use std::convert::Infallible;

/// Weyl increment of SplitMix64 (the golden ratio in 64 bits).
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 / Stafford "Mix13" finaliser: a bijection on u64 whose
/// output bits each depend on all input bits.
#[inline(always)]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a stream is used for; separates streams that share (seed, step, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Choosing which agents of a block reconsider.
    Select = 1,
    /// The choices of the reconsidering agents of a block.
    Decide = 3,
    /// Laying out the initial population.
    Init = 2,
    /// Whether an arriving high-skilled agent's qualification is
    /// recognised (id: the agent's index).
    Recognise = 4,
    /// Forced displacement by a `[[shock]]` and the return of the
    /// displaced (id: the agent block).
    Displace = 20,
    /// Internal migration between regions, and the settling of arrivals
    /// in a region (id: the agent block).
    Region = 21,
    /// The initial region of an agent (id: the agent's index).
    RegionInit = 22,
    /// The form (temporary, seasonal, commuting) of a mover's new stay
    /// (id: the agent's index).
    Form = 10,
    /// The life-course events of an agent in a step: contract renewals
    /// (id: the agent's index).
    Life = 11,
    /// Ages: the initial layout (step `u64::MAX`), and whether an agent of a given
    /// age acts on its decision (id: the agent's index).
    Age = 12,
    /// Whether a high-skilled agent at home is posted abroad by its
    /// employer with a `[[capital_flow]]` this step, and where (id: the
    /// agent's index).
    Posting = 13,
    /// Which agents of a block leave working age in a step when
    /// populations follow data (id: the agent block).
    Exit = 14,
    /// Whether a migrant abroad acts on a decision to leave, against the
    /// gravity rule's tenure cost (id: the agent's index).
    Tenure = 15,
    /// Points of a sweep's sampling design (Morris, Sobol; step: the
    /// matrix, id: the row or trajectory).
    Design = 30,
    /// The value of an axis at a point of a sweep's random design (step:
    /// the axis, id: the point).
    Sample = 31,
    /// An axis's column of a sweep's Latin hypercube: the order of its
    /// strata, then each point's place in its stratum (step: the axis).
    Latin = 32,
}

/// A random stream: a key and a counter. Cheap to create; create one where
/// it is needed rather than passing it around.
#[derive(Debug, Clone)]
pub struct Stream {
    key: u64,
    counter: u64,
}

impl Stream {
    /// The stream for (`seed`, `step`, `id`, `purpose`).
    #[inline]
    pub fn new(seed: u64, step: u64, id: u64, purpose: Purpose) -> Stream {
        let mut k = mix64(seed ^ (purpose as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
        k = mix64(k ^ step.wrapping_mul(GAMMA));
        k = mix64(k.wrapping_add(id).wrapping_mul(GAMMA) ^ 0x5851_F42D_4C95_7F2D);
        Stream { key: k, counter: 0 }
    }

    /// The next 64 random bits.
    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        self.counter = self.counter.wrapping_add(1);
        mix64(self.key.wrapping_add(self.counter.wrapping_mul(GAMMA)))
    }

    /// The next 32 random bits (the high half of a 64-bit draw).
    #[inline(always)]
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// A uniform number in the open-closed interval (0, 1], 53 bits.
    #[inline(always)]
    pub fn uniform_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in [0, 1), 53 bits.
    #[inline(always)]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Lets `rand` and `rand_distr` distributions draw from a [`Stream`].
impl rand::TryRng for Stream {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(Stream::next_u32(self))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(Stream::next_u64(self))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let b = Stream::next_u64(self).to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
        Ok(())
    }
}

/// Skips over agents that do not act: the number of failures before the next
/// success of a Bernoulli(`p`) sequence, drawn from a geometric distribution.
///
/// `inv_ln_q` must be 1 / ln(1 − p) for 0 < p < 1. Returns `u64::MAX` when
/// the gap would not fit (an astronomically unlikely tail).
#[inline(always)]
pub fn geometric_gap(stream: &mut Stream, inv_ln_q: f64) -> u64 {
    let g = ln_unit(stream.uniform_open0()) * inv_ln_q;
    if g < 1.8e19 { g as u64 } else { u64::MAX }
}

/// Natural logarithm of `x` in (0, 1], accurate to about 1e-12 relative,
/// in plain arithmetic (so the same on every machine) and several times
/// faster than a general `log`: x = m·2^e with m in [√½, √2), then the
/// atanh series ln m = 2(s + s³/3 + … + s¹³/13), s = (m−1)/(m+1), |s| < 0.172.
#[inline(always)]
pub fn ln_unit(x: f64) -> f64 {
    const LN2: f64 = std::f64::consts::LN_2;
    let bits = x.to_bits();
    // x ≥ 2^-53 here, so it is a normal number: exponent and mantissa are
    // read straight from the bits.
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let poly = 1.0
        + s2 * (1.0 / 3.0
            + s2 * (1.0 / 5.0
                + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0 + s2 * (1.0 / 13.0))))));
    e as f64 * LN2 + 2.0 * s * poly
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_coordinates_same_numbers() {
        let mut a = Stream::new(7, 3, 11, Purpose::Decide);
        let mut b = Stream::new(7, 3, 11, Purpose::Decide);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn different_coordinates_different_numbers() {
        let first = |s, t, i, p| Stream::new(s, t, i, p).next_u64();
        let base = first(7, 3, 11, Purpose::Decide);
        assert_ne!(base, first(8, 3, 11, Purpose::Decide));
        assert_ne!(base, first(7, 4, 11, Purpose::Decide));
        assert_ne!(base, first(7, 3, 12, Purpose::Decide));
        assert_ne!(base, first(7, 3, 11, Purpose::Init));
        // Swapping step and id must not give the same stream.
        assert_ne!(
            first(7, 3, 11, Purpose::Decide),
            first(7, 11, 3, Purpose::Decide)
        );
    }

    #[test]
    fn uniforms_are_in_range_and_unbiased() {
        let mut s = Stream::new(1, 0, 0, Purpose::Decide);
        let n = 200_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = s.uniform_open0();
            assert!(u > 0.0 && u <= 1.0);
            let v = s.uniform();
            assert!((0.0..1.0).contains(&v));
            sum += v;
        }
        let mean = sum / n as f64;
        // sd of the mean is 1/sqrt(12 n) ≈ 0.00065
        assert!((mean - 0.5).abs() < 0.004, "mean {mean}");
    }

    #[test]
    fn ln_unit_agrees_with_the_library_log() {
        let mut s = Stream::new(9, 9, 9, Purpose::Decide);
        let mut worst: f64 = 0.0;
        for i in 0..200_000 {
            let x = if i < 1000 {
                (i as f64 + 1.0) / 1000.0
            } else {
                libm::pow(s.uniform_open0(), f64::from(1 + i % 40))
            };
            if x == 0.0 {
                continue;
            }
            let (a, b) = (ln_unit(x), libm::log(x));
            worst = worst.max(((a - b) / b.abs().max(1e-300)).abs().min((a - b).abs()));
        }
        assert!(worst < 1e-11, "worst error {worst}");
        assert_eq!(ln_unit(1.0), 0.0);
        assert!((ln_unit(0.5) + std::f64::consts::LN_2).abs() < 1e-15);
    }

    #[test]
    fn geometric_gaps_have_the_right_mean() {
        let p: f64 = 1.0 / 24.0;
        let inv_ln_q = 1.0 / libm::log(1.0 - p);
        let mut s = Stream::new(3, 1, 2, Purpose::Decide);
        let n = 100_000;
        let total: u64 = (0..n).map(|_| geometric_gap(&mut s, inv_ln_q)).sum();
        let mean = total as f64 / n as f64;
        // E[gap] = (1-p)/p = 23; sd of one gap ≈ 23.5, of the mean ≈ 0.074
        assert!((mean - 23.0).abs() < 0.4, "mean gap {mean}");
    }

    #[test]
    fn works_as_a_rand_generator() {
        use rand::RngExt;
        let mut s = Stream::new(5, 0, 0, Purpose::Init);
        let x: f64 = s.random();
        assert!((0.0..1.0).contains(&x));
        let k = s.random_range(0..10u32);
        assert!(k < 10);
    }
}
