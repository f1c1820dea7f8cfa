//! Regions and internal migration (issue 4): a country may be divided into
//! `[[region]]`s with their own wage factor, unemployment, population share
//! and coordinates.
//!
//! Migration between countries stays at country level (the kernel does not
//! see regions). Each divided country's residents carry a region in the
//! optional [`crate::world::World::region`] column (empty when no country is
//! divided), holding a global region id: every country has one implicit
//! region unless it is divided. Once a month, after the international moves,
//! a parallel pass over the agent blocks:
//!
//! - settles every agent whose region belongs to another country (it has
//!   just arrived from abroad) in a region of its new country, drawn by
//!   population share;
//! - lets each resident of a divided country reconsider its region with
//!   probability `reconsider_probability`, by a logit over the regions of
//!   its country (its own region included): β_w · ln(regional wage ·
//!   (1 − regional unemployment)) + ln(population_share) (the region's
//!   size: its jobs and housing) − τ · distance / 1000 − the intensity of
//!   a `[[shock]]` under way in the region, with no border
//!   barrier; a resident who picks another region moves with probability
//!   e^(−`internal_move_cost`) (the friction of moving). With equal wages
//!   the initial distribution is the stationary one; a richer region grows
//!   toward a share ∝ population_share · expected income.
//!
//! Draws come from each block's own stream (seed, step, block,
//! [`Purpose::Region`]) in agent order, so the result does not depend on the
//! thread count. Internal moves are counted by region, apart from the
//! international flows.

use rayon::prelude::*;

use crate::economy::CountryState;
use crate::model::Scenario;
use crate::model::geo::haversine_km;
use crate::rng::{Purpose, Stream};
use crate::world::{SKILL_MASK, World};

/// Global region ids: the regions of every country, one implicit region for
/// an undivided country.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionMap {
    /// Global id of each country's first region, and the number of regions
    /// after the last country (K + 1 entries).
    pub first: Vec<u16>,
    /// The country of each global region.
    pub country: Vec<u16>,
    /// The `[[region]]` of each global region (index into
    /// [`Scenario::regions`]); `None` for an undivided country.
    pub explicit: Vec<Option<usize>>,
    /// Cumulative population shares of each global region within its
    /// country (1 for the last).
    cum_share: Vec<f64>,
}

impl RegionMap {
    /// The regions of `scenario` (regions are grouped by country).
    pub fn new(scenario: &Scenario) -> RegionMap {
        let k = scenario.num_countries();
        let mut map = RegionMap {
            first: Vec::with_capacity(k + 1),
            country: Vec::new(),
            explicit: Vec::new(),
            cum_share: Vec::new(),
        };
        for c in 0..k {
            map.first.push(map.country.len() as u16);
            let mut total = 0.0;
            let mut any = false;
            for (i, r) in scenario.regions.iter().enumerate() {
                if r.country == c {
                    any = true;
                    total += r.population_share;
                    map.country.push(c as u16);
                    map.explicit.push(Some(i));
                    map.cum_share.push(total);
                }
            }
            if any {
                if let Some(last) = map.cum_share.last_mut() {
                    *last = f64::INFINITY;
                }
            } else {
                map.country.push(c as u16);
                map.explicit.push(None);
                map.cum_share.push(f64::INFINITY);
            }
        }
        map.first.push(map.country.len() as u16);
        map
    }

    /// Number of global regions.
    pub fn len(&self) -> usize {
        self.country.len()
    }

    /// Whether there are no regions at all (never: every country has one).
    pub fn is_empty(&self) -> bool {
        self.country.is_empty()
    }

    /// Whether country `c` is divided into regions.
    #[inline]
    pub fn divided(&self, c: usize) -> bool {
        self.first[c + 1] - self.first[c] > 1
    }

    /// The region of country `c` that a draw `u` in [0, 1) settles in, by
    /// population share.
    #[inline]
    pub fn settle(&self, c: usize, u: f64) -> u16 {
        let (a, b) = (self.first[c] as usize, self.first[c + 1] as usize);
        let i = self.cum_share[a..b].partition_point(|&x| x <= u);
        (a + i.min(b - a - 1)) as u16
    }
}

/// The initial regions of agents living in `residence`: one draw each from
/// (seed, 0, agent, [`Purpose::RegionInit`]); empty when no country is
/// divided.
pub fn initial_regions(scenario: &Scenario, residence: &[u16]) -> Vec<u16> {
    if scenario.regions.is_empty() {
        return Vec::new();
    }
    let map = RegionMap::new(scenario);
    let seed = scenario.simulation.seed;
    residence
        .par_iter()
        .enumerate()
        .map(|(i, &c)| {
            let c = c as usize;
            if map.divided(c) {
                let u = Stream::new(seed, 0, i as u64, Purpose::RegionInit).uniform();
                map.settle(c, u)
            } else {
                map.first[c]
            }
        })
        .collect()
}

/// One month of the regions, by global region (empty without regions).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionMonth {
    /// Residents after the month.
    pub residents: Vec<u64>,
    /// Internal moves into the region this month.
    pub moved_in: Vec<u32>,
    /// Internal moves out of the region this month.
    pub moved_out: Vec<u32>,
    /// Monthly wage of the low-skilled here.
    pub wage_low: Vec<f64>,
    /// Monthly wage of the high-skilled here.
    pub wage_high: Vec<f64>,
    /// Unemployment rate here.
    pub unemployment: Vec<f64>,
}

/// The logit of internal moves: for each (global region a, skill s) of a
/// divided country, cumulative weights over the regions of its country.
struct Choices {
    /// Start of each (a, s) row in `cum`, by region a, [low, high].
    start: Vec<[usize; 2]>,
    cum: Vec<f64>,
}

impl Choices {
    fn new(scenario: &Scenario, map: &RegionMap, t: u32, out: &RegionMonth) -> Choices {
        let d = &scenario.decision;
        let tau = scenario.transport_cost(t);
        let date = scenario.date_of_step(t);
        let mut push = vec![0.0; map.len()];
        for s in scenario.shocks.iter().filter(|s| s.active(date)) {
            if let Some(r) = s.region
                && let Some(g) = map.explicit.iter().position(|&x| x == Some(r))
            {
                push[g] += s.intensity;
            }
        }
        let mut start = vec![[0; 2]; map.len()];
        let mut cum = Vec::new();
        for c in (0..scenario.num_countries()).filter(|&c| map.divided(c)) {
            let (a0, b0) = (map.first[c] as usize, map.first[c + 1] as usize);
            for (a, starts) in start.iter_mut().enumerate().take(b0).skip(a0) {
                for (s, first) in starts.iter_mut().enumerate() {
                    *first = cum.len();
                    let wage = |r: usize| {
                        if s == 0 {
                            out.wage_low[r]
                        } else {
                            out.wage_high[r]
                        }
                    };
                    let ln: Vec<f64> = (a0..b0)
                        .map(|b| {
                            let income =
                                d.wage_weight * libm::log(wage(b) * (1.0 - out.unemployment[b]));
                            let dist = distance(scenario, map, a, b);
                            let size = map.explicit[b]
                                .map_or(0.0, |i| libm::log(scenario.regions[i].population_share));
                            income + size - tau * dist / 1000.0 - push[b]
                        })
                        .collect();
                    let max = ln.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let mut total = 0.0;
                    for x in ln {
                        total += libm::exp(x - max);
                        cum.push(total);
                    }
                }
            }
        }
        Choices { start, cum }
    }

    /// The region (global id) chosen from region `a` by skill `s` with a
    /// draw `u` in [0, 1); `first` is the country's first region.
    #[inline]
    fn choose(&self, a: usize, s: usize, n: usize, first: usize, u: f64) -> usize {
        let row = &self.cum[self.start[a][s]..][..n];
        let target = u * row[n - 1];
        first + row.partition_point(|&x| x <= target).min(n - 1)
    }
}

/// Distance in km between two global regions of one country (0 unless
/// both have coordinates).
fn distance(scenario: &Scenario, map: &RegionMap, a: usize, b: usize) -> f64 {
    let loc = |r: usize| map.explicit[r].and_then(|i| scenario.regions[i].location);
    match (loc(a), loc(b)) {
        (Some(x), Some(y)) if a != b => haversine_km(x, y),
        _ => 0.0,
    }
}

/// Carries out the internal migration of step `t` (see the module docs)
/// after the month's international moves; fills `out`. Does nothing when
/// no country is divided.
pub fn internal_migration(
    scenario: &Scenario,
    world: &mut World,
    t: u32,
    state: &CountryState,
    out: &mut RegionMonth,
) {
    if world.region.is_empty() {
        *out = RegionMonth::default();
        return;
    }
    let map = RegionMap::new(scenario);
    let r_n = map.len();
    out.wage_low.clear();
    out.wage_high.clear();
    out.unemployment.clear();
    for r in 0..r_n {
        let c = map.country[r] as usize;
        let region = map.explicit[r].map(|i| &scenario.regions[i]);
        let factor = region.map_or(1.0, |x| x.wage_factor);
        out.wage_low.push(state.wage_low[c] * factor);
        out.wage_high.push(state.wage_high[c] * factor);
        out.unemployment.push(
            region
                .and_then(|x| x.unemployment)
                .unwrap_or(state.unemployment[c]),
        );
    }
    let choices = Choices::new(scenario, &map, t, out);
    let p = scenario.decision.reconsider_probability;
    let follow = libm::exp(-scenario.decision.internal_move_cost);
    let seed = scenario.simulation.seed;
    // The one region of each undivided country (NOT for a divided one):
    // one lookup an agent, and no counting, for the agents of undivided
    // countries, whose region's residents are the country's.
    const NOT: u16 = u16::MAX;
    let k = world.num_countries();
    let undivided: Vec<u16> = (0..k)
        .map(|c| if map.divided(c) { NOT } else { map.first[c] })
        .collect();
    let zero = || (vec![0u64; r_n], vec![0u32; r_n], vec![0u32; r_n]);
    let (residents, moved_in, moved_out) = world
        .blocks()
        .into_par_iter()
        .fold(zero, |(mut res_n, mut inn, mut outn), block| {
            let mut stream = Stream::new(seed, t as u64, block.index() as u64, Purpose::Region);
            // The region column is kept whenever a country is divided
            // (checked above).
            let Some(reg) = block.region else {
                return (res_n, inn, outn);
            };
            let (res, skl) = (&*block.res, &*block.skl);
            for ((&c, &skill), r) in res.iter().zip(skl).zip(reg.iter_mut()) {
                let c = c as usize;
                let one = undivided[c];
                if one != NOT {
                    // Store only on a change: most agents stay where
                    // they are, and an untouched cache line is not
                    // written back.
                    if *r != one {
                        *r = one;
                    }
                    continue;
                }
                let first = map.first[c] as usize;
                if map.country[*r as usize] as usize != c {
                    // Arrived from abroad this month: settle by population.
                    *r = map.settle(c, stream.uniform());
                } else if stream.uniform() < p {
                    let n = map.first[c + 1] as usize - first;
                    let s = (skill & SKILL_MASK) as usize;
                    let a = *r as usize;
                    let to = choices.choose(a, s, n, first, stream.uniform());
                    if to != a && stream.uniform() < follow {
                        outn[a] += 1;
                        inn[to] += 1;
                        *r = to as u16;
                    }
                }
                res_n[*r as usize] += 1;
            }
            (res_n, inn, outn)
        })
        .reduce(zero, |mut x, y| {
            x.0.iter_mut().zip(&y.0).for_each(|(a, b)| *a += b);
            x.1.iter_mut().zip(&y.1).for_each(|(a, b)| *a += b);
            x.2.iter_mut().zip(&y.2).for_each(|(a, b)| *a += b);
            x
        });
    let mut residents = residents;
    for (c, l) in world.counts.residents().into_iter().enumerate() {
        if undivided[c] != NOT {
            residents[undivided[c] as usize] = l;
        }
    }
    out.residents = residents;
    out.moved_in = moved_in;
    out.moved_out = moved_out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Region;
    use crate::model::synthetic::reference_scenario;

    fn region(country: usize, name: &str, share: f64, wage_factor: f64) -> Region {
        Region {
            country,
            name: name.into(),
            population_share: share,
            wage_factor,
            unemployment: None,
            location: None,
        }
    }

    #[test]
    fn the_map_gives_undivided_countries_one_region_and_settles_by_share() {
        let mut s = reference_scenario(1000, 3, 12, 1);
        s.regions = vec![region(1, "a", 0.25, 1.0), region(1, "b", 0.75, 1.0)];
        let m = RegionMap::new(&s);
        assert_eq!(m.first, vec![0, 1, 3, 4]);
        assert_eq!(m.country, vec![0, 1, 1, 2]);
        assert!(m.divided(1) && !m.divided(0) && !m.divided(2));
        assert_eq!(m.settle(1, 0.1), 1);
        assert_eq!(m.settle(1, 0.3), 2);
        assert_eq!(m.settle(1, 0.999_999), 2);
        assert_eq!(m.settle(2, 0.5), 3);
    }
}
