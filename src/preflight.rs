//! Before a run: how much memory and disk it will need, estimated from the
//! scenario alone, and whether that fits the machine.
//!
//! Both estimates are upper bounds derived from the column types:
//!
//! - **memory**: the agent columns (bytes per agent of [`Agents`], plus
//!   [`Life`], the region and displacement columns where used), the kernel's
//!   scratch for every agent deciding in the same month, the K×K matrices,
//!   and the recorded series (one [`CountryMonth`] per country and month, one
//!   [`FlowRow`] per non-zero corridor and month — at most min(K(K−1), N) —,
//!   one [`StockRow`] per corridor and year, one [`RegionRow`] per region and
//!   month), counted twice when charts are drawn (they read the tables back),
//!   plus a fixed 32 MiB for the program itself;
//! - **output**: the CSV tables' rows times the widest row the column types
//!   allow (counts of people as wide as the world's population, wages with
//!   two decimals, shares with six), plus 4 MiB for charts and report.
//!
//! docs/safety.md states how close they come to measured runs.

use crate::kernel::SCRATCH_BYTES_PER_DECIDER;
use crate::model::Scenario;
use crate::observe::{CountryMonth, FlowForms, FlowRow, RegionRow, StockRow};
use crate::output::tables::{FLOWS_COLUMNS, REGIONS_COLUMNS, STOCKS_COLUMNS, TIMESERIES_COLUMNS};
use crate::world::layout::{agents_per_country, total_agents};
use crate::world::{Agents, Life};

/// Memory of the program besides the run: code, libraries, thread stacks
/// in use, allocator slack (bytes).
pub const PROGRAM_BYTES: u64 = 32 << 20;

/// Bytes of the charts and report.html of a run (at most, about).
pub const CHART_BYTES: u64 = 4 << 20;

/// The estimates of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Agents the run simulates (saturating).
    pub agents: u64,
    /// Peak memory, bytes (an upper bound).
    pub memory_bytes: u64,
    /// Of which the agent columns and kernel scratch.
    pub agent_bytes: u64,
    /// Of which the recorded series.
    pub recorded_bytes: u64,
    /// Size of the run folder, bytes (an upper bound).
    pub output_bytes: u64,
}

fn digits(x: f64) -> u64 {
    if x.is_nan() || x < 1.0 {
        1
    } else if x.is_finite() {
        (libm::log10(x).floor() as u64 + 1).min(400)
    } else {
        400
    }
}

/// Estimates the memory and output of `scenario` (charts drawn or not).
pub fn estimate(scenario: &Scenario, plots: bool) -> Estimate {
    let s = scenario;
    let k = s.countries.len() as u64;
    let months = s.simulation.months as u64;
    let n = total_agents(&agents_per_country(s));
    let mut per_agent = Agents::BYTES_PER_AGENT as u64;
    if s.has_forms() {
        per_agent += Life::BYTES_PER_AGENT as u64;
    }
    if !s.regions.is_empty() {
        per_agent += 2;
    }
    if !s.shocks.is_empty() {
        per_agent += 1;
    }
    // Deciders of a month: a share p of the agents, with room for the
    // buffers' doubling.
    let deciding = (2.0 * s.decision.reconsider_probability).min(1.0);
    let scratch =
        (n as f64 * deciding * SCRATCH_BYTES_PER_DECIDER as f64).min(u64::MAX as f64) as u64;
    let agent_bytes = n.saturating_mul(per_agent).saturating_add(scratch);
    let corridors = k.saturating_mul(k.saturating_sub(1)).min(n.max(1));
    let years = months / 12 + 1;
    let regions = s.regions.len() as u64;
    let flow_row = std::mem::size_of::<FlowRow>() as u64
        + if s.has_forms() {
            std::mem::size_of::<FlowForms>() as u64
        } else {
            0
        };
    let series = months
        .saturating_mul(k)
        .saturating_mul(std::mem::size_of::<CountryMonth>() as u64);
    let flows = months.saturating_mul(corridors).saturating_mul(flow_row);
    let stocks = years
        .saturating_mul(corridors)
        .saturating_mul(std::mem::size_of::<StockRow>() as u64);
    let region_rows = months
        .saturating_mul(regions)
        .saturating_mul(std::mem::size_of::<RegionRow>() as u64);
    // The series is reserved exactly; the other tables grow by doubling.
    let recorded = series.saturating_add(
        flows
            .saturating_add(stocks)
            .saturating_add(region_rows)
            .saturating_mul(2),
    );
    // The charts read the tables back (rows with their strings), growing
    // by doubling too.
    let charts = if plots {
        chart_rows(months.saturating_mul(k), months.saturating_mul(corridors))
    } else {
        0
    };
    // K×K matrices of counts, flows by kind, distances, decision tables.
    let matrices = k.saturating_mul(k).saturating_mul(16 * 8);
    let memory = PROGRAM_BYTES
        .saturating_add(agent_bytes)
        .saturating_add(matrices)
        .saturating_add(recorded)
        .saturating_add(charts);

    // Widest rows: a count of people is at most the world's population.
    let people: f64 = s.countries.iter().map(|c| c.population).sum();
    let count = digits(people) + 1;
    let step = digits(months as f64) + 1;
    let date = 8;
    let code = 9;
    let wage = s
        .countries
        .iter()
        .map(|c| digits(c.wage_high.max(c.wage_low) * 100.0) + 4)
        .max()
        .unwrap_or(12);
    let share = 10;
    let text = 12;
    // timeseries: step, date, country; wages, FDI and money with two
    // decimals; rates with six; phase and shock names; the rest counts.
    let ts_cols = TIMESERIES_COLUMNS.len() as u64;
    let ts_row =
        step + date + code + 6 * wage + 5 * share + 2 * text + ts_cols.saturating_sub(16) * count;
    // flows: step, date, two codes, territory and two directions, the rest counts.
    let fl_cols = FLOWS_COLUMNS.len() as u64;
    let fl_row = step + date + 2 * code + 3 * text + fl_cols.saturating_sub(7) * count;
    let st_row = step + date + 2 * code + (STOCKS_COLUMNS.len() as u64).saturating_sub(4) * count;
    let rg_row = step
        + date
        + code
        + text
        + 2 * wage
        + share
        + (REGIONS_COLUMNS.len() as u64).saturating_sub(8) * count;
    let output = months
        .saturating_mul(k)
        .saturating_mul(ts_row)
        .saturating_add(months.saturating_mul(corridors).saturating_mul(fl_row))
        .saturating_add(years.saturating_mul(corridors).saturating_mul(st_row))
        .saturating_add(months.saturating_mul(regions).saturating_mul(rg_row))
        .saturating_add(k.saturating_mul(200))
        .saturating_add(1 << 20)
        .saturating_add(if plots { CHART_BYTES } else { 0 });
    Estimate {
        agents: n,
        memory_bytes: memory,
        agent_bytes,
        recorded_bytes: recorded,
        output_bytes: output,
    }
}

/// Bytes the charts take to read `series` rows of timeseries.csv and
/// `flows` rows of flows.csv back (the row structs, the strings of each
/// series row, the growth of the vectors).
#[cfg(feature = "plots")]
fn chart_rows(series: u64, flows: u64) -> u64 {
    use crate::plots::data::{FlowRow, SeriesRow};
    let series_row = std::mem::size_of::<SeriesRow>() as u64 + 2 * 32;
    let flow_row = std::mem::size_of::<FlowRow>() as u64;
    series
        .saturating_mul(series_row)
        .saturating_add(flows.saturating_mul(flow_row))
        .saturating_mul(2)
}

/// Without the feature `plots` no charts are drawn.
#[cfg(not(feature = "plots"))]
fn chart_rows(_series: u64, _flows: u64) -> u64 {
    0
}

/// Memory the machine has available now (MemAvailable of /proc/meminfo),
/// bytes; `None` where the system does not tell (then no limit applies
/// unless `--max-memory` is given).
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.saturating_mul(1024))
}

/// Bytes for people: `1.2 GB`, `345.6 MB`, `12 kB` (powers of 1000).
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e12 {
        format!("{:.1} TB", b / 1e12)
    } else if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.0} kB", (b / 1e3).ceil())
    }
}

/// Parses a memory size: bytes, or a number with `k`, `M`, `G`, `T` (powers
/// of 1000) or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024), e.g. `8G`,
/// `1.5GB`, `512MiB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let x: f64 = num.parse().map_err(|_| {
        format!("\"{text}\" is not a size; allowed: e.g. 8G, 1.5GB, 512MiB or bytes")
    })?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => {
            return Err(format!(
                "\"{text}\": unknown unit \"{}\"; allowed: k, M, G, T (powers of 1000) or KiB, MiB, GiB, TiB",
                unit.trim()
            ));
        }
    };
    let bytes = x * factor;
    if bytes.is_nan() || bytes < 1.0 || !bytes.is_finite() || bytes > u64::MAX as f64 {
        return Err(format!(
            "\"{text}\" is not a usable size; allowed: at least 1 byte"
        ));
    }
    Ok(bytes as u64)
}

/// Where a memory limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `--max-memory` as given.
    Given,
    /// The memory the machine has available now.
    Available,
}

/// Refuses a run whose memory estimate exceeds `max_memory` bytes, before
/// anything big is allocated.
pub fn check_memory(e: &Estimate, max_memory: u64, limit: Limit) -> Result<(), crate::Error> {
    if e.memory_bytes <= max_memory {
        return Ok(());
    }
    let (what, raise) = match limit {
        Limit::Given => (
            format!("--max-memory {}", human(max_memory)),
            "raise --max-memory if the machine has the memory",
        ),
        Limit::Available => (
            format!("the {} this machine has available", human(max_memory)),
            "run it on a machine with more memory (--max-memory sets the limit)",
        ),
    };
    Err(crate::Error::Options(format!(
        "the run would need up to {} of memory ({} agents: {} for agents, {} for the recorded \
         series), more than {what}; lower simulation.agents (or raise \
         simulation.people_per_agent), simulation.months or the number of countries, or {raise}",
        human(e.memory_bytes),
        e.agents,
        human(e.agent_bytes),
        human(e.recorded_bytes),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::reference_scenario;

    #[test]
    fn sizes_parse_with_units_and_reject_nonsense() {
        assert_eq!(parse_size("8G"), Ok(8_000_000_000));
        assert_eq!(parse_size("1.5GB"), Ok(1_500_000_000));
        assert_eq!(parse_size("512MiB"), Ok(512 << 20));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("-1G").is_err());
        assert!(
            parse_size("8 parsecs")
                .unwrap_err()
                .contains("unknown unit")
        );
        assert!(parse_size("").is_err());
    }

    #[test]
    fn estimates_grow_with_agents_months_and_countries() {
        let a = estimate(&reference_scenario(1000, 4, 24, 1), false);
        let b = estimate(&reference_scenario(100_000, 4, 24, 1), false);
        let c = estimate(&reference_scenario(1000, 4, 2400, 1), false);
        let d = estimate(&reference_scenario(1000, 40, 24, 1), false);
        for x in [&b, &c, &d] {
            assert!(x.memory_bytes > a.memory_bytes);
        }
        // The files hold counts per country and month, not per agent.
        assert_eq!(b.output_bytes, a.output_bytes);
        assert!(c.output_bytes > 50 * (a.output_bytes - (1 << 20)));
        assert!(d.output_bytes > a.output_bytes);
        let ratio = b.agent_bytes as f64 / a.agent_bytes as f64;
        assert!((ratio - 100.0).abs() < 0.01, "{ratio}");
        let plots = estimate(&reference_scenario(1000, 4, 24, 1), true);
        assert!(plots.memory_bytes > a.memory_bytes && plots.output_bytes > a.output_bytes);
    }

    #[test]
    fn an_over_large_run_is_refused_with_the_figures() {
        let e = estimate(&reference_scenario(4_000_000_000, 20, 120, 1), false);
        assert!(e.memory_bytes > 4_000_000_000 * 5);
        let msg = check_memory(&e, 8_000_000_000, Limit::Given)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("4000000000 agents"), "{msg}");
        assert!(msg.contains("more than --max-memory 8.0 GB"), "{msg}");
    }
}
