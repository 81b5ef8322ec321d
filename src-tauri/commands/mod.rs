//! One file per screen or noun. Each command: arguments in, one core call,
//! error mapped to an `ErrorReport`. Always async (off the main thread).

#[macro_use]
mod list;

pub mod app;
pub mod archive;
pub mod audit;
pub mod backup;
pub mod documents;
pub mod events;
pub mod hall;
pub mod kiosk;
pub mod papers;
pub mod presentation;
pub mod roster;

use chrono::{DateTime, Local, NaiveDate, Utc};
use netra_core::presentation::WindowEvent;

/// The clock, read here so the core never does.
pub fn now() -> (DateTime<Utc>, NaiveDate) {
    (Utc::now(), Local::now().date_naive())
}

/// The Vite server's origin in a development build; none in a release.
fn dev_origin(app: &tauri::AppHandle) -> Option<String> {
    if cfg!(feature = "custom-protocol") {
        return None;
    }
    app.config()
        .build
        .dev_url
        .as_ref()
        .map(|u| u.origin().ascii_serialization())
}

/// A window of Netra's own pages (kiosk, projector): no zoom keys, no file
/// drops, and navigation limited to the app's own origin, so a link can
/// never take the window elsewhere.
pub fn app_window<'a>(
    app: &'a tauri::AppHandle,
    label: &str,
    page: &str,
) -> tauri::WebviewWindowBuilder<'a, tauri::Wry, tauri::AppHandle> {
    let dev = dev_origin(app);
    tauri::WebviewWindowBuilder::new(app, label, tauri::WebviewUrl::App(page.into()))
        .zoom_hotkeys_enabled(false)
        .disable_drag_drop_handler()
        .on_navigation(move |url| netra_core::origin::is_app_url(url.as_str(), dev.as_deref()))
}

/// The organiser's window, from its entry in tauri.conf.json, with the same
/// navigation guard: a link in a slide never replaces Netra's screens.
pub fn open_main(app: &tauri::AppHandle) -> tauri::Result<()> {
    let dev = dev_origin(app);
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == "main") else {
        return Err(tauri::Error::WindowNotFound);
    };
    tauri::WebviewWindowBuilder::from_config(app, config)?
        .on_navigation(move |url| netra_core::origin::is_app_url(url.as_str(), dev.as_deref()))
        .build()
        .map(|_| ())
}

/// Tells every window the attendance changed (a signature, a walk-in).
pub fn attendance_changed(app: &tauri::AppHandle) {
    use tauri::Emitter;
    let _ = app.emit(WindowEvent::Attendance.name(), ());
}

/// Shows and focuses the window `label` if it exists; whether it did.
pub fn show_and_focus(app: &tauri::AppHandle, label: &str) -> bool {
    use tauri::Manager;
    let Some(w) = app.get_webview_window(label) else {
        return false;
    };
    let _ = w.show();
    let _ = w.set_focus();
    true
}

/// A native file dialog, modal to the window, starting in Documents (not
/// wherever the app happened to be launched). Runs on the command's worker
/// thread; the dialog itself is driven by the main loop.
fn file_dialog(
    window: &tauri::Window,
    title: &str,
    filter: &str,
    extensions: &[&str],
) -> tauri_plugin_dialog::FileDialogBuilder<tauri::Wry> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let dialog = window
        .dialog()
        .file()
        .set_parent(window)
        .set_title(title)
        .add_filter(filter, extensions);
    match window.path().document_dir() {
        Ok(dir) => dialog.set_directory(dir),
        Err(_) => dialog,
    }
}

fn picked_path(
    picked: tauri_plugin_dialog::FilePath,
) -> Result<std::path::PathBuf, netra_core::ErrorReport> {
    picked
        .into_path()
        .map_err(|e| netra_core::Error::Io(std::io::Error::other(e)).into())
}

/// End-to-end tests cannot click a native dialog: when `NETRA_E2E_DIALOG`
/// names a file, each dialog answers with the path written in it (empty:
/// cancelled) and shows nothing. Unset in normal use.
fn e2e_answer() -> Option<Option<std::path::PathBuf>> {
    let file = std::env::var_os("NETRA_E2E_DIALOG").filter(|v| !v.is_empty())?;
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let answer = text.trim();
    Some((!answer.is_empty()).then(|| std::path::PathBuf::from(answer)))
}

/// The save dialog, offering `name`; `None` when cancelled.
pub fn ask_save_path(
    window: &tauri::Window,
    name: &str,
    filter: &str,
    extension: &str,
) -> Result<Option<std::path::PathBuf>, netra_core::ErrorReport> {
    if let Some(answer) = e2e_answer() {
        // A folder as the answer: the offered name inside it.
        return Ok(answer.map(|p| if p.is_dir() { p.join(name) } else { p }));
    }
    let dialog = file_dialog(window, "Simpan sebagai", filter, &[extension]).set_file_name(name);
    let Some(picked) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let mut path = picked_path(picked)?;
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    Ok(Some(path))
}

/// The open dialog for one file; `None` when cancelled.
pub fn ask_open_path(
    window: &tauri::Window,
    title: &str,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<std::path::PathBuf>, netra_core::ErrorReport> {
    if let Some(answer) = e2e_answer() {
        return Ok(answer);
    }
    match file_dialog(window, title, filter, extensions).blocking_pick_file() {
        Some(picked) => picked_path(picked).map(Some),
        None => Ok(None),
    }
}

/// The folder picker; `None` when cancelled.
pub fn ask_folder_path(
    window: &tauri::Window,
    title: &str,
) -> Result<Option<std::path::PathBuf>, netra_core::ErrorReport> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(answer) = e2e_answer() {
        return Ok(answer);
    }
    let dialog = window.dialog().file().set_parent(window).set_title(title);
    match dialog.blocking_pick_folder() {
        Some(picked) => picked_path(picked).map(Some),
        None => Ok(None),
    }
}
