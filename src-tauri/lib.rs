//! Netra's desktop shell: windows, state, and thin commands over netra-core.
//! No SQL and no business rules here (see ARCHITECTURE.md).

mod args;
mod commands;
mod state;

use std::process::ExitCode;

/// Starts the app; returns a failure code instead of panicking when there
/// is no display or the arguments are wrong.
pub fn run() -> ExitCode {
    let args = match args::Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("Kesalahan: {msg}");
            return ExitCode::from(2);
        }
    };
    if let Err(msg) = args::check_display() {
        eprintln!("Kesalahan: {msg}");
        return ExitCode::from(1);
    }
    let db = state::Db::open(args.db);
    if let Some(err) = db.open_error() {
        // The window still opens and shows this; stderr helps whoever launched it.
        eprintln!("Kesalahan: {}", err.message);
    }
    let result = tauri::Builder::default()
        .manage(db)
        .manage(state::Imports::default())
        .manage(state::Search::default())
        .manage(state::Signer::default())
        .manage(state::Kiosk::default())
        .manage(commands::documents::Documents::default())
        .manage(commands::presentation::Presenting::default())
        // Save dialogs are opened from Rust commands; the page gets no
        // dialog permission of its own.
        .plugin(tauri_plugin_dialog::init())
        // PDFs are opened from Rust by document id; the page gets no opener
        // permission and links never leave the app.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .invoke_handler(tauri::generate_handler![
            commands::app::app_status,
            commands::events::event_form_options,
            commands::events::list_events,
            commands::events::get_event,
            commands::events::create_event,
            commands::events::update_event,
            commands::events::set_event_archived,
            commands::roster::preview_import,
            commands::roster::commit_import,
            commands::roster::cancel_import,
            commands::roster::roster_page,
            commands::roster::update_person,
            commands::roster::remove_person,
            commands::roster::export_roster,
            commands::roster::save_import_report,
            commands::roster::check_in,
            commands::roster::register_walk_in,
            commands::roster::attendance,
            commands::kiosk::kiosk_settings,
            commands::kiosk::start_kiosk,
            commands::kiosk::kiosk_session,
            commands::kiosk::kiosk_find,
            commands::kiosk::kiosk_person,
            commands::kiosk::kiosk_walk_in,
            commands::kiosk::kiosk_submit,
            commands::kiosk::kiosk_exit,
            commands::kiosk::list_declarations,
            commands::kiosk::void_declaration,
            commands::kiosk::verify_declarations,
            commands::documents::print_document,
            commands::documents::open_document,
            commands::documents::save_document_copy,
            commands::documents::verify_qr,
            commands::documents::installation_key,
            commands::documents::import_public_key,
            commands::presentation::presentation_settings,
            commands::presentation::save_presentation_settings,
            commands::presentation::choose_presentation_logo,
            commands::presentation::clear_presentation_logo,
            commands::presentation::list_decks,
            commands::presentation::get_deck,
            commands::presentation::duplicate_deck,
            commands::presentation::save_deck,
            commands::presentation::delete_deck,
            commands::presentation::preview_deck,
            commands::presentation::import_deck,
            commands::presentation::export_deck,
            commands::presentation::start_presentation,
            commands::presentation::presentation_live,
            commands::presentation::presentation_action,
            commands::presentation::reopen_audience,
            commands::presentation::end_presentation,
        ])
        // Alt+F4 does not end kiosk mode; only the PIN does.
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::CloseRequested { api, .. }
                if window.label() == commands::kiosk::KIOSK =>
            {
                api.prevent_close();
            }
            // The presenter view offers to open it again.
            tauri::WindowEvent::Destroyed if window.label() == commands::presentation::AUDIENCE => {
                use tauri::Emitter;
                let _ = window.emit(commands::presentation::LIVE_EVENT, ());
            }
            _ => {}
        })
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Kesalahan: aplikasi tidak dapat dijalankan: {err}");
            ExitCode::from(1)
        }
    }
}
