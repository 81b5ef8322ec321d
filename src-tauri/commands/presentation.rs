//! The Presentasi screen and the two presentation windows. Rust owns the
//! running presentation; the presenter (main window) and the audience
//! window both ask for it on mount and then follow `presentation://stage`
//! events, so a reopened or late window is never out of step.

use std::sync::Mutex;

use netra_core::hall::wire::HubQr;
use netra_core::presentation::decks::{self, DeckSummary, StoredDeck};
use netra_core::presentation::markdown::Deck;
use netra_core::presentation::monitor::{choose_audience_monitor, Rect};
use netra_core::presentation::stage::{Action, Stage};
use netra_core::presentation::{self, ImportedDeck, Live, Settings, SettingsForm, WindowEvent};
use netra_core::{Error, ErrorReport};
use netra_hub::Hub;
use tauri::{AppHandle, Emitter, Manager, State, Window};

use super::{ask_open_path, ask_save_path, now};
use crate::state::{Db, Hall};

/// Label of the audience window; capabilities/audience.json is scoped to it.
pub const AUDIENCE: &str = "audience";
const MAIN: &str = "main";
/// Sent to every window with the new [`Stage`].
const STAGE_EVENT: &str = WindowEvent::Stage.name();
/// Sent when the presentation starts, ends, or the audience window opens or closes.
pub const LIVE_EVENT: &str = WindowEvent::Live.name();

/// The running presentation, if any.
#[derive(Default)]
pub struct Presenting(Mutex<Option<Live>>);

impl Presenting {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Live>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A presentation is on (its audience window may be closed for now).
    pub fn running(&self) -> bool {
        self.lock().is_some()
    }
}

fn only(window: &Window, labels: &[&str]) -> Result<(), ErrorReport> {
    if labels.contains(&window.label()) {
        Ok(())
    } else {
        Err(Error::field("window", "Perintah ini bukan untuk jendela ini").into())
    }
}

#[tauri::command(async)]
pub fn presentation_settings(db: State<'_, Db>, event_id: i64) -> Result<Settings, ErrorReport> {
    db.with(|c| presentation::settings(c, event_id))
}

#[tauri::command(async)]
pub fn save_presentation_settings(
    db: State<'_, Db>,
    event_id: i64,
    form: SettingsForm,
) -> Result<Settings, ErrorReport> {
    db.with(|c| presentation::save_settings(c, event_id, &form, now().0))
}

/// Asks for a PNG/JPEG and sets it as the event's logo; `None` when cancelled.
#[tauri::command(async)]
pub fn choose_presentation_logo(
    window: Window,
    db: State<'_, Db>,
    event_id: i64,
) -> Result<Option<Settings>, ErrorReport> {
    let Some(path) = ask_open_path(
        &window,
        "Pilih logo instansi",
        "Gambar",
        &["png", "jpg", "jpeg"],
    )?
    else {
        return Ok(None);
    };
    db.with(|c| presentation::set_logo_from_file(c, event_id, &path, now().0))
        .map(Some)
}

#[tauri::command(async)]
pub fn clear_presentation_logo(db: State<'_, Db>, event_id: i64) -> Result<Settings, ErrorReport> {
    db.with(|c| presentation::set_logo(c, event_id, None, now().0))
}

#[tauri::command(async)]
pub fn list_decks(db: State<'_, Db>) -> Result<Vec<DeckSummary>, ErrorReport> {
    db.with(|c| decks::list(c))
}

#[tauri::command(async)]
pub fn get_deck(db: State<'_, Db>, id: Option<i64>) -> Result<StoredDeck, ErrorReport> {
    db.with(|c| decks::get(c, id))
}

#[tauri::command(async)]
pub fn duplicate_deck(db: State<'_, Db>, id: Option<i64>) -> Result<StoredDeck, ErrorReport> {
    db.with(|c| decks::duplicate(c, id, now().0))
}

#[tauri::command(async)]
pub fn save_deck(
    db: State<'_, Db>,
    id: Option<i64>,
    markdown: String,
) -> Result<StoredDeck, ErrorReport> {
    db.with(|c| decks::update(c, id, &markdown, now().0))
}

#[tauri::command(async)]
pub fn delete_deck(db: State<'_, Db>, id: i64) -> Result<(), ErrorReport> {
    db.with(|c| decks::delete(c, id))
}

/// The slides as the event would show them, for the editor's live preview.
#[tauri::command(async)]
pub fn preview_deck(
    db: State<'_, Db>,
    event_id: Option<i64>,
    deck_id: Option<i64>,
    markdown: String,
) -> Result<Deck, ErrorReport> {
    db.with(|c| presentation::preview(c, event_id, deck_id, &markdown))
}

/// Asks for a Markdown file and stores it with the images beside it.
#[tauri::command(async)]
pub fn import_deck(window: Window, db: State<'_, Db>) -> Result<Option<ImportedDeck>, ErrorReport> {
    let Some(path) = ask_open_path(
        &window,
        "Impor presentasi (Markdown)",
        "Markdown",
        &["md", "markdown", "txt"],
    )?
    else {
        return Ok(None);
    };
    let file = decks::read_file(&path)?;
    let deck = db.with(|c| decks::create(c, &file, now().0))?;
    Ok(Some(ImportedDeck {
        deck,
        warnings: file.warnings,
    }))
}

/// Saves the deck and its images where the organiser says; the path, or
/// `None` when cancelled.
#[tauri::command(async)]
pub fn export_deck(
    window: Window,
    db: State<'_, Db>,
    id: Option<i64>,
) -> Result<Option<String>, ErrorReport> {
    let name = db.with(|c| decks::export_file_name(c, id))?;
    let Some(path) = ask_save_path(&window, &name, "Markdown", "md")? else {
        return Ok(None);
    };
    db.with(|c| decks::export(c, id, &path))?;
    Ok(Some(path.display().to_string()))
}

/// "Mulai presentasi": builds the show, opens the audience window on the
/// projector (or full screen on the only monitor) and returns what the
/// presenter view draws. Starting again replaces a running presentation.
#[tauri::command(async)]
pub fn start_presentation(
    app: AppHandle,
    window: Window,
    db: State<'_, Db>,
    presenting: State<'_, Presenting>,
    event_id: i64,
    at_ms: f64,
) -> Result<Live, ErrorReport> {
    only(&window, &[MAIN])?;
    let show = db.with(|c| presentation::show(c, event_id, now().0))?;
    let target = audience_monitor(&app, &window);
    let live = Live::new(show, at_ms, target.as_ref().is_some_and(|t| t.1));
    *presenting.lock() = Some(live.clone());
    if let Err(err) = open_audience(&app, target.map(|t| t.0)) {
        *presenting.lock() = None;
        return Err(err);
    }
    crate::awake::Awake::sync(&app);
    let _ = app.emit(LIVE_EVENT, ());
    Ok(live)
}

/// The running presentation, for a window that just opened.
#[tauri::command(async)]
pub fn presentation_live(
    window: Window,
    presenting: State<'_, Presenting>,
) -> Result<Option<Live>, ErrorReport> {
    only(&window, &[MAIN, AUDIENCE])?;
    Ok(presenting.lock().clone())
}

/// A key or button in either window; every window gets the new stage.
#[tauri::command(async)]
pub fn presentation_action(
    app: AppHandle,
    window: Window,
    presenting: State<'_, Presenting>,
    action: Action,
    at_ms: f64,
) -> Result<Stage, ErrorReport> {
    only(&window, &[MAIN, AUDIENCE])?;
    let stage = {
        let mut guard = presenting.lock();
        let live = guard
            .as_mut()
            .ok_or_else(|| Error::field("presentation", "Presentasi belum dimulai"))?;
        if !live.stage.apply(action, at_ms)? {
            return Ok(live.stage.clone());
        }
        live.stage.clone()
    };
    let _ = app.emit(STAGE_EVENT, &stage);
    Ok(stage)
}

/// The phones' QR for the "Pindai untuk menandatangani" overlay, as it is
/// now (it rotates); `None` while the hub is stopped or phones are off.
#[tauri::command(async)]
pub fn presentation_phone_code(
    window: Window,
    hall: State<'_, Hall>,
) -> Result<Option<HubQr>, ErrorReport> {
    only(&window, &[MAIN, AUDIENCE])?;
    Ok(hall.with(Hub::phone_code).ok().flatten())
}

/// Opens the audience window again (closed by mistake, or the projector
/// was plugged in late).
#[tauri::command(async)]
pub fn reopen_audience(
    app: AppHandle,
    window: Window,
    presenting: State<'_, Presenting>,
) -> Result<(), ErrorReport> {
    only(&window, &[MAIN])?;
    let target = audience_monitor(&app, &window);
    {
        let mut guard = presenting.lock();
        let live = guard
            .as_mut()
            .ok_or_else(|| Error::field("presentation", "Presentasi belum dimulai"))?;
        live.separate_screen = target.as_ref().is_some_and(|t| t.1);
    }
    if let Some(w) = app.get_webview_window(AUDIENCE) {
        let _ = w.destroy();
    }
    open_audience(&app, target.map(|t| t.0))?;
    let _ = app.emit(LIVE_EVENT, ());
    Ok(())
}

/// `Esc` or "Selesai": closes the audience window; the presenter goes back
/// to the Presentasi screen.
#[tauri::command(async)]
pub fn end_presentation(
    app: AppHandle,
    window: Window,
    presenting: State<'_, Presenting>,
) -> Result<(), ErrorReport> {
    only(&window, &[MAIN, AUDIENCE])?;
    *presenting.lock() = None;
    crate::awake::Awake::sync(&app);
    if let Some(w) = app.get_webview_window(AUDIENCE) {
        let _ = w.destroy();
    }
    super::show_and_focus(&app, MAIN);
    let _ = app.emit(LIVE_EVENT, ());
    Ok(())
}

/// The projector's monitor and whether it is separate from the presenter's.
fn audience_monitor(app: &AppHandle, main: &Window) -> Option<(tauri::Monitor, bool)> {
    let monitors = app.available_monitors().ok()?;
    let rects: Vec<Rect> = monitors
        .iter()
        .map(|m| Rect {
            x: m.position().x,
            y: m.position().y,
            width: m.size().width,
            height: m.size().height,
        })
        .collect();
    let pos = main.outer_position().ok()?;
    let size = main.outer_size().ok()?;
    let main_rect = Rect {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
    };
    let choice = choose_audience_monitor(&rects, main_rect)?;
    let monitor = monitors.into_iter().nth(choice.index as usize)?;
    Some((monitor, choice.separate))
}

fn open_audience(app: &AppHandle, monitor: Option<tauri::Monitor>) -> Result<(), ErrorReport> {
    if super::show_and_focus(app, AUDIENCE) {
        return Ok(());
    }
    let window = super::app_window(app, AUDIENCE, "audience.html")
        .title("Netra — Layar Penonton")
        .inner_size(1280.0, 720.0)
        .build()
        .map_err(|e| {
            ErrorReport::from(Error::Environment(format!(
                "Layar penonton tidak dapat dibuka: {e}"
            )))
        })?;
    // Built windowed, then moved, then made full screen: `fullscreen(true)`
    // on the builder ignores a secondary monitor.
    if let Some(m) = monitor {
        let _ = window.set_position(*m.position());
    }
    if std::env::var_os("NETRA_AUDIENCE_WINDOWED").is_none() {
        let _ = window.set_fullscreen(true);
    }
    Ok(())
}
