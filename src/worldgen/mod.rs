//! The world builder (`migrasim world`): a ready scenario of real countries
//! for any year the data package covers, from the compact tables of `data/`
//! (embedded in the program, or a folder given with `--data`). The rules are
//! in data/README.md and docs/world-builder.md.
//!
//! Data flows one way: [`data::DataSet`] (the tables) → [`build::build`] (a
//! [`build::World`]: scenario text, its CSV tables, the report) →
//! [`write::write`] (the files, never over a file the builder did not write).

mod areas;
pub mod behaviour;
pub mod build;
pub mod data;
mod options;
mod text;
pub mod write;

pub use build::{Selection, World, WorldOptions, build, parse_until};
pub use data::DataSet;
