//! `netra backup` and `netra restore`: the whole database to one file and
//! back, through SQLite's online backup API (safe while kiosks sign).

use std::path::PathBuf;

use clap::Args;
use netra_core::audit::Actor;
use netra_core::backup::{self, BackupInfo};

use super::Context;
use crate::output;

/// `netra backup -o FILE`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Berkas cadangan yang ditulis (diganti bila sudah ada)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

impl BackupArgs {
    pub fn run(self, ctx: Context) -> anyhow::Result<()> {
        let info = backup::write(&ctx.conn, &self.output)?;
        if ctx.json {
            return output::json(&info);
        }
        println!("Cadangan tersimpan: {}", describe(&info));
        println!("Kunci instalasi tidak ikut dicadangkan; simpan berkas kuncinya terpisah.");
        Ok(())
    }
}

/// `netra restore FILE`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Berkas cadangan yang dipulihkan
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

impl RestoreArgs {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        let done = backup::restore(&mut ctx.conn, &ctx.db_path, &self.file, Actor::Cli, ctx.now)?;
        if ctx.json {
            return output::json(&done);
        }
        println!("Dipulihkan dari {}", describe(&done.from));
        if done.schema_before < done.from.schema {
            println!(
                "Cadangan dari skema {} diperbarui ke skema {}.",
                done.schema_before, done.from.schema
            );
        }
        println!(
            "Basis data sebelumnya disimpan sebagai {}",
            done.set_aside.path
        );
        if let Some(note) = &done.note {
            println!("Catatan: {note}");
        }
        Ok(())
    }
}

fn describe(info: &BackupInfo) -> String {
    format!(
        "{} ({} acara, {} peserta, {} surat pernyataan, {:.1} MB)",
        info.path,
        info.events,
        info.people,
        info.declarations,
        info.bytes as f64 / 1e6
    )
}
