//! One step of the simulation: decide (parallel, pure) → apply
//! (deterministic), and the loop that owns stepping.
//!
//! Who reconsiders is chosen block by block: agents are cut into fixed blocks
//! of [`BLOCK`] agents ([`crate::world::Block`]), and in each block the gaps between reconsidering
//! agents are drawn from a geometric distribution on the block's own
//! counter-based stream (seed, step, block). Only acting agents are touched,
//! and because blocks, not threads, own the streams, the thread count cannot
//! change a single draw.

pub mod block;
mod delta;
pub mod demography;
pub mod displacement;
mod grouped;
pub mod life;
mod life_pass;
mod outcome;
pub mod step;

pub use crate::world::BLOCK;
pub use block::Move;
pub use displacement::Displacement;
pub use grouped::SCRATCH_BYTES_PER_DECIDER;
pub use outcome::{Counters, StepOutcome};
pub use step::Kernel;
