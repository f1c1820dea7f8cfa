//! Choice tables: for each occupied (residence, origin, skill) cell, the
//! cumulative logit probabilities of every destination as 32-bit thresholds.
//! A reconsidering agent draws 32 random bits and takes the first
//! destination whose threshold exceeds them: O(log K) per decision.

use rayon::prelude::*;

use super::utility::{CostFactors, Factors};
use crate::world::{Counts, Grid};

/// Marks a cell that has no table this step.
const NO_SLOT: u32 = u32::MAX;

/// A choice cell (residence c, origin o, skill s) as one number below
/// [`Cell::count`]: the one definition of the cells' order (by residence,
/// then origin, then skill), which the tables and the kernel's grouping by
/// cell share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cell(u32);

impl Cell {
    /// Number of cells of `k` countries.
    pub fn count(k: usize) -> usize {
        k * k * 2
    }

    /// The cell of (residence `c`, origin `o`, skill `s`) of `k` countries.
    #[inline(always)]
    pub fn new(k: usize, c: usize, o: usize, s: usize) -> Cell {
        Cell(((c * k + o) * 2 + s) as u32)
    }

    /// The cell numbered `i` (below [`Cell::count`]).
    #[inline]
    pub fn nth(i: usize) -> Cell {
        Cell(i as u32)
    }

    /// Its number, below [`Cell::count`].
    #[inline(always)]
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// Its (residence, origin, skill) among `k` countries.
    #[inline]
    pub fn parts(self, k: usize) -> (usize, usize, usize) {
        let i = self.index();
        (i / 2 / k, i / 2 % k, i % 2)
    }
}

/// The choice tables of one step, reused from step to step.
#[derive(Debug, Clone, Default)]
pub struct ChoiceTables {
    k: usize,
    /// Table slot of each [`Cell`], or [`NO_SLOT`].
    slot: Vec<u32>,
    /// Occupied cells of this step, in cell order.
    cells: Vec<Cell>,
    /// A row of K thresholds per occupied cell (by slot).
    thresholds: Grid<u32>,
    /// For large K, each row's every [`GROUP`]-th threshold (the last of each
    /// group), so that a draw reads two cache lines instead of one per
    /// level of a binary search over the whole row (no columns otherwise).
    coarse: Grid<u32>,
}

/// Thresholds per group of the two-level search.
const GROUP: usize = 16;
/// Smallest K that uses the two-level search.
const TWO_LEVEL_MIN_K: usize = 64;

/// Length of a row's coarse index.
fn coarse_len(k: usize) -> usize {
    if k >= TWO_LEVEL_MIN_K {
        k.div_ceil(GROUP)
    } else {
        0
    }
}

impl ChoiceTables {
    /// Empty tables for `k` countries.
    pub fn new(k: usize) -> ChoiceTables {
        ChoiceTables {
            k,
            slot: vec![NO_SLOT; Cell::count(k)],
            cells: Vec::new(),
            thresholds: Grid::rect(0, k, 0),
            coarse: Grid::rect(0, coarse_len(k), 0),
        }
    }

    /// Number of cells that have a table this step.
    pub fn occupied_cells(&self) -> usize {
        self.cells.len()
    }

    /// Builds the tables of every occupied cell (in parallel; each row is
    /// computed by one thread in a fixed order, so the result does not depend
    /// on the thread count).
    pub fn build(&mut self, factors: &Factors, costs: &CostFactors, counts: &Counts) {
        let k = self.k;
        for &cell in &self.cells {
            self.slot[cell.index()] = NO_SLOT;
        }
        self.cells.clear();
        for c in 0..k {
            for o in 0..k {
                for s in 0..2 {
                    if counts.get(o, c, s) > 0 {
                        let cell = Cell::new(k, c, o, s);
                        self.slot[cell.index()] = self.cells.len() as u32;
                        self.cells.push(cell);
                    }
                }
            }
        }
        self.thresholds.resize_rows(self.cells.len(), 0);
        let cells = &self.cells;
        self.thresholds
            .as_mut_slice()
            .par_chunks_mut(k)
            .with_min_len(8)
            .zip(cells.par_iter())
            .for_each_init(
                || vec![0.0f64; k],
                |scratch, (row, &cell)| {
                    let (c, o, s) = cell.parts(k);
                    fill_row(row, scratch, factors, costs, c, o, s);
                },
            );
        let m = coarse_len(k);
        if m > 0 {
            self.coarse.resize_rows(self.cells.len(), 0);
            self.coarse
                .as_mut_slice()
                .par_chunks_mut(m)
                .zip(self.thresholds.as_slice().par_chunks(k))
                .with_min_len(64)
                .for_each(|(coarse, row)| {
                    for (g, x) in coarse.iter_mut().enumerate() {
                        *x = row[((g + 1) * GROUP).min(k) - 1];
                    }
                });
        }
    }

    /// The destination chosen by an agent of cell (c, o, s) with random bits
    /// `r`. The cell must be occupied at the start of the step.
    #[inline(always)]
    pub fn choose(&self, c: usize, o: usize, s: usize, r: u32) -> usize {
        let slot = self.slot[Cell::new(self.k, c, o, s).index()] as usize;
        // r ∈ [0, 2^32 − 2]: the last positive destination has threshold 2^32 − 1.
        choose_in(self.thresholds.row(slot), self.coarse.row(slot), r)
    }

    /// The probability of each destination for cell (c, o, s), from the
    /// thresholds (for tests and diagnostics).
    pub fn probabilities(&self, c: usize, o: usize, s: usize) -> Option<Vec<f64>> {
        if c >= self.k || o >= self.k || s >= 2 {
            return None;
        }
        let slot = self.slot[Cell::new(self.k, c, o, s).index()];
        if slot == NO_SLOT {
            return None;
        }
        let row = self.thresholds.row(slot as usize);
        let mut prev = 0u64;
        Some(
            row.iter()
                .map(|&t| {
                    let p = (t as u64 - prev) as f64 / u32::MAX as f64;
                    prev = t as u64;
                    p
                })
                .collect(),
        )
    }
}

/// The destination drawn with random bits `r` from a row of thresholds and
/// its coarse index (empty for small K).
#[inline(always)]
fn choose_in(row: &[u32], coarse: &[u32], r: u32) -> usize {
    // r ∈ [0, 2^32 − 2]: the last positive destination has threshold 2^32 − 1.
    let r = r.min(u32::MAX - 1);
    if coarse.is_empty() {
        return first_above(row, r);
    }
    let g = first_above(coarse, r);
    let start = g * GROUP;
    start + first_above(&row[start..(start + GROUP).min(row.len())], r)
}

/// One cell's choice built on demand, in buffers reused from cell to cell:
/// for large K, the kernel groups reconsidering agents by cell and draws all
/// of a cell's agents right after building its row, so the row is read from
/// L1 instead of from a K²-row table in memory.
///
/// The row keeps only the weights and the running sum at the end of each
/// group of four (the grouping of [`prefix_sum`]); a draw finds its group
/// among those and works out the four running sums of that group alone,
/// with exactly the additions `prefix_sum` makes. The destination drawn is
/// therefore the one the full thresholds of [`ChoiceTables`] give, bit for
/// bit, at a fraction of the work when a cell has few reconsidering agents.
#[derive(Debug, Clone, Default)]
pub struct RowTable {
    /// Weights of the destinations.
    w: Vec<f64>,
    /// Running sum at the end of each chunk: groups of four, then the
    /// remaining destinations one by one.
    ends: Vec<f64>,
    /// `ends` times `scale`.
    ends_scaled: Vec<f64>,
    /// 2^32 / total.
    scale: f64,
    /// Destinations from here on draw everything left (see [`fill_row`]).
    last_positive: usize,
    /// Whether the row needed the overflow-safe path of [`fill_row`]; then
    /// `full` holds its thresholds.
    fallback: bool,
    /// Scratch and thresholds for the fallback.
    cum: Vec<f64>,
    full: Vec<u32>,
}

impl RowTable {
    /// Buffers for `k` countries.
    pub fn new(k: usize) -> RowTable {
        RowTable {
            w: vec![0.0; k],
            ends: Vec::with_capacity(k / 4 + 4),
            ends_scaled: Vec::with_capacity(k / 4 + 4),
            cum: vec![0.0; k],
            full: vec![0; k],
            ..RowTable::default()
        }
    }

    /// Builds the row of cell (c, o, s).
    #[inline]
    pub fn build(&mut self, f: &Factors, costs: &CostFactors, c: usize, o: usize, s: usize) {
        let k = f.k;
        let pull = f.pull[s].row(o);
        let cost = costs.with_barrier_row(c, s);
        for ((w, &p), &x) in self.w.iter_mut().zip(pull).zip(cost) {
            *w = p * x;
        }
        // A return home never pays the border barrier.
        self.w[o] = pull[o] * costs.no_barrier_row(c, s)[o];
        self.ends.clear();
        let mut total = 0.0;
        let mut fours = self.w.chunks_exact(4);
        for q in &mut fours {
            total += ((q[0] + q[1]) + q[2]) + q[3];
            self.ends.push(total);
        }
        for &x in fours.remainder() {
            total += x;
            self.ends.push(total);
        }
        self.fallback = !(total.is_finite() && total > 0.0);
        if self.fallback {
            fill_row(&mut self.full, &mut self.cum, f, costs, c, o, s);
            return;
        }
        self.scale = 4_294_967_296.0 / total;
        self.ends_scaled.clear();
        self.ends_scaled
            .extend(self.ends.iter().map(|&e| e * self.scale));
        let positive = |j: usize| self.cum_at(j) > if j == 0 { 0.0 } else { self.cum_at(j - 1) };
        self.last_positive = if positive(k - 1) {
            k - 1
        } else {
            (0..k).rev().find(|&j| positive(j)).unwrap_or(k - 1)
        };
    }

    /// The running sum up to destination `j`, as [`prefix_sum`] computes it.
    #[inline(always)]
    fn cum_at(&self, j: usize) -> f64 {
        let n4 = self.w.len() / 4;
        let m = j / 4;
        if m >= n4 {
            return self.ends[n4 + (j - 4 * n4)];
        }
        let base = if m == 0 { 0.0 } else { self.ends[m - 1] };
        let q = &self.w[4 * m..4 * m + 4];
        match j % 4 {
            0 => q[0] + base,
            1 => base + (q[0] + q[1]),
            2 => base + ((q[0] + q[1]) + q[2]),
            _ => self.ends[m],
        }
    }

    /// The destination drawn with random bits `r` from the last built cell.
    #[inline(always)]
    pub fn choose(&self, r: u32) -> usize {
        if self.fallback {
            return choose_in(&self.full, &[], r);
        }
        // The thresholds are floor(cum · scale); the first one above r is
        // the first cum with cum · scale ≥ r + 1.
        let y = r.min(u32::MAX - 1) as f64 + 1.0;
        let m = count_below(&self.ends_scaled, y);
        let n4 = self.w.len() / 4;
        let j = if m >= self.ends.len() {
            self.last_positive
        } else if m >= n4 {
            4 * n4 + (m - n4)
        } else {
            let j0 = 4 * m;
            (j0..j0 + 3)
                .find(|&j| self.cum_at(j) * self.scale >= y)
                .unwrap_or(j0 + 3)
        };
        j.min(self.last_positive)
    }
}

/// How many of the sorted values are below `y`.
#[inline(always)]
fn count_below(v: &[f64], y: f64) -> usize {
    if v.len() <= 64 {
        v.iter().map(|&e| (e < y) as usize).sum()
    } else {
        v.partition_point(|&e| e < y)
    }
}

/// Index of the first threshold greater than `r` (the row is sorted and its
/// last entry exceeds `r`): a binary search without branches, so random
/// draws cost no mispredictions.
#[inline(always)]
fn first_above(row: &[u32], r: u32) -> usize {
    if row.len() <= 64 {
        // Short rows: count the thresholds not above r (the row is sorted,
        // so that is the index sought). Independent compares that the
        // compiler vectorises, instead of a chain of dependent loads.
        return row.iter().map(|&x| (x <= r) as usize).sum();
    }
    let mut base = 0usize;
    let mut size = row.len();
    while size > 1 {
        let half = size / 2;
        let mid = base + half;
        // Compiles to a conditional move.
        base = if row[mid] <= r { mid } else { base };
        size -= half;
    }
    base + (row[base] <= r) as usize
}

/// Turns weights into their running sums in place; returns the total.
/// Works four entries at a time so that only one addition per four waits
/// for the previous one.
#[inline(always)]
fn prefix_sum(v: &mut [f64]) -> f64 {
    let mut total = 0.0;
    let mut chunks = v.chunks_exact_mut(4);
    for c in &mut chunks {
        let p1 = c[0] + c[1];
        let p2 = p1 + c[2];
        let p3 = p2 + c[3];
        c[0] += total;
        c[1] = total + p1;
        c[2] = total + p2;
        c[3] = total + p3;
        total += p3;
    }
    for x in chunks.into_remainder() {
        total += *x;
        *x = total;
    }
    total
}

/// Fills one row of thresholds for cell (c, o, s).
fn fill_row(
    row: &mut [u32],
    cum: &mut [f64],
    f: &Factors,
    costs: &CostFactors,
    c: usize,
    o: usize,
    s: usize,
) {
    let k = f.k;
    let pull = f.pull[s].row(o);
    let cost = costs.with_barrier_row(c, s);
    for ((w, &p), &x) in cum.iter_mut().zip(pull).zip(cost) {
        *w = p * x;
    }
    // A return home never pays the border barrier.
    cum[o] = pull[o] * costs.no_barrier_row(c, s)[o];
    let mut total = prefix_sum(cum);
    if !(total.is_finite() && total > 0.0) {
        // Every factor product underflowed: redo the row in logs.
        let ln: Vec<f64> = (0..k).map(|j| f.ln_weight(costs, c, o, s, j)).collect();
        let max = ln.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        total = 0.0;
        for j in 0..k {
            total += libm::exp(ln[j] - max);
            cum[j] = total;
        }
    }
    if !(total.is_finite() && total > 0.0) {
        // Nothing can be scored: the agent stays.
        for (j, t) in row.iter_mut().enumerate() {
            *t = if j >= c { u32::MAX } else { 0 };
        }
        return;
    }
    let scale = 4_294_967_296.0 / total;
    let positive = |j: usize| cum[j] > if j == 0 { 0.0 } else { cum[j - 1] };
    let last_positive = if positive(k - 1) {
        k - 1
    } else {
        (0..k).rev().find(|&j| positive(j)).unwrap_or(k - 1)
    };
    for (t, &x) in row[..last_positive].iter_mut().zip(&cum[..last_positive]) {
        // Below 2^32 but for rounding; truncation through i64 (x ≥ 0) is a
        // single instruction, unlike a saturating conversion to u32.
        *t = ((x * scale) as i64).min(u32::MAX as i64) as u32;
    }
    row[last_positive..].fill(u32::MAX);
}

#[cfg(test)]
mod tests;
