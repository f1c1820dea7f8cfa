//! The grouped strategy of the decisions ([`super::step::Strategy::Grouped`]):
//! the reconsidering agents are grouped by cell, each busy cell's row is
//! built once and all its agents draw from it while it is in L1.

use std::sync::atomic::{AtomicU16, Ordering};

use rayon::prelude::*;

use super::block::{Arrival, Move, Relocate, select_block};
use super::delta::reset;
use super::life::Rules;
use crate::decision::tables::Cell;
use crate::decision::utility::CostFactors;
use crate::decision::{Factors, RowTable};
use crate::rng::{Purpose, Stream};
use crate::world::{CountryId, SKILL_MASK, World};

/// A reconsidering agent in the grouped strategy.
#[derive(Debug, Clone, Copy)]
struct Decider {
    /// Index of the agent within its block.
    agent: u32,
    /// Its cell (residence, origin, skill).
    cell: Cell,
    /// Its random bits for the draw.
    r: u32,
}

/// Kernel scratch bytes per agent deciding in a month (at most every
/// agent): its [`Decider`] entry, its place in the cell order, its drawn
/// destination and its move.
pub const SCRATCH_BYTES_PER_DECIDER: usize = std::mem::size_of::<Decider>()
    + std::mem::size_of::<(u32, u32)>()
    + std::mem::size_of::<AtomicU16>()
    + std::mem::size_of::<Move>();

/// Buffers of the grouped strategy, reused from step to step.
#[derive(Debug, Default)]
pub(super) struct Grouped {
    /// Reconsidering agents of each block, in agent order.
    deciders: Vec<Vec<Decider>>,
    /// Global number of each block's first decider.
    base: Vec<u32>,
    /// Start of each cell's deciders in `order` (cells + 1 entries).
    start: Vec<u32>,
    /// Insertion cursor per cell while sorting.
    cursor: Vec<u32>,
    /// (global decider number, random bits), sorted by cell.
    order: Vec<(u32, u32)>,
    /// Cells with at least one decider, ascending.
    busy: Vec<Cell>,
    /// The destination drawn by each decider (by global number).
    dest: Vec<AtomicU16>,
}

impl Grouped {
    /// Empty buffers for `blocks` blocks.
    pub(super) fn new(blocks: usize) -> Grouped {
        Grouped {
            deciders: vec![Vec::new(); blocks],
            base: vec![0; blocks],
            ..Grouped::default()
        }
    }

    /// Buffers for `blocks` blocks (the number of agents changed).
    pub(super) fn resize(&mut self, blocks: usize) {
        self.deciders.resize_with(blocks, Vec::new);
        self.base.resize(blocks, 0);
    }

    /// Chooses the reconsidering agents of every block (in parallel) with
    /// their cells and random bits, from the same streams, in the same
    /// order, as the tables strategy.
    pub(super) fn select(&mut self, world: &mut World, p: f64, seed: u64, t: u32) {
        let k = world.num_countries();
        world
            .blocks()
            .into_par_iter()
            .zip(self.deciders.par_iter_mut())
            .for_each_init(Vec::new, |chosen, (block, out)| {
                out.clear();
                let b = block.index();
                select_block(block.len(), p, seed, t, b, chosen);
                let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Decide);
                out.extend(chosen.iter().map(|&i| {
                    let i = i as usize;
                    let (c, o, s) = (
                        block.res[i] as usize,
                        block.org[i] as usize,
                        (block.skl[i] & SKILL_MASK) as usize,
                    );
                    Decider {
                        agent: i as u32,
                        cell: Cell::new(k, c, o, s),
                        r: stream.next_u32(),
                    }
                }));
            });
    }

    /// Counting sort of the deciders by cell (stable: within a cell, in
    /// block and agent order).
    pub(super) fn sort_by_cell(&mut self, k: usize) {
        let cells = Cell::count(k);
        reset(&mut self.start, cells + 1);
        let mut total = 0u32;
        for (b, dec) in self.deciders.iter().enumerate() {
            self.base[b] = total;
            total += dec.len() as u32;
            for d in dec {
                self.start[d.cell.index() + 1] += 1;
            }
        }
        self.busy.clear();
        for cell in 0..cells {
            if self.start[cell + 1] > 0 {
                self.busy.push(Cell::nth(cell));
            }
            self.start[cell + 1] += self.start[cell];
        }
        self.cursor.clear();
        self.cursor.extend_from_slice(&self.start[..cells]);
        self.order.clear();
        self.order.resize(total as usize, (0, 0));
        for (b, dec) in self.deciders.iter().enumerate() {
            for (l, d) in dec.iter().enumerate() {
                let at = &mut self.cursor[d.cell.index()];
                self.order[*at as usize] = (self.base[b] + l as u32, d.r);
                *at += 1;
            }
        }
        if self.dest.len() < total as usize {
            self.dest.resize_with(total as usize, || AtomicU16::new(0));
        }
    }

    /// Builds the row of every busy cell once (in parallel over cells) and
    /// draws the destinations of all its deciders from it.
    pub(super) fn draw(&self, k: usize, factors: &Factors, costs: &CostFactors) {
        self.busy.par_iter().with_min_len(16).for_each_init(
            || RowTable::new(k),
            |row, &cell| {
                let (c, o, s) = cell.parts(k);
                row.build(factors, costs, c, o, s);
                let i = cell.index();
                let range = self.start[i] as usize..self.start[i + 1] as usize;
                for &(g, r) in &self.order[range] {
                    self.dest[g as usize].store(row.choose(r) as u16, Ordering::Relaxed);
                }
            },
        );
    }

    /// Moves the deciders to their drawn destinations, block by block in
    /// parallel, recording each block's moves. Returns the number of deciders.
    pub(super) fn apply(
        &self,
        world: &mut World,
        block_moves: &mut [Vec<Move>],
        arrival: Arrival<'_>,
        rules: Option<&Rules<'_>>,
    ) -> u64 {
        world
            .blocks()
            .into_par_iter()
            .zip(block_moves.par_iter_mut())
            .zip(self.deciders.par_iter())
            .zip(self.base.par_iter())
            .map(|(((mut block, moves), dec), &base)| {
                moves.clear();
                for (l, d) in dec.iter().enumerate() {
                    let j = self.dest[base as usize + l].load(Ordering::Relaxed) as CountryId;
                    block.relocate(d.agent as usize, j, &arrival, rules, moves);
                }
                dec.len() as u64
            })
            .sum()
    }
}
