//! The sweep file (TOML) and its expansion into points and runs.
//!
//! Rules, in the `[axes]` table (keys are scenario keys, dotted keys nest):
//! a list is an axis, a scalar is a constant, an empty list is an error; a
//! table with `start`/`stop` and `step` or `num` (optionally
//! `scale = "log"`) is a range axis; a table with `distribution` is a
//! sampled axis (random and Latin-hypercube designs only).

mod axes;
mod draw;
mod expand;
mod parse;
mod places;
#[cfg(test)]
mod tests;
mod types;

pub use draw::{derive_seed, normal_quantile};
pub use parse::{parse, read};
pub use types::*;
