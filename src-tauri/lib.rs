//! Netra's desktop shell: windows, state, and thin commands over netra-core.
//! No SQL and no business rules here (see ARCHITECTURE.md).

mod args;
mod awake;
#[macro_use]
mod commands;
mod state;

/// `generate_handler!` over the commands of `commands/list.rs`.
macro_rules! handlers {
    ($($module:ident :: $command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$module::$command),*]
    };
}

use std::process::ExitCode;

/// When `run` began, for the start-up timing (`commands::app::app_ready`).
pub(crate) static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Starts the app; returns a failure code instead of panicking when there
/// is no display or the arguments are wrong.
pub fn run() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
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
        .manage(state::Hall::default())
        .manage(commands::documents::Documents::default())
        .manage(commands::archive::PickedArchive::default())
        .manage(commands::presentation::Presenting::default())
        .manage(awake::Awake::default())
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
        .invoke_handler(with_commands!(handlers))
        // The main window is built here, not from the config alone, so it
        // gets the navigation guard the other windows have.
        // Automatic backups: the daily one is checked from a thread of its own.
        .setup(|app| {
            commands::open_main(app.handle())?;
            commands::backup::start_daily(app.handle());
            Ok(())
        })
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
        .build(tauri::generate_context!());
    let app = match result {
        Ok(app) => app,
        Err(err) => {
            eprintln!("Kesalahan: aplikasi tidak dapat dijalankan: {err}");
            return ExitCode::from(1);
        }
    };
    app.run(|app, event| {
        // Tablets and phones are told the hub stopped before the port
        // closes (the process ends without dropping managed state).
        if let tauri::RunEvent::Exit = event {
            use tauri::Manager;
            if let Some(hub) = app.state::<state::Hall>().take() {
                hub.stop();
            }
        }
    });
    ExitCode::SUCCESS
}
