//! Replays the fuzz targets' inputs in the normal test suite: every seed in
//! `fuzz/corpus/<target>/` and every crash input saved in
//! `fuzz/regressions/<target>/` is run through the same calls, with the same
//! assertions, as the cargo-fuzz target (the checks are one shared file,
//! `fuzz/src/checks.rs`). Stable Rust, no fuzzing dependency.
//!
//! A failing input is a netra-core bug the fuzzer found: the test lists
//! every failing file with its panic message and location (see
//! fuzz/README.md). Crash inputs run in child processes, so one that
//! aborts or hangs fails its own case only.

use std::cell::RefCell;
use std::io::Read as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

#[allow(dead_code)]
mod checks {
    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/src/checks.rs"
    ));
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files directly in `dir`, sorted; none when it does not exist.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

thread_local! {
    /// Where the last panic on this thread happened.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps the default panic output and also records where each panic
/// happened, so a failing input is reported with its source location.
fn record_panic_locations() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let at = info.location().map(|l| {
                let file = l.file();
                // Dependencies: "calamine-0.38.0/src/..." instead of the registry path.
                let file = match file.find("/registry/src/") {
                    Some(i) => file[i + 14..]
                        .split_once('/')
                        .map_or(file, |(_, rest)| rest),
                    None => file,
                };
                format!("{file}:{}:{}", l.line(), l.column())
            });
            PANIC_AT.with(|p| *p.borrow_mut() = at);
            default(info);
        }));
    });
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(panic without a message)".to_string()
    }
}

/// How long one regression input may take in its own process (debug build).
fn replay_timeout() -> Duration {
    let secs = std::env::var("NETRA_FUZZ_REPLAY_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

/// Runs `check` on every seed and regression input of `target`; fails
/// listing each input that panics. Seeds run in this process. Crash inputs
/// each run in a child process (this test binary, [`replay_one`]): an input
/// that aborts (an allocation failure), overflows the stack or hangs fails
/// its case instead of taking every other test down.
fn replay(target: &str, check: fn(&[u8])) {
    record_panic_locations();
    let seeds = files_in(&fuzz_dir().join("corpus").join(target));
    assert!(
        !seeds.is_empty(),
        "no seeds in fuzz/corpus/{target}/ (run from the repository checkout)"
    );
    let regressions = files_in(&fuzz_dir().join("regressions").join(target));
    let mut failures = Vec::new();
    let total = seeds.len() + regressions.len();
    let name = |path: &Path| {
        let rel = path.strip_prefix(fuzz_dir()).unwrap_or(path);
        format!("fuzz/{}", rel.display())
    };
    for path in &seeds {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        PANIC_AT.with(|p| p.borrow_mut().take());
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
            failures.push(format!(
                "{}: {} (at {at})",
                name(path),
                panic_message(&*payload)
            ));
        }
    }
    for path in &regressions {
        if let Err(why) = replay_in_child(target, path) {
            failures.push(format!("{}: {why}", name(path)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} inputs of fuzz target `{target}` fail (a netra-core bug found by fuzzing; \
         the input stays in fuzz/ as a regression until it is fixed):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

const REPLAY_ENV: &str = "NETRA_FUZZ_REPLAY_ONE";
const FAILED_MARK: &str = "fuzz-replay-failed: ";

/// Runs one input of `target` in a child process; the error says how it failed.
fn replay_in_child(target: &str, path: &Path) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["--exact", "replay_one", "--nocapture", "--test-threads=1"])
        .env(REPLAY_ENV, format!("{target}\n{}", path.display()))
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the replay process: {e}"))?;
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stderr.read_to_string(&mut out);
        out
    });
    let started = Instant::now();
    let timeout = replay_timeout();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap_or_default();
    match status {
        Some(status) if status.success() => Ok(()),
        None => Err(format!(
            "still running after {} s (NETRA_FUZZ_REPLAY_TIMEOUT_SECS), killed",
            timeout.as_secs()
        )),
        Some(status) => Err(stderr
            .lines()
            .find_map(|l| l.strip_prefix(FAILED_MARK).map(str::to_string))
            .unwrap_or_else(|| {
                // Died without unwinding (allocation failure, stack
                // overflow, signal): its last words say why.
                let last: Vec<&str> = stderr
                    .lines()
                    .map(str::trim)
                    .filter(|l| {
                        !l.is_empty() && !l.starts_with("running ") && !l.starts_with("note:")
                    })
                    .collect();
                let last = &last[last.len().saturating_sub(3)..];
                format!("replay process ended with {status}: {}", last.join(" | "))
            })),
    }
}

/// The child side of [`replay_in_child`]; does nothing in a normal run.
#[test]
fn replay_one() {
    let Ok(job) = std::env::var(REPLAY_ENV) else {
        return;
    };
    record_panic_locations();
    let (target, path) = job.split_once('\n').expect("target and path");
    let check = checks::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, check)| *check)
        .unwrap_or_else(|| panic!("unknown fuzz target {target}"));
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| check(&data))) {
        let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
        eprintln!("{FAILED_MARK}{} (at {at})", panic_message(&*payload));
        std::process::exit(101);
    }
}

#[test]
fn import_csv() {
    replay("import_csv", checks::import_csv);
}

#[test]
fn import_xlsx() {
    replay("import_xlsx", checks::import_xlsx);
}

#[test]
fn import_xlsx_parts() {
    replay("import_xlsx_parts", checks::import_xlsx_parts);
}

#[test]
fn deck() {
    replay("deck", checks::deck);
}

#[test]
fn strokes() {
    replay("strokes", checks::strokes);
}

#[test]
fn nip() {
    replay("nip", checks::nip);
}

#[test]
fn text() {
    replay("text", checks::text);
}

#[test]
fn qr_payload() {
    replay("qr_payload", checks::qr_payload);
}

#[test]
fn every_fuzz_target_is_replayed_here_and_has_seeds() {
    let dir = fuzz_dir();
    let mut on_disk: Vec<String> = files_in(&dir.join("fuzz_targets"))
        .iter()
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    on_disk.sort();
    let mut known: Vec<String> = checks::TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    known.sort();
    assert_eq!(
        on_disk, known,
        "fuzz/fuzz_targets/ and checks::TARGETS differ"
    );
    for (name, _) in checks::TARGETS {
        assert!(
            !files_in(&dir.join("corpus").join(name)).is_empty(),
            "fuzz/corpus/{name}/ has no seeds"
        );
    }
}

/// The seeds are meant to be accepted inputs, not only inputs that do not
/// crash: make sure the valid ones still get through, so a change that
/// refuses everything does not leave the fuzzer testing error paths only.
#[test]
fn the_valid_seeds_are_accepted() {
    use netra_core::roster::import::preview_bytes;
    let corpus = fuzz_dir().join("corpus");
    let read = |p: &str| std::fs::read(corpus.join(p)).expect(p);
    let date = checks::event_date();
    for csv in [
        "import_csv/semicolon-title-rows.csv",
        "import_csv/comma-quoted-duplicate.csv",
    ] {
        let p = preview_bytes("roster.csv", &read(csv), date).expect(csv);
        assert!(p.summary.valid > 0, "{csv}: {:?}", p.summary);
    }
    for xlsx in [
        "import_xlsx/roster-text-nip.xlsx",
        "import_xlsx/roster-title-number-nip.xlsx",
    ] {
        let p = preview_bytes("roster.xlsx", &read(xlsx), date).expect(xlsx);
        assert!(p.summary.valid > 0, "{xlsx}: {:?}", p.summary);
    }
    for parts in [
        "import_xlsx_parts/text-nip",
        "import_xlsx_parts/sheet-only-inline",
    ] {
        let bytes = checks::xlsx_from_parts(&read(parts));
        let p = preview_bytes("roster.xlsx", &bytes, date).expect(parts);
        assert!(p.summary.valid > 0, "{parts}: {:?}", p.summary);
    }
    let pad = String::from_utf8(read("strokes/pad-valid")).expect("utf-8");
    netra_core::declaration::strokes::Strokes::parse(&pad).expect("pad-valid");
    let qr = String::from_utf8(read("qr_payload/valid")).expect("utf-8");
    let payload = netra_core::pdf::register::parse_payload(&qr).expect("qr valid");
    assert_eq!(payload.record_id, 42);
    let nip = String::from_utf8(read("nip/pns-spaces")).expect("utf-8");
    netra_core::roster::nip::check(&nip, date).expect("pns-spaces");
    let deck = String::from_utf8(read("deck/front-matter-notes.md")).expect("utf-8");
    let d = netra_core::presentation::decks::check(&deck).expect("deck");
    assert_eq!(d.slides.len(), 2);
}
