//! The initial population: how many agents each country gets, and which of
//! them are high-skilled (docs/reference-model.md "readings": deterministic counts,
//! not draws).

use super::{Agents, Counts, HIGH, LOW, Life, World};
use crate::error::Error;
use crate::model::{PopulationScale, Scenario, StockSkill};

/// Largest number of countries the agent columns can index.
pub const MAX_COUNTRIES: usize = u16::MAX as usize;
/// Largest number of agents the aggregates can count.
pub const MAX_AGENTS: u64 = u32::MAX as u64;

/// A group of agents laid out together: born in `origin`, living in
/// `residence` at the start, of one skill specification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Country of birth.
    pub origin: usize,
    /// Country of residence at the start.
    pub residence: usize,
    /// Skill: both (split by the origin's high-skilled share), low or high.
    pub skill: StockSkill,
    /// Share of legal permanent residents (1 for natives at home).
    pub legal_share: f64,
    /// People.
    pub people: f64,
    /// Agents.
    pub agents: u64,
}

/// The initial population by cell: for each country of residence in
/// order, its natives at home (the population less the immigrants placed
/// there), then the stocks living there (`[data]` stocks and `[[stock]]`,
/// in their order). Agents: largest-remainder rounding of N · people share
/// over all cells (ties go to the earlier cell), or round(people / people
/// per agent) per cell. Without stocks the cells are the countries and
/// this is the rounding of docs/reference-model.md.
pub fn cells(scenario: &Scenario) -> Vec<Cell> {
    let k = scenario.num_countries();
    let mut by_residence: Vec<Vec<Cell>> = vec![Vec::new(); k];
    let mut immigrants = vec![0.0; k];
    for st in &scenario.data.stocks {
        immigrants[st.residence] += st.people;
        by_residence[st.residence].push(Cell {
            origin: st.origin,
            residence: st.residence,
            skill: st.skill,
            legal_share: st.legal_share,
            people: st.people,
            agents: 0,
        });
    }
    let mut out = Vec::with_capacity(k + scenario.data.stocks.len());
    for (r, stocks) in by_residence.into_iter().enumerate() {
        out.push(Cell {
            origin: r,
            residence: r,
            skill: StockSkill::All,
            legal_share: 1.0,
            // Without stocks exactly the population (no rounding noise).
            people: if immigrants[r] == 0.0 {
                scenario.countries[r].population
            } else {
                (scenario.countries[r].population - immigrants[r]).max(0.0)
            },
            agents: 0,
        });
        out.extend(stocks);
    }
    let people: Vec<f64> = out.iter().map(|c| c.people).collect();
    let agents = match scenario.simulation.scale {
        PopulationScale::PeoplePerAgent(s) => {
            people.iter().map(|p| (p / s).round() as u64).collect()
        }
        PopulationScale::Agents(n) => largest_remainder(n, &people),
    };
    for (c, a) in out.iter_mut().zip(agents) {
        c.agents = a;
    }
    out
}

/// Agents per country of residence at the start (natives at home and the
/// stocks living there; see [`cells`]).
pub fn agents_per_country(scenario: &Scenario) -> Vec<u64> {
    let mut n = vec![0u64; scenario.num_countries()];
    for c in cells(scenario) {
        n[c.residence] = n[c.residence].saturating_add(c.agents);
    }
    n
}

/// The sum of agents per country, saturating (a scale that gives more than
/// u64::MAX agents is reported as too many, not as an overflow).
pub fn total_agents(per_country: &[u64]) -> u64 {
    per_country.iter().fold(0u64, |a, &b| a.saturating_add(b))
}

/// Splits `n` into integer parts proportional to `weights` whose sum is `n`.
pub fn largest_remainder(n: u64, weights: &[f64]) -> Vec<u64> {
    let total: f64 = weights.iter().sum();
    if weights.is_empty() || total <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| n as f64 * w / total).collect();
    let mut parts: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let assigned: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Stable sort: equal remainders keep index order.
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra)
    });
    for &i in order.iter().take(n.saturating_sub(assigned) as usize) {
        parts[i] += 1;
    }
    parts
}

/// Lays out the agents of a scenario: natives of country 0 first, then of
/// country 1, …; within a country the first round(h_k · n_k) are high-skilled.
pub fn build_world(scenario: &Scenario) -> Result<World, Error> {
    let k = scenario.num_countries();
    if k == 0 || k > MAX_COUNTRIES {
        return Err(Error::World(format!(
            "the world has {k} countries; between 1 and {MAX_COUNTRIES} are supported"
        )));
    }
    let per_country = agents_per_country(scenario);
    let total = total_agents(&per_country);
    if total == 0 {
        return Err(Error::World(
            "the scenario gives no agents to any country; raise simulation.agents or lower simulation.people_per_agent".into(),
        ));
    }
    if total > MAX_AGENTS {
        return Err(Error::World(format!(
            "the scenario gives {total} agents; at most {MAX_AGENTS} are supported (raise simulation.people_per_agent)"
        )));
    }
    let n = total as usize;
    let mut agents = Agents::default();
    let reserved = agents
        .residence
        .try_reserve_exact(n)
        .and_then(|_| agents.origin.try_reserve_exact(n))
        .and_then(|_| agents.skill.try_reserve_exact(n));
    if reserved.is_err() {
        return Err(Error::World(format!(
            "not enough memory for the columns of {n} agents ({} bytes each); \
             lower simulation.agents or raise simulation.people_per_agent",
            Agents::BYTES_PER_AGENT
        )));
    }
    let mut counts = Counts::new(k);
    // Agents of each cell that are irregular (the last ones of the cell).
    let mut irregular: Vec<(usize, usize)> = Vec::new();
    for cell in cells(scenario) {
        let nk = cell.agents;
        let (o, r) = (cell.origin as u16, cell.residence as u16);
        let high = match cell.skill {
            StockSkill::All => ((scenario.countries[cell.origin].high_skilled_share * nk as f64)
                .round() as u64)
                .min(nk),
            StockSkill::Low => 0,
            StockSkill::High => nk,
        };
        let first = agents.residence.len();
        agents.residence.extend(std::iter::repeat_n(r, nk as usize));
        agents.origin.extend(std::iter::repeat_n(o, nk as usize));
        agents
            .skill
            .extend(std::iter::repeat_n(HIGH, high as usize));
        agents
            .skill
            .extend(std::iter::repeat_n(LOW, (nk - high) as usize));
        for _ in 0..high {
            counts.add(o, r, HIGH);
        }
        for _ in high..nk {
            counts.add(o, r, LOW);
        }
        if o != r {
            let legal = ((cell.legal_share * nk as f64).round() as u64).min(nk);
            irregular.push((first, first + nk as usize));
            irregular.push((first + legal as usize, first + nk as usize));
        }
    }
    let per_country = counts.residents();
    let total_people: f64 = scenario.countries.iter().map(|c| c.population).sum();
    let people_per_agent = match scenario.simulation.scale {
        PopulationScale::PeoplePerAgent(s) => s,
        PopulationScale::Agents(_) => total_people / total as f64,
    };
    let region = crate::regions::initial_regions(scenario, &agents.residence);
    let life = if scenario.has_forms() {
        let mut life = Life::new(agents.len());
        if let Some(a) = &scenario.age {
            // Ages drawn evenly over the working ages, from each agent's
            // own stream, so the layout does not depend on threads; keyed
            // by step u64::MAX so that no step's age draw repeats it.
            let span = u64::from(a.retire_at.saturating_sub(a.working_from).max(1));
            let seed = scenario.simulation.seed;
            for (i, age) in life.age.iter_mut().enumerate() {
                let mut s =
                    crate::rng::Stream::new(seed, u64::MAX, i as u64, crate::rng::Purpose::Age);
                let years = a.working_from as u64 + (s.next_u64() >> 11) % span;
                *age = years.min(u8::MAX as u64) as u8;
            }
        }
        life
    } else {
        Life::default()
    };
    let mut life = life;
    let mut brain_waste = vec![0; k];
    if !irregular.is_empty() {
        settle_stocks(
            scenario,
            &mut agents,
            &mut life,
            &irregular,
            &mut brain_waste,
        );
    }
    let initial_by_skill = counts.residents_by_skill();
    if scenario.data.demography() {
        let most = most_agents(scenario, &per_country);
        reserve(&mut agents, &mut life, most.saturating_sub(n));
    }
    Ok(World {
        agents,
        life,
        counts,
        brain_waste,
        initial_residents: per_country,
        initial_by_skill,
        people_per_agent,
        displaced: if scenario.shocks.is_empty() {
            Vec::new()
        } else {
            vec![0; n]
        },
        displaced_by_shock: vec![[0; 2]; scenario.shocks.len()],
        region,
    })
}

/// The most agents a run whose populations follow data will hold: the
/// largest sum over countries of the data path L_j(0) · P_j(t) / P_j(0)
/// over the run, plus a margin for the fractions carried and the month's
/// exits (entrants are placed before the leftover holes are closed).
fn most_agents(scenario: &Scenario, initial: &[u64]) -> usize {
    let mut most = 0.0f64;
    for t in 0..=scenario.simulation.months {
        let sum: f64 = initial
            .iter()
            .enumerate()
            .map(|(j, &l)| crate::economy::expected_residents(scenario, j, t, l))
            .sum();
        most = most.max(sum);
    }
    let margin = most * 2.0 * scenario.data.exit_rate + 2.0 * initial.len() as f64 + 64.0;
    (most + margin).ceil() as usize
}

/// Reserves room for `extra` more agents in every column, once, so that
/// the columns do not grow by doubling during a run (memory stays at the
/// bytes per agent times the most agents).
fn reserve(agents: &mut Agents, life: &mut Life, extra: usize) {
    agents.residence.reserve_exact(extra);
    agents.origin.reserve_exact(extra);
    agents.skill.reserve_exact(extra);
    if life.is_on() {
        life.form.reserve_exact(extra);
        life.clock.reserve_exact(extra);
        life.place.reserve_exact(extra);
        life.status.reserve_exact(extra);
        life.stay.reserve_exact(extra);
        life.idle.reserve_exact(extra);
        life.ban.reserve_exact(extra);
        life.barred.reserve_exact(extra);
        life.savings.reserve_exact(extra);
        life.age.reserve_exact(extra);
    }
}

/// The life state of the agents placed abroad at the start. `spans`
/// holds, for each stock cell, the range of its agents and then the range
/// of its irregular ones. Where the scenario keeps legal status (forms), a
/// stock from a free-movement partner has no status to hold (0), the legal
/// ones are permanent residents and the rest irregular; a high-skilled
/// agent's qualification is recognised or not as on arrival (drawn from
/// its own stream, step `u64::MAX`), so brain waste counts it from month 0.
fn settle_stocks(
    scenario: &Scenario,
    agents: &mut Agents,
    life: &mut Life,
    spans: &[(usize, usize)],
    brain_waste: &mut [u64],
) {
    let start = scenario.simulation.start;
    let free = crate::policy::free_pairs(scenario, start);
    let recognition = crate::decision::utility::recognition_matrix(scenario, start);
    let seed = scenario.simulation.seed;
    // The gravity rule's tenure cost weighs the months lived abroad: the
    // initial stocks have lived there for years, not since the first month.
    let tenure = scenario
        .decision
        .gravity
        .is_some_and(|g| g.tenure_cost > 0.0);
    for pair in spans.chunks(2) {
        let (all, irr) = (pair[0], pair[1]);
        for i in all.0..all.1 {
            let (o, r) = (agents.origin[i] as usize, agents.residence[i] as usize);
            if tenure && life.is_on() && o != r {
                life.stay[i] = initial_stay(seed, i);
            }
            if life.is_on() {
                life.status[i] = if free[(o, r)] {
                    crate::world::life::Status::NONE
                } else if i >= irr.0 {
                    crate::world::life::Status::IRREGULAR
                } else {
                    crate::world::life::Status::RESIDENT
                };
            }
            if let Some(p) = &recognition
                && agents.skill[i] == HIGH
            {
                let q = p[(o, r)];
                let u = crate::rng::Stream::new(
                    seed,
                    u64::MAX,
                    i as u64,
                    crate::rng::Purpose::Recognise,
                )
                .uniform();
                if q < 1.0 && u >= q {
                    agents.skill[i] = HIGH | crate::world::UNRECOGNISED;
                    brain_waste[r] += 1;
                }
            }
        }
    }
}

/// Years over which the months already lived abroad by a migrant of the
/// initial stocks are spread evenly (docs/model.md, "Initial duration of
/// stay"): two thirds have lived there ten years or more.
pub const INITIAL_STAY_YEARS: u64 = 30;

/// Months already lived abroad by agent `i` of the initial stocks: uniform
/// over 0 to [`INITIAL_STAY_YEARS`] years, from the agent's own stream
/// (keyed by step u64::MAX, which no month uses), so the layout does not
/// depend on threads.
pub fn initial_stay(seed: u64, i: usize) -> u16 {
    let mut s = crate::rng::Stream::new(seed, u64::MAX, i as u64, crate::rng::Purpose::Tenure);
    ((s.next_u64() >> 11) % (INITIAL_STAY_YEARS * 12)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;

    #[test]
    fn largest_remainder_sums_to_n_and_is_proportional() {
        assert_eq!(largest_remainder(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(largest_remainder(7, &[2.0, 1.0]), vec![5, 2]);
        assert_eq!(largest_remainder(0, &[2.0, 1.0]), vec![0, 0]);
        let w: Vec<f64> = (0..20)
            .map(|k| 1.0 + 3.0 * (19 - k) as f64 / 19.0)
            .collect();
        let p = largest_remainder(100_000, &w);
        assert_eq!(p.iter().sum::<u64>(), 100_000);
        assert_eq!(p[0], 8000); // 4 / (20 · 2.5) of 100 000
    }

    #[test]
    fn reference_layout_counts_and_skills() {
        let s = reference_scenario(100_000, 20, 12, 1);
        let w = build_world(&s).unwrap();
        assert_eq!(w.agents.len(), 100_000);
        assert_eq!(w.counts, w.recount());
        // Country 19: 2000 natives, half high-skilled.
        assert_eq!(w.initial_residents[19], 2000);
        assert_eq!(w.counts.get(19, 19, HIGH as usize), 1000);
        // Country 0: 8000 natives, 10 % high-skilled.
        assert_eq!(w.counts.get(0, 0, HIGH as usize), 800);
        assert!((w.people_per_agent - 500.0).abs() < 1e-9);
    }

    #[test]
    fn people_per_agent_rounds_each_country() {
        let mut s = reference_scenario(0, 4, 12, 1);
        s.simulation.scale = PopulationScale::PeoplePerAgent(300_000.0);
        // populations 4e6, 3e6, 2e6, 1e6 → 13.33, 10, 6.67, 3.33 agents
        assert_eq!(agents_per_country(&s), vec![13, 10, 7, 3]);
    }

    #[test]
    fn an_empty_world_is_an_error_not_a_panic() {
        let mut s = reference_scenario(0, 4, 12, 1);
        s.simulation.scale = PopulationScale::PeoplePerAgent(1e12);
        let e = build_world(&s).unwrap_err();
        assert!(e.to_string().contains("no agents"), "{e}");
    }
}
