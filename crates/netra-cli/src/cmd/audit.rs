//! `netra audit`: the audit log, per event, filtered, as text or JSON.

use clap::Args;
use netra_core::audit::{self, AuditFilter};

use super::Context;
use crate::output;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Hanya catatan tentang acara ini
    #[arg(long)]
    event: Option<i64>,
    /// Tindakan atau awalnya: "person" mencakup person.update, person.check_in, ...
    #[arg(long)]
    action: Option<String>,
    /// Pelaku: organizer, kiosk, cli, device, phone
    #[arg(long)]
    actor: Option<String>,
    /// Paling banyak sekian catatan terbaru
    #[arg(long, default_value_t = 200)]
    limit: u32,
}

impl AuditArgs {
    pub fn run(self, ctx: Context) -> anyhow::Result<()> {
        let entries = audit::list(
            &ctx.conn,
            &AuditFilter {
                event_id: self.event,
                action: self.action,
                actor: self.actor,
                limit: Some(self.limit),
            },
        )?;
        // An erased event has no row but keeps its one entry: only a number
        // that never was an event is an error.
        if let (Some(id), true) = (self.event, entries.is_empty()) {
            netra_core::db::events::get(&ctx.conn, id)?;
        }
        if ctx.json {
            return output::json(&entries);
        }
        if entries.is_empty() {
            println!("Tidak ada catatan yang cocok.");
        }
        for e in entries {
            let what = match e.entity_id {
                Some(id) => format!("{} #{id}", e.entity),
                None => e.entity.clone(),
            };
            println!(
                "{}  {:<9}  {:<22}  {:<18}  {}",
                e.at.format("%Y-%m-%d %H:%M:%S UTC"),
                e.actor,
                e.action,
                what,
                e.details
            );
        }
        Ok(())
    }
}
