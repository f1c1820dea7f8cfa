//! A K×K table by (row country, column country), row-major: the one
//! matrix type of the engine's country-pair tables, so that no caller
//! computes `o * k + j` by hand. Rows are slices, for hot loops.

use std::ops::{Index, IndexMut};

/// A K×K table, row-major.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Square<T> {
    k: usize,
    data: Vec<T>,
}

impl<T: Clone> Square<T> {
    /// A K×K table with every entry `fill`.
    pub fn new(k: usize, fill: T) -> Square<T> {
        Square {
            k,
            data: vec![fill; k * k],
        }
    }
}

impl<T> Square<T> {
    /// The table of `k`×`k` entries given row-major, or `None` when `data`
    /// does not hold k² entries.
    pub fn from_vec(k: usize, data: Vec<T>) -> Option<Square<T>> {
        (data.len() == k * k).then_some(Square { k, data })
    }

    /// The table of entry `f(row, column)` for every pair.
    pub fn from_fn(k: usize, mut f: impl FnMut(usize, usize) -> T) -> Square<T> {
        let mut data = Vec::with_capacity(k * k);
        for r in 0..k {
            for c in 0..k {
                data.push(f(r, c));
            }
        }
        Square { k, data }
    }

    /// Number of rows (and of columns).
    pub fn k(&self) -> usize {
        self.k
    }

    /// Row `r`.
    #[inline]
    pub fn row(&self, r: usize) -> &[T] {
        &self.data[r * self.k..(r + 1) * self.k]
    }

    /// Row `r`, to change.
    #[inline]
    pub fn row_mut(&mut self, r: usize) -> &mut [T] {
        &mut self.data[r * self.k..(r + 1) * self.k]
    }

    /// Every entry, row-major.
    pub fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// The entries, row-major.
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }
}

impl<T> Index<(usize, usize)> for Square<T> {
    type Output = T;

    /// The entry of (row, column).
    #[inline]
    fn index(&self, (r, c): (usize, usize)) -> &T {
        &self.data[r * self.k + c]
    }
}

impl<T> IndexMut<(usize, usize)> for Square<T> {
    /// The entry of (row, column), to change.
    #[inline]
    fn index_mut(&mut self, (r, c): (usize, usize)) -> &mut T {
        &mut self.data[r * self.k + c]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_rows_and_the_row_major_order_agree() {
        let m = Square::from_fn(3, |r, c| 10 * r + c);
        assert_eq!(m[(2, 1)], 21);
        assert_eq!(m.row(1), &[10, 11, 12]);
        assert_eq!(m.as_slice()[5], m[(1, 2)]);
        let mut n = Square::new(3, 0);
        n[(0, 2)] = 7;
        n.row_mut(1)[0] = 4;
        assert_eq!(n.into_vec(), vec![0, 0, 7, 4, 0, 0, 0, 0, 0]);
        assert!(Square::from_vec(2, vec![1, 2, 3]).is_none());
    }
}
