//! Observed migration in one long CSV format, the targets of `migrasim
//! compare` and `migrasim calibrate` (docs/calibration.md).
//!
//! ```text
//! kind,origin,dest,year,period_years,skill,value,source
//! stock,MEX,USA,2000,,,9410529,UN DESA IMS 2020
//! flow,MEX,USA,1990,5,,1370000,
//! outflow,POL,,1990,5,,250000,Abel-Cohen 2019
//! emigration_rate,POL,,2000,,high,0.12,IAB
//! ```
//!
//! Columns are found by name (any order); `kind`, `origin`, `dest`, `year`
//! and `value` are required, `period_years`, `skill` and `source` optional.
//! Lines starting with `#` are comments. Every problem is reported together
//! with file:line:column, the column, what is allowed and a hint, like the
//! problems of a scenario.

mod parse;
mod types;

pub use crate::error::ObservedError;
pub use parse::{load, parse};
pub use types::{COLUMNS, Kind, Observation, Observed, Skill};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_in_any_column_order() {
        let text = "# comment\nvalue,kind,origin,dest,year,period_years,skill\n\
                    100,stock,POL,DEU,1990,,\n\
                    20,flow,POL,DEU,1990,5,\n\
                    30,outflow,POL,,1990,5,\n\
                    40,inflow,,DEU,1990,5,\n\
                    5,return_inflow,,POL,1990,5,\n\
                    -10,net_migration,,POL,1990,5,\n\
                    0.2,emigration_rate,POL,,2000,,high\n";
        let o = parse(text, "t.csv").unwrap();
        assert_eq!(o.rows.len(), 7);
        assert_eq!(o.rows[0].line, 3);
        assert_eq!(o.rows[1].period_years, 5);
        assert_eq!(o.rows[5].value, -10.0);
        assert_eq!(o.rows[6].skill, Skill::High);
        assert_eq!(o.kinds().len(), 7);
        assert_eq!(o.rows[1].label(), "POL→DEU 1990-94");
    }
}
