//! The merged table of a sweep's results, in memory: what `collect` reads
//! from the runs and what the sweep's plots draw.

/// The merged table, in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Swept keys.
    pub axes: Vec<String>,
    /// Metric names, in the order they first appear (runs in id order).
    pub metrics: Vec<String>,
    /// One row per run: id, point, replicate, seed, axis values, metric
    /// values (empty where a run lacks a metric).
    pub rows: Vec<Row>,
}

/// One run in the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Run id.
    pub id: String,
    /// Point index.
    pub point: usize,
    /// Replicate index.
    pub replicate: u32,
    /// Seed.
    pub seed: u64,
    /// Axis values as text.
    pub values: Vec<String>,
    /// Metric values as text, one per [`Table::metrics`].
    pub metrics: Vec<String>,
}
