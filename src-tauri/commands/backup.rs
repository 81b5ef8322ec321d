//! Cadangan: backups now, restore, and the automatic backups (daily while
//! the app runs, and whenever a kiosk session ends).

use std::path::PathBuf;
use std::time::Duration;

use netra_core::audit::Actor;
use netra_core::backup::{
    self, AutoSettings, AutoSettingsForm, BackupFile, BackupInfo, BackupOptions, Restored,
};
use netra_core::{Error, ErrorReport};
use tauri::{AppHandle, Manager, State, Window};

use super::{ask_folder_path, ask_open_path, ask_save_path, now};
use crate::state::{Db, Hall, Imports, Kiosk, Search, Signer};

/// How often the app asks whether the daily automatic backup is due.
const AUTO_CHECK: Duration = Duration::from_secs(10 * 60);

#[tauri::command(async)]
pub fn backup_settings(db: State<'_, Db>) -> Result<AutoSettings, ErrorReport> {
    db.with(|c| backup::auto_settings(c, db.path()))
}

/// The automatic backups beside the database, then those in the second
/// folder (if set), each newest first.
#[tauri::command(async)]
pub fn list_backups(db: State<'_, Db>) -> Result<Vec<BackupFile>, ErrorReport> {
    let settings = db.with(|c| backup::auto_settings(c, db.path()))?;
    let mut files = backup::list_auto(&backup::auto_dir(db.path()))?;
    if let Some(second) = settings.second_dir {
        files.extend(backup::list_auto(&PathBuf::from(second))?);
    }
    Ok(files)
}

#[tauri::command(async)]
pub fn save_backup_settings(
    db: State<'_, Db>,
    form: AutoSettingsForm,
) -> Result<AutoSettings, ErrorReport> {
    db.with(|c| backup::save_auto_settings(c, db.path(), &form, Actor::Organizer, now().0))
}

/// The folder picker for the second folder (a USB stick); `None` when cancelled.
#[tauri::command(async)]
pub fn choose_backup_folder(window: Window) -> Result<Option<String>, ErrorReport> {
    let picked = ask_folder_path(&window, "Pilih folder kedua untuk cadangan otomatis")?;
    Ok(picked.map(|p| p.display().to_string()))
}

/// Asks where, then writes a backup there (sealed and with the key as
/// `options` say); `None` when cancelled.
#[tauri::command(async)]
pub fn backup_now(
    window: Window,
    db: State<'_, Db>,
    options: BackupOptions,
) -> Result<Option<BackupInfo>, ErrorReport> {
    let ext = if options.encrypt { "db.age" } else { "db" };
    let name = format!(
        "netra-cadangan-{}.{ext}",
        chrono::Local::now().format("%Y%m%d-%H%M")
    );
    let Some(path) = ask_save_path(&window, &name, "Cadangan Netra", ext)? else {
        return Ok(None);
    };
    db.with_job(|c| backup::write_with(c, db.path(), &path, &options))
        .map(Some)
}

/// Replaces the database with a backup (`path`, or one the organiser
/// picks); `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn restore_backup(
    app: AppHandle,
    window: Window,
    db: State<'_, Db>,
    path: Option<String>,
    passphrase: Option<String>,
) -> Result<Option<Restored>, ErrorReport> {
    refuse_while_signing(&app)?;
    let picked = match path {
        Some(p) => Some(PathBuf::from(p)),
        None => ask_open_path(
            &window,
            "Pulihkan dari cadangan",
            "Cadangan Netra",
            &["db", "age"],
        )?,
    };
    let Some(file) = picked else {
        return Ok(None);
    };
    let pass = passphrase.filter(|p| !p.is_empty());
    let restored = db.with_both(|c| {
        backup::restore_with(
            c,
            db.path(),
            &file,
            pass.as_deref(),
            Actor::Organizer,
            now().0,
        )
    });
    forget_caches(&app);
    restored.map(Some)
}

/// The kiosk, tablets and phones write on their own; the database is
/// never swapped under them.
fn refuse_while_signing(app: &AppHandle) -> Result<(), ErrorReport> {
    let kiosk_open = app.get_webview_window(super::kiosk::KIOSK).is_some();
    let signing =
        app.state::<Kiosk>().event_id().is_some() || app.state::<Hall>().running().is_some();
    if kiosk_open || signing {
        return Err(Error::Closed(
            "Basis data tidak dipulihkan selama orang menandatangani. Tutup kiosk dan hentikan Kiosk tambahan dulu".into(),
        )
        .into());
    }
    Ok(())
}

/// Roster indexes, held import previews and the key's registration belong
/// to the database as it was.
fn forget_caches(app: &AppHandle) {
    app.state::<Search>().clear();
    app.state::<Imports>().clear();
    app.state::<Signer>().forget();
}

/// Writes an automatic backup on the job connection; problems go to stderr.
fn auto_now(app: &AppHandle, reason: &str, only_if_due: bool) {
    let db = app.state::<Db>();
    if db.open_error().is_some() {
        return;
    }
    let at = now().0;
    let run = db.with_job(|c| {
        if only_if_due && !backup::auto_due(c, at)? {
            return Ok(None);
        }
        backup::run_auto(c, db.path(), reason, at).map(Some)
    });
    match run {
        Ok(Some(run)) => {
            for w in run.warnings {
                eprintln!("Peringatan: {w}");
            }
        }
        Ok(None) => {}
        Err(e) => eprintln!(
            "Kesalahan: cadangan otomatis ({reason}) gagal: {}",
            e.message
        ),
    }
}

/// An automatic backup off the calling thread (a kiosk session just ended).
pub fn auto_in_background(app: &AppHandle, reason: &'static str) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("netra-cadangan".into())
        .spawn(move || auto_now(&app, reason, false));
    if let Err(e) = spawned {
        eprintln!("Kesalahan: cadangan otomatis ({reason}) tidak dapat dimulai: {e}");
    }
}

/// Checks every [`AUTO_CHECK`] whether the daily backup is due, the first
/// time a minute after start (the window opens first).
pub fn start_daily(app: &AppHandle) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("netra-cadangan-harian".into())
        .spawn(move || {
            std::thread::sleep(Duration::from_secs(60));
            loop {
                auto_now(&app, "harian", true);
                std::thread::sleep(AUTO_CHECK);
            }
        });
    if let Err(e) = spawned {
        eprintln!("Kesalahan: cadangan otomatis harian tidak dapat dimulai: {e}");
    }
}
