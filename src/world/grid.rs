//! The one matrix type of the engine: [`Grid`], a table of rows × columns
//! stored row-major, addressed `m[(row, column)]`, with rows as slices for
//! hot loops, so that no caller computes `r * k + c` by hand.
//!
//! [`Square`] is the K×K case (country pairs); a table with a small fixed
//! third axis (K×K×2 by skill) is a `Square<[T; 2]>`; tables by something
//! and country (motive × K, month × K, kind × K) are grids of K columns.
//! A grid serialises as its entries, row-major (a flat list).

use std::ops::{Index, IndexMut};

use serde::{Serialize, Serializer};

/// A table of `rows` × `cols` entries, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid<T> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

impl<T> Default for Grid<T> {
    /// The table of no rows and no columns.
    fn default() -> Grid<T> {
        Grid {
            rows: 0,
            cols: 0,
            data: Vec::new(),
        }
    }
}

/// A K×K table by (row country, column country).
pub type Square<T> = Grid<T>;

impl<T: Clone> Grid<T> {
    /// A K×K table with every entry `fill`.
    pub fn new(k: usize, fill: T) -> Grid<T> {
        Grid::rect(k, k, fill)
    }

    /// A table of `rows` × `cols` entries, every one `fill`.
    pub fn rect(rows: usize, cols: usize, fill: T) -> Grid<T> {
        Grid {
            rows,
            cols,
            data: vec![fill; rows * cols],
        }
    }

    /// Makes this a table of `rows` × `cols` entries, every one `fill`,
    /// keeping its allocation.
    pub fn reset(&mut self, rows: usize, cols: usize, fill: T) {
        self.data.clear();
        self.data.resize(rows * cols, fill);
        self.rows = rows;
        self.cols = cols;
    }

    /// Makes this a table of `rows` rows (of the same columns), keeping the
    /// entries of the rows it keeps and filling new rows with `fill`.
    pub fn resize_rows(&mut self, rows: usize, fill: T) {
        self.data.resize(rows * self.cols, fill);
        self.rows = rows;
    }
}

impl<T> Grid<T> {
    /// The K×K table of `data` given row-major, or `None` when `data` does
    /// not hold k² entries.
    pub fn from_vec(k: usize, data: Vec<T>) -> Option<Grid<T>> {
        Grid::rect_from_vec(k, k, data)
    }

    /// The table of `rows` × `cols` entries given row-major, or `None`
    /// when `data` does not hold that many.
    pub fn rect_from_vec(rows: usize, cols: usize, data: Vec<T>) -> Option<Grid<T>> {
        (data.len() == rows * cols).then_some(Grid { rows, cols, data })
    }

    /// The K×K table of entry `f(row, column)` for every pair.
    pub fn from_fn(k: usize, f: impl FnMut(usize, usize) -> T) -> Grid<T> {
        Grid::rect_from_fn(k, k, f)
    }

    /// The `rows` × `cols` table of entry `f(row, column)`.
    pub fn rect_from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> T) -> Grid<T> {
        let mut data = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                data.push(f(r, c));
            }
        }
        Grid { rows, cols, data }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns: K, the countries, of a [`Square`] and of every
    /// table by something and country.
    pub fn k(&self) -> usize {
        self.cols
    }

    /// Whether the table has no entry.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Adds a row at the bottom: the first [`Grid::k`] entries of `row`,
    /// which must have that many.
    pub fn push_row(&mut self, row: impl IntoIterator<Item = T>) {
        let before = self.data.len();
        self.data.extend(row.into_iter().take(self.cols));
        debug_assert_eq!(self.data.len(), before + self.cols, "a short row");
        self.rows += 1;
    }

    /// The place of (row, column) among the entries, row-major (also the
    /// place of its line in a table written row by row).
    #[inline(always)]
    pub fn position(&self, r: usize, c: usize) -> usize {
        r * self.cols + c
    }

    /// Row `r`.
    #[inline]
    pub fn row(&self, r: usize) -> &[T] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// Row `r`, to change.
    #[inline]
    pub fn row_mut(&mut self, r: usize) -> &mut [T] {
        &mut self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// Row `r`, or `None` past the last row.
    pub fn get_row(&self, r: usize) -> Option<&[T]> {
        (r < self.rows).then(|| self.row(r))
    }

    /// The entry of (row, column), or `None` outside the table.
    #[inline]
    pub fn get(&self, r: usize, c: usize) -> Option<&T> {
        if r < self.rows && c < self.cols {
            self.data.get(r * self.cols + c)
        } else {
            None
        }
    }

    /// The table of `f(entry)` for every entry, of the same shape.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Grid<U> {
        Grid {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(f).collect(),
        }
    }

    /// The entries, row-major.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.data.iter()
    }

    /// Every entry, row-major.
    pub fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// Every entry, row-major, to change (the shape stays).
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.data
    }

    /// The entries, row-major.
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }
}

impl<T> Index<(usize, usize)> for Grid<T> {
    type Output = T;

    /// The entry of (row, column); the column must be below [`Grid::k`]
    /// (checked in debug builds; one bounds check on the whole table).
    #[inline]
    fn index(&self, (r, c): (usize, usize)) -> &T {
        debug_assert!(c < self.cols, "column {c} of {}", self.cols);
        &self.data[self.position(r, c)]
    }
}

impl<T> IndexMut<(usize, usize)> for Grid<T> {
    /// The entry of (row, column), to change (as [`Index`]).
    #[inline]
    fn index_mut(&mut self, (r, c): (usize, usize)) -> &mut T {
        debug_assert!(c < self.cols, "column {c} of {}", self.cols);
        let i = self.position(r, c);
        &mut self.data[i]
    }
}

impl<'a, T> IntoIterator for &'a Grid<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    /// The entries, row-major.
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

impl<T: Serialize> Serialize for Grid<T> {
    /// The entries, row-major, as one flat list.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.data)
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

    #[test]
    fn a_rectangle_has_its_own_rows_and_columns() {
        let m = Grid::rect_from_fn(2, 3, |r, c| 10 * r + c);
        assert_eq!((m.rows(), m.k()), (2, 3));
        assert_eq!(m.row(1), &[10, 11, 12]);
        assert_eq!(m[(1, 0)], 10);
        assert_eq!(m.get(0, 3), None, "column 3 is past the row, not row 1");
        assert_eq!(m.get(1, 2), Some(&12));
        assert_eq!(m.get_row(2), None);
        assert_eq!(m.get_row(0), Some(&[0, 1, 2][..]));
        assert_eq!(
            Grid::rect_from_vec(3, 2, m.clone().into_vec()).map(|g| g[(1, 0)]),
            Some(2)
        );
        let halves = m.map(|&x| x as f64 / 2.0);
        assert_eq!((halves.rows(), halves.k(), halves[(1, 2)]), (2, 3, 6.0));
        assert!(Grid::rect_from_vec(2, 2, m.into_vec()).is_none());
    }

    #[test]
    fn reset_changes_the_shape_and_clears_every_entry() {
        let mut m = Square::<[u32; 2]>::new(2, [1, 2]);
        m[(1, 0)][1] = 9;
        assert_eq!(m.as_slice()[2], [1, 9]);
        m.reset(3, 4, [0, 0]);
        assert_eq!((m.rows(), m.k(), m.as_slice().len()), (3, 4, 12));
        assert!(m.as_slice().iter().all(|&x| x == [0, 0]));
        m.reset(0, 4, [0, 0]);
        assert!(m.is_empty());
        assert_eq!(m.get_row(0), None);
    }

    #[test]
    fn resize_rows_keeps_the_rows_it_keeps() {
        let mut m = Grid::rect_from_fn(2, 2, |r, c| r * 2 + c);
        m.resize_rows(3, 9);
        assert_eq!(m.as_slice(), &[0, 1, 2, 3, 9, 9]);
        assert_eq!(m.rows(), 3);
        m.resize_rows(1, 0);
        assert_eq!((m.rows(), m.row(0)), (1, &[0, 1][..]));
    }

    #[test]
    fn rows_pushed_at_the_bottom_grow_the_table_in_row_major_order() {
        let mut m = Grid::rect_from_vec(0, 3, Vec::new()).unwrap_or_default();
        m.push_row([1, 2, 3]);
        m.push_row(4..7);
        assert_eq!((m.rows(), m.k()), (2, 3));
        assert_eq!(m.row(1), &[4, 5, 6]);
        assert_eq!(m.position(1, 2), 5);
        assert_eq!(
            m.iter().copied().collect::<Vec<_>>(),
            (1..7).collect::<Vec<_>>()
        );
        assert_eq!((&m).into_iter().nth(m.position(1, 0)), Some(&4));
    }

    #[test]
    fn a_grid_serialises_as_its_flat_row_major_list() {
        let m = Grid::rect_from_fn(2, 2, |r, c| (r * 2 + c) as f64 * 0.5);
        let json = serde_json::to_string(&m).ok();
        assert_eq!(json.as_deref(), Some("[0.0,0.5,1.0,1.5]"));
    }
}
