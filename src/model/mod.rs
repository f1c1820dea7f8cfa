//! The model: what the engine trusts. A [`Scenario`] and its parts, the
//! data beside it, the synthetic world, and the schema that says which key
//! of a scenario file fills which field with which default.
//!
//! Nothing here reads files: the loader ([`crate::scenario`]) turns TOML
//! into these types after checking everything. This module imports nothing
//! from the loader.

pub mod country;
pub mod data;
pub mod dated;
pub mod defaults;
pub mod elements;
pub mod geo;
pub mod keys;
pub mod policy;
pub mod scenario;
pub mod schema;
pub mod settings;
pub mod synthetic;

pub use country::*;
pub use data::{Data, Series, SeriesVar, Stock, StockSkill};
pub use dated::*;
pub use keys::fmt_num;
pub use scenario::*;
pub use settings::*;
