//! Aggregates kept up to date as agents move: agents by (origin, residence,
//! skill). Everything the decision rule and the reports need about the
//! population is derived from this table, so no step rescans the agents.

use super::agents::{CountryId, Skill};
use super::grid::Square;

/// Agents by origin o, residence r and skill s: entry `[(o, r)][s]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    data: Square<[u32; 2]>,
}

impl Counts {
    /// An empty table for `k` countries.
    pub fn new(k: usize) -> Counts {
        Counts {
            data: Square::new(k, [0; 2]),
        }
    }

    /// Number of countries K.
    pub fn k(&self) -> usize {
        self.data.k()
    }

    /// Agents of origin `o` living in `r` with skill `s`.
    #[inline]
    pub fn get(&self, o: usize, r: usize, s: usize) -> u32 {
        self.data[(o, r)][s]
    }

    /// Agents of origin `o` living in `r`, both skills.
    #[inline]
    pub fn stock(&self, o: usize, r: usize) -> u64 {
        let [low, high] = self.data[(o, r)];
        low as u64 + high as u64
    }

    /// Adds one agent.
    #[inline]
    pub fn add(&mut self, o: CountryId, r: CountryId, s: Skill) {
        self.data[(o as usize, r as usize)][s as usize] += 1;
    }

    /// Removes one agent.
    #[inline]
    pub fn remove(&mut self, o: CountryId, r: CountryId, s: Skill) {
        self.data[(o as usize, r as usize)][s as usize] -= 1;
    }

    /// Moves one agent of origin `o` and skill `s` from `from` to `to`.
    #[inline]
    pub fn relocate(&mut self, o: CountryId, s: Skill, from: CountryId, to: CountryId) {
        let (o, s) = (o as usize, s as usize);
        self.data[(o, from as usize)][s] -= 1;
        self.data[(o, to as usize)][s] += 1;
    }

    /// Adds differences by (origin, residence) and skill.
    pub fn apply(&mut self, delta: &Square<[i32; 2]>) {
        for (c, d) in self.data.as_mut_slice().iter_mut().zip(delta.as_slice()) {
            c[0] = c[0].wrapping_add_signed(d[0]);
            c[1] = c[1].wrapping_add_signed(d[1]);
        }
    }

    /// Residents L_r of every country.
    pub fn residents(&self) -> Vec<u64> {
        let k = self.k();
        let mut l = vec![0u64; k];
        for o in 0..k {
            for (r, lr) in l.iter_mut().enumerate() {
                *lr += self.stock(o, r);
            }
        }
        l
    }

    /// Residents of every country by skill, [low, high].
    pub fn residents_by_skill(&self) -> Vec<[u64; 2]> {
        let k = self.k();
        let mut l = vec![[0u64; 2]; k];
        for o in 0..k {
            for (r, lr) in l.iter_mut().enumerate() {
                lr[0] += self.get(o, r, 0) as u64;
                lr[1] += self.get(o, r, 1) as u64;
            }
        }
        l
    }

    /// Total number of agents.
    pub fn total(&self) -> u64 {
        self.data
            .as_slice()
            .iter()
            .map(|c| c[0] as u64 + c[1] as u64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_differences_land_in_their_origin_residence_and_skill() {
        let mut c = Counts::new(3);
        c.add(1, 1, 0);
        c.add(1, 1, 1);
        c.relocate(1, 1, 1, 2);
        assert_eq!((c.get(1, 1, 0), c.get(1, 1, 1), c.get(1, 2, 1)), (1, 0, 1));
        assert_eq!((c.stock(1, 1), c.stock(1, 2), c.stock(2, 1)), (1, 1, 0));
        let mut delta = Square::new(3, [0i32; 2]);
        delta[(1, 2)] = [2, -1];
        delta[(0, 0)] = [0, 3];
        c.apply(&delta);
        assert_eq!((c.get(1, 2, 0), c.get(1, 2, 1), c.get(0, 0, 1)), (2, 0, 3));
        assert_eq!(c.residents(), vec![3, 1, 2]);
        assert_eq!(c.residents_by_skill(), vec![[0, 3], [1, 0], [2, 0]]);
        assert_eq!(c.total(), 6);
        c.remove(0, 0, 1);
        assert_eq!(c.total(), 5);
    }
}
