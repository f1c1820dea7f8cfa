//! Issue 13 (engine half): demography. Working-age populations follow
//! their series; people leave working age abroad as well as at home and
//! natives enter it at home, so agents are added and removed during a run.
//! Conservation is checked every month; results are byte-identical for
//! any thread count.

use std::path::{Path, PathBuf};

mod common;

use migrasim::kernel::{Kernel, StepOutcome};
use migrasim::scenario::{self, Scenario, SeriesVar};
use migrasim::world::HIGH;
use migrasim::world::layout::build_world;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const SERIES: &str = "country,date,population,high_skilled_share\n\
USA,1990,1.6e8,0.3\n\
USA,1991,1.7e8,0.3\n\
MEX,1990,4.6e7,0.1\n\
MEX,1991,5.0e7,0.3\n\
DEU,1990-01,5.4e7,\n\
DEU,1991-12,5.3e7,\n";

/// USA, MEX and DEU from 1990-01 for 24 months, populations from SERIES,
/// 4.3 M Mexicans in the USA at the start, with `extra` TOML.
fn world(extra: &str) -> (tempfile::TempDir, Scenario) {
    world_with("", extra)
}

/// [`world`] with more `data_keys` in its `[data]` table.
fn world_with(data_keys: &str, extra: &str) -> (tempfile::TempDir, Scenario) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "series.csv", SERIES);
    let text = format!(
        r#"
[simulation]
start = "1990-01"
months = 24
people_per_agent = 1000
seed = 11

[data]
series = "series.csv"
{data_keys}

[[stock]]
origin = "MEX"
residence = "USA"
people = 4.3e6

[[country]]
code = "USA"
continent = "America"
group = "industrialised"
population = 1
wage_low = 1800
wage_high = 4000
unemployment = 0.06
high_skilled_share = 0.3
latitude = 38.0
longitude = -97.0

[[country]]
code = "MEX"
continent = "America"
group = "developing"
population = 1
wage_low = 300
wage_high = 900
unemployment = 0.04
high_skilled_share = 0.1
latitude = 23.0
longitude = -102.0

[[country]]
code = "DEU"
continent = "Europe"
group = "industrialised"
population = 1
wage_low = 2000
wage_high = 4200
unemployment = 0.07
high_skilled_share = 0.25
latitude = 51.0
longitude = 10.0
{extra}"#
    );
    let p = write(dir.path(), "s.toml", &text);
    let s = scenario::load(&p, &[]).unwrap();
    (dir, s)
}

/// Steps `s` on the current thread, checking every month that the counts
/// equal a recount and that each country's residents after the month are
/// those before + entries − exits + arrivals − departures.
fn conserved(s: &Scenario, mut each: impl FnMut(u32, &migrasim::world::World, &StepOutcome)) {
    let mut world = build_world(s).unwrap();
    let k = world.num_countries();
    let mut kernel = Kernel::new(&world);
    let mut out = StepOutcome::default();
    for t in 0..s.simulation.months {
        let before = world.counts.residents();
        let total = world.agents.len() as i64;
        kernel.step(s, &mut world, t, &mut out);
        assert_eq!(world.counts, world.recount(), "t={t}");
        assert_eq!(world.brain_waste, world.recount_brain_waste(), "t={t}");
        assert_eq!(world.displaced_by_shock, world.recount_displaced(), "t={t}");
        assert_eq!(world.counts.total(), world.agents.len() as u64, "t={t}");
        if world.life.is_on() {
            assert_eq!(world.life.age.len(), world.agents.len());
        }
        let after = world.counts.residents();
        let (mut entries, mut exits) = (0i64, 0i64);
        for j in 0..k {
            let flows = &out.counters.flows;
            let inflow: i64 = (0..k).map(|i| flows[(i, j)] as i64).sum();
            let outflow: i64 = flows.row(j).iter().map(|&m| m as i64).sum();
            let (e, x) = (out.entries[j] as i64, out.exits[j] as i64);
            assert_eq!(
                after[j] as i64,
                before[j] as i64 + e - x + inflow - outflow,
                "t={t} country {j}"
            );
            entries += e;
            exits += x;
        }
        assert_eq!(world.agents.len() as i64, total + entries - exits, "t={t}");
        each(t, &world, &out);
    }
}

#[test]
fn residents_change_only_by_entries_exits_and_moves_every_month() {
    let (_d, s) = world("");
    assert!(s.data.demography());
    let (mut entries, mut exits) = (0u64, 0u64);
    conserved(&s, |_, _, out| {
        entries += out.entries.iter().map(|&x| x as u64).sum::<u64>();
        exits += out.exits.iter().map(|&x| x as u64).sum::<u64>();
    });
    // 260 000 agents, one in 600 leaving a month: about 10 000 in 24 months.
    assert!((8_000..12_000).contains(&exits), "{exits}");
    assert!(
        entries > exits,
        "the world grows: {entries} entries, {exits} exits"
    );
}

#[test]
fn with_ages_people_retire_out_of_the_population() {
    let (_d, s) = world(
        "[age]\n[[shock]]\ncountry = \"MEX\"\nkind = \"disaster\"\nstart = \"1990-03\"\n\
         end = \"1990-12\"\nintensity = 3\n[recognition]\nprobability = 0.5\n",
    );
    assert!(s.age.is_some() && !s.shocks.is_empty());
    let mut exits_in_january = 0;
    let mut exits_other = 0;
    conserved(&s, |t, _, out| {
        let n: u32 = out.exits.iter().sum();
        if (t % 12) == 0 {
            exits_in_january += n;
        } else {
            exits_other += n;
        }
        assert_eq!(
            out.tally.replacements.iter().sum::<u32>(),
            0,
            "retirees leave; no one is replaced"
        );
    });
    // Ages drawn evenly over 15..64: about 1/50 retire each January.
    assert!(exits_in_january > 8_000, "{exits_in_january}");
    assert_eq!(exits_other, 0);
}

#[test]
fn populations_follow_their_series_when_nobody_moves() {
    let (_d, s) = world("[decision]\nreconsider_probability = 1e-12\n");
    let initial = build_world(&s).unwrap().initial_residents;
    conserved(&s, |t, world, out| {
        assert_eq!(out.moves, 0);
        let residents = world.counts.residents();
        for j in 0..3 {
            let p0 = s.data.value(SeriesVar::Population, j, 0).unwrap();
            let p = s.data.value(SeriesVar::Population, j, t + 1).unwrap();
            let expected = initial[j] as f64 * p / p0;
            assert!(
                (residents[j] as f64 - expected).abs() < 1.0 + 1e-9,
                "t={t} country {j}: {} residents, {expected} on the data path",
                residents[j]
            );
        }
    });
}

#[test]
fn people_leave_working_age_abroad_as_well_as_at_home() {
    let (_d, s) = world("[decision]\nreconsider_probability = 1e-12\n");
    let first = build_world(&s).unwrap();
    let mut last = None;
    conserved(&s, |_, w, _| last = Some(w.counts.clone()));
    let last = last.unwrap();
    let (usa, mex) = (0, 1);
    let before = first.counts.stock(mex, usa);
    let after = last.stock(mex, usa);
    // One in 600 a month for 24 months: about 4 % of 4300.
    assert!(
        before - after > 100 && before - after < 260,
        "{before} → {after}"
    );
}

#[test]
fn the_skill_mix_of_new_cohorts_follows_the_data() {
    // Without exits the entrants are the growth of the data path alone.
    let (_d, s) = world_with(
        "exit_rate = 0",
        "[decision]\nreconsider_probability = 1e-12\n",
    );
    let first = build_world(&s).unwrap();
    let mex = 1usize;
    let mut expected_high = 0.0;
    let mut entered = 0u64;
    conserved(&s, |t, _, out| {
        let n = out.entries[mex] as f64;
        entered += out.entries[mex] as u64;
        expected_high += n * s
            .data
            .value(SeriesVar::HighSkilledShare, mex, t + 1)
            .unwrap();
    });
    let mut world = build_world(&s).unwrap();
    let mut kernel = Kernel::new(&world);
    let mut out = StepOutcome::default();
    for t in 0..s.simulation.months {
        kernel.step(&s, &mut world, t, &mut out);
    }
    let high = |c: &migrasim::world::Counts| -> u64 {
        (0..3).map(|r| c.get(mex, r, HIGH as usize) as u64).sum()
    };
    let high_entrants = high(&world.counts) - high(&first.counts);
    assert!(entered > 3000, "{entered}");
    assert!(
        (high_entrants as f64 - expected_high).abs() < 1.0 + 1e-9,
        "{high_entrants} high-skilled entrants, {expected_high} expected"
    );
    // Far above the 10 % of the first cohort.
    assert!(high_entrants as f64 > 0.15 * entered as f64);
}

#[test]
fn demography_is_byte_identical_for_any_thread_count() {
    let (_d, s) = world("[age]\n");
    let one = common::csv_bytes(&s, 1);
    for threads in [2, 3] {
        assert_eq!(one, common::csv_bytes(&s, threads), "{threads} threads");
    }
    let (_d, s) = world("");
    let one = common::csv_bytes(&s, 1);
    assert_eq!(one, common::csv_bytes(&s, 4));
    let ts = &one.iter().find(|(n, _)| n == "timeseries.csv").unwrap().1;
    let text = String::from_utf8_lossy(ts);
    assert!(text.lines().next().unwrap().contains(",entries,exits,"));
}
