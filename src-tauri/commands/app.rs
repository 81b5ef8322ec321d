//! What the window needs on its first paint.

use netra_core::status::AppStatus;
use tauri::State;

use crate::state::Db;

#[tauri::command(async)]
pub fn app_status(db: State<'_, Db>) -> AppStatus {
    AppStatus::new(
        env!("CARGO_PKG_VERSION"),
        db.path(),
        db.open_error().cloned(),
    )
}

/// The main window's first data is painted. With `NETRA_TIMING` set, says
/// so once on stderr, with the time since the process started: what the
/// start-up measurement (`tests/perf/start.py`) reads.
#[tauri::command(async)]
pub fn app_ready() {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if std::env::var_os("NETRA_TIMING").is_some()
        && !SAID.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        eprintln!(
            "netra-ready {} ms",
            crate::STARTED.get().map_or(0, |t| t.elapsed().as_millis())
        );
    }
}
