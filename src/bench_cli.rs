//! `migrasim bench`: its arguments and the table of timings.

use clap::Args;
use clap::builder::RangedU64ValueParser;

use migrasim::{Error, preflight};

use crate::machine::{cap_threads, cores, memory_limit};

/// Arguments of `migrasim bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Agents N of the main cases (at least 1).
    #[arg(long, short = 'n', default_value_t = 10_000_000,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=4_000_000_000))]
    pub agents: u64,
    /// Countries K of the main cases (2 to 4096).
    #[arg(long, short = 'k', default_value_t = 20,
          value_parser = RangedU64ValueParser::<usize>::new().range(2..=4096))]
    pub countries: usize,
    /// Countries of the large-world case (2 to 4096).
    #[arg(long, default_value_t = 200,
          value_parser = RangedU64ValueParser::<usize>::new().range(2..=4096))]
    pub large_k: usize,
    /// Months T (1 to 120000).
    #[arg(long, short = 't', default_value_t = 120,
          value_parser = RangedU64ValueParser::<u32>::new().range(1..=120_000))]
    pub months: u32,
    /// Repetitions of each case (the median is reported; at least 1).
    #[arg(long, short = 'r', default_value_t = 3,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=1000))]
    pub repeat: usize,
    /// Threads of the parallel cases [default: all cores; capped at the cores].
    #[arg(long, short = 'j', value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub threads: Option<usize>,
    /// Also run N × 10 agents (1e8 by default: needs about 1 GB).
    #[arg(long)]
    pub big: bool,
    /// Skip the plain baseline (it is slow: about 20 s at N = 1e7).
    #[arg(long)]
    pub no_baseline: bool,
    /// Only the engine at N, K with the given threads (no table).
    #[arg(long)]
    pub single: bool,
}

pub fn bench(args: BenchArgs) -> Result<(), Error> {
    use migrasim::bench::{Case, Implementation, measure};
    let threads = cap_threads(args.threads, "--threads", false)?.unwrap_or_else(cores);
    let engine = |agents, countries, threads| Case {
        implementation: Implementation::Engine,
        agents,
        countries,
        months: args.months,
        threads,
    };
    let mut cases = vec![engine(args.agents, args.countries, threads)];
    if !args.single {
        cases.push(engine(args.agents, args.large_k, threads));
        if threads > 1 {
            cases.push(engine(args.agents, args.countries, 1));
        }
        if args.big {
            cases.push(engine(args.agents * 10, args.countries, threads));
        }
        if !args.no_baseline {
            cases.push(Case {
                implementation: Implementation::Baseline,
                threads: 1,
                ..engine(args.agents, args.countries, 1)
            });
        }
    }
    if let Some((max, limit)) = memory_limit(None)? {
        for c in &cases {
            let s = migrasim::scenario::synthetic::reference_scenario(
                c.agents,
                c.countries,
                c.months,
                1,
            );
            preflight::check_memory(&preflight::estimate(&s, false), max, limit)?;
        }
    }
    println!(
        "| implementation | N | K | T | threads | median s | agent-steps/s | peak MB | bytes/agent | share abroad |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut results = Vec::new();
    for case in cases {
        let m = measure(case, args.repeat)?;
        println!(
            "| {} | {:.0e} | {} | {} | {} | {:.3} | {:.3e} | {} | {} | {:.4} |",
            match case.implementation {
                Implementation::Engine => "engine",
                Implementation::Baseline => "baseline",
            },
            case.agents as f64,
            case.countries,
            case.months,
            case.threads,
            m.median_seconds,
            m.agent_steps_per_second,
            m.peak_memory_bytes
                .map_or("-".into(), |b| format!("{:.1}", b as f64 / 1e6)),
            m.peak_bytes_per_agent
                .map_or("-".into(), |b| format!("{b:.2}")),
            m.share_abroad
        );
        results.push(m);
    }
    let time = |imp, n, k, j| {
        results
            .iter()
            .find(|m| {
                m.case.implementation == imp
                    && m.case.agents == n
                    && m.case.countries == k
                    && m.case.threads == j
            })
            .map(|m| m.median_seconds)
    };
    let main = time(Implementation::Engine, args.agents, args.countries, threads);
    let ratio = |label: &str, a: Option<f64>, b: Option<f64>| {
        if let (Some(a), Some(b)) = (a, b) {
            println!("{label}: {:.2}", a / b);
        }
    };
    println!();
    ratio(
        &format!("time K={} / K={}", args.large_k, args.countries),
        time(Implementation::Engine, args.agents, args.large_k, threads),
        main,
    );
    ratio(
        &format!("speed-up 1 → {threads} threads"),
        time(Implementation::Engine, args.agents, args.countries, 1),
        main,
    );
    ratio(
        &format!(
            "time N={:.0e} / N={:.0e}",
            args.agents as f64 * 10.0,
            args.agents as f64
        ),
        time(
            Implementation::Engine,
            args.agents * 10,
            args.countries,
            threads,
        ),
        main,
    );
    ratio(
        "engine speed-up over the plain baseline",
        time(Implementation::Baseline, args.agents, args.countries, 1),
        main,
    );
    Ok(())
}
