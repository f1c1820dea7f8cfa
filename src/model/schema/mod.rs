//! The scenario schema, written once: every table, key, type, allowed range,
//! default, unit, meaning and (for the settings tables) the model field a
//! key fills. The loader checks files against it, the model's defaults come
//! from it ([`super::defaults`]) and the scenario reference
//! (docs/scenario-reference.md) is generated from it, so none can drift apart.
//! One file per group of sections.

mod data;
mod dated;
mod decision;
mod events;
mod life;
mod policy;
mod top;
mod world;

pub use data::*;
pub use dated::*;
pub use decision::*;
pub use events::*;
pub use life::*;
pub use policy::*;
pub use top::*;
pub use world::*;
