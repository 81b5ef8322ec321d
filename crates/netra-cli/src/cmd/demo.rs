//! `netra demo`: a demo event with a synthetic roster.

use clap::Args;
use netra_core::{demo, event};

use super::Context;
use crate::output;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Jumlah peserta sintetis
    #[arg(long, default_value_t = 300)]
    people: usize,
    /// Jangan buat apa pun bila basis data sudah berisi acara
    #[arg(long)]
    if_empty: bool,
    /// Sekian peserta pertama sudah menandatangani surat pernyataan (tanda tangan sintetis), untuk mencoba dokumen
    #[arg(long, default_value_t = 0)]
    signed: usize,
}

impl DemoArgs {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        if self.if_empty {
            let existing = event::list(&ctx.conn, true)?;
            if let Some(first) = existing.first() {
                if ctx.json {
                    return output::json(first);
                }
                println!(
                    "Basis data sudah berisi {} acara; acara contoh tidak dibuat.",
                    existing.len()
                );
                return Ok(());
            }
        }
        let saved = demo::create(&mut ctx.conn, self.people, ctx.now, ctx.today)?;
        if self.signed > 0 {
            let key =
                netra_core::keys::InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
            let now = ctx.now;
            demo::sign(
                &mut ctx.conn,
                &key,
                saved.event.id,
                self.signed,
                || now,
                &mut |_, _| Ok(()),
            )?;
        }
        if ctx.json {
            return output::json(&saved);
        }
        println!(
            "Acara contoh {} dibuat dengan {} peserta: {}",
            saved.event.id, saved.event.people_count, saved.event.title
        );
        Ok(())
    }
}
