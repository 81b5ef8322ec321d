//! The access log: one line per request with time, method, path (never
//! the query, which may hold a token), status, duration and which client
//! (`device#3`, `phone#41`). No names, NIPs, addresses or bodies.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

pub struct AccessLog {
    file: Option<Mutex<std::fs::File>>,
}

impl AccessLog {
    pub fn none() -> AccessLog {
        AccessLog { file: None }
    }

    /// Appends to `path` (made private to this user).
    pub fn to_file(path: &Path) -> std::io::Result<AccessLog> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path)?;
        Ok(AccessLog {
            file: Some(Mutex::new(file)),
        })
    }

    pub fn line(&self, method: &str, path: &str, status: u16, millis: u128, client: &str) {
        let Some(file) = &self.file else { return };
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut f = crate::state::lock(file);
        // A log that cannot be written must not refuse a signature.
        let _ = writeln!(f, "{at} {method} {path} {status} {millis}ms {client}");
    }
}
