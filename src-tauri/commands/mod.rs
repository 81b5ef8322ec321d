//! One file per screen or noun. Each command: arguments in, one core call,
//! error mapped to an `ErrorReport`. Always async (off the main thread).

pub mod app;
pub mod documents;
pub mod events;
pub mod kiosk;
pub mod presentation;
pub mod roster;

use chrono::{DateTime, Local, NaiveDate, Utc};

/// The clock, read here so the core never does.
pub fn now() -> (DateTime<Utc>, NaiveDate) {
    (Utc::now(), Local::now().date_naive())
}

/// A window of Netra's own pages (kiosk, projector): no zoom keys, no file
/// drops, and navigation limited to the app, so a link can never take the
/// window elsewhere.
pub fn app_window<'a>(
    app: &'a tauri::AppHandle,
    label: &str,
    page: &str,
) -> tauri::WebviewWindowBuilder<'a, tauri::Wry, tauri::AppHandle> {
    tauri::WebviewWindowBuilder::new(app, label, tauri::WebviewUrl::App(page.into()))
        .zoom_hotkeys_enabled(false)
        .disable_drag_drop_handler()
        .on_navigation(|url| {
            matches!(url.scheme(), "tauri")
                || matches!(url.host_str(), Some("tauri.localhost" | "localhost"))
        })
}

/// The native save dialog, modal to the window, starting in Documents;
/// `None` when cancelled. Runs on the command's worker thread; the dialog
/// itself is driven by the main loop.
pub fn ask_save_path(
    window: &tauri::Window,
    name: &str,
    filter: &str,
    extension: &str,
) -> Result<Option<std::path::PathBuf>, netra_core::ErrorReport> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = window
        .dialog()
        .file()
        .set_parent(window)
        .set_title("Simpan sebagai")
        .set_file_name(name)
        .add_filter(filter, &[extension]);
    // Start in Documents, not wherever the app happened to be launched.
    if let Ok(dir) = window.path().document_dir() {
        dialog = dialog.set_directory(dir);
    }
    let Some(picked) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let mut path = picked.into_path().map_err(|e| {
        netra_core::ErrorReport::from(netra_core::Error::Io(std::io::Error::other(e)))
    })?;
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    Ok(Some(path))
}
