//! Forced displacement by `[[shock]]`s (docs/model.md §5: refugees and
//! internally displaced people) and the return of the displaced.
//!
//! In a shock's first month every member of the displaced group living in
//! the shocked country (its natives, or the agents of the shock's `origins`,
//! e.g. Armenians living in Azerbaijan) draws once: with probability
//! `refugees` it is moved abroad at once and marked a refugee of the shock;
//! with probability `idps` it is marked internally displaced. A refugee
//! goes to a named country with the shock's user-given `shares` (kin
//! states); the rest go to countries weighted by distance, contiguity,
//! size and ties (issue 15; see `destinations` below). A shock of one `[[region]]` displaces
//! only the natives living in that region, and its IDPs move to the
//! country's other regions (drawn by population share); a shock of a whole
//! country leaves its IDPs where they are (counted apart). From the month
//! after the shock's end each displaced agent returns with probability
//! `return_rate` a month: a refugee is moved back to the shocked country (a
//! return migration), an IDP of a regional shock back to its region, and
//! the mark is cleared; a refugee whose return comes settles for good
//! instead with probability `settle_share` (its mark cleared where it is).
//!
//! The pass runs after the month's decisions, block by block in parallel on
//! each block's own stream (seed, step, block, [`Purpose::Displace`]); its
//! moves join the block's move buffer, so counts and flows stay exact. It
//! scans the agents only in months where a shock starts or displaced agents
//! of an ended shock remain; scenarios without shocks never touch it.

use rayon::prelude::*;

use super::block::{Arrival, Move, Relocate};
use crate::model::{Scenario, Shock};
use crate::regions::RegionMap;
use crate::rng::{Purpose, Stream};
use crate::world::{CountryId, IDP, World};

/// Displacement in one month, by country (the shocked country for every
/// column); all zeros without shocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Displacement {
    /// Natives forced abroad this month (refugees).
    pub refugees_new: Vec<u32>,
    /// Natives displaced inside the country this month (IDPs).
    pub idps_new: Vec<u32>,
    /// Refugees who stopped being displaced this month: brought home after
    /// the shock ([`Displacement::refugees_moved_home`]), or found back home
    /// (by their own decision, or replaced at retirement).
    pub refugee_returns: Vec<u32>,
    /// IDPs who went home this month.
    pub idp_returns: Vec<u32>,
    /// Refugees moved home this month at the end of their displacement
    /// (part of `refugee_returns`, and of the moves and returns of the
    /// step, where they have no other motive).
    pub refugees_moved_home: Vec<u32>,
    /// Refugees who settled for good in their country of asylum this month
    /// instead of being brought home (issue 15).
    pub refugees_settled: Vec<u32>,
}

impl Displacement {
    /// Every column (the pattern names every field: a new one cannot be
    /// left out of resetting or adding).
    fn columns_mut(&mut self) -> [&mut Vec<u32>; 6] {
        let Displacement {
            refugees_new,
            idps_new,
            refugee_returns,
            idp_returns,
            refugees_moved_home,
            refugees_settled,
        } = self;
        [
            refugees_new,
            idps_new,
            refugee_returns,
            idp_returns,
            refugees_moved_home,
            refugees_settled,
        ]
    }

    /// Zeros for `k` countries in every column.
    fn reset(&mut self, k: usize) {
        for v in self.columns_mut() {
            v.clear();
            v.resize(k, 0);
        }
    }
}

/// Index of the refugees in a pair [refugees, IDPs] (as in
/// `World::displaced_by_shock`).
const REFUGEES: usize = 0;
/// Index of the IDPs in a pair [refugees, IDPs].
const IDPS: usize = 1;

/// What the blocks of one thread counted.
#[derive(Debug, Clone)]
struct Tally {
    /// The month's displacement by country.
    by_country: Displacement,
    /// Change of the displaced still away by shock, [refugees, IDPs].
    away: Vec<[i64; 2]>,
}

impl Tally {
    fn new(k: usize, shocks: usize) -> Tally {
        let mut by_country = Displacement::default();
        by_country.reset(k);
        Tally {
            by_country,
            away: vec![[0; 2]; shocks],
        }
    }

    fn add(mut self, mut other: Tally) -> Tally {
        let theirs = other.by_country.columns_mut();
        for (mine, theirs) in self.by_country.columns_mut().into_iter().zip(theirs) {
            for (a, b) in mine.iter_mut().zip(theirs.iter()) {
                *a += b;
            }
        }
        for (a, b) in self.away.iter_mut().zip(&other.away) {
            a[REFUGEES] += b[REFUGEES];
            a[IDPS] += b[IDPS];
        }
        self
    }
}

/// The cumulative refugee destination weights of `shock` (in country c):
/// its user-given `shares` go to the named countries; the rest is spread
/// with weights e^(−(d − d_min) / distance_km + contiguity · [d ≤
/// neighbour_km] + size_weight · ln(population / largest) + tie_weight ·
/// tie(c, j)) over every other country (the log weights are shifted so
/// that the largest is 0: they never all underflow); 0 for c itself.
fn destinations(scenario: &Scenario, shock: &Shock) -> Vec<f64> {
    let k = scenario.num_countries();
    let c = shock.country;
    let f = &shock.flight;
    let d_min = (0..k)
        .filter(|&j| j != c)
        .map(|j| scenario.distance(c, j))
        .fold(f64::INFINITY, f64::min);
    let largest = scenario
        .countries
        .iter()
        .map(|x| x.population)
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let ln_w: Vec<f64> = (0..k)
        .map(|j| {
            if j == c {
                return f64::NEG_INFINITY;
            }
            let d = scenario.distance(c, j);
            let mut x = -(d - d_min) / shock.distance_km;
            if f.contiguity != 0.0 && d <= f.neighbour_km {
                x += f.contiguity;
            }
            if f.size_weight != 0.0 {
                let p = scenario.countries[j].population.max(f64::MIN_POSITIVE);
                x += f.size_weight * libm::log(p / largest);
            }
            if f.tie_weight != 0.0 {
                x += f.tie_weight * scenario.tie_strength(c, j);
            }
            x
        })
        .collect();
    let top = ln_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = ln_w
        .iter()
        .map(|&x| {
            if x == f64::NEG_INFINITY {
                0.0
            } else {
                libm::exp(x - top)
            }
        })
        .collect();
    let rest: f64 = 1.0 - f.shares.iter().map(|&(_, v)| v).sum::<f64>();
    let sum: f64 = w.iter().sum();
    let mut total = 0.0;
    (0..k)
        .map(|j| {
            let named = f
                .shares
                .iter()
                .find(|&&(x, _)| x == j)
                .map_or(0.0, |&(_, v)| v);
            if j != c {
                total += named + rest.max(0.0) * w[j] / sum;
            }
            total
        })
        .collect()
}

/// The destination of a draw `u` in [0, 1) from cumulative weights `cum`.
fn choose(cum: &[f64], u: f64) -> usize {
    let total = cum.last().copied().unwrap_or(0.0);
    let target = u * total;
    let mut last = 0;
    for (j, &x) in cum.iter().enumerate() {
        let step = x - if j == 0 { 0.0 } else { cum[j - 1] };
        if step > 0.0 {
            last = j;
            if x > target {
                return j;
            }
        }
    }
    last
}

/// Agents whose displacement bytes are checked together for a quick skip.
const SKIP_RUN: usize = 64;

/// Carries out the displacement and returns of step `t` after the month's
/// decisions: appends the forced moves to each block's buffer, updates the
/// displacement column and `world.displaced_by_shock`, and fills `out`.
pub(super) fn displace(
    scenario: &Scenario,
    world: &mut World,
    t: u32,
    block_moves: &mut [Vec<Move>],
    arrival: &Arrival<'_>,
    out: &mut Displacement,
) {
    let k = world.num_countries();
    out.reset(k);
    if world.displaced.is_empty() {
        return;
    }
    let shocks = &scenario.shocks;
    let date = scenario.date_of_step(t);
    let mut starting: Vec<Option<usize>> = vec![None; k];
    let mut tables: Vec<Vec<f64>> = vec![Vec::new(); shocks.len()];
    for (i, s) in shocks.iter().enumerate() {
        if s.start == date && s.refugees + s.idps > 0.0 {
            starting[s.country] = Some(i);
            tables[i] = destinations(scenario, s);
        }
    }
    let returning: Vec<bool> = shocks
        .iter()
        .zip(&world.displaced_by_shock)
        .map(|(s, away)| date > s.end && away[0] + away[1] > 0)
        .collect();
    // Refugees still away: one found back home (by its own decision, or
    // replaced at retirement) stops being displaced, whenever that is.
    let refugees_away = world.displaced_by_shock.iter().any(|away| away[0] > 0);
    let any_starting = starting.iter().any(Option::is_some);
    if !any_starting && !returning.contains(&true) && !refugees_away {
        return;
    }
    // Regional shocks: the global id of the shocked region, and cumulative
    // population shares of the country's other regions for its IDPs.
    let map = RegionMap::new(scenario);
    let mut home_region: Vec<Option<u16>> = vec![None; shocks.len()];
    let mut elsewhere: Vec<Vec<(u16, f64)>> = vec![Vec::new(); shocks.len()];
    for (i, s) in shocks.iter().enumerate() {
        let Some(r) = s.region else { continue };
        let g = map.explicit.iter().position(|&x| x == Some(r));
        home_region[i] = g.map(|g| g as u16);
        let mut total = 0.0;
        for (g2, x) in map.explicit.iter().enumerate() {
            if let Some(x) = *x
                && x != r
                && scenario.regions[x].country == s.country
            {
                total += scenario.regions[x].population_share;
                elsewhere[i].push((g2 as u16, total));
            }
        }
    }
    let seed = scenario.simulation.seed;
    let tally = world
        .blocks()
        .into_par_iter()
        .zip(block_moves.par_iter_mut())
        .fold(
            || Tally::new(k, shocks.len()),
            |mut tally, (mut block, moves)| {
                let b = block.index();
                let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Displace);
                // The displacement column is kept whenever there are
                // shocks (checked above); the region column when a
                // country is divided.
                let (Some(disp), mut reg) = (block.displaced.take(), block.region.take()) else {
                    return tally;
                };
                // In a month without a starting shock only the displaced
                // have anything to do: runs of agents that are not are
                // skipped with a load the compiler vectorises (the same
                // agents in the same order draw the same numbers).
                for (run, chunk) in disp.chunks_mut(SKIP_RUN).enumerate() {
                    if !any_starting && chunk.iter().fold(0u8, |a, &x| a | x) == 0 {
                        continue;
                    }
                    for (ii, d) in chunk.iter_mut().enumerate() {
                        let i = run * SKIP_RUN + ii;
                        let v = *d;
                        if v != 0 {
                            let s = (v & !IDP) as usize - 1;
                            let c = shocks[s].country;
                            if v & IDP == 0 && block.res[i] as usize == c {
                                *d = 0;
                                tally.by_country.refugee_returns[c] += 1;
                                tally.away[s][REFUGEES] -= 1;
                                continue;
                            }
                            if !returning[s] || stream.uniform() >= shocks[s].return_rate {
                                continue;
                            }
                            *d = 0;
                            if v & IDP != 0 {
                                if let (Some(reg), Some(home)) =
                                    (reg.as_deref_mut(), home_region[s])
                                    && block.res[i] as usize == c
                                {
                                    reg[i] = home;
                                }
                                tally.by_country.idp_returns[c] += 1;
                                tally.away[s][IDPS] -= 1;
                            } else if shocks[s].flight.settle_share > 0.0
                                && stream.uniform() < shocks[s].flight.settle_share
                            {
                                // Settles for good where it found asylum.
                                tally.by_country.refugees_settled[c] += 1;
                                tally.away[s][REFUGEES] -= 1;
                            } else {
                                // (A refugee at home was released above.)
                                block.force(i, c as CountryId, arrival, moves);
                                tally.by_country.refugees_moved_home[c] += 1;
                                tally.by_country.refugee_returns[c] += 1;
                                tally.away[s][REFUGEES] -= 1;
                            }
                            continue;
                        }
                        let c = block.res[i] as usize;
                        let Some(s) = starting[c] else { continue };
                        if !shocks[s].displaces(block.org[i] as usize) {
                            continue;
                        }
                        if let Some(home) = home_region[s]
                            && reg.as_deref().is_some_and(|reg| reg[i] != home)
                        {
                            continue;
                        }
                        let shock = &shocks[s];
                        let u = stream.uniform();
                        if u < shock.refugees {
                            let j = choose(&tables[s], u / shock.refugees);
                            block.force(i, j as CountryId, arrival, moves);
                            *d = s as u8 + 1;
                            tally.by_country.refugees_new[c] += 1;
                            tally.away[s][REFUGEES] += 1;
                        } else if u < shock.refugees + shock.idps {
                            if let (Some(reg), Some(&(_, total))) =
                                (reg.as_deref_mut(), elsewhere[s].last())
                            {
                                let x = (u - shock.refugees) / shock.idps * total;
                                let to = elsewhere[s].iter().find(|&&(_, cum)| cum > x);
                                reg[i] = to.map_or(elsewhere[s][0].0, |&(g, _)| g);
                            }
                            *d = (s as u8 + 1) | IDP;
                            tally.by_country.idps_new[c] += 1;
                            tally.away[s][IDPS] += 1;
                        }
                    }
                }
                tally
            },
        )
        .reduce(|| Tally::new(k, shocks.len()), Tally::add);
    for (away, change) in world.displaced_by_shock.iter_mut().zip(&tally.away) {
        for (n, &d) in away.iter_mut().zip(change) {
            *n = n.wrapping_add_signed(d);
        }
    }
    *out = tally.by_country;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_add_every_column_and_every_shock() {
        let mut a = Tally::new(2, 1);
        let mut b = Tally::new(2, 1);
        a.by_country.refugees_settled[1] = 2;
        b.by_country.refugees_settled[1] = 3;
        b.by_country.idp_returns[0] = 4;
        a.away[0] = [5, -1];
        b.away[0] = [-2, 1];
        let sum = a.add(b);
        assert_eq!(sum.by_country.refugees_settled, vec![0, 5]);
        assert_eq!(sum.by_country.idp_returns, vec![4, 0]);
        assert_eq!(sum.by_country.refugees_new, vec![0, 0]);
        assert_eq!(sum.away, vec![[3, 0]]);
    }

    #[test]
    fn refugees_go_mostly_to_the_nearest_countries_and_never_stay() {
        let mut s = crate::model::synthetic::reference_scenario(1000, 6, 12, 1);
        s.shocks.push(Shock {
            kind: crate::model::ShockKind::Conflict,
            country: 2,
            region: None,
            start: s.simulation.start,
            end: s.simulation.start,
            intensity: 1.0,
            refugees: 0.1,
            idps: 0.0,
            return_rate: 0.0,
            distance_km: 1000.0,
            flight: crate::model::Flight::default(),
        });
        let cum = destinations(&s, &s.shocks[0]);
        assert_eq!(cum[2], cum[1]);
        let mut hits = [0u32; 6];
        for n in 0..10_000 {
            hits[choose(&cum, (n as f64 + 0.5) / 10_000.0)] += 1;
        }
        assert_eq!(hits[2], 0);
        let nearest = (0..6)
            .filter(|&j| j != 2)
            .min_by(|&a, &b| s.distance(2, a).total_cmp(&s.distance(2, b)))
            .unwrap();
        assert!(hits.iter().all(|&h| h <= hits[nearest]), "{hits:?}");
        // Tiny scales still give a destination: the nearest country.
        s.shocks[0].distance_km = 1e-9;
        let tight = destinations(&s, &s.shocks[0]);
        assert_eq!(choose(&tight, 0.99), nearest);
    }
}
