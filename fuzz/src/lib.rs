//! The checks the fuzz targets run; see `checks.rs` (shared with the
//! regression test `crates/netra-core/tests/fuzz_regressions.rs`).

include!("checks.rs");

/// netra-core reads `.xlsx` files inside `catch_unwind` and refuses a file
/// on which calamine panics (calamine 0.38 overflows on crafted cell
/// references; see README.md). libfuzzer-sys's panic hook aborts on every
/// panic, caught or not, so it would report those refused files as
/// crashes. This keeps its hook (print, then abort at the panic, with the
/// stack) for every panic except one raised inside calamine: that one
/// unwinds, and if netra-core does not catch it libfuzzer-sys still aborts
/// when it reaches the target, so no panic escapes unreported.
pub fn let_netra_core_catch_calamine_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let abort_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                abort_hook(info);
            }
        }));
    });
}
