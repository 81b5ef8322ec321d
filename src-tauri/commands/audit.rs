//! Log audit: the append-only record of one event, listed and exported.

use netra_core::audit::{self, AuditEntry, AuditFilter};
use netra_core::{files, Error, ErrorReport};
use tauri::{State, Window};

use super::ask_save_path;
use crate::state::Db;

#[tauri::command(async)]
pub fn list_audit(db: State<'_, Db>, filter: AuditFilter) -> Result<Vec<AuditEntry>, ErrorReport> {
    db.with(|c| audit::list(c, &filter))
}

/// Asks where, then writes the matching entries as JSON; `None` when cancelled.
#[tauri::command(async)]
pub fn export_audit(
    window: Window,
    db: State<'_, Db>,
    filter: AuditFilter,
) -> Result<Option<String>, ErrorReport> {
    let name = match filter.event_id {
        Some(id) => format!("log-audit-acara-{id}.json"),
        None => "log-audit.json".into(),
    };
    let Some(path) = ask_save_path(&window, &name, "JSON", "json")? else {
        return Ok(None);
    };
    let entries = db.with_job(|c| audit::list(c, &filter))?;
    let json = serde_json::to_vec_pretty(&entries).map_err(|e| Error::Io(e.into()))?;
    files::write(&path, &json)?;
    Ok(Some(path.display().to_string()))
}
