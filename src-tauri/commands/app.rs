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
