//! The migrasim engine for the browser lab, as a WebAssembly module with a
//! plain `extern "C"` API (no bindgen): the page writes UTF-8 JSON into the
//! module's memory (`lab_alloc`), calls a function, and reads the answer
//! (`lab_result_ptr`, `lab_result_len`), which is JSON too.
//!
//! - `lab_new(ptr, len)`: input `{"scenario": TEXT, "label": NAME,
//!   "overrides": ["KEY=VALUE", ...]}`; starts a session; answer: the
//!   scenario's description (`LabInfo`) or `{"error": MESSAGE}`; returns 0
//!   on success, 1 on an error.
//! - `lab_step(n)`: runs up to n months; answer: the rows of each new month
//!   in people (`[{"t":…, "date":…, "rows":[LabRow…]}, …]`); returns the
//!   months done.
//! - `lab_series()`: answer: every recorded row so far (the comparison with
//!   the native engine).
//!
//! Single-threaded: there is one session at a time, kept in a thread-local.

use std::cell::RefCell;

use migrasim::lab::Session;
use serde_json::{Value, json};

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn answer(v: String) {
    RESULT.with(|r| *r.borrow_mut() = v.into_bytes());
}

/// Memory for `len` bytes of input; the page writes into it and passes the
/// pointer to a function, which frees it.
#[unsafe(no_mangle)]
pub extern "C" fn lab_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len.max(1));
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

fn take_input(ptr: *mut u8, len: usize) -> String {
    // SAFETY: ptr came from lab_alloc(len) and the page wrote len bytes.
    let v = unsafe { Vec::from_raw_parts(ptr, len, len.max(1)) };
    String::from_utf8_lossy(&v).into_owned()
}

/// Where the last answer is.
#[unsafe(no_mangle)]
pub extern "C" fn lab_result_ptr() -> *const u8 {
    RESULT.with(|r| r.borrow().as_ptr())
}

/// Length in bytes of the last answer.
#[unsafe(no_mangle)]
pub extern "C" fn lab_result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

/// Starts a session (see the module documentation).
#[unsafe(no_mangle)]
pub extern "C" fn lab_new(ptr: *mut u8, len: usize) -> i32 {
    let input = take_input(ptr, len);
    match start(&input) {
        Ok(info) => {
            answer(info);
            0
        }
        Err(e) => {
            answer(json!({ "error": e }).to_string());
            1
        }
    }
}

/// Starts a session from the page's JSON; returns the scenario's info.
pub fn start(input: &str) -> Result<String, String> {
    let v: Value = serde_json::from_str(input).map_err(|e| format!("bad request: {e}"))?;
    let text = v["scenario"].as_str().ok_or("bad request: no scenario text")?;
    let label = v["label"].as_str().unwrap_or("scenario");
    let overrides: Vec<String> = v["overrides"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let s = Session::new(text, label, &overrides).map_err(|e| e.to_string())?;
    let info = serde_json::to_string(&s.info()).map_err(|e| e.to_string())?;
    SESSION.with(|c| *c.borrow_mut() = Some(s));
    Ok(info)
}

/// Runs up to `n` months (see the module documentation).
#[unsafe(no_mangle)]
pub extern "C" fn lab_step(n: u32) -> u32 {
    let (done, out) = steps(n);
    answer(out);
    done
}

/// Runs up to `n` months of the session; months done and the new months'
/// rows as JSON.
pub fn steps(n: u32) -> (u32, String) {
    SESSION.with(|c| {
        let mut c = c.borrow_mut();
        let Some(s) = c.as_mut() else {
            return (0, "[]".into());
        };
        let mut months = Vec::new();
        for _ in 0..n {
            if !s.step() {
                break;
            }
            let t = s.months_done() - 1;
            months.push(json!({
                "t": t,
                "date": s.scenario().date_of_step(t).to_string(),
                "rows": s.month(t),
            }));
        }
        (s.months_done(), Value::Array(months).to_string())
    })
}

/// Every recorded row so far (see the module documentation).
#[unsafe(no_mangle)]
pub extern "C" fn lab_series() -> usize {
    let out = SESSION.with(|c| c.borrow().as_ref().map(Session::series_json).unwrap_or_default());
    answer(out);
    lab_result_len()
}
