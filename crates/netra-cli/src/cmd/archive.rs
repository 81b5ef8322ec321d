//! `netra archive`: one event's signed records to a `.netra` file, and
//! archives from other installations in, checked before anything is kept.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use netra_core::archive::{self, ExportOptions, ImportOptions};
use netra_core::audit::Actor;
use netra_core::keys::InstallationKey;

use super::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum ArchiveCmd {
    /// Ekspor satu acara ke berkas arsip .netra bertanda tangan
    Export(ExportArgs),
    /// Periksa arsip dan tampilkan isinya tanpa mengimpor
    Inspect(FileArgs),
    /// Impor arsip dari instalasi lain (diperiksa seluruhnya lebih dulu)
    Import(ImportArgs),
    /// Daftar acara yang diimpor dari arsip
    List,
    /// Periksa rantai tanda tangan acara impor dengan kunci tepercaya
    Verify {
        /// Nomor impor (lihat `netra archive list`)
        id: i64,
    },
    /// Simpan salinan dokumen PDF yang ikut dalam arsip impor
    Document {
        /// Nomor impor
        id: i64,
        /// Nama dokumen di arsip (lihat `netra archive list`)
        name: String,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Hapus acara impor dari instalasi ini (berkas .netra-nya tidak disentuh)
    Remove {
        /// Nomor impor
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "ID")]
    event: i64,
    /// Berkas arsip yang ditulis (diganti bila sudah ada)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Sertakan PDF daftar hadir, berita acara, surat pernyataan dan sertifikat
    #[arg(long)]
    with_pdf: bool,
    /// Enkripsi dengan kata sandi (age, scrypt)
    #[arg(long)]
    encrypt: bool,
    /// Baris pertama berkas ini adalah kata sandinya (tanpa ini: NETRA_PASSPHRASE)
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FileArgs {
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Untuk arsip terenkripsi: baris pertama berkas ini adalah kata sandinya
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    file: FileArgs,
    /// Percayai kunci penanda tangan yang belum dikenal: sidik jarinya, seperti yang ditampilkan `netra archive inspect`
    #[arg(long, value_name = "FINGERPRINT")]
    trust_key: Option<String>,
    /// Nama untuk kunci yang dipercaya (bawaan: "Arsip: <judul acara>")
    #[arg(long, default_value = "")]
    key_label: String,
}

impl FileArgs {
    /// Asked for only when the file is sealed.
    fn passphrase(&self) -> anyhow::Result<Option<String>> {
        let sealed = std::fs::read(&self.file)
            .map(|b| netra_core::crypto::is_encrypted(&b))
            .unwrap_or(false);
        if sealed || self.passphrase_file.is_some() {
            Ok(Some(super::passphrase(self.passphrase_file.as_deref())?))
        } else {
            Ok(None)
        }
    }
}

impl ArchiveCmd {
    /// `Ok(false)`: an imported chain that no longer verifies (exit 3, as `netra verify`).
    pub fn run(self, mut ctx: Context) -> anyhow::Result<bool> {
        match self {
            ArchiveCmd::Export(args) => {
                let key = InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
                let options = ExportOptions {
                    with_documents: args.with_pdf,
                    passphrase: if args.encrypt {
                        Some(super::passphrase(args.passphrase_file.as_deref())?)
                    } else {
                        None
                    },
                };
                let done = archive::export(
                    &mut ctx.conn,
                    &key,
                    args.event,
                    &args.output,
                    &options,
                    Actor::Cli,
                    ctx.now,
                )?;
                if ctx.json {
                    output::json(&done)?;
                    return Ok(true);
                }
                println!(
                    "Arsip tersimpan: {} ({} peserta, {} surat pernyataan, {} dokumen, {:.1} MB{})",
                    done.path,
                    done.counts.people,
                    done.counts.declarations,
                    done.counts.documents,
                    done.bytes as f64 / 1e6,
                    if done.encrypted { ", terenkripsi" } else { "" }
                );
                println!(
                    "Ditandatangani kunci {} (sidik jari {})",
                    done.signer.key_id,
                    archive::grouped(&done.signer.fingerprint)
                );
                for w in &done.warnings {
                    eprintln!("Peringatan: {w}");
                }
            }
            ArchiveCmd::Inspect(args) => {
                let pass = args.passphrase()?;
                let p = archive::inspect(&ctx.conn, &ctx.db_path, &args.file, pass.as_deref())?;
                if ctx.json {
                    output::json(&p)?;
                    return Ok(true);
                }
                let m = &p.manifest;
                println!(
                    "Arsip {} utuh: tanda tangan dan semua isinya cocok.",
                    p.file
                );
                println!(
                    "Acara no. {}: {} ({}, {} {})",
                    m.event.id, m.event.title, m.event.place, m.event.starts_at, m.event.timezone
                );
                println!(
                    "Isi: {} peserta ({} hadir), {} surat pernyataan ({} dibatalkan), {} catatan cetak, {} entri log audit, {} dokumen",
                    m.counts.people,
                    m.counts.attended,
                    m.counts.declarations,
                    m.counts.voided,
                    m.counts.printed_records,
                    m.counts.audit_entries,
                    m.counts.documents
                );
                for d in &p.documents {
                    println!("  dokumen: {d}");
                }
                println!(
                    "Penanda tangan: kunci {}, sidik jari {}",
                    p.signer.key_id, p.signer.fingerprint_grouped
                );
                match &p.signer.trusted_as {
                    Some(how) => println!("Kunci itu dipercaya di sini ({how})."),
                    None => println!(
                        "Kunci itu BELUM dipercaya di sini. Cocokkan sidik jarinya dengan pengirim, lalu: netra archive import {} --trust-key {}",
                        args.file.display(),
                        p.signer.fingerprint
                    ),
                }
                if let Some(why) = &p.conflict {
                    println!("Tidak dapat diimpor: {why}");
                }
            }
            ArchiveCmd::Import(args) => {
                let own = InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
                let options = ImportOptions {
                    passphrase: args.file.passphrase()?,
                    trust_fingerprint: args.trust_key,
                    key_label: args.key_label,
                };
                let done = archive::import(
                    &mut ctx.conn,
                    &ctx.db_path,
                    &own,
                    &args.file.file,
                    &options,
                    Actor::Cli,
                    ctx.now,
                )?;
                if ctx.json {
                    output::json(&done)?;
                    return Ok(true);
                }
                println!(
                    "Diimpor sebagai impor no. {}: {} ({} peserta, {} surat pernyataan, {} dokumen).",
                    done.id, done.title, done.people, done.declarations, done.documents
                );
                if done.key_trusted_now {
                    println!(
                        "Kunci {} sekarang dipercaya di sini (sidik jari {}).",
                        done.signer.key_id, done.signer.fingerprint_grouped
                    );
                }
            }
            ArchiveCmd::List => {
                let all = archive::list(&ctx.conn)?;
                if ctx.json {
                    output::json(&all)?;
                    return Ok(true);
                }
                if all.is_empty() {
                    println!("Belum ada arsip yang diimpor.");
                }
                for a in &all {
                    println!(
                        "{:>3}  {}  ({} peserta, {} pernyataan; dari kunci {}, acara no. {}; diimpor {} oleh {})",
                        a.id,
                        a.title,
                        a.people,
                        a.declarations,
                        a.origin_key_id,
                        a.origin_event_id,
                        a.imported_at,
                        a.imported_by
                    );
                    for d in &a.documents {
                        println!("       dokumen: {d}");
                    }
                }
            }
            ArchiveCmd::Verify { id } => {
                let report = archive::verify(&ctx.conn, &ctx.db_path, id)?;
                if ctx.json {
                    output::json(&report)?;
                } else if report.ok() {
                    println!(
                        "Rantai utuh: {} surat pernyataan ({} dibatalkan), semua tanda tangan dan catatan cetak sah.",
                        report.records, report.voided
                    );
                } else {
                    for f in &report.findings {
                        println!("no. {}: {}", f.seq, f.message);
                    }
                }
                return Ok(report.ok());
            }
            ArchiveCmd::Document {
                id,
                name,
                output: out,
            } => {
                let bytes = archive::document(&ctx.conn, &ctx.db_path, id, &name)?;
                netra_core::files::write(&out, &bytes)?;
                if ctx.json {
                    output::json(&serde_json::json!({"path": out, "bytes": bytes.len()}))?;
                } else {
                    println!("Tersimpan: {}", out.display());
                }
            }
            ArchiveCmd::Remove { id } => {
                let gone = archive::remove(&ctx.conn, &ctx.db_path, id, Actor::Cli, ctx.now)?;
                if ctx.json {
                    output::json(&gone)?;
                    return Ok(true);
                }
                println!(
                    "Impor no. {} ({}) dihapus dari instalasi ini.",
                    gone.id, gone.title
                );
            }
        }
        Ok(true)
    }
}
