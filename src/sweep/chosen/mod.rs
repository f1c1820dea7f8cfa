//! Metrics the user chooses (`[[metrics]]` in a sweep file), in place of
//! the fixed list of [`super::metrics`]:
//!
//! ```toml
//! [[metrics]]                      # any numeric column of timeseries
//! name = "pol_abroad"              # column of results.csv (default: made up)
//! column = "emigrants_abroad"
//! country = "POL"
//! aggregate = "mean"               # mean, sum, last, first, min, max
//! from = "2005-01"                 # window of months (default: the run)
//! to = "2006-12"
//!
//! [[metrics]]                      # a corridor
//! corridor = "POL->DEU"
//! quantity = "flow"                # flow: movers a month; stock: migrants
//! aggregate = "sum"                #   at each December and the last month
//!
//! [[metrics]]                      # a figure of `migrasim compare`
//! compare = "observed.csv"         # relative to the sweep file
//! kind = "stock"
//! set = "all"                      # all, later, change
//! predictor = "model"              # model, persistence, persistence_scaled
//! figure = "spearman"              # cells, spearman, pearson, rmse_log10, rmse, ard
//! ```
//!
//! Counts are in people (agents × people per agent): a sum, first, last,
//! min or max of counts is rounded once to whole people; a mean is not
//! rounded. Values are formatted here, so results.csv is the same text
//! wherever the run ran. A compare figure that cannot be computed (too few
//! matched cells) is left empty.

mod compute;
mod parse;
#[cfg(test)]
mod tests;
mod types;

pub use compute::{check, columns_of, compute};
pub use parse::parse;
pub use types::*;
