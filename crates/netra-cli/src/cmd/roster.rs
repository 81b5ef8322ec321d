//! `netra roster import FILE --event ID`: preview, then commit.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use netra_core::audit::Actor;
use netra_core::roster::import::{self, Severity};
use netra_core::roster::search::{RosterIndex, RosterQuery};
use netra_core::roster::{self, export};
use serde::Serialize;

use super::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum RosterCmd {
    /// Impor daftar peserta dari .xlsx atau .csv (pratinjau, lalu simpan)
    Import(ImportArgs),
    /// Daftar peserta acara dan jumlah kehadiran
    List {
        #[arg(long, alias = "acara")]
        event: i64,
        /// Cari nama (tanpa gelar), awal NIP, atau unit kerja
        #[arg(long, alias = "search")]
        cari: Option<String>,
    },
    /// Tandai peserta hadir (atau batalkan dengan --undo)
    Checkin {
        /// Nomor peserta (lihat `netra roster list`)
        person: i64,
        #[arg(long)]
        undo: bool,
    },
    /// Ekspor peserta dan status hadir ke .xlsx atau .csv
    Export {
        #[arg(long, alias = "acara")]
        event: i64,
        /// Berkas keluaran; jenisnya dari akhiran (.xlsx atau .csv; .xlsx.age terenkripsi)
        #[arg(short, long)]
        output: PathBuf,
        /// Enkripsi dengan kata sandi (age); tersirat bila nama berakhiran .age
        #[arg(long)]
        encrypt: bool,
        /// Baris pertama berkas ini adalah kata sandinya (tanpa ini: NETRA_PASSPHRASE)
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Berkas daftar (.xlsx atau .csv)
    file: PathBuf,
    /// Nomor acara tujuan
    #[arg(long, alias = "acara")]
    event: i64,
    /// Simpan tanpa bertanya (semua baris yang valid)
    #[arg(long, short = 'y')]
    yes: bool,
    /// Hanya pratinjau; tidak menyimpan apa pun
    #[arg(long, conflicts_with = "yes")]
    dry_run: bool,
    /// Simpan daftar masalah per baris ke berkas .xlsx atau .csv
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    preview: &'a import::PreviewSummary,
    committed: Option<import::CommitResult>,
}

impl RosterCmd {
    pub fn run(self, ctx: Context) -> anyhow::Result<()> {
        match self {
            RosterCmd::Import(args) => args.run(ctx),
            RosterCmd::List { event, cari } => list(ctx, event, cari.unwrap_or_default()),
            RosterCmd::Checkin { person, undo } => checkin(ctx, person, undo),
            RosterCmd::Export {
                event,
                output,
                encrypt,
                passphrase_file,
            } => export_roster(ctx, event, output, encrypt, passphrase_file),
        }
    }
}

impl ImportArgs {
    fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        let preview = import::preview_file_for_event(&ctx.conn, self.event, &self.file)
            .with_context(|| format!("Berkas {} tidak dapat diimpor", self.file.display()))?;
        if let Some(path) = &self.report {
            let format = export::SheetFormat::from_path(path)?;
            let bytes = export::issues(&preview.summary, format)?;
            netra_core::files::write(path, &bytes).with_context(|| {
                format!("Laporan masalah tidak dapat ditulis ke {}", path.display())
            })?;
        }
        if !ctx.json {
            print_preview(&preview.summary);
        }
        let commit = if self.dry_run || preview.summary.valid == 0 {
            false
        } else if self.yes {
            true
        } else {
            confirm(preview.summary.valid)?
        };
        let committed = if commit {
            Some(import::commit(
                &mut ctx.conn,
                self.event,
                &preview,
                Actor::Cli,
                ctx.now,
            )?)
        } else {
            None
        };
        if ctx.json {
            return output::json(&JsonResult {
                preview: &preview.summary,
                committed,
            });
        }
        match committed {
            Some(r) => println!(
                "Tersimpan ke acara {}: {} orang baru, {} diperbarui.",
                self.event, r.inserted, r.updated
            ),
            None if preview.summary.valid == 0 => {
                println!("Tidak ada baris yang valid; tidak ada yang disimpan.")
            }
            None => println!("Tidak ada yang disimpan. Ulangi dengan --yes untuk menyimpan."),
        }
        Ok(())
    }
}

fn list(ctx: Context, event_id: i64, text: String) -> anyhow::Result<()> {
    let index = RosterIndex::load(&ctx.conn, event_id)?;
    let searching = !text.trim().is_empty();
    let people = index.matching(&RosterQuery {
        text,
        ..RosterQuery::default()
    });
    let found = people.len();
    let counts = roster::attendance(&ctx.conn, event_id)?;
    if ctx.json {
        return output::json(&serde_json::json!({ "people": people, "attendance": counts }));
    }
    for p in people {
        let mark = if p.checked_in_at.is_some() {
            "hadir"
        } else {
            "-"
        };
        println!(
            "{:>6}  {:<5} {:<22} {}  ({})",
            p.id,
            mark,
            p.nip.as_deref().unwrap_or("-"),
            p.name,
            p.unit
        );
    }
    if searching {
        println!("{found} peserta cocok dengan pencarian.");
    }
    println!(
        "{} peserta, {} hadir ({} tanpa undangan)",
        counts.invited, counts.attended, counts.walk_ins
    );
    for c in &counts.by_category {
        println!(
            "  {:<18} {:>5} hadir dari {}",
            c.label, c.attended, c.invited
        );
    }
    Ok(())
}

fn checkin(mut ctx: Context, person: i64, undo: bool) -> anyhow::Result<()> {
    let p = if undo {
        roster::undo_check_in(&mut ctx.conn, person, Actor::Cli, ctx.now)?
    } else {
        roster::check_in(&mut ctx.conn, person, Actor::Cli, ctx.now)?
    };
    if ctx.json {
        return output::json(&p);
    }
    match p.checked_in_at {
        Some(_) => println!("{} tercatat hadir.", p.name),
        None => println!("Kehadiran {} dibatalkan.", p.name),
    }
    Ok(())
}

fn export_roster(
    ctx: Context,
    event_id: i64,
    path: PathBuf,
    encrypt: bool,
    passphrase_file: Option<PathBuf>,
) -> anyhow::Result<()> {
    let sealed = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(netra_core::crypto::EXTENSION));
    let inner = if sealed {
        path.with_extension("")
    } else {
        path.clone()
    };
    let format = export::SheetFormat::from_path(&inner)?;
    let mut bytes = export::attendees(&ctx.conn, event_id, format)?;
    let encrypted = encrypt || sealed;
    if encrypted {
        let pass = super::passphrase(passphrase_file.as_deref())?;
        bytes = netra_core::crypto::encrypt(&bytes, &pass)?;
    } else {
        eprintln!(
            "Peringatan: {} berisi NIP dan nomor telepon tanpa enkripsi; simpan di tempat aman atau pakai --encrypt.",
            path.display()
        );
    }
    netra_core::files::write(&path, &bytes)
        .with_context(|| format!("Berkas {} tidak dapat ditulis", path.display()))?;
    if ctx.json {
        return output::json(&serde_json::json!({
            "path": path,
            "bytes": bytes.len(),
            "encrypted": encrypted,
        }));
    }
    let how = if encrypted { " (terenkripsi, age)" } else { "" };
    println!("Daftar peserta diekspor ke {}{how}", path.display());
    Ok(())
}

fn print_preview(s: &import::PreviewSummary) {
    println!("Pratinjau {} (baris judul: {})", s.file_name, s.header_line);
    println!("  Kolom dikenali : {}", s.columns.join("; "));
    if !s.unknown_columns.is_empty() {
        println!("  Tidak diimpor  : {}", s.unknown_columns.join(", "));
    }
    println!(
        "  {} baris data: {} valid ({} dengan peringatan), {} salah",
        s.rows, s.valid, s.with_warnings, s.with_errors
    );
    for i in &s.issues {
        let tag = match i.severity {
            Severity::Error => "SALAH     ",
            Severity::Warning => "PERINGATAN",
        };
        println!("  {tag} {i}");
    }
}

/// Asks on a terminal; without one, the safe answer is "no".
fn confirm(valid: u32) -> anyhow::Result<bool> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Ok(false);
    }
    print!("Simpan {valid} baris yang valid? [y/T] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "ya"))
}
