//! What the window needs on its first paint.

use netra_core::status::AppStatus;
use tauri::State;

use crate::state::Db;

#[tauri::command(async)]
pub fn app_status(db: State<'_, Db>) -> AppStatus {
    AppStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: db.path().display().to_string(),
        db_error: db.open_error().cloned(),
    }
}
