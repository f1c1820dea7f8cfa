//! Aggregates kept up to date as agents move: agents by (origin, residence,
//! skill). Everything the decision rule and the reports need about the
//! population is derived from this table, so no step rescans the agents.

use super::agents::{CountryId, Skill};

/// Agents by origin o, residence r and skill s, stored at `(o·K + r)·2 + s`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    k: usize,
    data: Vec<u32>,
}

impl Counts {
    /// An empty table for `k` countries.
    pub fn new(k: usize) -> Counts {
        Counts {
            k,
            data: vec![0; k * k * 2],
        }
    }

    /// Number of countries K.
    pub fn k(&self) -> usize {
        self.k
    }

    /// Position of (origin `o`, residence `r`, skill `s`) in the counts
    /// of `k` countries (and in differences laid out like them).
    #[inline(always)]
    pub fn cell(k: usize, o: usize, r: usize, s: usize) -> usize {
        (o * k + r) * 2 + s
    }

    /// Agents of origin `o` living in `r` with skill `s`.
    #[inline]
    pub fn get(&self, o: usize, r: usize, s: usize) -> u32 {
        self.data[Counts::cell(self.k, o, r, s)]
    }

    /// Agents of origin `o` living in `r`, both skills.
    #[inline]
    pub fn stock(&self, o: usize, r: usize) -> u64 {
        let i = (o * self.k + r) * 2;
        self.data[i] as u64 + self.data[i + 1] as u64
    }

    /// Adds one agent.
    #[inline]
    pub fn add(&mut self, o: CountryId, r: CountryId, s: Skill) {
        self.data[Counts::cell(self.k, o as usize, r as usize, s as usize)] += 1;
    }

    /// Removes one agent.
    #[inline]
    pub fn remove(&mut self, o: CountryId, r: CountryId, s: Skill) {
        self.data[Counts::cell(self.k, o as usize, r as usize, s as usize)] -= 1;
    }

    /// Moves one agent of origin `o` and skill `s` from `from` to `to`.
    #[inline]
    pub fn relocate(&mut self, o: CountryId, s: Skill, from: CountryId, to: CountryId) {
        let (o, s) = (o as usize, s as usize);
        self.data[Counts::cell(self.k, o, from as usize, s)] -= 1;
        self.data[Counts::cell(self.k, o, to as usize, s)] += 1;
    }

    /// Adds differences laid out like the counts ([`Counts::cell`]).
    pub fn apply(&mut self, delta: &[i32]) {
        for (c, &d) in self.data.iter_mut().zip(delta) {
            *c = c.wrapping_add_signed(d);
        }
    }

    /// Residents L_r of every country.
    pub fn residents(&self) -> Vec<u64> {
        let mut l = vec![0u64; self.k];
        for o in 0..self.k {
            for (r, lr) in l.iter_mut().enumerate() {
                *lr += self.stock(o, r);
            }
        }
        l
    }

    /// Residents of every country by skill, [low, high].
    pub fn residents_by_skill(&self) -> Vec<[u64; 2]> {
        let mut l = vec![[0u64; 2]; self.k];
        for o in 0..self.k {
            for (r, lr) in l.iter_mut().enumerate() {
                lr[0] += self.get(o, r, 0) as u64;
                lr[1] += self.get(o, r, 1) as u64;
            }
        }
        l
    }

    /// Total number of agents.
    pub fn total(&self) -> u64 {
        self.data.iter().map(|&c| c as u64).sum()
    }
}
