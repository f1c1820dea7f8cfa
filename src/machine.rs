//! What this machine offers a command: its cores, the threads a command
//! may use, and the memory limit of a run.

use migrasim::Error;
use migrasim::preflight;

/// The cores of this machine.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `--threads N` checked: 0 is an error; more than the cores is capped at
/// the cores with a notice (more threads than cores only slow a run down).
pub fn cap_threads(
    threads: Option<usize>,
    option: &str,
    quiet: bool,
) -> Result<Option<usize>, Error> {
    match threads {
        Some(0) => Err(Error::Options(format!(
            "{option} 0: a run needs at least 1 thread; allowed: 1 to {} (the cores of this machine)",
            cores()
        ))),
        Some(n) if n > cores() => {
            let c = cores();
            if !quiet {
                eprintln!(
                    "note: {option} {n} is more than the {c} core{} of this machine; using {c}",
                    if c == 1 { "" } else { "s" }
                );
            }
            Ok(Some(c))
        }
        t => Ok(t),
    }
}

/// The memory limit: `--max-memory`, else what the machine has available
/// (none where the system does not tell).
pub fn memory_limit(max_memory: Option<&str>) -> Result<Option<(u64, preflight::Limit)>, Error> {
    match max_memory {
        Some(text) => preflight::parse_size(text)
            .map(|b| Some((b, preflight::Limit::Given)))
            .map_err(|e| Error::Options(format!("--max-memory: {e}"))),
        None => Ok(preflight::available_memory().map(|b| (b, preflight::Limit::Available))),
    }
}
