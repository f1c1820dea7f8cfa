//! Demography (issue 13): working-age populations follow their `[data]`
//! series. At the end of each month people leave working age (retirement,
//! death) wherever they live, and natives enter it at home, so that the
//! residents of each country follow the data path plus what migration
//! adds (docs/model.md, "Data and demography").
//!
//! Agents are removed and added deterministically and in O(exits +
//! entries): the exits of the month (drawn block by block from the
//! block's own stream, or, with `[age]`, the agents retiring this January)
//! leave holes; the month's entrants fill the holes in ascending order and
//! are appended after the last agent; holes left over are filled with the
//! last agents, and the columns are cut. Nothing depends on the thread
//! count.

use rayon::prelude::*;

use crate::economy::expected_residents;
use crate::model::{Scenario, SeriesVar};
use crate::regions::RegionMap;
use crate::rng::{Purpose, Stream, geometric_gap};
use crate::world::BLOCK;
use crate::world::{CountryId, HIGH, IDP, LOW, SKILL_MASK, Skill, UNRECOGNISED, World};

/// [`crate::world::Life::age`] of an agent that reached the retirement age
/// this month while populations follow data: it leaves working age at the
/// end of the month (instead of being replaced by a young native).
pub const EXIT_MARK: u8 = u8::MAX;

/// Entries and exits carried from month to month.
#[derive(Debug, Default)]
pub struct Demography {
    /// Fractional entrants (agents) not yet placed, by country; negative
    /// where the data path fell faster than people left.
    carry: Vec<f64>,
    /// Fractional high-skilled entrants not yet placed, by country.
    carry_high: Vec<f64>,
    /// Exits of each block (indices within the block).
    exits: Vec<Vec<u32>>,
}

impl Demography {
    /// Runs the demography of step `t` on `world` (after the month's moves
    /// are applied to the counts): exits, then entries; fills `entries` and
    /// `exits` by country.
    pub fn step(
        &mut self,
        scenario: &Scenario,
        world: &mut World,
        t: u32,
        entries: &mut Vec<u32>,
        exits: &mut Vec<u32>,
    ) {
        let k = world.num_countries();
        if self.carry.len() != k {
            self.carry = vec![0.0; k];
            self.carry_high = vec![0.0; k];
        }
        entries.clear();
        entries.resize(k, 0);
        exits.clear();
        exits.resize(k, 0);
        self.select_exits(scenario, world, t);
        // 1. Exits leave the counts (and the displaced and brain-waste
        //    tallies); their slots become holes, in ascending order.
        let mut holes: Vec<usize> = Vec::new();
        for (b, local) in self.exits.iter().enumerate() {
            for &i in local {
                let i = b * BLOCK + i as usize;
                let (o, r) = (world.agents.origin[i], world.agents.residence[i]);
                let byte = world.agents.skill[i];
                world.counts.remove(o, r, byte & SKILL_MASK);
                if byte & UNRECOGNISED != 0 {
                    world.brain_waste[r as usize] -= 1;
                }
                if let Some(d) = world.displaced.get_mut(i)
                    && *d != 0
                {
                    let kind = usize::from(*d & IDP != 0);
                    world.displaced_by_shock[(*d & !IDP) as usize - 1][kind] -= 1;
                    *d = 0;
                }
                exits[r as usize] += 1;
                holes.push(i);
            }
        }
        // 2. Entrants by country: the data path's growth plus the month's
        //    exits, the fractions carried.
        let mut cohort: Vec<(CountryId, Skill)> = Vec::new();
        for j in 0..k {
            let initial = world.initial_residents[j];
            let growth = expected_residents(scenario, j, t + 1, initial)
                - expected_residents(scenario, j, t, initial);
            let want = self.carry[j] + growth + exits[j] as f64;
            let n = if want > 0.0 { want.floor() } else { 0.0 };
            self.carry[j] = want - n;
            let h = scenario
                .data
                .value(SeriesVar::HighSkilledShare, j, t + 1)
                .unwrap_or(scenario.countries[j].high_skilled_share);
            let want_high = self.carry_high[j] + n * h;
            let high = want_high.floor().clamp(0.0, n);
            self.carry_high[j] = want_high - high;
            let (n, high) = (n as usize, high as usize);
            entries[j] = n as u32;
            let id = j as CountryId;
            cohort.extend(std::iter::repeat_n((id, HIGH), high));
            cohort.extend(std::iter::repeat_n((id, LOW), n - high));
        }
        // 3. Entrants fill the holes, then go after the last agent.
        let age = scenario
            .age
            .map_or(0, |a| a.working_from.min(u8::MAX as u32 - 1) as u8);
        let regions = (!world.region.is_empty()).then(|| RegionMap::new(scenario));
        let seed = scenario.simulation.seed;
        let mut filled = 0;
        for (n, &(j, s)) in cohort.iter().enumerate() {
            let i = if n < holes.len() {
                filled += 1;
                holes[n]
            } else {
                push_slot(world)
            };
            world.agents.residence[i] = j;
            world.agents.origin[i] = j;
            world.agents.skill[i] = s;
            world.counts.add(j, j, s);
            if world.life.is_on() {
                world.life.set_new(i, age);
            }
            if let Some(d) = world.displaced.get_mut(i) {
                *d = 0;
            }
            if let Some(map) = &regions {
                let c = j as usize;
                world.region[i] = if map.divided(c) {
                    let u =
                        Stream::new(seed, t as u64 + 1, i as u64, Purpose::RegionInit).uniform();
                    map.settle(c, u)
                } else {
                    map.first[c]
                };
            }
        }
        // 4. Holes left over take the last agents; the columns are cut.
        let holes = &holes[filled..];
        let mut end = world.agents.len();
        let mut back = holes.len();
        for &h in holes {
            // Skip holes at the end of the columns.
            while back > 0 && holes[back - 1] == end - 1 {
                back -= 1;
                end -= 1;
            }
            if h >= end {
                break;
            }
            move_agent(world, end - 1, h);
            end -= 1;
        }
        truncate(world, end);
    }

    /// The agents leaving working age in step `t`, block by block: with
    /// `[age]`, those marked at retirement this month; else a share
    /// `exit_rate` drawn with geometric gaps on the block's own stream.
    fn select_exits(&mut self, scenario: &Scenario, world: &World, t: u32) {
        let n = world.agents.len();
        let blocks = n.div_ceil(BLOCK);
        self.exits.resize_with(blocks, Vec::new);
        self.exits.truncate(blocks);
        let seed = scenario.simulation.seed;
        if scenario.age.is_some() && world.life.is_on() {
            let age = &world.life.age;
            self.exits
                .par_iter_mut()
                .zip(age.par_chunks(BLOCK))
                .for_each(|(out, ages)| {
                    out.clear();
                    out.extend(
                        ages.iter()
                            .enumerate()
                            .filter(|(_, a)| **a == EXIT_MARK)
                            .map(|(i, _)| i as u32),
                    );
                });
            return;
        }
        let q = scenario.data.exit_rate;
        let inv_ln_q = if q > 0.0 { 1.0 / libm::log1p(-q) } else { 0.0 };
        self.exits.par_iter_mut().enumerate().for_each(|(b, out)| {
            out.clear();
            if q <= 0.0 {
                return;
            }
            let len = (n - b * BLOCK).min(BLOCK) as u64;
            let mut stream = Stream::new(seed, t as u64, b as u64, Purpose::Exit);
            let mut i = geometric_gap(&mut stream, inv_ln_q);
            while i < len {
                out.push(i as u32);
                i = i
                    .saturating_add(1)
                    .saturating_add(geometric_gap(&mut stream, inv_ln_q));
            }
        });
    }
}

/// Adds an empty slot after the last agent; returns its index.
fn push_slot(world: &mut World) -> usize {
    let i = world.agents.len();
    world.agents.residence.push(0);
    world.agents.origin.push(0);
    world.agents.skill.push(0);
    if world.life.is_on() {
        world.life.push_new(0);
    }
    if !world.displaced_by_shock.is_empty() {
        world.displaced.push(0);
    }
    if !world.region.is_empty() {
        world.region.push(0);
    }
    i
}

/// Moves every column of agent `from` to slot `to`.
fn move_agent(world: &mut World, from: usize, to: usize) {
    let a = &mut world.agents;
    a.residence[to] = a.residence[from];
    a.origin[to] = a.origin[from];
    a.skill[to] = a.skill[from];
    if world.life.is_on() {
        world.life.copy_agent(from, to);
    }
    if !world.displaced.is_empty() {
        world.displaced[to] = world.displaced[from];
    }
    if !world.region.is_empty() {
        world.region[to] = world.region[from];
    }
}

/// Cuts every column to `n` agents.
fn truncate(world: &mut World, n: usize) {
    let a = &mut world.agents;
    a.residence.truncate(n);
    a.origin.truncate(n);
    a.skill.truncate(n);
    if world.life.is_on() {
        world.life.truncate(n);
    }
    if !world.displaced.is_empty() {
        world.displaced.truncate(n);
    }
    if !world.region.is_empty() {
        world.region.truncate(n);
    }
}
