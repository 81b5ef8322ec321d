//! What the desktop app tells its window at start: version, which database
//! file is open, and why it could not be opened, if it could not.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ErrorReport;

/// The state of the app as the UI needs it on its first paint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    /// Full path of the SQLite file in use.
    pub db_path: String,
    /// Set when the database could not be opened; every screen shows it.
    pub db_error: Option<ErrorReport>,
    /// Set when other local users can open the data folder.
    pub privacy_warning: Option<String>,
    /// The largest roster file the app reads; the window checks a file's
    /// size against it before reading the file.
    #[ts(type = "number")]
    pub max_import_bytes: u64,
}

impl AppStatus {
    /// The status of the app with the database at `db_path`.
    pub fn new(version: &str, db_path: &std::path::Path, db_error: Option<ErrorReport>) -> Self {
        let privacy_warning = db_path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .and_then(crate::files::shared_dir_warning);
        AppStatus {
            version: version.to_string(),
            db_path: db_path.display().to_string(),
            db_error,
            privacy_warning,
            max_import_bytes: crate::roster::import::MAX_FILE_BYTES,
        }
    }
}
