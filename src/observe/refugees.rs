//! UNHCR-style refugee stocks (issue 15): refugees by country of origin
//! (the country they fled: the shock's country) and country of asylum
//! (where they live), at each December and after the last month, from the
//! agents' displacement marks.

use serde::Serialize;

use crate::model::Scenario;
use crate::world::{IDP, Square, World};

/// Refugees of one country of origin in one country of asylum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RefugeeRow {
    /// Step index of the month the stock was taken after.
    pub t: u32,
    /// Country fled (UNHCR's "country of origin").
    pub origin: u16,
    /// Country of asylum (of residence).
    pub asylum: u16,
    /// Refugees (agents) still displaced.
    pub refugees: u64,
    /// Among them, agents born in the country of asylum (e.g. Armenians
    /// from Azerbaijan living in Armenia: refugees in their kin state).
    pub in_kin_state: u64,
}

/// The refugee stocks after step `t`: one row per (origin, asylum) pair
/// with refugees (a refugee back in the country it fled is no longer one).
pub fn stocks(scenario: &Scenario, world: &World, t: u32) -> Vec<RefugeeRow> {
    if world.displaced.is_empty() || world.displaced_by_shock.iter().all(|a| a[0] == 0) {
        return Vec::new();
    }
    let k = world.num_countries();
    let mut n = Square::new(k, [0u64; 2]);
    for (i, &d) in world.displaced.iter().enumerate() {
        if d == 0 || d & IDP != 0 {
            continue;
        }
        let c = scenario.shocks[(d - 1) as usize].country;
        let r = world.agents.residence[i] as usize;
        if r == c {
            continue;
        }
        let x = &mut n[(c, r)];
        x[0] += 1;
        if world.agents.origin[i] as usize == r {
            x[1] += 1;
        }
    }
    let mut rows = Vec::new();
    for c in 0..k {
        for (r, x) in n.row(c).iter().enumerate().filter(|(_, x)| x[0] > 0) {
            rows.push(RefugeeRow {
                t,
                origin: c as u16,
                asylum: r as u16,
                refugees: x[0],
                in_kin_state: x[1],
            });
        }
    }
    rows
}
