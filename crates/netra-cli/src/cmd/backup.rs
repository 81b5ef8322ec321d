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
    /// Enkripsi dengan kata sandi (age): untuk cadangan yang dibawa keluar (USB)
    #[arg(long)]
    encrypt: bool,
    /// Sertakan kunci instalasi, terkunci dengan kata sandi (untuk pindah ke laptop baru)
    #[arg(long)]
    with_key: bool,
    /// Baris pertama berkas ini adalah kata sandinya (tanpa ini: NETRA_PASSPHRASE)
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

impl BackupArgs {
    pub fn run(self, ctx: Context) -> anyhow::Result<()> {
        let passphrase = if self.encrypt || self.with_key {
            Some(super::passphrase(self.passphrase_file.as_deref())?)
        } else {
            None
        };
        let options = backup::BackupOptions {
            encrypt: self.encrypt,
            with_key: self.with_key,
            passphrase,
        };
        let info = backup::write_with(&ctx.conn, &ctx.db_path, &self.output, &options)?;
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
    /// Berkas cadangan yang dipulihkan (terenkripsi atau tidak)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Untuk cadangan terenkripsi: baris pertama berkas ini adalah kata sandinya (tanpa ini: NETRA_PASSPHRASE)
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

impl RestoreArgs {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        // Needed for a sealed file; used, when there, to unlock a key inside.
        let pass = if backup::is_sealed(&self.file) || self.passphrase_file.is_some() {
            Some(super::passphrase(self.passphrase_file.as_deref())?)
        } else {
            std::env::var("NETRA_PASSPHRASE").ok()
        };
        let done = backup::restore_with(
            &mut ctx.conn,
            &ctx.db_path,
            &self.file,
            pass.as_deref(),
            Actor::Cli,
            ctx.now,
        )?;
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
        if done.key_restored {
            println!("Kunci instalasi dari cadangan dipasang di samping basis data.");
        }
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
