//! Replays the fuzz targets' inputs in the normal test suite: every seed in
//! `fuzz/corpus/<target>/` and every crash input saved in
//! `fuzz/regressions/<target>/` is run through the same calls, with the same
//! assertions, as the cargo-fuzz target (the checks are one shared file,
//! `fuzz/src/checks.rs`). Stable Rust, no fuzzing dependency.
//!
//! A failing input is a netra-core bug the fuzzer found: the test lists
//! every failing file with its panic message (see fuzz/README.md).

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

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

/// Runs `check` on every seed and regression input of `target`; fails
/// listing each input that panics.
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
    for path in seeds.iter().chain(&regressions) {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .strip_prefix(fuzz_dir())
            .unwrap_or(path)
            .display()
            .to_string();
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
            failures.push(format!(
                "fuzz/{name}: {} (at {at})",
                panic_message(&*payload)
            ));
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
