//! What `migrasim facts` measures: the facts of a run, its gravity fit and
//! origins (a leaf: the charts read these types without the measuring code).

use super::ols::Fit;

/// Names of the gravity regressors, in order (after the constant).
pub const GRAVITY_TERMS: [&str; 8] = [
    "constant",
    "ln_distance",
    "ln_population_origin",
    "ln_population_destination",
    "contiguity",
    "common_language",
    "ln_income_origin",
    "ln_income_destination",
];

/// An income band of the hump: (lower, upper income, mean rate, origins).
pub type Band = (f64, f64, f64, usize);

/// A row of the facts table: (fact, value, standard error, target, met).
pub type Row = (String, Option<f64>, Option<f64>, String, &'static str);

/// The gravity regression.
#[derive(Debug, Clone, PartialEq)]
pub struct Gravity {
    /// The terms kept (terms without variation in the data are dropped).
    pub terms: Vec<&'static str>,
    /// The fit (coefficients and standard errors in the order of `terms`).
    pub fit: Fit,
    /// Terms dropped for lack of variation.
    pub dropped: Vec<&'static str>,
}

impl Gravity {
    /// The coefficient and standard error of a term, if it was kept.
    pub fn term(&self, name: &str) -> Option<(f64, f64)> {
        let i = self.terms.iter().position(|t| *t == name)?;
        Some((self.fit.coef[i], self.fit.se[i]))
    }
}

/// One origin's emigration at the end of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// Country code.
    pub code: String,
    /// Income per head, US$ a year.
    pub income: f64,
    /// Share of its natives living abroad.
    pub emigration_rate: f64,
    /// Share of its high-skilled natives living abroad.
    pub tertiary_rate: f64,
    /// tertiary_rate / emigration_rate (`None` without emigrants or
    /// high-skilled natives).
    pub ratio: Option<f64>,
}

/// The facts of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// Months of the run.
    pub months: usize,
    /// The gravity regression (`None` with too few pairs with moves).
    pub gravity: Option<Gravity>,
    /// Moves per 5 years / mean world residents.
    pub moves_5y_share: f64,
    /// The same, without temporary and seasonal moves.
    pub permanent_moves_5y_share: f64,
    /// Returns / moves.
    pub return_share: f64,
    /// Median of the tertiary / total ratio over origins that have one.
    pub ratio_median: Option<f64>,
    /// Share of those origins with a ratio above 1.
    pub ratio_above_one: Option<f64>,
    /// Income per head (US$ a year) at the peak of the hump: the top of
    /// rate = a + b ln y + c (ln y)² when c < 0 and the top lies inside
    /// the incomes of the origins.
    pub hump_peak: Option<f64>,
    /// The hump by income band: (lower, upper income, mean emigration
    /// rate, origins).
    pub hump_bins: Vec<(f64, f64, f64, usize)>,
    /// Every origin.
    pub origins: Vec<Origin>,
}
