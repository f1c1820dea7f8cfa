//! One step of the simulation: decide (parallel, pure) → apply
//! (deterministic), and the loop that owns stepping.
//!
//! Who reconsiders is chosen block by block: agents are cut into fixed blocks
//! of [`BLOCK`] agents, and in each block the gaps between reconsidering
//! agents are drawn from a geometric distribution on the block's own
//! counter-based stream (seed, step, block). Only acting agents are touched,
//! and because blocks, not threads, own the streams, the thread count cannot
//! change a single draw.

pub mod demography;
pub mod displacement;
pub mod life;
pub mod step;

pub use displacement::Displacement;
pub use step::{BLOCK, Kernel, Move, SCRATCH_BYTES_PER_DECIDER, StepOutcome};
