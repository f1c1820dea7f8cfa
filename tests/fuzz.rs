//! Fuzzing (issue 11): the scenario loader, `--set` overrides and the sweep
//! file parser get structured input (valid files with values, keys and
//! tables replaced by extreme or wrong ones) and unstructured input (random
//! bytes, text mutated byte by byte). No input may panic, abort, or take more
//! than 2 s of CPU time (a watchdog aborts the test with the input saved).
//!
//! - `cargo test --release --test fuzz` runs the corpus in
//!   `tests/fuzz-corpus/` and a short pass of new inputs (well under 60 s);
//! - `MIGRASIM_FUZZ_INPUTS=1000000` runs that many new inputs,
//!   `MIGRASIM_FUZZ_SEED=N` another stream of them;
//! - `MIGRASIM_FUZZ_SAVE=1` adds inputs that give a message never seen
//!   before to the corpus (at most 100 per target).
//!
//! A failing input is written to `target/fuzz-failures/` and named in the
//! failure message; add it to the corpus once fixed.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest an input may take, in CPU time of this process (the machine
/// may be shared: wall time would count other programs' work).
const HANG_CPU_SECONDS: f64 = 2.0;

/// Longest an input may take in wall time, however loaded the machine.
const HANG_WALL: Duration = Duration::from_secs(120);

/// CPU seconds this process has used (its threads together: the fuzzing
/// thread and a watchdog that mostly sleeps).
fn cpu_seconds() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// splitmix64: a small deterministic generator for the harness itself.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Values that have broken parsers and validators before.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "4294967296",
    "4000000000",
    "120000",
    "0.0",
    "-0.0",
    "1e-300",
    "1e300",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "0.5",
    "1.5",
    "100",
    "\"\"",
    "\"x\"",
    "\"POL\"",
    "\"pol\"",
    "\"9999-12\"",
    "\"0000-01\"",
    "\"2004-13\"",
    "\"2004-1\"",
    "\"../..\"",
    "\".\"",
    "\"Ωmega\"",
    "\"a\\u0000b\"",
    "[]",
    "[1, 2]",
    "[\"POL\", \"POL\"]",
    "[[1], [2]]",
    "{}",
    "{ start = 1, stop = 1e9, step = 1e-9 }",
    "{ start = 0, stop = 1, num = 1000000 }",
    "{ distribution = \"normal\", mean = 0, sd = -1 }",
    "true",
    "false",
    "1979-05-27T07:32:00Z",
];

/// Keys that mean something somewhere.
const KEYS: &[&str] = &[
    "name",
    "extends",
    "simulation",
    "start",
    "months",
    "agents",
    "people_per_agent",
    "seed",
    "country",
    "code",
    "population",
    "wage_low",
    "wage_high",
    "world",
    "synthetic",
    "countries",
    "bloc",
    "members",
    "accession",
    "decision",
    "home_bias",
    "scenario",
    "replicates",
    "axes",
    "design",
    "kind",
    "samples",
    "outputs",
    "keep",
    "corridors",
    "phase",
    "shock",
    "region",
    "season",
    "age",
];

/// Text fragments for unstructured mutation.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "=",
    "\"",
    "'",
    "\n",
    "{",
    "}",
    ",",
    ".",
    "#",
    "\\",
    "\"\"\"",
    "-",
    "\u{feff}",
    "\u{0}",
    "é",
    "[simulation",
    "[[country]]\n",
    "a.b.c = 1\n",
    "x = 1\nx = 2\n",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Scenario,
    Set,
    Plan,
}

impl Target {
    fn dir(self) -> &'static str {
        match self {
            Target::Scenario => "scenario",
            Target::Set => "set",
            Target::Plan => "plan",
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs one input; returns a short signature of the outcome (the kinds of
/// message it gave, numbers and quotes removed).
fn run_one(target: Target, input: &str, base: &str) -> String {
    let sig = |e: String| -> String {
        let mut kinds: Vec<String> = e
            .lines()
            .map(|l| {
                let msg = l.split(": ").skip(1).collect::<Vec<_>>().join(": ");
                msg.chars()
                    .filter(|c| !c.is_ascii_digit())
                    .take(48)
                    .collect::<String>()
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds.join("|")
    };
    match target {
        Target::Scenario => match migrasim::scenario::from_str(input, "scenarios/fuzz.toml", &[]) {
            Ok(s) => {
                // What `validate` and `run` compute before simulating.
                let e = migrasim::preflight::estimate(&s, true);
                assert!(e.memory_bytes > 0);
                let _ = migrasim::scenario::describe::summary(&s);
                "ok".into()
            }
            Err(e) => sig(e.to_string()),
        },
        Target::Set => {
            let sets: Vec<String> = input.split('\u{1}').map(String::from).collect();
            match migrasim::scenario::from_str(base, "scenarios/fuzz.toml", &sets) {
                Ok(s) => {
                    let _ = migrasim::preflight::estimate(&s, false);
                    "ok".into()
                }
                Err(e) => sig(e.to_string()),
            }
        }
        Target::Plan => {
            let path = root().join("scenarios/fuzz-plan.toml");
            match migrasim::sweep::plan::parse(&path, input).and_then(|f| f.plan()) {
                Ok(p) => format!("ok {}", p.runs.len().min(1)),
                Err(e) => sig(e.to_string()),
            }
        }
    }
}

/// A TOML text with one value, key or table changed (structured).
fn structured(rng: &mut Rng, text: &str) -> String {
    let Ok(mut table) = text.parse::<toml::Table>() else {
        return text.to_string();
    };
    fn paths(t: &toml::Table, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        for (k, v) in t {
            prefix.push(k.clone());
            out.push(prefix.clone());
            match v {
                toml::Value::Table(s) => paths(s, prefix, out),
                toml::Value::Array(a) => {
                    for (i, x) in a.iter().enumerate().take(4) {
                        if let toml::Value::Table(s) = x {
                            prefix.push(format!("#{i}"));
                            paths(s, prefix, out);
                            prefix.pop();
                        }
                    }
                }
                _ => {}
            }
            prefix.pop();
        }
    }
    let mut all = Vec::new();
    paths(&table, &mut Vec::new(), &mut all);
    if all.is_empty() {
        return text.to_string();
    }
    let path = rng.pick(&all).clone();
    let value: toml::Value = {
        let v = rng.pick(VALUES);
        format!("v = {v}")
            .parse::<toml::Table>()
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or(toml::Value::Integer(0))
    };
    let op = rng.below(5);
    fn nav<'a>(t: &'a mut toml::Table, path: &[String]) -> Option<&'a mut toml::Table> {
        if path.is_empty() {
            return Some(t);
        }
        let v = t.get_mut(&path[0])?;
        match path.get(1).and_then(|s| s.strip_prefix('#')) {
            Some(i) => {
                let i: usize = i.parse().ok()?;
                let inner = v.as_array_mut()?.get_mut(i)?.as_table_mut()?;
                nav(inner, &path[2..])
            }
            None => nav(v.as_table_mut()?, &path[1..]),
        }
    }
    let Some(t) = nav(&mut table, &path[..path.len() - 1]) else {
        return text.to_string();
    };
    let last = path.last().cloned().unwrap_or_default();
    match op {
        0 => {
            t.remove(&last);
        }
        1 => {
            t.insert(rng.pick(KEYS).to_string(), value);
        }
        2 => {
            if let Some(toml::Value::Array(a)) = t.get_mut(&last)
                && let Some(x) = a.first().cloned()
            {
                for _ in 0..rng.below(3) + 1 {
                    a.push(x.clone());
                }
            }
        }
        _ => {
            t.insert(last, value);
        }
    }
    toml::to_string(&table).unwrap_or_default()
}

/// `text` with a few byte-level changes (unstructured).
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    for _ in 0..rng.below(4) + 1 {
        let at = rng.below(b.len() + 1);
        match rng.below(7) {
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let end = (at + rng.below(40)).min(b.len());
                b.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(80)).min(b.len());
                let piece = b[at..end].to_vec();
                for _ in 0..rng.below(3) + 1 {
                    b.splice(at..at, piece.iter().copied());
                }
            }
            3 => b.truncate(at),
            4 => {
                let v = rng.pick(VALUES);
                b.splice(at..at, v.bytes());
            }
            5 => {
                let k = rng.pick(KEYS);
                b.splice(at..at, format!("\n{k} = ").bytes());
            }
            _ => {
                let t = rng.pick(TOKENS);
                b.splice(at..at, t.bytes());
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Random bytes (as lossy text), or random tokens.
fn random(rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        let n = rng.below(200);
        let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        let mut s = String::new();
        for _ in 0..rng.below(30) {
            match rng.below(3) {
                0 => s.push_str(rng.pick::<&str>(TOKENS)),
                1 => s.push_str(rng.pick::<&str>(KEYS)),
                _ => s.push_str(rng.pick::<&str>(VALUES)),
            }
        }
        s
    }
}

/// `--set` lines: a key path of the scenario (or nonsense) and a value.
fn set_lines(rng: &mut Rng) -> String {
    const PATHS: &[&str] = &[
        "simulation.agents",
        "simulation.months",
        "simulation.start",
        "simulation.seed",
        "simulation.people_per_agent",
        "decision.home_bias",
        "decision.reconsider_probability",
        "country.DEU.wage_low",
        "country.POL.wage_high",
        "country.0.population",
        "country.7.code",
        "country.POL",
        "bloc.EU.members",
        "world.synthetic.countries",
        "costs.border_barrier",
        "",
        ".",
        "..x",
        "country..code",
        "age.retire_at",
    ];
    let n = rng.below(3) + 1;
    let mut lines = Vec::new();
    for _ in 0..n {
        let key = if rng.below(8) == 0 {
            random(rng).replace('=', "")
        } else {
            rng.pick(PATHS).to_string()
        };
        let value = if rng.below(6) == 0 {
            let v = *rng.pick(VALUES);
            mutate(rng, v)
        } else {
            rng.pick(VALUES).to_string()
        };
        let sep = if rng.below(20) == 0 { "" } else { "=" };
        lines.push(format!("{key}{sep}{value}"));
    }
    lines.join("\u{1}")
}

fn corpus(target: Target) -> Vec<(PathBuf, String)> {
    let dir = root().join("tests/fuzz-corpus").join(target.dir());
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter_map(|p| {
                    let b = std::fs::read(&p).ok()?;
                    Some((p, String::from_utf8_lossy(&b).into_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What the watchdog knows of the input under test.
struct Current {
    started: Option<(Instant, f64)>,
    target: Target,
    input: String,
}

fn save_failure(target: Target, input: &str, why: &str) -> PathBuf {
    let dir = root().join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!(
        "{}-{}.txt",
        target.dir(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let _ = std::fs::write(&path, input);
    eprintln!("fuzz: {why}: input saved to {}", path.display());
    path
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn fuzz_loader_set_and_sweep_plans() {
    let inputs = env_u64("MIGRASIM_FUZZ_INPUTS", 10_000);
    let seed = env_u64("MIGRASIM_FUZZ_SEED", 11);
    let save = std::env::var_os("MIGRASIM_FUZZ_SAVE").is_some();
    // Quiet panics: they are caught and reported with their input.
    std::panic::set_hook(Box::new(|_| {}));

    let seeds_scenario: Vec<String> = ["quickstart", "drivers", "reference", "shocks"]
        .iter()
        .map(|n| std::fs::read_to_string(root().join(format!("scenarios/{n}.toml"))).unwrap())
        .chain([format!(
            "name = \"two\"\n[simulation]\nstart = \"2004-01\"\nmonths = 24\nagents = 1000\n{}",
            TWO
        )])
        .collect();
    let base = seeds_scenario.last().unwrap().clone();
    let seeds_plan: Vec<String> = vec![
        std::fs::read_to_string(root().join("scenarios/sweep-example.toml")).unwrap(),
        "scenario = \"quickstart.toml\"\nreplicates = 2\n[design]\nkind = \"latin\"\nsamples = 20\n\
         [axes]\ndecision.home_bias = { distribution = \"uniform\", min = 0, max = 2 }\n"
            .to_string(),
    ];

    let current = Arc::new(Mutex::new(Current {
        started: None,
        target: Target::Scenario,
        input: String::new(),
    }));
    let done = Arc::new(AtomicU64::new(0));
    {
        let current = current.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let c = current.lock().unwrap();
                if let Some((wall, cpu)) = c.started
                    && (cpu_seconds() - cpu > HANG_CPU_SECONDS || wall.elapsed() > HANG_WALL)
                {
                    let p = save_failure(c.target, &c.input, "an input took more than 2 s");
                    eprintln!("fuzz: HANG on {:?} input {}", c.target, p.display());
                    std::process::abort();
                }
            }
        });
    }

    let mut seen: [HashSet<String>; 3] = Default::default();
    let mut saved = [0usize; 3];
    let mut failures = Vec::new();
    let started = Instant::now();
    let mut check = |target: Target, input: String, from_corpus: bool| {
        {
            let mut c = current.lock().unwrap();
            c.started = Some((Instant::now(), cpu_seconds()));
            c.target = target;
            c.input.clone_from(&input);
        }
        let out = catch_unwind(AssertUnwindSafe(|| run_one(target, &input, &base)));
        current.lock().unwrap().started = None;
        done.fetch_add(1, Ordering::Relaxed);
        let t = target as usize;
        match out {
            Ok(sig) => {
                if seen[t].insert(sig) && save && !from_corpus && saved[t] < 100 {
                    let dir = root().join("tests/fuzz-corpus").join(target.dir());
                    let _ = std::fs::create_dir_all(&dir);
                    let h = input.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
                    });
                    let _ = std::fs::write(dir.join(format!("{h:016x}.txt")), &input);
                    saved[t] += 1;
                }
            }
            Err(_) => failures.push(save_failure(target, &input, "panic")),
        }
    };

    for target in [Target::Scenario, Target::Set, Target::Plan] {
        for (_, text) in corpus(target) {
            check(target, text, true);
        }
    }
    let corpus_inputs = done.load(Ordering::Relaxed);
    let mut rng = Rng(seed);
    let scen_corpus: Vec<String> = corpus(Target::Scenario).into_iter().map(|x| x.1).collect();
    let plan_corpus: Vec<String> = corpus(Target::Plan).into_iter().map(|x| x.1).collect();
    for i in 0..inputs {
        let (target, input) = match i % 10 {
            // Structured: a valid file with one thing changed (twice, at times).
            0..=2 => {
                let mut t = rng.pick(&seeds_scenario).clone();
                for _ in 0..rng.below(2) + 1 {
                    t = structured(&mut rng, &t);
                }
                (Target::Scenario, t)
            }
            3 => {
                let t = if scen_corpus.is_empty() || rng.below(2) == 0 {
                    rng.pick(&seeds_scenario).clone()
                } else {
                    rng.pick(&scen_corpus).clone()
                };
                (Target::Scenario, mutate(&mut rng, &t))
            }
            4 => (Target::Scenario, random(&mut rng)),
            5 | 6 => (Target::Set, set_lines(&mut rng)),
            7 => {
                let t = rng.pick(&seeds_plan).clone();
                (Target::Plan, structured(&mut rng, &t))
            }
            8 => {
                let t = if plan_corpus.is_empty() || rng.below(2) == 0 {
                    rng.pick(&seeds_plan).clone()
                } else {
                    rng.pick(&plan_corpus).clone()
                };
                (Target::Plan, mutate(&mut rng, &t))
            }
            _ => (Target::Plan, random(&mut rng)),
        };
        check(target, input, false);
        if (i + 1) % 100_000 == 0 {
            eprintln!(
                "fuzz: {} new inputs in {:.0} s",
                i + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let n = done.load(Ordering::Relaxed);
    eprintln!(
        "fuzz: {n} inputs ({corpus_inputs} from the corpus) in {:.1} s, seed {seed}: {} panics; \
         {} / {} / {} kinds of outcome (scenario / --set / plan)",
        started.elapsed().as_secs_f64(),
        failures.len(),
        seen[0].len(),
        seen[1].len(),
        seen[2].len()
    );
    assert!(failures.is_empty(), "inputs that panicked: {failures:?}");
}

const TWO: &str = include_str!("fixtures/two-countries.toml");
