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
        let pass = if self.encrypt || self.with_key {
            let pass = super::passphrase(self.passphrase_file.as_deref())?;
            netra_core::crypto::check_passphrase(&pass)?;
            Some(pass)
        } else {
            None
        };
        let key = self
            .with_key
            .then(|| netra_core::keys::path_for(&ctx.db_path));
        let info = match (&pass, self.encrypt) {
            (Some(pass), true) => {
                let plain = sibling(&self.output, "netra-tmp-plain");
                let sealed = write_encrypted(&ctx, &plain, &self.output, pass, key.as_deref());
                let _ = std::fs::remove_file(&plain);
                sealed?
            }
            _ => write_plain(&ctx, &self.output, pass.as_deref(), key.as_deref())?,
        };
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
        let head = std::fs::read(&self.file).unwrap_or_default();
        let sealed = netra_core::crypto::is_encrypted(&head);
        // Needed for a sealed file; used, when given, to unlock a key inside.
        let pass = if sealed || self.passphrase_file.is_some() {
            Some(super::passphrase(self.passphrase_file.as_deref())?)
        } else {
            std::env::var("NETRA_PASSPHRASE").ok()
        };
        let done = if sealed {
            let plain = netra_core::crypto::decrypt(&head, pass.as_deref().unwrap_or(""))?;
            let tmp = sibling(&ctx.db_path, "netra-tmp-restore");
            netra_core::files::write(&tmp, &plain)?;
            let done = backup::restore_with(
                &mut ctx.conn,
                &ctx.db_path,
                &tmp,
                pass.as_deref(),
                Actor::Cli,
                ctx.now,
            );
            let _ = std::fs::remove_file(&tmp);
            let mut done = done?;
            done.from.path = self.file.display().to_string();
            done
        } else {
            backup::restore_with(
                &mut ctx.conn,
                &ctx.db_path,
                &self.file,
                pass.as_deref(),
                Actor::Cli,
                ctx.now,
            )?
        };
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

/// The backup, written plain to `plain` (then removed by the caller) and
/// sealed with age into `output`.
fn write_encrypted(
    ctx: &Context,
    plain: &std::path::Path,
    output: &std::path::Path,
    pass: &str,
    key: Option<&std::path::Path>,
) -> anyhow::Result<BackupInfo> {
    let mut info = write_plain(ctx, plain, Some(pass), key)?;
    let sealed = netra_core::crypto::encrypt(&std::fs::read(plain)?, pass)?;
    netra_core::files::write(output, &sealed)?;
    info.path = output.display().to_string();
    info.bytes = sealed.len() as u64;
    Ok(info)
}

/// A backup file, with the installation key sealed inside when `key` is given.
fn write_plain(
    ctx: &Context,
    output: &std::path::Path,
    pass: Option<&str>,
    key: Option<&std::path::Path>,
) -> anyhow::Result<BackupInfo> {
    Ok(match (key, pass) {
        (Some(key), Some(pass)) => backup::write_with_key(&ctx.conn, output, key, pass)?,
        _ => backup::write(&ctx.conn, output)?,
    })
}

/// A scratch file beside `path` (same disk, owner-only once written).
fn sibling(path: &std::path::Path, tag: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{tag}-{}", std::process::id()));
    PathBuf::from(name)
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
