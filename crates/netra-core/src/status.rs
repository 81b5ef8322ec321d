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
}
