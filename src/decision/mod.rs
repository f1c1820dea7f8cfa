//! The decision rule of docs/model.md §6: random utility (multinomial logit) with
//! Harris-Todaro expected income, distance and border costs, a diaspora
//! network term and home bias.
//!
//! The utility of destination j depends on the agent only through its
//! residence c, origin o and skill s, so it is computed once per occupied
//! (c, o, s) cell and step, as a table of cumulative choice thresholds from
//! which every reconsidering agent of the cell draws (see [`tables`]). The
//! utility is split into three factors, each precomputed per step:
//!
//! exp(V_j) ∝ income_s[j] · network_o[j] · cost_c[j]
//!
//! with income = (wage·(1−u))^β_w, network = (1 + scale·M_oj / max(L_j,1))^β_n
//! · e^(h·[j=o]) · e^(ties_oj), and cost = e^(−τ d_cj / 1000 − barrier(c, j)). Each factor is
//! divided by its largest value so products stay in (0, 1] without overflow.
//! ties_oj is the sum of the strengths of the `[[tie]]`s between the origin
//! o and j; like the rest of the network factor it depends on (o, j) only.

pub mod tables;
pub mod utility;

pub use tables::{ChoiceTables, RowTable};
pub use utility::Factors;
