//! The app's state: the open database, held imports, search indexes, the
//! installation key, the running kiosk and the hall hub.
//!
//! A failed open does not stop the app: the window opens and every command
//! answers with the same Indonesian report, which the UI shows as a banner.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use netra_core::hall::wire::HubRunning;
use netra_hub::{Asset, Assets, DirAssets, Hub};
use tauri::AppHandle;

use netra_core::declaration::kiosk;
use netra_core::keys::InstallationKey;
use netra_core::roster::import::Pending;
use netra_core::roster::search::SearchCache;

use netra_core::db::Connection;
use netra_core::{ErrorReport, Result};

/// Two connections to one file. Short calls (a kiosk submit, a search, a
/// form) share the first; long jobs (a PDF batch, an export) take the
/// second, so an attendee never waits for the organiser's printer. WAL lets
/// the job read while the kiosk writes; a job's own writes are one short
/// transaction (see `netra_core::pdf::render`).
pub struct Db {
    path: PathBuf,
    conn: Result<Mutex<Connection>, ErrorReport>,
    jobs: Mutex<Option<Connection>>,
}

impl Db {
    /// Opens `path`, or the app-data default shared with the CLI.
    pub fn open(path: Option<PathBuf>) -> Db {
        let path = path.map(Ok).unwrap_or_else(default_path);
        let conn = match &path {
            Ok(p) => netra_core::db::open(p)
                .map(Mutex::new)
                .map_err(ErrorReport::from),
            Err(e) => Err(e.clone()),
        };
        Db {
            path: path.unwrap_or_default(),
            conn,
            jobs: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    pub fn open_error(&self) -> Option<&ErrorReport> {
        self.conn.as_ref().err()
    }

    /// Runs one core call with the connection; maps its error for the UI.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> std::result::Result<T, ErrorReport> {
        let mutex = self.conn.as_ref().map_err(Clone::clone)?;
        // A panic in another command poisons the lock; the connection itself
        // is still consistent (SQLite rolled back), so keep serving.
        let mut conn = mutex.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn).map_err(ErrorReport::from)
    }
}

impl Db {
    /// Runs `f` on the short-call connection while holding the job one
    /// too (taken first, the order `with_job` callers that also call
    /// `with` use), so no short call or job runs meanwhile. An open job
    /// connection sees `f`'s writes on its next read, as always in WAL.
    pub fn with_both<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> std::result::Result<T, ErrorReport> {
        let _jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        self.with(f)
    }
}

impl Db {
    /// Runs a long job on the jobs connection (opened on first use); short
    /// calls go on meanwhile. Two long jobs take turns.
    pub fn with_job<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> std::result::Result<T, ErrorReport> {
        self.conn.as_ref().map_err(Clone::clone)?;
        let mut slot = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(netra_core::db::open(&self.path)?);
        }
        let Some(conn) = slot.as_mut() else {
            return Err(
                netra_core::Error::Environment("koneksi basis data tidak terbuka".into()).into(),
            );
        };
        f(conn).map_err(ErrorReport::from)
    }
}

fn default_path() -> std::result::Result<PathBuf, ErrorReport> {
    let path = netra_core::db::default_path().map_err(ErrorReport::from)?;
    if let Some(dir) = path.parent() {
        netra_core::files::private_dir(dir)
            .map_err(|e| ErrorReport::from(netra_core::Error::Io(e)))?;
    }
    Ok(path)
}

/// Previews waiting for "Simpan" or "Batal" (see `import::Pending`).
#[derive(Default)]
pub struct Imports(Mutex<Pending>);

impl Imports {
    /// Drops every held preview (the database was replaced by a restore).
    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Pending::default();
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Pending, DateTime<Utc>) -> T) -> T {
        f(
            &mut self.0.lock().unwrap_or_else(|p| p.into_inner()),
            Utc::now(),
        )
    }
}

/// The search indexes of the rosters the window has opened.
#[derive(Default)]
pub struct Search(Mutex<SearchCache>);

impl Search {
    /// Drops every index (the database was replaced by a restore).
    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = SearchCache::default();
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut SearchCache) -> Result<T>) -> Result<T> {
        let mut cache = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut cache)
    }
}

/// The installation key, read beside the database on first use (made only
/// for a database that never signed). A failure is not kept: once the key
/// file is restored, the next call finds it without a restart.
#[derive(Default)]
pub struct Signer(Mutex<Option<Arc<InstallationKey>>>);

impl Signer {
    /// Forgets the key, so the next use registers it in a restored database.
    pub fn forget(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn key(&self, db: &Db) -> std::result::Result<Arc<InstallationKey>, ErrorReport> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(key) = slot.as_ref() {
            return Ok(Arc::clone(key));
        }
        let key = Arc::new(db.with(|c| InstallationKey::open_for(c, db.path(), Utc::now()))?);
        *slot = Some(Arc::clone(&key));
        Ok(key)
    }
}

/// The running kiosk (its event, the people it showed). Wrong PINs are
/// counted in the database.
#[derive(Default)]
pub struct Kiosk(Mutex<Option<kiosk::Run>>);

impl Kiosk {
    pub fn begin(&self, event_id: i64) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(kiosk::Run::new(event_id));
    }

    pub fn end(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn event_id(&self) -> Option<i64> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(kiosk::Run::event_id)
    }

    /// Runs `f` with the running kiosk; an error when none runs.
    pub fn with<T>(&self, f: impl FnOnce(&mut kiosk::Run) -> Result<T>) -> Result<T> {
        let mut run = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match run.as_mut() {
            Some(run) => f(run),
            None => Err(netra_core::Error::field(
                "window",
                "Mode kiosk belum dimulai oleh penyelenggara",
            )),
        }
    }
}

/// The hall hub ("Kiosk tambahan"), at most one at a time. Tablets and
/// phones sign through it on its own connections; this only holds it so
/// the organiser's screen can show codes, switch phones and stop it.
#[derive(Default)]
pub struct Hall(Mutex<Option<Hub>>);

impl Hall {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Hub>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts a hub with `start` unless one runs; the lock is held while
    /// it starts, so two clicks never bind twice.
    pub fn start(
        &self,
        start: impl FnOnce() -> Result<Hub>,
    ) -> std::result::Result<HubRunning, ErrorReport> {
        let mut slot = self.lock();
        if let Some(hub) = slot.as_ref() {
            return Err(netra_core::Error::field(
                "hub",
                format!(
                    "Kiosk tambahan sudah berjalan di {} (acara nomor {}); hentikan dulu",
                    hub.base_url(),
                    hub.event_id()
                ),
            )
            .into());
        }
        let hub = start()?;
        let running = running(&hub);
        *slot = Some(hub);
        Ok(running)
    }

    /// Runs `f` with the running hub; an error when none runs.
    pub fn with<T>(&self, f: impl FnOnce(&Hub) -> T) -> std::result::Result<T, ErrorReport> {
        match self.lock().as_ref() {
            Some(hub) => Ok(f(hub)),
            None => Err(netra_core::Error::Closed("Kiosk tambahan belum dimulai".into()).into()),
        }
    }

    pub fn running(&self) -> Option<HubRunning> {
        self.lock().as_ref().map(running)
    }

    /// Takes the hub out, so every command sees it gone at once; the
    /// caller stops it (which waits for the grace period) off the lock.
    pub fn take(&self) -> Option<Hub> {
        self.lock().take()
    }
}

fn running(hub: &Hub) -> HubRunning {
    HubRunning {
        event_id: hub.event_id(),
        url: hub.base_url().to_string(),
        phones_open: hub.phones_open(),
    }
}

/// The pages the hub serves to tablets and phones: the frontend built into
/// the app, else the `ui/dist` folder this binary was built from (a dev
/// build embeds nothing).
///
/// Tauri's resolver answers a missing path with `index.html` (the
/// organiser's app) rather than nothing, so only paths it really embeds are
/// asked of it; everything else goes to the folder.
pub struct AppAssets {
    app: AppHandle,
    embedded: HashSet<String>,
    dir: DirAssets,
}

impl AppAssets {
    pub fn new(app: &AppHandle) -> AppAssets {
        let embedded = app
            .asset_resolver()
            .iter()
            .map(|(key, _)| key.trim_start_matches('/').to_string())
            .collect();
        AppAssets {
            app: app.clone(),
            embedded,
            dir: DirAssets::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/dist")),
        }
    }
}

impl Assets for AppAssets {
    fn get(&self, path: &str) -> Option<Asset> {
        if !self.embedded.contains(path) {
            return self.dir.get(path);
        }
        let asset = self.app.asset_resolver().get(path.to_string())?;
        Some(Asset {
            bytes: Cow::Owned(asset.bytes),
            mime: netra_hub::assets::mime_of(path).to_string(),
        })
    }
}
