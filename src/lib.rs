//! # migrasim
//!
//! An agent-based simulation engine for international labour migration.
//!
//! Data flows one way:
//! scenario file → validated [`scenario::Scenario`] → world (agent columns)
//! → step kernel → observers → writers.
pub mod baseline;
pub mod scenario;
